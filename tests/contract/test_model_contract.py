"""The fake against botocore's model: error classes, and every operation's input layer."""

from __future__ import annotations

import inspect
import json
from typing import Any

import botocore.session
import pytest
from werkzeug.test import Client

from pytest_cognito_fake import errors
from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.service import Service

MODEL = botocore.session.get_session().get_service_model("cognito-idp")
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
    raw = botocore.session.get_session().get_component("data_loader")
    shapes = raw.load_service_model("cognito-idp", "service-2")["shapes"]
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


def test_model_has_122_operations() -> None:
    assert len(OPERATIONS) == 122


@pytest.mark.parametrize("operation", OPERATIONS)
def test_empty_body_meets_the_validation_layer(
    wire: tuple[Client, Service], operation: str
) -> None:
    """``{}`` gives the model's required-member error, or reaches the operation; never a bug.
    Operations not implemented yet answer a clear InternalErrorException (see the next test)."""
    client, service = wire
    response = _post_empty(client, operation)
    body = json.loads(response.get_data())
    expected = _expected_required_error(operation)
    if expected is not None:
        assert response.status_code == 400
        assert body == {"__type": "InvalidParameterException", "message": expected}
    elif body.get("__type") == "InternalErrorException":
        assert body["message"] == f"{operation} is not implemented by the fake."
    else:
        modeled = {e.name for e in MODEL.operation_model(operation).error_shapes}
        assert response.status_code == 200 or body["__type"] in modeled
    assert service.bugs == []


def _unimplemented() -> list[str]:
    return sorted(set(OPERATIONS) - set(Service().operations))


@pytest.mark.skipif(
    bool(_unimplemented()),
    reason=f"issue 5: operations not implemented yet: {', '.join(_unimplemented())}",
)
def test_every_operation_is_implemented() -> None:
    assert _unimplemented() == []
