"""Sign-out and tokens: GlobalSignOut, AdminUserGlobalSignOut, RevokeToken,
GetTokensFromRefreshToken."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import sessions, tokens
from ..core.signin import attempt
from ..crypto import jwt as jwt_keys
from ..errors import (
    UnauthorizedException,
    UnsupportedOperationException,
    UnsupportedTokenTypeException,
)
from ..state import lookups
from ..state.store import AppClient, State, TokenFamily
from ._registry import operation


@operation("GlobalSignOut")
def global_sign_out(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    tokens.revoke_user(state, caller.pool.pool_id, caller.user.username)
    return {}


@operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    tokens.revoke_user(state, req["UserPoolId"], user.username)
    return {}


def _revoking_client(state: State, client_id: str, secret: str | None) -> AppClient:
    """RevokeToken authenticates the client as RFC 7009 does: unknown client or wrong secret
    is UnauthorizedException (ResourceNotFound and NotAuthorized are not among its errors)."""
    owner = state.client_index.get(client_id)
    if owner is None:
        raise UnauthorizedException(f"User pool client {client_id} does not exist.")
    client = state.pools[owner].clients[client_id]
    if client.secrets and not (secret and attempt.secret_matches(client, secret)):
        raise UnauthorizedException("Invalid client secret.")
    if not client.settings.get("EnableTokenRevocation", True):
        raise UnsupportedOperationException("Token revocation is not enabled for this client.")
    return client


@operation("RevokeToken")
def revoke_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client = _revoking_client(state, req["ClientId"], req.get("ClientSecret"))
    token = req["Token"]
    record = state.refresh_tokens.get(token)
    if record is None:
        try:
            jwt_keys.verify(token, state.pools)
        except jwt_keys.InvalidToken:
            return {}  # RFC 7009: an unknown token is no error; there is nothing to revoke.
        raise UnsupportedTokenTypeException("Only refresh tokens can be revoked.")
    if record.client_id != client.client_id:
        raise UnauthorizedException("Refresh Token has different Client")
    family = state.families[record.event_id]
    family.revoked = True
    if req.get("RevokeAssociatedSessions") == "LINKED":
        _end_parent_sso(state, family)
    return {}


def _end_parent_sso(state: State, family: TokenFamily) -> None:
    """RevokeAssociatedSessions=LINKED: the SSO session the token session came through ends
    too (its other token sessions do not); nothing to do without tracking or a parent."""
    pool = state.pools.get(family.pool_id)
    if pool is not None and family.session is not None and family.session.origin_id:
        sessions.end_sso(state, pool, family.session.origin_id)


@operation("GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Refresh without an auth flow; with RefreshTokenRotation ENABLED the refresh token is
    replaced (the old one lives on for RetryGracePeriodSeconds)."""
    client = lookups.get_client(state, req["ClientId"])
    attempt.check_client_secret(client, req.get("ClientSecret"))
    record, family = tokens.use_refresh_token(state, req["RefreshToken"], client, ctx)
    pool = state.pools[client.pool_id]
    user = pool.users[family.username]
    result = tokens.authentication_result(
        state,
        pool,
        client,
        user,
        family,
        ctx,
        with_refresh=False,
        source="TokenGeneration_RefreshTokens",
    )
    if tokens.rotates(client):
        result["RefreshToken"] = tokens.rotate(state, record, client, ctx)
    return {"AuthenticationResult": result}
