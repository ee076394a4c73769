"""Remembered devices: ConfirmDevice and the device operations (user and admin). Devices in
sign-in (NewDeviceMetadata, DEVICE_SRP_AUTH) are in ``core/signin/remembered_devices.py``.
"""

from __future__ import annotations

import base64
from typing import Any

from ..context import Ctx
from ..core import tokens
from ..core.signin.remembered_devices import NO_DEVICE, tracked, tracking
from ..errors import (
    DeviceKeyExistsException,
    InvalidParameterException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.store import Device, State, User, UserPool
from . import _paginate
from ._registry import operation


def device_type(device: Device) -> dict[str, Any]:
    """The DeviceType of a device record."""
    attributes = {
        "device_status": "valid",
        "device_name": device.name or "",
        "dev:device_remembered_status": device.status,
        "last_ip_used": device.ip,
    }
    return {
        "DeviceKey": device.key,
        "DeviceAttributes": [{"Name": k, "Value": v} for k, v in attributes.items() if v],
        "DeviceCreateDate": device.created,
        "DeviceLastModifiedDate": device.modified,
        "DeviceLastAuthenticatedDate": device.last_auth,
    }


def _token_user(state: State, req: dict[str, Any], ctx: Ctx) -> tuple[UserPool, User]:
    token = req.get("AccessToken")
    if not token:
        raise InvalidParameterException("Missing required parameter AccessToken")
    caller = tokens.verify_access_token(state, token, ctx)
    return caller.pool, caller.user


def _admin_user(state: State, req: dict[str, Any]) -> User:
    return lookups.get_user(state, req["UserPoolId"], req["Username"])


@operation("ConfirmDevice")
def confirm_device(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool, user = _token_user(state, req, ctx)
    device = user.devices.get(req["DeviceKey"])
    if device is None:
        raise ResourceNotFoundException(NO_DEVICE)
    if device.confirmed:
        raise DeviceKeyExistsException("Device key already exists.")
    config = req.get("DeviceSecretVerifierConfig") or {}
    try:
        salt = base64.b64decode(config.get("Salt", ""), validate=True)
        verifier = base64.b64decode(config.get("PasswordVerifier", ""), validate=True)
    except ValueError:
        salt = verifier = b""
    if not salt or not verifier:
        raise InvalidParameterException("Invalid device secret verifier config.")
    prompt = bool((tracking(pool) or {}).get("DeviceOnlyRememberedOnUserPrompt"))
    device.confirmed = True
    device.salt, device.verifier = config["Salt"], config["PasswordVerifier"]
    device.name = req.get("DeviceName")
    device.status = "not_remembered" if prompt else "remembered"
    device.modified = ctx.now
    return {"UserConfirmationNecessary": prompt}


def _list(user: User, req: dict[str, Any], operation_name: str) -> dict[str, Any]:
    items = [device_type(d) for d in user.devices.values() if d.confirmed]
    return _paginate.respond(
        items, req, operation_name, "Devices", token_key="PaginationToken", limit_key="Limit"
    )


def _set_status(user: User, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    device = tracked(user, req["DeviceKey"])
    device.status = req.get("DeviceRememberedStatus", "not_remembered")
    device.modified = ctx.now
    return {}


def _forget(user: User, key: str) -> dict[str, Any]:
    tracked(user, key)
    del user.devices[key]
    return {}


@operation("GetDevice")
def get_device(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _, user = _token_user(state, req, ctx)
    return {"Device": device_type(tracked(user, req["DeviceKey"]))}


@operation("ListDevices")
def list_devices(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _, user = _token_user(state, req, ctx)
    return _list(user, req, "ListDevices")


@operation("UpdateDeviceStatus")
def update_device_status(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _, user = _token_user(state, req, ctx)
    return _set_status(user, req, ctx)


@operation("ForgetDevice")
def forget_device(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _, user = _token_user(state, req, ctx)
    return _forget(user, req["DeviceKey"])


@operation("AdminGetDevice")
def admin_get_device(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return {"Device": device_type(tracked(_admin_user(state, req), req["DeviceKey"]))}


@operation("AdminListDevices")
def admin_list_devices(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _list(_admin_user(state, req), req, "AdminListDevices")


@operation("AdminUpdateDeviceStatus")
def admin_update_device_status(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _set_status(_admin_user(state, req), req, ctx)


@operation("AdminForgetDevice")
def admin_forget_device(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _forget(_admin_user(state, req), req["DeviceKey"])
