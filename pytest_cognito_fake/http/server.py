"""The HTTP server: a WSGI app on 127.0.0.1 in a daemon thread. The only socket code.

The standalone command may bind another address (``--host``) and speak TLS (``--tls``).

werkzeug's development handler closes every connection, so boto3 would pay a TCP handshake
and a new thread per call. This handler speaks HTTP/1.1 keep-alive: it reads each request
body whole (Content-Length or chunked), so the stream is always at the next request line.
It parses the request line and headers itself: ``http.server`` parses headers with the
``email`` package, which took half of the HTTP layer's time per call. A request it cannot
read gets a short plain-text 4xx, and the connection closes.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import socketserver
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from .. import clock

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
LOOPBACK = "127.0.0.1"
#: Largest request body read: far above any Cognito request (a few KB; branding assets a few
#: MB), far below what would exhaust memory.
MAX_BODY = 16 * 1024 * 1024
#: Longest request target (CloudFront's URL limit); a longer one could come back as a giant
#: Location header (the hosted UI echoes ``state``).
MAX_TARGET = 8192
_MAX_CHUNK_LINE = 1024


class _Refused(Exception):
    """The request cannot be read: answer ``status`` and close the connection."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def _number(text: str, base: int) -> int:
    """A Content-Length (base 10) or chunk size (base 16): digits only, no sign or space."""
    digits = "0123456789abcdefABCDEF"[: 10 if base == 10 else 22]
    if not text or len(text) > 16 or any(c not in digits for c in text):
        raise _Refused(400, "Bad Request")
    return int(text, base)


#: What every environ holds, copied per request.
_ENVIRON = {
    "SCRIPT_NAME": "",
    "SERVER_NAME": LOOPBACK,
    "wsgi.version": (1, 0),
    "wsgi.url_scheme": "http",
    "wsgi.multithread": True,
    "wsgi.multiprocess": False,
    "wsgi.run_once": False,
}
#: Header name as sent -> its environ key ("" for the framing headers, which the body
#: replaces); bounded, so that made-up names cannot grow it.
_ENVIRON_KEYS: dict[str, str] = {}
_MAX_ENVIRON_KEYS = 512


def _environ_key(name: str) -> str:
    key = _ENVIRON_KEYS.get(name)
    if key is None:
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            key = ""
        elif key != "CONTENT_TYPE":
            key = f"HTTP_{key}"
        if len(_ENVIRON_KEYS) < _MAX_ENVIRON_KEYS:
            _ENVIRON_KEYS[name] = key
    return key


def make_environ(
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    port: int,
    client: tuple[str, int] = (LOOPBACK, 0),
    protocol: str = "HTTP/1.1",
) -> dict[str, Any]:
    """The WSGI environ of one request whose body has been read whole (and de-chunked)."""
    path, _, query = target.partition("?")
    if path.startswith(("http://", "https://")):  # absolute-form request target
        path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
    environ = _ENVIRON.copy()
    environ["REQUEST_METHOD"] = method
    environ["PATH_INFO"] = unquote(path, "latin-1")
    environ["QUERY_STRING"] = query
    environ["SERVER_PORT"] = str(port)
    environ["SERVER_PROTOCOL"] = protocol
    environ["REMOTE_ADDR"] = client[0]
    environ["REMOTE_PORT"] = str(client[1])
    environ["CONTENT_LENGTH"] = str(len(body))
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.errors"] = sys.stderr  # looked up now: pytest swaps it per test
    for name, value in headers:
        key = _environ_key(name)
        if key == "CONTENT_TYPE":
            environ[key] = value
        elif key:
            prior = environ.get(key)
            environ[key] = f"{prior},{value}" if prior else value
    return environ


def call_app(app: WSGIApp, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run ``app`` on ``environ``: (status line, headers, whole body)."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        payload = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close:
            close()
    status, headers = started
    return status, headers, payload


def exchange(
    app: WSGIApp, method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes
) -> tuple[int, str, list[tuple[str, str]], bytes]:
    """One request by absolute URL, answered by ``app`` in process, as the server would send
    it: (status, reason, headers with Content-Length, body). The ``Host`` defaults to the
    URL's, so routes that go by host (a user-pool domain) see what they would over HTTP."""
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(headers)
    if not any(key.lower() == "host" for key, _ in headers):
        headers.append(("Host", parts.netloc))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    environ = make_environ(method, target, headers, body, port)
    environ["wsgi.url_scheme"] = parts.scheme or "http"
    status, response_headers, payload = call_app(app, environ)
    code, _, reason = status.partition(" ")
    out = [(k, v) for k, v in response_headers if k.lower() != "content-length"]
    out.append(("Content-Length", str(len(payload))))
    return int(code), reason, out, b"" if method == "HEAD" else payload


#: Longest request line or header line, and most header lines, a request may have (the limits
#: of Python's http.server, which this handler replaced): far above what any client sends.
MAX_LINE = 65536
MAX_HEADERS = 100
#: Blank lines skipped before a request line (RFC 9112 2.2: a server SHOULD ignore at least one).
_MAX_BLANK = 4
_METHODS = frozenset(("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"))
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_date_cache: tuple[int, str] = (-1, "")


def http_date(now: float) -> str:
    """An IMF-fixdate (``Sat, 05 Dec 2026 21:33:01 GMT``), formatted once per second."""
    global _date_cache
    second = int(now)
    cached_second, text = _date_cache
    if cached_second != second:
        t = time.gmtime(second)
        text = (
            f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year}"
            f" {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
        )
        _date_cache = (second, text)
    return text


def parse_request_line(line: bytes) -> tuple[str, str, tuple[int, int]]:
    """(method, target, (major, minor)) of ``METHOD target HTTP/x.y``; 400 or 505 if not."""
    words = line.decode("latin-1").split()
    if len(words) != 3 or not words[2].startswith("HTTP/"):
        raise _Refused(400, "Bad Request")
    major, dot, minor = words[2][5:].partition(".")
    if not (dot and _digits(major) and _digits(minor)):
        raise _Refused(400, "Bad Request")
    version = (int(major), int(minor))
    if version >= (2, 0):
        raise _Refused(505, "HTTP Version Not Supported")
    target = words[1]
    if target.startswith("//"):  # as http.server did: a path, never a scheme-relative URL
        target = "/" + target.lstrip("/")
    return words[0], target, version


def _digits(text: str) -> bool:
    return 0 < len(text) <= 10 and text.isascii() and text.isdigit()


def read_headers(rfile: io.BufferedIOBase) -> list[tuple[str, str]]:
    """The header fields up to the blank line, each ``(name, value)`` as sent (latin-1);
    431 beyond MAX_HEADERS fields or a line longer than MAX_LINE, 400 for a line that is not
    ``name: value`` (obsolete line folding included, as RFC 9112 allows)."""
    headers: list[tuple[str, str]] = []
    while True:
        line = rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise _Refused(431, "Request Header Fields Too Large")
        if line in (b"\r\n", b"\n"):
            return headers
        if not line.endswith(b"\n"):  # the client closed mid-header
            raise _Refused(400, "Bad Request")
        if len(headers) == MAX_HEADERS:
            raise _Refused(431, "Request Header Fields Too Large")
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon or not name or name != name.strip():
            raise _Refused(400, "Bad Request")
        headers.append((name, value.strip(" \t\r\n")))


class _Handler(socketserver.StreamRequestHandler):
    """One connection: requests read and answered in turn until either side closes."""

    protocol_version = "HTTP/1.1"
    server_version = "pytest-cognito-fake"
    timeout = 300  # an idle keep-alive connection's thread ends after this
    # With Nagle on, a response written in two parts waits for the client's delayed ACK
    # (~40 ms per call on a kept-alive connection).
    disable_nagle_algorithm = True
    command = ""
    close_connection = True

    def setup(self) -> None:
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):  # in this thread, not the accept loop
            self.connection.do_handshake()

    def handle(self) -> None:
        self.close_connection = False
        try:
            while not self.close_connection:
                try:
                    self._one()
                except _Refused as refused:
                    self._refuse(refused)
        except (ConnectionError, TimeoutError):
            pass  # the client went away, or sat idle past ``timeout``

    def _one(self) -> None:
        self.command = ""
        line = self.rfile.readline(MAX_LINE + 1)
        for _ in range(_MAX_BLANK):
            if line not in (b"\r\n", b"\n"):
                break
            line = self.rfile.readline(MAX_LINE + 1)
        if not line.endswith(b"\n"):  # closed between requests, or a line without end
            self.close_connection = True
            if len(line) > MAX_LINE:
                raise _Refused(414, "Request-URI Too Long")
            if line.strip():
                raise _Refused(400, "Bad Request")
            return
        method, target, version = parse_request_line(line)
        headers = read_headers(self.rfile)
        self.command = method
        self.close_connection = self._closes(version, headers)
        if method not in _METHODS:
            raise _Refused(501, "Not Implemented")
        if len(target) > MAX_TARGET:
            raise _Refused(414, "Request-URI Too Long")
        body = self._body(headers, version)
        environ = make_environ(
            method,
            target,
            headers,
            body,
            self.server.server_port,  # type: ignore[attr-defined]
            self.client_address,
            f"HTTP/{version[0]}.{version[1]}",
        )
        environ["wsgi.url_scheme"] = self.server.scheme  # type: ignore[attr-defined]
        try:
            status, response_headers, payload = call_app(self.server.app, environ)  # type: ignore[attr-defined]
        except Exception:  # the app's bug: answered, then reported by the server's handle_error
            self._refuse(_Refused(500, "Internal Server Error"))
            raise
        self._send(status, response_headers, payload, version)

    def _closes(self, version: tuple[int, int], headers: list[tuple[str, str]]) -> bool:
        """Whether the connection ends after this request: HTTP/1.0 unless it asks for
        keep-alive, HTTP/1.1 when it says ``Connection: close``."""
        if self.protocol_version == "HTTP/1.0":
            return True
        asked = {token.strip() for token in _field(headers, "connection").lower().split(",")}
        if "close" in asked:
            return True
        return version < (1, 1) and "keep-alive" not in asked

    def _body(self, headers: list[tuple[str, str]], version: tuple[int, int]) -> bytes:
        if _field(headers, "transfer-encoding").lower() == "chunked":
            self._continue(headers, version)
            return self._chunked()
        lengths = {value for key, value in headers if key.lower() == "content-length"} or {"0"}
        if len(lengths) != 1:
            raise _Refused(400, "Bad Request")
        length = _number(lengths.pop(), 10)
        if length > MAX_BODY:
            raise _Refused(413, "Request Entity Too Large")
        if not length:
            return b""
        self._continue(headers, version)
        return self.rfile.read(length)

    def _continue(self, headers: list[tuple[str, str]], version: tuple[int, int]) -> None:
        """A client that sent ``Expect: 100-continue`` (curl, for larger bodies) waits for
        this before it sends the body (RFC 9110 10.1.1)."""
        if version >= (1, 1) and _field(headers, "expect").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_CHUNK_LINE + 1)
            if len(line) > _MAX_CHUNK_LINE:
                raise _Refused(400, "Bad Request")
            size = _number(line.split(b";", 1)[0].strip().decode("latin-1") or "0", 16)
            total += size
            if total > MAX_BODY:
                raise _Refused(413, "Request Entity Too Large")
            if size == 0:
                while self.rfile.readline(_MAX_CHUNK_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(_MAX_CHUNK_LINE + 1)

    def _send(
        self,
        status: str,
        headers: list[tuple[str, str]],
        payload: bytes,
        version: tuple[int, int] = (1, 1),
    ) -> None:
        lines = [
            f"{self.protocol_version} {status}",
            f"Server: {self.server_version}",
            f"Date: {http_date(clock.now())}",
        ]
        length = str(len(payload))
        for key, value in headers:
            name = key.lower()
            if name == "content-length":
                if self.command == "HEAD":  # the length a GET would have, as the app says
                    length = value
            elif name not in ("connection", "transfer-encoding"):
                lines.append(f"{key}: {value}")
        lines.append(f"Content-Length: {length}")
        if self.close_connection:
            lines.append("Connection: close")
        elif version < (1, 1):
            lines.append("Connection: keep-alive")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        # One write: a response split over two segments can wait on the client's delayed ACK.
        self.wfile.write(head if self.command == "HEAD" else head + payload)

    def _refuse(self, refused: _Refused) -> None:
        """A request that cannot be read or served: say so, and close (the stream is lost)."""
        self.close_connection = True
        text = f"{refused.status} {refused.reason}"
        self._send(text, [("Content-Type", "text/plain")], text.encode() + b"\n")


def _field(headers: list[tuple[str, str]], name: str) -> str:
    """The first value of header ``name`` (lower case), or ""."""
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    scheme = "http"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (read timeout) closed its end: not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)

    def server_bind(self) -> None:
        super().server_bind()  # and no FQDN lookup, which can stall on a closed network
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _ClosingHandler(_Handler):
    """HTTP/1.0: one request per connection (the benchmark's baseline for keep-alive)."""

    protocol_version = "HTTP/1.0"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Server:
    """Serves ``app`` from a daemon thread, on 127.0.0.1 (or another loopback address); on
    any address only with ``allow_remote`` (the standalone command's ``--host``); over TLS
    with an ``ssl_context``."""

    def __init__(
        self,
        app: WSGIApp,
        port: int = 0,
        host: str = LOOPBACK,
        *,
        keep_alive: bool = True,
        ssl_context: ssl.SSLContext | None = None,
        allow_remote: bool = False,
    ) -> None:
        if not (allow_remote or _is_loopback(host)):
            raise ValueError(
                f"the fake serves on {LOOPBACK} only, not {host!r}, unless allow_remote=True"
            )
        server_class = _Server6 if ":" in host else _Server
        self._httpd = server_class((host, port), _Handler if keep_alive else _ClosingHandler)
        self._httpd.app = app  # type: ignore[attr-defined]
        self.host = host
        if ssl_context is not None:
            self._httpd.socket = ssl_context.wrap_socket(
                self._httpd.socket, server_side=True, do_handshake_on_connect=False
            )
            self._httpd.scheme = "https"
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The URL to reach it by (the loopback address when bound to every interface)."""
        host = LOOPBACK if self.host in ("0.0.0.0", "") else self.host
        host = "[::1]" if host == "::" else f"[{host}]" if ":" in host else host
        return f"{self._httpd.scheme}://{host}:{self.port}"

    def start(self) -> Server:
        # ``stop`` waits for the loop to see the request: at the end of every pytest session
        # that used the fixture. 20 ms keeps that short; 50 idle wake-ups a second cost nothing.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="cognito-fake",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until a signal handler raises (the standalone command);
        the listening socket is closed on the way out."""
        try:
            self._httpd.serve_forever(poll_interval=0.5)
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving (from another thread than the serving one) and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()
