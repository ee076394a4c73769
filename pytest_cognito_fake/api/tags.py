"""Tags on user pools, addressed by ARN.

The pool setting ``UserPoolTags`` (Create/UpdateUserPool, DescribeUserPool) is the one store,
so both views always agree.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException, ResourceNotFoundException
from ..state.store import State, UserPool
from ._registry import operation

#: AWS's limit of tags on one resource.
MAX_TAGS = 50


def check_tags(tags: dict[str, str], existing: dict[str, str] | None = None) -> None:
    """AWS's rules for tags added to ``existing`` ones: no ``aws:`` keys, at most 50."""
    for key in tags:
        if not key or key.lower().startswith("aws:"):
            raise InvalidParameterException(f"Invalid tag key: {key}")
    if len({**(existing or {}), **tags}) > MAX_TAGS:
        raise InvalidParameterException(f"A resource can have at most {MAX_TAGS} tags.")


def _pool_of(state: State, arn: str) -> UserPool:
    """The pool an ARN names: arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "cognito-idp":
        raise InvalidParameterException(f"Invalid ARN: {arn}")
    kind, _, pool_id = parts[5].partition("/")
    if kind != "userpool" or not pool_id:
        raise InvalidParameterException(f"Invalid ARN: {arn}")
    pool = state.pools.get(pool_id)
    if pool is None or pool.arn != arn:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return pool


def _tags(pool: UserPool) -> dict[str, str]:
    tags: dict[str, str] = pool.settings.setdefault("UserPoolTags", {})
    return tags


@operation("TagResource")
def tag_resource(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = _pool_of(state, req["ResourceArn"])
    check_tags(req["Tags"], _tags(pool))
    pool.settings["UserPoolTags"] = {**_tags(pool), **req["Tags"]}
    return {}


@operation("UntagResource")
def untag_resource(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Removing a key that is not there is not an error."""
    pool = _pool_of(state, req["ResourceArn"])
    tags = _tags(pool)
    for key in req["TagKeys"]:
        tags.pop(key, None)
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = _pool_of(state, req["ResourceArn"])
    return {"Tags": dict(_tags(pool))}
