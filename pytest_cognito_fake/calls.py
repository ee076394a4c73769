"""The call log: every operation that reached the service over the wire, in order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    operation: str
    request: dict[str, Any]
    #: The response body on success, else None.
    response: dict[str, Any] | None
    #: The AWS error code (``__type``) on failure, else None.
    error: str | None
    time: float

    @property
    def ok(self) -> bool:
        return self.error is None


class CallLog(list[Call]):
    """A list of calls with the look-ups a test needs."""

    def of(self, operation: str | None = None) -> CallLog:
        return CallLog(c for c in self if operation is None or c.operation == operation)

    @property
    def last(self) -> Call:
        if not self:
            raise LookupError("no call was made")
        return self[-1]
