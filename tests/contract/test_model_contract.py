"""The fake against the model it ships, read through botocore's own model classes (an
independent reading of the same JSON): error classes, and every operation's input layer."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
from botocore.model import ServiceModel
from werkzeug.test import Client

from pytest_cognito_fake import errors, model
from pytest_cognito_fake.api import load_all
from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.service import Service

from .pending import PENDING

RAW = model.shipped().service
MODEL = ServiceModel(RAW, "cognito-idp")
OPERATIONS = sorted(MODEL.operation_names)
#: Errors of the protocol layer and common AWS errors, beside the model's error shapes.
NOT_MODELED = {
    "SerializationException",
    "UnknownOperationException",
    "MissingAuthenticationTokenException",
    "ThrottlingException",
    "ServiceUnavailable",
}
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/x"}


def _error_classes() -> dict[str, type[errors.CognitoError]]:
    return {
        name: obj
        for name, obj in vars(errors).items()
        if inspect.isclass(obj)
        and issubclass(obj, errors.CognitoError)
        and obj is not errors.CognitoError
    }


def _model_errors() -> dict[str, Any]:
    shapes: dict[str, Any] = {}
    for name in OPERATIONS:
        for shape in MODEL.operation_model(name).error_shapes:
            shapes[shape.name] = shape
    return shapes


def test_one_error_class_per_model_error_shape() -> None:
    assert set(_error_classes()) == set(_model_errors()) | NOT_MODELED


def test_error_classes_carry_the_model_status() -> None:
    """``fault: true`` shapes are 500; every other modeled error is 400 (raw model JSON:
    botocore's Shape drops the ``fault`` flag)."""
    shapes = RAW["shapes"]
    classes = _error_classes()
    for name in _model_errors():
        assert classes[name].status == (500 if shapes[name].get("fault") else 400), name


def test_model_error_bodies_use_lowercase_message() -> None:
    for name in _model_errors():
        assert "message" in _error_classes()[name]("x").body(), name


def _expected_required_error(operation: str) -> str | None:
    """AWS's text for an empty body, built from botocore's shape (not from model.py)."""
    shape = MODEL.operation_model(operation).input_shape
    required = sorted(m[:1].lower() + m[1:] for m in (shape.required_members if shape else []))
    if not required:
        return None
    items = [
        f"Value null at '{path}' failed to satisfy constraint: Member must not be null"
        for path in required
    ]
    head = "1 validation error" if len(items) == 1 else f"{len(items)} validation errors"
    return f"{head} detected: " + "; ".join(items)


@pytest.fixture(scope="module")
def wire() -> tuple[Client, Service]:
    service = Service()
    return Client(make_app(service)), service


def _post_empty(client: Client, operation: str) -> Any:
    headers = {**SIGNED, "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}"}
    return client.post("/", data=b"{}", headers=headers, content_type="application/x-amz-json-1.1")


def test_model_records_its_release() -> None:
    assert model.release() == model.shipped().release
    assert len(OPERATIONS) == len(model.operation_names()) > 100


@pytest.mark.parametrize("operation", OPERATIONS)
def test_empty_body_meets_the_validation_layer(
    wire: tuple[Client, Service], operation: str
) -> None:
    """``{}`` gives the model's required-member error, or reaches the operation; never a bug.
    An operation not implemented yet would answer the clear UnknownOperationException."""
    client, service = wire
    response = _post_empty(client, operation)
    body = json.loads(response.get_data())
    expected = _expected_required_error(operation)
    if expected is not None:
        assert response.status_code == 400
        assert body == {"__type": "InvalidParameterException", "message": expected}
    elif body.get("__type") == "UnknownOperationException":
        assert response.status_code == 400
        assert body["Message"].startswith(f"{operation} is not implemented by pytest-cognito-fake")
    else:
        modeled = {e.name for e in MODEL.operation_model(operation).error_shapes}
        assert response.status_code == 200 or body["__type"] in modeled
    assert service.bugs == []


def _unimplemented() -> list[str]:
    return sorted(set(OPERATIONS) - set(load_all()))


def test_every_operation_is_implemented() -> None:
    """All but the pending ones, and the pending list names exactly those not implemented."""
    assert _unimplemented() == sorted(PENDING)
