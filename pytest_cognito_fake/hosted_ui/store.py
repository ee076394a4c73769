"""Hosted-UI state: the ``cognito`` session cookies and the authorization codes.

Both live in ``state.hosted_ui`` and nowhere near the token families, on purpose: GlobalSignOut and
AdminUserGlobalSignOut revoke families (``core.tokens.revoke_user``) and leave these alone, as AWS
does, so a signed-out user's cookie keeps yielding fresh tokens until its hour is up. Expiry is
checked lazily against ``ctx.now``.
"""

from __future__ import annotations

import secrets

from ..context import Ctx
from ..core import sessions as tracking
from ..state.hosted_ui import AuthorizationCode as Code
from ..state.hosted_ui import LoginSession, SignUpTicket
from ..state.store import AppClient, State, User, UserPool

#: AWS: the session cookie lasts one hour and the duration cannot be changed.
SESSION_SECONDS = 3600
#: AWS: an authorization code is valid for five minutes and can be used once.
CODE_SECONDS = 300


def sessions(state: State) -> dict[str, LoginSession]:
    return state.hosted_ui.sessions


def codes(state: State) -> dict[str, Code]:
    return state.hosted_ui.codes


def start_session(
    state: State,
    pool: UserPool,
    user: User,
    ctx: Ctx,
    client_id: str = "",
    previous: LoginSession | None = None,
) -> LoginSession:
    """A new cookie after a sign-in: one hour from now. With session tracking it carries an
    SSO session record: ``previous``'s when the same user signs in again in this browser."""
    session = LoginSession(
        cookie=secrets.token_urlsafe(32),
        pool_id=pool.pool_id,
        username=user.username,
        sub=user.sub,
        auth_time=int(ctx.now),
        expires=ctx.now + SESSION_SECONDS,
    )
    if pool.session_tracking:
        same = previous is not None and previous.sub == user.sub
        session.session = previous.session if same and previous else None
        if session.session is None:
            session.session = tracking.new_record("sso", client_id, ctx)
        tracking.touch(session.session, ctx)
        session.expires = ctx.now + tracked_seconds(pool)
    sessions(state)[session.cookie] = session
    return session


def tracked_seconds(pool: UserPool) -> int:
    """How long a tracked SSO session (and its cookie) lasts: long enough for the client that
    may reuse it longest, and never under the untracked hour (unconfirmed: AWS documents the
    per-client reuse window, not the record's own lifetime)."""
    windows = [client.sso_max_validity_minutes * 60 for client in pool.clients.values()]
    return max([SESSION_SECONDS, *windows])


def reusable(session: LoginSession, pool: UserPool, client: AppClient, ctx: Ctx) -> bool:
    """Whether ``client`` may sign in silently with ``session``: always while the cookie lives
    when the pool tracks no sessions; with tracking, only within the client's
    SSOSession.MaxValidityMinutes of the last fresh sign-in (0: never)."""
    if not pool.session_tracking:
        return True
    return ctx.now < session.auth_time + client.sso_max_validity_minutes * 60


#: Statuses whose cookie still signs in: native users and federated ones.
SESSION_STATUSES = ("CONFIRMED", "EXTERNAL_PROVIDER")


def cookie_ids(cookie: str | None) -> list[str]:
    """The session ids a ``cognito`` cookie holds. On AWS each pool's domain has its own
    cookie; the fake's bare host serves every pool at one path, so its one cookie holds one
    session per pool, joined by ``.`` (never part of an id)."""
    return [part for part in (cookie or "").split(".") if part]


def _live(state: State, session_id: str, ctx: Ctx) -> LoginSession | None:
    """The session if unexpired; an expired one is dropped."""
    session = sessions(state).get(session_id)
    if session is not None and session.expires <= ctx.now:
        del sessions(state)[session_id]
        return None
    return session


def live_session(
    state: State, cookie: str | None, pool: UserPool, ctx: Ctx
) -> tuple[LoginSession, User] | None:
    """The cookie's session of ``pool`` and its user if it is unexpired and the user may
    still sign in (exists, same sub, enabled, confirmed or federated)."""
    for session_id in cookie_ids(cookie):
        session = _live(state, session_id, ctx)
        if session is None or session.pool_id != pool.pool_id:
            continue
        user = pool.users.get(session.username)
        if (
            user is None
            or user.sub != session.sub
            or not user.enabled
            or user.status not in SESSION_STATUSES
        ):
            return None
        return session, user
    return None


def end_session(state: State, cookie: str | None, pool: UserPool, ctx: Ctx) -> list[LoginSession]:
    """End the cookie's session of ``pool``; the other pools' live sessions it holds."""
    kept = []
    for session_id in cookie_ids(cookie):
        session = _live(state, session_id, ctx)
        if session is None:
            continue
        if session.pool_id == pool.pool_id:
            del sessions(state)[session_id]
        else:
            kept.append(session)
    return kept


def cookie_value(kept: list[LoginSession]) -> str:
    return ".".join(session.cookie for session in kept)


def new_code(state: State, ctx: Ctx, **fields: object) -> Code:
    code = Code(code=secrets.token_urlsafe(27), expires=ctx.now + CODE_SECONDS, **fields)  # type: ignore[arg-type]
    codes(state)[code.code] = code
    return code


def take_code(state: State, value: str, ctx: Ctx) -> Code | None:
    """The code, removed so it cannot be used twice; None if unknown, used or expired."""
    code = codes(state).pop(value, None)
    if code is None or code.expires <= ctx.now:
        return None
    return code


#: How long a browser that signed up may confirm and be signed in without the password (the
#: fake's choice; AWS publishes no number).
SIGN_UP_SECONDS = 3600


def sign_up_tickets(state: State) -> dict[str, SignUpTicket]:
    return state.hosted_ui.sign_up_tickets


def new_sign_up_ticket(state: State, pool: UserPool, sub: str, ctx: Ctx) -> SignUpTicket:
    ticket = SignUpTicket(secrets.token_urlsafe(24), pool.pool_id, sub, ctx.now + SIGN_UP_SECONDS)
    sign_up_tickets(state)[ticket.ticket] = ticket
    return ticket


def take_sign_up_ticket(
    state: State, value: str | None, pool: UserPool, user: User, ctx: Ctx
) -> bool:
    """Whether the browser's ticket is for ``user`` and unexpired; it is used up either way."""
    ticket = sign_up_tickets(state).pop(value or "", None)
    return (
        ticket is not None
        and ticket.expires > ctx.now
        and ticket.pool_id == pool.pool_id
        and ticket.sub == user.sub
    )
