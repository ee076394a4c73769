"""Identifiers in the forms AWS uses."""

from __future__ import annotations

import secrets
import string

_ALNUM = string.ascii_letters + string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits


def _pick(alphabet: str, count: int) -> str:
    """``count`` random characters of ``alphabet`` from one read of the OS's randomness."""
    return "".join(alphabet[b % len(alphabet)] for b in secrets.token_bytes(count))


def pool_id(region: str) -> str:
    """``<region>_<9 alphanumerics>``, e.g. ``us-east-1_4M3fYzvqD``."""
    return f"{region}_" + _pick(_ALNUM, 9)


def client_id() -> str:
    """26 lowercase alphanumerics, as AWS's app client ids."""
    return _pick(_LOWER_ALNUM, 26)


def client_secret() -> str:
    return _pick(_LOWER_ALNUM, 52)


def code(digits: int = 6) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(digits))
