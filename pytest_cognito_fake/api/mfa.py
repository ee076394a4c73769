"""MFA: the pool's configuration, software tokens (TOTP), the user's factors and preference,
and the challenges a sign-in meets after the password (SMS_MFA, EMAIL_OTP,
SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP).

A user's factors live in ``user.extra["mfa"] = {"preferred": name | None, "enabled": [...],
"options": [MFAOptions...]}``; the software token in ``user.extra["totp"]``; the pool's factor
configuration in ``pool.extra["mfa"]`` (it survives UpdateUserPool, as on AWS).
"""

from __future__ import annotations

import json
from typing import Any

from ..context import Ctx
from ..core import authentication, codes, tokens
from ..core.authentication import AFTER_PASSWORD, CHALLENGES, SignIn
from ..crypto import totp
from ..errors import (
    CodeMismatchException,
    EnableSoftwareTokenMFAException,
    InvalidParameterException,
    NotAuthorizedException,
    SoftwareTokenMFANotFoundException,
)
from ..state import lookups
from ..state.store import AuthSession, State, User, UserPool
from . import devices as _devices  # noqa: F401  (device steps run before the MFA step)
from ._registry import operation

FACTORS = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")
SETTINGS_MEMBERS = {
    "SMSMfaSettings": "SMS_MFA",
    "SoftwareTokenMfaSettings": "SOFTWARE_TOKEN_MFA",
    "EmailMfaSettings": "EMAIL_OTP",
}
CONFIG_MEMBERS = (
    "SmsMfaConfiguration",
    "SoftwareTokenMfaConfiguration",
    "EmailMfaConfiguration",
    "WebAuthnConfiguration",
)
NOT_ENABLED = "Software Token MFA has not been enabled by the userPool"
MISMATCH = "Invalid code or auth state for the user."
CHANNEL = {"SMS_MFA": "SMS", "EMAIL_OTP": "EMAIL"}
CONTACT = {"SMS_MFA": "phone_number", "EMAIL_OTP": "email"}


# -- pool configuration --------------------------------------------------------------------


def pool_config(pool: UserPool) -> dict[str, Any]:
    """The pool's factor configuration; a pool created with SmsConfiguration has SMS MFA."""
    config = pool.extra.get("mfa")
    if config is not None:
        return dict(config)
    derived: dict[str, Any] = {}
    if pool.settings.get("SmsConfiguration"):
        sms: dict[str, Any] = {"SmsConfiguration": pool.settings["SmsConfiguration"]}
        if pool.settings.get("SmsAuthenticationMessage"):
            sms["SmsAuthenticationMessage"] = pool.settings["SmsAuthenticationMessage"]
        derived["SmsMfaConfiguration"] = sms
    return derived


def pool_factors(pool: UserPool) -> list[str]:
    """The factors the pool offers, in AWS's order."""
    config = pool_config(pool)
    offered = []
    if "SmsMfaConfiguration" in config:
        offered.append("SMS_MFA")
    if config.get("SoftwareTokenMfaConfiguration", {}).get("Enabled"):
        offered.append("SOFTWARE_TOKEN_MFA")
    if "EmailMfaConfiguration" in config:
        offered.append("EMAIL_OTP")
    return offered


def _config_output(pool: UserPool) -> dict[str, Any]:
    config = pool_config(pool)
    out: dict[str, Any] = {
        "MfaConfiguration": pool.settings.get("MfaConfiguration", "OFF"),
        "SoftwareTokenMfaConfiguration": {"Enabled": False},
    }
    out.update({k: v for k, v in config.items() if k in CONFIG_MEMBERS})
    return out


@operation("SetUserPoolMfaConfig")
def set_user_pool_mfa_config(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    config = pool_config(pool)
    for member in CONFIG_MEMBERS:
        if member in req:
            config[member] = req[member]
    mode = req.get("MfaConfiguration", pool.settings.get("MfaConfiguration", "OFF"))
    enabled = (
        "SmsMfaConfiguration" in config
        or config.get("SoftwareTokenMfaConfiguration", {}).get("Enabled")
        or "EmailMfaConfiguration" in config
    )
    if mode != "OFF" and not enabled:
        raise InvalidParameterException(
            "At least one MFA method must be enabled when MFA is ON or OPTIONAL."
        )
    pool.extra["mfa"] = config
    pool.settings["MfaConfiguration"] = mode
    sms = config.get("SmsMfaConfiguration", {})
    if sms.get("SmsAuthenticationMessage"):
        pool.settings["SmsAuthenticationMessage"] = sms["SmsAuthenticationMessage"]
    if sms.get("SmsConfiguration"):
        pool.settings["SmsConfiguration"] = sms["SmsConfiguration"]
    if "EmailMfaConfiguration" in config:
        # The message templates read it from the settings.
        pool.settings["EmailMfaConfiguration"] = config["EmailMfaConfiguration"]
    pool.modified = ctx.now
    return _config_output(pool)


@operation("GetUserPoolMfaConfig")
def get_user_pool_mfa_config(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _config_output(lookups.get_pool(state, req["UserPoolId"]))


# -- the user's factors --------------------------------------------------------------------


def user_mfa(user: User) -> dict[str, Any]:
    settings: dict[str, Any] = user.extra.setdefault(
        "mfa", {"preferred": None, "enabled": [], "options": []}
    )
    settings.setdefault("options", [])
    return settings


def user_factors(pool: UserPool, user: User) -> list[str]:
    """The factors the user enabled that the pool offers and the user can receive."""
    enabled = user_mfa(user)["enabled"]
    offered = pool_factors(pool)
    return [
        f
        for f in FACTORS
        if f in enabled
        and f in offered
        and (f not in CONTACT or user.attributes.get(CONTACT[f]))
        and (f != "SOFTWARE_TOKEN_MFA" or user.extra.get("totp", {}).get("secret"))
    ]


def set_preference(user: User, req: dict[str, Any]) -> None:
    """Apply SMSMfaSettings / SoftwareTokenMfaSettings / EmailMfaSettings to the user."""
    settings = user_mfa(user)
    enabled = set(settings["enabled"])
    preferred = settings["preferred"]
    for member, factor in SETTINGS_MEMBERS.items():
        if member not in req:
            continue
        entry = req[member]
        if entry.get("Enabled") or entry.get("PreferredMfa"):
            ready = (
                user.extra.get("totp", {}).get("secret")
                if factor == "SOFTWARE_TOKEN_MFA"
                else user.attributes.get(CONTACT[factor])
            )
            if not ready:
                raise InvalidParameterException(
                    f"User does not have delivery config set to turn on {factor}"
                )
        if entry.get("Enabled") is True or entry.get("PreferredMfa"):
            enabled.add(factor)
        elif entry.get("Enabled") is False:
            enabled.discard(factor)
            if preferred == factor:
                preferred = None
        if entry.get("PreferredMfa"):
            preferred = factor
        elif entry.get("PreferredMfa") is False and preferred == factor:
            preferred = None
    settings["enabled"] = [f for f in FACTORS if f in enabled]
    settings["preferred"] = preferred


@operation("SetUserMFAPreference")
def set_user_mfa_preference(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    set_preference(caller.user, req)
    caller.user.modified = ctx.now
    return {}


@operation("AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    set_preference(user, req)
    user.modified = ctx.now
    return {}


def set_options(user: User, options: list[dict[str, Any]]) -> None:
    """Legacy MFAOptions: an SMS entry turns SMS MFA on, an empty list turns it off."""
    settings = user_mfa(user)
    for option in options:
        if option.get("DeliveryMedium") != "SMS" or option.get("AttributeName") != "phone_number":
            raise InvalidParameterException("Only phone_number can be used for SMS MFA.")
    settings["options"] = [dict(o) for o in options]
    enabled = set(settings["enabled"])
    if options:
        enabled.add("SMS_MFA")
    else:
        enabled.discard("SMS_MFA")
        if settings["preferred"] == "SMS_MFA":
            settings["preferred"] = None
    settings["enabled"] = [f for f in FACTORS if f in enabled]


@operation("SetUserSettings")
def set_user_settings(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    set_options(caller.user, req["MFAOptions"])
    return {}


@operation("AdminSetUserSettings")
def admin_set_user_settings(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    set_options(user, req["MFAOptions"])
    return {}


# -- software tokens -----------------------------------------------------------------------


def _setup_session(state: State, session_id: str, ctx: Ctx) -> tuple[AuthSession, User]:
    """The MFA_SETUP sign-in a Session continues, and its user."""
    session = state.sessions.get(session_id)
    if session is None or session.challenge != "MFA_SETUP":
        raise NotAuthorizedException("Invalid session for the user.")
    if session.expires <= ctx.now:
        del state.sessions[session_id]
        raise NotAuthorizedException("Invalid session for the user, session is expired.")
    user = state.pools[session.pool_id].users.get(session.username)
    if user is None:
        raise NotAuthorizedException("Invalid session for the user.")
    return session, user


def _renew(state: State, session: AuthSession) -> str:
    """Each step of MFA setup hands out a new Session; the old one ends."""
    del state.sessions[session.session]
    session.session = authentication.new_session_id()
    state.sessions[session.session] = session
    return session.session


def _caller(state: State, req: dict[str, Any], ctx: Ctx) -> tuple[User, AuthSession | None]:
    """Who sets up a software token (by access token, or by a MFA_SETUP Session), in a pool
    that has the factor."""
    if req.get("AccessToken"):
        caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
        pool, user, session = caller.pool, caller.user, None
    elif req.get("Session"):
        session, user = _setup_session(state, req["Session"], ctx)
        pool = state.pools[session.pool_id]
    else:
        raise InvalidParameterException("Either AccessToken or Session must be provided.")
    if "SOFTWARE_TOKEN_MFA" not in pool_factors(pool):
        raise SoftwareTokenMFANotFoundException(NOT_ENABLED)
    return user, session


@operation("AssociateSoftwareToken")
def associate_software_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user, session = _caller(state, req, ctx)
    secret = totp.new_secret()
    user.extra.setdefault("totp", {})["pending"] = secret
    out: dict[str, Any] = {"SecretCode": secret}
    if session is not None:
        out["Session"] = _renew(state, session)
    return out


@operation("VerifySoftwareToken")
def verify_software_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user, session = _caller(state, req, ctx)
    token = user.extra.setdefault("totp", {})
    pending = token.get("pending")
    if not pending:
        raise InvalidParameterException("User has not associated a software token.")
    step = totp.matching_step(pending, req["UserCode"], ctx.now)
    if step is None:
        raise EnableSoftwareTokenMFAException("Code mismatch and fail enable Software Token MFA")
    token.update(secret=pending, last_step=step, pending=None)
    if req.get("FriendlyDeviceName"):
        token["name"] = req["FriendlyDeviceName"]
    # A verified token is a configured factor (AWS lists it in UserMFASettingList).
    settings = user_mfa(user)
    settings["enabled"] = [
        f for f in FACTORS if f in settings["enabled"] or f == "SOFTWARE_TOKEN_MFA"
    ]
    user.modified = ctx.now
    out: dict[str, Any] = {"Status": "SUCCESS"}
    if session is not None:
        session.data["totp_verified"] = True
        out["Session"] = _renew(state, session)
    return out


def check_totp(user: User, code: str, now: float) -> None:
    """A current code of the user's verified token, used once (AWS rejects a replay)."""
    token = user.extra.get("totp", {})
    if not token.get("secret"):
        raise SoftwareTokenMFANotFoundException("Software Token MFA does not exist for the user.")
    step = totp.matching_step(token["secret"], code, now)
    if step is None:
        raise CodeMismatchException(MISMATCH)
    if step <= token.get("last_step", -1):
        raise NotAuthorizedException("Your software token has already been used once.")
    token["last_step"] = step


# -- sign-in challenges --------------------------------------------------------------------


def issue_factor(signin: SignIn, user: User, factor: str) -> dict[str, Any]:
    """Send the code (SMS, email) and answer with the factor's challenge."""
    signin.data["mfa"] = factor
    if factor == "SOFTWARE_TOKEN_MFA":
        name = user.extra.get("totp", {}).get("name")
        return authentication.challenge(
            signin, user, factor, {"FRIENDLY_DEVICE_NAME": name} if name else {}
        )
    details = codes.deliver(signin.state, signin.pool, user, "mfa", CHANNEL[factor], signin.ctx)
    return authentication.challenge(
        signin,
        user,
        factor,
        {
            "CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
            "CODE_DELIVERY_DESTINATION": details["Destination"],
        },
    )


def _remembered_device_skips(signin: SignIn) -> bool:
    config = signin.pool.settings.get("DeviceConfiguration") or {}
    return bool(
        signin.data.get("device_authenticated") and config.get("ChallengeRequiredOnNewDevice")
    )


def mfa_step(signin: SignIn, user: User) -> dict[str, Any] | None:
    """After the password: the MFA challenge the pool and the user call for, if any."""
    mode = signin.pool.settings.get("MfaConfiguration", "OFF")
    if mode == "OFF" or signin.data.get("mfa_done") or _remembered_device_skips(signin):
        return None
    factors = user_factors(signin.pool, user)
    if not factors and mode == "ON":
        # Required MFA: SMS (then email) goes to a user who has the contact; else set up.
        offered = pool_factors(signin.pool)
        contactable: list[str] = [
            f for f in ("SMS_MFA", "EMAIL_OTP") if f in offered and user.attributes.get(CONTACT[f])
        ]
        factors = contactable[:1]
        if not factors:
            can_setup = [f for f in offered if f != "EMAIL_OTP"] or offered
            return authentication.challenge(
                signin, user, "MFA_SETUP", {"MFAS_CAN_SETUP": json.dumps(can_setup)}
            )
    if not factors:
        return None
    preferred = user_mfa(user)["preferred"]
    if preferred in factors:
        return issue_factor(signin, user, preferred)
    if len(factors) == 1:
        return issue_factor(signin, user, factors[0])
    signin.data["mfa_choices"] = factors
    return authentication.challenge(
        signin, user, "SELECT_MFA_TYPE", {"MFAS_CAN_CHOOSE": json.dumps(factors)}
    )


def _answer_code(signin: SignIn, user: User) -> dict[str, Any]:
    factor = signin.data.get("mfa")
    key = {"SMS_MFA": "SMS_MFA_CODE", "EMAIL_OTP": "EMAIL_OTP_CODE"}.get(str(factor))
    if factor == "SOFTWARE_TOKEN_MFA":
        check_totp(
            user, authentication.require(signin.params, "SOFTWARE_TOKEN_MFA_CODE"), signin.ctx.now
        )
    elif key is not None:
        given = signin.params.get(key) or signin.params.get("EMAIL_MFA_CODE", "")
        if not given:
            raise InvalidParameterException(f"Missing required parameter {key}")
        codes.check_code(
            signin.state, signin.pool, user, "mfa", given, signin.ctx, mismatch_message=MISMATCH
        )
    else:
        raise NotAuthorizedException("Invalid session for the user.")
    signin.data["mfa_done"] = True
    return authentication.finish(signin, user)


def _select_mfa_type(signin: SignIn, user: User) -> dict[str, Any]:
    """botocore documents ANSWER as SMS_MFA|EMAIL_MFA|SOFTWARE_TOKEN_MFA; EMAIL_MFA (and the
    challenge's own name, EMAIL_OTP) pick the email factor."""
    answer = authentication.require(signin.params, "ANSWER")
    factor = "EMAIL_OTP" if answer == "EMAIL_MFA" else answer
    if factor not in signin.data.get("mfa_choices", []):
        raise InvalidParameterException(f"Invalid MFA type {answer}.")
    return issue_factor(signin, user, factor)


def _mfa_setup(signin: SignIn, user: User) -> dict[str, Any]:
    if not signin.data.get("totp_verified"):
        raise InvalidParameterException(
            "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"
        )
    signin.data["mfa_done"] = True
    return authentication.finish(signin, user)


AFTER_PASSWORD.append(mfa_step)
for _factor in ("SMS_MFA", "EMAIL_OTP", "SOFTWARE_TOKEN_MFA"):
    CHALLENGES[_factor] = _answer_code
CHALLENGES["SELECT_MFA_TYPE"] = _select_mfa_type
CHALLENGES["MFA_SETUP"] = _mfa_setup
