"""Auth events: the fake's real sign-in outcomes, listed and rated as AWS's threat protection
does.

Every outcome the sign-in pipeline emits (``authentication.EVENT_HOOKS``) for a known user is kept
in ``user.extra["auth_events"]``, newest last. AWS answers these operations only when the
pool has threat protection (UserPoolAddOns.AdvancedSecurityMode AUDIT or ENFORCED); the fake
records always, so turning the add-on on later shows earlier events too.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from ..context import Ctx
from ..core import authentication
from ..errors import (
    NotAuthorizedException,
    ResourceNotFoundException,
    UserPoolAddOnNotEnabledException,
)
from ..state import lookups
from ..state.store import State, User, UserPool
from ._paginate import respond
from ._registry import operation

EVENT_TYPES = {"SignIn", "SignUp", "ForgotPassword", "PasswordChange", "ResendCode"}
#: The first factor a flow checks, as AWS names it in ChallengeResponses.
FIRST_CHALLENGE = "Password"


def _events(user: User) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = user.extra.setdefault("auth_events", [])
    return events


def record(signin: authentication.SignIn, user: User | None, event: str, outcome: str) -> None:
    """An EVENT_HOOK: keep the outcome on the user (unknown users have no history)."""
    if user is None or event not in EVENT_TYPES:
        return
    entry: dict[str, Any] = {
        "EventId": str(uuid.uuid4()),
        "EventType": event,
        "CreationDate": signin.ctx.now,
        "EventResponse": outcome,
        "EventRisk": {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False},
        "ChallengeResponses": _challenge_responses(signin, outcome),
        "EventContextData": {"IpAddress": signin.ctx.source_ip},
        "feedback_token": secrets.token_urlsafe(32),
    }
    _events(user).append(entry)


def _challenge_responses(signin: authentication.SignIn, outcome: str) -> list[dict[str, str]]:
    """The first factor's result, and the MFA step's when the sign-in went through one."""
    result = "Success" if outcome == "Pass" else "Failure"
    if "mfa" not in signin.data:
        return [{"ChallengeName": FIRST_CHALLENGE, "ChallengeResponse": result}]
    return [
        {"ChallengeName": FIRST_CHALLENGE, "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": result},
    ]


authentication.EVENT_HOOKS.append(record)


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
    for entry in _events(user):
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
    items = [_event_type(entry) for entry in reversed(_events(user))]
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
    if not secrets.compare_digest(str(entry["feedback_token"]), req["FeedbackToken"]):
        raise NotAuthorizedException("Invalid feedback token.")
    _rate(entry, req["FeedbackValue"], "User", ctx)
    return {}
