"""docs/time-travel.md: the fake reads the clock on every call, so freezegun and time-machine
move tokens, codes, cookies and sessions together."""

from __future__ import annotations

import datetime as dt

import pytest


def test_tokens_expire_under_freezegun(cognito_fake, freezer):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    tokens = pool.create_user("alice", password="Passw0rd!").sign_in(web)

    freezer.tick(3600)  # access and ID tokens last one hour

    with pytest.raises(idp.exceptions.NotAuthorizedException, match="Access Token has expired"):
        idp.get_user(AccessToken=tokens.access_token)
    fresh = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens.refresh_token},  # refresh tokens last 30 days
    )["AuthenticationResult"]
    assert idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == "alice"


def test_codes_expire_under_time_machine(cognito_fake, time_machine):
    time_machine.move_to(dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc), tick=False)
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])
    web = pool.create_client("web")
    idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
    )
    code = cognito_fake.outbox.code(purpose="sign_up")

    time_machine.shift(dt.timedelta(hours=24))  # sign-up codes last 24 hours

    with pytest.raises(idp.exceptions.ExpiredCodeException):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    assert pool.user("alice").status == "UNCONFIRMED"
