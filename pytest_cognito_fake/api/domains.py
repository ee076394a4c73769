"""User-pool domains: Create/Describe/Update/DeleteUserPoolDomain.

A pool's domain lives in ``pool.domain`` (DescribeUserPool reads it there) and in the
global index ``state.domains`` (domain -> pool id), through which the hosted UI maps a
request to its pool: by the path prefix ``/domain/<domain>/`` or by the ``Host`` header (see
``hosted_ui.routes``). Domains are ACTIVE at once; AWS takes a minute (prefix) or more (custom).
"""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException
from ..state import lookups
from ..state.store import State, UserPool, clone
from ._registry import operation

PREFIX_PATTERN = r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$"
RESERVED_WORDS = ("aws", "amazon", "cognito")


def index(state: State) -> dict[str, str]:
    """Domain -> pool id, for every pool of the fake."""
    domains: dict[str, str] = state.domains
    return domains


def pool_of_domain(state: State, domain: str) -> UserPool | None:
    pool_id = index(state).get(domain)
    return state.pools.get(pool_id) if pool_id else None


def _check_name(domain: str, custom: bool) -> None:
    # AWS ignores the model's pattern for custom domains (fully qualified names have dots).
    if not custom and not re.fullmatch(PREFIX_PATTERN, domain):
        raise InvalidParameterException(
            "The domain name contains an invalid character. Domain names can only contain"
            " lower-case letters, numbers, and hyphens. Please enter a different name that"
            f" follows this format: {PREFIX_PATTERN}"
        )
    if not custom:
        for word in RESERVED_WORDS:
            if word in domain:
                raise InvalidParameterException(f"Domain cannot contain reserved word: {word}")


def _cloudfront_name() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "d" + "".join(secrets.choice(alphabet) for _ in range(13)) + ".cloudfront.net"


def _own_domain(state: State, req: dict[str, Any]) -> tuple[UserPool, dict[str, Any]]:
    """The pool and its record of ``req["Domain"]``, or AWS's error when they do not match."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    record = pool.domain
    if not record or record["Domain"] != req["Domain"]:
        raise InvalidParameterException("No such domain or user pool exists.")
    return pool, record


def _result(record: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"ManagedLoginVersion": record["ManagedLoginVersion"]}
    if record.get("CloudFrontDomain"):
        out["CloudFrontDomain"] = record["CloudFrontDomain"]
    if record.get("Routing"):
        out["Routing"] = clone(record["Routing"])
    return out


def _set_routing(record: dict[str, Any], req: dict[str, Any]) -> None:
    """Failover routing to a replica Region is for custom domains (docs). Unconfirmed: a prefix
    domain is refused with this message (the alternative: accepted and ignored)."""
    if "Routing" not in req:
        return
    if req["Routing"].get("Failover") and not record.get("CustomDomainConfig"):
        raise InvalidParameterException(
            "Failover routing can only be configured for a custom domain."
        )
    record["Routing"] = clone(req["Routing"])


@operation("CreateUserPoolDomain")
def create_user_pool_domain(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    domain = req["Domain"]
    custom = "CustomDomainConfig" in req
    _check_name(domain, custom)
    if domain in index(state):
        raise InvalidParameterException("Domain already associated with another user pool.")
    if pool.domain:
        raise InvalidParameterException("User pool already has a domain configured.")
    record: dict[str, Any] = {
        "Domain": domain,
        "ManagedLoginVersion": req.get("ManagedLoginVersion", 1),
    }
    if custom:
        record["CustomDomainConfig"] = dict(req["CustomDomainConfig"])
        record["CloudFrontDomain"] = _cloudfront_name()
    _set_routing(record, req)
    pool.domain = record
    index(state)[domain] = pool.pool_id
    return _result(record)


@operation("DescribeUserPoolDomain")
def describe_user_pool_domain(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = pool_of_domain(state, req["Domain"])
    if pool is None:
        return {"DomainDescription": {}}  # AWS answers an empty description, not an error
    record = pool.domain
    assert record is not None
    out: dict[str, Any] = {
        "UserPoolId": pool.pool_id,
        "AWSAccountId": pool.account,
        "Domain": record["Domain"],
        "Status": "ACTIVE",
        "ManagedLoginVersion": record["ManagedLoginVersion"],
    }
    if record.get("CustomDomainConfig"):
        out["CloudFrontDistribution"] = record["CloudFrontDomain"]
        out["CustomDomainConfig"] = dict(record["CustomDomainConfig"])
    if record.get("Routing"):
        out["Routing"] = clone(record["Routing"])
    return {"DomainDescription": out}


@operation("UpdateUserPoolDomain")
def update_user_pool_domain(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _, record = _own_domain(state, req)
    if "CustomDomainConfig" in req:
        if not record.get("CustomDomainConfig"):
            raise InvalidParameterException(
                "CustomDomainConfig can only be updated for a custom domain."
            )
        record["CustomDomainConfig"] = dict(req["CustomDomainConfig"])
    if "ManagedLoginVersion" in req:
        record["ManagedLoginVersion"] = req["ManagedLoginVersion"]
    _set_routing(record, req)
    return _result(record)


@operation("DeleteUserPoolDomain")
def delete_user_pool_domain(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool, record = _own_domain(state, req)
    pool.domain = None
    index(state).pop(record["Domain"], None)
    return {}
