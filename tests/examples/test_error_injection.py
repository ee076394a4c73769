"""docs/errors.md: injecting errors, the call log."""

from __future__ import annotations

import types

import boto3
import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

AUTH = {"USERNAME": "alice", "PASSWORD": "Passw0rd!"}


@pytest.fixture
def web(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("alice", password="Passw0rd!")
    pool.create_user("bob", password="Passw0rd!")
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH"])


def test_sign_in_is_throttled_once(cognito_fake, web):
    idp = cognito_fake.boto3_client()  # pins the legacy retry mode, 5 attempts in all
    rule = cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=1)

    with pytest.raises(idp.exceptions.TooManyRequestsException, match="Rate exceeded"):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)
    assert rule.hits == 1
    assert rule.remaining == 0

    idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)


@pytest.fixture
def backoff(monkeypatch):
    """botocore sleeps between retries; record the sleeps instead of waiting."""
    sleeps = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=sleeps.append))
    return sleeps


def test_standard_retry_mode_rides_out_throttling(cognito_fake, web, backoff):
    idp = cognito_fake.boto3_client(config=Config(retries={"mode": "standard"}))
    cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=2)

    out = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)

    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    calls = cognito_fake.calls("InitiateAuth")
    assert [call.error for call in calls] == ["TooManyRequestsException"] * 2 + [None]
    assert len(backoff) == 2


def test_app_clients_in_legacy_mode_give_up_at_once(cognito_fake, web, monkeypatch):
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")  # botocore's default up to 1.43
    cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=1)
    idp = boto3.client("cognito-idp")  # as the app makes it

    with pytest.raises(idp.exceptions.TooManyRequestsException):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)
    assert len(cognito_fake.calls("InitiateAuth")) == 1


def test_app_clients_in_standard_mode_retry(cognito_fake, web, backoff, monkeypatch):
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")  # botocore's default from 1.44
    cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=1)
    idp = boto3.client("cognito-idp")

    out = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)

    assert out["ResponseMetadata"]["RetryAttempts"] == 1
    calls = cognito_fake.calls("InitiateAuth")
    assert [call.error for call in calls] == ["TooManyRequestsException", None]


def test_only_some_requests_fail(cognito_fake, web):
    idp = cognito_fake.boto3_client()
    bob = {"USERNAME": "bob", "PASSWORD": "Passw0rd!"}

    with cognito_fake.fail(
        "InitiateAuth",
        "PasswordResetRequiredException",
        "Password reset required for the user",
        when=lambda request: request["AuthParameters"]["USERNAME"] == "bob",
    ):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)
        with pytest.raises(idp.exceptions.PasswordResetRequiredException):
            idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=bob)

    idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=bob)


def test_a_slow_service(cognito_fake, web):
    impatient = cognito_fake.boto3_client(
        config=Config(read_timeout=0.1, retries={"total_max_attempts": 1})
    )
    cognito_fake.delay("InitiateAuth", 0.5, times=1)

    with pytest.raises(ReadTimeoutError):
        impatient.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)


def test_mistakes_are_refused_at_once(cognito_fake):
    with pytest.raises(ValueError, match="Did you mean InitiateAuth"):
        cognito_fake.fail("InitateAuth", "NotAuthorizedException")
    with pytest.raises(ValueError, match="ListUserPools cannot raise UserNotFoundException"):
        cognito_fake.fail("ListUserPools", "UserNotFoundException")


def test_the_call_log(cognito_fake, web):
    idp = cognito_fake.boto3_client()
    idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=AUTH)
    with pytest.raises(idp.exceptions.NotAuthorizedException):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": "wrong"},
        )

    calls = cognito_fake.calls("InitiateAuth")
    assert len(calls) == 2
    assert calls[0].response["AuthenticationResult"]["TokenType"] == "Bearer"
    assert calls.last.error == "NotAuthorizedException"
    assert calls.last.request["AuthParameters"]["USERNAME"] == "alice"
    assert cognito_fake.calls().operations == ["InitiateAuth", "InitiateAuth"]
