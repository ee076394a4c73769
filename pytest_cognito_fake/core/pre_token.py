"""The pre token generation trigger: V1 claimsOverrideDetails, V2/V3
claimsAndScopeOverrideDetails, applied to both tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..context import Ctx
from ..state.store import AppClient, State, TokenFamily, User, UserPool
from . import triggers
from .user_claims import groups_of, preferred_role

#: Claims a pre token generation trigger cannot add, change or remove (AWS docs).
PROTECTED_CLAIMS = {
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "client_id",
    "cognito:username",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "sub",
    "token_use",
    "username",
}


def adjustment(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    source: str,
    client_metadata: dict[str, str] | None = None,
) -> Callable[[dict[str, Any], str], None] | None:
    """PreTokenGeneration (V1 claimsOverrideDetails; V2/V3 claimsAndScopeOverrideDetails);
    ``client_metadata`` is RespondToAuthChallenge's (AWS passes InitiateAuth's to no
    pre token trigger)."""
    if not source or not triggers.is_active(ctx, pool, "PreTokenGeneration"):
        return None
    version = triggers.pre_token_version(pool)
    groups = groups_of(pool, user)
    roles = [g["RoleArn"] for g in groups if g.get("RoleArn")]
    request: dict[str, Any] = {
        "userAttributes": triggers.event_attributes(user),
        "groupConfiguration": {
            "groupsToOverride": [g["GroupName"] for g in groups],
            "iamRolesToOverride": list(dict.fromkeys(roles)),
            "preferredRole": preferred_role([g for g in groups if g.get("RoleArn")])
            if roles
            else None,
        },
    }
    if version != "V1_0":
        request["scopes"] = list(family.scopes)
    if client_metadata:
        request["clientMetadata"] = dict(client_metadata)
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "PreTokenGeneration",
        source,
        user.username,
        request,
        client_id=client.client_id,
        version="1" if version == "V1_0" else version[1],
    )
    return _adjuster(response or {})


def client_credentials_adjustment(
    state: State,
    pool: UserPool,
    client: AppClient,
    scopes: list[str],
    ctx: Ctx,
    client_metadata: dict[str, str] | None = None,
) -> Callable[[dict[str, Any], str], None] | None:
    """A V3 pre token trigger also runs for client-credentials (M2M) grants, as
    TokenGeneration_ClientCredentials; V1/V2 triggers do not (developer guide). The event's
    ``userName`` (the client id here) is unconfirmed."""
    if not triggers.is_active(ctx, pool, "PreTokenGeneration"):
        return None
    if triggers.pre_token_version(pool) != "V3_0":
        return None
    request: dict[str, Any] = {
        "userAttributes": {},
        "groupConfiguration": None,
        "scopes": list(scopes),
    }
    if client_metadata:
        request["clientMetadata"] = dict(client_metadata)
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "PreTokenGeneration",
        "TokenGeneration_ClientCredentials",
        client.client_id,
        request,
        client_id=client.client_id,
        version="3",
    )
    return _adjuster(response or {})


def _edit(claims: dict[str, Any], details: dict[str, Any] | None) -> None:
    """claimsToAddOrOverride, then claimsToSuppress (suppress wins), scopes for access."""
    if not details:
        return
    for name, value in (details.get("claimsToAddOrOverride") or {}).items():
        if name not in PROTECTED_CLAIMS:
            claims[name] = value
    for name in details.get("claimsToSuppress") or []:
        if name not in PROTECTED_CLAIMS:
            claims.pop(name, None)
    if "scope" in claims and (details.get("scopesToAdd") or details.get("scopesToSuppress")):
        scopes = claims["scope"].split()
        scopes += [s for s in details.get("scopesToAdd") or [] if s not in scopes]
        drop = set(details.get("scopesToSuppress") or [])
        claims["scope"] = " ".join(s for s in scopes if s not in drop)


def _override_groups(claims: dict[str, Any], override: dict[str, Any], token_use: str) -> None:
    """groupOverrideDetails replaces cognito:groups (both tokens) and the ID token's roles."""
    for claim, key, ids_only in (
        ("cognito:groups", "groupsToOverride", False),
        ("cognito:roles", "iamRolesToOverride", True),
        ("cognito:preferred_role", "preferredRole", True),
    ):
        if ids_only and token_use != "id":
            continue
        value = override.get(key)
        if value:
            claims[claim] = value
        else:
            claims.pop(claim, None)


def _adjuster(response: dict[str, Any]) -> Callable[[dict[str, Any], str], None]:
    v1 = response.get("claimsOverrideDetails") or {}
    v2 = response.get("claimsAndScopeOverrideDetails") or {}

    def adjust(claims: dict[str, Any], token_use: str) -> None:
        for details in (v1, v2):
            if "groupOverrideDetails" in details:
                _override_groups(claims, details["groupOverrideDetails"] or {}, token_use)
        if token_use == "id":
            _edit(claims, v1)
            _edit(claims, v2.get("idTokenGeneration"))
        else:
            _edit(claims, v2.get("accessTokenGeneration"))

    return adjust
