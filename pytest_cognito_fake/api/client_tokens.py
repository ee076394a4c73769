"""Machine-to-machine and token exchange: GetClientToken (the client-credentials grant as an API
call) and GetDerivedToken (RFC 8693 token exchange). ``/oauth2/token`` serves the same grants
through ``m2m_token`` and ``derive``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from ..context import Ctx
from ..core import pre_token, tokens
from ..core.signin import attempt
from ..crypto import jwt as jwt_keys
from ..errors import (
    CognitoError,
    InvalidParameterException,
    NotAuthorizedException,
    OperationNotEnabledException,
    ResourceNotFoundException,
    UserNotFoundException,
)
from ..state.store import AppClient, State, TokenFamily, UserPool
from ._registry import operation
from .resource_servers import custom_scopes, servers

CLIENT_TOKEN_FLOW = "ALLOW_CLIENT_TOKEN_AUTH"
IMPERSONATION_FLOW = "ALLOW_TOKEN_EXCHANGE_IMPERSONATION"
DELEGATION_FLOW = "ALLOW_TOKEN_EXCHANGE_DELEGATION"
BAD_CLIENT = "Invalid client or secret"  # observed on AWS for a wrong secret


def oauth_code(exc: CognitoError, code: str) -> CognitoError:
    """Tag an error with the OAuth 2.0 error code ``/oauth2/token`` answers for it."""
    exc.oauth_error = code  # type: ignore[attr-defined]
    return exc


# ------------------------------------------------------------------ client credentials


def client_scopes(pool: UserPool, client: AppClient, requested: list[str] | None) -> list[str]:
    """The custom scopes an M2M token gets: those asked for (all of the client's when none
    are), each a resource-server scope the client may have. Deleted scopes of the client are
    dropped silently, as for OAuth grants. Anything else is invalid_scope."""
    allowed = [s for s in client.settings.get("AllowedOAuthScopes", []) if s in custom_scopes(pool)]
    asked = list(dict.fromkeys(requested or []))
    if any(scope not in allowed for scope in asked):
        bad = next(scope for scope in asked if scope not in allowed)
        raise oauth_code(
            InvalidParameterException(f"Invalid scope requested: {bad}"), "invalid_scope"
        )
    granted = asked or allowed
    if not granted:
        raise oauth_code(
            InvalidParameterException("The client has no custom scopes to grant."), "invalid_scope"
        )
    return granted


def m2m_token(
    state: State,
    pool: UserPool,
    client: AppClient,
    scopes: list[str],
    ctx: Ctx,
    client_metadata: dict[str, str] | None = None,
) -> str:
    """An access token for the client itself: sub and client_id are the client id, the scope
    exactly the granted ones; no username, no event_id. A V3 pre token trigger edits it
    (``client_metadata`` goes to it)."""
    family = TokenFamily(
        event_id=str(uuid.uuid4()),
        origin_jti=str(uuid.uuid4()),
        pool_id=pool.pool_id,
        client_id=client.client_id,
        username="",
        sub=client.client_id,
        auth_time=int(ctx.now),
        scopes=scopes,
    )
    claims = tokens.access_claims(state, pool, client, None, family, ctx)
    claims.pop("event_id", None)
    claims["version"] = 2
    adjust = pre_token.client_credentials_adjustment(
        state, pool, client, scopes, ctx, client_metadata
    )
    if adjust is not None:
        adjust(claims, "access")
    return jwt_keys.sign(claims, pool, "access")


def _find_client(state: State, client_id: str) -> AppClient:
    """Unconfirmed: an unknown client id is ResourceNotFoundException (NotAuthorizedException
    with the generic message is the alternative)."""
    owner = state.client_index.get(client_id)
    if owner is None:
        raise ResourceNotFoundException(f"User pool client {client_id} does not exist.")
    return state.pools[owner].clients[client_id]


@operation("GetClientToken")
def get_client_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The secret authorises the call (IAM is not evaluated). Unconfirmed: a client without
    ALLOW_CLIENT_TOKEN_AUTH hears the same NotAuthorizedException as a wrong secret."""
    client = _find_client(state, req["ClientId"])
    if not client.secrets or not attempt.secret_matches(client, req["Secret"]):
        raise NotAuthorizedException(BAD_CLIENT)
    if CLIENT_TOKEN_FLOW not in client.flows:
        raise NotAuthorizedException(BAD_CLIENT)
    pool = state.pools[client.pool_id]
    scopes = client_scopes(pool, client, req.get("Scopes"))
    return {
        "ClientAuthenticationResult": {
            "AccessToken": m2m_token(state, pool, client, scopes, ctx, req.get("ClientMetadata")),
            "ExpiresIn": client.validity_seconds("AccessToken"),
            "TokenType": "Bearer",
        }
    }


# ------------------------------------------------------------------------ token exchange


@dataclass
class Exchange:
    """A token-exchange request, from GetDerivedToken or from ``/oauth2/token``."""

    subject_token: str
    subject_type: str  # ACCESS_TOKEN | ID_TOKEN | SAML2
    actor_token: str | None = None
    actor_type: str | None = None
    scopes: list[str] | None = None
    audiences: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    requested_type: str = "ACCESS_TOKEN"
    provider: str | None = None


@dataclass
class Derived:
    token: str
    token_type: str  # ACCESS_TOKEN | ID_TOKEN
    expires_in: int
    scopes: list[str]


_USES = {"ACCESS_TOKEN": "access", "ID_TOKEN": "id"}


def _check_shape(pool: UserPool, ex: Exchange) -> None:
    """The combinations the model forbids. InvalidParameterException is the only fit; the
    messages are the fake's."""
    if ex.actor_token and not ex.actor_type:
        raise InvalidParameterException("ActorTokenType is required with ActorToken.")
    if ex.audiences and ex.resources:
        raise oauth_code(
            InvalidParameterException("Audiences and Resources cannot both be given."),
            "invalid_target",
        )
    for resource in ex.resources:
        if resource not in servers(pool):
            raise oauth_code(
                InvalidParameterException(f"Resource {resource} is not a resource server."),
                "invalid_target",
            )
    if ex.requested_type not in _USES:
        raise InvalidParameterException("Only ACCESS_TOKEN or ID_TOKEN can be requested.")
    for kind in (ex.subject_type, ex.actor_type):
        if kind == "SAML2" or ex.provider:
            # The fake exchanges only its own pool's tokens (documented in docs/m2m.md).
            raise InvalidParameterException(
                "Only Cognito access and ID tokens can be exchanged by this fake."
            )


@dataclass
class _Verified:
    claims: dict[str, Any]
    family: TokenFamily | None


def _verified(state: State, pool: UserPool, token: str, kind: str, ctx: Ctx) -> _Verified:
    """A token of this pool, of the declared type, unexpired and unrevoked; its user (if it
    has one) still there and enabled."""
    bad = oauth_code(
        NotAuthorizedException(f"Invalid {kind.lower().replace('_', ' ')}."), "invalid_grant"
    )
    try:
        pool_id, role, claims = jwt_keys.verify(token, state.pools)
    except jwt_keys.InvalidToken:
        raise bad from None
    if pool_id != pool.pool_id or role != _USES.get(kind) or claims.get("token_use") != role:
        raise bad
    if float(claims.get("exp", 0)) <= ctx.now:
        raise oauth_code(NotAuthorizedException("Token has expired."), "invalid_grant")
    if "event_id" not in claims:
        return _Verified(claims, None)  # an M2M token: no user, nothing to revoke
    family = state.families.get(str(claims["event_id"]))
    if family is None or family.revoked:
        raise oauth_code(NotAuthorizedException("Token has been revoked."), "invalid_grant")
    user = tokens.owner(state, family)
    if user is None:
        raise UserNotFoundException("User does not exist.")
    if not user.enabled:
        raise oauth_code(NotAuthorizedException("User is disabled."), "invalid_grant")
    return _Verified(claims, family)


def _derived_scopes(
    subject: _Verified, family: TokenFamily, requested: list[str] | None
) -> list[str]:
    """The model: the requested scopes the subject token holds; none requested, exactly the
    subject's. Unconfirmed: nothing left is InvalidParameterException (RFC 8693 says
    invalid_scope)."""
    held = str(subject.claims.get("scope", "")).split() or list(family.scopes)
    if requested is None:
        return held
    granted = [scope for scope in dict.fromkeys(requested) if scope in held]
    if not granted:
        raise oauth_code(
            InvalidParameterException("None of the requested scopes is held by the subject token."),
            "invalid_scope",
        )
    return granted


def _act(actor: _Verified) -> dict[str, Any]:
    """RFC 8693 §4.1: who acts, with the actor's own ``act`` nested (a delegation chain)."""
    act: dict[str, Any] = {"sub": actor.claims["sub"]}
    if "act" in actor.claims:
        act["act"] = actor.claims["act"]
    return act


def derive(state: State, client: AppClient, ex: Exchange, ctx: Ctx) -> Derived:
    """The token a token exchange issues to ``client`` (client authentication done)."""
    pool = state.pools[client.pool_id]
    flow = DELEGATION_FLOW if ex.actor_token else IMPERSONATION_FLOW
    if flow not in client.flows:
        # Unconfirmed: AWS says only that "the request fails".
        raise oauth_code(
            NotAuthorizedException(f"{flow} is not enabled for this client."),
            "unauthorized_client",
        )
    if pool.settings.get("UserPoolTier") == "LITE":
        raise OperationNotEnabledException(
            "Token exchange requires the ESSENTIALS or PLUS feature plan."
        )
    _check_shape(pool, ex)
    subject = _verified(state, pool, ex.subject_token, ex.subject_type, ctx)
    if subject.family is None:
        raise oauth_code(NotAuthorizedException("The subject token has no user."), "invalid_grant")
    family = subject.family
    actor = (
        _verified(state, pool, ex.actor_token, ex.actor_type or "", ctx) if ex.actor_token else None
    )
    scopes = _derived_scopes(subject, family, ex.scopes)
    user = pool.users[family.username]
    use = _USES[ex.requested_type]
    lifetime = client.validity_seconds("AccessToken" if use == "access" else "IdToken")
    expires_in = max(0, min(lifetime, int(float(subject.claims["exp"]) - ctx.now)))
    adjust = pre_token.adjustment(
        state, pool, client, user, family, ctx, "TokenGeneration_TokenExchange"
    )
    claims = (
        tokens.access_claims(state, pool, client, user, family, ctx)
        if use == "access"
        else tokens.id_claims(state, pool, client, user, family, ctx)
    )
    if adjust is not None:
        adjust(claims, use)
    claims["exp"] = int(ctx.now) + expires_in
    if use == "access":
        claims["scope"] = " ".join(scopes)
    targets = ex.audiences or ex.resources
    if targets:
        claims["aud"] = targets[0]
    if actor is not None:
        claims["act"] = _act(actor)
    token = jwt_keys.sign(claims, pool, use)
    return Derived(token, ex.requested_type, expires_in, scopes)


def _iam_signed(ctx: Ctx) -> bool:
    """Unconfirmed rule: a SigV4-signed request counts as IAM-authorised, so a client with a
    secret need not send it; an unsigned one must. A secret that is sent is always checked."""
    return ctx.signed


@operation("GetDerivedToken")
def get_derived_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client = _find_client(state, req["ClientId"])
    secret = req.get("ClientSecret")
    if secret is not None and not attempt.secret_matches(client, secret):
        raise NotAuthorizedException(BAD_CLIENT)
    if secret is None and client.secrets and not _iam_signed(ctx):
        raise NotAuthorizedException(BAD_CLIENT)
    ex = Exchange(
        subject_token=req["SubjectToken"],
        subject_type=req["SubjectTokenType"],
        actor_token=req.get("ActorToken"),
        actor_type=req.get("ActorTokenType"),
        scopes=req.get("Scopes"),
        audiences=list(req.get("Audiences", [])),
        resources=list(req.get("Resources", [])),
        requested_type=req.get("RequestedTokenType", "ACCESS_TOKEN"),
        provider=req.get("SubjectTokenProviderName") or req.get("ActorTokenProviderName"),
    )
    derived = derive(state, client, ex, ctx)
    return {
        "IssuedToken": derived.token,
        "IssuedTokenType": derived.token_type,
        "TokenType": "Bearer" if derived.token_type == "ACCESS_TOKEN" else "N_A",
        "ExpiresIn": derived.expires_in,
        "Scopes": derived.scopes,
    }
