"""The only place that reads the wall clock.

``time.time`` is looked up on every call (never stored), so freezegun and time-machine move
tokens, codes, cookies and sessions together, in the server thread too.
"""

from __future__ import annotations

import time


def now() -> float:
    """Current time as epoch seconds."""
    return time.time()


def monotonic() -> float:
    """Seconds on a monotonic clock, for measuring how long a call took (never shown to a
    client: expiry always uses ``now()``)."""
    return time.monotonic()
