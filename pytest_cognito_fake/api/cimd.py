"""Client ID metadata document (CIMD) policies: URL patterns that let external OAuth clients
use their metadata URL as ``client_id``, with the settings of one app client. The documents
are fetched at /oauth2/authorize (``core.cimd``)."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import cimd, ids
from ..errors import (
    CachedCIMDURLDoesNotExistException,
    FeatureUnavailableInTierException,
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.cimd import CimdPolicy
from ..state.store import AppClient, State, UserPool
from ._paginate import respond
from ._registry import operation

DEFAULT_CACHE_DURATION = 86400  # one day (API reference)


def _policy_limit() -> int:
    """Unconfirmed: AWS names LimitExceededException but not the quota; 10 per pool here."""
    return 10


def _check_tier(pool: UserPool) -> None:
    """Unconfirmed: FeatureUnavailableInTier is modeled on the writing operations; the fake
    takes Essentials as the bar (the alternative: Plus only)."""
    if pool.settings.get("UserPoolTier", "ESSENTIALS") == "LITE":
        raise FeatureUnavailableInTierException(
            "Client ID metadata documents are not available in the LITE feature plan."
        )


def _check_client(client: AppClient) -> None:
    """Unconfirmed messages: CIMD clients are public and use the authorization code grant, so
    the app client behind them must be one too."""
    if client.secrets:
        raise InvalidParameterException(
            "A CIMD policy requires an app client without a client secret."
        )
    settings = client.settings
    if not settings.get("AllowedOAuthFlowsUserPoolClient") or "code" not in settings.get(
        "AllowedOAuthFlows", []
    ):
        raise InvalidParameterException(
            "A CIMD policy requires an app client that allows the code OAuth flow."
        )


def _get(pool: UserPool, policy_id: str) -> CimdPolicy:
    policy = pool.cimd_policies.get(policy_id)
    if policy is None:
        raise ResourceNotFoundException(f"CIMD policy {policy_id} does not exist.")
    return policy


def _summary(pool: UserPool, policy: CimdPolicy) -> dict[str, Any]:
    out: dict[str, Any] = {"CIMDPolicyId": policy.policy_id, "PolicyName": policy.name}
    if policy.client_id in pool.clients:  # a deleted client leaves the policy without one
        out["ClientId"] = policy.client_id
    out["CacheDuration"] = policy.cache_duration
    out["CreationDate"] = policy.created
    out["LastModifiedDate"] = policy.modified
    return out


def _out(pool: UserPool, policy: CimdPolicy) -> dict[str, Any]:
    summary = _summary(pool, policy)
    return {
        "CIMDPolicy": {
            "UserPoolId": pool.pool_id,
            **summary,
            "URLPatterns": list(policy.url_patterns),
        }
    }


@operation("CreateCIMDPolicy")
def create_cimd_policy(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    _check_tier(pool)
    _check_client(client)
    if len(pool.cimd_policies) >= _policy_limit():
        raise LimitExceededException(
            f"The user pool has reached its limit of {_policy_limit()} CIMD policies."
        )
    policy = CimdPolicy(
        policy_id=ids.client_id(),  # unconfirmed format: 26 lowercase alphanumerics
        client_id=client.client_id,
        name=req["PolicyName"],
        url_patterns=list(req["URLPatterns"]),
        cache_duration=req.get("CacheDuration", DEFAULT_CACHE_DURATION),
        created=ctx.now,
        modified=ctx.now,
    )
    pool.cimd_policies[policy.policy_id] = policy
    return _out(pool, policy)


@operation("DescribeCIMDPolicy")
def describe_cimd_policy(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return _out(pool, _get(pool, req["CIMDPolicyId"]))


@operation("UpdateCIMDPolicy")
def update_cimd_policy(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """An omitted CacheDuration keeps the current one (API reference); so does an omitted
    PolicyName (unconfirmed). Cached documents stay (unconfirmed)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    policy = _get(pool, req["CIMDPolicyId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    _check_tier(pool)
    _check_client(client)
    policy.client_id = client.client_id
    policy.url_patterns = list(req["URLPatterns"])
    policy.name = req.get("PolicyName", policy.name)
    policy.cache_duration = req.get("CacheDuration", policy.cache_duration)
    policy.modified = ctx.now
    return _out(pool, policy)


@operation("DeleteCIMDPolicy")
def delete_cimd_policy(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get(pool, req["CIMDPolicyId"])
    del pool.cimd_policies[req["CIMDPolicyId"]]
    return {}


@operation("ListCIMDPolicies")
def list_cimd_policies(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """In creation order (unconfirmed)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    items = list(pool.cimd_policies.values())
    return respond(items, req, "ListCIMDPolicies", "CIMDPolicies", each=lambda p: _summary(pool, p))


@operation("ListClientMetadataURLs")
def list_client_metadata_urls(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Every cached URL, expired ones too until they are fetched again (unconfirmed)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    policy = _get(pool, req["CIMDPolicyId"])
    items = list(policy.cache.values())
    return respond(
        items,
        req,
        "ListClientMetadataURLs",
        "ClientMetadataURLs",
        each=lambda e: {"URL": e.url, "CachedDate": e.cached, "ExpirationDate": e.expires},
    )


@operation("UpdateClientMetadataURLState")
def update_client_metadata_url_state(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    policy = _get(pool, req["CIMDPolicyId"])
    _check_tier(pool)
    url = req["URL"]
    if url not in policy.cache:
        raise CachedCIMDURLDoesNotExistException(
            f"No cached client metadata document exists for {url}."
        )
    if req["Action"] == "INVALIDATE":
        del policy.cache[url]
    elif cimd.fetch(state, policy, url, ctx.now) is None:
        # Unconfirmed error type for a failed re-fetch; the cached document stays.
        raise InvalidParameterException(
            f"Unable to fetch a valid client metadata document from {url}."
        )
    return {}
