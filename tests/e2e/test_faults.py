"""Error injection through a real boto3 client: the error reaches botocore as AWS sends it, so
its retry logic reacts as in production; mistakes in a rule are refused at once."""

from __future__ import annotations

import types
from typing import Any

import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

from pytest_cognito_fake import errors

from ..helpers import raises

PASSWORD = "Passw0rd!"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's back-off sleeps between retries, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=recorded.append))
    return recorded


@pytest.fixture
def web(cognito_fake: Any) -> Any:
    pool = cognito_fake.create_user_pool("app")
    client = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    pool.create_user("bob", password=PASSWORD)
    return client


def sign_in(idp: Any, client_id: str, username: str = "alice") -> dict[str, Any]:
    return idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )


def test_error_goes_out_as_aws_sends_it(cognito_fake, idp, web):
    cognito_fake.fail("InitiateAuth", "NotAuthorizedException", "Incorrect username or password.")
    with pytest.raises(idp.exceptions.NotAuthorizedException) as caught:
        sign_in(idp, web.id)
    response = caught.value.response
    assert response["Error"] == {
        "Code": "NotAuthorizedException",
        "Message": "Incorrect username or password.",
    }
    meta = response["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 400
    assert meta["HTTPHeaders"]["content-type"] == "application/x-amz-json-1.1"
    assert meta["HTTPHeaders"]["x-amzn-errortype"] == "NotAuthorizedException:"
    assert meta["HTTPHeaders"]["x-amzn-errormessage"] == "Incorrect username or password."
    assert meta["RequestId"] == meta["HTTPHeaders"]["x-amzn-requestid"]
    assert meta["RetryAttempts"] == 0


def test_too_many_requests_is_not_retried_in_legacy_mode(cognito_fake, idp, web, sleeps):
    rule = cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=2)
    with pytest.raises(idp.exceptions.TooManyRequestsException, match="Rate exceeded") as caught:
        sign_in(idp, web.id)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert (rule.hits, rule.remaining) == (1, 1)
    assert len(cognito_fake.calls("InitiateAuth")) == 1
    assert sleeps == []


def test_too_many_requests_is_retried_in_standard_mode(cognito_fake, web, sleeps):
    idp = cognito_fake.boto3_client(config=Config(retries={"mode": "standard"}))
    rule = cognito_fake.fail("InitiateAuth", "TooManyRequestsException", times=2)
    out = sign_in(idp, web.id)
    assert out["AuthenticationResult"]["AccessToken"]
    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    assert (rule.hits, rule.remaining) == (2, 0)
    calls = cognito_fake.calls("InitiateAuth")
    assert [c.error for c in calls] == ["TooManyRequestsException"] * 2 + [None]
    assert len(sleeps) == 2


def test_internal_error_is_retried_in_legacy_mode(cognito_fake, idp, web, sleeps):
    rule = cognito_fake.fail("InitiateAuth", "InternalErrorException", times=2)
    out = sign_in(idp, web.id)
    assert out["ResponseMetadata"]["RetryAttempts"] == 2
    assert rule.hits == 2
    assert len(cognito_fake.calls("InitiateAuth")) == 3


def test_legacy_mode_gives_up_after_five_attempts(cognito_fake, idp, web, sleeps):
    rule = cognito_fake.fail("InitiateAuth", "InternalErrorException")
    with pytest.raises(idp.exceptions.InternalErrorException) as caught:
        sign_in(idp, web.id)
    assert caught.value.response["Error"]["Message"] == "Internal server error."
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 4
    assert rule.hits == 5
    assert rule.remaining is None
    assert len(sleeps) == 4


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_app_code_with_its_own_client_sees_the_fault(cognito_fake, web, sleeps, monkeypatch, mode):
    import boto3

    monkeypatch.setenv("AWS_RETRY_MODE", mode)  # botocore's default differs by release
    cognito_fake.fail("InitiateAuth", "InternalErrorException", times=1)
    out = sign_in(boto3.client("cognito-idp"), web.id)
    assert out["ResponseMetadata"]["RetryAttempts"] == 1


def test_rule_as_context_manager(cognito_fake, idp, web):
    missing = idp.exceptions.UserNotFoundException
    with (
        cognito_fake.fail("InitiateAuth", "UserNotFoundException", "User does not exist.") as r,
        pytest.raises(missing, match=r"^An error .* User does not exist\.$"),
    ):
        sign_in(idp, web.id)
    assert r.hits == 1
    assert sign_in(idp, web.id)["AuthenticationResult"]
    assert cognito_fake.service.faults == []


def test_remove_stops_a_rule(cognito_fake, idp, web):
    rule = cognito_fake.fail("InitiateAuth", "NotAuthorizedException")
    rule.remove()
    assert sign_in(idp, web.id)["AuthenticationResult"]
    assert rule.hits == 0


def test_when_picks_the_requests_to_fail(cognito_fake, idp, web):
    rule = cognito_fake.fail(
        "InitiateAuth",
        "PasswordResetRequiredException",
        "Password reset required for the user",
        when=lambda req: req["AuthParameters"]["USERNAME"] == "bob",
    )
    assert sign_in(idp, web.id, "alice")["AuthenticationResult"]
    with raises(idp, "PasswordResetRequiredException", "Password reset required for the user"):
        sign_in(idp, web.id, "bob")
    assert rule.hits == 1


def test_newest_matching_rule_answers(cognito_fake, idp, web):
    cognito_fake.fail("InitiateAuth", "NotAuthorizedException")
    with cognito_fake.fail("InitiateAuth", "UserNotConfirmedException", times=1):
        with pytest.raises(idp.exceptions.UserNotConfirmedException):
            sign_in(idp, web.id)
        with pytest.raises(idp.exceptions.NotAuthorizedException):
            sign_in(idp, web.id)


def test_error_class_and_default_message(cognito_fake, idp, web):
    cognito_fake.fail("InitiateAuth", errors.UserNotConfirmedException)
    with pytest.raises(idp.exceptions.UserNotConfirmedException) as caught:
        sign_in(idp, web.id)
    assert caught.value.response["Error"]["Message"] == (
        "UserNotConfirmedException injected by cognito_fake.fail()."
    )


def test_invalid_input_is_refused_before_any_fault(cognito_fake, idp, web):
    rule = cognito_fake.fail("InitiateAuth", "InternalErrorException")
    with raises(
        idp,
        "InvalidParameterException",
        "1 validation error detected: Value 'not a client id!' at 'clientId' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+]+",
    ):
        idp.initiate_auth(ClientId="not a client id!", AuthFlow="USER_PASSWORD_AUTH")
    assert rule.hits == 0


def test_a_failed_call_changes_nothing(cognito_fake, idp, web):
    cognito_fake.fail("AdminCreateUser", "TooManyRequestsException")
    with raises(idp, "TooManyRequestsException", "Rate exceeded"):
        idp.admin_create_user(UserPoolId=web.pool.id, Username="carol")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=web.pool.id, Username="carol")
    assert "carol" not in web.pool.users


def test_unknown_operation_is_refused_with_suggestions(cognito_fake):
    with pytest.raises(ValueError, match=r"'InitateAuth' is not a cognito-idp operation\. "):
        cognito_fake.fail("InitateAuth", "NotAuthorizedException")
    with pytest.raises(ValueError, match=r"Did you mean InitiateAuth"):
        cognito_fake.fail("initiateauth", "NotAuthorizedException")
    with pytest.raises(ValueError, match=r"Did you mean .*AdminInitiateAuth"):
        cognito_fake.calls("AdminInitateAuth")
    assert cognito_fake.service.faults == []


def test_unknown_error_is_refused_with_suggestions(cognito_fake):
    with pytest.raises(ValueError, match=r"'NotAuthorizedExeption' is not a Cognito error\."):
        cognito_fake.fail("InitiateAuth", "NotAuthorizedExeption")
    with pytest.raises(ValueError, match=r"Did you mean NotAuthorizedException, "):
        cognito_fake.fail("InitiateAuth", "NotAuthorizedExeption")


def test_error_the_operation_cannot_raise_is_refused(cognito_fake, idp):
    with pytest.raises(ValueError, match=r"ListUserPools cannot raise UserNotFoundException \("):
        cognito_fake.fail("ListUserPools", "UserNotFoundException")
    assert cognito_fake.service.faults == []
    cognito_fake.fail("ListUserPools", "UserNotFoundException", "odd", unmodeled=True)
    with raises(idp, "UserNotFoundException", "odd"):
        idp.list_user_pools(MaxResults=1)


def test_common_errors_are_allowed_for_any_operation(cognito_fake, idp, sleeps):
    cognito_fake.fail("ListUserPools", "ThrottlingException", times=1)
    out = idp.list_user_pools(MaxResults=1)  # legacy mode retries ThrottlingException
    assert out["ResponseMetadata"]["RetryAttempts"] == 1


def test_bad_times_and_delay_are_refused(cognito_fake):
    with pytest.raises(ValueError, match="times must be a positive number"):
        cognito_fake.fail("ListUserPools", "InternalErrorException", times=0)
    with pytest.raises(ValueError, match="delay must be zero or more"):
        cognito_fake.delay("ListUserPools", -1)


def test_delay_makes_a_client_time_out(cognito_fake, web):
    impatient = cognito_fake.boto3_client(
        config=Config(read_timeout=0.05, retries={"mode": "standard", "total_max_attempts": 1})
    )
    rule = cognito_fake.delay("InitiateAuth", 0.5, times=1)
    with pytest.raises(ReadTimeoutError):
        sign_in(impatient, web.id)
    assert rule.hits == 1
    assert sign_in(cognito_fake.boto3_client(), web.id)["AuthenticationResult"]  # rule spent


def test_call_log(cognito_fake, idp, web):
    sign_in(idp, web.id)
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": "wrong"},
        )
    calls = cognito_fake.calls("InitiateAuth")
    assert len(calls) == 2
    assert calls[0].ok
    assert calls[0].response["AuthenticationResult"]["AccessToken"]
    assert calls.last.error == "NotAuthorizedException"
    assert calls.last.response is None
    assert calls.last.request["AuthParameters"]["PASSWORD"] == "wrong"
    assert cognito_fake.calls().failed == [calls.last]
    assert cognito_fake.calls().operations == ["InitiateAuth", "InitiateAuth"]
    assert cognito_fake.calls("GetUser") == []
    with pytest.raises(LookupError, match="no call was made"):
        _ = cognito_fake.calls("GetUser").last


@pytest.mark.parametrize(
    ("error", "status", "legacy_retries", "standard_retries"),
    [
        ("TooManyRequestsException", 400, False, True),
        ("InternalErrorException", 500, True, True),
        ("ThrottlingException", 400, True, True),
        ("ServiceUnavailable", 503, True, True),
        ("NotAuthorizedException", 400, False, False),
    ],
)
def test_retry_table_of_the_readme(
    cognito_fake, web, sleeps, error, status, legacy_retries, standard_retries
):
    once = cognito_fake.boto3_client(config=Config(retries={"total_max_attempts": 1}))
    with cognito_fake.fail("InitiateAuth", error), pytest.raises(once.exceptions.ClientError) as e:
        sign_in(once, web.id)
    assert e.value.response["Error"]["Code"] == error
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    for mode, retried in (("legacy", legacy_retries), ("standard", standard_retries)):
        idp = cognito_fake.boto3_client(config=Config(retries={"mode": mode}))
        rule = cognito_fake.fail("InitiateAuth", error, times=1)
        if retried:
            assert sign_in(idp, web.id)["ResponseMetadata"]["RetryAttempts"] == 1
        else:
            with pytest.raises(idp.exceptions.ClientError, match=error):
                sign_in(idp, web.id)
        assert rule.hits == 1
