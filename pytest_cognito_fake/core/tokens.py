"""Minting and checking tokens: shared by sign-in, refresh, sign-out and the hosted UI."""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..context import Ctx
from ..crypto import jwt as jwt_keys
from ..errors import NotAuthorizedException, RefreshTokenReuseException, UserNotFoundException
from ..state.store import AppClient, RefreshToken, State, TokenFamily, User, UserPool
from . import pre_token, sessions, user_claims

ADMIN_SCOPE = "aws.cognito.signin.user.admin"
BOOLEAN_ATTRIBUTES = {"email_verified", "phone_number_verified"}

ClaimsAdjust = Callable[[dict[str, Any], str], None]


def readable_attributes(client: AppClient | None, attributes: dict[str, str]) -> dict[str, str]:
    """The user's attributes this app client may read (all, when ReadAttributes is unset)."""
    allowed = client.settings.get("ReadAttributes") if client is not None else None
    if not allowed:
        return dict(attributes)
    return {k: v for k, v in attributes.items() if k in allowed or k == "sub"}


def _claim_value(name: str, value: str) -> Any:
    if name in BOOLEAN_ATTRIBUTES:
        return value == "true"
    if name == "updated_at" and value.isdigit():
        return int(value)
    return value


def new_family(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    ctx: Ctx,
    scopes: list[str] | None = None,
    device_key: str | None = None,
    nonce: str | None = None,
) -> TokenFamily:
    """Record a new authentication event; every token it yields shares its ids."""
    family = TokenFamily(
        event_id=str(uuid.uuid4()),
        origin_jti=str(uuid.uuid4()),
        pool_id=pool.pool_id,
        client_id=client.client_id,
        username=user.username,
        sub=user.sub,
        auth_time=int(ctx.now),
        scopes=scopes or [ADMIN_SCOPE],
        device_key=device_key,
        nonce=nonce,
    )
    state.families[family.event_id] = family
    return family


def _add_revocation_ids(client: AppClient, family: TokenFamily, claims: dict[str, Any]) -> None:
    """jti and origin_jti, which RevokeToken keys on (absent when the client disabled it)."""
    if client.settings.get("EnableTokenRevocation", True):
        claims["jti"] = str(uuid.uuid4())
        claims["origin_jti"] = family.origin_jti


def _issued_claims(
    pool: UserPool, client: AppClient, family: TokenFamily, ctx: Ctx, token_use: str
) -> dict[str, Any]:
    """What the ID and the access token both say of their issue: issuer, family, times."""
    now = int(ctx.now)
    validity = client.validity_seconds("IdToken" if token_use == "id" else "AccessToken")
    return {
        "iss": ctx.issuer(pool.pool_id, updated=pool.updated_issuer),
        "event_id": family.event_id,
        "token_use": token_use,
        "auth_time": family.auth_time,
        "exp": now + validity,
        "iat": now,
    }


def id_claims(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    attributes: dict[str, str] | None = None,
) -> dict[str, Any]:
    attrs = readable_attributes(client, user.attributes) if attributes is None else attributes
    claims: dict[str, Any] = {"sub": user.sub}
    for name, value in attrs.items():
        if name != "sub":
            claims[name] = _claim_value(name, value)
    claims.update(_issued_claims(pool, client, family, ctx, "id"))
    claims.update({"cognito:username": user.username, "aud": client.client_id})
    if family.nonce:
        claims["nonce"] = family.nonce
    _add_revocation_ids(client, family, claims)
    user_claims.add_group_claims(pool, user, claims, "id")
    user_claims.add_identities_claim(user, claims)
    return claims


def access_claims(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User | None,
    family: TokenFamily,
    ctx: Ctx,
) -> dict[str, Any]:
    claims: dict[str, Any] = {"sub": user.sub if user else client.client_id}
    if family.device_key:
        claims["device_key"] = family.device_key
    claims.update(_issued_claims(pool, client, family, ctx, "access"))
    claims.update({"client_id": client.client_id, "scope": " ".join(family.scopes)})
    if family.audience:
        claims["aud"] = family.audience
    _add_revocation_ids(client, family, claims)
    if user is not None:
        claims["username"] = user.username
        user_claims.add_group_claims(pool, user, claims, "access")
    return claims


def signed(
    token_use: str,
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    attributes: dict[str, str] | None = None,
    adjust: ClaimsAdjust | None = None,
    **extra: Any,
) -> str:
    """A signed ID or access token of ``family``; ``extra`` claims (the hosted UI's) go last."""
    if token_use == "id":
        claims = id_claims(state, pool, client, user, family, ctx, attributes)
    else:
        claims = access_claims(state, pool, client, user, family, ctx)
    if adjust is not None:
        adjust(claims, token_use)
    claims.update(extra)
    return jwt_keys.sign(claims, pool, token_use)


def _opaque_refresh_token() -> str:
    """Five base64url parts, like the JWE AWS issues (clients may split it on dots)."""
    header = base64.urlsafe_b64encode(b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}')
    parts = [header.rstrip(b"=").decode()]
    for size in (256, 12, 300, 16):
        parts.append(base64.urlsafe_b64encode(secrets.token_bytes(size)).rstrip(b"=").decode())
    return ".".join(parts)


def new_refresh_token(state: State, client: AppClient, family: TokenFamily, ctx: Ctx) -> str:
    """The refresh token of a new authentication (and, when the pool tracks sessions, its
    token session)."""
    user = owner(state, family)
    if user is not None:
        sessions.start_token_session(state, state.pools[client.pool_id], family, user, ctx)
    token = _opaque_refresh_token()
    state.refresh_tokens[token] = RefreshToken(
        token=token,
        event_id=family.event_id,
        client_id=client.client_id,
        issued=ctx.now,
        expires=ctx.now + client.validity_seconds("RefreshToken"),
    )
    return token


def authentication_result(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    *,
    with_refresh: bool = True,
    source: str = "TokenGeneration_Authentication",
    client_metadata: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The AuthenticationResult of a sign-in or refresh of ``family``; ``source`` is the
    pre token generation trigger source."""
    adjust = pre_token.adjustment(state, pool, client, user, family, ctx, source, client_metadata)
    result: dict[str, Any] = {
        "AccessToken": signed("access", state, pool, client, user, family, ctx, adjust=adjust),
        "ExpiresIn": client.validity_seconds("AccessToken"),
        "TokenType": "Bearer",
    }
    if with_refresh:
        result["RefreshToken"] = new_refresh_token(state, client, family, ctx)
    result["IdToken"] = signed("id", state, pool, client, user, family, ctx, adjust=adjust)
    return result


@dataclass
class Caller:
    """Who an access token speaks for."""

    pool: UserPool
    user: User
    family: TokenFamily
    claims: dict[str, Any]
    token: str


def verify_access_token(
    state: State,
    token: str,
    ctx: Ctx,
    *,
    scope: str | None = ADMIN_SCOPE,
    pool: UserPool | None = None,
) -> Caller:
    """Check an AccessToken member as AWS does: form, signature, expiry, revocation, user.
    With ``pool``, only that pool's keys sign a valid token (an endpoint of its domain)."""
    pools = state.pools if pool is None else {pool.pool_id: pool}
    try:
        pool_id, role, claims = jwt_keys.verify(token, pools)
    except jwt_keys.InvalidToken:
        raise NotAuthorizedException("Invalid Access Token") from None
    if role != "access" or claims.get("token_use") != "access":
        raise NotAuthorizedException("Invalid Access Token")
    if float(claims.get("exp", 0)) <= ctx.now:
        raise NotAuthorizedException("Access Token has expired")
    family = state.families.get(str(claims.get("event_id")))
    if family is None or family.revoked:
        raise NotAuthorizedException("Access Token has been revoked")
    if scope is not None and scope not in str(claims.get("scope", "")).split():
        raise NotAuthorizedException("Access Token does not have required scopes")
    user = owner(state, family)
    if user is None:
        raise UserNotFoundException("User does not exist.")
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    return Caller(state.pools[pool_id], user, family, claims, token)


def owner(state: State, family: TokenFamily) -> User | None:
    """The user a token family was minted for, if that very user still exists."""
    pool = state.pools.get(family.pool_id)
    user = pool.users.get(family.username) if pool is not None else None
    return user if user is not None and user.sub == family.sub else None


def use_refresh_token(
    state: State, token: str, client: AppClient, ctx: Ctx
) -> tuple[RefreshToken, TokenFamily]:
    """The live refresh token record for ``client``, or the error AWS answers.

    A disabled user hears "User is disabled." although disabling also revoked the token."""
    record = state.refresh_tokens.get(token)
    if record is None:
        raise NotAuthorizedException("Invalid Refresh Token.")
    family = state.families[record.event_id]
    if record.client_id != client.client_id:
        if family.pool_id == client.pool_id:
            raise NotAuthorizedException("Refresh Token has different Client")
        raise NotAuthorizedException("Invalid Refresh Token.")
    user = owner(state, family)
    if user is None:
        raise UserNotFoundException("User does not exist.")
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    if family.revoked:
        raise NotAuthorizedException("Refresh Token has been revoked")
    if record.expires <= ctx.now:
        raise NotAuthorizedException("Refresh Token has expired")
    if record.rotated_at is not None and ctx.now >= record.rotated_at + _grace(client):
        raise RefreshTokenReuseException("Refresh Token has already been used.")
    sessions.used(family, ctx)
    return record, family


def _grace(client: AppClient) -> int:
    return int(client.settings.get("RefreshTokenRotation", {}).get("RetryGracePeriodSeconds", 0))


def rotates(client: AppClient) -> bool:
    """Whether refreshing on ``client`` replaces the refresh token (RefreshTokenRotation)."""
    return bool(client.settings.get("RefreshTokenRotation", {}).get("Feature") == "ENABLED")


def rotate(state: State, record: RefreshToken, client: AppClient, ctx: Ctx) -> str:
    """A new refresh token of the same family, valid for what remained of ``record``; the old
    one stays usable for the client's RetryGracePeriodSeconds."""
    token = _opaque_refresh_token()
    state.refresh_tokens[token] = RefreshToken(
        token=token,
        event_id=record.event_id,
        client_id=client.client_id,
        issued=ctx.now,
        expires=record.expires,
    )
    if record.rotated_at is None:
        record.rotated_at = ctx.now
    return token


def revoke_user(state: State, pool_id: str, username: str) -> None:
    """GlobalSignOut: every token family of the user, on every client, ends now."""
    for family in state.families.values():
        if family.pool_id == pool_id and family.username == username:
            family.revoked = True


def jwks(pool: UserPool) -> list[dict[str, str]]:
    """The pool's own two public keys (ID and access tokens)."""
    return [jwt_keys.jwk(pool, "id"), jwt_keys.jwk(pool, "access")]


def discovery_document(pool: UserPool, ctx: Ctx) -> dict[str, Any]:
    """OpenID discovery for the pool; endpoints point at the fake's hosted UI (under the
    pool's domain, ``<fake>/domain/<domain>``, once it has one)."""
    issuer = ctx.issuer(pool.pool_id, updated=pool.updated_issuer)
    base = ctx.base_url
    domain = pool.domain
    hosted = f"{base}/domain/{domain['Domain']}" if domain else base
    return {
        "authorization_endpoint": f"{hosted}/oauth2/authorize",
        "end_session_endpoint": f"{hosted}/logout",
        "id_token_signing_alg_values_supported": ["RS256"],
        "issuer": issuer,
        "jwks_uri": f"{base}/{pool.pool_id}/.well-known/jwks.json",
        "response_types_supported": ["code", "token"],
        "revocation_endpoint": f"{hosted}/oauth2/revoke",
        "scopes_supported": ["openid", "email", "phone", "profile"],
        "subject_types_supported": ["public"],
        "token_endpoint": f"{hosted}/oauth2/token",
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "userinfo_endpoint": f"{hosted}/oauth2/userInfo",
    }
