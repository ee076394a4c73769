"""Choice-based sign-in (USER_AUTH): PREFERRED_CHALLENGE, SELECT_CHALLENGE over PASSWORD,
PASSWORD_SRP, EMAIL_OTP, SMS_OTP and WEB_AUTHN (passkeys)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...crypto.text import utf8
from ...errors import CodeMismatchException, InvalidParameterException, NotAuthorizedException
from ...state.store import User
from .. import codes, delivery, passkeys
from ..factors import MISMATCH, allowed_first_factors
from . import attempt, mfa_challenges, password_srp
from .attempt import Challenge, SignIn

OTP_CODE = {"EMAIL_OTP": "EMAIL_OTP_CODE", "SMS_OTP": "SMS_OTP_CODE"}
OTP_CHANNEL = {"EMAIL_OTP": "EMAIL", "SMS_OTP": "SMS"}
OTP_CONTACT = {"EMAIL_OTP": "email", "SMS_OTP": "phone_number"}


@dataclass(frozen=True)
class Choice:
    """A first factor: the pool factor that allows it, whether this user can use it, and how
    it starts (``params`` are the AuthParameters or the SELECT_CHALLENGE answer)."""

    factor: str  # AuthFactorType in AllowedFirstAuthFactors
    available: Callable[[SignIn, User], bool]
    start: Callable[[SignIn, User, dict[str, str]], dict[str, Any]]


def verified(user: User, attribute: str) -> bool:
    return bool(user.attributes.get(attribute)) and (
        user.attributes.get(f"{attribute}_verified") == "true"
    )


def _start_password(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    attempt.check_password(signin, user, attempt.require(params, "PASSWORD"))
    return attempt.after_password(signin, user)


def _start_srp(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    return password_srp.begin(signin, user.username, attempt.require(params, "SRP_A"))


def _start_otp(name: str) -> Callable[[SignIn, User, dict[str, str]], dict[str, Any]]:
    def start(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
        details = codes.deliver(
            signin.state, signin.pool, user, "otp", OTP_CHANNEL[name], signin.ctx
        )
        signin.data.otp = name
        return attempt.challenge(
            signin,
            user,
            name,
            {
                "CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
                "CODE_DELIVERY_DESTINATION": details["Destination"],
            },
        )

    return start


def _has_password(signin: SignIn, user: User) -> bool:
    """An imported user (no password yet, RESET_REQUIRED) still signs in by password: the
    attempt answers PasswordResetRequiredException, as USER_PASSWORD_AUTH does."""
    return user.password is not None or user.status == "RESET_REQUIRED"


CHOICES: dict[str, Choice] = {
    "PASSWORD": Choice("PASSWORD", _has_password, _start_password),
    "PASSWORD_SRP": Choice("PASSWORD", _has_password, _start_srp),
    "EMAIL_OTP": Choice("EMAIL_OTP", lambda s, u: verified(u, "email"), _start_otp("EMAIL_OTP")),
    "SMS_OTP": Choice("SMS_OTP", lambda s, u: verified(u, "phone_number"), _start_otp("SMS_OTP")),
    "WEB_AUTHN": Choice("WEB_AUTHN", passkeys.has_passkey, passkeys.start),
}


def available(signin: SignIn, user: User) -> list[str]:
    """The first factors this user may choose on this pool, in AWS's order."""
    allowed = allowed_first_factors(signin.pool)
    return [
        name
        for name, choice in CHOICES.items()
        if choice.factor in allowed and choice.available(signin, user)
    ]


def user_auth_flow(signin: SignIn) -> dict[str, Any]:
    name = attempt.require(signin.params, "USERNAME")
    user = attempt.check_user_secret_hash(signin, name)
    preferred = signin.params.get("PREFERRED_CHALLENGE")
    if user is None and preferred == "PASSWORD_SRP" and signin.params.get("SRP_A"):
        # Unknown users get the simulated SRP step under PreventUserExistenceErrors.
        return password_srp.begin(signin, name, signin.params["SRP_A"])
    if user is None and signin.prevent_existence_errors and preferred != "PASSWORD":
        return _decoy_selection(signin, name)
    user = attempt.find_user(signin, name)
    attempt.check_can_sign_in(signin, user)
    choices = available(signin, user)
    if preferred and preferred in choices:
        return CHOICES[preferred].start(signin, user, signin.params)
    signin.data.choices = choices
    response = attempt.challenge(signin, user, "SELECT_CHALLENGE", {})
    response["AvailableChallenges"] = choices
    return response


def _decoy_selection(signin: SignIn, name: str) -> dict[str, Any]:
    """PreventUserExistenceErrors: an unknown user gets the SELECT_CHALLENGE a known one would
    (every first factor the pool allows), with a Session whose answers fail as a wrong password
    does (the answer is handled by :func:`decoy_answer`)."""
    attempt.emit(signin, None, "SignIn", "Fail")
    allowed = allowed_first_factors(signin.pool)
    choices = [choice for choice, entry in CHOICES.items() if entry.factor in allowed]
    signin.data.choices = choices
    decoy = decoy_user(signin, name)
    preferred = signin.params.get("PREFERRED_CHALLENGE", "")
    if preferred in OTP_CHANNEL and preferred in choices:
        signin.data.otp = preferred
        return attempt.challenge(signin, decoy, preferred, _decoy_delivery(preferred, name))
    response = attempt.challenge(signin, decoy, "SELECT_CHALLENGE", {})
    response["AvailableChallenges"] = choices
    return response


def decoy_user(signin: SignIn, name: str) -> User:
    """The stand-in for an unknown user under PreventUserExistenceErrors (never stored): its
    Session answers through the pipeline's ``decoy_answers``."""
    shown = name
    if signin.pool.settings.get("UsernameAttributes"):  # known users show their internal id
        shown = password_srp.fake_identity(signin.pool, name)[0]
    signin.data.unknown_user = name
    now = signin.ctx.now
    return User(shown, "", {}, status="", enabled=False, created=now, modified=now)


def _decoy_delivery(name: str, username: str) -> dict[str, str]:
    """A plausible, stable masked destination for a code that is never sent."""
    channel = OTP_CHANNEL[name]
    if channel == "EMAIL":
        address = username if "@" in username else f"{username}@example.com"
    else:
        digits = int(hashlib.sha256(utf8(username)).hexdigest(), 16) % 10**10
        address = username if username[:1] == "+" else f"+1{digits:010d}"
    return {
        "CODE_DELIVERY_DELIVERY_MEDIUM": channel,
        "CODE_DELIVERY_DESTINATION": delivery.mask(address, channel),
    }


def decoy_code(signin: SignIn) -> dict[str, Any]:
    """A code answered for an unknown user is wrong, as a mistyped one would be."""
    attempt.require(signin.params, OTP_CODE[str(signin.data.otp)])
    raise CodeMismatchException(MISMATCH)


def decoy_answer(signin: SignIn) -> dict[str, Any]:
    """The answer to a decoy SELECT_CHALLENGE: an unavailable choice is refused as for a known
    user, PASSWORD_SRP gets the simulated SRP step, anything else a wrong-password error."""
    answer = attempt.require(signin.params, "ANSWER")
    if answer not in signin.data.choices:
        raise InvalidParameterException(f"The challenge {answer} is not available for the user.")
    if answer == "PASSWORD_SRP":
        name = str(signin.data.unknown_user)
        step = password_srp.begin(signin, name, attempt.require(signin.params, "SRP_A"))
        if signin.session is not None:  # a new challenge ends the old Session, as for a known user
            attempt.spend(signin.state, signin.session.session)
        return step
    raise NotAuthorizedException("Incorrect username or password.")


def select_challenge(signin: SignIn, user: User) -> dict[str, Any]:
    answer = attempt.require(signin.params, "ANSWER")
    if answer not in signin.data.choices:
        raise InvalidParameterException(f"The challenge {answer} is not available for the user.")
    signin.data.choices = []
    return CHOICES[answer].start(signin, user, signin.params)


def _answer_otp(signin: SignIn, user: User) -> dict[str, Any]:
    name = str(signin.data.otp)
    given = attempt.require(signin.params, OTP_CODE.get(name, "EMAIL_OTP_CODE"))
    codes.check_code(
        signin.state, signin.pool, user, "otp", given, signin.ctx, mismatch_message=MISMATCH
    )
    # A one-time code is the sign-in's proof of possession: no MFA follows it.
    signin.data.mfa_done = True
    return attempt.after_password(signin, user)


def _otp_or_mfa(name: str, mfa_answer: Challenge | None) -> Challenge:
    """EMAIL_OTP names both the first factor (USER_AUTH) and the email MFA challenge."""

    def answer(signin: SignIn, user: User) -> dict[str, Any]:
        if signin.data.otp == name:
            return _answer_otp(signin, user)
        if mfa_answer is None:
            raise InvalidParameterException(f"{name} is not expected.")
        return mfa_answer(signin, user)

    return answer


answer_email_otp = _otp_or_mfa("EMAIL_OTP", mfa_challenges.answer_code)
answer_sms_otp = _otp_or_mfa("SMS_OTP", None)
