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
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise errors.SerializationException("Unexpected character found in JSON body.") from None


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
        # Header values must be printable ASCII; the body keeps the exact text.
        safe = "".join(c if " " <= c <= "~" else "?" for c in error.message)
        response.headers["x-amzn-ErrorMessage"] = safe
    return response
