"""docs/codes-and-mfa.md: codes and the outbox, SRP, MFA."""

from __future__ import annotations

import pytest
from pycognito.aws_srp import AWSSRP


def test_codes_come_from_the_outbox(cognito_fake, freezer):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])

    idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
    )
    message = cognito_fake.outbox.last(to="alice@example.com", purpose="sign_up")
    assert message.code in message.text  # the pool's template, rendered

    with pytest.raises(idp.exceptions.CodeMismatchException):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode="000000")
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=message.code)

    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.code(purpose="forgot_password")
    freezer.tick(3601)  # reset codes last one hour
    with pytest.raises(idp.exceptions.ExpiredCodeException):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode=code, Password="N3wPassw0rd!"
        )


def test_srp_sign_in(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_SRP_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    idp = cognito_fake.boto3_client()

    tokens = AWSSRP("alice", "Passw0rd!", pool.id, web.id, client=idp).authenticate_user()
    assert tokens["AuthenticationResult"]["AccessToken"]

    wrong = AWSSRP("alice", "Wr0ngPassword!", pool.id, web.id, client=idp)
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="Incorrect username"):
        wrong.authenticate_user()


def test_totp_sign_in(cognito_fake, freezer):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="OPTIONAL",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    token = alice.sign_in(web).access_token
    idp.associate_software_token(AccessToken=token)
    idp.verify_software_token(AccessToken=token, UserCode=cognito_fake.totp_code(alice))
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    freezer.tick(30)  # AWS refuses a code of a 30-second step that was already used

    first = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )
    assert first["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    out = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=first["Session"],
        ChallengeResponses={
            "USERNAME": "alice",
            "SOFTWARE_TOKEN_MFA_CODE": cognito_fake.totp_code(alice),
        },
    )
    assert "AccessToken" in out["AuthenticationResult"]
