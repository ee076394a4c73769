"""User pools: CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools,
and AddCustomAttributes."""

from __future__ import annotations

from typing import Any

from .. import model
from ..context import Ctx
from ..core import ids
from ..errors import (
    FeatureUnavailableInTierException,
    InvalidParameterException,
    TierChangeNotAllowedException,
)
from ..state import lookups
from ..state.store import State, UserPool, clone
from ._paginate import respond
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
MAX_CUSTOM_ATTRIBUTES = 50

#: The console's policy, which AWS also stores when ``Policies`` is omitted.
DEFAULT_PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
#: UpdateUserPool members that return to their default when omitted, as AWS documents.
#: UserPoolTags (shared with TagResource) and UserAttributeUpdateSettings are kept instead: a
#: real capture shows UpdateUserPool keeping the latter while resetting AutoVerifiedAttributes.
RESET_ON_UPDATE = (
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "AccountRecoverySetting",
)
#: Unconfirmed: the encryption key and the issuer type are kept when UpdateUserPool omits
#: them (the alternatives: the AWS-owned default key; the ORIGINAL issuer, which would change
#: every token's ``iss`` on an unrelated update).
_KEPT_ON_UPDATE = (
    "UserPoolTags",
    "UserAttributeUpdateSettings",
    "KeyConfiguration",
    "IssuerConfiguration",
)
#: Unconfirmed: UpdateUserPool without these keeps them (the alternative: back to defaults).
_KEPT_WHEN_OMITTED = ("AcrConfiguration", "DcrConfiguration")
#: Cognito's names of the ACR levels, which AcrConfiguration may rename.
DEFAULT_ACR = {f"Level{n}": f"urn:cognito:loa:{n}" for n in range(1, 5)}
#: The legacy members AWS fills from VerificationMessageTemplate.
LEGACY_MESSAGES = {
    "SmsVerificationMessage": "SmsMessage",
    "EmailVerificationMessage": "EmailMessage",
    "EmailVerificationSubject": "EmailSubject",
}


def _standard_entry(name: str, kind: str, constraints: dict[str, Any]) -> dict[str, Any]:
    return {
        "Name": name,
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": False,
        "Mutable": name != "sub",
        "Required": name == "sub",
        **clone(constraints),
    }


def _name_of(spec: dict[str, Any]) -> str:
    """The model leaves Name optional; the service does not (wording unconfirmed)."""
    if "Name" not in spec:
        raise InvalidParameterException("Attribute name can not be null.")
    return str(spec["Name"])


def custom_name(spec: dict[str, Any]) -> str:
    """AWS prefixes the given name as it is (``custom:x`` becomes ``custom:custom:x``)."""
    developer = bool(spec.get("DeveloperOnlyAttribute", False))
    return ("dev:custom:" if developer else "custom:") + _name_of(spec)


#: The longest String attribute AWS holds (a larger MaxLength or MinLength is refused).
MAX_STRING_LENGTH = 2048


def _check_constraints(spec: dict[str, Any]) -> None:
    """Length and value bounds are numbers written as strings; a string attribute holds at
    most 2048 characters. AWS refuses others with InvalidParameterException; its wording is
    unconfirmed and kept here."""
    name = spec.get("Name")
    for key, value in (spec.get("StringAttributeConstraints") or {}).items():
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_STRING_LENGTH:
            raise InvalidParameterException(
                f"Invalid {key} for attribute {name}: must be an integer from 0 to"
                f" {MAX_STRING_LENGTH}."
            )
    for key, value in (spec.get("NumberAttributeConstraints") or {}).items():
        try:
            float(value)
        except ValueError:
            raise InvalidParameterException(
                f"Invalid {key} for attribute {name}: must be a number."
            ) from None


def _custom_entry(spec: dict[str, Any]) -> dict[str, Any]:
    if spec.get("Required"):
        raise InvalidParameterException("Required custom attributes are not supported currently.")
    if "AttributeDataType" not in spec:
        raise InvalidParameterException(
            "Invalid AttributeDataType input, consider using the provided AttributeDataType enum."
        )
    _check_constraints(spec)
    kind = spec["AttributeDataType"]
    entry: dict[str, Any] = {
        "Name": custom_name(spec),
        "AttributeDataType": kind,
        "DeveloperOnlyAttribute": bool(spec.get("DeveloperOnlyAttribute", False)),
        "Mutable": bool(spec.get("Mutable", True)),
        "Required": False,
    }
    if kind == "String":
        entry["StringAttributeConstraints"] = clone(spec.get("StringAttributeConstraints", {}))
    elif kind == "Number":
        entry["NumberAttributeConstraints"] = clone(spec.get("NumberAttributeConstraints", {}))
    return entry


def _add_custom(schema: list[dict[str, Any]], specs: list[dict[str, Any]]) -> None:
    """Append custom attributes to ``schema``: unique names, at most 50 (AWS's limit)."""
    names = {entry["Name"] for entry in schema}
    for spec in specs:
        entry = _custom_entry(spec)
        if entry["Name"] in names:
            raise InvalidParameterException(
                f"{spec['Name']}: Existing attribute already has name {entry['Name']}."
            )
        names.add(entry["Name"])
        schema.append(entry)
    if sum(1 for entry in schema if entry["Name"] not in STANDARD_NAMES) > MAX_CUSTOM_ATTRIBUTES:
        raise InvalidParameterException(
            f"Custom attributes count exceeds the limit of {MAX_CUSTOM_ATTRIBUTES}."
        )


def build_schema(requested: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The 20 standard attributes (with the overrides asked for), then the custom ones."""
    schema = [_standard_entry(*row) for row in STANDARD_SCHEMA]
    by_name = {entry["Name"]: entry for entry in schema}
    seen: set[str] = set()
    custom: list[dict[str, Any]] = []
    for spec in requested:
        name = _name_of(spec)
        if name in seen:
            raise InvalidParameterException(f"Duplicate attribute name {name} in schema.")
        seen.add(name)
        if name not in by_name:
            custom.append(spec)
            continue
        entry = by_name[name]
        kind = spec.get("AttributeDataType", entry["AttributeDataType"])
        if kind != entry["AttributeDataType"] or spec.get("DeveloperOnlyAttribute"):
            raise InvalidParameterException(
                "You can not change AttributeDataType or set developerOnlyAttribute for standard"
                f" schema attribute {name}"
            )
        _check_constraints(spec)
        if name == "sub" and (spec.get("Mutable") or spec.get("Required") is False):
            raise InvalidParameterException("sub attribute cannot be mutable or optional.")
        for key in ("Mutable", "Required", "StringAttributeConstraints"):
            if key in spec:
                entry[key] = clone(spec[key])
        if "NumberAttributeConstraints" in spec and entry["AttributeDataType"] == "Number":
            entry["NumberAttributeConstraints"] = clone(spec["NumberAttributeConstraints"])
    _add_custom(schema, custom)
    return schema


def _password_policy(given: dict[str, Any] | None) -> dict[str, Any]:
    """With no policy, the console's; a given policy's omitted booleans are false (unconfirmed)."""
    if given is None:
        return dict(DEFAULT_PASSWORD_POLICY)
    policy = {
        "MinimumLength": given.get("MinimumLength", 8),
        "RequireUppercase": given.get("RequireUppercase", False),
        "RequireLowercase": given.get("RequireLowercase", False),
        "RequireNumbers": given.get("RequireNumbers", False),
        "RequireSymbols": given.get("RequireSymbols", False),
        "TemporaryPasswordValidityDays": given.get("TemporaryPasswordValidityDays") or 7,
    }
    if "PasswordHistorySize" in given:
        policy["PasswordHistorySize"] = given["PasswordHistorySize"]
    return policy


def _defaults(req: dict[str, Any]) -> dict[str, Any]:
    """What AWS stores for the members of ``req`` that UpdateUserPool may also set."""
    policies = clone(req.get("Policies", {}))
    policies["PasswordPolicy"] = _password_policy(policies.get("PasswordPolicy"))
    settings: dict[str, Any] = {
        "Policies": policies,
        "DeletionProtection": "INACTIVE",
        "LambdaConfig": {},
        "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
        "MfaConfiguration": "OFF",
        "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
        "AdminCreateUserConfig": {},
    }
    for key in RESET_ON_UPDATE:
        if key in req and key != "Policies":
            settings[key] = clone(req[key])
    admin = settings["AdminCreateUserConfig"]
    admin.setdefault("AllowAdminCreateUserOnly", False)
    admin.setdefault("UnusedAccountValidityDays", 7)
    settings["VerificationMessageTemplate"].setdefault("DefaultEmailOption", "CONFIRM_WITH_CODE")
    settings["EmailConfiguration"].setdefault("EmailSendingAccount", "COGNITO_DEFAULT")
    settings["AutoVerifiedAttributes"] = list(req.get("AutoVerifiedAttributes", []))
    template = settings["VerificationMessageTemplate"]
    for legacy, key in LEGACY_MESSAGES.items():
        if key in template:  # the template wins over a legacy member given beside it
            settings[legacy] = template[key]
    return settings


def _check_first_factors(settings: dict[str, Any]) -> None:
    """SOFTWARE_TOKEN is an MFA-only factor (model). Unconfirmed: AWS's message; the
    alternative would be to accept and ignore it."""
    policy = settings.get("Policies", {}).get("SignInPolicy", {})
    if "SOFTWARE_TOKEN" in policy.get("AllowedFirstAuthFactors", []):
        raise InvalidParameterException(
            "SOFTWARE_TOKEN cannot be used as an allowed first authentication factor."
        )


def _check_key(settings: dict[str, Any]) -> None:
    """A customer managed key needs its ARN; the AWS-owned key takes none. Unconfirmed
    messages (and whether AWS refuses an ARN with AWS_OWNED_KEY rather than ignoring it)."""
    key = settings.get("KeyConfiguration")
    if key is None:
        return
    if key.get("KeyType") == "CUSTOMER_MANAGED_KEY" and not key.get("KmsKeyArn"):
        raise InvalidParameterException("KmsKeyArn is required for a CUSTOMER_MANAGED_KEY.")
    if key.get("KeyType", "AWS_OWNED_KEY") == "AWS_OWNED_KEY" and key.get("KmsKeyArn"):
        raise InvalidParameterException("KmsKeyArn can only be set for a CUSTOMER_MANAGED_KEY.")


def _check_acr(settings: dict[str, Any]) -> None:
    """Custom ACR names need Essentials or Plus and must differ from each other and from the
    default names of the other levels (docs). Unconfirmed messages."""
    custom = settings.get("AcrConfiguration")
    if not custom:
        return
    if settings.get("UserPoolTier") == "LITE":
        raise FeatureUnavailableInTierException(
            "AcrConfiguration requires the ESSENTIALS or PLUS feature plan."
        )
    names = list(effective_acr(settings).values())
    if len(set(names)) != len(names):
        raise InvalidParameterException(
            "AcrValue must be unique across all ACR levels, including default names."
        )


def effective_acr(settings: dict[str, Any]) -> dict[str, str]:
    """Level -> the name Cognito reports for it: the pool's own, else the default."""
    custom = settings.get("AcrConfiguration") or {}
    return {
        level: custom.get(level, {}).get("AcrValue", name) for level, name in DEFAULT_ACR.items()
    }


def _check_dcr(settings: dict[str, Any]) -> None:
    """DcrConfiguration without EnableStatus is enabled (model). Unconfirmed: a LITE pool may
    not have it enabled (TierChangeNotAllowedException when an update moves to LITE, else
    FeatureUnavailableInTierException)."""
    dcr = settings.get("DcrConfiguration")
    if dcr is None:
        return
    dcr.setdefault("EnableStatus", "Enabled")
    if settings.get("UserPoolTier") == "LITE" and dcr["EnableStatus"] == "Enabled":
        raise FeatureUnavailableInTierException(
            "Dynamic client registration requires the ESSENTIALS or PLUS feature plan."
        )


def check_sms_configuration(sms: dict[str, Any] | None, region: str) -> None:
    """SMS goes through SNS (SnsCallerArn) or End User Messaging (EumsSms): exactly one, and
    End User Messaging in the pool's Region (model). Unconfirmed messages."""
    if not sms:
        return
    if bool(sms.get("SnsCallerArn")) == bool(sms.get("EumsSms")):
        raise InvalidParameterException(
            "SmsConfiguration must set exactly one of SnsCallerArn and EumsSms."
        )
    eums_region = (sms.get("EumsSms") or {}).get("Region")
    if eums_region and eums_region != region:
        raise InvalidParameterException(
            f"EumsSms Region must be the Region of the user pool ({region})."
        )


def _check_tier_change(pool: UserPool, settings: dict[str, Any]) -> None:
    """Moving to LITE needs dynamic client registration disabled first (model). Unconfirmed
    message."""
    dcr = settings.get("DcrConfiguration") or {}
    if (
        settings.get("UserPoolTier") == "LITE"
        and pool.settings.get("UserPoolTier") != "LITE"
        and dcr.get("EnableStatus", "Enabled") == "Enabled"
        and "DcrConfiguration" in settings
    ):
        raise TierChangeNotAllowedException(
            "Disable dynamic client registration (DcrConfiguration) before moving to LITE."
        )


def _check_settings(settings: dict[str, Any], region: str) -> None:
    """AWS's cross-member rules for a pool's settings (wording of the first unconfirmed)."""
    _check_first_factors(settings)
    _check_key(settings)
    _check_acr(settings)
    _check_dcr(settings)
    check_sms_configuration(settings.get("SmsConfiguration"), region)
    if settings.get("UsernameAttributes") and settings.get("AliasAttributes"):
        raise InvalidParameterException(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."
        )
    waiting = settings.get("UserAttributeUpdateSettings", {}).get(
        "AttributesRequireVerificationBeforeUpdate", []
    )
    if not set(waiting) <= set(settings.get("AutoVerifiedAttributes", [])):
        raise InvalidParameterException(
            "All attributes in AttributesRequireVerificationBeforeUpdate must exist in"
            " AutoVerifiedAttributes"
        )


@operation("CreateUserPool")
def create_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    settings = _defaults(req)
    settings["Name"] = req["PoolName"]
    settings["SchemaAttributes"] = build_schema(req.get("Schema", []))
    for key in ("AliasAttributes", "UsernameAttributes", "UsernameConfiguration"):
        if key in req:
            settings[key] = clone(req[key])
    settings["UserAttributeUpdateSettings"] = clone(
        req.get("UserAttributeUpdateSettings", {"AttributesRequireVerificationBeforeUpdate": []})
    )
    settings["UserPoolTags"] = dict(req.get("UserPoolTags", {}))
    settings["UserPoolTier"] = req.get("UserPoolTier", "ESSENTIALS")
    for key in ("KeyConfiguration", "IssuerConfiguration", *_KEPT_WHEN_OMITTED):
        if key in req:
            settings[key] = clone(req[key])
    _check_settings(settings, ctx.region)
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
        key_slot=state.key_slots,
    )
    state.key_slots += 1
    state.pools[pool_id] = pool
    return {"UserPool": describe(pool)}


def describe(pool: UserPool) -> dict[str, Any]:
    """The UserPoolType of ``pool``: its settings (empty lists left out) and the counters."""
    out: dict[str, Any] = {"Id": pool.pool_id}
    members = model.member_names("UserPoolType")
    for key, value in pool.settings.items():
        if key in members and value not in (None, [], ""):
            out[key] = clone(value)
    out.update(
        {
            "LastModifiedDate": pool.modified,
            "CreationDate": pool.created,
            "EstimatedNumberOfUsers": len(pool.users),
            "Arn": pool.arn,
        }
    )
    if "AcrConfiguration" in pool.settings:  # unconfirmed: only once set (else: always)
        out["AcrConfiguration"] = {
            level: {"AcrValue": name} for level, name in effective_acr(pool.settings).items()
        }
    domain = pool.domain
    if domain:
        out["CustomDomain" if domain.get("CustomDomainConfig") else "Domain"] = domain["Domain"]
    return out


@operation("DescribeUserPool")
def describe_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return {"UserPool": describe(lookups.get_pool(state, req["UserPoolId"]))}


def _check_tracking_tier(pool: UserPool, tier: str) -> None:
    """Lite cannot track sessions: tracking must be off first (unconfirmed: mirrors AWS's
    documented rule for DcrConfiguration)."""
    if tier == "LITE" and pool.session_tracking:
        raise TierChangeNotAllowedException(
            "Disable user session tracking before changing the feature plan to LITE."
        )


@operation("UpdateUserPool")
def update_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Omitted settings return to their defaults; the name, schema, sign-in attributes and
    tier (unless given) stay, as do settings other areas keep here."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    settings = {k: v for k, v in pool.settings.items() if k not in RESET_ON_UPDATE}
    settings.update(_defaults(req))
    for key in (*_KEPT_ON_UPDATE, *_KEPT_WHEN_OMITTED):
        if key in req:
            settings[key] = clone(req[key])
    if "PoolName" in req:
        settings["Name"] = req["PoolName"]
    if "UserPoolTier" in req:
        _check_tracking_tier(pool, req["UserPoolTier"])
        settings["UserPoolTier"] = req["UserPoolTier"]
    _check_tier_change(pool, settings)
    _check_settings(settings, pool.region)
    pool.settings = settings
    pool.modified = ctx.now
    return {}


def _check_no_replicas(pool: UserPool) -> None:
    """Unconfirmed: a pool with secondaries cannot be deleted (the alternative: they go too)."""
    if pool.replicas:
        raise InvalidParameterException(
            "User pool cannot be deleted. It has replicas that should be deleted first."
        )


@operation("DeleteUserPool")
def delete_user_pool(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    if pool.settings.get("DeletionProtection") == "ACTIVE":
        raise InvalidParameterException(
            "The user pool cannot be deleted because deletion protection is activated."
            " Deletion protection must be inactivated first."
        )
    if pool.domain:
        raise InvalidParameterException(
            "User pool cannot be deleted. It has a domain configured that should be deleted first."
        )
    _check_no_replicas(pool)
    for client_id in pool.clients:
        state.client_index.pop(client_id, None)
    del state.pools[pool.pool_id]
    for event_id in [e for e, f in state.families.items() if f.pool_id == pool.pool_id]:
        del state.families[event_id]
    for token in [t for t, r in state.refresh_tokens.items() if r.event_id not in state.families]:
        del state.refresh_tokens[token]
    for session in [s for s, a in state.sessions.items() if a.pool_id == pool.pool_id]:
        del state.sessions[session]
    return {}


@operation("ListUserPools")
def list_user_pools(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Items carry only Id, Name, LambdaConfig, the dates and the Regions of replicas."""
    return respond(list(state.pools.values()), req, "ListUserPools", "UserPools", each=_summary)


def _summary(pool: UserPool) -> dict[str, Any]:
    """A UserPoolDescriptionType. Unconfirmed: ReplicaRegions lists the secondaries only, and
    only when there are some (the alternative: the primary's Region too)."""
    out: dict[str, Any] = {
        "Id": pool.pool_id,
        "Name": pool.name,
        "LambdaConfig": clone(pool.settings.get("LambdaConfig", {})),
        "LastModifiedDate": pool.modified,
        "CreationDate": pool.created,
    }
    if pool.replicas:
        out["ReplicaRegions"] = list(pool.replicas)
    return out


@operation("AddCustomAttributes")
def add_custom_attributes(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Names are given without the ``custom:`` prefix; nothing changes if one fails."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    schema = clone(pool.settings["SchemaAttributes"])
    _add_custom(schema, req["CustomAttributes"])
    pool.settings["SchemaAttributes"] = schema
    pool.modified = ctx.now
    return {}
