"""The user's own side, authorised by an access token: GetUser, UpdateUserAttributes,
DeleteUserAttributes, DeleteUser, ChangePassword."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..state.store import State
from . import _tokens, _users
from ._registry import operation


@operation("GetUser")
def get_user(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = _tokens.verify_access_token(state, req["AccessToken"], ctx)
    client = caller.pool.clients.get(caller.family.client_id)
    shown = _tokens.readable_attributes(client, caller.user.attributes)
    return {"Username": caller.user.username, "UserAttributes": _users.attribute_list(shown)}
