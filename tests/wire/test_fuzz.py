"""Random bodies to random operations: the answer is always JSON success or a modeled error,
never a traceback, a hang or a bug recorded by the service."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from pytest_cognito_fake import errors
from pytest_cognito_fake.app import make_app
from pytest_cognito_fake.service import Service

MODEL = botocore.session.get_session().get_service_model("cognito-idp")
OPERATIONS = sorted(MODEL.operation_names)
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/x"}

SERVICE = Service()
CLIENT = Client(make_app(SERVICE))

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


def _seed() -> dict[str, str]:
    """A pool, a client with a secret and a user, so that random ids sometimes hit."""
    SERVICE.reset()
    ctx = SERVICE.context("CreateUserPool")
    pool = SERVICE.invoke("CreateUserPool", {"PoolName": "fuzz"}, ctx)["UserPool"]["Id"]
    client = SERVICE.invoke(
        "CreateUserPoolClient",
        {"UserPoolId": pool, "ClientName": "c", "GenerateSecret": True},
        SERVICE.context("CreateUserPoolClient"),
    )["UserPoolClient"]["ClientId"]
    SERVICE.invoke(
        "AdminCreateUser",
        {"UserPoolId": pool, "Username": "alice", "MessageAction": "SUPPRESS"},
        SERVICE.context("AdminCreateUser"),
    )
    return {"pool": pool, "client": client}


SEEDED = _seed()


def _value(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Mostly well-typed values for ``shape`` (ids of the seeded records among the strings),
    sometimes any JSON."""
    t = shape.type_name
    if depth > 3:
        return st.none()
    if t == "string":
        known = [SEEDED["pool"], SEEDED["client"], "alice", "email", "", "x" * 300]
        base: st.SearchStrategy[Any] = (
            st.sampled_from(shape.enum) if shape.enum else st.sampled_from(known) | st.text()
        )
    elif t in ("integer", "long"):
        base = st.integers(min_value=-5, max_value=400_000_000)
    elif t == "boolean":
        base = st.booleans()
    elif t == "timestamp":
        base = st.floats(min_value=0, max_value=2e9)
    elif t == "list":
        base = st.lists(_value(shape.member, depth + 1), max_size=3)
    elif t == "map":
        base = st.dictionaries(st.text(max_size=6), _value(shape.value, depth + 1), max_size=3)
    elif t == "structure" and not shape.metadata.get("document"):
        base = _structure(shape, depth + 1)
    else:
        base = _json
    return base | _json if depth else base


def _structure(shape: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    members = {name: _value(member, depth) for name, member in shape.members.items()}
    return st.fixed_dictionaries({}, optional=members)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, bytes]:
    operation = draw(st.sampled_from(OPERATIONS))
    shape = MODEL.operation_model(operation).input_shape
    body: Any
    kind = draw(st.integers(0, 9))
    if kind == 0:
        body = draw(_json)
    elif shape is None or kind == 1:
        body = draw(st.dictionaries(st.text(max_size=10), _json, max_size=4))
    else:
        body = draw(_structure(shape))
    return operation, json.dumps(body).encode()


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(requests())
def test_random_requests_never_break_the_service(request: tuple[str, bytes]) -> None:
    operation, data = request
    headers = {**SIGNED, "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}"}
    response = CLIENT.post(
        "/", data=data, headers=headers, content_type="application/x-amz-json-1.1"
    )
    body = json.loads(response.get_data())
    assert SERVICE.bugs == [], SERVICE.bugs[0]
    if response.status_code == 200:
        assert isinstance(body, dict)
        return
    code = body["__type"]
    assert errors.error_class(code) is not None, code
    if code == "InternalErrorException":
        assert body["message"] == f"{operation} is not implemented by the fake."
