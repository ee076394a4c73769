"""User attributes: the pool's schema, verified flags, aliases, updates (with the codes they
send), and which verified attribute account recovery uses."""

from __future__ import annotations

import json
from typing import Any

from ..context import Ctx
from ..errors import AliasExistsException, InvalidParameterException
from ..state import lookups
from ..state.store import State, User, UserPool
from . import codes

#: The attributes that can be verified, with their flag.
VERIFIED_FLAGS = {"email": "email_verified", "phone_number": "phone_number_verified"}
#: Recovery mechanism names -> the attribute they use.
RECOVERY = {"verified_email": "email", "verified_phone_number": "phone_number"}
#: Without AccountRecoverySetting AWS keeps its legacy order: a verified phone first.
LEGACY_RECOVERY = [
    {"Priority": 1, "Name": "verified_phone_number"},
    {"Priority": 2, "Name": "verified_email"},
]


def attribute_map(pairs: list[dict[str, Any]]) -> dict[str, str]:
    """[{Name, Value}] as a dict (later names win), verified flags read as AWS reads them."""
    found = {pair["Name"]: pair.get("Value", "") for pair in pairs}
    for flag in VERIFIED_FLAGS.values():
        if flag in found:
            found[flag] = boolean_value(found[flag])
    return found


def boolean_value(value: str) -> str:
    """A verified flag as given: AWS accepts any case ("True"). That it then holds and answers
    the lower-case form is unconfirmed; other values are left for the checks to refuse."""
    lowered = value.lower()
    return lowered if lowered in ("true", "false") else value


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


def required_attributes_json(pool: UserPool, user: User) -> str:
    missing = [
        f"userAttributes.{entry['Name']}"
        for entry in pool.settings["SchemaAttributes"]
        if entry.get("Required")
        and entry["Name"] != "sub"
        and not user.attributes.get(entry["Name"])
    ]
    return json.dumps(missing)


def send_verification(
    state: State, pool: UserPool, user: User, attr: str, ctx: Ctx, to: str | None = None
) -> dict[str, str]:
    """Send a code that verifies ``attr`` (``codes["verify:<attr>"]``; with ``to`` the code
    record keeps the new address as ``value``, which VerifyUserAttribute puts in place)."""
    channel = codes.CHANNEL_OF[attr]
    return codes.deliver(state, pool, user, "verify_attribute", channel, ctx, attribute=attr, to=to)


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
    live_codes = user.codes
    for name in VERIFIED_FLAGS:  # a code sent to the old address must not verify the new one
        if name not in to_verify and attrs.get(name) != user.attributes.get(name):
            live_codes.pop(f"verify:{name}", None)
    user.attributes = {"sub": user.sub, **{k: v for k, v in attrs.items() if k != "sub"}}
    user.modified = ctx.now
    return [send_verification(state, pool, user, a, ctx, to) for a, to in to_verify.items()]


def recovery_attribute(pool: UserPool, user: User) -> str | None:
    """The verified attribute a reset code goes to, per AccountRecoverySetting (None: none).

    With the setting, an address that is also the user's MFA factor (SMS or email) does not
    qualify (AWS docs); without it AWS's legacy order prefers a verified phone."""
    configured = (pool.settings.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
    mfa = set(user.mfa.enabled) if configured else set()
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
