"""An operation a client knows but the fake's model lacks: a clear 400 on the first attempt.

A newer botocore than the model the fake ships knows operations the fake has never heard of;
the answer must say so (and what to do), and botocore must not retry it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import botocore.session
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from pytest_cognito_fake import model

TARGET = "AWSCognitoIdentityProviderService."
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/x"}
FUTURE = "DescribeFutureThing"


def _assert_clear_answer(status: int, headers: Any, body: dict[str, Any], name: str) -> None:
    assert status == 400
    assert headers["x-amzn-errortype"] == "UnknownOperationException:"  # case-insensitive
    assert body["__type"] == "UnknownOperationException"
    message = body["Message"]
    assert message.startswith(f"{name} is newer than pytest-cognito-fake ")
    assert f"botocore {model.release()}" in message
    assert f"({len(model.operation_names())} operations)" in message
    assert "pip install -U pytest-cognito-fake" in message


def test_raw_signed_request_for_an_unknown_operation(cognito_fake: Any) -> None:
    response = requests.post(
        cognito_fake.url,
        data=b"{}",
        headers={
            **SIGNED,
            "X-Amz-Target": TARGET + FUTURE,
            "Content-Type": "application/x-amz-json-1.1",
        },
        timeout=10,
    )
    _assert_clear_answer(response.status_code, response.headers, response.json(), FUTURE)


def test_wrong_target_prefix_still_answers_as_aws_does(cognito_fake: Any) -> None:
    """Not our service's target at all: AWS's bare UnknownOperationException."""
    response = requests.post(
        cognito_fake.url,
        data=b"{}",
        headers={**SIGNED, "X-Amz-Target": "SomeOtherService.ListThings"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json() == {"__type": "UnknownOperationException"}


@pytest.fixture
def newer_botocore(tmp_path: Path) -> botocore.session.Session:
    """A botocore session whose cognito-idp model has one operation more than the fake's."""
    document = json.loads(json.dumps(model.shipped().service))
    document["operations"][FUTURE] = {
        "name": FUTURE,
        "http": {"method": "POST", "requestUri": "/"},
        "input": {"shape": "DescribeFutureThingRequest"},
        "errors": [{"shape": "InternalErrorException"}],
    }
    document["shapes"]["DescribeFutureThingRequest"] = {"type": "structure", "members": {}}
    folder = tmp_path / "cognito-idp" / document["metadata"]["apiVersion"]
    folder.mkdir(parents=True)
    (folder / "service-2.json").write_text(json.dumps(document))
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, str(tmp_path))
    return session


@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_botocore_with_a_newer_model_gets_one_clear_answer(
    cognito_fake: Any, newer_botocore: botocore.session.Session, mode: str
) -> None:
    client = newer_botocore.create_client(
        "cognito-idp",
        endpoint_url=cognito_fake.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"mode": mode, "total_max_attempts": 5}),
    )
    with pytest.raises(ClientError) as caught:
        client.describe_future_thing()
    response = caught.value.response
    assert response["ResponseMetadata"]["RetryAttempts"] == 0  # one attempt, no retry
    assert response["Error"]["Code"] == "UnknownOperationException"
    _assert_clear_answer(
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["ResponseMetadata"]["HTTPHeaders"],
        {"__type": response["Error"]["Code"], "Message": response["Error"]["Message"]},
        FUTURE,
    )
