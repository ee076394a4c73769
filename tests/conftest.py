"""Shared test setup: every boto3 response is checked against botocore's output shape."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.validate import ParamValidator

_validator = ParamValidator()


def _check_response(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    if parsed.get("Error") or model.output_shape is None:
        return
    body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    report = _validator.validate(body, model.output_shape)
    if report.has_errors():
        raise AssertionError(
            f"{model.name} response breaks its output shape:\n{report.generate_report()}"
        )


@pytest.fixture
def idp(cognito_fake: Any) -> Any:
    """The boto3 cognito-idp client over real HTTP (as app code reaches the fake), with
    botocore's own check of every response's shape."""
    client = cognito_fake.boto3_client(http=True)
    events = client.meta.events
    events.unregister("after-call.cognito-identity-provider", _check_response)
    events.register("after-call.cognito-identity-provider", _check_response)
    return client
