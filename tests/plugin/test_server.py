"""The HTTP server under the fixture: keep-alive that boto3 really reuses, request bodies read
whole (so the next request on the connection parses), loopback only."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Callable, Iterable, Iterator
from email.utils import parsedate_to_datetime
from typing import Any

import boto3
import pytest

from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.http.server import Server
from pytest_cognito_fake.service import Service

TARGET = "AWSCognitoIdentityProviderService.ListUserPools"


class Counting:
    """The fake's app, noting the client port of every request (one port = one connection)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.ports: list[int] = []

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        self.ports.append(int(environ["REMOTE_PORT"]))
        return self.app(environ, start)


@pytest.fixture
def served() -> Iterator[tuple[Server, Counting]]:
    app = Counting(make_app(Service()))
    server = Server(app).start()
    yield server, app
    server.stop()


def boto3_client(url: str) -> Any:
    return boto3.session.Session().client(
        "cognito-idp",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_boto3_reuses_one_connection(served: tuple[Server, Counting]) -> None:
    server, app = served
    idp = boto3_client(server.url)
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    for _ in range(10):
        idp.describe_user_pool(UserPoolId=pool)
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
        idp.describe_user_pool(UserPoolId="us-east-1_nothere1")  # errors keep it open too
    idp.list_user_pools(MaxResults=1)
    assert len(app.ports) == 13
    assert len(set(app.ports)) == 1


def test_without_keep_alive_every_call_opens_a_connection() -> None:
    app = Counting(make_app(Service()))
    server = Server(app, keep_alive=False).start()
    try:
        idp = boto3_client(server.url)
        for _ in range(3):
            idp.list_user_pools(MaxResults=1)
    finally:
        server.stop()
    assert len(set(app.ports)) == 3


def test_chunked_body_then_next_request_on_the_same_connection(
    served: tuple[Server, Counting],
) -> None:
    server, app = served
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    headers = {
        "X-Amz-Target": TARGET,
        "Content-Type": "application/x-amz-json-1.1",
        "Authorization": "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/cognito-idp/aws4",
    }
    body = iter([b'{"MaxRes', b'ults": 5}'])
    conn.request("POST", "/", body=body, headers=headers, encode_chunked=True)
    first = conn.getresponse()
    assert first.status == 200
    assert json.loads(first.read()) == {"UserPools": []}
    conn.request("POST", "/", body=b"{not json", headers=headers)
    second = conn.getresponse()
    assert second.status == 400
    assert json.loads(second.read())["__type"] == "SerializationException"
    conn.close()
    assert len(set(app.ports)) == 1


def test_http10_client_gets_connection_close(served: tuple[Server, Counting]) -> None:
    server, _ = served
    with socket.create_connection(("127.0.0.1", server.port)) as sock:
        sock.sendall(b"GET /nowhere HTTP/1.0\r\nHost: x\r\n\r\n")
        received = b""
        while chunk := sock.recv(4096):
            received += chunk
    head = received.split(b"\r\n\r\n", 1)[0].decode()
    assert head.startswith("HTTP/1.1 404 ")
    assert "Connection: close" in head.splitlines()


def test_date_header_follows_the_clock(served: tuple[Server, Counting], freezer: Any) -> None:
    freezer.move_to("2030-01-02 03:04:05")
    server, _ = served
    conn = http.client.HTTPConnection("127.0.0.1", server.port)
    conn.request("GET", "/nowhere")
    response = conn.getresponse()
    response.read()
    conn.close()
    assert parsedate_to_datetime(response.headers["Date"]).isoformat() == (
        "2030-01-02T03:04:05+00:00"
    )


def test_only_loopback() -> None:
    with pytest.raises(ValueError, match=r"serves on 127\.0\.0\.1 only"):
        Server(make_app(Service()), host="0.0.0.0")
