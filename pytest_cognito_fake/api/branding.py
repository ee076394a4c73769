"""Look and feel: classic hosted-UI customization (CSS + logo) and managed-login branding.

UI customizations live in ``pool.ui`` keyed by client id (``ALL`` for the pool);
the logo is served by the fake at the ``ImageUrl`` it reports. Managed-login brandings live in
``pool.branding`` by id, one per app client. Settings and assets are stored as given:
the fake does not know AWS's default style document, so ``ReturnMergedResources`` returns the
same values.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any

from ..context import Ctx
from ..errors import (
    InvalidParameterException,
    ManagedLoginBrandingExistsException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.store import State, UserPool, clone
from ._registry import operation

ALL = "ALL"
IMAGE_PATH = "/_fake/ui-image"


def _ui(pool: UserPool) -> dict[str, dict[str, Any]]:
    ui = pool.ui
    return ui


def _ui_type(pool: UserPool, key: str, record: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    out: dict[str, Any] = {"UserPoolId": pool.pool_id, "ClientId": key}
    if record.get("image"):
        out["ImageUrl"] = f"{ctx.base_url}{IMAGE_PATH}/{pool.pool_id}/{key}/{record['CSSVersion']}"
    for name in ("CSS", "CSSVersion", "LastModifiedDate", "CreationDate"):
        if name in record:
            out[name] = record[name]
    return out


@operation("GetUICustomization")
def get_ui_customization(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """An empty object when neither the client nor the pool is customized."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    client_id = req.get("ClientId")
    if client_id and client_id != ALL:
        lookups.get_client(state, client_id, pool.pool_id)
    ui = _ui(pool)
    key = client_id if client_id in ui else ALL
    record = ui.get(key)
    return {"UICustomization": {} if record is None else _ui_type(pool, key, record, ctx)}


@operation("SetUICustomization")
def set_ui_customization(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    key = req.get("ClientId") or ALL
    if key != ALL:
        lookups.get_client(state, key, pool.pool_id)
    if not pool.domain:
        raise InvalidParameterException(
            "There has to be an existing domain associated with this user pool"
        )
    image = b""
    if "ImageFile" in req:
        try:
            image = base64.b64decode(req["ImageFile"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidParameterException("Invalid image file.") from None
    previous = _ui(pool).get(key, {})
    record: dict[str, Any] = {
        "CSSVersion": str(int(ctx.now * 1000)),
        "LastModifiedDate": ctx.now,
        "CreationDate": previous.get("CreationDate", ctx.now),
        "image": image,
    }
    if "CSS" in req:
        record["CSS"] = req["CSS"]
    _ui(pool)[key] = record
    return {"UICustomization": _ui_type(pool, key, record, ctx)}


def _brandings(pool: UserPool) -> dict[str, dict[str, Any]]:
    brandings = pool.branding
    return brandings


def _get_branding(pool: UserPool, branding_id: str) -> dict[str, Any]:
    branding = _brandings(pool).get(branding_id)
    if branding is None:
        raise ResourceNotFoundException(f"Managed login branding {branding_id} does not exist.")
    return branding


def _check_style(req: dict[str, Any]) -> None:
    if req.get("UseCognitoProvidedValues") and ("Settings" in req or req.get("Assets")):
        raise InvalidParameterException(
            "Settings and Assets must be omitted when UseCognitoProvidedValues is true."
        )
    seen: set[tuple[str, str]] = set()
    for asset in req.get("Assets", []):
        slot = (asset["Category"], asset["ColorMode"])
        if slot in seen:
            raise InvalidParameterException(
                f"Duplicate asset for category {slot[0]} and color mode {slot[1]}."
            )
        seen.add(slot)


def _apply_style(branding: dict[str, Any], req: dict[str, Any]) -> None:
    if req.get("UseCognitoProvidedValues"):
        branding.update({"UseCognitoProvidedValues": True, "Settings": {}, "Assets": []})
        return
    if "UseCognitoProvidedValues" in req or "Settings" in req or "Assets" in req:
        branding["UseCognitoProvidedValues"] = False
    if "Settings" in req:
        branding["Settings"] = clone(req["Settings"])
    if "Assets" in req:
        branding["Assets"] = clone(req["Assets"])


def _branding_type(pool: UserPool, branding: dict[str, Any]) -> dict[str, Any]:
    out = {"UserPoolId": pool.pool_id}
    out.update({k: clone(v) for k, v in branding.items() if k != "ClientId"})
    return out


@operation("CreateManagedLoginBranding")
def create_managed_login_branding(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    if any(b["ClientId"] == client.client_id for b in _brandings(pool).values()):
        raise ManagedLoginBrandingExistsException(
            f"Managed login branding already exists for client {client.client_id}."
        )
    _check_style(req)
    branding: dict[str, Any] = {
        "ManagedLoginBrandingId": str(uuid.uuid4()),
        "ClientId": client.client_id,
        "UseCognitoProvidedValues": False,
        "Settings": {},
        "Assets": [],
        "CreationDate": ctx.now,
        "LastModifiedDate": ctx.now,
    }
    _apply_style(branding, req)
    _brandings(pool)[branding["ManagedLoginBrandingId"]] = branding
    return {"ManagedLoginBranding": _branding_type(pool, branding)}


@operation("DescribeManagedLoginBranding")
def describe_managed_login_branding(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    branding = _get_branding(pool, req["ManagedLoginBrandingId"])
    return {"ManagedLoginBranding": _branding_type(pool, branding)}


@operation("DescribeManagedLoginBrandingByClient")
def describe_managed_login_branding_by_client(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    client = lookups.get_client(state, req["ClientId"], pool.pool_id)
    for branding in _brandings(pool).values():
        if branding["ClientId"] == client.client_id:
            return {"ManagedLoginBranding": _branding_type(pool, branding)}
    raise ResourceNotFoundException(
        f"Managed login branding for client {client.client_id} does not exist."
    )


@operation("UpdateManagedLoginBranding")
def update_managed_login_branding(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Members given replace the stored ones; UseCognitoProvidedValues clears the style."""
    if not req.get("UserPoolId") or not req.get("ManagedLoginBrandingId"):
        raise InvalidParameterException("UserPoolId and ManagedLoginBrandingId are required.")
    pool = lookups.get_pool(state, req["UserPoolId"])
    branding = _get_branding(pool, req["ManagedLoginBrandingId"])
    _check_style(req)
    _apply_style(branding, req)
    branding["LastModifiedDate"] = ctx.now
    return {"ManagedLoginBranding": _branding_type(pool, branding)}


@operation("DeleteManagedLoginBranding")
def delete_managed_login_branding(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    _get_branding(pool, req["ManagedLoginBrandingId"])
    del _brandings(pool)[req["ManagedLoginBrandingId"]]
    return {}
