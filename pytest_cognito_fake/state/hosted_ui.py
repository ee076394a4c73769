"""What the hosted UI keeps: session cookies, authorization codes, sign-up tickets, and the
federated sign-ins waiting for the IdP. Nowhere near the token families, on purpose:
GlobalSignOut revokes families and leaves these alone, as AWS does."""

from __future__ import annotations

from dataclasses import dataclass, field

from .sessions import TrackedSession


@dataclass
class LoginSession:
    """What the ``cognito`` cookie stands for: one hosted-UI sign-in of a user in a pool."""

    cookie: str
    pool_id: str
    username: str
    sub: str
    auth_time: int
    expires: float
    #: Its SSO session record, when the pool tracked sessions as the cookie was set.
    session: TrackedSession | None = None


@dataclass
class AuthorizationCode:
    """An authorization code and everything the token endpoint must check it against."""

    code: str
    pool_id: str
    client_id: str
    redirect_uri: str
    username: str
    sub: str
    auth_time: int
    scopes: list[str]
    expires: float
    challenge: str | None = None
    nonce: str | None = None
    #: RFC 8707 ``resource`` of the authorize request: the access tokens' ``aud``.
    resource: str | None = None
    #: The SSO session the code came through (the token session's OriginSessionId).
    sso_session_id: str | None = None


@dataclass
class SignUpTicket:
    """What the ``cognito-signup`` cookie stands for: this browser signed ``sub`` up, so
    confirming the account signs it in, as AWS's pages do after /confirmUser."""

    ticket: str
    pool_id: str
    sub: str
    expires: float


@dataclass
class Pending:
    """An authorize request waiting for the browser to come back from the IdP."""

    token: str
    pool_id: str
    provider: str
    query: dict[str, str]
    prefix: str
    expires: float


@dataclass
class IdpCode:
    """A code the fake IdP handed back, for the claims it stands for."""

    provider: str
    claims: dict[str, str]
    expires: float


@dataclass
class HostedUIState:
    sessions: dict[str, LoginSession] = field(default_factory=dict)  # by cookie
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)
    sign_up_tickets: dict[str, SignUpTicket] = field(default_factory=dict)
    federation: dict[str, Pending] = field(default_factory=dict)  # by state token
    idp_codes: dict[str, IdpCode] = field(default_factory=dict)
