"""Where operations call the Lambda triggers of ``pytest_cognito_fake.core.triggers``: pre sign-up,
post confirmation, pre/post authentication and pre token generation.

Sign-in triggers join the pipeline through ``core.authentication`` hooks; sign-up operations
call the helpers here. A trigger runs only when the pool has one (registered or in LambdaConfig).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..context import Ctx
from ..errors import InvalidLambdaResponseException
from ..state.store import AppClient, State, TokenFamily, User, UserPool
from . import (
    authentication,
    delivery,
    messages,
    passwords,
    tokens,
    triggers,
    user_attributes,
    user_records,
)
from .authentication import SignIn
from .user_claims import groups_of, preferred_role

#: Claims a pre token generation trigger cannot add, change or remove (AWS docs).
PROTECTED_CLAIMS = {
    "acr",
    "amr",
    "aud",
    "at_hash",
    "auth_time",
    "azp",
    "client_id",
    "cognito:username",
    "event_id",
    "exp",
    "iat",
    "identities",
    "iss",
    "jti",
    "nbf",
    "nonce",
    "origin_jti",
    "sub",
    "token_use",
    "username",
}


def _extras(req: dict[str, Any]) -> dict[str, Any]:
    """validationData and clientMetadata of a request, when it has them."""
    out: dict[str, Any] = {}
    if req.get("ValidationData"):
        out["validationData"] = user_attributes.attribute_map(req["ValidationData"])
    if req.get("ClientMetadata"):
        out["clientMetadata"] = dict(req["ClientMetadata"])
    return out


def pre_sign_up(
    state: State,
    pool: UserPool,
    ctx: Ctx,
    source: str,
    username: str,
    attributes: dict[str, str],
    req: dict[str, Any],
    client_id: str | None = None,
) -> dict[str, Any]:
    """Run PreSignUp before the user exists; its response (``{}`` when there is none)."""
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "PreSignUp",
        source,
        username,
        {"userAttributes": dict(attributes), **_extras(req)},
        client_id=client_id,
        response={"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    )
    return response or {}


def auto_verify(user: User, response: dict[str, Any]) -> None:
    """autoVerifyEmail / autoVerifyPhone of a PreSignUp response, for attributes present."""
    for flag, attr in (("autoVerifyEmail", "email"), ("autoVerifyPhone", "phone_number")):
        if response.get(flag) is True and user.attributes.get(attr):
            user.attributes[f"{attr}_verified"] = "true"


def post_confirmation(
    state: State,
    pool: UserPool,
    user: User,
    ctx: Ctx,
    source: str,
    req: dict[str, Any],
    client_id: str | None = None,
) -> None:
    """PostConfirmation runs after the change is made: a failing trigger fails the call, but
    the user stays confirmed (as on AWS)."""
    request = {"userAttributes": triggers.event_attributes(user), **_extras(req)}
    triggers.invoke(
        state, pool, ctx, "PostConfirmation", source, user.username, request, client_id=client_id
    )


def client_metadata(signin: SignIn, *, initiate: bool) -> dict[str, Any]:
    """``clientMetadata`` for a trigger: AWS passes InitiateAuth's only to PreSignUp,
    PreAuthentication and UserMigration, RespondToAuthChallenge's to the others (docs)."""
    if not signin.client_metadata or initiate != (signin.session is None):
        return {}
    return {"clientMetadata": dict(signin.client_metadata)}


def _pre_authentication(signin: SignIn, user: User) -> None:
    request = {
        "userAttributes": triggers.event_attributes(user),
        "validationData": {},
        **client_metadata(signin, initiate=True),
    }
    triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        "PreAuthentication",
        "PreAuthentication_Authentication",
        user.username,
        request,
        client_id=signin.client.client_id,
    )


def _post_authentication(signin: SignIn, user: User) -> None:
    new_device = "NewDeviceMetadata" in signin.data.get("extra_result", {})
    request = {
        "userAttributes": triggers.event_attributes(user),
        "newDeviceUsed": new_device,
        **client_metadata(signin, initiate=False),
    }
    triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        "PostAuthentication",
        "PostAuthentication_Authentication",
        user.username,
        request,
        client_id=signin.client.client_id,
    )


def migrate_user(signin: SignIn, name: str, password: str) -> User | None:
    """UserMigration_Authentication for a user the pool does not know: the trigger's
    ``userAttributes`` create it with the password typed (None when there is no trigger or it
    gives no attributes: the sign-in then fails as for any unknown user)."""
    request = {"password": password, "validationData": {}}
    request.update(client_metadata(signin, initiate=True))
    return _migrate(
        signin.state,
        signin.pool,
        signin.ctx,
        "UserMigration_Authentication",
        name,
        request,
        signin.client.client_id,
        password,
    )


def migrate_for_reset(
    state: State, pool: UserPool, ctx: Ctx, req: dict[str, Any], client_id: str
) -> User | None:
    """UserMigration_ForgotPassword: the migrated user starts RESET_REQUIRED, without a
    password, and ForgotPassword goes on to send the code."""
    request = {"validationData": {}, **_extras(req)}
    source = "UserMigration_ForgotPassword"
    return _migrate(state, pool, ctx, source, req["Username"], request, client_id, None)


def _migrate(
    state: State,
    pool: UserPool,
    ctx: Ctx,
    source: str,
    name: str,
    request: dict[str, Any],
    client_id: str,
    password: str | None,
) -> User | None:
    if not triggers.is_active(state, pool, "UserMigration"):
        return None
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "UserMigration",
        source,
        name,
        request,
        client_id=client_id,
        response={"userAttributes": {}},
    )
    given = (response or {}).get("userAttributes")
    if not isinstance(given, dict) or not given:
        return None
    attributes = {
        str(k): str(v) for k, v in given.items() if k != "sub" and not k.startswith("cognito:")
    }
    status = (response or {}).get("finalUserStatus") or (
        "CONFIRMED" if password is not None else "RESET_REQUIRED"
    )
    if status not in ("CONFIRMED", "RESET_REQUIRED"):
        raise InvalidLambdaResponseException("Invalid finalUserStatus in the migration response")
    user = user_records.new_user(state, pool, name, attributes, status, ctx)
    if status == "CONFIRMED" and password is not None:
        passwords.set_password(user, password, ctx, pool=pool)
    return user


def _pre_token(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    source: str,
) -> Callable[[dict[str, Any], str], None] | None:
    """PreTokenGeneration (V1 claimsOverrideDetails; V2/V3 claimsAndScopeOverrideDetails)."""
    if not source or not triggers.is_active(state, pool, "PreTokenGeneration"):
        return None
    version = triggers.pre_token_version(pool)
    groups = groups_of(pool, user)
    roles = [g["RoleArn"] for g in groups if g.get("RoleArn")]
    request: dict[str, Any] = {
        "userAttributes": triggers.event_attributes(user),
        "groupConfiguration": {
            "groupsToOverride": [g["GroupName"] for g in groups],
            "iamRolesToOverride": list(dict.fromkeys(roles)),
            "preferredRole": preferred_role([g for g in groups if g.get("RoleArn")])
            if roles
            else None,
        },
    }
    if version != "V1_0":
        request["scopes"] = list(family.scopes)
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "PreTokenGeneration",
        source,
        user.username,
        request,
        client_id=client.client_id,
        version="1" if version == "V1_0" else version[1],
    )
    return _adjuster(response or {})


def _edit(claims: dict[str, Any], details: dict[str, Any] | None) -> None:
    """claimsToAddOrOverride, then claimsToSuppress (suppress wins), scopes for access."""
    if not details:
        return
    for name, value in (details.get("claimsToAddOrOverride") or {}).items():
        if name not in PROTECTED_CLAIMS:
            claims[name] = value
    for name in details.get("claimsToSuppress") or []:
        if name not in PROTECTED_CLAIMS:
            claims.pop(name, None)
    if "scope" in claims and (details.get("scopesToAdd") or details.get("scopesToSuppress")):
        scopes = claims["scope"].split()
        scopes += [s for s in details.get("scopesToAdd") or [] if s not in scopes]
        drop = set(details.get("scopesToSuppress") or [])
        claims["scope"] = " ".join(s for s in scopes if s not in drop)


def _override_groups(claims: dict[str, Any], override: dict[str, Any], token_use: str) -> None:
    """groupOverrideDetails replaces cognito:groups (both tokens) and the ID token's roles."""
    for claim, key, ids_only in (
        ("cognito:groups", "groupsToOverride", False),
        ("cognito:roles", "iamRolesToOverride", True),
        ("cognito:preferred_role", "preferredRole", True),
    ):
        if ids_only and token_use != "id":
            continue
        value = override.get(key)
        if value:
            claims[claim] = value
        else:
            claims.pop(claim, None)


def _adjuster(response: dict[str, Any]) -> Callable[[dict[str, Any], str], None]:
    v1 = response.get("claimsOverrideDetails") or {}
    v2 = response.get("claimsAndScopeOverrideDetails") or {}

    def adjust(claims: dict[str, Any], token_use: str) -> None:
        for details in (v1, v2):
            if "groupOverrideDetails" in details:
                _override_groups(claims, details["groupOverrideDetails"] or {}, token_use)
        if token_use == "id":
            _edit(claims, v1)
            _edit(claims, v2.get("idTokenGeneration"))
        else:
            _edit(claims, v2.get("accessTokenGeneration"))

    return adjust


#: Message purpose -> CustomMessage trigger source (verify_attribute depends on the operation).
MESSAGE_SOURCES = {
    "sign_up": "CustomMessage_SignUp",
    "resend": "CustomMessage_ResendCode",
    "forgot_password": "CustomMessage_ForgotPassword",
    "invitation": "CustomMessage_AdminCreateUser",
    "mfa": "CustomMessage_Authentication",
    "otp": "CustomMessage_Authentication",
}


def _custom_message(
    state: State,
    pool: UserPool,
    user: User,
    channel: str,
    purpose: str,
    code: str | None,
    ctx: Ctx,
    rendered: messages.Rendered,
) -> messages.Rendered | None:
    """CustomMessage: the trigger's smsMessage / emailMessage / emailSubject replace the pool's
    template; ``{####}`` (and ``{username}``) are filled in after it returns."""
    source = MESSAGE_SOURCES.get(purpose)
    if purpose == "verify_attribute":
        verify = ctx.operation == "GetUserAttributeVerificationCode"
        source = f"CustomMessage_{'Verify' if verify else 'Update'}UserAttribute"
    if source is None:
        return None
    request: dict[str, Any] = {
        "userAttributes": triggers.event_attributes(user),
        "codeParameter": "{####}",
        "linkParameter": "{##Click Here##}",
    }
    if purpose == "invitation":
        request["usernameParameter"] = "{username}"
    empty = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    response = triggers.invoke(
        state, pool, ctx, "CustomMessage", source, user.username, request, response=empty
    )
    if not response:
        return None
    text = response.get("emailMessage" if channel == "EMAIL" else "smsMessage")
    if not isinstance(text, str) or not text or (code is not None and "{####}" not in text):
        return None  # no message or no code placeholder: the pool's own message goes
    shown = delivery.shown_username(pool, user)
    fill = {"{####}": code or "", "{username}": shown}
    for placeholder, value in fill.items():
        text = text.replace(placeholder, value)
    subject = response.get("emailSubject") if channel == "EMAIL" else None
    return messages.Rendered(text, str(subject) if subject else rendered.subject, rendered.link)


authentication.BEFORE_CHECKS.append(_pre_authentication)
delivery.MESSAGE_HOOKS.append(_custom_message)
authentication.BEFORE_ISSUE.append(_post_authentication)
tokens.TOKEN_HOOKS.append(_pre_token)
