"""The outcome of every sign-in, kept on the user as the auth events that
AdminListUserAuthEvents lists (the user's history, newest last)."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from ...state.store import User
from .attempt import SignIn

EVENT_TYPES = {"SignIn", "SignUp", "ForgotPassword", "PasswordChange", "ResendCode"}
#: The first factor a flow checks, as AWS names it in ChallengeResponses.
FIRST_CHALLENGE = "Password"


def events_of(user: User) -> list[dict[str, Any]]:
    return user.auth_events


def record(signin: SignIn, user: User | None, event: str, outcome: str) -> None:
    """Keep the outcome on the user (unknown users have no history)."""
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
    events_of(user).append(entry)


def _challenge_responses(signin: SignIn, outcome: str) -> list[dict[str, str]]:
    """The first factor's result, and the MFA step's when the sign-in went through one."""
    result = "Success" if outcome == "Pass" else "Failure"
    if signin.data.mfa is None:
        return [{"ChallengeName": FIRST_CHALLENGE, "ChallengeResponse": result}]
    return [
        {"ChallengeName": FIRST_CHALLENGE, "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": result},
    ]
