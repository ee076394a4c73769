"""Every email and SMS the service would send, with its code, for tests to read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Message:
    """One message the service "sent"."""

    to: str  # email address or phone number
    channel: str  # "EMAIL" or "SMS"
    purpose: str  # "invitation", "sign_up", "forgot_password", "verify_attribute", "mfa", ...
    code: str | None
    text: str
    subject: str | None
    pool_id: str
    username: str
    time: float


class Outbox(list[Message]):
    """The messages of the current test, oldest first."""

    def filter(self, **match: Any) -> Outbox:
        """Messages whose fields equal every keyword given (``to=``, ``purpose=``...)."""
        return Outbox(m for m in self if all(getattr(m, k) == v for k, v in match.items()))

    def last(self, **match: Any) -> Message:
        """The newest message matching ``match``; LookupError says what was sent instead."""
        found = self.filter(**match)
        if not found:
            sent = ", ".join(f"{m.purpose} to {m.to}" for m in self) or "nothing"
            raise LookupError(f"no message matches {match}; sent: {sent}")
        return found[-1]


def outbox_of(state: Any) -> Outbox:
    box = state.extra.get("outbox")
    if box is None:
        box = state.extra["outbox"] = Outbox()
    return box
