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
from . import passwords, triggers, user_attributes, user_records


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
