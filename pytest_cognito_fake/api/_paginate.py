"""One opaque-token paginator for every paginated operation."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from ..errors import InvalidParameterException

T = TypeVar("T")


def _encode(operation: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{operation}:{offset}".encode()).decode()


def page(
    items: Sequence[T], token: str | None, limit: int | None, operation: str, default: int = 60
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last one)."""
    offset = 0
    if token:
        try:
            name, _, raw = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
            offset = int(raw)
        except (ValueError, UnicodeDecodeError):
            raise InvalidParameterException("Invalid pagination token.") from None
        if name != operation or offset < 0:
            raise InvalidParameterException("Invalid pagination token.")
    size = limit or default
    chunk = list(items[offset : offset + size])
    following = offset + size
    return chunk, (_encode(operation, following) if following < len(items) else None)


def respond(
    items: Sequence[T],
    req: dict[str, Any],
    operation: str,
    key: str,
    *,
    token_key: str = "NextToken",
    limit_key: str = "MaxResults",
    limit: int | None = None,
    default: int = 60,
    each: Callable[[T], Any] | None = None,
) -> dict[str, Any]:
    """The whole answer of a list operation: ``{key: page}`` plus the next token when there is one.

    ``limit`` overrides the request's ``limit_key`` (for outputs capped below the input's range);
    ``each`` shapes only the items of the page, so large lists are not converted whole.
    """
    wanted = limit if limit is not None else req.get(limit_key)
    chunk, token = page(items, req.get(token_key), wanted, operation, default)
    out: dict[str, Any] = {key: [each(item) for item in chunk] if each else chunk}
    if token:
        out[token_key] = token
    return out
