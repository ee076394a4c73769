"""Choice-based sign-in (USER_AUTH): PREFERRED_CHALLENGE, SELECT_CHALLENGE over PASSWORD,
PASSWORD_SRP, EMAIL_OTP and SMS_OTP; GetUserAuthFactors.

``CHOICES`` is the table of first factors; passkeys (WEB_AUTHN) add their entry from their
own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..context import Ctx
from ..errors import InvalidParameterException
from ..state.store import State, User, UserPool
from . import _codes, _signin, _tokens, _users
from . import mfa as _mfa
from . import srp as srp_api
from ._registry import operation
from ._signin import CHALLENGES, FLOWS, SignIn

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


def allowed_factors(pool: UserPool) -> list[str]:
    """The pool's AllowedFirstAuthFactors (AWS's default: PASSWORD only)."""
    policy = pool.settings.get("Policies", {}).get("SignInPolicy", {})
    return list(policy.get("AllowedFirstAuthFactors", ["PASSWORD"]))


def _verified(user: User, attribute: str) -> bool:
    return bool(user.attributes.get(attribute)) and (
        user.attributes.get(f"{attribute}_verified") == "true"
    )


def _start_password(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    _signin.check_password(signin, user, _signin.require(params, "PASSWORD"))
    return _signin.after_password(signin, user)


def _start_srp(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    return srp_api.begin(signin, user.username, _signin.require(params, "SRP_A"))


def _start_otp(name: str) -> Callable[[SignIn, User, dict[str, str]], dict[str, Any]]:
    def start(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
        details = _codes.deliver(
            signin.state, signin.pool, user, "otp", OTP_CHANNEL[name], signin.ctx
        )
        signin.data["otp"] = name
        return _signin.challenge(
            signin,
            user,
            name,
            {
                "CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
                "CODE_DELIVERY_DESTINATION": details["Destination"],
            },
        )

    return start


CHOICES: dict[str, Choice] = {
    "PASSWORD": Choice("PASSWORD", lambda s, u: u.password is not None, _start_password),
    "PASSWORD_SRP": Choice("PASSWORD", lambda s, u: u.password is not None, _start_srp),
    "EMAIL_OTP": Choice("EMAIL_OTP", lambda s, u: _verified(u, "email"), _start_otp("EMAIL_OTP")),
    "SMS_OTP": Choice("SMS_OTP", lambda s, u: _verified(u, "phone_number"), _start_otp("SMS_OTP")),
}


def available(signin: SignIn, user: User) -> list[str]:
    """The first factors this user may choose on this pool, in AWS's order."""
    allowed = allowed_factors(signin.pool)
    return [
        name
        for name, choice in CHOICES.items()
        if choice.factor in allowed and choice.available(signin, user)
    ]


def _user_auth_flow(signin: SignIn) -> dict[str, Any]:
    name = _signin.require(signin.params, "USERNAME")
    user = _signin.check_user_secret_hash(signin, name)
    preferred = signin.params.get("PREFERRED_CHALLENGE")
    if user is None and preferred == "PASSWORD_SRP" and signin.params.get("SRP_A"):
        # Unknown users get the simulated SRP step under PreventUserExistenceErrors.
        return srp_api.begin(signin, name, signin.params["SRP_A"])
    user = _signin.find_user(signin, name)
    _signin.check_can_sign_in(signin, user)
    choices = available(signin, user)
    if preferred and preferred in choices:
        return CHOICES[preferred].start(signin, user, signin.params)
    signin.data["choices"] = choices
    response = _signin.challenge(signin, user, "SELECT_CHALLENGE", {})
    response["AvailableChallenges"] = choices
    return response


def _select_challenge(signin: SignIn, user: User) -> dict[str, Any]:
    answer = _signin.require(signin.params, "ANSWER")
    if answer not in signin.data.get("choices", []):
        raise InvalidParameterException(f"The challenge {answer} is not available for the user.")
    signin.data.pop("choices", None)
    return CHOICES[answer].start(signin, user, signin.params)


def _answer_otp(signin: SignIn, user: User) -> dict[str, Any]:
    name = str(signin.data.get("otp"))
    given = _signin.require(signin.params, OTP_CODE.get(name, "EMAIL_OTP_CODE"))
    _codes.check_code(
        signin.state, signin.pool, user, "otp", given, signin.ctx, mismatch_message=_mfa.MISMATCH
    )
    # A one-time code is the sign-in's proof of possession: no MFA follows it.
    signin.data["mfa_done"] = True
    return _signin.after_password(signin, user)


def _otp_or_mfa(name: str) -> Callable[[SignIn, User], dict[str, Any]]:
    """EMAIL_OTP names both the first factor (USER_AUTH) and the email MFA challenge."""
    mfa_handler = CHALLENGES.get(name)

    def answer(signin: SignIn, user: User) -> dict[str, Any]:
        if signin.data.get("otp") == name:
            return _answer_otp(signin, user)
        if mfa_handler is None:
            raise InvalidParameterException(f"{name} is not expected.")
        return mfa_handler(signin, user)

    return answer


FLOWS["USER_AUTH"] = _user_auth_flow
CHALLENGES["SELECT_CHALLENGE"] = _select_challenge
CHALLENGES["EMAIL_OTP"] = _otp_or_mfa("EMAIL_OTP")
CHALLENGES["SMS_OTP"] = _otp_or_mfa("SMS_OTP")


@operation("GetUserAuthFactors")
def get_user_auth_factors(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = _tokens.verify_access_token(state, req["AccessToken"], ctx)
    pool, user = caller.pool, caller.user
    allowed = allowed_factors(pool)
    configured = []
    if user.password is not None:
        configured.append("PASSWORD")
    for name in ("EMAIL_OTP", "SMS_OTP"):
        if name in allowed and _verified(user, OTP_CONTACT[name]):
            configured.append(name)
    for extra in AUTH_FACTOR_HOOKS:
        configured.extend(f for f in extra(pool, user) if f not in configured)
    out: dict[str, Any] = {"Username": user.username, "ConfiguredUserAuthFactors": configured}
    view = _users.mfa_members(user)
    for key in ("PreferredMfaSetting", "UserMFASettingList"):
        if key in view:
            out[key] = view[key]
    return out


#: Extra configured factors (passkeys add WEB_AUTHN): hook(pool, user) -> factor names.
AUTH_FACTOR_HOOKS: list[Callable[[UserPool, User], list[str]]] = []
