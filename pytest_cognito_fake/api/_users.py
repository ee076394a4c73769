"""Shared steps of the user operations: password policy, attributes, the UserType shape."""

from __future__ import annotations

import json
import string
import uuid
from typing import Any

from .. import ids
from ..context import Ctx
from ..errors import InvalidParameterException, InvalidPasswordException, UsernameExistsException
from ..outbox import Message, outbox_of
from ..state import lookups
from ..state.store import State, User, UserPool

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")


def check_password(pool: UserPool, password: str) -> None:
    """InvalidPasswordException with AWS's reason for the first rule ``password`` breaks."""
    policy = pool.password_policy
    reasons = [
        (len(password) < policy.get("MinimumLength", 8), "Password not long enough"),
        (
            policy.get("RequireLowercase", True)
            and not any(c in string.ascii_lowercase for c in password),
            "Password must have lowercase characters",
        ),
        (
            policy.get("RequireUppercase", True)
            and not any(c in string.ascii_uppercase for c in password),
            "Password must have uppercase characters",
        ),
        (
            policy.get("RequireNumbers", True) and not any(c in string.digits for c in password),
            "Password must have numeric characters",
        ),
        (
            policy.get("RequireSymbols", True) and not any(c in SYMBOLS for c in password),
            "Password must have symbol characters",
        ),
    ]
    for broken, reason in reasons:
        if broken:
            raise InvalidPasswordException(f"Password did not conform with policy: {reason}")


def temporary_password(pool: UserPool) -> str:
    """A generated password that meets the pool's policy."""
    length = max(pool.password_policy.get("MinimumLength", 8), 12)
    body = ids.client_secret()[: length - 4]
    return "Aa1!" + body


def attribute_map(pairs: list[dict[str, Any]]) -> dict[str, str]:
    """[{Name, Value}] as a dict (later names win)."""
    return {pair["Name"]: pair.get("Value", "") for pair in pairs}


def attribute_list(attributes: dict[str, str]) -> list[dict[str, str]]:
    """A user's attributes in AWS's order: sub first."""
    ordered = sorted(attributes.items(), key=lambda item: item[0] != "sub")
    return [{"Name": k, "Value": v} for k, v in ordered]


def schema_names(pool: UserPool) -> dict[str, dict[str, Any]]:
    return {entry["Name"]: entry for entry in pool.settings.get("SchemaAttributes", [])}


def check_attributes(pool: UserPool, attributes: dict[str, str], *, creating: bool) -> None:
    """Attributes must exist in the schema; immutable ones are set only at creation."""
    schema = schema_names(pool)
    for name, value in attributes.items():
        entry = schema.get(name) or schema.get(f"dev:{name}")
        if entry is None or name == "sub":
            raise InvalidParameterException(
                f"Attributes did not conform to the schema: {name}: Attribute does not exist in"
                " the schema.\n"
                if entry is None
                else "Attributes did not conform to the schema: sub: Attribute cannot be updated."
                " (changing an immutable attribute)"
            )
        if not creating and not entry.get("Mutable", True):
            raise InvalidParameterException(
                f"Attribute cannot be updated. (changing an immutable attribute): {name}"
            )
        if name == "phone_number" and value and not (value.startswith("+") and value[1:].isdigit()):
            raise InvalidParameterException("Invalid phone number format.")
        if name in ("email_verified", "phone_number_verified") and value not in ("true", "false"):
            raise InvalidParameterException(f"Invalid value for {name}: must be true or false.")
        if name == "email" and value and ("@" not in value or value.startswith("@")):
            raise InvalidParameterException("Invalid email address format.")


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
            raise InvalidParameterException("Username should be either an email or a phone number.")
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


def mask(destination: str, channel: str) -> str:
    """How AWS shows a destination in CodeDeliveryDetails."""
    if channel == "EMAIL":
        local, _, domain = destination.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return "+" + "*" * max(len(destination) - 5, 0) + destination[-4:]


def send(
    state: State,
    pool: UserPool,
    user: User,
    channel: str,
    purpose: str,
    text: str,
    ctx: Ctx,
    code: str | None = None,
    subject: str | None = None,
) -> dict[str, str]:
    """Record a message in the outbox; return its CodeDeliveryDetails."""
    attr = "email" if channel == "EMAIL" else "phone_number"
    to = user.attributes.get(attr, "")
    outbox_of(state).append(
        Message(
            to=to,
            channel=channel,
            purpose=purpose,
            code=code,
            text=text,
            subject=subject,
            pool_id=pool.pool_id,
            username=user.username,
            time=ctx.now,
        )
    )
    return {"Destination": mask(to, channel), "DeliveryMedium": channel, "AttributeName": attr}


def required_attributes_json(pool: UserPool, user: User) -> str:
    missing = [
        f"userAttributes.{entry['Name']}"
        for entry in pool.settings["SchemaAttributes"]
        if entry.get("Required")
        and entry["Name"] != "sub"
        and not user.attributes.get(entry["Name"])
    ]
    return json.dumps(missing)
