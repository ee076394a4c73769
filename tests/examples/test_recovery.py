"""docs/recovery.md: rewinding a pool's users with point-in-time recovery, under time travel."""

from __future__ import annotations

import time

import pytest


def test_point_in_time_recovery(cognito_fake, idp, freezer):
    pool = cognito_fake.create_user_pool("shop", UserPoolTier="PLUS")
    pool.create_user("alice", password="Passw0rd!", name="Alice")
    freezer.tick(3600)
    before_the_mistake = time.time()
    freezer.tick(60)
    idp.admin_delete_user(UserPoolId=pool.id, Username="alice")  # the mistake
    freezer.tick(15 * 60)  # a recovery point is at least 15 minutes old

    restoration = idp.initiate_point_in_time_recovery(
        UserPoolId=pool.id, RestoreTimestamp=before_the_mistake
    )["Restoration"]
    preview = idp.describe_point_in_time_recovery(
        UserPoolId=pool.id, RestoreId=restoration["RestoreId"]
    )["Restoration"]["RestorePreview"]
    assert {"Entity": "Users", "CreateCount": 1, "UpdateCount": 0, "DeleteCount": 0} in preview

    # Until it is started or cancelled, user-data writes pause.
    with pytest.raises(idp.exceptions.OperationNotEnabledException):
        idp.admin_create_user(UserPoolId=pool.id, Username="bob")

    idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restoration["RestoreId"])
    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert {"Name": "name", "Value": "Alice"} in alice["UserAttributes"]
