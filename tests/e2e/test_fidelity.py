"""Where AWS was shown to answer differently from the fake (AWS-verified test cases, real
responses quoted in public issues): each answer here is AWS's."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import PASSWORD, attrs, aws_error, respond, sign_in

# -- verified flags read in any case


@pytest.mark.parametrize("given", ["True", "TRUE", "False"])
def test_verified_flags_in_any_case(idp: Any, pool: Any, web: Any, given: str) -> None:
    expected = given.lower()
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="carol",
        MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": "carol@example.com"},
            {"Name": "email_verified", "Value": given},
        ],
    )
    held = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="carol"))
    assert held["email_verified"] == expected
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="carol",
        UserAttributes=[
            {"Name": "phone_number", "Value": "+15555550100"},
            {"Name": "phone_number_verified", "Value": given},
        ],
    )
    held = attrs(idp.admin_get_user(UserPoolId=pool.id, Username="carol"))
    assert held["phone_number_verified"] == expected


@pytest.mark.parametrize("given", ["true", "True"])
def test_sign_up_reads_a_capitalised_flag_as_the_flag(
    idp: Any, pool: Any, web: Any, given: str
) -> None:
    """No app client may write a verified flag: "True" meets that rule, as "true" does, not a
    complaint about its value."""
    with aws_error(
        idp, "NotAuthorizedException", "A client attempted to write unauthorized attribute"
    ):
        idp.sign_up(
            ClientId=web.id,
            Username="dave",
            Password=PASSWORD,
            UserAttributes=[
                {"Name": "email", "Value": "dave@example.com"},
                {"Name": "email_verified", "Value": given},
            ],
        )


# -- a replayed TOTP code is expired


def test_reused_totp_code_is_an_expired_code(
    cognito_fake: Any, idp: Any, freezer: Any, alice: Any
) -> None:
    pool = cognito_fake.pool(alice.pool.id)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    web = pool.create_client("totp", flows=["USER_PASSWORD_AUTH"])
    token = sign_in(idp, web)["AuthenticationResult"]["AccessToken"]
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode=cognito_fake.totp_code(alice))
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    freezer.tick(30)
    code = cognito_fake.totp_code(alice)
    first = sign_in(idp, web)
    respond(idp, web, "SOFTWARE_TOKEN_MFA", first["Session"], SOFTWARE_TOKEN_MFA_CODE=code)
    again = sign_in(idp, web)
    with aws_error(idp, "ExpiredCodeException", "Your software token has already been used once."):
        respond(idp, web, "SOFTWARE_TOKEN_MFA", again["Session"], SOFTWARE_TOKEN_MFA_CODE=code)


# -- schema rules of CreateUserPool and AddCustomAttributes


@pytest.mark.parametrize(
    "spec",
    [
        {"Name": "email", "AttributeDataType": "Number"},
        {"Name": "email_verified", "AttributeDataType": "String"},
        {"Name": "name", "AttributeDataType": "String", "DeveloperOnlyAttribute": True},
    ],
)
def test_standard_attribute_keeps_its_type(idp: Any, spec: dict[str, Any]) -> None:
    message = (
        "You can not change AttributeDataType or set developerOnlyAttribute for standard schema"
        f" attribute {spec['Name']}"
    )
    with aws_error(idp, "InvalidParameterException", message):
        idp.create_user_pool(PoolName="p", Schema=[spec])


def test_custom_attribute_needs_a_data_type(idp: Any, pool: Any) -> None:
    message = "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."
    with aws_error(idp, "InvalidParameterException", message):
        idp.create_user_pool(PoolName="p", Schema=[{"Name": "plan"}])
    with aws_error(idp, "InvalidParameterException", message):
        idp.add_custom_attributes(UserPoolId=pool.id, CustomAttributes=[{"Name": "plan"}])


@pytest.mark.parametrize(
    "constraints",
    [
        {"StringAttributeConstraints": {"MaxLength": "2049"}},
        {"StringAttributeConstraints": {"MinLength": "4096"}},
        {"StringAttributeConstraints": {"MaxLength": "ten"}},
        {"StringAttributeConstraints": {"MinLength": "-1"}},
        {"AttributeDataType": "Number", "NumberAttributeConstraints": {"MinValue": "low"}},
    ],
)
def test_constraints_out_of_range_are_refused(
    idp: Any, pool: Any, constraints: dict[str, Any]
) -> None:
    spec = {"Name": "plan", "AttributeDataType": "String", **constraints}
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool(PoolName="p", Schema=[spec])
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.add_custom_attributes(UserPoolId=pool.id, CustomAttributes=[spec])
    with pytest.raises(idp.exceptions.InvalidParameterException):
        idp.create_user_pool(PoolName="p", Schema=[{**spec, "Name": "address"}])


def test_add_custom_attributes_duplicate_names_the_new_attribute_first(idp: Any, pool: Any) -> None:
    plan = {"Name": "plan", "AttributeDataType": "String"}
    idp.add_custom_attributes(UserPoolId=pool.id, CustomAttributes=[plan])
    with aws_error(
        idp, "InvalidParameterException", "plan: Existing attribute already has name custom:plan."
    ):
        idp.add_custom_attributes(UserPoolId=pool.id, CustomAttributes=[plan])


# -- the legacy verification members mirror VerificationMessageTemplate


def test_template_is_mirrored_into_the_legacy_members(idp: Any) -> None:
    template = {
        "SmsMessage": "Code {####}",
        "EmailMessage": "Your code is {####}",
        "EmailSubject": "Your code",
    }
    pool = idp.create_user_pool(
        PoolName="p",
        VerificationMessageTemplate=template,
        EmailVerificationMessage="Legacy {####}",
    )["UserPool"]
    expected = {
        "SmsVerificationMessage": "Code {####}",
        "EmailVerificationMessage": "Your code is {####}",
        "EmailVerificationSubject": "Your code",
    }
    assert {k: pool.get(k) for k in expected} == expected
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert {k: described.get(k) for k in expected} == expected
    idp.update_user_pool(
        UserPoolId=pool["Id"], VerificationMessageTemplate={"EmailSubject": "Another subject"}
    )
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["EmailVerificationSubject"] == "Another subject"
    assert "SmsVerificationMessage" not in described


# -- AdminResetUserPassword needs a user with a password of its own


def test_reset_of_a_user_on_a_temporary_password(idp: Any, pool: Any) -> None:
    pool.create_user("carol", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    with aws_error(
        idp, "NotAuthorizedException", "User password cannot be reset in the current state."
    ):
        idp.admin_reset_user_password(UserPoolId=pool.id, Username="carol")


# -- what a pool signing in by email says of another username


@pytest.mark.parametrize(
    ("username_attributes", "message"),
    [
        (["email"], "Username should be an email."),
        (["email", "phone_number"], "Username should be either an email or a phone number."),
    ],
)
def test_username_must_take_the_sign_in_form(
    cognito_fake: Any, idp: Any, username_attributes: list[str], message: str
) -> None:
    pool = cognito_fake.create_user_pool("by-email", UsernameAttributes=username_attributes)
    web = pool.create_client("web")
    with aws_error(idp, "InvalidParameterException", message):
        idp.sign_up(ClientId=web.id, Username="carol", Password=PASSWORD)
    with aws_error(idp, "InvalidParameterException", message):
        idp.admin_create_user(UserPoolId=pool.id, Username="carol")


# -- SetUserPoolMfaConfig: what is given replaces, and the mode must fit the factors

ALL_OFF = (
    "Invalid MFA configuration given, can't disable all MFAs with a required or optional"
    " configuration."
)
OFF_WITH_FACTOR = (
    "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
)


def test_omitted_factors_are_turned_off(idp: Any, pool: Any) -> None:
    email = {"Message": "Code {####}", "Subject": "Sign-in code"}
    idp.update_user_pool(
        UserPoolId=pool.id,
        EmailConfiguration={
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
        },
    )
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
        EmailMfaConfiguration=email,
    )
    out = idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    assert "EmailMfaConfiguration" not in out
    got = idp.get_user_pool_mfa_config(UserPoolId=pool.id)
    assert "EmailMfaConfiguration" not in got
    assert got["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    with aws_error(idp, "InvalidParameterException", ALL_OFF):
        idp.set_user_pool_mfa_config(UserPoolId=pool.id, MfaConfiguration="ON")


@pytest.mark.parametrize(
    ("mode", "factors", "message"),
    [
        ("ON", {}, ALL_OFF),
        ("OPTIONAL", {"SoftwareTokenMfaConfiguration": {"Enabled": False}}, ALL_OFF),
        ("OFF", {"SoftwareTokenMfaConfiguration": {"Enabled": True}}, OFF_WITH_FACTOR),
    ],
)
def test_mode_must_fit_the_factors(
    idp: Any, pool: Any, mode: str, factors: dict[str, Any], message: str
) -> None:
    with aws_error(idp, "InvalidParameterException", message):
        idp.set_user_pool_mfa_config(UserPoolId=pool.id, MfaConfiguration=mode, **factors)
