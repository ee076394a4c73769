"""Shared steps of the user operations: password policy, attributes, the UserType shape."""

from __future__ import annotations

import json
import string
import uuid
from collections.abc import Callable
from typing import Any

from .. import ids, messages
from ..context import Ctx
from ..errors import (
    AliasExistsException,
    InvalidParameterException,
    InvalidPasswordException,
    PasswordHistoryPolicyViolationException,
    UsernameExistsException,
)
from ..outbox import Message, outbox_of
from ..state import lookups
from ..state.store import State, User, UserPool

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
#: The attributes that can be verified, with their flag.
VERIFIED_FLAGS = {"email": "email_verified", "phone_number": "phone_number_verified"}

#: Rewriters of outgoing messages (the CustomMessage trigger, api/trigger_hooks.py):
#: hook(state, pool, user, channel, purpose, code, ctx, rendered) -> a new Rendered or None.
MessageHook = Callable[
    [State, UserPool, User, str, str, "str | None", Ctx, messages.Rendered],
    "messages.Rendered | None",
]
MESSAGE_HOOKS: list[MessageHook] = []
#: Recovery mechanism names -> the attribute they use.
RECOVERY = {"verified_email": "email", "verified_phone_number": "phone_number"}
#: Without AccountRecoverySetting AWS keeps its legacy order: a verified phone first.
LEGACY_RECOVERY = [
    {"Priority": 1, "Name": "verified_phone_number"},
    {"Priority": 2, "Name": "verified_email"},
]


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
    body = ""
    while len(body) < length - 4:
        body += ids.client_secret()
    return "Aa1!" + body[: length - 4]


def attribute_map(pairs: list[dict[str, Any]]) -> dict[str, str]:
    """[{Name, Value}] as a dict (later names win)."""
    return {pair["Name"]: pair.get("Value", "") for pair in pairs}


def attribute_list(attributes: dict[str, str]) -> list[dict[str, str]]:
    """A user's attributes in AWS's order: sub first."""
    ordered = sorted(attributes.items(), key=lambda item: item[0] != "sub")
    return [{"Name": k, "Value": v} for k, v in ordered]


def schema_names(pool: UserPool) -> dict[str, dict[str, Any]]:
    return {entry["Name"]: entry for entry in pool.settings.get("SchemaAttributes", [])}


def schema_entry(pool: UserPool, name: str) -> dict[str, Any] | None:
    """The schema entry of ``name`` (developer-only attributes answer to ``custom:x`` too)."""
    schema = schema_names(pool)
    return schema.get(name) or schema.get(f"dev:{name}")


def _value_problem(entry: dict[str, Any], value: str) -> str | None:
    """Why ``value`` breaks the schema entry's constraints (None if it does not)."""
    if not value:
        return None
    kind = entry.get("AttributeDataType", "String")
    if kind == "Number":
        try:
            number = float(value)
        except ValueError:
            return "Number is not valid."
        limits = entry.get("NumberAttributeConstraints", {})
        if "MinValue" in limits and number < float(limits["MinValue"]):
            return f"Number must be greater than or equal to {limits['MinValue']}"
        if "MaxValue" in limits and number > float(limits["MaxValue"]):
            return f"Number must be less than or equal to {limits['MaxValue']}"
        return None
    limits = entry.get("StringAttributeConstraints", {})
    if "MinLength" in limits and len(value) < int(limits["MinLength"]):
        return f"String must be no shorter than {limits['MinLength']} characters"
    if "MaxLength" in limits and len(value) > int(limits["MaxLength"]):
        return f"String must be no longer than {limits['MaxLength']} characters"
    return None


def check_attributes(pool: UserPool, attributes: dict[str, str], *, creating: bool) -> None:
    """Attributes must exist in the schema and fit it; immutable ones are set only at creation.

    AWS lists every schema breach in one message, each line ending in a newline."""
    problems = []
    for name, value in attributes.items():
        entry = schema_entry(pool, name)
        if entry is None:
            problems.append(f"{name}: Attribute does not exist in the schema.")
        elif (name == "sub" or not entry.get("Mutable", True)) and not creating:
            raise InvalidParameterException(f"user.{name}: Attribute cannot be updated.")
        elif name == "sub":
            problems.append("sub: Attribute cannot be updated. (changing an immutable attribute)")
        else:
            problem = _value_problem(entry, value)
            if problem:
                problems.append(f"{name}: {problem}")
    if problems:
        raise InvalidParameterException(
            "Attributes did not conform to the schema: " + "".join(f"{p}\n" for p in problems)
        )
    for name, value in attributes.items():
        if name == "phone_number" and value and not (value.startswith("+") and value[1:].isdigit()):
            raise InvalidParameterException("Invalid phone number format.")
        if name in VERIFIED_FLAGS.values() and value not in ("true", "false", ""):
            raise InvalidParameterException(f"Invalid value for {name}: must be true or false.")
        if name == "email" and value and not _looks_like_email(value):
            raise InvalidParameterException("Invalid email address format.")


def _looks_like_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return (
        bool(local and at and domain) and "@" not in domain and not any(c.isspace() for c in value)
    )


def check_verified_flags(attributes: dict[str, str]) -> None:
    """A verified flag set to true needs the attribute it vouches for (after the change)."""
    if attributes.get("email_verified") == "true" and not attributes.get("email"):
        raise InvalidParameterException("Email is required to verify/un-verify an email")
    if attributes.get("phone_number_verified") == "true" and not attributes.get("phone_number"):
        raise InvalidParameterException(
            "Phone number is required to verify/un-verify a phone number"
        )


def check_required_kept(pool: UserPool, names: list[str]) -> None:
    """Required attributes cannot be deleted (or emptied)."""
    schema = schema_names(pool)
    for name in names:
        if schema.get(name, {}).get("Required"):
            raise InvalidParameterException(
                f"Attributes did not conform to the schema: {name}: The attribute is required\n"
            )


def check_unique_sign_in(pool: UserPool, user: User | None, changes: dict[str, str]) -> None:
    """In pools that sign in by email/phone, no two users may share one (verified or not)."""
    for attr in pool.settings.get("UsernameAttributes", []):
        value = changes.get(attr)
        if not value:
            continue
        other = lookups.find_user(pool, value)
        if other is not None and other is not user:
            raise AliasExistsException(f"An account with the given {attr} already exists.")


def planned_attributes(pool: UserPool, name: str, attributes: dict[str, str]) -> dict[str, str]:
    """The attributes a new user will hold: an email/phone username is copied in."""
    planned = dict(attributes)
    for attr in pool.settings.get("UsernameAttributes", []):
        if (attr == "email" and "@" in name) or (attr == "phone_number" and name[:1] == "+"):
            planned[attr] = name
    return planned


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


#: AWS's text for a reused password (unconfirmed: no capture found).
REUSED_PASSWORD = (
    "The password you entered has been used recently. Please choose a different password."
)


def _history_size(pool: UserPool | None) -> int:
    return int(pool.password_policy.get("PasswordHistorySize") or 0) if pool else 0


def _recent_passwords(user: User) -> list[str]:
    """The user's passwords, oldest first, ending with the current one (a password seeded
    outside the API, by the fixture, counts too)."""
    history = list(user.extra.get("password_history") or [])
    if user.password is not None and (not history or history[-1] != user.password):
        history.append(user.password)
    return history


def check_password_history(pool: UserPool, user: User, password: str) -> None:
    """PasswordHistorySize N forbids the user's last N passwords (the current one included)."""
    size = _history_size(pool)
    if size and password in _recent_passwords(user)[-size:]:
        raise PasswordHistoryPolicyViolationException(REUSED_PASSWORD)


def set_password(
    user: User, password: str, ctx: Ctx, status: str | None = None, pool: UserPool | None = None
) -> None:
    """Store a (checked) password; its age starts now (temporary passwords expire by it).

    With ``pool`` the password joins the user's history when the pool keeps one."""
    size = _history_size(pool)
    if size:
        user.extra["password_history"] = [*_recent_passwords(user), password][-size:]
    elif pool is not None:
        user.extra.pop("password_history", None)
    user.password = password
    user.password_set_at = ctx.now
    if status is not None:
        user.status = status
    user.modified = ctx.now


def shown_username(pool: UserPool, user: User) -> str:
    """The name a user signs in with, for ``{username}``: the email/phone in pools that use
    them as usernames, else the username."""
    for attr in pool.settings.get("UsernameAttributes", []):
        if user.attributes.get(attr):
            return user.attributes[attr]
    return user.username


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
    code: str | None,
    ctx: Ctx,
    *,
    to: str | None = None,
    link: str | None = None,
) -> dict[str, str]:
    """Render the pool's message for ``purpose`` and record it in the outbox; return its
    CodeDeliveryDetails.

    ``code`` is the code sent (the temporary password of an invitation); ``to`` overrides the
    recipient (a new email awaiting verification); ``link`` is a CONFIRM_WITH_LINK link.
    """
    attr = "email" if channel == "EMAIL" else "phone_number"
    to = to or user.attributes.get(attr, "")
    shown = shown_username(pool, user)
    rendered = messages.render(pool.settings, purpose, channel, code, shown, link=link)
    for hook in MESSAGE_HOOKS:
        rendered = hook(state, pool, user, channel, purpose, code, ctx, rendered) or rendered
    text, subject = rendered.text, rendered.subject
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
            link=link,
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


def mfa_members(user: User) -> dict[str, Any]:
    """MFAOptions, PreferredMfaSetting, UserMFASettingList: each only when set.

    The MFA area keeps ``user.extra["mfa"] = {"preferred", "enabled", "options"?}``."""
    mfa = user.extra.get("mfa") or {}
    out: dict[str, Any] = {}
    if mfa.get("options"):
        out["MFAOptions"] = list(mfa["options"])
    if mfa.get("preferred"):
        out["PreferredMfaSetting"] = mfa["preferred"]
    if mfa.get("enabled"):
        out["UserMFASettingList"] = list(mfa["enabled"])
    return out


def send_verification(
    state: State, pool: UserPool, user: User, attr: str, ctx: Ctx, to: str | None = None
) -> dict[str, str]:
    """Send a code that verifies ``attr`` (``codes["verify:<attr>"]``; with ``to`` the code
    record keeps the new address as ``value``, which VerifyUserAttribute puts in place)."""
    from . import _codes  # _codes builds on this module

    channel = _codes.CHANNEL_OF[attr]
    return _codes.deliver(
        state, pool, user, "verify_attribute", channel, ctx, attribute=attr, to=to
    )


def alias_takeovers(
    pool: UserPool, user: User | None, attributes: dict[str, str], names: set[str], *, force: bool
) -> list[tuple[User, str]]:
    """Aliases (AliasAttributes) that ``attributes`` claims from other users, among ``names``.

    A verified email/phone held verified by someone else is AliasExistsException unless
    ``force`` (ForceAliasCreation), which un-verifies it there; preferred_username, an alias as
    soon as it is set, is never shared. Returns (other user, attribute) pairs to un-verify."""
    moves = []
    for attr in pool.settings.get("AliasAttributes", []):
        value = attributes.get(attr)
        flag = VERIFIED_FLAGS.get(attr)
        if not value or not ({attr, flag} & names):
            continue
        if flag is not None and attributes.get(flag) != "true":
            continue
        other = lookups.find_user(pool, value)
        if other is None or other is user:
            continue
        if flag is None:
            raise AliasExistsException(f"An account with the given {attr} already exists.")
        if not force:
            raise AliasExistsException(f"An account with the {attr} already exists.")
        moves.append((other, attr))
    return moves


def move_aliases(moves: list[tuple[User, str]], ctx: Ctx) -> None:
    for other, attr in moves:
        other.attributes[VERIFIED_FLAGS[attr]] = "false"
        other.modified = ctx.now


def update_attributes(
    state: State, pool: UserPool, user: User, changes: dict[str, str], ctx: Ctx
) -> list[dict[str, str]]:
    """Apply checked ``changes`` (an empty value deletes); return the codes sent.

    A changed email/phone loses its verified flag unless the request sets it; when the pool
    auto-verifies it a code goes out, and with AttributesRequireVerificationBeforeUpdate the old
    value stays until the new one is verified. Nothing changes when a check fails."""
    auto = pool.settings.get("AutoVerifiedAttributes") or []
    wait = (pool.settings.get("UserAttributeUpdateSettings") or {}).get(
        "AttributesRequireVerificationBeforeUpdate"
    ) or []
    attrs = dict(user.attributes)
    to_verify: dict[str, str | None] = {}
    for name, value in changes.items():
        flag = VERIFIED_FLAGS.get(name)
        if flag and value and value != attrs.get(name) and changes.get(flag) != "true":
            if name in auto:
                pending = name in wait and bool(attrs.get(name))
                to_verify[name] = value if pending else None
                if pending:
                    continue
            attrs[flag] = "false"
        if value:
            attrs[name] = value
        else:
            attrs.pop(name, None)
    flags = set(VERIFIED_FLAGS.values())
    check_verified_flags({k: v for k, v in attrs.items() if k not in flags or k in changes})
    check_unique_sign_in(pool, user, changes)
    alias_takeovers(pool, user, attrs, set(changes), force=False)
    for name, flag in VERIFIED_FLAGS.items():
        if not attrs.get(name):
            attrs.pop(flag, None)
    codes = user.extra.get("codes") or {}
    for name in VERIFIED_FLAGS:  # a code sent to the old address must not verify the new one
        if name not in to_verify and attrs.get(name) != user.attributes.get(name):
            codes.pop(f"verify:{name}", None)
    user.attributes = {"sub": user.sub, **{k: v for k, v in attrs.items() if k != "sub"}}
    user.modified = ctx.now
    return [send_verification(state, pool, user, a, ctx, to) for a, to in to_verify.items()]


def delete_user(state: State, pool: UserPool, user: User) -> None:
    """Remove ``user``: its username is free again and its tokens stop working, answering
    UserNotFoundException (token checks match the family's sub, so a new user of the same
    name does not inherit them)."""
    for key in [k for k, s in state.sessions.items() if s.pool_id == pool.pool_id]:
        if state.sessions[key].username == user.username:
            del state.sessions[key]
    del pool.users[user.username]


def recovery_attribute(pool: UserPool, user: User) -> str | None:
    """The verified attribute a reset code goes to, per AccountRecoverySetting (None: none).

    With the setting, an address that is also the user's MFA factor (SMS or email) does not
    qualify (AWS docs); without it AWS's legacy order prefers a verified phone."""
    configured = (pool.settings.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
    mfa = set((user.extra.get("mfa") or {}).get("enabled") or []) if configured else set()
    blocked = {"phone_number": "SMS_MFA" in mfa, "email": "EMAIL_OTP" in mfa}
    for mechanism in sorted(configured or LEGACY_RECOVERY, key=lambda m: m["Priority"]):
        attr = RECOVERY.get(mechanism["Name"])
        if (
            attr
            and not blocked[attr]
            and user.attributes.get(attr)
            and user.attributes.get(VERIFIED_FLAGS[attr]) == "true"
        ):
            return attr
    return None
