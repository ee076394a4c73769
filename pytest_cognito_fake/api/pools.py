"""User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
and AddCustomAttributes."""

from __future__ import annotations

import copy
from typing import Any

from .. import ids, model
from ..context import Ctx
from ..errors import InvalidParameterException
from ..state import lookups
from ..state.store import State, UserPool
from ._paginate import page
from ._registry import operation

_TEXT = {"StringAttributeConstraints": {"MinLength": "0", "MaxLength": "2048"}}
STANDARD_SCHEMA: list[tuple[str, str, dict[str, Any]]] = [
    ("sub", "String", {"StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}}),
    *[
        (n, "String", _TEXT)
        for n in (
            "name",
            "given_name",
            "family_name",
            "middle_name",
            "nickname",
            "preferred_username",
            "profile",
            "picture",
            "website",
            "email",
        )
    ],
    ("email_verified", "Boolean", {}),
    ("gender", "String", _TEXT),
    ("birthdate", "String", {"StringAttributeConstraints": {"MinLength": "10", "MaxLength": "10"}}),
    *[(n, "String", _TEXT) for n in ("zoneinfo", "locale", "phone_number")],
    ("phone_number_verified", "Boolean", {}),
    ("address", "String", _TEXT),
    ("updated_at", "Number", {"NumberAttributeConstraints": {"MinValue": "0"}}),
]
STANDARD_NAMES = {name for name, _, _ in STANDARD_SCHEMA}

DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
#: Settings UpdateUserPool may change (an omitted one returns to its default, as on AWS).
UPDATABLE = (
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "UserAttributeUpdateSettings",
    "MfaConfiguration",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "AccountRecoverySetting",
)


def _standard_entry(name: str, kind: str, constraints: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": name,
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": False,
        "Mutable": name != "sub",
        "Required": name == "sub",
        **copy.deepcopy(constraints),
    }


def _custom_entry(spec: dict[str, Any]) -> dict[str, Any]:
    if spec.get("Required"):
        raise InvalidParameterException("Required custom attributes are not supported currently.")
    developer = bool(spec.get("DeveloperOnlyAttribute", False))
    kind = spec.get("AttributeDataType", "String")
    entry: dict[str, Any] = {
        "Name": ("dev:custom:" if developer else "custom:") + spec["Name"],
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": developer,
        "Mutable": bool(spec.get("Mutable", True)),
        "Required": False,
    }
    if kind == "String":
        entry["StringAttributeConstraints"] = spec.get("StringAttributeConstraints", {})
    elif kind == "Number":
        entry["NumberAttributeConstraints"] = spec.get("NumberAttributeConstraints", {})
    return entry


def build_schema(requested: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The 20 standard attributes (with any overrides), then the custom ones."""
    schema = [_standard_entry(*row) for row in STANDARD_SCHEMA]
    by_name = {entry["Name"]: entry for entry in schema}
    seen: set[str] = set()
    for spec in requested:
        name = spec.get("Name", "")
        if name in seen:
            raise InvalidParameterException(f"Duplicate attribute name {name} in schema.")
        seen.add(name)
        if name in by_name:
            entry = by_name[name]
            for key in (
                "Mutable",
                "Required",
                "StringAttributeConstraints",
                "NumberAttributeConstraints",
            ):
                if key in spec:
                    entry[key] = spec[key]
        else:
            schema.append(_custom_entry(spec))
    if sum(1 for entry in schema if ":" in entry["Name"]) > 50:
        raise InvalidParameterException("Custom attributes count exceeds the limit of 50.")
    return schema


def _defaults(req: dict[str, Any]) -> dict[str, Any]:
    """The settings AWS stores for the updatable members of ``req``."""
    policy = {**DEFAULT_PASSWORD_POLICY, **req.get("Policies", {}).get("PasswordPolicy", {})}
    if not policy.get("TemporaryPasswordValidityDays"):
        policy["TemporaryPasswordValidityDays"] = 7
    policies = {**req.get("Policies", {}), "PasswordPolicy": policy}
    settings: dict[str, Any] = {
        "Policies": policies,
        "DeletionProtection": "INACTIVE",
        "LambdaConfig": {},
        "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": []},
        "MfaConfiguration": "OFF",
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "UserPoolTags": {},
        "AdminCreateUserConfig": {
            "AllowAdminCreateUserOnly": False,
            "UnusedAccountValidityDays": 7,
        },
    }
    for key in UPDATABLE:
        if key in req and key != "Policies":
            settings[key] = copy.deepcopy(req[key])
    admin = settings["AdminCreateUserConfig"]
    admin.setdefault("AllowAdminCreateUserOnly", False)
    admin.setdefault("UnusedAccountValidityDays", policy["TemporaryPasswordValidityDays"])
    vmt = settings.get("VerificationMessageTemplate", {})
    vmt.setdefault("DefaultEmailOption", "CONFIRM_WITH_CODE")
    return settings


def _check_settings(req: dict[str, Any]) -> None:
    if req.get("UsernameAttributes") and req.get("AliasAttributes"):
        raise InvalidParameterException(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."
        )


@operation("CreateUserPool")
def create_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    _check_settings(req)
    settings = _defaults(req)
    settings["Name"] = req["PoolName"]
    settings["SchemaAttributes"] = build_schema(req.get("Schema", []))
    for key in ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration"):
        if key in req:
            settings[key] = copy.deepcopy(req[key])
    settings["AutoVerifiedAttributes"] = list(req.get("AutoVerifiedAttributes", []))
    settings["UserPoolTier"] = req.get("UserPoolTier", "ESSENTIALS")
    pool_id = ids.pool_id(ctx.region)
    while pool_id in state.pools:
        pool_id = ids.pool_id(ctx.region)
    pool = UserPool(
        pool_id=pool_id,
        region=ctx.region,
        account=ctx.account,
        settings=settings,
        created=ctx.now,
        modified=ctx.now,
    )
    state.pools[pool_id] = pool
    return {"UserPool": describe(pool)}


def describe(pool: UserPool) -> dict[str, Any]:
    """The UserPoolType of ``pool``."""
    out: dict[str, Any] = {"Id": pool.pool_id}
    members = model.service_model().shape_for("UserPoolType").members
    for key, value in pool.settings.items():
        if key in members and value not in (None, [], ""):
            out[key] = copy.deepcopy(value)
    out["AutoVerifiedAttributes"] = list(pool.settings.get("AutoVerifiedAttributes", []))
    if not out["AutoVerifiedAttributes"]:
        del out["AutoVerifiedAttributes"]
    out.update(
        {
            "LastModifiedDate": pool.modified,
            "CreationDate": pool.created,
            "EstimatedNumberOfUsers": len(pool.users),
            "Arn": pool.arn,
        }
    )
    domain = pool.extra.get("domain")
    if domain:
        out["CustomDomain" if domain.get("CustomDomainConfig") else "Domain"] = domain["Domain"]
    return out


@operation("DescribeUserPool")
def describe_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return {"UserPool": describe(lookups.get_pool(state, req["UserPoolId"]))}


@operation("UpdateUserPool")
def update_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    settings = _defaults(req)
    for key in (
        "Name",
        "SchemaAttributes",
        "AliasAttributes",
        "UsernameAttributes",
        "UsernameConfiguration",
    ):
        if key in pool.settings:
            settings[key] = pool.settings[key]
    settings["Name"] = req.get("PoolName", pool.name)
    settings["AutoVerifiedAttributes"] = list(req.get("AutoVerifiedAttributes", []))
    settings["UserPoolTier"] = req.get("UserPoolTier", pool.settings.get("UserPoolTier"))
    pool.settings = settings
    pool.modified = ctx.now
    return {}


@operation("DeleteUserPool")
def delete_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    if pool.settings.get("DeletionProtection") == "ACTIVE":
        raise InvalidParameterException(
            "The user pool cannot be deleted because deletion protection is activated."
        )
    if pool.extra.get("domain"):
        raise InvalidParameterException(
            "User pool cannot be deleted. It has a domain configured that should be deleted first."
        )
    for client_id in pool.clients:
        state.client_index.pop(client_id, None)
    del state.pools[pool.pool_id]
    for event_id in [e for e, f in state.families.items() if f.pool_id == pool.pool_id]:
        del state.families[event_id]
    for token in [t for t, r in state.refresh_tokens.items() if r.event_id not in state.families]:
        del state.refresh_tokens[token]
    return {}


@operation("ListUserPools")
def list_user_pools(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pools = list(state.pools.values())
    chunk, token = page(pools, req.get("NextToken"), req["MaxResults"], "ListUserPools")
    out: dict[str, Any] = {
        "UserPools": [
            {
                "Id": p.pool_id,
                "Name": p.name,
                "LambdaConfig": copy.deepcopy(p.settings.get("LambdaConfig", {})),
                "LastModifiedDate": p.modified,
                "CreationDate": p.created,
            }
            for p in chunk
        ]
    }
    if token:
        out["NextToken"] = token
    return out
