"""The call log: every operation that reached the service over the wire, in order.

Only client calls are logged (seed helpers are not), including ones the service refused and
ones an injected fault answered, so ``len(calls("X"))`` counts botocore's retries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One call: what the client sent and what it got back."""

    operation: str
    #: The request body as validated (no None members).
    request: dict[str, Any]
    #: The response body on success, else None.
    response: dict[str, Any] | None
    #: The AWS error code (``__type``) on failure, else None.
    error: str | None
    #: Epoch seconds, as the service's clock read them.
    time: float

    @property
    def ok(self) -> bool:
        return self.error is None


class CallLog(list[Call]):
    """A list of calls with the look-ups a test needs."""

    def of(self, operation: str | None = None) -> CallLog:
        """The calls of ``operation`` (all calls for None)."""
        return CallLog(c for c in list(self) if operation is None or c.operation == operation)

    @property
    def last(self) -> Call:
        """The newest call; LookupError when there is none."""
        if not self:
            raise LookupError("no call was made")
        return self[-1]

    @property
    def failed(self) -> CallLog:
        """The calls answered with an error."""
        return CallLog(c for c in list(self) if not c.ok)

    @property
    def operations(self) -> list[str]:
        """The operation names, in order (handy in an assertion message)."""
        return [c.operation for c in self]
