"""Identity providers of a pool, and external identities linked to local users.

Providers live in ``pool.idps`` by name. A link is kept in ``user.identities``
and mirrored, as AWS shows it, in the user's ``identities`` attribute (a JSON string) and in
the ID token's ``identities`` claim (a list, its values as strings).
"""

from __future__ import annotations

import json
from typing import Any

from ..context import Ctx
from ..core import tokens
from ..errors import (
    DuplicateProviderException,
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
    UserNotFoundException,
)
from ..state import lookups
from ..state.store import State, User, UserPool
from ._paginate import respond
from ._registry import operation

SOCIAL = ("Google", "Facebook", "LoginWithAmazon", "SignInWithApple")
#: Details each type needs at creation (AWS's describe examples).
REQUIRED_DETAILS: dict[str, tuple[str, ...]] = {
    "Google": ("client_id", "client_secret", "authorize_scopes"),
    "Facebook": ("client_id", "client_secret", "authorize_scopes"),
    "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
    "SignInWithApple": ("client_id", "team_id", "key_id", "private_key", "authorize_scopes"),
    "OIDC": ("client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"),
}
#: Details AWS adds to what was given (the model's documented describe responses).
ADDED_DETAILS: dict[str, dict[str, str]] = {
    "Google": {
        "attributes_url": "https://people.googleapis.com/v1/people/me?personFields=",
        "attributes_url_add_attributes": "true",
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "oidc_issuer": "https://accounts.google.com",
        "token_request_method": "POST",
        "token_url": "https://www.googleapis.com/oauth2/v4/token",
    },
    "LoginWithAmazon": {
        "attributes_url": "https://api.amazon.com/user/profile",
        "attributes_url_add_attributes": "false",
        "authorize_url": "https://www.amazon.com/ap/oa",
        "token_request_method": "POST",
        "token_url": "https://api.amazon.com/auth/o2/token",
    },
    "SignInWithApple": {
        "attributes_url_add_attributes": "false",
        "authorize_url": "https://appleid.apple.com/auth/authorize",
        "oidc_issuer": "https://appleid.apple.com",
        "token_request_method": "POST",
        "token_url": "https://appleid.apple.com/auth/token",
    },
    "OIDC": {"attributes_url_add_attributes": "false"},
}
#: The IdP claim a new provider maps to ``username`` when the request maps nothing.
USERNAME_CLAIM = {
    "Google": "sub",
    "SignInWithApple": "sub",
    "OIDC": "sub",
    "Facebook": "id",
    "LoginWithAmazon": "user_id",
}
MAX_LINKS = 5


def _idps(pool: UserPool) -> dict[str, dict[str, Any]]:
    idps = pool.idps
    return idps


def provider_names(pool: UserPool) -> list[str]:
    """Names of the pool's identity providers (for SupportedIdentityProviders checks)."""
    return list(_idps(pool))


def find_provider(pool: UserPool, name: str) -> dict[str, Any] | None:
    """The provider called ``name`` (CreateIdentityProvider's members), if the pool has it."""
    return _idps(pool).get(name)


def provider_of_identifier(pool: UserPool, identifier: str) -> str | None:
    """The name of the provider whose IdpIdentifiers hold ``identifier`` (``idp_identifier``)."""
    for idp in _idps(pool).values():
        if identifier in idp.get("IdpIdentifiers", []):
            return str(idp["ProviderName"])
    return None


def _get_idp(pool: UserPool, name: str) -> dict[str, Any]:
    idp = _idps(pool).get(name)
    if idp is None:
        raise ResourceNotFoundException(f"Identity provider {name} does not exist.")
    return idp


def _details(kind: str, given: dict[str, str]) -> dict[str, str]:
    details = dict(given)
    if kind == "Facebook":
        version = details.get("api_version", "v17.0")
        details.update(
            {
                "attributes_url": f"https://graph.facebook.com/{version}/me?fields=",
                "attributes_url_add_attributes": "true",
                "authorize_url": f"https://www.facebook.com/{version}/dialog/oauth",
                "token_request_method": "GET",
                "token_url": f"https://graph.facebook.com/{version}/oauth/access_token",
            }
        )
    for key, value in ADDED_DETAILS.get(kind, {}).items():
        details.setdefault(key, value)
    return details


def _check_details(kind: str, details: dict[str, str]) -> None:
    if kind == "SAML":
        if not details.get("MetadataURL") and not details.get("MetadataFile"):
            raise InvalidParameterException("MetadataURL or MetadataFile is required for SAML.")
        return
    for key in REQUIRED_DETAILS.get(kind, ()):
        if not details.get(key):
            raise InvalidParameterException(f"{key} is required for provider type {kind}.")


def _check_identifiers(pool: UserPool, name: str, identifiers: list[str]) -> None:
    for other in _idps(pool).values():
        if other["ProviderName"] == name:
            continue
        taken = set(identifiers) & set(other.get("IdpIdentifiers", []))
        if taken:
            raise InvalidParameterException(
                f"Identifier {sorted(taken)[0]} is already used by provider "
                f"{other['ProviderName']}."
            )


def _check_acr_mapping(kind: str, req: dict[str, Any]) -> None:
    """AcrMapping maps the pool's ACR levels to an OIDC provider's values (model). Unconfirmed:
    other provider types are refused with this message (the alternative: stored, unused)."""
    if "AcrMapping" in req and kind != "OIDC":
        raise InvalidParameterException("AcrMapping is supported only for OIDC identity providers.")


def _provider_type(pool: UserPool, idp: dict[str, Any]) -> dict[str, Any]:
    out = {"UserPoolId": pool.pool_id, **{k: v for k, v in idp.items() if k != "private"}}
    if idp["ProviderType"] == "SignInWithApple":
        out["ProviderDetails"] = {
            k: v for k, v in idp["ProviderDetails"].items() if k != "private_key"
        }
    return out


@operation("CreateIdentityProvider")
def create_identity_provider(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    name, kind = req["ProviderName"], req["ProviderType"]
    if kind in SOCIAL and name != kind:
        raise InvalidParameterException(f"Provider {name} cannot be of type {kind}.")
    if name in _idps(pool):
        raise DuplicateProviderException(f"{name} already exists in user pool {pool.pool_id}")
    _check_details(kind, req["ProviderDetails"])
    _check_acr_mapping(kind, req)
    identifiers = list(req.get("IdpIdentifiers", []))
    _check_identifiers(pool, name, identifiers)
    mapping = dict(req.get("AttributeMapping", {}))
    if kind in USERNAME_CLAIM:
        mapping.setdefault("username", USERNAME_CLAIM[kind])
    idp: dict[str, Any] = {
        "ProviderName": name,
        "ProviderType": kind,
        "ProviderDetails": _details(kind, req["ProviderDetails"]),
        "AttributeMapping": mapping,
        "IdpIdentifiers": identifiers,
        "LastModifiedDate": ctx.now,
        "CreationDate": ctx.now,
    }
    if "AcrMapping" in req:
        idp["AcrMapping"] = dict(req["AcrMapping"])
    _idps(pool)[name] = idp
    return {"IdentityProvider": _provider_type(pool, idp)}


@operation("DescribeIdentityProvider")
def describe_identity_provider(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"IdentityProvider": _provider_type(pool, _get_idp(pool, req["ProviderName"]))}


@operation("UpdateIdentityProvider")
def update_identity_provider(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only the members given change; new details replace the old ones."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    idp = _get_idp(pool, req["ProviderName"])
    kind = idp["ProviderType"]
    if "ProviderDetails" in req:
        _check_details(kind, req["ProviderDetails"])
    if "IdpIdentifiers" in req:
        _check_identifiers(pool, idp["ProviderName"], req["IdpIdentifiers"])
        idp["IdpIdentifiers"] = list(req["IdpIdentifiers"])
    if "ProviderDetails" in req:
        idp["ProviderDetails"] = _details(kind, req["ProviderDetails"])
    if "AttributeMapping" in req:
        idp["AttributeMapping"] = {**idp["AttributeMapping"], **req["AttributeMapping"]}
    _check_acr_mapping(kind, req)
    if "AcrMapping" in req:
        idp["AcrMapping"] = dict(req["AcrMapping"])
    idp["LastModifiedDate"] = ctx.now
    return {"IdentityProvider": _provider_type(pool, idp)}


@operation("DeleteIdentityProvider")
def delete_identity_provider(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get_idp(pool, req["ProviderName"])
    del _idps(pool)[req["ProviderName"]]
    return {}


@operation("ListIdentityProviders")
def list_identity_providers(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    items = [
        {k: idp[k] for k in ("ProviderName", "ProviderType", "LastModifiedDate", "CreationDate")}
        for idp in _idps(pool).values()
    ]
    # The output list holds at most 50 providers, though MaxResults allows 60.
    limit = min(req.get("MaxResults") or 50, 50)
    return respond(items, req, "ListIdentityProviders", "Providers", limit=limit)


@operation("GetIdentityProviderByIdentifier")
def get_identity_provider_by_identifier(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    for idp in _idps(pool).values():
        if req["IdpIdentifier"] in idp.get("IdpIdentifiers", []):
            return {"IdentityProvider": _provider_type(pool, idp)}
    raise ResourceNotFoundException(f"Identity provider {req['IdpIdentifier']} does not exist.")


def _links(user: User) -> list[dict[str, Any]]:
    links = user.identities
    return links


def _sync_attribute(user: User, ctx: Ctx) -> None:
    links = _links(user)
    if links:
        user.attributes["identities"] = json.dumps(links, separators=(",", ":"))
    else:
        user.attributes.pop("identities", None)
    user.modified = ctx.now


def add_identity(
    user: User, idp: dict[str, Any], value: str, ctx: Ctx, *, primary: bool = False
) -> None:
    """Record the external identity ``value`` of ``idp`` on ``user`` as AWS shows it: in the
    ``identities`` attribute, primary for the user a federated sign-in created."""
    _links(user).append(
        {
            "userId": value,
            "providerName": idp["ProviderName"],
            "providerType": idp["ProviderType"],
            "issuer": None,
            "primary": primary,
            "dateCreated": int(ctx.now * 1000),
        }
    )
    _sync_attribute(user, ctx)


def linked_owner(pool: UserPool, provider: str, value: str) -> User | None:
    """The local user AdminLinkProviderForUser linked the external identity to, if any."""
    return _linked_owner(pool, provider, value)


def _linked_owner(pool: UserPool, provider: str, value: str) -> User | None:
    """The local user holding a link to the identity (not the federated user that is it)."""
    for user in pool.users.values():
        if any(
            link["providerName"] == provider and link["userId"] == value and not link["primary"]
            for link in _links(user)
        ):
            return user
    return None


@operation("AdminLinkProviderForUser")
def admin_link_provider_for_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    dest, source = req["DestinationUser"], req["SourceUser"]
    if dest.get("ProviderName") != "Cognito":
        raise InvalidParameterException("DestinationUser ProviderName must be Cognito.")
    user = lookups.get_user(state, pool.pool_id, dest.get("ProviderAttributeValue") or "?")
    provider_name = source.get("ProviderName", "")
    idp = _idps(pool).get(provider_name)
    if idp is None:
        raise InvalidParameterException(
            f"The provider {provider_name} does not exist for User Pool {pool.pool_id}"
        )
    value = source.get("ProviderAttributeValue", "")
    if not value:
        raise InvalidParameterException("SourceUser ProviderAttributeValue is required.")
    owner = _linked_owner(pool, provider_name, value)
    if owner is user:
        return {}
    if owner is not None or f"{provider_name}_{value}" in pool.users:
        raise InvalidParameterException(
            "Merging is not currently supported, provide a SourceUser that has not been linked"
            " or signed in before."
        )
    if len(_links(user)) >= MAX_LINKS:
        raise LimitExceededException("A user can be linked to at most 5 federated identities.")
    add_identity(user, idp, value, ctx)
    return {}


@operation("AdminDisableProviderForUser")
def admin_disable_provider_for_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Unlink an external identity; with ProviderName Cognito, disable the local user."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    target = req["User"]
    provider_name = target.get("ProviderName", "")
    value = target.get("ProviderAttributeValue", "")
    if provider_name == "Cognito":
        local = lookups.get_user(state, pool.pool_id, value or "?")
        local.enabled = False
        tokens.revoke_user(state, pool.pool_id, local.username)
        return {}
    if provider_name not in _idps(pool):
        raise InvalidParameterException(
            f"The provider {provider_name} does not exist for User Pool {pool.pool_id}"
        )
    owner = _linked_owner(pool, provider_name, value)
    external = pool.users.get(f"{provider_name}_{value}")
    if owner is None and external is None:
        raise UserNotFoundException("User does not exist.")
    if owner is not None:
        owner.identities = [
            link
            for link in _links(owner)
            if not (link["providerName"] == provider_name and link["userId"] == value)
        ]
        _sync_attribute(owner, ctx)
    if external is not None:
        external.enabled = False
        tokens.revoke_user(state, pool.pool_id, external.username)
    return {}
