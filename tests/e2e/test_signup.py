"""SignUp, ConfirmSignUp and ResendConfirmationCode through boto3; codes only from the outbox."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, aws_error, raises, sign_in, sign_up, signed_in_user


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])


def test_sign_up_sends_a_code_and_confirm_signs_in(cognito_fake, idp, pool, web):
    out = sign_up(idp, web)
    assert out["UserConfirmed"] is False
    assert out["CodeDeliveryDetails"] == {
        "Destination": "a***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    user = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert user["UserStatus"] == "UNCONFIRMED"
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["sub"] == out["UserSub"]
    assert attrs.get("email_verified") != "true"
    message = cognito_fake.outbox.last(to="alice@example.com", purpose="sign_up")
    assert message.channel == "EMAIL"
    assert message.code.isdigit()
    assert len(message.code) == 6
    assert message.text == f"Your verification code is {message.code}. "
    assert message.subject == "Your verification code"
    with aws_error(idp, "UserNotConfirmedException", "User is not confirmed."):
        sign_in(idp, web)

    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=message.code)
    user = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert signed_in_user(idp, web) == "alice"


def test_wrong_code_then_right_code(cognito_fake, idp, web):
    sign_up(idp, web)
    code = cognito_fake.outbox.code(purpose="sign_up")
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(idp.exceptions.CodeMismatchException) as err:
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=wrong)
    assert err.value.response["Error"]["Message"] == (
        "Invalid verification code provided, please try again."
    )
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)


def test_used_code_cannot_confirm_again(cognito_fake, idp, web):
    sign_up(idp, web)
    code = cognito_fake.outbox.code(purpose="sign_up")
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    with aws_error(
        idp, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"
    ):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)


def test_code_expires_after_24_hours(cognito_fake, idp, web, pool, freezer):
    sign_up(idp, web)
    code = cognito_fake.outbox.code(purpose="sign_up")
    freezer.tick(24 * 3600 + 1)
    with pytest.raises(idp.exceptions.ExpiredCodeException) as err:
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    assert err.value.response["Error"]["Message"] == (
        "Invalid code provided, please request a code again."
    )
    user = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert user["UserStatus"] == "UNCONFIRMED"


def test_code_still_valid_just_before_24_hours(cognito_fake, idp, web, freezer):
    sign_up(idp, web)
    code = cognito_fake.outbox.code(purpose="sign_up")
    freezer.tick(24 * 3600 - 5)
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)


def test_attempt_limit_after_five_wrong_codes(cognito_fake, idp, web):
    sign_up(idp, web)
    code = cognito_fake.outbox.code(purpose="sign_up")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with raises(
            idp, "CodeMismatchException", "Invalid verification code provided, please try again."
        ):
            idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=wrong)
    with aws_error(
        idp, "LimitExceededException", "Attempt limit exceeded, please try after some time."
    ):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    # A new code starts over.
    idp.resend_confirmation_code(ClientId=web.id, Username="alice")
    fresh = cognito_fake.outbox.code(purpose="resend")
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=fresh)


def test_resend_replaces_the_code(cognito_fake, idp, web):
    sign_up(idp, web)
    first = cognito_fake.outbox.code(purpose="sign_up")
    out = idp.resend_confirmation_code(ClientId=web.id, Username="alice")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    second = cognito_fake.outbox.last(purpose="resend")
    assert second.to == "alice@example.com"
    if first != second.code:
        with raises(
            idp, "CodeMismatchException", "Invalid verification code provided, please try again."
        ):
            idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=first)
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=second.code)


def test_resend_for_confirmed_user(cognito_fake, idp, pool, web):
    pool.create_user("bob", PASSWORD, email="bob@example.com")
    with aws_error(idp, "InvalidParameterException", "User is already confirmed."):
        idp.resend_confirmation_code(ClientId=web.id, Username="bob")


def test_resend_without_auto_verification(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("plain")
    web = pool.create_client("web")
    out = sign_up(idp, web)
    assert "CodeDeliveryDetails" not in out
    assert len(cognito_fake.outbox) == 0
    with aws_error(
        idp, "InvalidParameterException", "Cannot resend codes. Auto verification not turned on."
    ):
        idp.resend_confirmation_code(ClientId=web.id, Username="alice")


def test_unknown_user_legacy_and_hidden(cognito_fake, idp, pool, web):
    with aws_error(idp, "UserNotFoundException", "Username/client id combination not found."):
        idp.confirm_sign_up(ClientId=web.id, Username="ghost", ConfirmationCode="123456")
    with raises(idp, "UserNotFoundException", "Username/client id combination not found."):
        idp.resend_confirmation_code(ClientId=web.id, Username="ghost")
    hidden = pool.create_client("hidden", PreventUserExistenceErrors="ENABLED")
    with raises(
        idp, "CodeMismatchException", "Invalid verification code provided, please try again."
    ):
        idp.confirm_sign_up(ClientId=hidden.id, Username="ghost", ConfirmationCode="123456")
    out = idp.resend_confirmation_code(ClientId=hidden.id, Username="ghost@example.com")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert len(cognito_fake.outbox) == 0


def test_existing_username(idp, pool, web):
    sign_up(idp, web)
    with aws_error(idp, "UsernameExistsException", "User already exists"):
        sign_up(idp, web, email="other@example.com")


def test_password_policy(idp, pool, web):
    with aws_error(
        idp,
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have symbol characters",
    ):
        idp.sign_up(ClientId=web.id, Username="alice", Password="Passw0rdd")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="alice")


def test_admin_create_only(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "closed", AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}
    )
    web = pool.create_client("web")
    with aws_error(idp, "NotAuthorizedException", "SignUp is not permitted for this user pool"):
        sign_up(idp, web)


def test_required_attribute(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "strict", Schema=[{"Name": "name", "AttributeDataType": "String", "Required": True}]
    )
    web = pool.create_client("web")
    with aws_error(
        idp,
        "InvalidParameterException",
        "Attributes did not conform to the schema: name: The attribute is required\n",
    ):
        sign_up(idp, web)
    out = idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password=PASSWORD,
        UserAttributes=[{"Name": "name", "Value": "Alice"}],
    )
    assert out["UserConfirmed"] is False


def test_client_cannot_write_verified_flag(idp, web):
    with aws_error(
        idp, "NotAuthorizedException", "A client attempted to write unauthorized attribute"
    ):
        idp.sign_up(
            ClientId=web.id,
            Username="alice",
            Password=PASSWORD,
            UserAttributes=[
                {"Name": "email", "Value": "a@example.com"},
                {"Name": "email_verified", "Value": "true"},
            ],
        )


def test_secret_hash(cognito_fake, idp, pool):
    app = pool.create_client("secret", secret=True)
    no_hash = f"Client {app.id} is configured with secret but SECRET_HASH was not received"
    with raises(idp, "NotAuthorizedException", no_hash):
        sign_up(idp, app)
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="Unable to verify secret hash"):
        sign_up(idp, app, SecretHash=app.secret_hash("someone-else"))
    sign_up(idp, app, SecretHash=app.secret_hash("alice"))
    code = cognito_fake.outbox.code(purpose="sign_up")
    with raises(idp, "NotAuthorizedException", no_hash):
        idp.confirm_sign_up(ClientId=app.id, Username="alice", ConfirmationCode=code)
    idp.confirm_sign_up(
        ClientId=app.id,
        Username="alice",
        ConfirmationCode=code,
        SecretHash=app.secret_hash("alice"),
    )


def test_phone_is_verified_when_both_are_auto_verified(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("both", AutoVerifiedAttributes=["email", "phone_number"])
    web = pool.create_client("web")
    out = idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password=PASSWORD,
        UserAttributes=[
            {"Name": "email", "Value": "alice@example.com"},
            {"Name": "phone_number", "Value": "+15555550100"},
        ],
    )
    assert out["CodeDeliveryDetails"] == {
        "Destination": "+*******0100",
        "DeliveryMedium": "SMS",
        "AttributeName": "phone_number",
    }
    message = cognito_fake.outbox.last(channel="SMS")
    assert message.to == "+15555550100"
    assert message.subject is None
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=message.code)
    attrs = {
        a["Name"]: a["Value"]
        for a in idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserAttributes"]
    }
    assert attrs["phone_number_verified"] == "true"
    assert attrs.get("email_verified") != "true"


def test_sign_up_refuses_a_phone_another_user_signs_in_with(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("both", UsernameAttributes=["email", "phone_number"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice@example.com", password=PASSWORD, phone_number="+15555550100")
    with aws_error(
        idp, "AliasExistsException", "An account with the given phone_number already exists."
    ):
        idp.sign_up(
            ClientId=web.id,
            Username="bob@example.com",
            Password=PASSWORD,
            UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}],
        )
    assert idp.list_users(UserPoolId=pool.id, Filter='email = "bob@example.com"')["Users"] == []
    tokens = sign_in(idp, web, "+15555550100")["AuthenticationResult"]
    assert tokens["AccessToken"]
