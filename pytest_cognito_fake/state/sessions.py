"""The session records of session tracking, shared by token families and hosted-UI SSO
sessions (``core.sessions`` keeps them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TrackedSession:
    """A session record kept while the pool tracks sessions: a token session (``tkn…``, on
    a TokenFamily) or an SSO session (``sso…``, on a hosted-UI login session)."""

    session_id: str
    client_id: str
    created: float
    last_active: float
    device_type: str = "unknown"
    last_ip: str = ""
    #: A token session from managed login: the SSO session it came through.
    origin_id: str | None = None
