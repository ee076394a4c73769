"""Random bodies to random operations: the answer is always JSON success or a modeled error,
never a traceback, a hang or a bug recorded by the service."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from pytest_cognito_fake import errors
from pytest_cognito_fake.http.app import make_app
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
#: Every example starts from the seeded state, so that a failure replays and shrinks.
SEED_STATE = SERVICE.state.snapshot()


KNOWN = [
    "alice",
    "email",
    "code",
    "openid",
    "https://app.example.com/cb",
    "arn:aws:iam::123456789012:role/fuzz-role",
    "arn:aws:lambda:us-east-1:123456789012:function:fuzz",
    "Passw0rd!",
    "123456",
    "a" * 24,
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
]


def _string(shape: Any, strict: bool) -> st.SearchStrategy[str]:
    """Strings that meet the shape's length and pattern when one is known to, else plain text."""
    meta = shape.metadata
    low, high = meta.get("min", 0), meta.get("max", 10_000)
    pattern = meta.get("pattern")

    def fits(value: str) -> bool:
        whole = regex.fullmatch(pattern, value) if pattern else True
        return bool(whole) and low <= len(value) <= high

    known = [v for v in [SEEDED["pool"], SEEDED["client"], *KNOWN] if fits(v)]
    plain = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=12)
    if known:
        return st.sampled_from(known) | plain.filter(fits) if strict else st.sampled_from(known)
    return plain if not strict else plain.filter(fits) | plain


def _value(shape: Any, depth: int = 0, strict: bool = False) -> st.SearchStrategy[Any]:
    """Well-typed values for ``shape`` (the seeded ids among the strings); unless ``strict``,
    sometimes any JSON instead."""
    t = shape.type_name
    if depth > 4:
        return st.none()
    if t == "string":
        base: st.SearchStrategy[Any] = (
            st.sampled_from(shape.enum) if shape.enum else _string(shape, strict)
        )
    elif t in ("integer", "long"):
        low = shape.metadata.get("min", -5)
        high = shape.metadata.get("max", 400_000_000)
        base = st.integers(min_value=low, max_value=high)
    elif t == "boolean":
        base = st.booleans()
    elif t == "timestamp":
        base = st.floats(min_value=0, max_value=2e9)
    elif t == "list":
        base = st.lists(_value(shape.member, depth + 1, strict), max_size=3)
    elif t == "map":
        base = st.dictionaries(
            st.sampled_from(["USERNAME", "PASSWORD", "SECRET_HASH", "k"]),
            _value(shape.value, depth + 1, strict),
            max_size=3,
        )
    elif t == "structure" and not shape.metadata.get("document"):
        base = _structure(shape, depth + 1, strict)
    else:
        base = _json
    return base if strict or not depth else base | _json


def _structure(
    shape: Any, depth: int = 0, strict: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    required = {n: _value(shape.members[n], depth, strict) for n in shape.required_members}
    optional = {n: _value(m, depth, strict) for n, m in shape.members.items() if n not in required}
    return st.fixed_dictionaries(required, optional=optional)


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
        body = draw(_structure(shape, strict=kind > 4))
    return operation, json.dumps(body).encode()


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(requests())
def test_random_requests_never_break_the_service(request: tuple[str, bytes]) -> None:
    operation, data = request
    SERVICE.state = SEED_STATE.snapshot()
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
