"""Point-in-time recovery: rewind a pool's user data (users, attributes, passwords, MFA,
passkeys, groups and memberships) to a moment of the last day (Essentials) or two weeks
(Plus). Initiate pauses user-data writes and previews the changes; Start applies them,
Cancel drops them. The history and the pause live in ``core.recovery``."""

from __future__ import annotations

import uuid
from typing import Any

from ..context import Ctx
from ..core import recovery
from ..errors import (
    ConcurrentModificationException,
    FeatureUnavailableInTierException,
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
)
from ..state import lookups
from ..state.recovery import Restoration
from ..state.store import State, UserPool
from ._paginate import respond
from ._registry import operation

MIN_AGE = 15 * 60  # the recovery point is at least 15 minutes old
DAY = 86400
PREVIEWS_PER_DAY = 3  # per pool (AWS's quota)


def _pool(state: State, req: dict[str, Any]) -> UserPool:
    pool = lookups.get_pool(state, req["UserPoolId"])
    if pool.settings.get("UserPoolTier", "ESSENTIALS") not in recovery.WINDOWS:
        raise FeatureUnavailableInTierException(
            "Point-in-time recovery requires the ESSENTIALS or PLUS feature plan."
        )
    return pool


def _get(pool: UserPool, restore_id: str, now: float, *, read: bool = False) -> Restoration:
    for restoration in pool.recovery.restorations:
        if restoration.restore_id == restore_id:
            recovery.advance(pool, restoration, now, read=read)
            return restoration
    raise ResourceNotFoundException(f"Restoration {restore_id} does not exist.")


def _out(restoration: Restoration) -> dict[str, Any]:
    out: dict[str, Any] = {
        "RestoreId": restoration.restore_id,
        "RestoreStatus": restoration.status,
        "RestoreTimestamp": restoration.restore_timestamp,
        "TriggerTimestamp": restoration.trigger_timestamp,
    }
    if restoration.preview is not None and restoration.status != "PREVIEW_GENERATING":
        out["RestorePreview"] = [dict(item) for item in restoration.preview]
    return {"Restoration": out}


def _check_point(pool: UserPool, moment: float, now: float) -> None:
    """Unconfirmed error types and texts: InvalidParameterException for every rule about the
    recovery point (AWS documents the rules, not the errors)."""
    window = recovery.WINDOWS[pool.settings.get("UserPoolTier", "ESSENTIALS")]
    if moment > now - MIN_AGE:
        raise InvalidParameterException("The recovery point must be at least 15 minutes ago.")
    if moment < pool.created:
        raise InvalidParameterException(
            "The recovery point can't be before the user pool was created."
        )
    if moment < now - window:
        raise InvalidParameterException(
            f"The recovery point must be within the last {window // DAY} days of the feature plan."
        )


def _check_quotas(pool: UserPool, now: float) -> None:
    """Unconfirmed error types: ConcurrentModification for a recovery in progress,
    LimitExceeded for the daily quotas."""
    if recovery.active(pool, now) is not None:
        raise ConcurrentModificationException(
            "A point-in-time recovery is already in progress for this user pool."
        )
    recent = [r for r in pool.recovery.restorations if r.trigger_timestamp > now - DAY]
    if any(r.completed is not None and r.completed > now - DAY for r in pool.recovery.restorations):
        raise LimitExceededException(
            "Only one point-in-time recovery per user pool can complete in 24 hours."
        )
    if len(recent) >= PREVIEWS_PER_DAY:
        raise LimitExceededException(
            f"Only {PREVIEWS_PER_DAY} point-in-time recovery previews per user pool are allowed"
            " in 24 hours."
        )


@operation("InitiatePointInTimeRecovery")
def initiate_point_in_time_recovery(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = _pool(state, req)
    moment = float(req["RestoreTimestamp"])
    _check_point(pool, moment, ctx.now)
    _check_quotas(pool, ctx.now)
    target = recovery.as_of(pool, moment)
    restoration = Restoration(
        restore_id=str(uuid.uuid4()),
        status="PREVIEW_GENERATING",
        restore_timestamp=moment,
        trigger_timestamp=ctx.now,
        preview=recovery.preview(pool, target),
        target=target,
    )
    pool.recovery.restorations.append(restoration)
    return _out(restoration)


@operation("DescribePointInTimeRecovery")
def describe_point_in_time_recovery(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = _pool(state, req)
    return _out(_get(pool, req["RestoreId"], ctx.now, read=True))


@operation("StartPointInTimeRecovery")
def start_point_in_time_recovery(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only a generated preview starts. Unconfirmed error types: ConcurrentModification while
    the preview is still being generated, InvalidParameter in every other status."""
    pool = _pool(state, req)
    restoration = _get(pool, req["RestoreId"], ctx.now)
    if restoration.status == "PREVIEW_GENERATING":
        raise ConcurrentModificationException("The recovery preview is still being generated.")
    if restoration.status != "PREVIEW_GENERATED":
        raise InvalidParameterException(
            f"A recovery in status {restoration.status} can't be started."
        )
    recovery.restore(pool, restoration, ctx.now)
    restoration.status = "RESTORING"  # RESTORE_COMPLETED on the next read
    return _out(restoration)


@operation("CancelPointInTimeRecovery")
def cancel_point_in_time_recovery(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The preview is dropped with it (unconfirmed: it might stay readable)."""
    pool = _pool(state, req)
    restoration = _get(pool, req["RestoreId"], ctx.now)
    if restoration.status not in ("PREVIEW_GENERATING", "PREVIEW_GENERATED"):
        raise InvalidParameterException(
            f"A recovery in status {restoration.status} can't be cancelled."
        )
    restoration.status = "PREVIEW_CANCELLED"
    restoration.preview = None
    restoration.target = None
    return _out(restoration)


@operation("ListPointInTimeRecoveries")
def list_point_in_time_recoveries(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Newest first, without previews (model)."""
    pool = _pool(state, req)
    recovery.active(pool, ctx.now, read=True)  # the transitions, for every restoration
    newest_first = list(reversed(pool.recovery.restorations))
    return respond(
        newest_first,
        req,
        "ListPointInTimeRecoveries",
        "Restorations",
        each=lambda r: {
            "RestoreId": r.restore_id,
            "RestoreStatus": r.status,
            "RestoreTimestamp": r.restore_timestamp,
        },
    )
