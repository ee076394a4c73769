"""The Lambda triggers of sign-up and account recovery: PreSignUp, PostConfirmation and
UserMigration (``core/triggers.py`` invokes them). Those of sign-in are in
``signin/auth_triggers.py``, pre token generation in ``pre_token.py``, CustomMessage in
``delivery.py``. A trigger runs only when the pool has one (registered or in LambdaConfig).
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..errors import InvalidLambdaResponseException
from ..state.store import State, User, UserPool
from . import delivery, factors, passwords, triggers, user_attributes, user_records


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


#: PreSignUp response flag -> the attribute it verifies.
AUTO_VERIFY = {"autoVerifyEmail": "email", "autoVerifyPhone": "phone_number"}


def check_sign_up_response(response: dict[str, Any], attributes: dict[str, str]) -> None:
    """A SignUp's PreSignUp response AWS refuses: autoVerify* without autoConfirmUser (AWS's
    message, quoted in aws/aws-sdk-java#1049), or for an attribute the user lacks (the
    developer guide: "an error will occur"). Both exception types and the second message
    are unconfirmed."""
    flags = [flag for flag in AUTO_VERIFY if response.get(flag) is True]
    if flags and response.get("autoConfirmUser") is not True:
        raise InvalidLambdaResponseException(
            "Phone or email cannot be auto verified, when user is not being auto confirmed."
        )
    for flag in flags:
        if not attributes.get(AUTO_VERIFY[flag]):
            raise InvalidLambdaResponseException(
                f"Invalid lambda response received: {flag} is set but the user has no"
                f" {AUTO_VERIFY[flag]}."
            )


def auto_verify(user: User, response: dict[str, Any]) -> None:
    """autoVerifyEmail / autoVerifyPhone of a PreSignUp response (checked beforehand)."""
    for flag, attr in AUTO_VERIFY.items():
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


def migrate_for_reset(
    state: State, pool: UserPool, ctx: Ctx, req: dict[str, Any], client_id: str
) -> User | None:
    """UserMigration_ForgotPassword: the migrated user starts RESET_REQUIRED, without a
    password, and ForgotPassword goes on to send the code."""
    request = {"validationData": {}, **_extras(req)}
    source = "UserMigration_ForgotPassword"
    return migrate(state, pool, ctx, source, req["Username"], request, client_id, None)


def migrate(
    state: State,
    pool: UserPool,
    ctx: Ctx,
    source: str,
    name: str,
    request: dict[str, Any],
    client_id: str,
    password: str | None,
) -> User | None:
    if not triggers.is_active(ctx, pool, "UserMigration"):
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
    response = response or {}
    given = response.get("userAttributes")
    if not isinstance(given, dict) or not given:
        return None
    attributes = {
        str(k): str(v) for k, v in given.items() if k != "sub" and not k.startswith("cognito:")
    }
    status = response.get("finalUserStatus") or (
        "CONFIRMED" if password is not None else "RESET_REQUIRED"
    )
    if status not in ("CONFIRMED", "RESET_REQUIRED"):
        raise InvalidLambdaResponseException("Invalid finalUserStatus in the migration response")
    if response.get("enableSMSMFA") is True and not attributes.get("phone_number"):
        # The developer guide: without a phone number "the migration of that user will fail"
        # (exception and message unconfirmed).
        raise InvalidLambdaResponseException(
            "Invalid lambda response received: enableSMSMFA is set but the user has no"
            " phone_number."
        )
    user = user_records.new_user(state, pool, name, attributes, status, ctx)
    if status == "CONFIRMED" and password is not None:
        passwords.set_password(user, password, ctx, pool=pool)
    if response.get("enableSMSMFA") is True:
        enabled = {*user.mfa.enabled, "SMS_MFA"}
        user.mfa.enabled = [f for f in factors.FACTORS if f in enabled]
    _welcome(state, pool, user, response, ctx)
    return user


def _welcome(state: State, pool: UserPool, user: User, response: dict[str, Any], ctx: Ctx) -> None:
    """A migrated user gets the welcome message unless ``messageAction`` is SUPPRESS, on
    ``desiredDeliveryMediums`` (default SMS), as AdminCreateUser's invitation; which template
    AWS uses for it is unconfirmed (the invitation's, here, with no temporary password)."""
    if response.get("messageAction") == "SUPPRESS":
        return
    mediums = response.get("desiredDeliveryMediums") or ["SMS"]
    for medium in mediums if isinstance(mediums, list) else []:
        attr = "email" if medium == "EMAIL" else "phone_number"
        if user.attributes.get(attr):
            delivery.send(state, pool, user, medium, "invitation", None, ctx)
