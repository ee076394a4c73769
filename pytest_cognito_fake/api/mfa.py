"""MFA: the pool's configuration, software tokens (TOTP), the user's factors and preference.
The challenges a sign-in meets after the password are in ``core/signin/mfa_challenges.py``.

A user's factors live in ``user.mfa``, the software token in ``user.software_token``, the
pool's factor configuration in ``pool.mfa_config`` (it survives UpdateUserPool, as on AWS).
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import tokens
from ..core.factors import CONTACT, FACTORS, pool_config, pool_factors
from ..core.signin import attempt
from ..crypto import totp
from ..errors import (
    EnableSoftwareTokenMFAException,
    InvalidParameterException,
    NotAuthorizedException,
    SoftwareTokenMFANotFoundException,
    UserNotConfirmedException,
)
from ..state import lookups
from ..state.store import AuthSession, SoftwareToken, State, User, UserPool
from ._registry import operation
from .pools import check_sms_configuration

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
#: The MFA factors among them (WebAuthnConfiguration is passkey settings, kept when omitted).
FACTOR_MEMBERS = CONFIG_MEMBERS[:3]
NOT_ENABLED = "Software Token MFA has not been enabled by the userPool"


# -- pool configuration --------------------------------------------------------------------


def _config_output(pool: UserPool) -> dict[str, Any]:
    config = pool_config(pool)
    out: dict[str, Any] = {
        "MfaConfiguration": pool.settings.get("MfaConfiguration", "OFF"),
        "SoftwareTokenMfaConfiguration": {"Enabled": False},
    }
    out.update({k: v for k, v in config.items() if k in CONFIG_MEMBERS})
    return out


def _check_mode(mode: str, config: dict[str, Any]) -> None:
    """MFA ON or OPTIONAL needs a factor; OFF takes none."""
    enabled = (
        "SmsMfaConfiguration" in config
        or config.get("SoftwareTokenMfaConfiguration", {}).get("Enabled")
        or "EmailMfaConfiguration" in config
    )
    if mode != "OFF" and not enabled:
        raise InvalidParameterException(
            "Invalid MFA configuration given, can't disable all MFAs with a required or optional"
            " configuration."
        )
    if mode == "OFF" and enabled:
        raise InvalidParameterException(
            "Invalid MFA configuration given, can't turn off MFA and configure an MFA together."
        )


@operation("SetUserPoolMfaConfig")
def set_user_pool_mfa_config(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The factors given replace the stored ones: an omitted factor is turned off."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    config = {k: v for k, v in pool_config(pool).items() if k not in FACTOR_MEMBERS}
    for member in CONFIG_MEMBERS:
        if member in req:
            config[member] = req[member]
    mode = req.get("MfaConfiguration", pool.settings.get("MfaConfiguration", "OFF"))
    check_sms_configuration(req.get("SmsMfaConfiguration", {}).get("SmsConfiguration"), pool.region)
    _check_mode(mode, config)
    pool.mfa_config = config
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


def set_preference(user: User, req: dict[str, Any]) -> None:
    """Apply SMSMfaSettings / SoftwareTokenMfaSettings / EmailMfaSettings to the user."""
    settings = user.mfa
    enabled = set(settings.enabled)
    preferred = settings.preferred
    for member, factor in SETTINGS_MEMBERS.items():
        if member not in req:
            continue
        entry = req[member]
        if entry.get("Enabled") or entry.get("PreferredMfa"):
            ready = (
                user.software_token.secret
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
    settings.enabled = [f for f in FACTORS if f in enabled]
    settings.preferred = preferred


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
    settings = user.mfa
    for option in options:
        if option.get("DeliveryMedium") != "SMS" or option.get("AttributeName") != "phone_number":
            raise InvalidParameterException("Only phone_number can be used for SMS MFA.")
    settings.options = [dict(o) for o in options]
    enabled = set(settings.enabled)
    if options:
        enabled.add("SMS_MFA")
    else:
        enabled.discard("SMS_MFA")
        if settings.preferred == "SMS_MFA":
            settings.preferred = None
    settings.enabled = [f for f in FACTORS if f in enabled]


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
    session.session = attempt.new_session_id()
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
    user.software_token.pending = secret
    out: dict[str, Any] = {"SecretCode": secret}
    if session is not None:
        out["Session"] = _renew(state, session)
    return out


@operation("VerifySoftwareToken")
def verify_software_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    user, session = _caller(state, req, ctx)
    token = user.software_token
    pending = token.pending
    if not pending:
        raise InvalidParameterException("User has not associated a software token.")
    step = totp.matching_step(pending, req["UserCode"], ctx.now)
    if step is None:
        raise EnableSoftwareTokenMFAException("Code mismatch and fail enable Software Token MFA")
    token.secret, token.last_step, token.pending = pending, step, None
    if req.get("FriendlyDeviceName"):
        token.name = req["FriendlyDeviceName"]
    # A verified token is a configured factor (AWS lists it in UserMFASettingList).
    settings = user.mfa
    settings.enabled = [f for f in FACTORS if f in settings.enabled or f == "SOFTWARE_TOKEN_MFA"]
    user.modified = ctx.now
    out: dict[str, Any] = {"Status": "SUCCESS"}
    if session is not None:
        session.data.totp_verified = True
        out["Session"] = _renew(state, session)
    return out


def _check_can_delete_token(user: User) -> None:
    """Unconfirmed: UserNotConfirmedException is modeled; the fake answers it for UNCONFIRMED
    users (the alternative: delete regardless of status)."""
    if user.status == "UNCONFIRMED":
        raise UserNotConfirmedException("User is not confirmed.")


@operation("AdminDeleteSoftwareToken")
def admin_delete_software_token(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The token goes, verified or pending, and TOTP leaves the user's MFA settings; SMS and
    email MFA stay. A user without a token gets ``{}`` too (unconfirmed: AWS models no
    SoftwareTokenMFANotFoundException here)."""
    user = lookups.get_user(state, req["UserPoolId"], req["Username"])
    _check_can_delete_token(user)
    user.software_token = SoftwareToken()
    settings = user.mfa
    settings.enabled = [f for f in settings.enabled if f != "SOFTWARE_TOKEN_MFA"]
    if settings.preferred == "SOFTWARE_TOKEN_MFA":
        settings.preferred = None
    user.modified = ctx.now
    return {}


# -- sign-in challenges --------------------------------------------------------------------
