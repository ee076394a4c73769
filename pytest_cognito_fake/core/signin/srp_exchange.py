"""Shared steps of the two SRP exchanges: the password one (``srp``) and the remembered
device one (``remembered_devices``). Both keep the server's side in the session between
calls."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable

from ...crypto import srp
from ...errors import InvalidParameterException, NotAuthorizedException
from ...state.store import AppClient, SignInProgress, SrpPending, State, User
from . import attempt
from .attempt import SignIn

INCORRECT = "Incorrect username or password."
TIMESTAMP_FORMAT = "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english."
#: How far a client's TIMESTAMP may be from the server's clock (the real tolerance is unknown).
CLOCK_SKEW = 300
BLOCK_BYTES = 64


def parse_a(srp_a: str) -> None:
    """A bad SRP_A fails as a wrong password does."""
    try:
        srp.parse_a(srp_a)
    except srp.ProofError:
        raise NotAuthorizedException(INCORRECT) from None


def new_block() -> str:
    """A SECRET_BLOCK: random, echoed back by the client with its proof."""
    return base64.b64encode(secrets.token_bytes(BLOCK_BYTES)).decode()


def pending(exchange: srp.Exchange, block: str) -> SrpPending:
    """The server's side of ``exchange``, to keep in the session until the answer."""
    return SrpPending(
        block, exchange.big_a, exchange.small_b, exchange.big_b, exchange.v, exchange.salt_hex
    )


def check_timestamp(signin: SignIn, timestamp: str) -> None:
    """TIMESTAMP must have Cognito's layout and be near the server's clock."""
    try:
        when = srp.parse_timestamp(timestamp)
    except srp.ProofError:
        raise InvalidParameterException(TIMESTAMP_FORMAT) from None
    if abs(when - signin.ctx.now) > CLOCK_SKEW:
        raise NotAuthorizedException(INCORRECT)


def verify_claim(signin: SignIn, kept: SrpPending, prefix: str, identity: str) -> bool:
    """Check PASSWORD_CLAIM_SIGNATURE of the answer against the pending exchange."""
    block = attempt.require(signin.params, "PASSWORD_CLAIM_SECRET_BLOCK")
    claimed = attempt.require(signin.params, "PASSWORD_CLAIM_SIGNATURE")
    timestamp = attempt.require(signin.params, "TIMESTAMP")
    check_timestamp(signin, timestamp)
    exchange = srp.Exchange(
        prefix, identity, kept.salt, kept.v, kept.big_a, kept.small_b, kept.big_b
    )
    return block == kept.block and exchange.check(block, timestamp, claimed)


def failed(signin: SignIn, user: User) -> NotAuthorizedException:
    """A failed proof ends the exchange (a new attempt starts with a new SRP_A)."""
    if signin.session is not None:
        signin.state.sessions.pop(signin.session.session, None)
    attempt.emit(signin, user, "SignIn", "Fail")
    return NotAuthorizedException(INCORRECT)


def find_by_block(
    state: State,
    client: AppClient,
    responses: dict[str, str],
    kept: Callable[[SignInProgress], SrpPending | None],
) -> str | None:
    """The Session of the exchange whose SECRET_BLOCK the answer echoes (clients such as
    pycognito send no Session); an unknown block fails as a wrong password does."""
    block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK")
    if not block:
        return None
    for session in state.sessions.values():
        exchange = kept(session.data)
        if session.client_id == client.client_id and exchange and exchange.block == block:
            return session.session
    raise NotAuthorizedException(INCORRECT)
