"""Identifiers in the forms AWS uses."""

from __future__ import annotations

import secrets
import string

_ALNUM = string.ascii_letters + string.digits
_LOWER_ALNUM = string.ascii_lowercase + string.digits


def pool_id(region: str) -> str:
    """``<region>_<9 alphanumerics>``, e.g. ``us-east-1_4M3fYzvqD``."""
    return f"{region}_" + "".join(secrets.choice(_ALNUM) for _ in range(9))


def client_id() -> str:
    """26 lowercase alphanumerics, as AWS's app client ids."""
    return "".join(secrets.choice(_LOWER_ALNUM) for _ in range(26))


def client_secret() -> str:
    return "".join(secrets.choice(_LOWER_ALNUM) for _ in range(52))


def code(digits: int = 6) -> str:
    return "".join(secrets.choice(string.digits) for _ in range(digits))
