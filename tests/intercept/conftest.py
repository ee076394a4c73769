"""A network guard (only loopback may be reached) and one way to send a request through each
HTTP client library the plugin answers AWS host names for."""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import httpx
import pytest
import requests

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _loopback(host: Any) -> bool:
    host = host.decode() if isinstance(host, bytes) else str(host)
    return host in LOOPBACK or host.startswith("127.")


@dataclass
class Guard:
    """Every name lookup and connection the test tried beyond loopback (all refused)."""

    attempts: list[str] = field(default_factory=list)


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Guard:
    """Refuse (and record) every DNS lookup and socket connection not to loopback."""
    guard = Guard()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _loopback(host):
            guard.attempts.append(f"lookup {host}")
            raise socket.gaierror(socket.EAI_NONAME, "refused by the test's network guard")
        return real_getaddrinfo(host, *args, **kwargs)

    def check(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address[0]):
            guard.attempts.append(f"connect {address[0]}")
            raise OSError("refused by the test's network guard")

    def connect(sock: socket.socket, address: Any) -> None:
        check(sock, address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        check(sock, address)
        return int(real_connect_ex(sock, address))

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return guard


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str]


def _urllib(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return Reply(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, exc.read(), dict(exc.headers))


def _requests(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
    response = requests.request(method, url, data=data, headers=headers, timeout=5)
    return Reply(response.status_code, response.content, dict(response.headers))


def _httpx(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
    with httpx.Client(timeout=5) as client:
        response = client.request(method, url, content=data, headers=headers)
    return Reply(response.status_code, response.content, dict(response.headers))


def _httpx_async(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
    async def send() -> Reply:
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.request(method, url, content=data, headers=headers)
        return Reply(response.status_code, response.content, dict(response.headers))

    return asyncio.run(send())


def _aiohttp(method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Reply:
    async def send() -> Reply:
        timeout = aiohttp.ClientTimeout(total=5)
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.request(method, url, data=data, headers=headers) as response,
        ):
            return Reply(response.status, await response.read(), dict(response.headers))

    return asyncio.run(send())


Send = Callable[..., Reply]
CLIENTS: dict[str, Send] = {
    "urllib": _urllib,
    "requests": _requests,
    "httpx": _httpx,
    "httpx-async": _httpx_async,
    "aiohttp": _aiohttp,
}
#: What each library raises when a host name does not resolve.
NO_SUCH_HOST: dict[str, type[Exception]] = {
    "urllib": urllib.error.URLError,
    "requests": requests.ConnectionError,
    "httpx": httpx.ConnectError,
    "httpx-async": httpx.ConnectError,
    "aiohttp": aiohttp.ClientConnectorError,
}


@dataclass
class Client:
    """One library: ``send(method, url, data=None, headers=None)`` and its "no such host"."""

    name: str
    no_such_host: type[Exception]
    _send: Send

    def send(
        self,
        method: str,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        return self._send(method, url, data, headers or {})


@pytest.fixture(params=list(CLIENTS))
def client(request: pytest.FixtureRequest) -> Client:
    """Each HTTP client library in turn."""
    return Client(request.param, NO_SUCH_HOST[request.param], CLIENTS[request.param])
