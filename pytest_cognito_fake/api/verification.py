"""Verifying email and phone with a code, on the user's own access token:
GetUserAttributeVerificationCode, VerifyUserAttribute."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import codes, tokens, user_attributes
from ..errors import AliasExistsException, InvalidParameterException
from ..state import lookups
from ..state.store import State, User, UserPool
from ._registry import operation


def _verifiable(user: User, name: str) -> str:
    """``name`` if it is email or phone_number and the user has (or awaits) one."""
    if name not in user_attributes.VERIFIED_FLAGS:
        raise InvalidParameterException(f"Invalid attribute name: {name} cannot be verified.")
    pending = _pending_value(user, name)
    if not user.attributes.get(name) and not pending:
        raise InvalidParameterException(f"User does not have the attribute {name}.")
    return name


def _check_alias(pool: UserPool, user: User, name: str, value: str) -> None:
    """An alias (or a username attribute) verified by another user cannot be verified again."""
    if name not in pool.settings.get("AliasAttributes", []):
        return
    other = lookups.find_user(pool, value)
    if other is not None and other is not user:
        raise AliasExistsException(f"An account with the {name} already exists.")


@operation("GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(
    state: State, req: dict[str, Any], ctx: Ctx
) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    user = caller.user
    name = _verifiable(user, req["AttributeName"])
    pending = _pending_value(user, name)
    details = codes.deliver(
        state,
        caller.pool,
        user,
        "verify_attribute",
        codes.CHANNEL_OF[name],
        ctx,
        attribute=name,
        to=pending,
    )
    return {"CodeDeliveryDetails": details}


@operation("VerifyUserAttribute")
def verify_user_attribute(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    user, pool = caller.user, caller.pool
    name = _verifiable(user, req["AttributeName"])
    entry = codes.check_code(
        state, pool, user, "verify_attribute", req["Code"], ctx, attribute=name, consume=False
    )
    value = entry.value or user.attributes[name]
    _check_alias(pool, user, name, value)
    codes.discard(user, "verify_attribute", name)
    user.attributes[name] = value
    user.attributes[user_attributes.VERIFIED_FLAGS[name]] = "true"
    user.modified = ctx.now
    return {}


def _pending_value(user: User, name: str) -> str | None:
    """The new address a live verification code of ``name`` would put in place."""
    entry = user.codes.get(f"verify:{name}")
    return entry.value if entry is not None else None
