"""The user's own side through boto3, authorised by an access token: GetUser,
UpdateUserAttributes, DeleteUserAttributes, DeleteUser, ChangePassword."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, attrs, claims, raises, sign_in, signed_in_user


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool(
        "app",
        AutoVerifiedAttributes=["email"],
        Schema=[
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
            {"Name": "tier", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True},
        ],
    )


@pytest.fixture
def alice(pool):
    return pool.create_user(
        "alice",
        password=PASSWORD,
        email="alice@example.com",
        name="Alice",
        attributes={"custom:plan": "free", "dev:custom:tier": "3"},
    )


@pytest.fixture
def token(alice, web):
    return alice.sign_in(web).access_token


def admin_attrs(idp, pool, username="alice"):
    return attrs(idp.admin_get_user(UserPoolId=pool.id, Username=username))


# -- GetUser ---------------------------------------------------------------------------------


def test_get_user(idp, alice, token):
    out = idp.get_user(AccessToken=token)
    assert out["Username"] == "alice"
    assert attrs(out) == {
        "sub": alice.sub,
        "email": "alice@example.com",
        "email_verified": "true",
        "name": "Alice",
        "custom:plan": "free",
    }
    assert out["UserAttributes"][0]["Name"] == "sub"
    for member in ("MFAOptions", "PreferredMfaSetting", "UserMFASettingList", "UserStatus"):
        assert member not in out


def test_get_user_limited_by_read_attributes(idp, pool, alice):
    narrow = pool.create_client("narrow", ReadAttributes=["email"])
    out = idp.get_user(AccessToken=alice.sign_in(narrow).access_token)
    assert attrs(out) == {"sub": alice.sub, "email": "alice@example.com"}


def test_get_user_shows_mfa_settings(idp, pool, token):
    idp.update_user_pool(
        UserPoolId=pool.id,
        AutoVerifiedAttributes=["email"],
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sms"},
    )
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[
            {"Name": "phone_number", "Value": "+14325551212"},
            {"Name": "phone_number_verified", "Value": "true"},
        ],
    )
    idp.set_user_mfa_preference(
        AccessToken=token, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    out = idp.get_user(AccessToken=token)
    assert out["PreferredMfaSetting"] == "SMS_MFA"
    assert out["UserMFASettingList"] == ["SMS_MFA"]


@pytest.mark.parametrize(
    ("make_token", "message"),
    [
        (lambda tokens: "not-a-jwt", "Invalid Access Token"),
        (lambda tokens: tokens.id_token, "Invalid Access Token"),
        (lambda tokens: tokens.access_token[:-4] + "AAAA", "Invalid Access Token"),
    ],
)
def test_bad_tokens(idp, alice, web, make_token, message):
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.get_user(AccessToken=make_token(alice.sign_in(web)))
    assert info.value.response["Error"]["Message"] == message


def test_expired_token(idp, token, freezer):
    freezer.tick(3601)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.get_user(AccessToken=token)
    assert info.value.response["Error"]["Message"] == "Access Token has expired"


def test_disabled_users_token_is_rejected(idp, pool, token):
    idp.admin_disable_user(UserPoolId=pool.id, Username="alice")
    for call in (
        lambda: idp.get_user(AccessToken=token),
        lambda: idp.update_user_attributes(
            AccessToken=token, UserAttributes=[{"Name": "name", "Value": "X"}]
        ),
        lambda: idp.change_password(
            AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword="An0ther-one"
        ),
        lambda: idp.delete_user(AccessToken=token),
    ):
        with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
            call()
        assert info.value.response["Error"]["Message"] == "Access Token has been revoked"
    assert admin_attrs(idp, pool)["name"] == "Alice"


# -- UpdateUserAttributes --------------------------------------------------------------------


def test_update_attributes_read_back(cognito_fake, idp, pool, token):
    out = idp.update_user_attributes(
        AccessToken=token,
        UserAttributes=[
            {"Name": "name", "Value": "Alice A"},
            {"Name": "custom:plan", "Value": "pro"},
            {"Name": "nickname", "Value": "Al"},
        ],
    )
    assert "CodeDeliveryDetailsList" not in out
    got = attrs(idp.get_user(AccessToken=token))
    assert (got["name"], got["custom:plan"], got["nickname"]) == ("Alice A", "pro", "Al")
    assert len(cognito_fake.outbox) == 0


def test_changing_email_sends_verification_code(cognito_fake, idp, pool, alice, token):
    out = idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}]
    )
    [details] = out["CodeDeliveryDetailsList"]
    assert (details["DeliveryMedium"], details["AttributeName"]) == ("EMAIL", "email")
    assert details["Destination"].startswith("n")
    assert "*" in details["Destination"]  # masked; the exact star count is unconfirmed
    message = cognito_fake.outbox.last(to="new@example.com")
    assert message.purpose == "verify_attribute"
    record = alice.record.codes["verify:email"]
    assert record.code == message.code
    got = admin_attrs(idp, pool)
    assert (got["email"], got["email_verified"]) == ("new@example.com", "false")


def test_verification_codes_last_a_day(idp, alice, token, freezer):
    idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}]
    )
    record = alice.record.codes["verify:email"]
    issued = idp.admin_get_user(UserPoolId=alice.pool.id, Username="alice")
    assert record.expires - issued["UserLastModifiedDate"].timestamp() == pytest.approx(86400)


def test_email_waits_for_verification_when_pool_requires_it(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "careful",
        AutoVerifiedAttributes=["email"],
        UserAttributeUpdateSettings={"AttributesRequireVerificationBeforeUpdate": ["email"]},
    )
    web = pool.create_client("web")
    alice = pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    token = alice.sign_in(web).access_token
    out = idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}]
    )
    assert out["CodeDeliveryDetailsList"][0]["AttributeName"] == "email"
    assert cognito_fake.outbox.last(purpose="verify_attribute").to == "new@example.com"
    got = admin_attrs(idp, pool)
    assert (got["email"], got["email_verified"]) == ("alice@example.com", "true")
    assert alice.record.codes["verify:email"].value == "new@example.com"


@pytest.mark.parametrize(
    "attribute",
    [
        {"Name": "email_verified", "Value": "true"},
        {"Name": "phone_number_verified", "Value": "false"},
        {"Name": "dev:custom:tier", "Value": "9"},
        {"Name": "custom:tier", "Value": "9"},
    ],
)
def test_unauthorized_writes(cognito_fake, idp, pool, token, attribute):
    before = admin_attrs(idp, pool)
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.update_user_attributes(
            AccessToken=token, UserAttributes=[{"Name": "name", "Value": "X"}, attribute]
        )
    assert info.value.response["Error"]["Message"] == (
        "A client attempted to write unauthorized attribute"
    )
    assert admin_attrs(idp, pool) == before


def test_write_attributes_of_the_client(idp, pool, alice):
    narrow = pool.create_client("narrow", WriteAttributes=["nickname"])
    token = alice.sign_in(narrow).access_token
    idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "nickname", "Value": "A"}]
    )
    with raises(
        idp, "NotAuthorizedException", "A client attempted to write unauthorized attribute"
    ):
        idp.update_user_attributes(
            AccessToken=token, UserAttributes=[{"Name": "name", "Value": "B"}]
        )
    got = admin_attrs(idp, pool)
    assert (got["nickname"], got["name"]) == ("A", "Alice")


def test_unknown_attribute(idp, pool, token):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.update_user_attributes(
            AccessToken=token, UserAttributes=[{"Name": "shoe_size", "Value": "9"}]
        )
    assert info.value.response["Error"]["Message"] == (
        "Attributes did not conform to the schema: shoe_size: Attribute does not exist in the"
        " schema.\n"
    )


def test_changed_attributes_reach_new_tokens(idp, alice, web, token):
    idp.update_user_attributes(AccessToken=token, UserAttributes=[{"Name": "name", "Value": "Al"}])
    assert claims(alice.sign_in(web).id_token)["name"] == "Al"


# -- DeleteUserAttributes --------------------------------------------------------------------


def test_delete_user_attributes(idp, pool, token):
    idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["name", "custom:plan"])
    got = attrs(idp.get_user(AccessToken=token))
    assert "name" not in got
    assert "custom:plan" not in got
    assert got["email"] == "alice@example.com"


def test_delete_email_drops_its_flag(idp, pool, token):
    idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["email"])
    got = admin_attrs(idp, pool)
    assert "email" not in got
    assert "email_verified" not in got


def test_delete_user_attributes_errors(idp, pool, token):
    before = admin_attrs(idp, pool)
    with raises(
        idp, "NotAuthorizedException", "A client attempted to write unauthorized attribute"
    ):
        idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["name", "email_verified"])
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.delete_user_attributes(AccessToken=token, UserAttributeNames=["name", "sub"])
    assert info.value.response["Error"]["Message"] == "user.sub: Attribute cannot be updated."
    assert admin_attrs(idp, pool) == before


# -- DeleteUser ------------------------------------------------------------------------------


def test_delete_user(idp, pool, web, token):
    idp.delete_user(AccessToken=token)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    with pytest.raises(idp.exceptions.UserNotFoundException) as info:
        idp.get_user(AccessToken=token)
    assert info.value.response["Error"]["Message"] == "User does not exist."
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.delete_user(AccessToken=token)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        sign_in(idp, web, "alice", PASSWORD)
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []


# -- ChangePassword --------------------------------------------------------------------------


def test_change_password(idp, web, token):
    idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword="N3w-pass!")
    assert signed_in_user(idp, web, "alice", "N3w-pass!") == "alice"
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "alice", PASSWORD)
    assert idp.get_user(AccessToken=token)["Username"] == "alice"  # the session goes on


def test_change_password_wrong_previous(idp, web, token):
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.change_password(
            AccessToken=token, PreviousPassword="Wr0ng-pass", ProposedPassword="N3w-pass!"
        )
    assert info.value.response["Error"]["Message"] == "Incorrect username or password."
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        idp.change_password(AccessToken=token, ProposedPassword="N3w-pass!")
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


def test_change_password_policy(idp, web, token):
    with pytest.raises(idp.exceptions.InvalidPasswordException) as info:
        idp.change_password(AccessToken=token, PreviousPassword=PASSWORD, ProposedPassword="Sh0rt!")
    assert info.value.response["Error"]["Message"] == (
        "Password did not conform with policy: Password not long enough"
    )
    assert signed_in_user(idp, web, "alice", PASSWORD) == "alice"


def test_change_password_bad_token(idp):
    with pytest.raises(idp.exceptions.NotAuthorizedException) as info:
        idp.change_password(
            AccessToken="garbage", PreviousPassword=PASSWORD, ProposedPassword="N3w-pass!"
        )
    assert info.value.response["Error"]["Message"] == "Invalid Access Token"
