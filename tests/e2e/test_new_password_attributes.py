"""Attributes sent with NEW_PASSWORD_REQUIRED follow UpdateUserAttributes' rules: a changed
email is un-verified, a sign-in phone stays unique, an empty value deletes, and a refused
answer changes nothing."""

from __future__ import annotations

from typing import Any

from ..helpers import PASSWORD, attrs, aws_error, respond, sign_in


def _challenge(idp: Any, client: Any, username: str) -> str:
    out = sign_in(idp, client, username)
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    return str(out["Session"])


def _answer(idp: Any, client: Any, session: str, username: str, **updates: str) -> Any:
    responses = {f"userAttributes.{k}": v for k, v in updates.items()}
    return respond(
        idp,
        client,
        "NEW_PASSWORD_REQUIRED",
        session,
        USERNAME=username,
        NEW_PASSWORD="N3w-passw0rd",
        **responses,
    )


def test_changed_email_is_no_longer_verified_and_empty_value_deletes(
    idp: Any, pool: Any, web: Any
) -> None:
    pool.create_user(
        "alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD", email="a@b.co", name="Al"
    )
    session = _challenge(idp, web, "alice")
    done = _answer(idp, web, session, "alice", email="new@b.co", name="")
    assert "AccessToken" in done["AuthenticationResult"]
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))
    assert got["email"] == "new@b.co"
    assert got["email_verified"] == "false"
    assert "name" not in got


def test_phone_another_user_signs_in_with_is_refused(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("both", UsernameAttributes=["email", "phone_number"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("bob@example.com", password=PASSWORD, phone_number="+15555550100")
    pool.create_user("alice@example.com", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _challenge(idp, web, "alice@example.com")
    with aws_error(
        idp, "AliasExistsException", "An account with the given phone_number already exists."
    ):
        _answer(idp, web, session, "alice@example.com", phone_number="+15555550100", name="A")
    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice@example.com")
    assert alice["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert "phone_number" not in attrs(alice)
    assert "name" not in attrs(alice)
    assert sign_in(idp, web, "+15555550100")["AuthenticationResult"]["AccessToken"]
    # The session still stands: an acceptable answer goes through.
    done = _answer(idp, web, session, "alice@example.com", phone_number="+15555550199")
    assert "AccessToken" in done["AuthenticationResult"]
    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice@example.com")
    assert attrs(alice)["phone_number"] == "+15555550199"
    assert attrs(alice)["phone_number_verified"] == "false"


def test_preferred_username_alias_stays_unique(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("alias", AliasAttributes=["preferred_username"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("bob", password=PASSWORD, preferred_username="bobby")
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _challenge(idp, web, "alice")
    with aws_error(
        idp, "AliasExistsException", "An account with the given preferred_username already exists."
    ):
        _answer(idp, web, session, "alice", preferred_username="bobby")
    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert alice["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert "preferred_username" not in attrs(alice)
    assert sign_in(idp, web, "bobby")["AuthenticationResult"]["AccessToken"]
