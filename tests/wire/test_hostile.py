"""Hostile values to every operation over loopback HTTP: huge, deeply nested, non-ASCII, lone
surrogates, wrong JSON types. Whatever arrives, the answer is a well-formed AWS response with
small headers, on a connection that stays open, within the socket's time bound: never a 5xx,
a traceback or a hang."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import errors, model

OPERATIONS = sorted(model.operation_names())
SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/aws4_request"
#: The time bound of one call: the socket gives up after it (a hang fails the test).
TIMEOUT = 20
HEADER_BOUND = 8192


class Fake:
    """The session's fake, a keep-alive connection to it and ids that exist in it."""

    def __init__(self, running: Any) -> None:
        self.service = running.service
        self.port = running.server.port
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        self.service.reset()
        fake_call = self.service.invoke
        ctx = self.service.context
        self.pool = fake_call("CreateUserPool", {"PoolName": "hostile"}, ctx())["UserPool"]["Id"]
        self.client = fake_call(
            "CreateUserPoolClient",
            {"UserPoolId": self.pool, "ClientName": "c", "GenerateSecret": True},
            ctx(),
        )["UserPoolClient"]["ClientId"]
        fake_call(
            "AdminCreateUser",
            {"UserPoolId": self.pool, "Username": "alice", "MessageAction": "SUPPRESS"},
            ctx(),
        )

    def post(self, operation: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": SIGNED,
        }
        self.conn.request("POST", "/", body=body, headers=headers)
        response = self.conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()


@pytest.fixture(scope="module")
def fake(cognito_fake_server: Any) -> Iterator[Fake]:
    found = Fake(cognito_fake_server)
    yield found
    found.conn.close()
    found.service.reset()


def _nested(depth: int) -> Any:
    value: Any = "x"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


_surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_any_char = st.characters(codec=None) | _surrogates
_small = st.one_of(
    st.text(_any_char, max_size=12),
    st.text(_surrogates, min_size=1, max_size=3),
    st.sampled_from(["Pässw0rd-ü1", "ユーザー", "🙂@example.com", "alice", "Passw0rd!", "123456"]),
)
#: Long enough to break a header line, built so that a backtracking pattern would crawl.
_huge = st.sampled_from(["a", "é", "a@", "-", " ", "\ud800", "{####}"]).map(lambda c: c * 70_000)
#: Huge values one time in ten: each costs a few milliseconds to send and to validate.
_strings = st.integers(0, 9).flatmap(lambda n: _huge if n == 0 else _small)
_wrong = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.integers(min_value=30, max_value=1200).map(_nested),
)


def _hostile(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """A hostile value in place of ``shape``: wrong types anywhere, hostile strings in
    strings, maps and lists (with the keys Cognito's maps use)."""
    kind = shape.type_name
    if depth > 3 or kind in ("integer", "long", "boolean", "timestamp", "blob"):
        return _strings | _wrong
    if kind == "list":
        return st.lists(_hostile(shape.member, depth + 1), max_size=3) | _wrong
    if kind == "map":
        keys = st.sampled_from(["USERNAME", "PASSWORD", "SECRET_HASH", "SRP_A", "ANSWER", "k"])
        return st.dictionaries(keys, _strings, max_size=3) | _wrong
    if kind == "structure" and not shape.metadata.get("document"):
        return _body(shape, depth + 1) | _wrong
    return _strings | _wrong


def _body(shape: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    members = {name: _hostile(member, depth) for name, member in shape.members.items()}
    return st.fixed_dictionaries({}, optional=members)


def _with_ids(fake: Fake, body: dict[str, Any]) -> dict[str, Any]:
    """Where the body names no pool or client, the seeded ones: so that validation passes
    more often and the hostile values reach the operation itself."""
    return {"UserPoolId": fake.pool, "ClientId": fake.client, **body}


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(
    max_examples=3,
    deadline=timedelta(seconds=TIMEOUT),
    database=None,
    derandomize=True,  # the same hostile values on every run: CI never flakes on a new draw
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_get_a_well_formed_aws_answer(
    fake: Fake, operation: str, data: st.DataObject
) -> None:
    shape = model.operation(operation).input_shape
    body: Any = data.draw(_body(shape) if shape is not None else st.just({}), label="body")
    if isinstance(body, dict) and data.draw(st.booleans(), label="seeded ids"):
        body = _with_ids(fake, body)
    raw = json.dumps(body, ensure_ascii=data.draw(st.booleans(), label="ascii"))
    status, headers, payload = fake.post(operation, raw.encode("utf-8", "surrogatepass"))

    assert fake.service.bugs == [], fake.service.bugs[0]
    assert status < 500, payload[:500]
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert len(headers["x-amzn-RequestId"]) == 36
    for name, value in headers.items():
        assert len(name) + len(value) <= HEADER_BOUND, name
    answer = json.loads(payload)
    assert isinstance(answer, dict)
    if status != 200:
        code = answer["__type"]
        framework = {"SerializationException", "UnknownOperationException"}
        assert code in model.error_names(operation) | errors.COMMON_ERRORS | framework, answer
