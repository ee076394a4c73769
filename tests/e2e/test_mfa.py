"""MFA through boto3: pool configuration, software tokens, SMS and email codes from the
outbox, the challenges in every sign-in flow, and expiry under a frozen clock."""

from __future__ import annotations

import json

import pytest
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import SoftwareTokenMFAChallengeException

from ..helpers import PASSWORD, answer_totp, raises, respond, sign_in, signed_in_user, username_of

SMS = {
    "SmsAuthenticationMessage": "Your code is {####}",
    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x"},
}
EMAIL = {"Message": "Sign-in code: {####}", "Subject": "Your code"}


@pytest.fixture
def web(pool):
    return pool.create_client(
        "web", flows=["USER_PASSWORD_AUTH", "USER_SRP_AUTH", "ADMIN_USER_PASSWORD_AUTH"]
    )


@pytest.fixture
def alice(pool):
    return pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )


def configure(idp, pool, mode="OPTIONAL", totp=True, sms=False, email=False):
    members = {"SoftwareTokenMfaConfiguration": {"Enabled": totp}}
    if sms:
        members["SmsMfaConfiguration"] = SMS
    if email:
        members["EmailMfaConfiguration"] = EMAIL
    return idp.set_user_pool_mfa_config(UserPoolId=pool.id, MfaConfiguration=mode, **members)


def access_token(idp, web):
    return sign_in(idp, web)["AuthenticationResult"]["AccessToken"]


def enrol_totp(cognito_fake, idp, web, user, freezer):
    """Associate and verify a software token, then let its code step pass."""
    token = access_token(idp, web)
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    out = idp.verify_software_token(
        AccessToken=token, UserCode=cognito_fake.totp_code(user), FriendlyDeviceName="phone"
    )
    assert out["Status"] == "SUCCESS"
    freezer.tick(30)
    return token, secret


def test_pool_config_defaults_and_round_trip(pool, idp):
    assert idp.get_user_pool_mfa_config(UserPoolId=pool.id)["MfaConfiguration"] == "OFF"
    out = configure(idp, pool, mode="ON", sms=True, email=True)
    assert out["MfaConfiguration"] == "ON"
    got = idp.get_user_pool_mfa_config(UserPoolId=pool.id)
    assert got["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert got["SmsMfaConfiguration"] == SMS
    assert got["EmailMfaConfiguration"] == EMAIL
    assert idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["MfaConfiguration"] == "ON"


def test_mfa_on_needs_a_factor_and_changes_nothing_when_refused(pool, idp):
    with pytest.raises(idp.exceptions.InvalidParameterException, match="MFA"):
        configure(idp, pool, mode="ON", totp=False)
    assert idp.get_user_pool_mfa_config(UserPoolId=pool.id)["MfaConfiguration"] == "OFF"


def test_associate_needs_totp_enabled_in_pool(pool, web, alice, idp):
    token = access_token(idp, web)
    with pytest.raises(
        idp.exceptions.SoftwareTokenMFANotFoundException,
        match="Software Token MFA has not been enabled by the userPool",
    ):
        idp.associate_software_token(AccessToken=token)


def test_associate_gives_base32_secret_and_wrong_code_fails(cognito_fake, pool, web, alice, idp):
    configure(idp, pool)
    token = access_token(idp, web)
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    assert len(secret) == 32
    assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    good = cognito_fake.totp_code(secret)
    wrong = f"{(int(good) + 1) % 1000000:06d}"
    with pytest.raises(
        idp.exceptions.EnableSoftwareTokenMFAException,
        match="Code mismatch and fail enable Software Token MFA",
    ):
        idp.verify_software_token(AccessToken=token, UserCode=wrong)
    assert "UserMFASettingList" not in idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert cognito_fake.totp_code(alice) == good
    assert idp.verify_software_token(AccessToken=token, UserCode=good)["Status"] == "SUCCESS"
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]


def test_totp_sign_in_retry_window_and_replay(cognito_fake, pool, web, alice, idp, freezer):
    configure(idp, pool)
    token, _ = enrol_totp(cognito_fake, idp, web, alice, freezer)
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    freezer.tick(30)  # the step before now is not the one VerifySoftwareToken used
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert first["ChallengeParameters"]["USERNAME"] == "alice"
    assert first["ChallengeParameters"]["FRIENDLY_DEVICE_NAME"] == "phone"
    old = cognito_fake.totp_code(alice, steps=-2)
    with pytest.raises(
        idp.exceptions.CodeMismatchException, match=r"Invalid code or auth state for the user\."
    ):
        respond(idp, web, "SOFTWARE_TOKEN_MFA", first["Session"], SOFTWARE_TOKEN_MFA_CODE=old)
    previous = cognito_fake.totp_code(alice, steps=-1)  # one step of drift is accepted
    out = respond(
        idp, web, "SOFTWARE_TOKEN_MFA", first["Session"], SOFTWARE_TOKEN_MFA_CODE=previous
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"
    again = sign_in(idp, web)
    with raises(idp, "ExpiredCodeException", "Your software token has already been used once."):
        respond(idp, web, "SOFTWARE_TOKEN_MFA", again["Session"], SOFTWARE_TOKEN_MFA_CODE=previous)
    freezer.tick(30)
    third = sign_in(idp, web)
    out = answer_totp(cognito_fake, idp, web, third["Session"], alice)
    assert "IdToken" in out["AuthenticationResult"]


def test_sms_mfa_code_from_outbox(cognito_fake, pool, web, alice, idp):
    configure(idp, pool, totp=False, sms=True)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="alice", SMSMfaSettings={"Enabled": True}
    )
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SMS_MFA"
    params = first["ChallengeParameters"]
    assert params["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    assert params["CODE_DELIVERY_DESTINATION"].endswith("0100")
    message = cognito_fake.outbox.last(to="+15555550100", purpose="mfa")
    assert message.text == f"Your code is {message.code}"
    wrong = f"{(int(message.code) + 1) % 1000000:06d}"
    with pytest.raises(
        idp.exceptions.CodeMismatchException, match=r"Invalid code or auth state for the user\."
    ):
        respond(idp, web, "SMS_MFA", first["Session"], SMS_MFA_CODE=wrong)
    out = respond(idp, web, "SMS_MFA", first["Session"], SMS_MFA_CODE=message.code)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_sms_code_expires_after_three_minutes(cognito_fake, pool, alice, idp, freezer):
    long_session = pool.create_client("long", flows=["USER_PASSWORD_AUTH"], AuthSessionValidity=15)
    configure(idp, pool, totp=False, sms=True)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="alice", SMSMfaSettings={"Enabled": True}
    )
    first = sign_in(idp, long_session)
    code = cognito_fake.outbox.last(purpose="mfa").code
    freezer.tick(181)
    with raises(idp, "ExpiredCodeException", "Invalid code provided, please request a code again."):
        respond(idp, long_session, "SMS_MFA", first["Session"], SMS_MFA_CODE=code)


def test_email_otp_mfa(cognito_fake, pool, web, alice, idp):
    configure(idp, pool, totp=False, email=True)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="alice", EmailMfaSettings={"Enabled": True}
    )
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "EMAIL_OTP"
    assert first["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    message = cognito_fake.outbox.last(to="alice@example.com", purpose="mfa")
    assert message.subject == "Your code"
    out = respond(idp, web, "EMAIL_OTP", first["Session"], EMAIL_OTP_CODE=message.code)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_select_mfa_type_when_none_is_preferred(cognito_fake, pool, web, alice, idp, freezer):
    configure(idp, pool, sms=True)
    enrol_totp(cognito_fake, idp, web, alice, freezer)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="alice", SMSMfaSettings={"Enabled": True}
    )
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SELECT_MFA_TYPE"
    choices = json.loads(first["ChallengeParameters"]["MFAS_CAN_CHOOSE"])
    assert choices == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    with raises(idp, "InvalidParameterException", "Invalid MFA type EMAIL_OTP."):
        respond(idp, web, "SELECT_MFA_TYPE", first["Session"], ANSWER="EMAIL_OTP")
    second = respond(idp, web, "SELECT_MFA_TYPE", first["Session"], ANSWER="SOFTWARE_TOKEN_MFA")
    assert second["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    out = answer_totp(cognito_fake, idp, web, second["Session"], alice)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_mfa_setup_when_required(cognito_fake, pool, web, alice, idp):
    configure(idp, pool, mode="ON")
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "MFA_SETUP"
    assert json.loads(first["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    with raises(
        idp,
        "InvalidParameterException",
        "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
    ):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="MFA_SETUP",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": "alice"},
        )
    associated = idp.associate_software_token(Session=first["Session"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=cognito_fake.totp_code(associated["SecretCode"])
    )
    assert verified["Status"] == "SUCCESS"
    with raises(idp, "NotAuthorizedException", "Invalid session for the user."):
        idp.verify_software_token(Session=first["Session"], UserCode="123456")
    out = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": "alice"},
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]


def test_required_mfa_uses_sms_for_a_user_with_a_phone(cognito_fake, pool, web, alice, idp):
    configure(idp, pool, mode="ON", sms=True)
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SMS_MFA"
    assert cognito_fake.outbox.last(purpose="mfa").to == "+15555550100"


def test_optional_mfa_without_factor_signs_in(pool, web, alice, idp):
    configure(idp, pool)
    assert signed_in_user(idp, web) == "alice"


def test_preference_needs_the_factor_and_reads_back(cognito_fake, pool, web, idp, freezer):
    configure(idp, pool, sms=True)
    bob = pool.create_user("bob", password=PASSWORD)
    token = sign_in(idp, web, "bob")["AuthenticationResult"]["AccessToken"]
    for member, factor in (
        ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"),
        ("SMSMfaSettings", "SMS_MFA"),
        ("EmailMfaSettings", "EMAIL_OTP"),
    ):
        with pytest.raises(
            idp.exceptions.InvalidParameterException,
            match=f"User does not have delivery config set to turn on {factor}",
        ):
            idp.set_user_mfa_preference(AccessToken=token, **{member: {"Enabled": True}})
    assert "UserMFASettingList" not in idp.get_user(AccessToken=token)
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode=cognito_fake.totp_code(bob))
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    me = idp.get_user(AccessToken=token)
    assert me["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    assert me["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="bob", SoftwareTokenMfaSettings={"Enabled": False}
    )
    got = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert "PreferredMfaSetting" not in got
    assert "UserMFASettingList" not in got
    freezer.tick(30)
    assert signed_in_user(idp, web, "bob") == "bob"


def test_legacy_user_settings_toggle_sms(pool, web, alice, idp):
    configure(idp, pool, totp=False, sms=True)
    option = {"DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    idp.admin_set_user_settings(UserPoolId=pool.id, Username="alice", MFAOptions=[option])
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert got["MFAOptions"] == [option]
    assert got["UserMFASettingList"] == ["SMS_MFA"]
    assert sign_in(idp, web)["ChallengeName"] == "SMS_MFA"
    idp.admin_set_user_settings(UserPoolId=pool.id, Username="alice", MFAOptions=[])
    got = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert "MFAOptions" not in got
    assert "UserMFASettingList" not in got


def test_set_user_settings_with_access_token(pool, web, alice, idp):
    configure(idp, pool, totp=False, sms=True)
    token = access_token(idp, web)
    option = {"DeliveryMedium": "SMS", "AttributeName": "phone_number"}
    idp.set_user_settings(AccessToken=token, MFAOptions=[option])
    assert idp.get_user(AccessToken=token)["MFAOptions"] == [option]


def test_mfa_after_srp_and_admin_flows(cognito_fake, pool, web, alice, idp, freezer):
    configure(idp, pool)
    enrol_totp(cognito_fake, idp, web, alice, freezer)
    with pytest.raises(SoftwareTokenMFAChallengeException) as caught:
        AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
    session = caught.value.get_tokens()["Session"]
    out = answer_totp(cognito_fake, idp, web, session, alice)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"
    freezer.tick(30)
    first = idp.admin_initiate_auth(
        UserPoolId=pool.id,
        ClientId=web.id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    assert first["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    out = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id,
        ClientId=web.id,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=first["Session"],
        ChallengeResponses={
            "USERNAME": "alice",
            "SOFTWARE_TOKEN_MFA_CODE": cognito_fake.totp_code(alice),
        },
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_totp_helper_needs_a_token(cognito_fake, alice):
    with pytest.raises(LookupError, match="no software token"):
        cognito_fake.totp_code(alice)


def test_verify_needs_an_associated_token_and_a_caller(pool, web, alice, idp):
    configure(idp, pool)
    token = access_token(idp, web)
    with raises(idp, "InvalidParameterException", "User has not associated a software token."):
        idp.verify_software_token(AccessToken=token, UserCode="123456")
    with raises(
        idp, "InvalidParameterException", "Either AccessToken or Session must be provided."
    ):
        idp.associate_software_token()
    with raises(idp, "NotAuthorizedException", "Invalid session for the user."):
        idp.associate_software_token(Session="x" * 40)


@pytest.mark.parametrize("answer", ["EMAIL_MFA", "EMAIL_OTP"])
def test_select_mfa_type_email_answer(cognito_fake, pool, web, alice, idp, answer):
    """botocore documents ANSWER values SMS_MFA|EMAIL_MFA|SOFTWARE_TOKEN_MFA."""
    configure(idp, pool, totp=False, sms=True, email=True)
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id,
        Username="alice",
        SMSMfaSettings={"Enabled": True},
        EmailMfaSettings={"Enabled": True},
    )
    first = sign_in(idp, web)
    assert first["ChallengeName"] == "SELECT_MFA_TYPE"
    assert json.loads(first["ChallengeParameters"]["MFAS_CAN_CHOOSE"]) == ["SMS_MFA", "EMAIL_OTP"]
    second = respond(idp, web, "SELECT_MFA_TYPE", first["Session"], ANSWER=answer)
    assert second["ChallengeName"] == "EMAIL_OTP"
    assert second["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    code = cognito_fake.outbox.last(to="alice@example.com", purpose="mfa").code
    out = respond(idp, web, "EMAIL_OTP", second["Session"], EMAIL_OTP_CODE=code)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"
