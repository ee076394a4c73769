"""The AWS host names of the fake's pools, answered in the test process.

Code under test builds its JWKS URL (``https://cognito-idp.<region>.amazonaws.com/<pool>/...``)
and its token endpoint (``https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token``)
itself. While a test runs with the AWS-form issuer, requests to those names made with
urllib, requests, httpx or aiohttp are answered by the fake's WSGI app, with the bytes it
serves on its own URL; every other request goes where it went before.

Each library is patched where it chooses how to send, above the layers that ``responses``,
``respx`` and moto's ``mock_aws`` patch, so those keep mocking everything else in the same
test: requests through ``Session.get_adapter`` (a transport adapter), httpx through the
client's transport for a URL, urllib through its HTTP(S) handlers. aiohttp has no transport
seam: its connector opens a loopback connection to the fake's server instead of the AWS
host, and aiohttp's own code does the rest (TLS is skipped, the Host header is kept).

A Cognito host name the fake does not hold does not resolve on AWS (a prefix domain no pool
has); the caller sees its library's name-resolution error. Nothing here touches the network.
"""

from __future__ import annotations

import asyncio
import http.client
import io
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from ..api import domains
from ..service import Service
from . import aws_hosts
from .server import LOOPBACK, WSGIApp, exchange

FAKE = "fake"
UNRESOLVED = "unresolved"
Answer = tuple[int, str, list[tuple[str, str]], bytes]


class Interception:
    """The patches of one test: ``route`` decides, ``answer`` asks the app, ``stop`` undoes."""

    def __init__(self, service: Service, app: WSGIApp) -> None:
        self.service = service
        self.app = app
        self.port = urlsplit(service.url).port or 80
        self._undo: list[Callable[[], None]] = []

    def route(self, url: str) -> str | None:
        """FAKE for a name the fake answers, UNRESOLVED for a Cognito name it does not hold,
        None for any other URL (left alone)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return None
        host = aws_hosts.host_name(parts.netloc)
        if aws_hosts.SERVICE.fullmatch(host):
            return FAKE  # the app answers unknown pools as AWS does
        with self.service.lock:
            held = self._holds(host)
        if held:
            return FAKE
        return UNRESOLVED if host.endswith(aws_hosts.DOMAIN_SUFFIX) else None

    def _holds(self, host: str) -> bool:
        state = self.service.state
        prefix = aws_hosts.PREFIX_DOMAIN.fullmatch(host)
        if prefix is not None:
            pool = domains.pool_of_domain(state, prefix[1])
            if pool is None or not pool.pool_id.startswith(prefix[2] + "_"):
                return False
            return not (pool.domain or {}).get("CustomDomainConfig")
        return domains.pool_of_domain(state, host) is not None  # a custom domain

    def answer(
        self, method: str, url: str, headers: Iterable[tuple[str, str]], body: Any
    ) -> Answer:
        """The app's response to one request, in process."""
        return exchange(self.app, method, url, headers, _bytes(body))

    def patch(self, owner: Any, name: str, wrap: Callable[[Any], Any]) -> None:
        """Replace ``owner.name`` by ``wrap(original)`` until ``stop``."""
        original = vars(owner).get(name)
        setattr(owner, name, wrap(getattr(owner, name)))
        if original is None:
            self._undo.append(lambda: delattr(owner, name))
        else:
            self._undo.append(lambda: setattr(owner, name, original))

    def on_stop(self, undo: Callable[[], None]) -> None:
        self._undo.append(undo)

    def stop(self) -> None:
        """Undo every patch, newest first."""
        while self._undo:
            self._undo.pop()()


def start(service: Service, app: WSGIApp) -> Interception:
    """Patch every HTTP library that is installed (one that is not is skipped)."""
    interception = Interception(service, app)
    try:
        for install in (_urllib, _requests, _httpx, _aiohttp):
            install(interception)
    except BaseException:
        interception.stop()
        raise
    return interception


def _bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        return _bytes(body.read())
    return b"".join(_bytes(chunk) for chunk in body)


def _no_such_host(url: str) -> socket.gaierror:
    name = aws_hosts.host_name(urlsplit(url).netloc)
    return socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {name!r}")


def _message(headers: Iterable[tuple[str, str]]) -> http.client.HTTPMessage:
    message = http.client.HTTPMessage()
    for key, value in headers:
        message[key] = value  # appends: every Set-Cookie stays
    return message


# ------------------------------------------------------------------------------ urllib


def _urllib(interception: Interception) -> None:
    import urllib.error
    import urllib.request
    import urllib.response

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def open_(handler: Any, req: urllib.request.Request) -> Any:
            url = req.full_url
            where = interception.route(url)
            if where is None:
                return original(handler, req)
            if where == UNRESOLVED:
                raise urllib.error.URLError(_no_such_host(url))
            status, reason, headers, payload = interception.answer(
                req.get_method(), url, req.header_items(), req.data
            )
            response = urllib.response.addinfourl(
                io.BytesIO(payload), _message(headers), url, status
            )
            response.msg = reason  # type: ignore[attr-defined]  # as urllib's own
            response.reason = reason  # type: ignore[attr-defined]
            return response

        return open_

    interception.patch(urllib.request.HTTPHandler, "http_open", wrap)
    if hasattr(urllib.request, "HTTPSHandler"):  # Python without ssl has none
        interception.patch(urllib.request.HTTPSHandler, "https_open", wrap)


# ---------------------------------------------------------------------------- requests


class _Original:
    """What requests reads a response's cookies from (``raw._original_response.msg``)."""

    def __init__(self, msg: http.client.HTTPMessage) -> None:
        self.msg = msg

    def isclosed(self) -> bool:
        return True


def _requests(interception: Interception) -> None:
    try:
        import requests
        import requests.adapters
        import urllib3
    except ImportError:
        return

    class Adapter(requests.adapters.HTTPAdapter):
        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            if interception.route(request.url) == UNRESOLVED:
                raise requests.exceptions.ConnectionError(
                    _no_such_host(request.url), request=request
                )
            status, reason, headers, payload = interception.answer(
                request.method, request.url, request.headers.items(), request.body
            )
            raw = urllib3.HTTPResponse(
                body=io.BytesIO(payload),
                headers=urllib3.HTTPHeaderDict(headers),
                status=status,
                reason=reason,
                preload_content=False,
                decode_content=False,
                original_response=_Original(_message(headers)),  # type: ignore[arg-type]
            )
            return self.build_response(request, raw)

    adapter = Adapter()

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        def get_adapter(session: Any, url: str) -> Any:
            return adapter if interception.route(url) else original(session, url)

        return get_adapter

    interception.patch(requests.Session, "get_adapter", wrap)
    interception.on_stop(adapter.close)


# ------------------------------------------------------------------------------- httpx


def _httpx(interception: Interception) -> None:
    try:
        import httpx
    except ImportError:
        return

    def respond(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if interception.route(url) == UNRESOLVED:
            raise httpx.ConnectError(str(_no_such_host(url)), request=request)
        status, _, headers, payload = interception.answer(
            request.method, url, request.headers.multi_items(), request.content
        )
        return httpx.Response(status, headers=headers, content=payload)

    class Transport(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            request.read()
            return respond(request)

    class AsyncTransport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await request.aread()
            return respond(request)

    def wrap_with(transport: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
            def transport_for_url(client: Any, url: httpx.URL) -> Any:
                return transport if interception.route(str(url)) else original(client, url)

            return transport_for_url

        return wrap

    interception.patch(httpx.Client, "_transport_for_url", wrap_with(Transport()))
    interception.patch(httpx.AsyncClient, "_transport_for_url", wrap_with(AsyncTransport()))


# ----------------------------------------------------------------------------- aiohttp


def _aiohttp(interception: Interception) -> None:
    try:
        import aiohttp
        from aiohttp.client_proto import ResponseHandler
        from aiohttp.connector import BaseConnector, Connection
    except ImportError:
        return
    dns_error = getattr(aiohttp, "ClientConnectorDNSError", aiohttp.ClientConnectorError)

    class OneShot(ResponseHandler):
        """Never pooled: after the test the AWS name must not lead back to the fake."""

        @property
        def should_close(self) -> bool:
            return True

    def wrap(original: Callable[..., Any]) -> Callable[..., Any]:
        async def connect(connector: Any, req: Any, traces: Any, timeout: Any) -> Any:
            url = str(req.url)
            where = interception.route(url)
            if where is None:
                return await original(connector, req, traces, timeout)
            if where == UNRESOLVED:
                raise dns_error(req.connection_key, _no_such_host(url))
            loop = asyncio.get_running_loop()
            try:
                _, protocol = await loop.create_connection(
                    lambda: OneShot(loop), LOOPBACK, interception.port
                )
            except OSError as exc:  # the fake's server is gone (never the AWS host)
                raise aiohttp.ClientConnectorError(req.connection_key, exc) from exc
            return Connection(connector, req.connection_key, protocol, loop)

        return connect

    interception.patch(BaseConnector, "connect", wrap)


__all__ = ["FAKE", "UNRESOLVED", "Interception", "start"]
