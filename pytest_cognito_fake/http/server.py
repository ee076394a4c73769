"""The HTTP server: a WSGI app on 127.0.0.1 in a daemon thread. The only socket code.

The standalone command may bind another address (``--host``) and speak TLS (``--tls``).

werkzeug's development handler closes every connection, so boto3 would pay a TCP handshake
and a new thread per call. This handler speaks HTTP/1.1 keep-alive: it reads each request
body whole (Content-Length or chunked), so the stream is always at the next request line.
"""

from __future__ import annotations

import io
import ipaddress
import socket
import socketserver
import ssl
import sys
import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, HTTPServer
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
_MAX_LINE = 1024


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
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(path, "latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": LOOPBACK,
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": protocol,
        "REMOTE_ADDR": client[0],
        "REMOTE_PORT": str(client[1]),
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for key, value in headers:
        name = key.upper().replace("-", "_")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif name not in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            prior = environ.get(f"HTTP_{name}")
            environ[f"HTTP_{name}"] = f"{prior},{value}" if prior else value
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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pytest-cognito-fake"
    sys_version = ""
    timeout = 300  # an idle keep-alive connection's thread ends after this
    # With Nagle on, a response written in two parts waits for the client's delayed ACK
    # (~40 ms per call on a kept-alive connection).
    disable_nagle_algorithm = True

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._chunked()
        lengths = set(self.headers.get_all("Content-Length") or ["0"])
        if len(lengths) != 1:
            raise _Refused(400, "Bad Request")
        length = _number(lengths.pop(), 10)
        if length > MAX_BODY:
            raise _Refused(413, "Request Entity Too Large")
        return self.rfile.read(length) if length else b""

    def _chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(_MAX_LINE + 1)
            if len(line) > _MAX_LINE:
                raise _Refused(400, "Bad Request")
            size = _number(line.split(b";", 1)[0].strip().decode("latin-1") or "0", 16)
            total += size
            if total > MAX_BODY:
                raise _Refused(413, "Request Entity Too Large")
            if size == 0:
                while self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline(_MAX_LINE + 1)

    def setup(self) -> None:
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):  # in this thread, not the accept loop
            self.connection.do_handshake()

    def _run(self) -> None:
        if len(self.path) > MAX_TARGET:
            self._refuse(_Refused(414, "Request-URI Too Long"))
            return
        try:
            body = self._body()
        except _Refused as refused:
            self._refuse(refused)
            return
        environ = make_environ(
            self.command,
            self.path,
            self.headers.items(),
            body,
            self.server.server_port,  # type: ignore[attr-defined]
            self.client_address,
            self.request_version,
        )
        environ["wsgi.url_scheme"] = self.server.scheme  # type: ignore[attr-defined]
        status, headers, payload = call_app(self.server.app, environ)  # type: ignore[attr-defined]
        self._send(status, headers, payload)

    def _send(self, status: str, headers: list[tuple[str, str]], payload: bytes) -> None:
        lines = [
            f"{self.protocol_version} {status}",
            f"Server: {self.server_version}",
            f"Date: {self.date_time_string(clock.now())}",
        ]
        for key, value in headers:
            if key.lower() not in ("content-length", "connection", "transfer-encoding"):
                lines.append(f"{key}: {value}")
        lines.append(f"Content-Length: {len(payload)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        # One write: a response split over two segments can wait on the client's delayed ACK.
        self.wfile.write(head if self.command == "HEAD" else head + payload)

    def _refuse(self, refused: _Refused) -> None:
        """A request whose framing cannot be read: say so, and close (the stream is lost)."""
        self.close_connection = True
        text = f"{refused.status} {refused.reason}"
        self._send(text, [("Content-Type", "text/plain")], text.encode() + b"\n")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _run

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the call log
        pass


class _Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    scheme = "http"

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (read timeout) closed its end: not worth a traceback.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the FQDN, which can stall on a closed network.
        socketserver.TCPServer.server_bind(self)
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
