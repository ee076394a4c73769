"""What the standalone server adds around the app: the outbox on the console and over HTTP,
bug reports on stderr, and a hook that runs after every request (saving ``--state``).

Under pytest a test reads ``cognito_fake.outbox``; a front-end developer has no such handle,
so every message is printed as one line with its code, and ``GET /_cognito_fake/outbox``
serves them as JSON (``/_cognito_fake/outbox/last?to=...`` the newest that matches).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO
from urllib.parse import parse_qsl

from . import errors
from .http import protocol
from .outbox import Message, Outbox
from .service import Service

OUTBOX_PATH = "/_cognito_fake/outbox"
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def message_line(message: Message) -> str:
    """One console line per message: channel, recipient, purpose, and what it carries."""
    what = "temporary password" if message.purpose == "invitation" else "code"
    carries = f"{what} {message.code}" if message.code else "no code"
    if message.link:
        carries += f", link {message.link}"
    return (
        f"{message.channel} to {message.to} ({message.purpose},"
        f" {message.pool_id}/{message.username}): {carries}"
    )


def message_json(message: Message) -> dict[str, Any]:
    return dataclasses.asdict(message)


class Standalone:
    """The WSGI app of ``python -m pytest_cognito_fake``: ``app`` plus the outbox routes;
    after each request it prints new messages and bugs, then calls ``after_request``."""

    def __init__(
        self,
        service: Service,
        app: WSGIApp,
        *,
        out: TextIO | None = None,
        after_request: Callable[[], None] | None = None,
    ) -> None:
        self.service = service
        self.app = app
        self.out = out or sys.stdout
        self.after_request = after_request
        #: Messages already printed (those of a loaded --state were, by an earlier run).
        self._printed = len(service.state.outbox)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") in (OUTBOX_PATH, f"{OUTBOX_PATH}/last"):
            return self._outbox(environ, start_response, path.rstrip("/").endswith("/last"))
        if self.after_request is None:
            result = self.app(environ, start_response)
            self.report()
            return result
        started: list[Any] = []
        chunks = self.app(environ, lambda *args: started.extend(args[:2]))
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        self.report()
        try:
            self.after_request()  # before the answer leaves: what it says is on disk
        except Exception as exc:
            print(f"error: {exc} (the client was answered InternalErrorException)", file=sys.stderr)
            failed = protocol.error_response(errors.InternalErrorException(), "")
            return failed(environ, start_response)
        start_response(*started)
        return [body]

    def report(self) -> None:
        """Print the messages sent and the bugs met since the last report."""
        with self.service.lock:
            box = self.service.state.outbox
            self._printed = min(self._printed, len(box))
            fresh, self._printed = list(box[self._printed :]), len(box)
            bugs, self.service.bugs[:] = list(self.service.bugs), []
        for message in fresh:
            print(message_line(message), file=self.out, flush=True)
        for bug in bugs:
            print(
                f"pytest-cognito-fake bug (client saw InternalErrorException):\n{bug}",
                file=sys.stderr,
                flush=True,
            )

    def _outbox(
        self, environ: dict[str, Any], start_response: Callable[..., Any], last: bool
    ) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            body = {"message": "The outbox is read-only: use GET."}
            status = "405 Method Not Allowed"
            return _json(start_response, status, body, [("Allow", "GET, HEAD")])
        match = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        with self.service.lock:
            box = Outbox(self.service.state.outbox)
        try:
            found = box.filter(**match)
            if last:
                return _json(start_response, "200 OK", message_json(box.last(**match)))
        except TypeError as exc:
            return _json(start_response, "400 Bad Request", {"message": str(exc)})
        except LookupError as exc:
            return _json(start_response, "404 Not Found", {"message": str(exc)})
        return _json(start_response, "200 OK", {"messages": [message_json(m) for m in found]})


def _json(
    start_response: Callable[..., Any],
    status: str,
    body: Any,
    headers: list[tuple[str, str]] | None = None,
) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Access-Control-Allow-Origin", "*"),  # a dev page may read codes from its origin
            *(headers or []),
        ],
    )
    return [payload]
