"""ForgotPassword and ConfirmForgotPassword through boto3; codes only from the outbox."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, aws_error, other_than, raises, sign_in, signed_in_user

OLD = PASSWORD
NEW = "N3w-passw0rd"
MISMATCH = "Invalid verification code provided, please try again."
EXPIRED = "Invalid code provided, please request a code again."


def test_reset_password_with_the_mailed_code(cognito_fake, idp, web, alice):
    out = idp.forgot_password(ClientId=web.id, Username="alice")
    assert out["CodeDeliveryDetails"] == {
        "Destination": "a***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    message = cognito_fake.outbox.last(purpose="forgot_password")
    assert message.to == "alice@example.com"
    assert message.code in message.text
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=message.code, Password=NEW
    )
    assert signed_in_user(idp, web, password=NEW) == "alice"
    with aws_error(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, password=OLD)


def test_wrong_code_then_right_code_and_no_reuse(cognito_fake, idp, web, alice):
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    with aws_error(idp, "CodeMismatchException", MISMATCH):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=other_than(code), Password=NEW
        )
    assert signed_in_user(idp, web, password=OLD) == "alice"  # nothing changed
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password=NEW
    )
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password="An0ther-one"
        )
    assert signed_in_user(idp, web, password=NEW) == "alice"


def test_code_expires_after_one_hour(cognito_fake, idp, web, alice, freezer):
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    freezer.tick(3600 + 1)
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password=NEW
        )
    assert signed_in_user(idp, web, password=OLD) == "alice"


def test_code_valid_just_before_one_hour(cognito_fake, idp, web, alice, freezer):
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    freezer.tick(3600 - 5)
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password=NEW
    )


def test_no_code_requested(idp, web, alice):
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode="123456", Password=NEW
        )


def test_attempt_limit(cognito_fake, idp, web, alice):
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    for _ in range(5):
        with aws_error(idp, "CodeMismatchException", MISMATCH):
            idp.confirm_forgot_password(
                ClientId=web.id, Username="alice", ConfirmationCode=other_than(code), Password=NEW
            )
    with aws_error(
        idp, "LimitExceededException", "Attempt limit exceeded, please try after some time."
    ):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password=NEW
        )
    assert signed_in_user(idp, web, password=OLD) == "alice"


def test_new_password_must_meet_policy(cognito_fake, idp, web, alice):
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    with aws_error(
        idp,
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    ):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password="Sh0rt!"
        )
    # The code survives a rejected password.
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password=NEW
    )


def test_reset_required_user_becomes_confirmed(cognito_fake, idp, pool, web):
    pool.create_user("bob", OLD, status="RESET_REQUIRED", email="bob@example.com")
    with aws_error(idp, "PasswordResetRequiredException", "Password reset required for the user"):
        sign_in(idp, web, "bob", OLD)
    idp.forgot_password(ClientId=web.id, Username="bob")
    code = cognito_fake.outbox.code(to="bob@example.com")
    idp.confirm_forgot_password(
        ClientId=web.id, Username="bob", ConfirmationCode=code, Password=NEW
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="bob")["UserStatus"] == "CONFIRMED"
    assert signed_in_user(idp, web, "bob", NEW) == "bob"


def test_unknown_user(cognito_fake, idp, pool, web):
    with aws_error(idp, "UserNotFoundException", "Username/client id combination not found."):
        idp.forgot_password(ClientId=web.id, Username="ghost")
    with aws_error(idp, "UserNotFoundException", "Username/client id combination not found."):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="ghost", ConfirmationCode="123456", Password=NEW
        )


def test_unknown_user_with_prevent_user_existence_errors(cognito_fake, idp, pool):
    hidden = pool.create_client("hidden", PreventUserExistenceErrors="ENABLED")
    out = idp.forgot_password(ClientId=hidden.id, Username="ghost@example.com")
    assert out["CodeDeliveryDetails"] == {
        "Destination": "g***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    assert len(cognito_fake.outbox) == 0
    with aws_error(idp, "CodeMismatchException", MISMATCH):
        idp.confirm_forgot_password(
            ClientId=hidden.id, Username="ghost@example.com", ConfirmationCode="1", Password=NEW
        )


def test_no_verified_channel(cognito_fake, idp, pool, web):
    pool.create_user("carol", OLD, email="carol@example.com", email_verified="false")
    with aws_error(
        idp,
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or"
        " phone_number",
    ):
        idp.forgot_password(ClientId=web.id, Username="carol")
    hidden = pool.create_client("hidden", PreventUserExistenceErrors="ENABLED")
    out = idp.forgot_password(ClientId=hidden.id, Username="carol")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert len(cognito_fake.outbox) == 0


def test_force_change_password_user(idp, pool, web):
    pool.create_user("dave", "Temp0rary!", status="FORCE_CHANGE_PASSWORD", email="d@example.com")
    with aws_error(
        idp, "NotAuthorizedException", "User password cannot be reset in the current state."
    ):
        idp.forgot_password(ClientId=web.id, Username="dave")


def test_disabled_user(cognito_fake, idp, pool, web):
    pool.create_user("erin", OLD, enabled=False, email="erin@example.com")
    with aws_error(idp, "NotAuthorizedException", "User is disabled."):
        idp.forgot_password(ClientId=web.id, Username="erin")
    assert len(cognito_fake.outbox) == 0


PHONE = {"Priority": 1, "Name": "verified_phone_number"}
EMAIL = {"Priority": 1, "Name": "verified_email"}
BY_SMS = {"Destination": "+*******0123", "DeliveryMedium": "SMS", "AttributeName": "phone_number"}
BY_EMAIL = {"Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


@pytest.mark.parametrize(
    ("mechanisms", "details", "to"),
    [
        ([PHONE, {**EMAIL, "Priority": 2}], BY_SMS, "+15555550123"),
        ([EMAIL, {**PHONE, "Priority": 2}], BY_EMAIL, "frank@example.com"),
    ],
    ids=["phone-first", "email-first"],
)
def test_recovery_setting_picks_the_first_verified_mechanism(
    cognito_fake, idp, mechanisms, details, to
):
    pool = cognito_fake.create_user_pool(
        "recovery", AccountRecoverySetting={"RecoveryMechanisms": mechanisms}
    )
    web = pool.create_client("web")
    pool.create_user("frank", OLD, email="frank@example.com", phone_number="+15555550123")
    out = idp.forgot_password(ClientId=web.id, Username="frank")
    assert out["CodeDeliveryDetails"] == details
    assert cognito_fake.outbox.last().to == to


def test_admin_only_recovery(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "admin-only",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
    )
    web = pool.create_client("web")
    pool.create_user("gina", OLD, email="gina@example.com")
    with raises(
        idp,
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or"
        " phone_number",
    ):
        idp.forgot_password(ClientId=web.id, Username="gina")
    assert len(cognito_fake.outbox) == 0


def test_secret_hash_required(cognito_fake, idp, pool, alice):
    app = pool.create_client("secret", secret=True)
    with aws_error(
        idp,
        "NotAuthorizedException",
        f"Client {app.id} is configured with secret but SECRET_HASH was not received",
    ):
        idp.forgot_password(ClientId=app.id, Username="alice")
    idp.forgot_password(ClientId=app.id, Username="alice", SecretHash=app.secret_hash("alice"))
    code = cognito_fake.outbox.code(purpose="forgot_password")
    with aws_error(
        idp, "NotAuthorizedException", f"Unable to verify secret hash for client {app.id}"
    ):
        idp.confirm_forgot_password(
            ClientId=app.id,
            Username="alice",
            ConfirmationCode=code,
            Password=NEW,
            SecretHash=app.secret_hash("bob"),
        )
    idp.confirm_forgot_password(
        ClientId=app.id,
        Username="alice",
        ConfirmationCode=code,
        Password=NEW,
        SecretHash=app.secret_hash("alice"),
    )


def test_without_recovery_setting_a_verified_phone_comes_first(cognito_fake, idp, pool, web):
    pool.create_user("hank", OLD, email="hank@example.com", phone_number="+15555550199")
    out = idp.forgot_password(ClientId=web.id, Username="hank")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "SMS"
    message = cognito_fake.outbox.last(purpose="forgot_password")
    assert message.to == "+15555550199"
    assert message.subject is None
