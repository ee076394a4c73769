"""Self-service accounts: SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
ConfirmForgotPassword. Codes come from ``core.codes`` and land in the outbox."""

from __future__ import annotations

import re
from typing import Any

from ..context import Ctx
from ..core import (
    codes,
    delivery,
    passwords,
    trigger_events,
    user_attributes,
    user_records,
)
from ..core.signin import attempt
from ..errors import (
    AliasExistsException,
    CodeMismatchException,
    InvalidParameterException,
    NotAuthorizedException,
    UserNotFoundException,
)
from ..state import lookups
from ..state.store import AppClient, Lockout, State, User, UserPool
from ._registry import operation

NOT_FOUND = "Username/client id combination not found."
NO_RECOVERY = (
    "Cannot reset password for the user as there is no registered/verified email or phone_number"
)
_PHONE = re.compile(r"^\+[0-9]+$")


def _client(state: State, req: dict[str, Any]) -> tuple[AppClient, UserPool]:
    """The app client and its pool; SecretHash is made with the request's Username."""
    client = lookups.get_client(state, req["ClientId"])
    attempt.check_secret_hash(client, req.get("SecretHash"), req["Username"])
    return client, state.pools[client.pool_id]


def _hides_users(client: AppClient) -> bool:
    return client.settings.get("PreventUserExistenceErrors") == "ENABLED"


def _simulated_delivery(name: str) -> dict[str, str]:
    """What PreventUserExistenceErrors answers for a user it will not reveal: a plausible,
    masked destination and no message."""
    if _PHONE.match(name):
        return {
            "Destination": delivery.mask(name, "SMS"),
            "DeliveryMedium": "SMS",
            "AttributeName": "phone_number",
        }
    shown = name if "@" in name else f"{name}@example.com"
    return {
        "Destination": delivery.mask(shown, "EMAIL"),
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }


def _check_writable(client: AppClient, attributes: dict[str, str]) -> None:
    """A client may write only its WriteAttributes; never the verified flags by itself."""
    allowed = client.settings.get("WriteAttributes")
    for name in attributes:
        if name in user_attributes.VERIFIED_FLAGS.values() or (allowed and name not in allowed):
            raise NotAuthorizedException("A client attempted to write unauthorized attribute")


def _check_required(pool: UserPool, attributes: dict[str, str]) -> None:
    for entry in pool.settings.get("SchemaAttributes", []):
        name = entry["Name"]
        if entry.get("Required") and name != "sub" and not attributes.get(name):
            raise InvalidParameterException(
                f"Attributes did not conform to the schema: {name}: The attribute is required\n"
            )


def _check_username_form(pool: UserPool, name: str) -> None:
    """With phone_number as an alias, a username may not look like a phone number."""
    if "phone_number" in pool.settings.get("AliasAttributes", []) and _PHONE.match(name):
        raise InvalidParameterException("Username should not be a phone number.")


def _check_alias_free(pool: UserPool, user: User | None, attributes: dict[str, str]) -> None:
    """preferred_username is an alias as soon as it is set: no two users may share it."""
    value = attributes.get("preferred_username")
    if value and "preferred_username" in pool.settings.get("AliasAttributes", []):
        other = lookups.find_user(pool, value)
        if other is not None and other is not user:
            raise AliasExistsException(
                "An account with the given preferred_username already exists."
            )


@operation("SignUp")
def sign_up(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client, pool = _client(state, req)
    if (pool.settings.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise NotAuthorizedException("SignUp is not permitted for this user pool")
    name = req["Username"]
    attributes = user_attributes.attribute_map(req.get("UserAttributes", []))
    user_attributes.check_attributes(pool, attributes, creating=True)
    _check_writable(client, attributes)
    password = req.get("Password")
    if password is None:
        raise InvalidParameterException("Password is required for sign-up in this user pool.")
    passwords.check_password(pool, password)
    merged = dict(attributes)
    for attr in pool.settings.get("UsernameAttributes", []):
        if (attr == "email") == ("@" in name):
            merged.setdefault(attr, name)
    _check_required(pool, merged)
    _check_username_form(pool, name)
    _check_alias_free(pool, None, attributes)
    if lookups.find_user(pool, name) is None:  # a taken username is UsernameExistsException
        user_attributes.check_unique_sign_in(pool, None, merged)
    hook = trigger_events.pre_sign_up(
        state, pool, ctx, "PreSignUp_SignUp", name, attributes, req, client.client_id
    )
    trigger_events.check_sign_up_response(hook, merged)
    user = user_records.new_user(state, pool, name, attributes, "UNCONFIRMED", ctx)
    passwords.set_password(user, password, ctx, pool=pool)
    if hook.get("autoConfirmUser") is True:
        user.status = "CONFIRMED"
        trigger_events.auto_verify(user, hook)
    out: dict[str, Any] = {"UserConfirmed": user.status == "CONFIRMED", "UserSub": user.sub}
    for attr in codes.channels_to_verify(pool, user) if user.status == "UNCONFIRMED" else []:
        out["CodeDeliveryDetails"] = codes.deliver(
            state, pool, user, "sign_up", codes.CHANNEL_OF[attr], ctx, client_id=client.client_id
        )
    if user.status == "CONFIRMED":
        trigger_events.post_confirmation(
            state, pool, user, ctx, "PostConfirmation_ConfirmSignUp", req, client.client_id
        )
    return out


def _confirm_alias(pool: UserPool, user: User, attr: str, force: bool) -> None:
    """Verifying an alias another user holds: AliasExistsException, or take it over."""
    if attr not in pool.settings.get("AliasAttributes", []):
        return
    other = lookups.find_user(pool, user.attributes.get(attr, ""))
    if other is None or other is user:
        return
    if not force:
        raise AliasExistsException(f"An account with the {attr} already exists.")
    other.attributes[user_attributes.VERIFIED_FLAGS[attr]] = "false"


@operation("ConfirmSignUp")
def confirm_sign_up(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client, pool = _client(state, req)
    user = lookups.find_user(pool, req["Username"])
    if user is None:
        if _hides_users(client):
            raise CodeMismatchException(codes.MISMATCH)
        raise UserNotFoundException(NOT_FOUND)
    if user.status != "UNCONFIRMED":
        raise NotAuthorizedException(f"User cannot be confirmed. Current status is {user.status}")
    entry = codes.check_code(
        state, pool, user, "sign_up", req["ConfirmationCode"], ctx, consume=False
    )
    attr = codes.ATTRIBUTE_OF.get(entry.channel)
    if attr and user.attributes.get(attr):
        _confirm_alias(pool, user, attr, bool(req.get("ForceAliasCreation")))
        user.attributes[user_attributes.VERIFIED_FLAGS[attr]] = "true"
    codes.discard(user, "sign_up")
    user.status = "CONFIRMED"
    user.modified = ctx.now
    trigger_events.post_confirmation(
        state, pool, user, ctx, "PostConfirmation_ConfirmSignUp", req, client.client_id
    )
    return {}


@operation("ResendConfirmationCode")
def resend_confirmation_code(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client, pool = _client(state, req)
    user = lookups.find_user(pool, req["Username"])
    if user is None or (not user.enabled and _hides_users(client)):
        if _hides_users(client):
            return {"CodeDeliveryDetails": _simulated_delivery(req["Username"])}
        raise UserNotFoundException(NOT_FOUND)
    if user.status != "UNCONFIRMED":
        raise InvalidParameterException("User is already confirmed.")
    targets = codes.channels_to_verify(pool, user)
    if not targets:
        raise InvalidParameterException("Cannot resend codes. Auto verification not turned on.")
    details = codes.deliver(
        state, pool, user, "resend", codes.CHANNEL_OF[targets[0]], ctx, client_id=client.client_id
    )
    return {"CodeDeliveryDetails": details}


@operation("ForgotPassword")
def forgot_password(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client, pool = _client(state, req)
    hidden = _hides_users(client)
    user = lookups.find_user(pool, req["Username"])
    if user is None:
        user = trigger_events.migrate_for_reset(state, pool, ctx, req, client.client_id)
    if user is None:
        if hidden:
            return {"CodeDeliveryDetails": _simulated_delivery(req["Username"])}
        raise UserNotFoundException(NOT_FOUND)
    if not user.enabled:
        if hidden:
            return {"CodeDeliveryDetails": _simulated_delivery(req["Username"])}
        raise NotAuthorizedException("User is disabled.")
    if user.status == "FORCE_CHANGE_PASSWORD":
        raise NotAuthorizedException("User password cannot be reset in the current state.")
    attr = user_attributes.recovery_attribute(pool, user)
    if attr is None:
        if hidden:
            return {"CodeDeliveryDetails": _simulated_delivery(req["Username"])}
        raise InvalidParameterException(NO_RECOVERY)
    details = codes.deliver(state, pool, user, "forgot_password", codes.CHANNEL_OF[attr], ctx)
    return {"CodeDeliveryDetails": details}


@operation("ConfirmForgotPassword")
def confirm_forgot_password(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client, pool = _client(state, req)
    user = lookups.find_user(pool, req["Username"])
    if user is None or not user.enabled:
        if _hides_users(client):
            raise CodeMismatchException(codes.MISMATCH)
        if user is None:
            raise UserNotFoundException(NOT_FOUND)
        raise NotAuthorizedException("User is disabled.")
    passwords.check_password(pool, req["Password"])
    codes.check_code(
        state, pool, user, "forgot_password", req["ConfirmationCode"], ctx, consume=False
    )
    passwords.check_password_history(pool, user, req["Password"])
    codes.discard(user, "forgot_password")
    passwords.set_password(user, req["Password"], ctx, "CONFIRMED", pool)
    user.lockout = Lockout()
    trigger_events.post_confirmation(
        state, pool, user, ctx, "PostConfirmation_ConfirmForgotPassword", req, client.client_id
    )
    return {}
