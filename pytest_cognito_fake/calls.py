"""The call log: every operation that reached the service over the wire, in order.

Only client calls are logged (seed helpers are not), including ones the service refused and
ones an injected fault answered, so ``len(calls("X"))`` counts botocore's retries. The service
keeps the newest calls only (see ``BoundedCallLog``): a standalone server runs for days.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, fields
from typing import Any

from . import model

#: What a sensitive member shows in ``repr``: pytest prints reprs in assertion messages and
#: CI logs, where passwords and tokens do not belong.
REDACTED = "*** Sensitive Data Redacted ***"


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

    def __repr__(self) -> str:
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        operation = model.operation(self.operation)
        shown["request"] = redacted(operation.input_shape, self.request)
        if self.response is not None:
            shown["response"] = redacted(operation.output_shape, self.response)
        return f"Call({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


def redacted(shape: Any, value: Any) -> Any:
    """``value`` with the members the model marks sensitive replaced by REDACTED (client ids
    stay: AWS prints them in its own messages)."""
    if shape is None:
        return value
    if shape.metadata.get("sensitive") and shape.name != "ClientIdType":
        return REDACTED
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict) and not shape.metadata.get("document"):
        members = shape.members
        return {k: redacted(members.get(k), v) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [redacted(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: redacted(shape.value, v) for k, v in value.items()}
    return value


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


class BoundedCallLog(CallLog):
    """The service's own log: the newest ``max_calls`` calls, and no more than ``max_bytes``
    of request bodies (the newest call is always kept)."""

    def __init__(self, max_calls: int = 5000, max_bytes: int = 32 * 1024 * 1024) -> None:
        super().__init__()
        self.max_calls = max_calls
        self.max_bytes = max_bytes
        self._sizes: deque[int] = deque()
        self._bytes = 0
        self._lock = threading.Lock()

    def add(self, call: Call, size: int) -> None:
        """Log ``call``, whose request body was ``size`` bytes; forget the oldest beyond the
        bounds."""
        with self._lock:
            self.append(call)
            self._sizes.append(size)
            self._bytes += size
            while len(self) > 1 and (len(self) > self.max_calls or self._bytes > self.max_bytes):
                del self[0]
                self._bytes -= self._sizes.popleft()

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._sizes.clear()
            self._bytes = 0
