"""Admin-side user operations through boto3: create, read, delete, passwords, enable/disable,
confirmation and reset. Attributes and aliases: test_user_attributes.py."""

from __future__ import annotations

import pytest

from pytest_cognito_fake.errors import InvalidPasswordException

from ..helpers import PASSWORD, attrs, raises, sign_in, signed_in_user

UNKNOWN_POOL = "us-east-1_nope12345"

# -- AdminCreateUser -----------------------------------------------------------------------


def test_create_user_with_temporary_password_and_read_back(cognito_fake, idp, pool):
    out = idp.admin_create_user(
        UserPoolId=pool.id,
        Username="alice",
        TemporaryPassword="Temp0rary!",
        UserAttributes=[
            {"Name": "email", "Value": "alice@example.com"},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "name", "Value": "Alice"},
        ],
        MessageAction="SUPPRESS",
    )["User"]
    assert out["Username"] == "alice"
    assert out["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert out["Enabled"] is True
    assert out["Attributes"][0]["Name"] == "sub"
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert attrs(got) == {
        "sub": attrs(out, "Attributes")["sub"],
        "email": "alice@example.com",
        "email_verified": "true",
        "name": "Alice",
    }
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert got["UserCreateDate"] == out["UserCreateDate"]
    for member in ("MFAOptions", "PreferredMfaSetting", "UserMFASettingList"):
        assert member not in got
    assert len(cognito_fake.outbox) == 0


def test_temporary_password_leads_to_new_password_challenge(idp, pool, web):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="alice",
        TemporaryPassword="Temp0rary!",
        MessageAction="SUPPRESS",
    )
    out = sign_in(idp, web, "alice", "Temp0rary!")
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_invitation_by_email_carries_generated_password(cognito_fake, idp, pool, web):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )
    message = cognito_fake.outbox.last(to="bob@example.com")
    assert message.purpose == "invitation"
    assert message.channel == "EMAIL"
    assert message.code in message.text
    assert "bob" in message.text
    assert sign_in(idp, web, "bob", message.code)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_generated_password_meets_a_strict_policy(cognito_fake, idp):
    strict = cognito_fake.create_user_pool(
        "strict", Policies={"PasswordPolicy": {"MinimumLength": 70}}
    )
    idp.admin_create_user(
        UserPoolId=strict.id,
        Username="bob",
        UserAttributes=[{"Name": "phone_number", "Value": "+14325551212"}],
    )
    message = cognito_fake.outbox.last(to="+14325551212")
    assert message.channel == "SMS"  # the default medium
    assert len(message.code) >= 70
    idp.admin_set_user_password(UserPoolId=strict.id, Username="bob", Password=message.code)


def test_default_sms_medium_without_phone_sends_nothing(cognito_fake, idp, pool):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    assert len(cognito_fake.outbox) == 0


def test_email_medium_without_email_is_rejected(cognito_fake, idp, pool):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="bob", DesiredDeliveryMediums=["EMAIL"])
    assert info.value.response["Error"]["Message"] == (
        "No email provided but desired delivery medium was Email"
    )
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []
    assert len(cognito_fake.outbox) == 0


def test_suppress_sends_nothing(cognito_fake, idp, pool):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
        MessageAction="SUPPRESS",
    )
    assert len(cognito_fake.outbox) == 0


def test_resend_resets_temporary_password(cognito_fake, idp, pool, web):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        TemporaryPassword="First0ne!",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )
    out = idp.admin_create_user(
        UserPoolId=pool.id, Username="bob", MessageAction="RESEND", DesiredDeliveryMediums=["EMAIL"]
    )
    assert out["User"]["Username"] == "bob"
    sent = cognito_fake.outbox.filter(to="bob@example.com", purpose="invitation")
    assert [m.code for m in sent][:1] == ["First0ne!"]
    assert len(sent) == 2
    assert sent[1].code != "First0ne!"
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "bob", "First0ne!")
    assert sign_in(idp, web, "bob", sent[1].code)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_resend_for_unknown_user(idp, pool):
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_create_user(UserPoolId=pool.id, Username="ghost", MessageAction="RESEND")
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []


def test_resend_for_confirmed_user(cognito_fake, idp, pool):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    with raises(
        idp,
        "UnsupportedUserStateException",
        "Resend not possible. alice status is not FORCE_CHANGE_PASSWORD",
    ):
        idp.admin_create_user(UserPoolId=pool.id, Username="alice", MessageAction="RESEND")
    assert len(cognito_fake.outbox) == 0


def test_existing_username(idp, pool):
    pool.create_user("alice", password=PASSWORD)
    with pytest.raises(idp.exceptions.UsernameExistsException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="alice")
    assert info.value.response["Error"]["Message"] == "User account already exists"
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"


def test_email_as_username_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("by-email", UsernameAttributes=["email"])
    out = idp.admin_create_user(
        UserPoolId=pool.id, Username="carol@example.com", MessageAction="SUPPRESS"
    )["User"]
    shown = attrs(out, "Attributes")
    assert out["Username"] == shown["sub"]
    assert shown["email"] == "carol@example.com"
    got = idp.admin_get_user(UserPoolId=pool.id, Username="carol@example.com")
    assert got["Username"] == shown["sub"]
    with pytest.raises(idp.exceptions.UsernameExistsException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="carol@example.com")
    assert info.value.response["Error"]["Message"] == (
        "An account with the given email already exists."
    )
    with raises(idp, "InvalidParameterException", "Username should be an email."):
        idp.admin_create_user(UserPoolId=pool.id, Username="carol")
    assert len(idp.list_users(UserPoolId=pool.id)["Users"]) == 1


def test_phone_as_username_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("by-phone", UsernameAttributes=["phone_number"])
    out = idp.admin_create_user(
        UserPoolId=pool.id, Username="+14325551212", MessageAction="SUPPRESS"
    )["User"]
    assert attrs(out, "Attributes")["phone_number"] == "+14325551212"
    assert out["Username"] == attrs(out, "Attributes")["sub"]
    with pytest.raises(idp.exceptions.UsernameExistsException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="+14325551212")
    assert info.value.response["Error"]["Message"] == (
        "An account with the given phone_number already exists."
    )


def test_invitation_on_both_mediums(cognito_fake, idp, pool):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[
            {"Name": "email", "Value": "bob@example.com"},
            {"Name": "phone_number", "Value": "+14325551212"},
        ],
        DesiredDeliveryMediums=["EMAIL", "SMS"],
    )
    sent = cognito_fake.outbox.filter(purpose="invitation")
    assert sorted(m.channel for m in sent) == ["EMAIL", "SMS"]
    assert len({m.code for m in sent}) == 1


def test_temporary_password_must_meet_policy(idp, pool):
    with pytest.raises(idp.exceptions.InvalidPasswordException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="bob", TemporaryPassword="short")
    assert info.value.response["Error"]["Message"] == (
        "Password did not conform with policy: Password not long enough"
    )
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []


def test_seed_helper_checks_permanent_password_policy(pool):
    with pytest.raises(InvalidPasswordException, match="Password must have uppercase characters"):
        pool.create_user("weak", password="password1!")
    assert "weak" not in pool.users


# -- unknown pool / user ---------------------------------------------------------------------

ADMIN_CALLS = [
    ("admin_get_user", {}),
    ("admin_delete_user", {}),
    ("admin_enable_user", {}),
    ("admin_disable_user", {}),
    ("admin_confirm_sign_up", {}),
    ("admin_reset_user_password", {}),
    ("admin_set_user_password", {"Password": PASSWORD, "Permanent": True}),
    ("admin_update_user_attributes", {"UserAttributes": [{"Name": "name", "Value": "X"}]}),
    ("admin_delete_user_attributes", {"UserAttributeNames": ["name"]}),
]


@pytest.mark.parametrize(("method", "extra"), ADMIN_CALLS)
def test_unknown_pool(idp, method, extra):
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as info:
        getattr(idp, method)(UserPoolId=UNKNOWN_POOL, Username="alice", **extra)
    assert info.value.response["Error"]["Message"] == f"User pool {UNKNOWN_POOL} does not exist."


@pytest.mark.parametrize(("method", "extra"), ADMIN_CALLS)
def test_unknown_user(idp, pool, method, extra):
    with pytest.raises(idp.exceptions.UserNotFoundException) as info:
        getattr(idp, method)(UserPoolId=pool.id, Username="ghost", **extra)
    assert info.value.response["Error"]["Message"] == "User does not exist."


@pytest.mark.parametrize(("method", "extra"), ADMIN_CALLS)
def test_malformed_pool_id(idp, method, extra):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        getattr(idp, method)(UserPoolId="no pool", Username="alice", **extra)
    assert info.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'no pool' at 'userPoolId' failed to satisfy"
        " constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+"
    )


# -- delete, enable, disable -------------------------------------------------------------------


def test_delete_user_frees_username_and_kills_tokens(idp, pool, web):
    alice = pool.create_user("alice", password=PASSWORD)
    old_sub = alice.sub
    tokens = alice.sign_in(web)
    idp.admin_delete_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.get_user(AccessToken=tokens.access_token)
    again = idp.admin_create_user(UserPoolId=pool.id, Username="alice", MessageAction="SUPPRESS")
    assert attrs(again["User"], "Attributes")["sub"] != old_sub
    # A new user of the same name does not inherit the old user's tokens.
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.get_user(AccessToken=tokens.access_token)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens.refresh_token},
        )


def test_disable_and_enable(idp, pool, web):
    alice = pool.create_user("alice", password=PASSWORD)
    tokens = alice.sign_in(web)
    idp.admin_disable_user(UserPoolId=pool.id, Username="alice")
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["Enabled"] is False
    assert got["UserLastModifiedDate"] >= got["UserCreateDate"]
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.get_user(AccessToken=tokens.access_token)
    assert info.value.response["Error"]["Message"] == "Access Token has been revoked"
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        sign_in(idp, web, "alice", PASSWORD)
    assert info.value.response["Error"]["Message"] == "User is disabled."
    users = idp.list_users(UserPoolId=pool.id)["Users"]
    assert [(u["Username"], u["Enabled"]) for u in users] == [("alice", False)]
    idp.admin_enable_user(UserPoolId=pool.id, Username="alice")
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["Enabled"] is True
    fresh = sign_in(idp, web, "alice", PASSWORD)["AuthenticationResult"]
    assert idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == "alice"
    with raises(
        idp, "NotAuthorizedException", "Access Token has been revoked"
    ):  # the old token stays revoked
        idp.get_user(AccessToken=tokens.access_token)


# -- passwords -------------------------------------------------------------------------------


def test_set_permanent_password(idp, pool, web):
    idp.admin_create_user(
        UserPoolId=pool.id, Username="bob", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS"
    )
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="bob", Password="N3w-password", Permanent=True
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="bob")["UserStatus"] == "CONFIRMED"
    assert signed_in_user(idp, web, "bob", "N3w-password") == "bob"
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "bob", "Temp0rary!")


def test_set_temporary_password(idp, pool, web):
    pool.create_user("alice", password=PASSWORD)
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password="Temp0rary!", Permanent=False
    )
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert sign_in(idp, web, "alice", "Temp0rary!")["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_set_password_checks_policy_and_changes_nothing(idp, pool, web):
    pool.create_user("alice", password=PASSWORD)
    with pytest.raises(idp.exceptions.InvalidPasswordException) as info:
        idp.admin_set_user_password(
            UserPoolId=pool.id, Username="alice", Password="nouppercase1!", Permanent=True
        )
    assert info.value.response["Error"]["Message"] == (
        "Password did not conform with policy: Password must have uppercase characters"
    )
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


def test_temporary_password_set_by_admin_expires(idp, pool, web, freezer):
    pool.create_user("alice", password=PASSWORD)
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password="Temp0rary!", Permanent=False
    )
    freezer.tick(8 * 86400)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        sign_in(idp, web, "alice", "Temp0rary!")
    assert info.value.response["Error"]["Message"] == (
        "Temporary password has expired and must be reset by an administrator."
    )


def test_reset_user_password_sends_code(cognito_fake, idp, pool, web):
    alice = pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    idp.admin_reset_user_password(UserPoolId=pool.id, Username="alice")
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["UserStatus"] == "RESET_REQUIRED"
    message = cognito_fake.outbox.last(to="alice@example.com")
    assert message.purpose == "forgot_password"
    assert len(message.code) == 6
    assert message.code.isdigit()
    assert alice.record.codes["forgot_password"].code == message.code
    with raises(idp, "PasswordResetRequiredException", "Password reset required for the user"):
        sign_in(idp, web, "alice", PASSWORD)


def test_reset_then_confirm_forgot_password(cognito_fake, idp, pool, web):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    idp.admin_reset_user_password(UserPoolId=pool.id, Username="alice")
    code = cognito_fake.outbox.last(purpose="forgot_password").code
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password="N3w-password"
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"
    assert signed_in_user(idp, web, "alice", "N3w-password") == "alice"


def test_reset_user_password_by_sms(cognito_fake, idp, pool):
    pool.create_user("alice", password=PASSWORD, phone_number="+14325551212")
    idp.admin_reset_user_password(UserPoolId=pool.id, Username="alice")
    assert cognito_fake.outbox.last(to="+14325551212").channel == "SMS"


def test_reset_without_verified_contact(cognito_fake, idp, pool):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com", email_verified="false")
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.admin_reset_user_password(UserPoolId=pool.id, Username="alice")
    assert info.value.response["Error"]["Message"] == (
        "Cannot reset password for the user as there is no registered/verified email or"
        " phone_number"
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"
    assert len(cognito_fake.outbox) == 0


# -- confirmation ----------------------------------------------------------------------------


def test_admin_confirm_sign_up(idp, pool, web):
    pool.create_user("alice", password=PASSWORD, status="UNCONFIRMED", email="a@example.com")
    with raises(idp, "UserNotConfirmedException", "User is not confirmed."):
        sign_in(idp, web, "alice", PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool.id, Username="alice")
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


@pytest.mark.parametrize("status", ["CONFIRMED", "FORCE_CHANGE_PASSWORD"])
def test_admin_confirm_sign_up_in_other_states(idp, pool, status):
    pool.create_user("alice", password=PASSWORD, status=status)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.admin_confirm_sign_up(UserPoolId=pool.id, Username="alice")
    assert info.value.response["Error"]["Message"] == (
        f"User cannot be confirmed. Current status is {status}"
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == status
