"""The in-process route: while a test's fixture is active, every botocore client of the test
process that is addressed to the fake hands its requests to the fake's WSGI app instead of a
socket.

The patch sits where botocore gives a prepared request to its HTTP session
(``Endpoint._send``), so everything before and after it — serialising, signing, the
``before-send`` event, retries, parsing, raising the modeled exception — runs as over HTTP, and
the app answers with the very bytes the server would send; only the loopback round trip (about
1 ms a call, sharing the GIL with the server thread) is skipped. Requests for any other address
pass through untouched. Other processes, aiobotocore (whose endpoint sends asynchronously) and
clients marked ``over_http`` reach the fake's server over real HTTP. The fixture sets the route
up only when botocore is already imported, so its first use never imports botocore itself.

``server.exchange`` is the one in-process WSGI call, shared with ``intercept`` (which answers
the pools' AWS host names for urllib, requests, httpx and aiohttp).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.endpoint import Endpoint
from botocore.exceptions import ReadTimeoutError
from urllib3._collections import HTTPHeaderDict

from .. import clock
from .server import WSGIApp, exchange


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


def send(app: WSGIApp, request: AWSPreparedRequest, read_timeout: float | None) -> AWSResponse:
    """``request`` answered by ``app``, as botocore's HTTP session would return it."""
    headers = [(k, v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()]
    started = clock.monotonic()
    status, _reason, response_headers, payload = exchange(
        app, request.method, request.url, headers, _body(request)
    )
    if read_timeout and clock.monotonic() - started > read_timeout:
        # Over a socket botocore would have given up waiting (the operation still ran, as on
        # a server whose client timed out); the caller sees the same error.
        raise ReadTimeoutError(endpoint_url=request.url)
    headers_out = HTTPHeaderDict()
    for key, value in response_headers:
        headers_out.add(key, value)
    return AWSResponse(request.url, status, headers_out, _Raw(payload))


def _read_timeout(endpoint: Endpoint) -> float | None:
    """The client's read timeout, as its HTTP session holds it (a number or urllib3 Timeout)."""
    timeout = getattr(endpoint.http_session, "_timeout", None)
    value = getattr(timeout, "read_timeout", timeout)
    return float(value) if isinstance(value, (int, float)) else None


_lock = threading.Lock()
#: "host:port" of each active fake -> its WSGI app.
_apps: dict[str, WSGIApp] = {}
#: Endpoints of clients that must use the socket (``boto3_client(http=True)``).
_over_http: weakref.WeakSet[Endpoint] = weakref.WeakSet()
_socket_send = Endpoint._send


def _send(endpoint: Endpoint, request: AWSPreparedRequest) -> AWSResponse:
    app = _apps.get(urlsplit(request.url).netloc)
    if app is None or endpoint in _over_http:
        return _socket_send(endpoint, request)
    return send(app, request, _read_timeout(endpoint))


def activate(url: str, app: WSGIApp) -> None:
    """From now on, botocore requests for ``url`` go to ``app`` in-process."""
    with _lock:
        _apps[urlsplit(url).netloc] = app
        Endpoint._send = _send


def deactivate(url: str) -> None:
    """Requests for ``url`` go over the socket again; with no fake active, botocore is as
    it was."""
    with _lock:
        _apps.pop(urlsplit(url).netloc, None)
        if not _apps and Endpoint._send is _send:
            Endpoint._send = _socket_send


def attach(client: Any, app: WSGIApp) -> None:
    """Serve ``client``'s requests by ``app`` in-process, with or without an active route
    (``CognitoFake.boto3_client()`` of a fake made outside the fixture)."""
    read_timeout = client.meta.config.read_timeout

    def before_send(request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        return send(app, request, read_timeout)

    client.meta.events.register_first(
        "before-send.cognito-identity-provider", before_send, unique_id="cognito-fake-in-process"
    )


def over_http(client: Any) -> None:
    """Keep ``client`` on real HTTP even while the route is active."""
    _over_http.add(client._endpoint)
