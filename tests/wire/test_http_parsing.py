"""The server's own HTTP/1.1 parser, over raw sockets on loopback: requests that arrive in
pieces or back to back, header fields in any case, ``Expect: 100-continue``; and a short 4xx
(then a closed connection) for what it cannot read: a request line, header line or header
count beyond the limits, a malformed line, an HTTP version it does not speak."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config

from pytest_cognito_fake.http.server import MAX_HEADERS, MAX_LINE, Server

LIST_POOLS = (
    b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"X-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
    b"Content-Type: application/x-amz-json-1.1\r\n"
    b"Authorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/cognito-idp/aws4\r\n"
)
BODY = b'{"MaxResults": 5}'
pytestmark = pytest.mark.cognito_fake(http=True)

Answer = tuple[int, dict[str, str], bytes]


def _request(extra: bytes = b"", body: bytes = BODY) -> bytes:
    return LIST_POOLS + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body


def _answers(data: bytes, head_only: bool = False) -> list[Answer]:
    """The responses in ``data``, in order: (status, headers by lower-case name, body)."""
    found = []
    while data:
        head, _, data = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.lower()] = value.strip()
        length = 0 if head_only else int(headers.get("content-length", "0"))
        found.append((int(status_line.split()[1]), headers, data[:length]))
        data = data[length:]
    return found


@pytest.fixture
def send(cognito_fake: Any) -> Iterator[Callable[..., bytes]]:
    """Send byte strings on one new connection; everything answered until the server closes
    (after the client closes its side, when ``finish``)."""
    host = urlsplit(cognito_fake.url)
    sockets: list[socket.socket] = []

    def sender(*pieces: bytes, finish: bool = False) -> bytes:
        sock = socket.create_connection((host.hostname, host.port), timeout=30)
        sockets.append(sock)
        for piece in pieces:
            sock.sendall(piece)
        if finish:
            sock.shutdown(socket.SHUT_WR)
        return _read_all(sock)

    yield sender
    for sock in sockets:
        sock.close()


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    with contextlib.suppress(ConnectionResetError):  # it closed with our bytes unread
        while data := sock.recv(65536):
            chunks.append(data)
    return b"".join(chunks)


def _assert_refused(answer: bytes, status: int) -> None:
    [(code, headers, body)] = _answers(answer)
    assert code == status, answer[:300]
    assert headers["connection"] == "close"
    assert headers["content-type"] == "text/plain"
    assert body.startswith(str(status).encode())


# -- what a client may send


def test_request_in_single_bytes_then_another_back_to_back(send: Callable[..., bytes]) -> None:
    first = _request()
    last = _request(b"Connection: close\r\n", b'{"MaxResults": 1}')
    pieces = [first[i : i + 1] for i in range(len(first))] + [first + last]
    answers = _answers(send(*pieces))
    assert [status for status, _, _ in answers] == [200, 200, 200]
    assert all(json.loads(body) == {"UserPools": []} for _, _, body in answers)
    assert answers[-1][1]["connection"] == "close"
    assert "connection" not in answers[0][1]


def test_header_names_in_any_case_and_blank_line_before_the_request(
    cognito_fake: Any, send: Callable[..., bytes]
) -> None:
    cognito_fake.create_user_pool("cased")
    request = (
        b"\r\nPOST / HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        b"x-amz-target:AWSCognitoIdentityProviderService.ListUserPools\r\n"
        b"CONTENT-TYPE: application/x-amz-json-1.1\r\n"
        b"authorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/cognito-idp/x\r\n"
        b"connection: Close\r\ncontent-LENGTH: 17\r\n\r\n" + BODY
    )
    [(status, _, body)] = _answers(send(request))
    assert status == 200
    assert [pool["Name"] for pool in json.loads(body)["UserPools"]] == ["cased"]


def test_non_ascii_header_bytes_are_a_value_like_any_other(send: Callable[..., bytes]) -> None:
    request = _request("X-Note: café ü\r\nConnection: close\r\n".encode())
    [(status, _, body)] = _answers(send(request))
    assert status == 200
    assert json.loads(body) == {"UserPools": []}


def test_expect_100_continue_is_answered_before_the_body_is_sent(cognito_fake: Any) -> None:
    host = urlsplit(cognito_fake.url)
    head, _, body = _request(b"Expect: 100-continue\r\nConnection: close\r\n").partition(
        b"\r\n\r\n"
    )
    with socket.create_connection((host.hostname, host.port), timeout=30) as sock:
        sock.sendall(head + b"\r\n\r\n")
        interim = sock.recv(65536)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        [(status, _, payload)] = _answers(_read_all(sock))
    assert status == 200
    assert json.loads(payload) == {"UserPools": []}


def test_expect_100_continue_with_a_body_too_large_gets_413_at_once(
    send: Callable[..., bytes],
) -> None:
    head = LIST_POOLS + b"Expect: 100-continue\r\nContent-Length: 999999999999\r\n\r\n"
    answer = send(head)
    assert b"100 Continue" not in answer
    _assert_refused(answer, 413)


def test_http10_keep_alive_keeps_the_connection(send: Callable[..., bytes]) -> None:
    keep = _request(b"Connection: keep-alive\r\n").replace(b"HTTP/1.1", b"HTTP/1.0", 1)
    last = _request().replace(b"HTTP/1.1", b"HTTP/1.0", 1)
    answers = _answers(send(keep + last))
    assert [status for status, _, _ in answers] == [200, 200]
    assert answers[0][1]["connection"] == "keep-alive"
    assert answers[1][1]["connection"] == "close"


def test_head_answers_headers_only(send: Callable[..., bytes]) -> None:
    request = b"HEAD /us-east-1_nothere/.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n"
    answer = send(request + b"Connection: close\r\n\r\n")
    [(status, headers, rest)] = _answers(answer, head_only=True)
    assert status == 404
    assert int(headers["content-length"]) > 0
    assert rest == b""


# -- what it cannot read: a short 4xx, then the connection closes


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"GARBAGE\r\n", 400),
        (b"GET /\r\n", 400),  # HTTP/0.9
        (b"GET / HTTP/1.1 extra\r\n", 400),
        (b"GET / HTTP/1.x\r\n", 400),
        (b"GET / HTTP/1\r\n", 400),
        (b"GET / FTP/1.1\r\n", 400),
        (b"GET / HTTP/2.0\r\n", 505),
        (b"BREW / HTTP/1.1\r\n", 501),
        (b"GET /" + b"a" * MAX_LINE + b" HTTP/1.1\r\n", 414),
    ],
)
def test_unreadable_request_line(
    send: Callable[..., bytes], request_line: bytes, status: int
) -> None:
    _assert_refused(send(request_line + b"Host: x\r\n\r\n"), status)


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        (b"X-Long: " + b"v" * MAX_LINE + b"\r\n", 431),
        (b"".join(b"X-H%d: v\r\n" % i for i in range(MAX_HEADERS + 1)), 431),
        (b"X-Folded: one\r\n  two\r\n", 400),
        (b"No colon here\r\n", 400),
        (b"X-Space : v\r\n", 400),
        (b": no name\r\n", 400),
    ],
)
def test_unreadable_header_fields(send: Callable[..., bytes], fields: bytes, status: int) -> None:
    _assert_refused(send(LIST_POOLS + fields + b"Content-Length: 2\r\n\r\n{}"), status)


def test_header_fields_up_to_the_limits_are_read(send: Callable[..., bytes]) -> None:
    fields = b"".join(b"X-H%d: v\r\n" % i for i in range(MAX_HEADERS - 7))
    fields += b"X-Long: " + b"v" * (MAX_LINE - 10) + b"\r\n"
    [(status, _, body)] = _answers(send(_request(fields + b"Connection: close\r\n")))
    assert status == 200
    assert json.loads(body) == {"UserPools": []}


@pytest.mark.parametrize(
    "partial",
    [LIST_POOLS, b"POST / HTTP/1.1", b"POST / HTTP/1.1\r\nHost: x\r\nX-Half: v"],
)
def test_client_that_stops_mid_request_gets_a_400(
    send: Callable[..., bytes], partial: bytes
) -> None:
    _assert_refused(send(partial, finish=True), 400)


def test_client_that_closes_between_requests_gets_nothing_more(
    send: Callable[..., bytes],
) -> None:
    answers = _answers(send(_request(), finish=True))
    assert [status for status, _, _ in answers] == [200]


# -- an app's bug is a 500, not a dropped connection


def test_app_exception_is_a_500() -> None:
    def broken(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raise RuntimeError("the app's bug")

    server = Server(broken).start()
    try:
        idp = boto3.session.Session().client(
            "cognito-idp",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(retries={"total_max_attempts": 1}),
        )
        with pytest.raises(idp.exceptions.ClientError) as err:
            idp.list_user_pools(MaxResults=1)
    finally:
        server.stop()
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
