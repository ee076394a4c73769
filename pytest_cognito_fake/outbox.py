"""Every email and SMS the service would send, with its code, for tests to read."""

from __future__ import annotations

from collections.abc import Callable
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
    username: str  # the internal username (the sub in email/phone-username pools)
    time: float
    #: The confirmation link of a CONFIRM_WITH_LINK sign-up email.
    link: str | None = None


class Outbox(list[Message]):
    """The messages of the current test, oldest first."""

    def filter(self, where: Callable[[Message], bool] | None = None, **match: Any) -> Outbox:
        """Messages whose fields equal every keyword given (``to=``, ``purpose=``,
        ``channel=``...) and, when given, for which ``where(message)`` is true."""
        unknown = set(match) - set(Message.__dataclass_fields__)
        if unknown:
            fields = ", ".join(Message.__dataclass_fields__)
            raise TypeError(f"Message has no field {sorted(unknown)}; fields: {fields}")
        return Outbox(
            m
            for m in self
            if all(getattr(m, k) == v for k, v in match.items()) and (where is None or where(m))
        )

    def last(self, where: Callable[[Message], bool] | None = None, **match: Any) -> Message:
        """The newest message matching; LookupError says what was sent instead."""
        found = self.filter(where, **match)
        if not found:
            sent = ", ".join(f"{m.purpose} to {m.to}" for m in self) or "nothing"
            raise LookupError(f"no message matches {match}; sent: {sent}")
        return found[-1]

    def code(self, where: Callable[[Message], bool] | None = None, **match: Any) -> str:
        """The code of the newest matching message (``outbox.code(to="a@b.c")``)."""
        message = self.last(where, **match)
        if message.code is None:
            raise LookupError(f"the last {message.purpose} message to {message.to} has no code")
        return message.code
