"""An in-process transport for boto3: botocore hands each request to the fake's WSGI app
instead of a socket.

Everything botocore does — serialising, signing, retries, parsing, raising the modeled
exception — runs as over HTTP, and the app answers with the very bytes the server would send;
only the loopback round trip (about 1 ms a call) is skipped. ``cognito_fake.boto3_client()``
uses it; clients that app code builds itself (through the endpoint environment variable) and
``boto3_client(http=True)`` go over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import ReadTimeoutError
from urllib3._collections import HTTPHeaderDict

from .. import clock
from .server import WSGIApp, exchange

EVENT = "before-send.cognito-identity-provider"


class _Raw:
    """What botocore reads an AWSResponse body from."""

    def __init__(self, payload: bytes) -> None:
        self._payload = payload

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._payload

    def read(self, *_: Any, **__: Any) -> bytes:
        payload, self._payload = self._payload, b""
        return payload


def _body(request: AWSPreparedRequest) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return bytes(body.read())


def attach(client: Any, app: WSGIApp) -> None:
    """Route ``client``'s requests to ``app`` in-process."""

    read_timeout = client.meta.config.read_timeout

    def send(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        headers = [
            (k, v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()
        ]
        started = clock.monotonic()
        status, _reason, response_headers, payload = exchange(
            app, request.method, request.url, headers, _body(request)
        )
        if read_timeout and clock.monotonic() - started > read_timeout:
            # Over a socket botocore would have given up waiting (the operation still ran,
            # as on a server whose client timed out); the caller sees the same error.
            raise ReadTimeoutError(endpoint_url=request.url)
        headers_out = HTTPHeaderDict()
        for key, value in response_headers:
            headers_out.add(key, value)
        return AWSResponse(request.url, status, headers_out, _Raw(payload))

    client.meta.events.register_first(EVENT, send, unique_id="cognito-fake-in-process")
