"""Remembered devices in sign-in: the device records, NewDeviceMetadata for a sign-in
without a known device, and the DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER challenges.

Device tracking is on when the pool has a DeviceConfiguration. A device handed out at sign-in
is tracked only once ConfirmDevice gave it a verifier.
"""

from __future__ import annotations

import base64
import secrets
import string
import uuid
from typing import Any

from ...context import Ctx
from ...crypto import srp
from ...errors import (
    NotAuthorizedException,
    ResourceNotFoundException,
)
from ...state.store import AppClient, Device, State, User, UserPool
from . import attempt, srp_exchange
from .attempt import SignIn

NO_DEVICE = "Device does not exist."


def tracking(pool: UserPool) -> dict[str, Any] | None:
    """The pool's DeviceConfiguration, or None when devices are not remembered."""
    config = pool.settings.get("DeviceConfiguration")
    return config if isinstance(config, dict) else None


def group_key(user: User) -> str:
    """One device group per user: ``-`` and nine alphanumerics, as observed on AWS."""
    if user.device_group is None:
        alphabet = string.ascii_letters + string.digits
        user.device_group = "-" + "".join(secrets.choice(alphabet) for _ in range(9))
    return user.device_group


def tracked(user: User, key: str) -> Device:
    """A confirmed device of the user, or ResourceNotFoundException."""
    device = user.devices.get(key)
    if device is None or not device.confirmed:
        raise ResourceNotFoundException(NO_DEVICE)
    return device


def device_step(signin: SignIn, user: User) -> dict[str, Any] | None:
    """A DEVICE_KEY of a confirmed device makes the client prove the device (DEVICE_SRP_AUTH)."""
    if tracking(signin.pool) is None or signin.data.device_proved:
        return None
    offered = signin.params.get("DEVICE_KEY") or signin.data.offered_device_key
    if not offered:
        return None
    device = user.devices.get(offered)
    if device is None:
        raise ResourceNotFoundException(NO_DEVICE)
    signin.data.device_key = offered
    if not device.confirmed:
        return None
    return attempt.challenge(signin, user, "DEVICE_SRP_AUTH", {"USERNAME": user.username})


def new_device(signin: SignIn, user: User) -> None:
    """Sign-ins without a known device get a new one (NewDeviceMetadata) to confirm."""
    if tracking(signin.pool) is None:
        return
    now = signin.ctx.now
    known = user.devices.get(signin.data.device_key or "")
    if known is not None:
        known.last_auth = now
        return
    key = f"{signin.pool.region}_{uuid.uuid4()}"
    user.devices[key] = Device(key, now, now, now, signin.ctx.source_ip)
    signin.data.device_key = key
    signin.data.new_device = {"DeviceKey": key, "DeviceGroupKey": group_key(user)}


def device_srp_auth(signin: SignIn, user: User) -> dict[str, Any]:
    key = attempt.require(signin.params, "DEVICE_KEY")
    srp_a = attempt.require(signin.params, "SRP_A")
    if key != signin.data.device_key:
        raise ResourceNotFoundException(NO_DEVICE)
    device = tracked(user, key)
    srp_exchange.parse_a(srp_a)
    salt_hex = base64.b64decode(device.salt or "").hex()
    v = int.from_bytes(base64.b64decode(device.verifier or ""), "big")
    exchange = srp.start(group_key(user), key, salt_hex, v, srp_a)
    block = srp_exchange.new_block()
    signin.data.device_srp = srp_exchange.pending(exchange, block)
    return attempt.challenge(
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


def device_password_verifier(signin: SignIn, user: User) -> dict[str, Any]:
    pending, signin.data.device_srp = signin.data.device_srp, None
    key = str(signin.data.device_key)
    if pending is None or signin.params.get("DEVICE_KEY", key) != key:
        raise NotAuthorizedException(srp_exchange.INCORRECT)
    device = tracked(user, key)
    if not srp_exchange.verify_claim(signin, pending, group_key(user), key):
        raise srp_exchange.failed(signin, user)
    signin.data.device_authenticated = device.status == "remembered"
    signin.data.device_proved = True
    signin.data.token_source = "TokenGeneration_AuthenticateDevice"
    return attempt.finish(signin, user)


def find_device_srp_session(
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
            and session.data.device_key == key
        ):
            found = session.session
    return found


def find_device_verifier_session(
    state: State, client: AppClient, responses: dict[str, str], ctx: Ctx
) -> str | None:
    """DEVICE_PASSWORD_VERIFIER answered without a Session: the one its block names."""
    return srp_exchange.find_by_block(state, client, responses, lambda data: data.device_srp)
