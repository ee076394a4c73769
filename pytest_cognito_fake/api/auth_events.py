"""Auth events: the fake's real sign-in outcomes, listed and rated as AWS's threat protection
does.

Every outcome of a sign-in (``core/signin/events.py``) for a known user is kept
in ``user.auth_events``, newest last. AWS answers these operations only when the
pool has threat protection (UserPoolAddOns.AdvancedSecurityMode AUDIT or ENFORCED); the fake
records always, so turning the add-on on later shows earlier events too.
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core.signin.events import events_of
from ..crypto.text import same
from ..errors import (
    NotAuthorizedException,
    ResourceNotFoundException,
    UserPoolAddOnNotEnabledException,
)
from ..state import lookups
from ..state.store import State, User, UserPool
from ._paginate import respond
from ._registry import operation


def feedback_token(state: State, pool_id: str, username: str, event_id: str) -> str:
    """The FeedbackToken AWS puts in its risk notification email for one event (for tests)."""
    user = lookups.get_user(state, pool_id, username)
    return str(_event(user, event_id)["feedback_token"])


def _require_add_on(pool: UserPool) -> None:
    mode = pool.settings.get("UserPoolAddOns", {}).get("AdvancedSecurityMode", "OFF")
    if mode == "OFF":
        raise UserPoolAddOnNotEnabledException(
            "Advanced security features are not enabled for this user pool."
        )


def _event(user: User, event_id: str) -> dict[str, Any]:
    for entry in events_of(user):
        if entry["EventId"] == event_id:
            return entry
    raise ResourceNotFoundException("Auth event not found.")


def _event_type(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "feedback_token"}


def _target(state: State, req: dict[str, Any]) -> User:
    pool = lookups.get_pool(state, req["UserPoolId"])
    user = lookups.get_user(state, pool.pool_id, req["Username"])
    _require_add_on(pool)
    return user


@operation("AdminListUserAuthEvents")
def admin_list_user_auth_events(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Newest first."""
    user = _target(state, req)
    items = [_event_type(entry) for entry in reversed(events_of(user))]
    return respond(items, req, "AdminListUserAuthEvents", "AuthEvents")


def _rate(entry: dict[str, Any], value: str, provider: str, ctx: Ctx) -> None:
    entry["EventFeedback"] = {"FeedbackValue": value, "Provider": provider, "FeedbackDate": ctx.now}


@operation("AdminUpdateAuthEventFeedback")
def admin_update_auth_event_feedback(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = _target(state, req)
    _rate(_event(user, req["EventId"]), req["FeedbackValue"], "Admin", ctx)
    return {}


@operation("UpdateAuthEventFeedback")
def update_auth_event_feedback(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The user's answer to a risk notification: the token from that email proves it."""
    user = _target(state, req)
    entry = _event(user, req["EventId"])
    if not same(req["FeedbackToken"], str(entry["feedback_token"])):
        raise NotAuthorizedException("Invalid feedback token.")
    _rate(entry, req["FeedbackValue"], "User", ctx)
    return {}
