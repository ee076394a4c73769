"""Strings from a request as bytes, for hashing and constant-time comparison.

JSON may carry any character, lone surrogates included (``"\\ud800"``), and AWS compares such
values like any other: a wrong one is simply wrong. ``str.encode()`` would raise on a lone
surrogate and ``hmac.compare_digest`` refuses non-ASCII ``str``; these helpers do neither.
"""

from __future__ import annotations

import hmac


def utf8(text: str) -> bytes:
    """``text`` as UTF-8; a lone surrogate is kept (as its 3-byte form), never an error."""
    return text.encode("utf-8", "surrogatepass")


def same(given: str, expected: str) -> bool:
    """Whether two strings are equal, in time independent of where they differ."""
    return hmac.compare_digest(utf8(given), utf8(expected))
