"""Resource servers and their custom scopes: Create/Describe/Update/Delete/ListResourceServers.

Kept in ``pool.resource_servers`` (identifier -> ResourceServerType); the hosted UI
reads ``custom_scopes(pool)`` to check ``<identifier>/<scope>`` scopes.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException, ResourceNotFoundException
from ..state import lookups
from ..state.store import State, UserPool, clone
from ._paginate import respond
from ._registry import operation


def servers(pool: UserPool) -> dict[str, dict[str, Any]]:
    found = pool.resource_servers
    return found


def custom_scopes(pool: UserPool) -> set[str]:
    """Every ``<identifier>/<scope name>`` the pool defines."""
    return {
        f"{identifier}/{scope['ScopeName']}"
        for identifier, server in servers(pool).items()
        for scope in server.get("Scopes", [])
    }


def _record(pool: UserPool, req: dict[str, Any]) -> dict[str, Any]:
    names = [scope["ScopeName"] for scope in req.get("Scopes", [])]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidParameterException(f"Duplicate scope names: {', '.join(duplicates)}")
    return {
        "UserPoolId": pool.pool_id,
        "Identifier": req["Identifier"],
        "Name": req["Name"],
        "Scopes": clone(req.get("Scopes", [])),
    }


def _get(pool: UserPool, identifier: str) -> dict[str, Any]:
    server = servers(pool).get(identifier)
    if server is None:
        raise ResourceNotFoundException(f"Resource server {identifier} does not exist.")
    return server


@operation("CreateResourceServer")
def create_resource_server(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    if req["Identifier"] in servers(pool):
        raise InvalidParameterException(
            f"{req['Identifier']} already exists in user pool {pool.pool_id}."
        )
    record = _record(pool, req)
    servers(pool)[req["Identifier"]] = record
    return {"ResourceServer": clone(record)}


@operation("DescribeResourceServer")
def describe_resource_server(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"ResourceServer": clone(_get(pool, req["Identifier"]))}


@operation("UpdateResourceServer")
def update_resource_server(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Replaces Name and Scopes: omitted Scopes are removed, as AWS's update semantics go."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get(pool, req["Identifier"])
    record = _record(pool, req)
    servers(pool)[req["Identifier"]] = record
    return {"ResourceServer": clone(record)}


@operation("DeleteResourceServer")
def delete_resource_server(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get(pool, req["Identifier"])
    del servers(pool)[req["Identifier"]]
    return {}


@operation("ListResourceServers")
def list_resource_servers(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    items = list(servers(pool).values())
    return respond(items, req, "ListResourceServers", "ResourceServers", each=clone)
