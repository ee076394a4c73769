"""Inputs that once broke the server or its client: huge error headers, non-ASCII and lone
surrogate secrets, broken HTTP framing, unknown pools' well-known documents. Each goes
through a real client over loopback HTTP (boto3, or raw sockets where boto3 cannot send it)."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from ..helpers import PASSWORD, aws_error

TARGET = "AWSCognitoIdentityProviderService."
JSON11 = "application/x-amz-json-1.1"
#: Real sockets: the failures were of the HTTP layer (a client's header limit, framing).
pytestmark = pytest.mark.cognito_fake(http=True)
#: What a response header line may cost at most (AWS's own are a few hundred bytes).
HEADER_BOUND = 8192


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    return cognito_fake.create_user_pool("app")


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH"])


@pytest.fixture
def connect(cognito_fake: Any) -> Iterator[Callable[[], http.client.HTTPConnection]]:
    """New connections to the fake, closed after the test."""
    opened: list[http.client.HTTPConnection] = []
    host = urlsplit(cognito_fake.url)

    def connection() -> http.client.HTTPConnection:
        opened.append(http.client.HTTPConnection(host.hostname or "", host.port, timeout=30))
        return opened[-1]

    yield connection
    for conn in opened:
        conn.close()


def _raw_exchange(url: str, request: bytes) -> bytes:
    """Send ``request`` bytes as they are; everything the server answers before it closes."""
    host = urlsplit(url)
    chunks = []
    with socket.create_connection((host.hostname, host.port), timeout=30) as sock:
        sock.sendall(request)
        with contextlib.suppress(ConnectionResetError):  # it closed with our bytes unread
            while data := sock.recv(65536):
                chunks.append(data)
    return b"".join(chunks)


# -- 1. error headers stay small, the body keeps the whole message


@pytest.mark.parametrize("size", [70_000, 5 * 1024 * 1024])
def test_huge_value_is_an_invalid_parameter_not_a_dropped_connection(
    cognito_fake: Any, idp: Any, size: int
) -> None:
    name = "p" * size
    with pytest.raises(idp.exceptions.InvalidParameterException) as err:
        idp.create_user_pool(PoolName=name)
    message = err.value.response["Error"]["Message"]
    assert message == (
        f"1 validation error detected: Value '{name}' at 'poolName' failed to satisfy"
        " constraint: Member must have length less than or equal to 128"
    )
    for value in err.value.response["ResponseMetadata"]["HTTPHeaders"].values():
        assert len(value) <= HEADER_BOUND


def test_long_client_id_on_an_unsigned_operation(cognito_fake: Any, idp: Any) -> None:
    with pytest.raises(idp.exceptions.InvalidParameterException) as err:
        idp.initiate_auth(
            ClientId="c" * 70_000,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
    assert "Member must have length less than or equal to 128" in str(err.value)
    header = err.value.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errormessage"]
    assert header.startswith("1 validation error detected: Value 'ccc")
    assert len(header) <= HEADER_BOUND


def test_cors_preflight_does_not_echo_a_huge_header(connect: Any) -> None:
    conn = connect()
    asked = ",".join(f"x-h{i}" for i in range(7000))  # ~50 KB, under the request line limit
    conn.request(
        "OPTIONS",
        "/",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": asked,
        },
    )
    response = conn.getresponse()
    assert response.status == 200
    assert all(len(v) <= HEADER_BOUND for _, v in response.getheaders())


# -- 2. non-ASCII and lone surrogate secrets are values like any other


def test_non_ascii_password_signs_in(cognito_fake: Any, idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password="Pässw0rd-ü1")
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Pässw0rd-ü1"},
    )
    assert "AccessToken" in out["AuthenticationResult"]


@pytest.mark.parametrize("password", ["Pässw0rd-ü2", "Passw0rd!\ud800", "\udfff"])
def test_wrong_non_ascii_password(
    cognito_fake: Any, idp: Any, pool: Any, web: Any, password: str
) -> None:
    pool.create_user("alice", password="Pässw0rd-ü1")
    with aws_error(idp, "NotAuthorizedException", "Incorrect username or password."):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": password},
        )


def test_lone_surrogate_username_on_a_client_with_secret(
    cognito_fake: Any, idp: Any, pool: Any
) -> None:
    client = pool.create_client("s", flows=["USER_PASSWORD_AUTH"], secret=True)
    message = f"Unable to verify secret hash for client {client.id}"
    with aws_error(idp, "NotAuthorizedException", message):
        idp.initiate_auth(
            ClientId=client.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "al\ud800ice", "PASSWORD": PASSWORD, "SECRET_HASH": "x="},
        )


@pytest.mark.parametrize("secret_hash", ["é" * 44, "\ud800" * 44])
def test_non_ascii_secret_hash(cognito_fake: Any, idp: Any, pool: Any, secret_hash: str) -> None:
    client = pool.create_client("s", flows=["USER_PASSWORD_AUTH"], secret=True)
    pool.create_user("alice", password=PASSWORD)
    with aws_error(
        idp, "NotAuthorizedException", f"Unable to verify secret hash for client {client.id}"
    ):
        idp.initiate_auth(
            ClientId=client.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash},
        )


def test_non_ascii_confirmation_codes(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("codes", AutoVerifiedAttributes=["email"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
    )
    wrong = "Invalid verification code provided, please try again."
    with aws_error(idp, "CodeMismatchException", wrong):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode="１２３４５６")
    idp.confirm_sign_up(
        ClientId=web.id,
        Username="alice",
        ConfirmationCode=cognito_fake.outbox.code(),
    )
    idp.forgot_password(ClientId=web.id, Username="alice")
    with aws_error(idp, "CodeMismatchException", wrong):
        idp.confirm_forgot_password(
            ClientId=web.id, Username="alice", ConfirmationCode="ü\ud800", Password=PASSWORD
        )


# -- 5. broken HTTP framing gets a 400, not a dropped connection


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: abc\r\n\r\n{}",
        b"Content-Length: -5\r\n\r\n{}",
        b"Content-Length: 2, 3\r\n\r\n{}",
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        b"Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
    ],
)
def test_malformed_framing_is_a_400(cognito_fake: Any, framing: bytes) -> None:
    request = (
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
        b"Content-Type: application/x-amz-json-1.1\r\n" + framing
    )
    answer = _raw_exchange(cognito_fake.url, request)
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 400 "), answer[:200]
    assert "\r\nConnection: close" in head


def test_body_larger_than_any_cognito_request_is_refused(cognito_fake: Any) -> None:
    request = (
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
        b"Content-Type: application/x-amz-json-1.1\r\n"
        b"Content-Length: 1000000000000\r\n\r\n{}"
    )
    answer = _raw_exchange(cognito_fake.url, request)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]


# -- 17. the well-known documents of an unknown pool answer JSON


@pytest.mark.parametrize("document", ["jwks.json", "openid-configuration"])
def test_unknown_pool_well_known_is_json(connect: Any, document: str) -> None:
    conn = connect()
    conn.request("GET", f"/us-east-1_nothere/.well-known/{document}")
    response = conn.getresponse()
    assert response.status == 404
    assert response.getheader("Content-Type", "").startswith("application/json")
    body = json.loads(response.read())
    assert body == {"message": "User pool us-east-1_nothere does not exist."}


def test_long_request_target_is_refused_not_echoed(cognito_fake: Any) -> None:
    request = f"GET /oauth2/authorize?state={'s' * 60_000} HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = _raw_exchange(cognito_fake.url, request.encode())
    assert answer.startswith(b"HTTP/1.1 414 "), answer[:200]
    assert max(len(line) for line in answer.split(b"\r\n")) <= HEADER_BOUND


# -- 6. the call log keeps the newest calls, within a bound


def test_call_log_forgets_the_oldest_beyond_its_bound(
    cognito_fake: Any, idp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = cognito_fake.service.calls
    monkeypatch.setattr(log, "max_bytes", 3 * 1024 * 1024)
    for i in range(8):
        with pytest.raises(idp.exceptions.InvalidParameterException):
            idp.create_user_pool(PoolName=str(i) * 1024 * 1024)
    kept = cognito_fake.calls("CreateUserPool")
    assert [call.request["PoolName"][0] for call in kept] == ["6", "7"]
    monkeypatch.setattr(log, "max_calls", 3)
    for _ in range(5):
        idp.list_user_pools(MaxResults=1)
    assert cognito_fake.calls().operations == ["ListUserPools"] * 3


# -- 7. secrets stay out of the call log's repr


def test_call_repr_redacts_sensitive_members(
    cognito_fake: Any, idp: Any, pool: Any, web: Any
) -> None:
    pool.create_user("alice", password=PASSWORD)
    tokens = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]
    idp.change_password(
        PreviousPassword=PASSWORD,
        ProposedPassword="N3w-Passw0rd!",
        AccessToken=tokens["AccessToken"],
    )
    shown = repr(cognito_fake.calls())
    for secret in (PASSWORD, "N3w-Passw0rd!", tokens["AccessToken"], tokens["RefreshToken"]):
        assert secret not in shown
    assert "*** Sensitive Data Redacted ***" in shown
    assert web.id in shown  # AWS prints client ids in its own messages
    assert cognito_fake.calls("ChangePassword").last.request["ProposedPassword"] == "N3w-Passw0rd!"


# -- 3. deep nesting is refused as the JSON parser refuses it, before validation


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


def test_deeply_nested_document_is_a_serialization_error(
    cognito_fake: Any, idp: Any, pool: Any, web: Any
) -> None:
    with pytest.raises(idp.exceptions.ClientError) as err:
        idp.create_managed_login_branding(
            UserPoolId=pool.id, ClientId=web.id, Settings=_nested(400)
        )
    assert err.value.response["Error"]["Code"] == "SerializationException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_deep_nesting_in_an_ignored_member(connect: Any) -> None:
    conn = connect()
    body = json.dumps({"MaxResults": 1, "Ignored": _nested(400)})
    conn.request(
        "POST",
        "/",
        body=body,
        headers={
            "X-Amz-Target": TARGET + "ListUserPools",
            "Content-Type": JSON11,
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/cognito-idp/x",
        },
    )
    response = conn.getresponse()
    assert response.status == 400
    assert json.loads(response.read())["__type"] == "SerializationException"
    assert len(response.getheader("x-amzn-RequestId", "")) == 36


# -- 4. validation costs linear time (the socket's read timeout is the bound)


EMAIL_PATTERN = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+"


@pytest.fixture
def patient(cognito_fake: Any) -> Any:
    """A boto3 client over HTTP that waits 30 s for an answer and never retries."""
    from botocore.config import Config

    return cognito_fake.boto3_client(
        http=True, config=Config(read_timeout=30, retries={"total_max_attempts": 1})
    )


def test_long_email_address_is_validated_in_linear_time(cognito_fake: Any, patient: Any) -> None:
    address = "@" * 70_000 + " "  # a space is outside every class of the pattern
    with pytest.raises(patient.exceptions.InvalidParameterException) as err:
        patient.create_user_pool(PoolName="p", EmailConfiguration={"ReplyToEmailAddress": address})
    assert err.value.response["Error"]["Message"] == (
        f"1 validation error detected: Value '{address}' at"
        " 'emailConfiguration.replyToEmailAddress' failed to satisfy constraint: Member must"
        " satisfy regular expression pattern: " + EMAIL_PATTERN
    )


@pytest.mark.parametrize(
    ("operation", "member", "value"),
    [
        ("describe_user_pool", "UserPoolId", "-_" * 35_000 + "!"),
        ("admin_forget_device", "DeviceKey", "a_" * 35_000 + "!"),
        ("update_user_pool", "VerificationMessageTemplate", "{####}" * 12_000 + "\x00"),
    ],
)
def test_backtracking_shapes_answer_at_once(
    cognito_fake: Any, patient: Any, operation: str, member: str, value: str
) -> None:
    params: dict[str, Any] = {
        "describe_user_pool": {},
        "admin_forget_device": {"UserPoolId": "us-east-1_x", "Username": "alice"},
        "update_user_pool": {"UserPoolId": "us-east-1_x"},
    }[operation]
    if member == "VerificationMessageTemplate":
        params[member] = {"EmailMessage": value}
    else:
        params[member] = value
    with pytest.raises(patient.exceptions.InvalidParameterException) as err:
        getattr(patient, operation)(**params)
    assert "Member must satisfy regular expression pattern" in str(err.value)
