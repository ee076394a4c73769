"""The user's own side, authorised by an access token: GetUser, UpdateUserAttributes,
DeleteUserAttributes, DeleteUser, ChangePassword."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import passwords, tokens, user_attributes, user_records
from ..errors import NotAuthorizedException
from ..state.store import AppClient, State, UserPool
from ._registry import operation

UNAUTHORIZED_WRITE = "A client attempted to write unauthorized attribute"


def _client(caller: tokens.Caller) -> AppClient | None:
    return caller.pool.clients.get(caller.family.client_id)


def _writable(pool: UserPool, client: AppClient | None, name: str) -> bool:
    """What the app client may write: its WriteAttributes, or by default every attribute
    except the verified flags and developer-only ones (only admins set those)."""
    if name in user_attributes.VERIFIED_FLAGS.values() or name.startswith("dev:"):
        return False
    entry = user_attributes.schema_entry(pool, name)
    if entry is not None and entry.get("DeveloperOnlyAttribute"):
        return False
    allowed = client.settings.get("WriteAttributes") if client is not None else None
    return not allowed or name in allowed


def _check_writable(pool: UserPool, client: AppClient | None, names: list[str]) -> None:
    if not all(_writable(pool, client, name) for name in names):
        raise NotAuthorizedException(UNAUTHORIZED_WRITE)


@operation("GetUser")
def get_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only what the token's app client may read; developer-only attributes never show."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    shown = tokens.readable_attributes(_client(caller), caller.user.attributes)
    shown = {k: v for k, v in shown.items() if not k.startswith("dev:")}
    return {
        "Username": caller.user.username,
        "UserAttributes": user_attributes.attribute_list(shown),
        **user_records.mfa_members(caller.user),
    }


@operation("UpdateUserAttributes")
def update_user_attributes(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """A changed auto-verified email/phone gets a code (CodeDeliveryDetailsList)."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    pool, user = caller.pool, caller.user
    changes = user_attributes.attribute_map(req["UserAttributes"])
    _check_writable(pool, _client(caller), list(changes))
    user_attributes.check_attributes(pool, changes, creating=False)
    user_attributes.check_required_kept(pool, [k for k, v in changes.items() if not v])
    sent = user_attributes.update_attributes(state, pool, user, changes, ctx)
    return {"CodeDeliveryDetailsList": sent} if sent else {}


@operation("DeleteUserAttributes")
def delete_user_attributes(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    pool, names = caller.pool, req["UserAttributeNames"]
    _check_writable(pool, _client(caller), names)
    user_attributes.check_attributes(pool, dict.fromkeys(names, ""), creating=False)
    user_attributes.check_required_kept(pool, names)
    user_attributes.update_attributes(state, pool, caller.user, dict.fromkeys(names, ""), ctx)
    return {}


@operation("DeleteUser")
def delete_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    user_records.delete_user(state, caller.pool, caller.user)
    return {}


@operation("ChangePassword")
def change_password(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """PreviousPassword may be left out only by a user who has no password (passwordless)."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    user = caller.user
    if user.password is not None and req.get("PreviousPassword") != user.password:
        raise NotAuthorizedException("Incorrect username or password.")
    passwords.check_password(caller.pool, req["ProposedPassword"])
    passwords.check_password_history(caller.pool, user, req["ProposedPassword"])
    passwords.set_password(user, req["ProposedPassword"], ctx, pool=caller.pool)
    return {}
