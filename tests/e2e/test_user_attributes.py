"""Admin-side user attributes through boto3: the schema checks of AdminCreateUser,
AdminUpdateUserAttributes and AdminDeleteUserAttributes with read-back, email verification on
change, alias attributes, and the MFA members AdminGetUser shows."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, attrs, raises

# -- AdminCreateUser ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            [{"Name": "custom:plan", "Value": "x"}, {"Name": "shoe", "Value": "9"}],
            "Attributes did not conform to the schema: custom:plan: Attribute does not exist in"
            " the schema.\nshoe: Attribute does not exist in the schema.\n",
        ),
        ([{"Name": "phone_number", "Value": "555-1212"}], "Invalid phone number format."),
        ([{"Name": "email", "Value": "not-an-email"}], "Invalid email address format."),
        (
            [{"Name": "email_verified", "Value": "true"}],
            "Email is required to verify/un-verify an email",
        ),
        (
            [{"Name": "birthdate", "Value": "1990"}],
            "Attributes did not conform to the schema: birthdate: String must be no shorter than"
            " 10 characters\n",
        ),
    ],
)
def test_create_user_schema_checks(cognito_fake, idp, pool, attributes, message):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.admin_create_user(UserPoolId=pool.id, Username="bob", UserAttributes=attributes)
    assert info.value.response["Error"]["Message"] == message
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []


def test_create_user_with_custom_attribute(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "custom",
        Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": False}],
    )
    idp.admin_create_user(
        UserPoolId=pool.id, Username="bob", UserAttributes=[{"Name": "custom:plan", "Value": "pro"}]
    )
    got = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert attrs(got)["custom:plan"] == "pro"
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.admin_update_user_attributes(
            UserPoolId=pool.id,
            Username="bob",
            UserAttributes=[{"Name": "custom:plan", "Value": "free"}],
        )
    assert (
        info.value.response["Error"]["Message"] == "user.custom:plan: Attribute cannot be updated."
    )
    assert attrs(idp.admin_get_user(UserPoolId=pool.id, Username="bob"))["custom:plan"] == "pro"


# -- attributes ------------------------------------------------------------------------------


def test_update_attributes_read_back(idp, pool):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com", name="Alice")
    out = idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[
            {"Name": "given_name", "Value": "Al"},
            {"Name": "name", "Value": ""},
        ],
    )
    assert set(out) == {"ResponseMetadata"}
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))
    assert got["given_name"] == "Al"
    assert "name" not in got
    assert got["email_verified"] == "true"


def test_changing_email_unverifies_it(cognito_fake, idp, pool):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[{"Name": "email", "Value": "new@example.com"}],
    )
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))
    assert (got["email"], got["email_verified"]) == ("new@example.com", "false")
    assert len(cognito_fake.outbox) == 0  # the pool does not auto-verify email


def test_changing_email_with_verified_flag(idp, pool):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[
            {"Name": "email", "Value": "new@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))
    assert (got["email"], got["email_verified"]) == ("new@example.com", "true")


def test_admin_change_of_auto_verified_email_sends_code(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("auto", AutoVerifiedAttributes=["email"])
    alice = pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[{"Name": "email", "Value": "new@example.com"}],
    )
    message = cognito_fake.outbox.last(to="new@example.com")
    assert message.purpose == "verify_attribute"
    assert alice.record.codes["verify:email"].code == message.code


@pytest.mark.parametrize(
    ("attributes", "error", "message"),
    [
        (
            [{"Name": "sub", "Value": "x"}],
            "InvalidParameterException",
            "user.sub: Attribute cannot be updated.",
        ),
        (
            [{"Name": "nickname", "Value": "Al"}, {"Name": "custom:nope", "Value": "x"}],
            "InvalidParameterException",
            "Attributes did not conform to the schema: custom:nope: Attribute does not exist in"
            " the schema.\n",
        ),
        (
            [{"Name": "email", "Value": ""}, {"Name": "email_verified", "Value": "true"}],
            "InvalidParameterException",
            "Email is required to verify/un-verify an email",
        ),
        (
            [{"Name": "nickname", "Value": "Al"}, {"Name": "phone_number", "Value": "12"}],
            "InvalidParameterException",
            "Invalid phone number format.",
        ),
    ],
)
def test_update_attributes_errors_change_nothing(idp, pool, attributes, error, message):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    before = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    with pytest.raises(getattr(idp.exceptions, error)) as info:
        idp.admin_update_user_attributes(
            UserPoolId=pool.id, Username="alice", UserAttributes=attributes
        )
    assert info.value.response["Error"]["Message"] == message
    after = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert after["UserAttributes"] == before["UserAttributes"]
    assert after["UserLastModifiedDate"] == before["UserLastModifiedDate"]


def test_required_attribute_cannot_be_removed(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "req", Schema=[{"Name": "name", "AttributeDataType": "String", "Required": True}]
    )
    pool.create_user("alice", password=PASSWORD, name="Alice")
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.admin_delete_user_attributes(
            UserPoolId=pool.id, Username="alice", UserAttributeNames=["name"]
        )
    assert info.value.response["Error"]["Message"] == (
        "Attributes did not conform to the schema: name: The attribute is required\n"
    )
    assert attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))["name"] == "Alice"


def test_delete_attributes(idp, pool):
    pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", name="Alice", nickname="Al"
    )
    idp.admin_delete_user_attributes(
        UserPoolId=pool.id, Username="alice", UserAttributeNames=["email", "nickname"]
    )
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="alice"))
    assert set(got) == {"sub", "name"}


def test_email_pool_rejects_taken_email_on_update(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("by-email", UsernameAttributes=["email"])
    pool.create_user("a@example.com", password=PASSWORD)
    pool.create_user("b@example.com", password=PASSWORD)
    with raises(idp, "AliasExistsException", "An account with the given email already exists."):
        idp.admin_update_user_attributes(
            UserPoolId=pool.id,
            Username="b@example.com",
            UserAttributes=[{"Name": "email", "Value": "a@example.com"}],
        )
    got = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="b@example.com"))
    assert got["email"] == "b@example.com"


def test_mfa_members_shown_when_set(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "mfa",
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sms"},
    )
    pool.create_user("alice", password=PASSWORD, phone_number="+14325551212")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id,
        Username="alice",
        SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["PreferredMfaSetting"] == "SMS_MFA"
    assert got["UserMFASettingList"] == ["SMS_MFA"]
    assert "MFAOptions" not in got


# -- aliases ---------------------------------------------------------------------------------


@pytest.fixture
def alias_pool(cognito_fake):
    pool = cognito_fake.create_user_pool("aliases", AliasAttributes=["email", "preferred_username"])
    pool.create_user(
        "alice", password=PASSWORD, email="shared@example.com", preferred_username="al"
    )
    return pool


def test_verified_alias_held_by_another_user(idp, alias_pool):
    claim = [
        {"Name": "email", "Value": "shared@example.com"},
        {"Name": "email_verified", "Value": "true"},
    ]
    with pytest.raises(idp.exceptions.AliasExistsException) as info:
        idp.admin_create_user(UserPoolId=alias_pool.id, Username="bob", UserAttributes=claim)
    assert info.value.response["Error"]["Message"] == "An account with the email already exists."
    assert len(idp.list_users(UserPoolId=alias_pool.id)["Users"]) == 1


def test_force_alias_creation_moves_the_alias(idp, alias_pool):
    idp.admin_create_user(
        UserPoolId=alias_pool.id,
        Username="bob",
        UserAttributes=[
            {"Name": "email", "Value": "shared@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
        ForceAliasCreation=True,
        MessageAction="SUPPRESS",
    )
    alice = attrs(idp.admin_get_user(UserPoolId=alias_pool.id, Username="alice"))
    assert alice["email_verified"] == "false"
    got = idp.admin_get_user(UserPoolId=alias_pool.id, Username="shared@example.com")
    assert got["Username"] == "bob"


def test_unverified_alias_may_be_shared(idp, alias_pool):
    idp.admin_create_user(
        UserPoolId=alias_pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "shared@example.com"}],
        MessageAction="SUPPRESS",
    )
    assert len(idp.list_users(UserPoolId=alias_pool.id)["Users"]) == 2


def test_preferred_username_is_never_shared(idp, alias_pool):
    pool_id = alias_pool.id
    idp.admin_create_user(UserPoolId=pool_id, Username="bob", MessageAction="SUPPRESS")
    with pytest.raises(idp.exceptions.AliasExistsException) as info:
        idp.admin_update_user_attributes(
            UserPoolId=pool_id,
            Username="bob",
            UserAttributes=[{"Name": "preferred_username", "Value": "al"}],
        )
    assert info.value.response["Error"]["Message"] == (
        "An account with the given preferred_username already exists."
    )
    assert "preferred_username" not in attrs(idp.admin_get_user(UserPoolId=pool_id, Username="bob"))
