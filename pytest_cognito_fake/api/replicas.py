"""Multi-Region replicas: Create/List/Update/DeleteUserPoolReplica.

The fake serves one Region: a replica is a record on the primary pool (Region, status, tags).
A request signed for a replica's Region meets the secondary's limits
(``core/secondary.py``). A replica answers CREATING once and is INACTIVE at the next read;
a deleted one answers DELETING and is gone at the next read.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import secondary
from ..errors import (
    FeatureUnavailableInTierException,
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
    UserPoolTaggingException,
)
from ..state import lookups
from ..state.store import Replica, State, UserPool
from ._paginate import respond
from ._registry import operation
from .tags import check_tags

#: Regions where Cognito user pools exist (a replica must name one of them).
REGIONS = frozenset(
    {
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "ca-central-1",
        "ca-west-1",
        "mx-central-1",
        "sa-east-1",
        "eu-west-1",
        "eu-west-2",
        "eu-west-3",
        "eu-central-1",
        "eu-central-2",
        "eu-north-1",
        "eu-south-1",
        "eu-south-2",
        "il-central-1",
        "me-south-1",
        "me-central-1",
        "af-south-1",
        "ap-south-1",
        "ap-south-2",
        "ap-east-1",
        "ap-east-2",
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-3",
        "ap-southeast-4",
        "ap-southeast-5",
        "ap-southeast-7",
        "us-gov-west-1",
        "us-gov-east-1",
    }
)
#: Secondaries per user directory (AWS documents one).
MAX_SECONDARIES = 1


def replica_arn(pool: UserPool, region: str) -> str:
    return f"arn:aws:cognito-idp:{region}:{pool.account}:userpool/{pool.pool_id}"


def _view(pool: UserPool, replica: Replica, status: str | None = None) -> dict[str, Any]:
    return {
        "RegionName": replica.region,
        "Role": "SECONDARY",
        "Status": status or replica.status,
        "UserPoolArn": replica_arn(pool, replica.region),
    }


def _primary_view(pool: UserPool) -> dict[str, Any]:
    return {
        "RegionName": pool.region,
        "Role": "PRIMARY",
        "Status": "ACTIVE",
        "UserPoolArn": pool.arn,
    }


def _check_key(pool: UserPool) -> None:
    """Replicas need the pool encrypted with a multi-Region customer managed key (docs).
    Unconfirmed: the error type and text; the fake knows a multi-Region key by its ``mrk-``
    key id. The alternative would be to accept any KeyConfiguration."""
    key = pool.settings.get("KeyConfiguration") or {}
    arn = str(key.get("KmsKeyArn", ""))
    if key.get("KeyType") != "CUSTOMER_MANAGED_KEY" or "key/mrk-" not in arn:
        raise InvalidParameterException(
            "A replica requires the user pool to be encrypted with a multi-Region customer"
            " managed KMS key."
        )


def _check_region(pool: UserPool, region: str) -> None:
    if region == pool.region:
        raise InvalidParameterException(
            f"RegionName {region} is the Region of the primary user pool."
        )
    if region not in REGIONS:
        raise InvalidParameterException(f"RegionName {region} is not a supported Region.")


def _check_tags(tags: dict[str, str]) -> None:
    try:
        check_tags(tags)
    except InvalidParameterException as exc:
        raise UserPoolTaggingException(exc.message) from None


@operation("CreateUserPoolReplica")
def create_user_pool_replica(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    secondary.require_primary(pool, ctx)
    if pool.settings.get("UserPoolTier") == "LITE":
        raise FeatureUnavailableInTierException(
            "Multi-Region replication requires the ESSENTIALS or PLUS feature plan."
        )
    region = req["RegionName"]
    _check_region(pool, region)
    if region in pool.replicas or len(pool.replicas) >= MAX_SECONDARIES:
        raise LimitExceededException(
            f"The user pool already has {len(pool.replicas)} secondary replica; at most"
            f" {MAX_SECONDARIES} is allowed."
        )
    _check_key(pool)
    tags = dict(req.get("UserPoolTags", {}))
    _check_tags(tags)
    replica = Replica(region=region, status="INACTIVE", created=ctx.now, tags=tags)
    pool.replicas[region] = replica
    pool.modified = ctx.now
    return {"UserPoolReplica": _view(pool, replica, "CREATING")}


@operation("ListUserPoolReplicas")
def list_user_pool_replicas(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Unconfirmed: the primary comes first, and a pool without secondaries lists the primary
    alone (the alternative: an empty list)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    views = [_primary_view(pool), *(_view(pool, r) for r in pool.replicas.values())]
    return respond(views, req, "ListUserPoolReplicas", "UserPoolReplicas", default=60)


def _replica(pool: UserPool, region: str) -> Replica:
    """The secondary in ``region``. Unconfirmed: naming the primary's Region is an
    InvalidParameterException (the alternative: ResourceNotFoundException)."""
    if region == pool.region:
        raise InvalidParameterException(
            f"RegionName {region} is the Region of the primary user pool."
        )
    replica = pool.replicas.get(region)
    if replica is None:
        raise ResourceNotFoundException(
            f"User pool {pool.pool_id} has no replica in Region {region}."
        )
    return replica


@operation("UpdateUserPoolReplica")
def update_user_pool_replica(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Activates or deactivates a secondary; allowed from the primary or the secondary."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    replica = _replica(pool, req["RegionName"])
    replica.status = req["Status"]
    pool.modified = ctx.now
    return {"UserPoolReplica": _view(pool, replica)}


@operation("DeleteUserPoolReplica")
def delete_user_pool_replica(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only an INACTIVE secondary, only from the primary (model). Unconfirmed: an ACTIVE one
    answers InvalidParameterException."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    secondary.require_primary(pool, ctx)
    replica = _replica(pool, req["RegionName"])
    if replica.status != "INACTIVE":
        raise InvalidParameterException(
            f"The replica in Region {replica.region} must be INACTIVE before it is deleted."
        )
    del pool.replicas[replica.region]
    pool.modified = ctx.now
    return {"UserPoolReplica": _view(pool, replica, "DELETING")}
