"""One opaque-token paginator for every paginated operation."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TypeVar

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
