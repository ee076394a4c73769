"""Session tracking: Get/SetUserPoolSessionConfiguration,
Get/SetUserPoolClientSessionConfiguration, AdminListUserSessions, ListUserSessions,
AdminRevokeUserSession, RevokeUserSession.

Token sessions are token families (``core.sessions``); SSO sessions are the hosted UI's cookie
sessions (``state.hosted_ui``). Revoking a token session revokes its family, as RevokeToken
does; revoking an SSO session ends its cookie at once.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import sessions, tokens
from ..errors import (
    FeatureUnavailableInTierException,
    InvalidParameterException,
    OperationNotEnabledException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.store import State, TokenFamily, User, UserPool
from ._paginate import respond
from ._registry import operation


def _require_plan(pool: UserPool) -> None:
    if pool.settings.get("UserPoolTier") == "LITE":
        raise FeatureUnavailableInTierException(
            "User session tracking requires the ESSENTIALS or PLUS feature plan."
        )


def _pool_configuration(pool: UserPool) -> dict[str, Any]:
    return {
        "UserPoolId": pool.pool_id,
        "UserSessionTracking": "ENABLED" if pool.session_tracking else "DISABLED",
        "TokenSession": {"MaxPerUser": pool.max_sessions_per_user},
    }


@operation("GetUserPoolSessionConfiguration")
def get_user_pool_session_configuration(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    """Never configured: DISABLED and 20, as the model documents."""
    return _pool_configuration(lookups.get_pool(state, req["UserPoolId"]))


@operation("SetUserPoolSessionConfiguration")
def set_user_pool_session_configuration(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    """Lowering MaxPerUser evicts nothing now: the next sign-in brings the user under it."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    _require_plan(pool)
    enabled = req["UserSessionTracking"] == "ENABLED"
    if pool.session_tracking and not enabled:
        sessions.stop_tracking(state, pool)
    pool.session_tracking = enabled
    pool.max_sessions_per_user = int(req["TokenSession"]["MaxPerUser"])
    return _pool_configuration(pool)


def _client_configuration(pool: UserPool, client_id: str, minutes: int) -> dict[str, Any]:
    return {
        "UserPoolId": pool.pool_id,
        "ClientId": client_id,
        "SSOSession": {"MaxValidityMinutes": minutes},
    }


@operation("GetUserPoolClientSessionConfiguration")
def get_user_pool_client_session_configuration(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    """The stored window (60 when never set), also while tracking is off: it is kept,
    dormant, until tracking is on again."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    return _client_configuration(pool, client.client_id, client.sso_max_validity_minutes)


def _require_tracking_to_configure(pool: UserPool) -> None:
    """The model says tracking must be enabled; which error AWS answers is unconfirmed
    (InvalidParameterException is the alternative)."""
    if not pool.session_tracking:
        raise OperationNotEnabledException(
            f"User session tracking is not enabled for user pool {pool.pool_id}."
        )


@operation("SetUserPoolClientSessionConfiguration")
def set_user_pool_client_session_configuration(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    _require_plan(pool)
    _require_tracking_to_configure(pool)
    client.sso_max_validity_minutes = int(req["SSOSession"]["MaxValidityMinutes"])
    return _client_configuration(pool, client.client_id, client.sso_max_validity_minutes)


# ------------------------------------------------------------------------ listings


def _listing(
    state: State, pool: UserPool, user: User, ctx: Ctx, current: TokenFamily | None = None
) -> list[dict[str, Any]]:
    """Every live session of the user: token sessions and SSO sessions."""
    entries = [
        sessions.describe(family.session, "TOKEN", current=family is current)
        for family in sessions.token_sessions(state, pool, user, ctx)
        if family.session is not None
    ]
    entries += [
        sessions.describe(login.session, "SSO")
        for login in sessions.sso_sessions(state, pool, user, ctx)
        if login.session is not None
    ]
    return sessions.newest_first(entries)


def _page(entries: list[dict[str, Any]], req: dict[str, Any], name: str) -> dict[str, Any]:
    return respond(entries, req, name, "Sessions", limit=sessions.PAGE_SIZE)


@operation("AdminListUserSessions")
def admin_list_user_sessions(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """IsCurrentSession is always false here (the model says so: no token, no current)."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    sessions.require_tracking(pool)
    return _page(_listing(state, pool, user, ctx), req, "AdminListUserSessions")


@operation("ListUserSessions")
def list_user_sessions(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The caller's session is the one its access token's family holds; none is current when
    the token came from before tracking was on (unconfirmed)."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    sessions.require_tracking(caller.pool)
    entries = _listing(state, caller.pool, caller.user, ctx, current=caller.family)
    return _page(entries, req, "ListUserSessions")


# ---------------------------------------------------------------------- revocation


def _unknown_session(session_id: str) -> ResourceNotFoundException:
    """Unknown, already revoked or someone else's: one answer that reveals nothing
    (unconfirmed: the model lists ResourceNotFoundException without saying when)."""
    return ResourceNotFoundException(f"Session {session_id} does not exist.")


def revoke(
    state: State, pool: UserPool, user: User, session_id: str, linked: bool, ctx: Ctx
) -> None:
    """End one of ``user``'s sessions. LINKED from a token session also ends the SSO session
    it came through (not that session's other children); from an SSO session, every token
    session that came through it."""
    family = sessions.find_token_session(state, pool, user, session_id, ctx)
    if family is not None and family.session is not None:
        family.revoked = True
        if linked and family.session.origin_id:
            sessions.end_sso(state, pool, family.session.origin_id)
        return
    live = sessions.sso_sessions(state, pool, user, ctx)
    if not any(s.session is not None and s.session.session_id == session_id for s in live):
        raise _unknown_session(session_id)
    sessions.end_sso(state, pool, session_id)
    if linked:
        for child in sessions.children(state, pool, session_id):
            child.revoked = True


@operation("AdminRevokeUserSession")
def admin_revoke_user_session(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    sessions.require_tracking(pool)
    linked = req.get("RevokeAssociatedSessions", "NONE") == "LINKED"
    revoke(state, pool, user, req["SessionId"], linked, ctx)
    return {}


@operation("RevokeUserSession")
def revoke_user_session(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only the caller's *other* sessions; its own is refused (the model says so; the error
    type is unconfirmed)."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    sessions.require_tracking(caller.pool)
    own = caller.family.session
    if own is not None and own.session_id == req["SessionId"]:
        raise InvalidParameterException("A session cannot revoke itself; use GlobalSignOut.")
    linked = req.get("RevokeAssociatedSessions", "NONE") == "LINKED"
    revoke(state, caller.pool, caller.user, req["SessionId"], linked, ctx)
    return {}
