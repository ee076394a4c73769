"""UsernameAttributes, AliasAttributes and UsernameConfiguration.CaseSensitive, through
sign-up, confirmation and sign-in with boto3."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, aws_error, raises, sign_in, sign_up, signed_in_user


def confirm(cognito_fake, idp, client, username, to, **kwargs):
    code = cognito_fake.outbox.code(to=to, purpose="sign_up")
    idp.confirm_sign_up(ClientId=client.id, Username=username, ConfirmationCode=code, **kwargs)


# --- email as the username -------------------------------------------------------------


@pytest.fixture
def email_pool(cognito_fake):
    return cognito_fake.create_user_pool(
        "email", UsernameAttributes=["email"], AutoVerifiedAttributes=["email"]
    )


def test_email_username_is_stored_as_the_sub(cognito_fake, idp, email_pool):
    web = email_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    out = sign_up(idp, web, "alice@example.com", email=None)
    user = idp.admin_get_user(UserPoolId=email_pool.id, Username="alice@example.com")
    assert user["Username"] == out["UserSub"]
    attrs = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attrs["email"] == "alice@example.com"
    message = cognito_fake.outbox.last(purpose="sign_up")
    assert message.username == out["UserSub"]
    confirm(cognito_fake, idp, web, "alice@example.com", "alice@example.com")
    tokens = sign_in(idp, web, "alice@example.com")["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == out["UserSub"]


def test_email_username_must_be_unique(idp, email_pool):
    web = email_pool.create_client("web")
    sign_up(idp, web, "alice@example.com", email=None)
    with aws_error(
        idp, "UsernameExistsException", "An account with the given email already exists."
    ):
        sign_up(idp, web, "alice@example.com", email=None)


def test_username_must_be_an_email(idp, email_pool):
    web = email_pool.create_client("web")
    with aws_error(
        idp,
        "InvalidParameterException",
        "Username should be an email.",
    ):
        sign_up(idp, web, "alice", email=None)


def test_phone_as_the_username(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "phone", UsernameAttributes=["phone_number"], AutoVerifiedAttributes=["phone_number"]
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    out = sign_up(idp, web, "+15555550100", email=None)
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "SMS"
    confirm(cognito_fake, idp, web, "+15555550100", "+15555550100")
    assert signed_in_user(idp, web, "+15555550100") == out["UserSub"]


def test_forgot_password_by_email_username(cognito_fake, idp, email_pool):
    web = email_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    sign_up(idp, web, "alice@example.com", email=None)
    confirm(cognito_fake, idp, web, "alice@example.com", "alice@example.com")
    idp.forgot_password(ClientId=web.id, Username="alice@example.com")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice@example.com", ConfirmationCode=code, Password="N3w-pass!"
    )
    assert "AuthenticationResult" in sign_in(idp, web, "alice@example.com", "N3w-pass!")


# --- email as an alias -------------------------------------------------------------------


@pytest.fixture
def alias_pool(cognito_fake):
    return cognito_fake.create_user_pool(
        "alias", AliasAttributes=["email", "preferred_username"], AutoVerifiedAttributes=["email"]
    )


def test_sign_in_by_alias_once_verified(cognito_fake, idp, alias_pool):
    web = alias_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    sign_up(idp, web, "alice", "alice@example.com")
    with aws_error(idp, "UserNotFoundException", "Username/client id combination not found."):
        # An unverified alias does not name the user.
        idp.confirm_sign_up(ClientId=web.id, Username="alice@example.com", ConfirmationCode="1")
    confirm(cognito_fake, idp, web, "alice", "alice@example.com")
    tokens = sign_in(idp, web, "alice@example.com")["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


def test_username_may_not_be_an_email(idp, alias_pool):
    web = alias_pool.create_client("web")
    with aws_error(idp, "InvalidParameterException", "Username should not be an email."):
        sign_up(idp, web, "alice@example.com", "alice@example.com")


def test_alias_taken_at_confirmation(cognito_fake, idp, alias_pool):
    web = alias_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alias_pool.create_user("alice", PASSWORD, email="shared@example.com")
    # Signing up with another user's email succeeds...
    sign_up(idp, web, "bob", "shared@example.com")
    code = cognito_fake.outbox.code(purpose="sign_up")
    # ...confirming it does not.
    with aws_error(idp, "AliasExistsException", "An account with the email already exists."):
        idp.confirm_sign_up(ClientId=web.id, Username="bob", ConfirmationCode=code)
    assert idp.admin_get_user(UserPoolId=alias_pool.id, Username="bob")["UserStatus"] == (
        "UNCONFIRMED"
    )
    tokens = sign_in(idp, web, "shared@example.com")["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


def test_force_alias_creation_moves_the_alias(cognito_fake, idp, alias_pool):
    web = alias_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alias_pool.create_user("alice", PASSWORD, email="shared@example.com")
    sign_up(idp, web, "bob", "shared@example.com")
    code = cognito_fake.outbox.code(purpose="sign_up")
    idp.confirm_sign_up(
        ClientId=web.id, Username="bob", ConfirmationCode=code, ForceAliasCreation=True
    )
    tokens = sign_in(idp, web, "shared@example.com")["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "bob"
    alice = idp.admin_get_user(UserPoolId=alias_pool.id, Username="alice")
    assert {"Name": "email_verified", "Value": "false"} in alice["UserAttributes"]


def test_preferred_username_alias(cognito_fake, idp, alias_pool):
    web = alias_pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alias_pool.create_user("alice", PASSWORD, preferred_username="ally")
    assert signed_in_user(idp, web, "ally") == "alice"
    with raises(
        idp, "AliasExistsException", "An account with the given preferred_username already exists."
    ):
        idp.sign_up(
            ClientId=web.id,
            Username="bob",
            Password=PASSWORD,
            UserAttributes=[{"Name": "preferred_username", "Value": "ally"}],
        )


def test_username_may_not_be_a_phone_when_phone_is_an_alias(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("phone-alias", AliasAttributes=["phone_number"])
    web = pool.create_client("web")
    with raises(idp, "InvalidParameterException", "Username should not be a phone number."):
        sign_up(idp, web, "+15555550100", email=None)


# --- case sensitivity --------------------------------------------------------------------


def test_case_insensitive_usernames(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "loose",
        UsernameConfiguration={"CaseSensitive": False},
        AliasAttributes=["email"],
        AutoVerifiedAttributes=["email"],
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    sign_up(idp, web, "Alice", "Alice@Example.com")
    with aws_error(idp, "UsernameExistsException", "User already exists"):
        sign_up(idp, web, "ALICE", email=None)
    code = cognito_fake.outbox.code(purpose="sign_up")
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    assert "AuthenticationResult" in sign_in(idp, web, "aLiCe")
    assert "AuthenticationResult" in sign_in(idp, web, "alice@example.com")


def test_case_sensitive_usernames_by_default(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("strict")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("Alice", PASSWORD)
    sign_up(idp, web, "alice", email=None)
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "UNCONFIRMED"
    assert idp.admin_get_user(UserPoolId=pool.id, Username="Alice")["UserStatus"] == "CONFIRMED"
    with raises(idp, "UserNotFoundException", "User does not exist."):
        sign_in(idp, web, "ALICE")
