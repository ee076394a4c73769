"""The WSGI app. An SDK call (POST / without an Origin) is answered straight from the environ
by ``api``: the path every boto3 call takes, with no werkzeug request or response. Every other
route (hosted UI, well-known documents, the fake IdP, CORS) is in ``routes.py``, imported on
the first such request."""

from __future__ import annotations

import threading
import traceback
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from .. import errors, model
from ..service import Service
from . import protocol


def api(service: Service, environ: dict[str, Any]) -> protocol.Answer:
    """One AWS JSON 1.1 call, read straight from the WSGI environ: the path every SDK call
    takes, so no werkzeug request or response is built for it."""
    request_id = str(uuid.uuid4())
    try:
        if environ["REQUEST_METHOD"] != "POST":
            raise errors.UnknownOperationException("")
        operation = protocol.operation_of(environ.get("HTTP_X_AMZ_TARGET", ""))
        headers = protocol.headers_of(environ)
        ctx = service.context(operation, headers, request_id)
        ctx.source_ip = environ.get("REMOTE_ADDR") or "127.0.0.1"

        if model.is_signed(operation) and "authorization" not in headers:
            raise errors.MissingAuthenticationTokenException()
        raw = protocol.read_body(environ)
        body = protocol.decode_body(environ.get("CONTENT_TYPE", ""), raw)
        ctx.request_bytes = len(raw)
        result = service.invoke(operation, body, ctx, wire=True)
    except errors.CognitoError as exc:
        return protocol.error_answer(exc, request_id)
    return protocol.json_answer(result, request_id)


def make_app(service: Service) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    """The WSGI callable serving ``service``."""
    routed: list[Callable[..., Any]] = []
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/" and "HTTP_ORIGIN" not in environ:
            try:
                status, headers, payload = api(service, environ)
            except Exception:
                service.bugs.append(f"POST /:\n{traceback.format_exc()}")
                error = errors.InternalErrorException()
                status, headers, payload = protocol.error_answer(error, str(uuid.uuid4()))
            start_response(protocol.status_line(status), headers)
            return [payload]
        if not routed:
            with lock:
                if not routed:
                    from .routes import Routed

                    routed.append(Routed(service))
        result: Iterable[bytes] = routed[0](environ, start_response)
        return result

    return app
