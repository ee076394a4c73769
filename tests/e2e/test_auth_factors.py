"""Auth factors through boto3: AdminGetUserAuthFactors beside GetUserAuthFactors,
AdminDeleteSoftwareToken and the sign-in that follows it, SOFTWARE_TOKEN as a factor."""

from __future__ import annotations

import json

import pytest

from ..helpers import PASSWORD, raises, respond, sign_in, username_of

SMS = {
    "SmsAuthenticationMessage": "Your code is {####}",
    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x"},
}


@pytest.fixture
def alice(pool):
    return pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )


def mfa(idp, pool, mode="ON", sms=False):
    members = {"SoftwareTokenMfaConfiguration": {"Enabled": True}}
    if sms:
        members["SmsMfaConfiguration"] = SMS
    idp.set_user_pool_mfa_config(UserPoolId=pool.id, MfaConfiguration=mode, **members)


def enrol_totp(cognito_fake, idp, web, freezer) -> tuple[str, str]:
    """Sign in through MFA_SETUP with a new software token; the access token and secret."""
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "MFA_SETUP"
    associated = idp.associate_software_token(Session=first["Session"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=cognito_fake.totp_code(associated["SecretCode"])
    )
    out = respond(idp, web, "MFA_SETUP", verified["Session"])
    freezer.tick(30)  # the next sign-in needs a fresh code
    return str(out["AuthenticationResult"]["AccessToken"]), str(associated["SecretCode"])


def test_totp_user_lists_software_token_for_admin_and_self(
    cognito_fake, pool, web, alice, idp, freezer
):
    mfa(idp, pool)
    token, _ = enrol_totp(cognito_fake, idp, web, freezer)
    admin = idp.admin_get_user_auth_factors(UserPoolId=pool.id, Username="alice")
    own = idp.get_user_auth_factors(AccessToken=token)
    for out in (admin, own):
        assert out["Username"] == "alice"
        assert out["ConfiguredUserAuthFactors"] == ["PASSWORD", "SOFTWARE_TOKEN"]
        assert out["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    assert {k: v for k, v in admin.items() if k != "ResponseMetadata"} == {
        k: v for k, v in own.items() if k != "ResponseMetadata"
    }


def test_deleting_the_token_sends_the_next_sign_in_to_mfa_setup(
    cognito_fake, pool, web, alice, idp, freezer
):
    mfa(idp, pool)
    token, _ = enrol_totp(cognito_fake, idp, web, freezer)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id,
        Username="alice",
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    out = idp.admin_delete_software_token(UserPoolId=pool.id, Username="alice")
    assert set(out) == {"ResponseMetadata"}
    admin = idp.admin_get_user_auth_factors(UserPoolId=pool.id, Username="alice")
    assert admin["ConfiguredUserAuthFactors"] == ["PASSWORD"]
    assert "UserMFASettingList" not in admin
    assert "PreferredMfaSetting" not in admin
    assert (
        "SOFTWARE_TOKEN"
        not in idp.get_user_auth_factors(AccessToken=token)["ConfiguredUserAuthFactors"]
    )
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert "UserMFASettingList" not in got
    with pytest.raises(LookupError):
        cognito_fake.totp_code(alice)
    # The pool requires MFA and nothing is left: set up a new token.
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "MFA_SETUP"
    assert json.loads(first["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    associated = idp.associate_software_token(Session=first["Session"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=cognito_fake.totp_code(associated["SecretCode"])
    )
    out = respond(idp, web, "MFA_SETUP", verified["Session"])
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_after_deletion_sms_mfa_takes_over(cognito_fake, pool, web, alice, idp, freezer):
    mfa(idp, pool)
    enrol_totp(cognito_fake, idp, web, freezer)
    mfa(idp, pool, sms=True)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id,
        Username="alice",
        SMSMfaSettings={"Enabled": True},
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    assert sign_in(idp, web)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    idp.admin_delete_software_token(UserPoolId=pool.id, Username="alice")
    factors = idp.admin_get_user_auth_factors(UserPoolId=pool.id, Username="alice")
    assert factors["UserMFASettingList"] == ["SMS_MFA"]
    assert "PreferredMfaSetting" not in factors
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SMS_MFA"
    out = respond(
        idp, web, "SMS_MFA", first["Session"], SMS_MFA_CODE=cognito_fake.outbox.last().code
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_a_pending_token_is_deleted_too(cognito_fake, pool, web, alice, idp):
    mfa(idp, pool, mode="OPTIONAL")
    token = sign_in(idp, web)["AuthenticationResult"]["AccessToken"]
    idp.associate_software_token(AccessToken=token)
    idp.admin_delete_software_token(UserPoolId=pool.id, Username="alice")
    with raises(idp, "InvalidParameterException", "User has not associated a software token."):
        idp.verify_software_token(AccessToken=token, UserCode="123456")


def test_verifying_a_new_token_replaces_the_old_one(cognito_fake, pool, web, alice, idp, freezer):
    mfa(idp, pool)
    token, old = enrol_totp(cognito_fake, idp, web, freezer)
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    idp.verify_software_token(AccessToken=token, UserCode=cognito_fake.totp_code(secret))
    assert secret != old
    freezer.tick(30)
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    if cognito_fake.totp_code(old) != cognito_fake.totp_code(secret):
        with raises(idp, "CodeMismatchException", "Invalid code or auth state for the user."):
            respond(
                idp,
                web,
                "SOFTWARE_TOKEN_MFA",
                first["Session"],
                SOFTWARE_TOKEN_MFA_CODE=cognito_fake.totp_code(old),
            )
    out = respond(
        idp,
        web,
        "SOFTWARE_TOKEN_MFA",
        sign_in(idp, web)["Session"],
        SOFTWARE_TOKEN_MFA_CODE=cognito_fake.totp_code(secret),
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_errors_and_no_token(pool, alice, idp):
    # Unconfirmed: a user without a token gets {} (AWS models no SoftwareTokenMFANotFound here).
    idp.admin_delete_software_token(UserPoolId=pool.id, Username="alice")
    for call in (idp.admin_delete_software_token, idp.admin_get_user_auth_factors):
        with raises(idp, "UserNotFoundException", "User does not exist."):
            call(UserPoolId=pool.id, Username="nobody")
        with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."):
            call(UserPoolId="us-east-1_nope", Username="alice")


def test_unconfirmed_users(pool, idp):
    pool.create_user("bob", password=PASSWORD, status="UNCONFIRMED")
    out = idp.admin_get_user_auth_factors(UserPoolId=pool.id, Username="bob")
    assert out["Username"] == "bob"
    assert out["ConfiguredUserAuthFactors"] == ["PASSWORD"]
    # Unconfirmed: UserNotConfirmedException is modeled; the fake answers it for UNCONFIRMED.
    with raises(idp, "UserNotConfirmedException", "User is not confirmed."):
        idp.admin_delete_software_token(UserPoolId=pool.id, Username="bob")


def test_software_token_is_not_a_first_factor(cognito_fake, idp):
    policy = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "SOFTWARE_TOKEN"]}}
    message = "SOFTWARE_TOKEN cannot be used as an allowed first authentication factor."
    with raises(idp, "InvalidParameterException", message):
        idp.create_user_pool(PoolName="p", Policies=policy)
    pool = cognito_fake.create_user_pool("p")
    with raises(idp, "InvalidParameterException", message):
        idp.update_user_pool(UserPoolId=pool.id, Policies=policy)
    five = ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]
    idp.update_user_pool(
        UserPoolId=pool.id, Policies={"SignInPolicy": {"AllowedFirstAuthFactors": five}}
    )
    got = idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["Policies"]["SignInPolicy"]
    assert got["AllowedFirstAuthFactors"] == five
