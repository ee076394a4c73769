"""Provisioned limits: GetProvisionedLimit and UpdateProvisionedLimit, the purchased request
rate of an API category. Account-wide (no UserPoolId); the fake records the values and never
throttles because of them (TooManyRequests stays a fault-injection matter)."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..context import Ctx
from ..errors import (
    InvalidParameterException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
)
from ..state.store import State
from ._registry import operation


class Category(NamedTuple):
    free: int  # requests per second without a purchase
    adjustable: bool


#: AWS's API categories with their free rates (the Quotas page). Unconfirmed: which ones may be
#: bought up; AWS announced nine adjustable categories, the published table marks these five
#: plus the M2M one. Data, not code: flip an entry when the real answer is known.
CATEGORIES: dict[str, Category] = {
    "UserAuthentication": Category(120, True),
    "UserCreation": Category(50, True),
    "UserFederation": Category(25, True),
    "UserAccountRecovery": Category(30, False),
    "UserRead": Category(120, True),
    "UserUpdate": Category(25, False),
    "UserResourceRead": Category(50, True),
    "UserResourceUpdate": Category(25, False),
    "UserList": Category(30, False),
    "UserPoolRead": Category(15, False),
    "UserPoolUpdate": Category(15, False),
    "UserPoolResourceRead": Category(20, False),
    "UserPoolResourceUpdate": Category(15, False),
    "UserPoolClientRead": Category(15, False),
    "UserPoolClientUpdate": Category(15, False),
    "UserToken": Category(120, False),
    "ClientAuthentication": Category(150, True),
}


def account_maximum(state: State, name: str) -> int:
    """The Service Quotas ceiling of a category. Unconfirmed default: ten times the free rate
    (tests set their own with ``cognito_fake.set_service_quota``)."""
    return state.quota_maximums.get(name, CATEGORIES[name].free * 10)


def _category(definition: dict[str, Any]) -> str:
    """The category a LimitDefinition names. Unconfirmed: an unknown category answers
    ResourceNotFoundException (the alternative: InvalidParameterException)."""
    attributes = definition["Attributes"]
    if set(attributes) != {"Category"}:
        raise InvalidParameterException(
            "LimitDefinition Attributes must contain exactly one key: Category."
        )
    name = attributes["Category"]
    if name not in CATEGORIES:
        raise ResourceNotFoundException(f"Limit category {name} does not exist.")
    return str(name)


def _limit(state: State, definition: dict[str, Any], name: str) -> dict[str, Any]:
    free = CATEGORIES[name].free
    return {
        "Limit": {
            "LimitDefinition": {
                "LimitClass": definition["LimitClass"],
                "Attributes": dict(definition["Attributes"]),
            },
            "ProvisionedLimitValue": state.provisioned_limits.get(name, free),
            "FreeLimitValue": free,
        }
    }


@operation("GetProvisionedLimit")
def get_provisioned_limit(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """A category never bought up reads its free rate."""
    definition = req["LimitDefinition"]
    return _limit(state, definition, _category(definition))


def _check_managed_login(state: State, name: str) -> None:
    """The model says accounts with managed-login pools buy UserAuthentication and
    UserFederation through Service Quotas. Unconfirmed how AWS decides: the fake looks for a
    domain with ManagedLoginVersion 2 in any pool."""
    if name not in ("UserAuthentication", "UserFederation"):
        return
    for pool in state.pools.values():
        if (pool.domain or {}).get("ManagedLoginVersion") == 2:
            raise InvalidParameterException(
                f"The {name} limit of an account with managed login must be raised through"
                " Service Quotas."
            )


@operation("UpdateProvisionedLimit")
def update_provisioned_limit(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Between the free rate and the account's maximum; the free rate itself ends the
    purchase (unconfirmed)."""
    definition = req["LimitDefinition"]
    name = _category(definition)
    value = req["RequestedLimitValue"]
    if not CATEGORIES[name].adjustable:
        raise InvalidParameterException(f"The {name} limit cannot be provisioned.")
    free = CATEGORIES[name].free
    if value < free:
        raise InvalidParameterException(
            f"RequestedLimitValue must be at least the free limit of {free} for {name}."
        )
    maximum = account_maximum(state, name)
    if value > maximum:
        raise ServiceQuotaExceededException(
            f"RequestedLimitValue {value} exceeds the account's quota of {maximum} for {name}."
        )
    _check_managed_login(state, name)
    if value == free:
        state.provisioned_limits.pop(name, None)
    else:
        state.provisioned_limits[name] = value
    return _limit(state, definition, name)
