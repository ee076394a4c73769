"""Sign-out and tokens: GlobalSignOut, AdminUserGlobalSignOut, RevokeToken,
GetTokensFromRefreshToken."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..state import lookups
from ..state.store import State
from . import _tokens
from ._registry import operation


@operation("GlobalSignOut")
def global_sign_out(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = _tokens.verify_access_token(state, req["AccessToken"], ctx)
    _tokens.revoke_user(state, caller.pool.pool_id, caller.user.username)
    return {}


@operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    _tokens.revoke_user(state, req["UserPoolId"], user.username)
    return {}
