"""AWS JSON 1.1 on the wire: the target header, the body, and error responses."""

from __future__ import annotations

import json
import re
from typing import Any

from werkzeug.wrappers import Request, Response

from .. import errors, model

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


def operation_of(request: Request) -> str:
    """The operation named by X-Amz-Target, or UnknownOperationException."""
    target = request.headers.get("X-Amz-Target", "")
    prefix, _, name = target.partition(".")
    if prefix != model.TARGET_PREFIX or not _OPERATION_NAME.fullmatch(name):
        raise errors.UnknownOperationException("")
    if name not in model.operation_names():
        raise model.unknown_operation(name)
    return name


def decode_body(request: Request) -> Any:
    mimetype = request.mimetype
    if mimetype and mimetype not in _ACCEPTED_TYPES:
        raise errors.SerializationException(f"Unsupported content type: {mimetype}")
    raw = request.get_data(cache=False)
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


def json_response(body: dict[str, Any], request_id: str, status: int = 200) -> Response:
    response = Response(
        json.dumps(body, separators=(",", ":")), status=status, content_type=CONTENT_TYPE
    )
    response.headers["x-amzn-RequestId"] = request_id
    return response


def error_response(error: errors.CognitoError, request_id: str) -> Response:
    response = json_response(error.body(), request_id, error.status)
    response.headers["x-amzn-ErrorType"] = f"{error.code}:"
    if error.message:
        response.headers["x-amzn-ErrorMessage"] = header_message(error.message)
    return response


def header_message(message: str) -> str:
    """``message`` as the x-amzn-ErrorMessage header carries it; the body keeps it whole.

    Header values must be printable ASCII, and short enough for any client to read. Whether
    AWS cuts long messages in this header, and how, is unconfirmed: this cuts at
    MAX_HEADER_MESSAGE characters.
    """
    cut = message[:MAX_HEADER_MESSAGE]
    return "".join(c if " " <= c <= "~" else "?" for c in cut)
