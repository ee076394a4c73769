"""Groups: CRUD, membership, and the group claims of tokens.

A group is kept in ``pool.groups`` by name; its members are user subs, so a user
deleted (or deleted and re-created under the same name) drops out without help from the
user operations.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import user_records
from ..core.user_claims import groups_by_name, groups_of
from ..errors import GroupExistsException, ResourceNotFoundException
from ..state import lookups
from ..state.store import State, User, UserPool
from ._paginate import respond
from ._registry import operation

GROUP_MEMBERS = ("Description", "RoleArn", "Precedence")


def _groups(pool: UserPool) -> dict[str, dict[str, Any]]:
    return groups_by_name(pool)


def _get_group(pool: UserPool, name: str) -> dict[str, Any]:
    group = _groups(pool).get(name)
    if group is None:
        raise ResourceNotFoundException("Group not found.")
    return group


def _group_type(pool: UserPool, group: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"GroupName": group["GroupName"], "UserPoolId": pool.pool_id}
    for key in GROUP_MEMBERS:
        if key in group:
            out[key] = group[key]
    out["LastModifiedDate"] = group["LastModifiedDate"]
    out["CreationDate"] = group["CreationDate"]
    return out


def _members(pool: UserPool, group: dict[str, Any]) -> list[User]:
    by_sub = {user.sub: user for user in pool.users.values()}
    return [by_sub[sub] for sub in group["members"] if sub in by_sub]


@operation("CreateGroup")
def create_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    groups = _groups(pool)
    if req["GroupName"] in groups:
        raise GroupExistsException("A group with the name already exists.")
    group: dict[str, Any] = {
        "GroupName": req["GroupName"],
        **{key: req[key] for key in GROUP_MEMBERS if key in req},
        "CreationDate": ctx.now,
        "LastModifiedDate": ctx.now,
        "members": [],
    }
    groups[req["GroupName"]] = group
    return {"Group": _group_type(pool, group)}


@operation("GetGroup")
def get_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"Group": _group_type(pool, _get_group(pool, req["GroupName"]))}


@operation("UpdateGroup")
def update_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only the members given change (unlike UpdateUserPool, omitted ones are kept)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    group = _get_group(pool, req["GroupName"])
    for key in GROUP_MEMBERS:
        if key in req:
            group[key] = req[key]
    group["LastModifiedDate"] = ctx.now
    return {"Group": _group_type(pool, group)}


@operation("DeleteGroup")
def delete_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get_group(pool, req["GroupName"])
    del _groups(pool)[req["GroupName"]]
    return {}


@operation("ListGroups")
def list_groups(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    items = [_group_type(pool, g) for g in _groups(pool).values()]
    return respond(items, req, "ListGroups", "Groups", limit_key="Limit")


def _membership(state: State, req: dict[str, Any]) -> tuple[User, dict[str, Any]]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    user = lookups.get_user(state, pool.pool_id, req["Username"])
    return user, _get_group(pool, req["GroupName"])


@operation("AdminAddUserToGroup")
def admin_add_user_to_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Adding a member twice is not an error."""
    user, group = _membership(state, req)
    if user.sub not in group["members"]:
        group["members"].append(user.sub)
    return {}


@operation("AdminRemoveUserFromGroup")
def admin_remove_user_from_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user, group = _membership(state, req)
    if user.sub in group["members"]:
        group["members"].remove(user.sub)
    return {}


@operation("AdminListGroupsForUser")
def admin_list_groups_for_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    user = lookups.get_user(state, pool.pool_id, req["Username"])
    items = [_group_type(pool, g) for g in groups_of(pool, user)]
    return respond(items, req, "AdminListGroupsForUser", "Groups", limit_key="Limit")


@operation("ListUsersInGroup")
def list_users_in_group(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    group = _get_group(pool, req["GroupName"])
    items = [user_records.user_type(user) for user in _members(pool, group)]
    return respond(items, req, "ListUsersInGroup", "Users", limit_key="Limit")
