"""Remembered devices: NewDeviceMetadata on sign-in, ConfirmDevice, DEVICE_SRP_AUTH /
DEVICE_PASSWORD_VERIFIER, and the device operations (user and admin).

A user's devices live in ``user.extra["devices"]`` by key, their group key in
``user.extra["device_group"]``. Device tracking is on when the pool has a DeviceConfiguration.
A device handed out at sign-in is tracked only once ConfirmDevice gave it a verifier.
"""

from __future__ import annotations

import base64
import secrets
import string
import uuid
from typing import Any

from ..context import Ctx
from ..core import authentication, srp_exchange, tokens
from ..core.authentication import AFTER_PASSWORD, BEFORE_ISSUE, CHALLENGES, SESSION_FINDERS, SignIn
from ..crypto import srp
from ..errors import (
    DeviceKeyExistsException,
    InvalidParameterException,
    NotAuthorizedException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.store import AppClient, State, User, UserPool
from . import _paginate
from ._registry import operation

NO_DEVICE = "Device does not exist."


def tracking(pool: UserPool) -> dict[str, Any] | None:
    """The pool's DeviceConfiguration, or None when devices are not remembered."""
    config = pool.settings.get("DeviceConfiguration")
    return config if isinstance(config, dict) else None


def devices_of(user: User) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = user.extra.setdefault("devices", {})
    return found


def group_key(user: User) -> str:
    """One device group per user: ``-`` and nine alphanumerics, as observed on AWS."""
    key = user.extra.get("device_group")
    if key is None:
        alphabet = string.ascii_letters + string.digits
        key = user.extra["device_group"] = "-" + "".join(secrets.choice(alphabet) for _ in range(9))
    return str(key)


def tracked(user: User, key: str) -> dict[str, Any]:
    """A confirmed device of the user, or ResourceNotFoundException."""
    device = devices_of(user).get(key)
    if device is None or not device["confirmed"]:
        raise ResourceNotFoundException(NO_DEVICE)
    return device


def device_type(device: dict[str, Any]) -> dict[str, Any]:
    """The DeviceType of a device record."""
    attributes = {
        "device_status": "valid",
        "device_name": device.get("name") or "",
        "dev:device_remembered_status": device["status"],
        "last_ip_used": device.get("ip", "127.0.0.1"),
    }
    return {
        "DeviceKey": device["key"],
        "DeviceAttributes": [{"Name": k, "Value": v} for k, v in attributes.items() if v],
        "DeviceCreateDate": device["created"],
        "DeviceLastModifiedDate": device["modified"],
        "DeviceLastAuthenticatedDate": device["last_auth"],
    }


# -- sign-in steps -------------------------------------------------------------------------


def device_step(signin: SignIn, user: User) -> dict[str, Any] | None:
    """A DEVICE_KEY of a confirmed device makes the client prove the device (DEVICE_SRP_AUTH)."""
    if tracking(signin.pool) is None or signin.data.get("device_proved"):
        return None
    offered = signin.params.get("DEVICE_KEY") or signin.data.get("offered_device_key")
    if not offered:
        return None
    device = devices_of(user).get(offered)
    if device is None:
        raise ResourceNotFoundException(NO_DEVICE)
    signin.data["device_key"] = offered
    if not device["confirmed"]:
        return None
    return authentication.challenge(signin, user, "DEVICE_SRP_AUTH", {"USERNAME": user.username})


def new_device(signin: SignIn, user: User) -> None:
    """Sign-ins without a known device get a new one (NewDeviceMetadata) to confirm."""
    if tracking(signin.pool) is None:
        return
    now = signin.ctx.now
    known = devices_of(user).get(signin.data.get("device_key") or "")
    if known is not None:
        known["last_auth"] = now
        return
    key = f"{signin.pool.region}_{uuid.uuid4()}"
    devices_of(user)[key] = {
        "key": key,
        "confirmed": False,
        "status": "not_remembered",
        "created": now,
        "modified": now,
        "last_auth": now,
        "ip": signin.ctx.source_ip,
    }
    signin.data["device_key"] = key
    metadata = {"DeviceKey": key, "DeviceGroupKey": group_key(user)}
    signin.data.setdefault("extra_result", {})["NewDeviceMetadata"] = metadata


def _device_srp_auth(signin: SignIn, user: User) -> dict[str, Any]:
    key = authentication.require(signin.params, "DEVICE_KEY")
    srp_a = authentication.require(signin.params, "SRP_A")
    if key != signin.data.get("device_key"):
        raise ResourceNotFoundException(NO_DEVICE)
    device = tracked(user, key)
    srp_exchange.parse_a(srp_a)
    salt_hex = base64.b64decode(device["salt"]).hex()
    v = int.from_bytes(base64.b64decode(device["verifier"]), "big")
    exchange = srp.start(group_key(user), key, salt_hex, v, srp_a)
    block = srp_exchange.new_block()
    srp_exchange.remember(signin, "device_srp", exchange, block)
    return authentication.challenge(
        signin,
        user,
        "DEVICE_PASSWORD_VERIFIER",
        {
            "SALT": salt_hex,
            "SRP_B": format(exchange.big_b, "x"),
            "SECRET_BLOCK": block,
            "USERNAME": user.username,
            "DEVICE_KEY": key,
        },
    )


def _device_password_verifier(signin: SignIn, user: User) -> dict[str, Any]:
    pending = signin.data.pop("device_srp", None)
    key = str(signin.data.get("device_key"))
    if pending is None or signin.params.get("DEVICE_KEY", key) != key:
        raise NotAuthorizedException(srp_exchange.INCORRECT)
    device = tracked(user, key)
    if not srp_exchange.verify_claim(signin, pending, group_key(user), key):
        raise srp_exchange.failed(signin, user)
    signin.data["device_authenticated"] = device["status"] == "remembered"
    signin.data["device_proved"] = True
    return authentication.finish(signin, user)


def _find_device_srp(
    state: State, client: AppClient, responses: dict[str, str], ctx: Ctx
) -> str | None:
    """DEVICE_SRP_AUTH answers without a Session (pycognito): the newest pending sign-in of
    that device on that client."""
    key = responses.get("DEVICE_KEY")
    found = None
    for session in state.sessions.values():
        if (
            session.challenge == "DEVICE_SRP_AUTH"
            and session.client_id == client.client_id
            and session.data.get("device_key") == key
        ):
            found = session.session
    return found


AFTER_PASSWORD.insert(0, device_step)
BEFORE_ISSUE.append(new_device)
CHALLENGES["DEVICE_SRP_AUTH"] = _device_srp_auth
CHALLENGES["DEVICE_PASSWORD_VERIFIER"] = _device_password_verifier
SESSION_FINDERS["DEVICE_SRP_AUTH"] = _find_device_srp
SESSION_FINDERS["DEVICE_PASSWORD_VERIFIER"] = lambda state, client, responses, ctx: (
    srp_exchange.find_by_block(state, client, responses, "device_srp")
)


# -- operations ----------------------------------------------------------------------------


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
    device = devices_of(user).get(req["DeviceKey"])
    if device is None:
        raise ResourceNotFoundException(NO_DEVICE)
    if device["confirmed"]:
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
    device.update(
        confirmed=True,
        salt=config["Salt"],
        verifier=config["PasswordVerifier"],
        name=req.get("DeviceName"),
        status="not_remembered" if prompt else "remembered",
        modified=ctx.now,
    )
    return {"UserConfirmationNecessary": prompt}


def _list(user: User, req: dict[str, Any], operation_name: str) -> dict[str, Any]:
    items = [device_type(d) for d in devices_of(user).values() if d["confirmed"]]
    return _paginate.respond(
        items, req, operation_name, "Devices", token_key="PaginationToken", limit_key="Limit"
    )


def _set_status(user: User, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    device = tracked(user, req["DeviceKey"])
    device["status"] = req.get("DeviceRememberedStatus", "not_remembered")
    device["modified"] = ctx.now
    return {}


def _forget(user: User, key: str) -> dict[str, Any]:
    tracked(user, key)
    del devices_of(user)[key]
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
