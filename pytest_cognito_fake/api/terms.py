"""Terms of use and privacy policy links that managed login shows for an app client.

Kept in ``pool.terms`` by TermsId; a client has at most one document of each name.
"""

from __future__ import annotations

import uuid
from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException, ResourceNotFoundException, TermsExistsException
from ..state import lookups
from ..state.store import State, UserPool
from ._paginate import respond
from ._registry import operation


def _terms(pool: UserPool) -> dict[str, dict[str, Any]]:
    terms = pool.terms
    return terms


def terms_for_client(pool: UserPool, client_id: str) -> list[dict[str, Any]]:
    """The client's documents (for the managed login pages)."""
    return [t for t in _terms(pool).values() if t["ClientId"] == client_id]


def _get(pool: UserPool, terms_id: str) -> dict[str, Any]:
    terms = _terms(pool).get(terms_id)
    if terms is None:
        raise ResourceNotFoundException(f"Terms {terms_id} does not exist.")
    return terms


def _check_links(links: dict[str, str]) -> None:
    """The model checks the keys (``cognito:default``, ``cognito:<language>``); AWS needs one."""
    if not links:
        raise InvalidParameterException("Links must contain at least one link.")


def _check_unique(pool: UserPool, client_id: str, name: str, terms_id: str) -> None:
    for other in terms_for_client(pool, client_id):
        if other["TermsName"] == name and other["TermsId"] != terms_id:
            raise TermsExistsException(f"Terms {name} already exist for client {client_id}.")


def _out(pool: UserPool, terms: dict[str, Any]) -> dict[str, Any]:
    return {"UserPoolId": pool.pool_id, **{k: v for k, v in terms.items()}}


@operation("CreateTerms")
def create_terms(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    _check_links(req.get("Links", {}))
    _check_unique(pool, client.client_id, req["TermsName"], "")
    terms = {
        "TermsId": str(uuid.uuid4()),
        "ClientId": client.client_id,
        "TermsName": req["TermsName"],
        "TermsSource": req["TermsSource"],
        "Enforcement": req["Enforcement"],
        "Links": dict(req["Links"]),
        "CreationDate": ctx.now,
        "LastModifiedDate": ctx.now,
    }
    _terms(pool)[terms["TermsId"]] = terms
    return {"Terms": _out(pool, terms)}


@operation("DescribeTerms")
def describe_terms(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"Terms": _out(pool, _get(pool, req["TermsId"]))}


@operation("UpdateTerms")
def update_terms(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only the members given change."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    terms = _get(pool, req["TermsId"])
    if "Links" in req:
        _check_links(req["Links"])
    if "TermsName" in req:
        _check_unique(pool, terms["ClientId"], req["TermsName"], terms["TermsId"])
    for key in ("TermsName", "TermsSource", "Enforcement", "Links"):
        if key in req:
            terms[key] = dict(req[key]) if key == "Links" else req[key]
    terms["LastModifiedDate"] = ctx.now
    return {"Terms": _out(pool, terms)}


@operation("DeleteTerms")
def delete_terms(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get(pool, req["TermsId"])
    del _terms(pool)[req["TermsId"]]
    return {}


@operation("DescribeTermsByClient")
def describe_terms_by_client(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """AWS's own sample reads ResourceNotFoundException as "this client has no such terms"."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    for terms in terms_for_client(pool, client.client_id):
        if terms["TermsName"] == req["TermsName"]:
            return {"Terms": _out(pool, terms)}
    raise ResourceNotFoundException(
        f"Terms {req['TermsName']} do not exist for client {client.client_id}."
    )


@operation("ListTerms")
def list_terms(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    keys = ("TermsId", "TermsName", "Enforcement", "CreationDate", "LastModifiedDate")
    items = [{k: t[k] for k in keys} for t in _terms(pool).values()]
    return respond(items, req, "ListTerms", "Terms")
