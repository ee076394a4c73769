"""Passwords: the pool's policy, generated temporary passwords, the history a pool keeps."""

from __future__ import annotations

import string

from ..context import Ctx
from ..errors import InvalidPasswordException, PasswordHistoryPolicyViolationException
from ..state.store import User, UserPool
from . import ids

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")


def check_password(pool: UserPool, password: str) -> None:
    """InvalidPasswordException with AWS's reason for the first rule ``password`` breaks."""
    policy = pool.password_policy
    reasons = [
        (len(password) < policy.get("MinimumLength", 8), "Password not long enough"),
        (
            policy.get("RequireLowercase", True)
            and not any(c in string.ascii_lowercase for c in password),
            "Password must have lowercase characters",
        ),
        (
            policy.get("RequireUppercase", True)
            and not any(c in string.ascii_uppercase for c in password),
            "Password must have uppercase characters",
        ),
        (
            policy.get("RequireNumbers", True) and not any(c in string.digits for c in password),
            "Password must have numeric characters",
        ),
        (
            policy.get("RequireSymbols", True) and not any(c in SYMBOLS for c in password),
            "Password must have symbol characters",
        ),
    ]
    for broken, reason in reasons:
        if broken:
            raise InvalidPasswordException(f"Password did not conform with policy: {reason}")


def temporary_password(pool: UserPool) -> str:
    """A generated password that meets the pool's policy."""
    length = max(pool.password_policy.get("MinimumLength", 8), 12)
    body = ""
    while len(body) < length - 4:
        body += ids.client_secret()
    return "Aa1!" + body[: length - 4]


#: AWS's text for a reused password (unconfirmed: no capture found).
REUSED_PASSWORD = (
    "The password you entered has been used recently. Please choose a different password."
)


def _history_size(pool: UserPool | None) -> int:
    return int(pool.password_policy.get("PasswordHistorySize") or 0) if pool else 0


def _recent_passwords(user: User) -> list[str]:
    """The user's passwords, oldest first, ending with the current one (a password seeded
    outside the API, by the fixture, counts too)."""
    history = list(user.password_history)
    if user.password is not None and (not history or history[-1] != user.password):
        history.append(user.password)
    return history


def check_password_history(pool: UserPool, user: User, password: str) -> None:
    """PasswordHistorySize N forbids the user's last N passwords (the current one included)."""
    size = _history_size(pool)
    if size and password in _recent_passwords(user)[-size:]:
        raise PasswordHistoryPolicyViolationException(REUSED_PASSWORD)


def set_password(
    user: User, password: str, ctx: Ctx, status: str | None = None, pool: UserPool | None = None
) -> None:
    """Store a (checked) password; its age starts now (temporary passwords expire by it).

    With ``pool`` the password joins the user's history when the pool keeps one."""
    size = _history_size(pool)
    if size:
        user.password_history = [*_recent_passwords(user), password][-size:]
    elif pool is not None:
        user.password_history = []
    user.password = password
    user.password_set_at = ctx.now
    if status is not None:
        user.status = status
    user.modified = ctx.now
