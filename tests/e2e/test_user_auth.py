"""Choice-based sign-in (USER_AUTH) through boto3: SELECT_CHALLENGE, PREFERRED_CHALLENGE,
passwords, SRP, one-time codes from the outbox, MFA after a password, GetUserAuthFactors."""

from __future__ import annotations

import pytest
from pycognito.aws_srp import AWSSRP

from ..helpers import PASSWORD, answer_totp, raises, respond, username_of

ALL = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]}}


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("app", Policies=ALL)


@pytest.fixture
def web(pool):
    return pool.create_client("web", flows=["USER_AUTH"])


@pytest.fixture
def alice(pool):
    return pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )


def start(idp, web, **params: str) -> dict:
    return idp.initiate_auth(
        ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "alice", **params}
    )


def test_select_challenge_lists_what_the_user_can_use(pool, web, alice, idp):
    out = start(idp, web)
    assert out["ChallengeName"] == "SELECT_CHALLENGE"
    assert out["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    tokens = respond(
        idp, web, "SELECT_CHALLENGE", out["Session"], ANSWER="PASSWORD", PASSWORD=PASSWORD
    )
    assert username_of(tokens["AuthenticationResult"]["AccessToken"]) == "alice"


def test_default_pool_offers_passwords_only(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("plain")
    web = pool.create_client("web", flows=["USER_AUTH"])
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    assert start(idp, web)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]


def test_unverified_contacts_are_not_offered(pool, web, idp):
    pool.create_user("alice", password=PASSWORD, email="alice@example.com", email_verified="false")
    assert start(idp, web)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]


def test_wrong_password_and_unknown_answer(pool, web, alice, idp):
    out = start(idp, web)
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        respond(
            idp, web, "SELECT_CHALLENGE", out["Session"], ANSWER="PASSWORD", PASSWORD="Wr0ng!pw"
        )
    out = start(idp, web)
    with raises(
        idp, "InvalidParameterException", "The challenge WEB_AUTHN is not available for the user."
    ):
        respond(idp, web, "SELECT_CHALLENGE", out["Session"], ANSWER="WEB_AUTHN")


def test_preferred_password(pool, web, alice, idp):
    out = start(idp, web, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_preferred_password_srp(pool, web, alice, idp):
    client = AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp)
    params = client.get_auth_params()
    first = start(idp, web, PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=params["SRP_A"])
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    answer = client.process_challenge(first["ChallengeParameters"], params)
    out = respond(idp, web, "PASSWORD_VERIFIER", first["Session"], **answer)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"
    wrong = AWSSRP("alice", "Wr0ng!pw", pool.id, web.id, client=idp)
    params = wrong.get_auth_params()
    first = start(idp, web, PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=params["SRP_A"])
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        respond(
            idp,
            web,
            "PASSWORD_VERIFIER",
            first["Session"],
            **wrong.process_challenge(first["ChallengeParameters"], params),
        )


def test_select_password_srp(pool, web, alice, idp):
    client = AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp)
    params = client.get_auth_params()
    out = start(idp, web)
    first = respond(
        idp, web, "SELECT_CHALLENGE", out["Session"], ANSWER="PASSWORD_SRP", SRP_A=params["SRP_A"]
    )
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    answer = client.process_challenge(first["ChallengeParameters"], params)
    tokens = respond(idp, web, "PASSWORD_VERIFIER", first["Session"], **answer)
    assert username_of(tokens["AuthenticationResult"]["AccessToken"]) == "alice"


@pytest.mark.parametrize(
    ("choice", "to", "key"),
    [
        ("EMAIL_OTP", "alice@example.com", "EMAIL_OTP_CODE"),
        ("SMS_OTP", "+15555550100", "SMS_OTP_CODE"),
    ],
)
def test_one_time_code_sign_in(cognito_fake, pool, web, alice, idp, choice, to, key):
    first = start(idp, web, PREFERRED_CHALLENGE=choice)
    assert first["ChallengeName"] == choice
    assert first["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] in ("EMAIL", "SMS")
    code = cognito_fake.outbox.last(to=to, purpose="otp").code
    wrong = f"{(int(code) + 1) % 1000000:06d}"
    with raises(idp, "CodeMismatchException", "Invalid code or auth state for the user."):
        respond(idp, web, choice, first["Session"], **{key: wrong})
    out = respond(idp, web, choice, first["Session"], **{key: code})
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_selected_email_code(cognito_fake, pool, web, alice, idp):
    out = start(idp, web)
    first = respond(idp, web, "SELECT_CHALLENGE", out["Session"], ANSWER="EMAIL_OTP")
    assert first["ChallengeName"] == "EMAIL_OTP"
    code = cognito_fake.outbox.last(to="alice@example.com", purpose="otp").code
    tokens = respond(idp, web, "EMAIL_OTP", first["Session"], EMAIL_OTP_CODE=code)
    assert "IdToken" in tokens["AuthenticationResult"]


def test_one_time_code_expires(cognito_fake, pool, alice, idp, freezer):
    web = pool.create_client("long", flows=["USER_AUTH"], AuthSessionValidity=15)
    first = start(idp, web, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = cognito_fake.outbox.last(purpose="otp").code
    freezer.tick(181)
    with raises(idp, "ExpiredCodeException", "Invalid code provided, please request a code again."):
        respond(idp, web, "EMAIL_OTP", first["Session"], EMAIL_OTP_CODE=code)


def test_preferred_but_not_allowed_falls_back_to_selection(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("plain")
    web = pool.create_client("web", flows=["USER_AUTH"])
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    out = start(idp, web, PREFERRED_CHALLENGE="EMAIL_OTP")
    assert out["ChallengeName"] == "SELECT_CHALLENGE"
    assert cognito_fake.outbox.filter(purpose="otp") == []


def test_mfa_follows_a_password_choice(cognito_fake, pool, web, alice, idp, freezer):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    token = start(idp, web, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)[
        "AuthenticationResult"
    ]["AccessToken"]
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode=cognito_fake.totp_code(alice))
    freezer.tick(30)
    first = start(idp, web, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    assert first["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    out = answer_totp(cognito_fake, idp, web, first["Session"], alice)
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_get_user_auth_factors(cognito_fake, pool, web, alice, idp):
    token = start(idp, web, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)[
        "AuthenticationResult"
    ]["AccessToken"]
    out = idp.get_user_auth_factors(AccessToken=token)
    assert out["Username"] == "alice"
    assert out["ConfiguredUserAuthFactors"] == ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]
    assert "UserMFASettingList" not in out


def test_flow_must_be_allowed_and_user_must_exist(pool, alice, idp):
    other = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with pytest.raises(idp.exceptions.InvalidParameterException, match="not enabled"):
        start(idp, other)
    web = pool.create_client("web", flows=["USER_AUTH"])
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "bob"})
