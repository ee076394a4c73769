"""PasswordHistorySize: a user cannot reuse one of their last N passwords through
ChangePassword, ConfirmForgotPassword, AdminSetUserPassword or NEW_PASSWORD_REQUIRED; a refused
call changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import PASSWORD, aws_error, respond, sign_in, signed_in_user

REUSED = "The password you entered has been used recently. Please choose a different password."
SECOND = "Sec0nd-passw0rd"
THIRD = "Th1rd-passw0rd"


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    policy = {"MinimumLength": 8, "PasswordHistorySize": 2}
    return cognito_fake.create_user_pool("app", Policies={"PasswordPolicy": policy})


@pytest.fixture
def alice(idp: Any, pool: Any) -> Any:
    """alice, whose first permanent password (PASSWORD) is in her history."""
    idp.admin_create_user(UserPoolId=pool.id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password=PASSWORD, Permanent=True
    )
    return pool.user("alice")


def _change(idp: Any, client: Any, old: str, new: str) -> None:
    token = sign_in(idp, client, "alice", old)["AuthenticationResult"]["AccessToken"]
    idp.change_password(AccessToken=token, PreviousPassword=old, ProposedPassword=new)


def test_change_password_refuses_the_last_n(idp: Any, web: Any, alice: Any) -> None:
    _change(idp, web, PASSWORD, SECOND)
    for reused in (PASSWORD, SECOND):
        with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
            _change(idp, web, SECOND, reused)
    assert signed_in_user(idp, web, "alice", SECOND) == "alice"
    _change(idp, web, SECOND, THIRD)
    # Only the last two count: the first password is allowed again.
    _change(idp, web, THIRD, PASSWORD)
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


def test_admin_set_user_password_refuses_a_recent_one(idp: Any, pool: Any, alice: Any) -> None:
    with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
        idp.admin_set_user_password(
            UserPoolId=pool.id, Username="alice", Password=PASSWORD, Permanent=False
        )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password=SECOND, Permanent=True
    )


def test_confirm_forgot_password_refuses_a_recent_one(
    cognito_fake: Any, idp: Any, web: Any, alice: Any
) -> None:
    idp.admin_update_user_attributes(
        UserPoolId=web.pool.id,
        Username="alice",
        UserAttributes=[
            {"Name": "email", "Value": "alice@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password=PASSWORD
        )
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"
    # The refusal did not spend the code.
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password=SECOND
    )
    assert signed_in_user(idp, web, "alice", SECOND) == "alice"


def test_new_password_required_refuses_a_recent_one(idp: Any, pool: Any, web: Any, alice: Any):
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password=SECOND, Permanent=False
    )
    session = sign_in(idp, web, "alice", SECOND)["Session"]
    with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
        respond(idp, web, "NEW_PASSWORD_REQUIRED", session, NEW_PASSWORD=PASSWORD)
    status = idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"]
    assert status == "FORCE_CHANGE_PASSWORD"
    done = respond(idp, web, "NEW_PASSWORD_REQUIRED", session, NEW_PASSWORD=THIRD)
    assert "AccessToken" in done["AuthenticationResult"]


def test_without_history_a_password_may_be_reused(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("plain")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    _change(idp, web, PASSWORD, PASSWORD)
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


def test_seeded_password_counts(pool: Any, web: Any, idp: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
        _change(idp, web, PASSWORD, PASSWORD)
    _change(idp, web, PASSWORD, SECOND)
    with aws_error(idp, "PasswordHistoryPolicyViolationException", REUSED):
        _change(idp, web, SECOND, PASSWORD)
    assert signed_in_user(idp, web, "alice", SECOND) == "alice"
