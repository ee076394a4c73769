"""A request signed for a Region where a pool has a replica meets the secondary: what AWS
documents as unavailable there answers OperationNotEnabledException, and an INACTIVE secondary
serves admin (signed) operations only.

The fake keeps one copy of the pool, so reads and sign-ins in a secondary see the primary's
data at once (AWS replicates eventually)."""

from __future__ import annotations

import base64
import json
from typing import Any

from .. import model
from ..context import Ctx
from ..errors import OperationNotEnabledException
from ..state.store import Replica, State, UserPool

#: What AWS documents as unavailable in a secondary: creating users, password resets, profile
#: changes, TOTP, managing replicas and point-in-time recovery (only from the primary).
#: Unconfirmed which other operations AWS refuses there; extend this set when known.
PRIMARY_ONLY = frozenset(
    {
        "SignUp",
        "AdminCreateUser",
        "ForgotPassword",
        "ConfirmForgotPassword",
        "AdminResetUserPassword",
        "UpdateUserAttributes",
        "AdminUpdateUserAttributes",
        "DeleteUserAttributes",
        "AdminDeleteUserAttributes",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "AdminDeleteSoftwareToken",
        "CreateUserPoolReplica",
        "DeleteUserPoolReplica",
        "InitiatePointInTimeRecovery",
        "StartPointInTimeRecovery",
    }
)
NOT_IN_SECONDARY = "This operation is not enabled in a secondary Region of the user pool."
INACTIVE = "The user pool replica in this Region is INACTIVE: only admin operations are enabled."


def replica_of(pool: UserPool, ctx: Ctx) -> Replica | None:
    """The secondary a request reaches: the one in the Region its signature names."""
    if ctx.region == pool.region:
        return None
    return pool.replicas.get(ctx.region)


def require_primary(pool: UserPool, ctx: Ctx) -> None:
    if replica_of(pool, ctx) is not None:
        raise OperationNotEnabledException(NOT_IN_SECONDARY)


def _token_pool(token: str) -> str | None:
    """The pool id in an access token's ``iss`` (read unverified: the operation verifies)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims["iss"]).rstrip("/").rsplit("/", 1)[-1]
    except (IndexError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _pool_of(state: State, request: dict[str, Any]) -> UserPool | None:
    pool_id: str | None = request.get("UserPoolId")
    if pool_id is None and "ClientId" in request:
        pool_id = state.client_index.get(request["ClientId"])
    if pool_id is None and "Session" in request:
        session = state.sessions.get(request["Session"])
        pool_id = session.pool_id if session is not None else None
    if pool_id is None and isinstance(request.get("AccessToken"), str):
        pool_id = _token_pool(request["AccessToken"])
    return state.pools.get(pool_id) if isinstance(pool_id, str) else None


def check(state: State, operation: str, request: dict[str, Any], ctx: Ctx) -> None:
    """Refuse ``operation`` when the request reaches a secondary that cannot serve it."""
    if not state.pools:
        return
    pool = _pool_of(state, request)
    if pool is None or not pool.replicas:
        return
    replica = replica_of(pool, ctx)
    if replica is None:
        return
    if operation in PRIMARY_ONLY:
        raise OperationNotEnabledException(NOT_IN_SECONDARY)
    if replica.status != "ACTIVE" and not model.is_signed(operation):
        raise OperationNotEnabledException(INACTIVE)
