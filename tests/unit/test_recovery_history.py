"""Point-in-time recovery's history: an image per second with writes, shared copies of users
that did not change, and the state as of any whole second (what keeps PITR cheap for tests
that never use it)."""

from __future__ import annotations

import json
from typing import Any

from pytest_cognito_fake import persist
from pytest_cognito_fake.core import recovery


def test_images_share_unchanged_users_and_answer_as_of(cognito_fake: Any, freezer: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    for name in ("ann", "bob", "cat"):
        pool.create_user(name, password="Passw0rd!")
    first_write = pool.record.recovery.last_write
    assert pool.record.recovery.images == []  # all in one second: no image yet
    freezer.tick(10)
    point = first_write + 5
    cognito_fake.call(
        "AdminUpdateUserAttributes",
        {
            "UserPoolId": pool.id,
            "Username": "bob",
            "UserAttributes": [{"Name": "name", "Value": "B"}],
        },
    )
    freezer.tick(10)
    cognito_fake.call("AdminDeleteUser", {"UserPoolId": pool.id, "Username": "cat"})
    first, second = pool.record.recovery.images
    assert first.at == first_write
    assert second.users["ann"] is first.users["ann"]  # unchanged: one shared copy
    assert second.users["bob"] is not first.users["bob"]
    assert second.users["bob"].attributes["name"] == "B"

    then = recovery.as_of(pool.record, point)
    assert set(then.users) == {"ann", "bob", "cat"}
    assert "name" not in then.users["bob"].attributes
    assert set(recovery.as_of(pool.record, first_write - 1).users) == set()
    assert set(recovery.as_of(pool.record, second.at + 9).users) == {"ann", "bob", "cat"}
    now = pool.record.recovery.last_write
    assert set(recovery.as_of(pool.record, now).users) == {"ann", "bob"}


def test_lite_pools_keep_no_history(cognito_fake: Any, freezer: Any) -> None:
    pool = cognito_fake.create_user_pool("lite", UserPoolTier="LITE")
    for n in range(3):
        pool.create_user(f"user{n}", password="Passw0rd!")
        freezer.tick(2)
    assert pool.record.recovery.images == []
    assert pool.record.recovery.last_write == 0.0


def test_the_history_survives_the_state_codec(cognito_fake: Any, freezer: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("ann", password="Passw0rd!")
    freezer.tick(2)
    pool.create_user("bob", password="Passw0rd!")
    saved = json.loads(json.dumps(persist.encode(cognito_fake.state)))
    back = persist.decode(saved)
    assert back.pools[pool.id].recovery == pool.record.recovery
