"""One-time codes: issuing (random, 6 digits), delivering through the outbox, checking
(single use, expiry, attempt limit).

A user's live codes sit in ``user.codes[key]`` (a ``Code``); ``key`` is the purpose, or
``verify:<attribute>`` for attribute verification
(so a code for the email does not verify the phone). Issuing a code replaces the previous
one of the same key, as AWS's resend does.
"""

from __future__ import annotations

from ..context import Ctx
from ..crypto.text import same
from ..errors import CodeMismatchException, ExpiredCodeException, LimitExceededException
from ..state.store import Code, State, User, UserPool
from . import delivery, ids, messages

#: Lifetimes in seconds (AWS docs: sign-up and attribute verification 24 h, password reset
#: 1 h, MFA and sign-in OTP 3 minutes).
TTL = {
    "sign_up": 24 * 3600,
    "resend": 24 * 3600,
    "verify_attribute": 24 * 3600,
    "forgot_password": 3600,
    "mfa": 180,
    "otp": 180,
}
#: Wrong codes accepted before the code locks (AWS publishes no number; 5 is the fake's).
MAX_FAILURES = 5

MISMATCH = "Invalid verification code provided, please try again."
EXPIRED = "Invalid code provided, please request a code again."
LIMIT = "Attempt limit exceeded, please try after some time."

ATTRIBUTE_OF = {"EMAIL": "email", "SMS": "phone_number"}
CHANNEL_OF = {"email": "EMAIL", "phone_number": "SMS"}


def code_key(purpose: str, attribute: str | None = None) -> str:
    """Where a code lives in ``user.codes``: sign-up and resend share one slot."""
    if purpose == "verify_attribute":
        return f"verify:{attribute}"
    return "sign_up" if purpose == "resend" else purpose


def check_code(
    state: State,
    pool: UserPool,
    user: User,
    purpose: str,
    given: str,
    ctx: Ctx,
    *,
    attribute: str | None = None,
    consume: bool = True,
    mismatch_message: str = MISMATCH,
) -> Code:
    """Accept ``given`` for the user's live code of ``purpose`` or raise AWS's error.

    No code, a used one or an expired one: ExpiredCodeException; a wrong one:
    CodeMismatchException (``mismatch_message``); after MAX_FAILURES wrong ones the code is
    dead and every try answers LimitExceededException until a new code is issued.
    Returns the code's record (its ``channel`` says where it was sent); with ``consume``
    (the default) the code cannot be used again.
    """
    key = code_key(purpose, attribute)
    entry = user.codes.get(key)
    if entry is None:
        raise ExpiredCodeException(EXPIRED)
    if entry.failures >= MAX_FAILURES:
        raise LimitExceededException(LIMIT)
    if entry.expires <= ctx.now:
        raise ExpiredCodeException(EXPIRED)
    if not same(given, entry.code):
        entry.failures += 1
        raise CodeMismatchException(mismatch_message)
    if consume:
        del user.codes[key]
    return entry


def discard(user: User, purpose: str, attribute: str | None = None) -> None:
    """Forget a live code (the attribute it verifies changed, the user was confirmed...)."""
    user.codes.pop(code_key(purpose, attribute), None)


def deliver(
    state: State,
    pool: UserPool,
    user: User,
    purpose: str,
    channel: str,
    ctx: Ctx,
    *,
    ttl: float | None = None,
    attribute: str | None = None,
    to: str | None = None,
    client_id: str | None = None,
) -> dict[str, str]:
    """Issue a code, render the pool's message and record it in the outbox.

    Returns the CodeDeliveryDetails. ``ttl`` defaults to AWS's lifetime for the purpose;
    ``attribute`` to the channel's (EMAIL: email, SMS: phone_number). ``to`` overrides the
    recipient (a pending new email); ``client_id`` makes CONFIRM_WITH_LINK pools send a link
    with sign-up codes.
    """
    attribute = attribute or ATTRIBUTE_OF[channel]
    code = ids.code(6)
    # A fresh code replaces the user's previous one of the same key (as AWS's resend does);
    # ``value`` is the new address a verification puts in place.
    user.codes[code_key(purpose, attribute)] = Code(
        code=code,
        expires=ctx.now + (TTL.get(purpose, 180) if ttl is None else ttl),
        channel=channel,
        value=to or None,
    )
    vmt = pool.settings.get("VerificationMessageTemplate") or {}
    link = None
    if (
        purpose in ("sign_up", "resend")
        and channel == "EMAIL"
        and client_id is not None
        and vmt.get("DefaultEmailOption") == "CONFIRM_WITH_LINK"
    ):
        link = messages.confirmation_link(ctx.base_url, client_id, user.username, code)
    details = delivery.send(state, pool, user, channel, purpose, code, ctx, to=to, link=link)
    details["AttributeName"] = attribute
    return details


def channels_to_verify(pool: UserPool, user: User) -> list[str]:
    """The attributes a sign-up code goes to: AutoVerifiedAttributes the user has, unverified.

    AWS sends one code: to the phone when both are auto-verified (SMS first), else the email.
    """
    auto = pool.settings.get("AutoVerifiedAttributes", [])
    wanted = [
        attr
        for attr in ("phone_number", "email")
        if attr in auto
        and user.attributes.get(attr)
        and user.attributes.get(f"{attr}_verified") != "true"
    ]
    return wanted[:1]
