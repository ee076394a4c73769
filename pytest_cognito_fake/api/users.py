"""Users, admin side: AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminSetUserPassword,
AdminEnableUser, AdminDisableUser, Admin(Update|Delete)UserAttributes, AdminConfirmSignUp,
AdminResetUserPassword, ListUsers."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..errors import UsernameExistsException, UserNotFoundException
from ..state import lookups
from ..state.store import State
from . import _tokens, _users
from ._registry import operation


@operation("AdminCreateUser")
def admin_create_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    attributes = _users.attribute_map(req.get("UserAttributes", []))
    _users.check_attributes(pool, attributes, creating=True)
    action = req.get("MessageAction")
    existing = lookups.find_user(pool, req["Username"])
    password = req.get("TemporaryPassword")
    if password is not None:
        _users.check_password(pool, password)
    if action == "RESEND":
        if existing is None:
            raise UserNotFoundException("User does not exist.")
        if existing.status != "FORCE_CHANGE_PASSWORD":
            raise UsernameExistsException("User account already exists")
        user = existing
    else:
        user = _users.new_user(
            state, pool, req["Username"], attributes, "FORCE_CHANGE_PASSWORD", ctx
        )
    user.password = password or _users.temporary_password(pool)
    user.password_set_at = ctx.now
    if action != "SUPPRESS":
        for medium in req.get("DesiredDeliveryMediums", ["SMS"]):
            attr = "email" if medium == "EMAIL" else "phone_number"
            if user.attributes.get(attr):
                _users.send(
                    state,
                    pool,
                    user,
                    medium,
                    "invitation",
                    f"Your username is {user.username} and temporary password is {user.password}.",
                    ctx,
                    code=user.password,
                    subject="Your temporary password",
                )
    return {"User": _users.user_type(user)}


@operation("AdminGetUser")
def admin_get_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    return {
        "Username": user.username,
        "UserAttributes": _users.attribute_list(user.attributes),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }


@operation("AdminDeleteUser")
def admin_delete_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    _tokens.revoke_user(state, pool.pool_id, user.username)
    del pool.users[user.username]
    return {}
