"""App clients: Create/Describe/Update/Delete/ListUserPoolClients."""

from __future__ import annotations

import secrets
import string
from typing import Any
from urllib.parse import urlsplit

from .. import model
from ..context import Ctx
from ..core import ids
from ..errors import (
    FeatureUnavailableInTierException,
    InvalidOAuthFlowException,
    InvalidParameterException,
    ScopeDoesNotExistException,
)
from ..state import lookups
from ..state.store import AppClient, State, UserPool, clone
from ._paginate import respond
from ._registry import operation
from .idp import provider_names
from .resource_servers import custom_scopes

DEFAULT_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]
LEGACY_FLOWS = {"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
EXCHANGE_FLOWS = {"ALLOW_TOKEN_EXCHANGE_DELEGATION", "ALLOW_TOKEN_EXCHANGE_IMPERSONATION"}
#: Members of CreateUserPoolClient kept as settings (the rest are ids and secrets).
_SETTINGS = (
    "ClientName",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
    "RefreshTokenRotation",
)
#: Scopes every pool has; the others are ``<resource server>/<scope>`` of the pool.
STANDARD_SCOPES = {"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"}
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


def _check_validity(settings: dict[str, Any]) -> None:
    """AWS's ranges after unit conversion: access/ID 5 min-1 day, refresh 1 h-10 years."""
    units = settings.get("TokenValidityUnits", {})
    limits = {
        "AccessToken": (300, 86400, "hours"),
        "IdToken": (300, 86400, "hours"),
        "RefreshToken": (3600, 315360000, "days"),
    }
    seconds = {}
    for kind, (low, high, unit) in limits.items():
        value = settings.get(f"{kind}Validity")
        if value is None:
            continue
        seconds[kind] = value * _UNIT_SECONDS[units.get(kind, unit)]
        if not low <= seconds[kind] <= high:
            raise InvalidParameterException("Invalid range for token validity.")
    refresh = seconds.get("RefreshToken", 30 * 86400)
    if any(seconds.get(k, 3600) > refresh for k in ("AccessToken", "IdToken")):
        raise InvalidParameterException("Invalid range for token validity.")


def _check_flows(pool: UserPool, settings: dict[str, Any]) -> None:
    flows = settings["ExplicitAuthFlows"]
    legacy = LEGACY_FLOWS.intersection(flows)
    if legacy and len(legacy) != len(flows):
        raise InvalidParameterException(
            "ExplicitAuthFlows can not have both legacy and new values."
        )
    if "ALLOW_CLIENT_TOKEN_AUTH" in flows and len(set(flows)) != 1:
        # AWS documents it as the client's only flow; the message is the fake's.
        raise InvalidParameterException(
            "ALLOW_CLIENT_TOKEN_AUTH cannot be combined with other flows."
        )
    if EXCHANGE_FLOWS.intersection(flows) and pool.settings.get("UserPoolTier") == "LITE":
        # Unconfirmed: AWS documents the plan, not the error.
        raise FeatureUnavailableInTierException(
            "Token exchange requires the ESSENTIALS or PLUS feature plan."
        )


def _check_attributes(pool: UserPool, settings: dict[str, Any], verb: str) -> None:
    """Read/WriteAttributes must name attributes of the schema; writable ones must be
    mutable (AWS: "Invalid write attributes specified while creating a client")."""
    schema = {entry["Name"]: entry for entry in pool.settings.get("SchemaAttributes", [])}
    if any(name not in schema for name in settings.get("ReadAttributes", [])):
        raise InvalidParameterException(f"Invalid read attributes specified while {verb} a client")
    for name in settings.get("WriteAttributes", []):
        if name not in schema or not schema[name].get("Mutable", True):
            raise InvalidParameterException(
                f"Invalid write attributes specified while {verb} a client"
            )


def _check_references(pool: UserPool, settings: dict[str, Any]) -> None:
    """Scopes and identity providers must exist in the pool (AWS's messages)."""
    known = STANDARD_SCOPES | custom_scopes(pool)
    for scope in settings.get("AllowedOAuthScopes", []):
        if scope not in known:
            raise ScopeDoesNotExistException(f"Invalid scope requested: {scope}")
    providers = {"COGNITO", *provider_names(pool)}
    for name in settings.get("SupportedIdentityProviders", []):
        if name not in providers:
            raise InvalidParameterException(
                f"The provider {name} does not exist for User Pool {pool.pool_id}."
            )


#: Hosts whose callback and logout URLs may use plain HTTP (developer guide).
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]"}


def url_problem(url: str) -> str | None:
    """What AWS refuses in a callback or logout URL: plain HTTP except on loopback hosts
    (message quoted in aws-amplify/amplify-cli#5419), a relative URL or a fragment (these two
    messages are unconfirmed)."""
    parts = urlsplit(url)
    if not parts.scheme or (parts.scheme in ("http", "https") and not parts.netloc):
        return f"{url} is not a valid URL."
    if parts.fragment or url.endswith("#"):
        return f"{url} cannot contain a fragment."
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    host = host if host.endswith("]") else host.rsplit(":", 1)[0]
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        return f"{url} cannot use the HTTP protocol."
    return None


def _check_urls(settings: dict[str, Any]) -> None:
    for member in ("CallbackURLs", "LogoutURLs"):
        for url in settings.get(member) or []:
            problem = url_problem(url)
            if problem is not None:
                raise InvalidParameterException(problem)


def _check_oauth(settings: dict[str, Any], has_secret: bool) -> None:
    """OAuth settings must fit together (the CallbackURLs message is AWS's; the rest are
    unconfirmed)."""
    flows = settings.get("AllowedOAuthFlows", [])
    if not settings.get("AllowedOAuthFlowsUserPoolClient"):
        return
    if not flows or not settings.get("AllowedOAuthScopes"):
        raise InvalidParameterException(
            "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is"
            " allowed to use OAuth flows."
        )
    if "client_credentials" in flows and len(flows) > 1:
        raise InvalidOAuthFlowException(
            "client_credentials flow can not be selected along with code flow or implicit flow."
        )
    if "client_credentials" in flows and not has_secret:
        raise InvalidOAuthFlowException(
            "client_credentials flow can not be selected if client does not have a client secret."
        )
    if ("code" in flows or "implicit" in flows) and not settings.get("CallbackURLs"):
        raise InvalidOAuthFlowException(
            "CallbackUrls can not be empty when code flow or implicit flow is selected"
        )
    default = settings.get("DefaultRedirectURI")
    if default and default not in settings.get("CallbackURLs", []):
        raise InvalidParameterException("DefaultRedirectURI must be one of the CallbackURLs.")


def _settings(
    req: dict[str, Any], name: str, pool: UserPool, has_secret: bool, verb: str
) -> dict[str, Any]:
    """Stored settings: the request's members, AWS's defaults for the omitted ones."""
    settings: dict[str, Any] = {key: clone(req[key]) for key in _SETTINGS if key in req}
    settings["ClientName"] = name
    settings.setdefault("ExplicitAuthFlows", list(DEFAULT_FLOWS))
    settings.setdefault("RefreshTokenValidity", 30)
    if settings["RefreshTokenValidity"] == 0:
        settings["RefreshTokenValidity"] = 30
        settings.get("TokenValidityUnits", {}).pop("RefreshToken", None)
    settings.setdefault("AllowedOAuthFlowsUserPoolClient", False)
    settings.setdefault("PreventUserExistenceErrors", "LEGACY")
    settings.setdefault("EnableTokenRevocation", True)
    settings.setdefault("EnablePropagateAdditionalUserContextData", False)
    settings.setdefault("AuthSessionValidity", 3)
    _check_flows(pool, settings)
    _check_validity(settings)
    _check_attributes(pool, settings, verb)
    _check_references(pool, settings)
    _check_urls(settings)
    _check_oauth(settings, has_secret)
    return settings


def _secret_arn(pool: UserPool, client_id: str) -> str:
    """Unconfirmed: the name AWS gives the Secrets Manager secret; the fake's is
    ``cognito-idp/<pool id>/<client id>`` with Secrets Manager's six-character suffix."""
    suffix = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(6))
    return (
        f"arn:aws:secretsmanager:{pool.region}:{pool.account}:secret:"
        f"cognito-idp/{pool.pool_id}/{client_id}-{suffix}"
    )


def _publish(pool: UserPool, client: AppClient, req: dict[str, Any]) -> None:
    """PublishSecretsInAWSSecretsManager: true keeps the secret in Secrets Manager (Describe
    shows its ARN, never the value), false stops that. Unconfirmed: the messages, and that a
    client without a secret is refused (the fake has no Secrets Manager: tests read the value
    with ``cognito_fake.secrets_manager_value(arn)``)."""
    if "PublishSecretsInAWSSecretsManager" not in req:
        return
    if not req["PublishSecretsInAWSSecretsManager"]:
        client.secret_arn = None
        return
    if not client.secrets:
        raise InvalidParameterException(
            "PublishSecretsInAWSSecretsManager requires a client with a generated secret."
        )
    if client.secret_arn is None:
        client.secret_arn = _secret_arn(pool, client.client_id)


def describe(client: AppClient) -> dict[str, Any]:
    """The UserPoolClientType of ``client``. Unconfirmed: ClientType is always present."""
    out: dict[str, Any] = {
        "UserPoolId": client.pool_id,
        "ClientName": client.name,
        "ClientId": client.client_id,
        "ClientType": client.client_type,
    }
    if client.secret_arn:
        out["ClientSecretArn"] = client.secret_arn
    elif client.secret:
        out["ClientSecret"] = client.secret
    out["LastModifiedDate"] = client.modified
    out["CreationDate"] = client.created
    members = model.member_names("UserPoolClientType")
    for key, value in client.settings.items():
        if key in members and key != "ClientName" and value not in (None, []):
            out[key] = clone(value)
    return out


@operation("CreateUserPoolClient")
def create_user_pool_client(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    secret = req.get("ClientSecret") or (ids.client_secret() if req.get("GenerateSecret") else None)
    if req.get("PublishSecretsInAWSSecretsManager") and not req.get("GenerateSecret"):
        raise InvalidParameterException(
            "PublishSecretsInAWSSecretsManager can only be set when GenerateSecret is true."
        )
    settings = _settings(req, req["ClientName"], pool, bool(secret), "creating")
    client_id = ids.client_id()
    while client_id in state.client_index:
        client_id = ids.client_id()
    client = AppClient(
        client_id=client_id,
        pool_id=pool.pool_id,
        settings=settings,
        created=ctx.now,
        modified=ctx.now,
    )
    if secret:
        # Secret ids as client_secrets.py makes them: <client id>--<creation ms>.
        secret_id = f"{client_id}--{int(ctx.now * 1000)}"
        client.secrets.append({"id": secret_id, "value": secret, "created": ctx.now})
    _publish(pool, client, req)
    pool.clients[client.client_id] = client
    state.client_index[client.client_id] = pool.pool_id
    return {"UserPoolClient": describe(client)}


@operation("DescribeUserPoolClient")
def describe_user_pool_client(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], req["UserPoolId"])
    return {"UserPoolClient": describe(client)}


@operation("UpdateUserPoolClient")
def update_user_pool_client(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Omitted settings return to their defaults, as AWS documents; the name stays."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], req["UserPoolId"])
    kept = {k: v for k, v in client.settings.items() if k not in _SETTINGS}
    settings = _settings(
        req, req.get("ClientName", client.name), pool, bool(client.secrets), "updating"
    )
    _publish(pool, client, req)
    client.settings = {**kept, **settings}
    client.modified = ctx.now
    return {"UserPoolClient": describe(client)}


@operation("DeleteUserPoolClient")
def delete_user_pool_client(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    del pool.clients[client.client_id]
    del state.client_index[client.client_id]
    for token in [t for t, r in state.refresh_tokens.items() if r.client_id == client.client_id]:
        del state.refresh_tokens[token]
    for session in [s for s, a in state.sessions.items() if a.client_id == client.client_id]:
        del state.sessions[session]
    return {}


@operation("ListUserPoolClients")
def list_user_pool_clients(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """ClientType filters each page after paging, as AWS documents: a page may be short, even
    empty, and still carry a NextToken."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    wanted = req.get("ClientType")
    out = respond(
        list(pool.clients.values()),
        req,
        "ListUserPoolClients",
        "UserPoolClients",
        each=lambda c: c if wanted in (None, c.client_type) else None,
    )
    out["UserPoolClients"] = [
        {"ClientId": c.client_id, "UserPoolId": c.pool_id, "ClientName": c.name}
        for c in out["UserPoolClients"]
        if c is not None
    ]
    return out
