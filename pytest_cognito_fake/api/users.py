"""Users, admin side: AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminSetUserPassword,
AdminEnableUser, AdminDisableUser, Admin(Update|Delete)UserAttributes, AdminConfirmSignUp,
AdminResetUserPassword, ListUsers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..context import Ctx
from ..core import codes, delivery, passwords, tokens, trigger_events, user_attributes, user_records
from ..errors import (
    InvalidParameterException,
    NotAuthorizedException,
    UnsupportedUserStateException,
    UsernameExistsException,
    UserNotFoundException,
)
from ..state import lookups
from ..state.store import State, User, UserPool
from ._paginate import respond
from ._registry import operation


def _invite(state: State, pool: UserPool, user: User, mediums: list[str], ctx: Ctx) -> None:
    """The invitation with the temporary password, on each medium the user has an address for."""
    for medium in mediums:
        attr = "email" if medium == "EMAIL" else "phone_number"
        if user.attributes.get(attr):
            delivery.send(state, pool, user, medium, "invitation", user.password, ctx)


def _resend(pool: UserPool, name: str) -> User:
    """The user a RESEND re-invites: it must exist and still hold a temporary password."""
    user = lookups.find_user(pool, name)
    if user is None:
        raise UserNotFoundException("User does not exist.")
    if user.status != "FORCE_CHANGE_PASSWORD":
        raise UnsupportedUserStateException(
            f"Resend not possible. {user.username} status is not FORCE_CHANGE_PASSWORD"
        )
    return user


def _check_free(pool: UserPool, name: str) -> None:
    if lookups.find_user(pool, name) is None:
        return
    for attr in pool.settings.get("UsernameAttributes", []):
        if (attr == "email" and "@" in name) or (attr == "phone_number" and name[:1] == "+"):
            raise UsernameExistsException(f"An account with the given {attr} already exists.")
    raise UsernameExistsException("User account already exists")


def _check_new_user(
    pool: UserPool, req: dict[str, Any]
) -> tuple[dict[str, str], dict[str, str], list[tuple[User, str]]]:
    """Everything that can refuse a new user, before anything is stored: the request's
    attributes, the attributes the user will hold, and the aliases it takes over."""
    _check_free(pool, req["Username"])
    attributes = user_attributes.attribute_map(req.get("UserAttributes", []))
    user_attributes.check_attributes(pool, attributes, creating=True)
    planned = user_attributes.planned_attributes(pool, req["Username"], attributes)
    user_attributes.check_verified_flags(planned)
    user_attributes.check_unique_sign_in(pool, None, planned)
    force = bool(req.get("ForceAliasCreation"))
    moves = user_attributes.alias_takeovers(pool, None, planned, set(planned), force=force)
    return attributes, planned, moves


@operation("AdminCreateUser")
def admin_create_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """RESEND re-invites a user still on a temporary password, with a new one."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    action = req.get("MessageAction")
    mediums = req.get("DesiredDeliveryMediums") or ["SMS"]
    password = req.get("TemporaryPassword")
    if action == "RESEND":
        user = _resend(pool, req["Username"])
        addresses = user.attributes
    else:
        attributes, addresses, moves = _check_new_user(pool, req)
    if password is not None:
        passwords.check_password(pool, password)
    if action != "SUPPRESS" and "EMAIL" in mediums and not addresses.get("email"):
        raise InvalidParameterException("No email provided but desired delivery medium was Email")
    if action != "RESEND":
        # AWS ignores the response's autoConfirmUser / autoVerify* flags here (developer
        # guide, pre sign-up trigger): the admin sets email_verified itself.
        trigger_events.pre_sign_up(
            state, pool, ctx, "PreSignUp_AdminCreateUser", req["Username"], attributes, req
        )
        user = user_records.new_user(
            state, pool, req["Username"], attributes, "FORCE_CHANGE_PASSWORD", ctx
        )
        user_attributes.move_aliases(moves, ctx)
    passwords.set_password(user, password or passwords.temporary_password(pool), ctx, pool=pool)
    if action != "SUPPRESS":
        _invite(state, pool, user, mediums, ctx)
    return {"User": user_records.user_type(user)}


@operation("AdminGetUser")
def admin_get_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    return {
        "Username": user.username,
        "UserAttributes": user_attributes.attribute_list(user.attributes),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
        **user_records.mfa_members(user),
    }


@operation("AdminDeleteUser")
def admin_delete_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    user_records.delete_user(state, pool, user)
    return {}


@operation("AdminSetUserPassword")
def admin_set_user_password(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    passwords.check_password(pool, req["Password"])
    passwords.check_password_history(pool, user, req["Password"])
    status = "CONFIRMED" if req.get("Permanent") else "FORCE_CHANGE_PASSWORD"
    passwords.set_password(user, req["Password"], ctx, status, pool)
    return {}


@operation("AdminEnableUser")
def admin_enable_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    user.enabled = True
    user.modified = ctx.now
    return {}


@operation("AdminDisableUser")
def admin_disable_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Disabling also ends every sign-in of the user (the model says access tokens are revoked)."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    user.enabled = False
    user.modified = ctx.now
    tokens.revoke_user(state, req["UserPoolId"], user.username)
    return {}


@operation("AdminUpdateUserAttributes")
def admin_update_user_attributes(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Admins may set the verified flags; a changed email/phone is un-verified unless they do."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    changes = user_attributes.attribute_map(req["UserAttributes"])
    user_attributes.check_attributes(pool, changes, creating=False)
    user_attributes.check_required_kept(pool, [k for k, v in changes.items() if not v])
    user_attributes.update_attributes(state, pool, user, changes, ctx)
    return {}


@operation("AdminDeleteUserAttributes")
def admin_delete_user_attributes(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    names = req["UserAttributeNames"]
    user_attributes.check_attributes(pool, dict.fromkeys(names, ""), creating=False)
    user_attributes.check_required_kept(pool, names)
    user_attributes.update_attributes(state, pool, user, dict.fromkeys(names, ""), ctx)
    return {}


@operation("AdminConfirmSignUp")
def admin_confirm_sign_up(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Confirms without a code; email/phone stay as verified (or not) as they were."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    if user.status != "UNCONFIRMED":
        raise NotAuthorizedException(f"User cannot be confirmed. Current status is {user.status}")
    user.status = "CONFIRMED"
    user.modified = ctx.now
    user.codes.pop("sign_up", None)  # the emailed code is spent too
    trigger_events.post_confirmation(
        state, state.pools[req["UserPoolId"]], user, ctx, "PostConfirmation_ConfirmSignUp", req
    )
    return {}


@operation("AdminResetUserPassword")
def admin_reset_user_password(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The password stops working (RESET_REQUIRED) and a reset code goes where ForgotPassword
    would send it, for ConfirmForgotPassword."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    pool = state.pools[req["UserPoolId"]]
    if user.status == "FORCE_CHANGE_PASSWORD":
        # The user has no password of its own yet: AWS wants AdminCreateUser's RESEND.
        raise NotAuthorizedException("User password cannot be reset in the current state.")
    attr = user_attributes.recovery_attribute(pool, user)
    if attr is None:
        raise InvalidParameterException(
            "Cannot reset password for the user as there is no registered/verified email or"
            " phone_number"
        )
    user.status = "RESET_REQUIRED"
    user.modified = ctx.now
    codes.deliver(state, pool, user, "forgot_password", codes.CHANNEL_OF[attr], ctx)
    return {}


# -- ListUsers ----------------------------------------------------------------------------

#: Attributes ListUsers can filter on: these user attributes, and the four below.
SEARCHABLE_ATTRIBUTES = {
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
}
SEARCHABLE = {*SEARCHABLE_ATTRIBUTES, "username", "cognito:user_status", "status", "sub"}
_FILTER = re.compile(r'\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*')


def _search_value(user: User, name: str) -> str | None:
    if name in SEARCHABLE_ATTRIBUTES:
        return user.attributes.get(name)
    return {
        "username": user.username,
        "cognito:user_status": user.status,
        "status": "Enabled" if user.enabled else "Disabled",
        "sub": user.sub,
    }[name]


def _filter(text: str) -> Callable[[User], bool]:
    """A predicate on users for ``attr = "v"`` / ``attr ^= "v"`` (backslash escapes).

    cognito:user_status compares case-insensitively, every other attribute exactly."""
    if not text.strip():
        return lambda user: True
    match = _FILTER.fullmatch(text)
    if match is None or match.group(1) not in SEARCHABLE:
        raise InvalidParameterException("Error while parsing filter.")
    name, op, raw = match.groups()
    wanted = re.sub(r"\\(.)", r"\1", raw)
    folded = name == "cognito:user_status"

    def matches(user: User) -> bool:
        value = _search_value(user, name)
        if value is None:
            return False
        have, want = (value.lower(), wanted.lower()) if folded else (value, wanted)
        return have == want if op == "=" else have.startswith(want)

    return matches


@operation("ListUsers")
def list_users(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Users in creation order; AttributesToGet limits the attributes (sub may not be asked)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    wanted = req.get("AttributesToGet")
    if wanted and "sub" in wanted:
        raise InvalidParameterException("Input fails to satisfy the constraints.")
    matches = _filter(req.get("Filter", ""))
    found = [user for user in pool.users.values() if matches(user)]

    def shown(user: User) -> dict[str, Any]:
        if not wanted:
            return user_records.user_type(user, None)
        return user_records.user_type(
            user, {k: v for k, v in user.attributes.items() if k in wanted}
        )

    return respond(
        found, req, "ListUsers", "Users", token_key="PaginationToken", limit_key="Limit", each=shown
    )
