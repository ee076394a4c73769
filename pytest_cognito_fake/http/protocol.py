"""AWS JSON 1.1 on the wire: the target header, the body, and error responses.

Plain values in, (status, headers, body) out: the API's hot path answers from the WSGI environ
without building werkzeug request and response objects.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from .. import errors, model

if TYPE_CHECKING:  # werkzeug loads with the first routed request, not with the API's path
    from werkzeug.wrappers import Response

#: (status code, headers, body): a whole answer.
Answer = tuple[int, list[tuple[str, str]], bytes]
CONTENT_TYPE = "application/x-amz-json-1.1"
#: The form every operation name takes; another name gets AWS's bare answer.
_OPERATION_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,127}")
_ACCEPTED_TYPES = {CONTENT_TYPE, "application/x-amz-json-1.0", "application/json"}
#: Deepest nesting of arrays and objects a body may have. No Cognito input nests beyond ~10
#: levels; the bound keeps a hostile body from exhausting the stack of the validator.
MAX_DEPTH = 100
#: Longest x-amzn-ErrorMessage header sent. http.client refuses header lines over 64 KiB, and
#: a validation message quotes the offending value, which may be megabytes long.
MAX_HEADER_MESSAGE = 1024


def operation_of(target: str) -> str:
    """The operation named by an X-Amz-Target value, or UnknownOperationException."""
    prefix, _, name = target.partition(".")
    if prefix != model.TARGET_PREFIX or not _OPERATION_NAME.fullmatch(name):
        raise errors.UnknownOperationException("")
    if name not in model.operation_names():
        raise model.unknown_operation(name)
    return name


def headers_of(environ: dict[str, Any]) -> dict[str, str]:
    """The request's headers by lower-case name, from a WSGI environ."""
    headers = {
        key[5:].replace("_", "-").lower(): value
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers[key.replace("_", "-").lower()] = environ[key]
    return headers


def read_body(environ: dict[str, Any]) -> bytes:
    """The whole body (the server hands the app bodies already read, de-chunked)."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    return environ["wsgi.input"].read(length) if length > 0 else b""


def decode_body(content_type: str, raw: bytes) -> Any:
    mimetype = content_type.split(";", 1)[0].strip().lower()
    if mimetype and mimetype not in _ACCEPTED_TYPES:
        raise errors.SerializationException(f"Unsupported content type: {mimetype}")
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _malformed() from None
    # Cheap first: a body with few brackets cannot nest deeply.
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and _too_deep(body):
        raise _malformed()
    return body


def _malformed() -> errors.SerializationException:
    # AWS's text for a body its JSON parser rejects (bad syntax, or nesting beyond its bound)
    # is unconfirmed; one message for both keeps the choice in one place.
    return errors.SerializationException("Unexpected character found in JSON body.")


def _too_deep(body: Any) -> bool:
    """Whether ``body`` nests deeper than MAX_DEPTH (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


_encode = json.JSONEncoder(separators=(",", ":")).encode


def json_answer(body: dict[str, Any], request_id: str, status: int = 200) -> Answer:
    payload = _encode(body).encode()
    headers = [
        ("Content-Type", CONTENT_TYPE),
        ("Content-Length", str(len(payload))),
        ("x-amzn-RequestId", request_id),
    ]
    return status, headers, payload


def error_answer(error: errors.CognitoError, request_id: str) -> Answer:
    status, headers, payload = json_answer(error.body(), request_id, error.status)
    headers.append(("x-amzn-ErrorType", f"{error.code}:"))
    if error.message:
        headers.append(("x-amzn-ErrorMessage", header_message(error.message)))
    return status, headers, payload


def status_line(status: int) -> str:
    """``200 OK``, ``400 BAD REQUEST``: as werkzeug writes it for the other routes."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase.upper()}"


def response(answer: Answer) -> Response:
    """An answer as a werkzeug response (for routes that add headers to it, such as CORS)."""
    from werkzeug.wrappers import Response

    status, headers, payload = answer
    return Response(payload, status=status, headers=headers)


def error_response(error: errors.CognitoError, request_id: str) -> Response:
    return response(error_answer(error, request_id))


def header_message(message: str) -> str:
    """``message`` as the x-amzn-ErrorMessage header carries it; the body keeps it whole.

    Header values must be printable ASCII, and short enough for any client to read. Whether
    AWS cuts long messages in this header, and how, is unconfirmed: this cuts at
    MAX_HEADER_MESSAGE characters.
    """
    cut = message[:MAX_HEADER_MESSAGE]
    return "".join(c if " " <= c <= "~" else "?" for c in cut)
