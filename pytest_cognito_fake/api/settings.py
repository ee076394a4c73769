"""Log delivery and threat-protection (risk) configuration of a pool.

Stored as given, in ``pool.log_delivery`` and ``pool.risk`` (by client id,
``""`` for the pool-wide configuration). The fake keeps and echoes them; it sends no logs and
rates no risk.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..errors import (
    FeatureUnavailableInTierException,
    InvalidParameterException,
    UserPoolAddOnNotEnabledException,
)
from ..state import lookups
from ..state.store import State, UserPool, clone
from ._registry import operation

#: The log level each event source takes (AWS: notification errors, auth-event info).
LOG_LEVELS = {"userNotification": "ERROR", "userAuthEvents": "INFO"}
DESTINATIONS = ("CloudWatchLogsConfiguration", "S3Configuration", "FirehoseConfiguration")


def _log_configuration(pool: UserPool) -> dict[str, Any]:
    return {
        "UserPoolId": pool.pool_id,
        "LogConfigurations": clone(pool.log_delivery),
    }


@operation("GetLogDeliveryConfiguration")
def get_log_delivery_configuration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"LogDeliveryConfiguration": _log_configuration(pool)}


@operation("SetLogDeliveryConfiguration")
def set_log_delivery_configuration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Replaces the whole list; auth-event logs need the Plus tier."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    seen: set[str] = set()
    for entry in req["LogConfigurations"]:
        source = entry["EventSource"]
        if source in seen:
            raise InvalidParameterException(f"Duplicate log configuration for {source}.")
        seen.add(source)
        if entry["LogLevel"] != LOG_LEVELS[source]:
            raise InvalidParameterException(
                f"LogLevel {entry['LogLevel']} is not supported for EventSource {source}."
            )
        targets = [name for name in DESTINATIONS if name in entry]
        if len(targets) != 1:
            raise InvalidParameterException(
                "Exactly one log destination must be configured for each log configuration."
            )
        if source == "userNotification" and targets[0] != "CloudWatchLogsConfiguration":
            raise InvalidParameterException(
                "userNotification logs can only be delivered to CloudWatch Logs."
            )
        if source == "userAuthEvents" and pool.settings.get("UserPoolTier") != "PLUS":
            raise FeatureUnavailableInTierException(
                "Exporting user auth events requires the PLUS feature plan."
            )
    pool.log_delivery = clone(req["LogConfigurations"])
    return {"LogDeliveryConfiguration": _log_configuration(pool)}


RISK_MEMBERS = (
    "CompromisedCredentialsRiskConfiguration",
    "AccountTakeoverRiskConfiguration",
    "RiskExceptionConfiguration",
)


def _risk(pool: UserPool) -> dict[str, dict[str, Any]]:
    risk = pool.risk
    return risk


def _risk_target(state: State, req: dict[str, Any]) -> tuple[UserPool, str]:
    """The pool and the client id a risk configuration is for ("": the pool-wide one)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    client_id = req.get("ClientId", "")
    if client_id:
        lookups.get_client(state, client_id, pool.pool_id)
    return pool, client_id


@operation("DescribeRiskConfiguration")
def describe_risk_configuration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """A client without its own configuration shows the pool-wide one (without ClientId)."""
    pool, client_id = _risk_target(state, req)
    stored = _risk(pool).get(client_id) or _risk(pool).get("")
    out: dict[str, Any] = {"UserPoolId": pool.pool_id}
    if stored is not None:
        out.update(clone(stored))
    return {"RiskConfiguration": out}


@operation("SetRiskConfiguration")
def set_risk_configuration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Needs threat protection (UserPoolAddOns.AdvancedSecurityMode AUDIT or ENFORCED)."""
    pool, client_id = _risk_target(state, req)
    mode = pool.settings.get("UserPoolAddOns", {}).get("AdvancedSecurityMode", "OFF")
    if mode == "OFF":
        raise UserPoolAddOnNotEnabledException(
            "Advanced security features are not enabled for this user pool."
        )
    takeover = req.get("AccountTakeoverRiskConfiguration")
    if takeover is not None and "NotifyConfiguration" not in takeover:
        notify = any(action.get("Notify") for action in takeover["Actions"].values())
        if notify:
            raise InvalidParameterException(
                "NotifyConfiguration is required when an action has Notify set to true."
            )
    stored: dict[str, Any] = {}
    if client_id:
        stored["ClientId"] = client_id
    stored.update({key: clone(req[key]) for key in RISK_MEMBERS if key in req})
    stored["LastModifiedDate"] = ctx.now
    _risk(pool)[client_id] = stored
    return {"RiskConfiguration": {"UserPoolId": pool.pool_id, **clone(stored)}}
