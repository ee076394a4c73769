"""User records: creating and deleting users, and the UserType shape operations answer with."""

from __future__ import annotations

import uuid
from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException, UsernameExistsException
from ..state import lookups
from ..state.store import State, User, UserPool
from .user_attributes import attribute_list


def user_type(user: User, attributes: dict[str, str] | None = None) -> dict[str, Any]:
    """The UserType of ``user`` (ListUsers, AdminCreateUser, ListUsersInGroup)."""
    shown = user.attributes if attributes is None else attributes
    return {
        "Username": user.username,
        "Attributes": attribute_list(shown),
        "UserCreateDate": user.created,
        "UserLastModifiedDate": user.modified,
        "Enabled": user.enabled,
        "UserStatus": user.status,
    }


#: What a pool that signs in by email and/or phone number says of any other username (the
#: phone-only wording is unconfirmed).
_USERNAME_FORM = {
    frozenset({"email"}): "Username should be an email.",
    frozenset({"phone_number"}): "Username should be a phone number.",
    frozenset({"email", "phone_number"}): "Username should be either an email or a phone number.",
}


def new_user(
    state: State, pool: UserPool, name: str, attributes: dict[str, str], status: str, ctx: Ctx
) -> User:
    """Create the record, enforcing username rules and uniqueness (UsernameAttributes too)."""
    username_attrs = pool.settings.get("UsernameAttributes", [])
    attrs = dict(attributes)
    internal = name
    if username_attrs:
        if "@" in name and "email" in username_attrs:
            attrs["email"] = name
        elif name.startswith("+") and "phone_number" in username_attrs:
            attrs["phone_number"] = name
        else:
            raise InvalidParameterException(_USERNAME_FORM[frozenset(username_attrs)])
        internal = ""
    elif "email" in pool.settings.get("AliasAttributes", []) and "@" in name:
        raise InvalidParameterException("Username should not be an email.")
    if lookups.find_user(pool, name) is not None:
        if username_attrs:
            kind = "email" if "@" in name else "phone_number"
            raise UsernameExistsException(f"An account with the given {kind} already exists.")
        raise UsernameExistsException("User already exists")
    sub = str(uuid.uuid4())
    attrs = {"sub": sub, **{k: v for k, v in attrs.items() if k != "sub"}}
    user = User(
        username=internal or sub,
        sub=sub,
        attributes=attrs,
        status=status,
        enabled=True,
        created=ctx.now,
        modified=ctx.now,
    )
    pool.users[user.username] = user
    return user


def mfa_members(user: User) -> dict[str, Any]:
    """MFAOptions, PreferredMfaSetting, UserMFASettingList: each only when set."""
    mfa = user.mfa
    out: dict[str, Any] = {}
    if mfa.options:
        out["MFAOptions"] = list(mfa.options)
    if mfa.preferred:
        out["PreferredMfaSetting"] = mfa.preferred
    if mfa.enabled:
        out["UserMFASettingList"] = list(mfa.enabled)
    return out


def delete_user(state: State, pool: UserPool, user: User) -> None:
    """Remove ``user``: its username is free again and its tokens stop working, answering
    UserNotFoundException (token checks match the family's sub, so a new user of the same
    name does not inherit them)."""
    for key in [k for k, s in state.sessions.items() if s.pool_id == pool.pool_id]:
        if state.sessions[key].username == user.username:
            del state.sessions[key]
    del pool.users[user.username]
