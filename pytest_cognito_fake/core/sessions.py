"""Session tracking: the records AWS keeps, while a pool opts in, of each token session (one
authentication that yielded a refresh token; it lives on its TokenFamily) and each hosted-UI
SSO session (behind the ``cognito`` cookie; ``hosted_ui.store``).

Nothing here changes what the fake did before tracking existed: with tracking DISABLED no
record is made, nothing is evicted, and cookies last their fixed hour.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Iterable
from typing import Any

from ..context import Ctx
from ..errors import OperationNotEnabledException
from ..state.hosted_ui import LoginSession
from ..state.sessions import TrackedSession
from ..state.store import State, TokenFamily, User, UserPool

_ID_ALPHABET = string.ascii_lowercase + string.digits
#: AWS: a user's sessions all fit in one page of AdminListUserSessions / ListUserSessions.
PAGE_SIZE = 125


def new_id(kind: str) -> str:
    """``tkn`` or ``sso`` and 25 characters of [a-z0-9], as SessionIdType requires."""
    return kind + "".join(secrets.choice(_ID_ALPHABET) for _ in range(25))


def require_tracking(pool: UserPool) -> None:
    """The list and revoke operations on a pool that keeps no records.

    Unconfirmed: AWS documents no error for this; the alternative would be an empty list (and
    ResourceNotFoundException for a revocation)."""
    if not pool.session_tracking:
        raise OperationNotEnabledException(
            f"User session tracking is not enabled for user pool {pool.pool_id}."
        )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Chrome/", "Chrome"),
    ("Firefox/", "Firefox"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def device_type(ctx: Ctx) -> str:
    """ "OS / browser" from the User-Agent, or the product name of an SDK; "unknown" without
    one (the model allows the literal)."""
    agent = ctx.user_agent
    if not agent:
        return "unknown"
    system = next((name for key, name in _SYSTEMS if key in agent), "")
    browser = next((name for key, name in _BROWSERS if key in agent), "")
    if system and browser:
        return f"{system} / {browser}"
    product = re.match(r"[\w.-]+", agent)
    return product.group(0)[:1024] if product else "unknown"


def touch(session: TrackedSession, ctx: Ctx) -> None:
    """A sign-in, refresh or rotation through the session: it is active now, from here."""
    session.last_active = ctx.now
    session.device_type = device_type(ctx)
    session.last_ip = ctx.source_ip


def new_record(kind: str, client_id: str, ctx: Ctx) -> TrackedSession:
    session = TrackedSession(new_id(kind), client_id, created=ctx.now, last_active=ctx.now)
    touch(session, ctx)
    return session


# ------------------------------------------------------------------ token sessions


def _refresh_expiry(state: State) -> dict[str, float]:
    """Event id -> when its last refresh token expires (a session lives as long as one)."""
    latest: dict[str, float] = {}
    for record in state.refresh_tokens.values():
        latest[record.event_id] = max(record.expires, latest.get(record.event_id, 0.0))
    return latest


def token_sessions(state: State, pool: UserPool, user: User, ctx: Ctx) -> list[TokenFamily]:
    """The user's live token sessions, least recently used first."""
    expiry = _refresh_expiry(state)
    found = [
        family
        for family in state.families.values()
        if family.session is not None
        and not family.revoked
        and family.pool_id == pool.pool_id
        and family.username == user.username
        and family.sub == user.sub
        and expiry.get(family.event_id, 0.0) > ctx.now
    ]
    return sorted(found, key=lambda family: family.session.last_active)  # type: ignore[union-attr]


def start_token_session(
    state: State, pool: UserPool, family: TokenFamily, user: User, ctx: Ctx
) -> None:
    """A new authentication issued a refresh token: with tracking on, first bring the user
    under MaxPerUser by evicting the least recently used sessions, then record this one."""
    if not pool.session_tracking or family.session is not None:
        return
    live = token_sessions(state, pool, user, ctx)
    while live and len(live) >= pool.max_sessions_per_user:
        live.pop(0).revoked = True  # its refresh token now fails as a revoked one
    family.session = new_record("tkn", family.client_id, ctx)


def used(family: TokenFamily, ctx: Ctx) -> None:
    """A refresh through the session's refresh token."""
    if family.session is not None:
        touch(family.session, ctx)


def find_token_session(
    state: State, pool: UserPool, user: User, session_id: str, ctx: Ctx
) -> TokenFamily | None:
    return next(
        (
            family
            for family in token_sessions(state, pool, user, ctx)
            if family.session is not None and family.session.session_id == session_id
        ),
        None,
    )


def children(state: State, pool: UserPool, sso_id: str) -> Iterable[TokenFamily]:
    """The token sessions that came through SSO session ``sso_id``."""
    for family in state.families.values():
        if (
            family.pool_id == pool.pool_id
            and family.session is not None
            and family.session.origin_id == sso_id
        ):
            yield family


# ------------------------------------------------------------------------ listings


def describe(session: TrackedSession, kind: str, *, current: bool = False) -> dict[str, Any]:
    """A SessionDescriptionType. The fake has no geo-IP: the Country is "unknown", which
    the model allows; no City."""
    out: dict[str, Any] = {
        "SessionId": session.session_id,
        "SessionType": kind,
        "ClientId": session.client_id,
        "CreateDate": session.created,
        "LastActiveDate": session.last_active,
        "DeviceType": session.device_type,
        "LastIPAddress": session.last_ip,
        "LastLocation": {"Country": "unknown"},
        "IsCurrentSession": current,
    }
    if session.origin_id:
        out["OriginSessionId"] = session.origin_id
    return out


def newest_first(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listing order (unconfirmed: AWS documents none); newest CreateDate first."""
    return sorted(entries, key=lambda entry: -entry["CreateDate"])


# ------------------------------------------------------------------------ SSO sessions


def sso_sessions(state: State, pool: UserPool, user: User, ctx: Ctx) -> list[LoginSession]:
    """The user's SSO sessions in ``pool`` that have a record and whose cookie still lives."""
    return [
        login
        for login in state.hosted_ui.sessions.values()
        if login.session is not None
        and login.expires > ctx.now
        and login.pool_id == pool.pool_id
        and login.username == user.username
        and login.sub == user.sub
    ]


def end_sso(state: State, pool: UserPool, sso_id: str) -> None:
    """Revoke SSO session ``sso_id``: its cookie signs no one in any more."""
    cookies = state.hosted_ui.sessions
    for cookie, login in list(cookies.items()):
        if (
            login.pool_id == pool.pool_id
            and login.session is not None
            and login.session.session_id == sso_id
        ):
            del cookies[cookie]


def stop_tracking(state: State, pool: UserPool) -> None:
    """Turning tracking off drops the records (unconfirmed: AWS says only that it keeps none
    while off): token families and cookies keep working without them; re-enabling does not
    bring them back."""
    for family in state.families.values():
        if family.pool_id == pool.pool_id:
            family.session = None
    for login in state.hosted_ui.sessions.values():
        if login.pool_id == pool.pool_id:
            login.session = None
