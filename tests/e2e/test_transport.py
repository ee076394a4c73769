"""``boto3_client()`` talks to the fake in-process; ``boto3_client(http=True)`` over loopback.
Both must give botocore the same answers: bodies, errors, headers, retries, timeouts."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ReadTimeoutError


@pytest.fixture
def clients(cognito_fake: Any) -> dict[str, Any]:
    return {"in-process": cognito_fake.boto3_client(), "http": cognito_fake.boto3_client(http=True)}


def _error(call: Any) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value


def test_the_two_transports_are_different_clients(cognito_fake: Any, clients: dict) -> None:
    assert clients["in-process"] is not clients["http"]
    assert cognito_fake.boto3_client() is clients["in-process"]  # cached


def test_same_success_body_and_headers(cognito_fake: Any, clients: dict) -> None:
    pool = cognito_fake.create_user_pool("app")
    answers = {name: c.describe_user_pool(UserPoolId=pool.id) for name, c in clients.items()}
    meta = {name: a.pop("ResponseMetadata") for name, a in answers.items()}
    assert answers["in-process"] == answers["http"]
    for name in clients:
        headers = meta[name]["HTTPHeaders"]
        assert meta[name]["HTTPStatusCode"] == 200
        assert headers["content-type"] == "application/x-amz-json-1.1"
        assert meta[name]["RequestId"] == headers["x-amzn-requestid"]
    assert meta["in-process"]["RequestId"] != meta["http"]["RequestId"]


def test_same_modeled_error(cognito_fake: Any, clients: dict) -> None:
    errors = {
        name: _error(lambda c=c: c.describe_user_pool(UserPoolId="us-east-1_nothere00"))
        for name, c in clients.items()
    }
    for name, client in clients.items():
        error = errors[name]
        assert isinstance(error, client.exceptions.ResourceNotFoundException)
        assert error.response["Error"]["Message"] == "User pool us-east-1_nothere00 does not exist."
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        headers = error.response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["x-amzn-errortype"] == "ResourceNotFoundException:"


def test_same_validation_error_text(cognito_fake: Any) -> None:
    # botocore validates client-side first: switch that off to see the service's own text.
    unchecked = Config(parameter_validation=False)
    texts = {
        str(_error(lambda c=c: c.list_user_pools(MaxResults=0)))
        for c in (
            cognito_fake.boto3_client(config=unchecked),
            cognito_fake.boto3_client(http=True, config=unchecked),
        )
    }
    assert texts == {
        "An error occurred (InvalidParameterException) when calling the ListUserPools operation:"
        " 1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint:"
        " Member must have value greater than or equal to 1"
    }


def test_same_retries_for_an_injected_server_error(cognito_fake: Any, clients: dict) -> None:
    for name, client in clients.items():
        rule = cognito_fake.fail("ListUserPools", "InternalErrorException", times=2)
        out = client.list_user_pools(MaxResults=5)
        assert out["ResponseMetadata"]["RetryAttempts"] == 2, name
        assert rule.hits == 2
    # Each transport's attempts reached the service and were logged.
    assert len(cognito_fake.calls("ListUserPools")) == 6


def test_read_timeout_in_process(cognito_fake: Any) -> None:
    impatient = cognito_fake.boto3_client(
        config=Config(read_timeout=0.05, retries={"mode": "standard", "total_max_attempts": 1})
    )
    cognito_fake.delay("ListUserPools", 0.2, times=1)
    with pytest.raises(ReadTimeoutError):
        impatient.list_user_pools(MaxResults=1)
    assert impatient.list_user_pools(MaxResults=1)["UserPools"] == []
