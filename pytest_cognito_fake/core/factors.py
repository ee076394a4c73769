"""Factors: the pool's MFA configuration and first factors (AllowedFirstAuthFactors), the
user's MFA factors and software token."""

from __future__ import annotations

from typing import Any

from ..crypto import totp
from ..errors import (
    CodeMismatchException,
    ExpiredCodeException,
    SoftwareTokenMFANotFoundException,
)
from ..state.store import User, UserPool

FACTORS = ("SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP")
MISMATCH = "Invalid code or auth state for the user."
CHANNEL = {"SMS_MFA": "SMS", "EMAIL_OTP": "EMAIL"}
CONTACT = {"SMS_MFA": "phone_number", "EMAIL_OTP": "email"}


def pool_config(pool: UserPool) -> dict[str, Any]:
    """The pool's factor configuration; a pool created with SmsConfiguration has SMS MFA."""
    config = pool.mfa_config
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


def user_factors(pool: UserPool, user: User) -> list[str]:
    """The factors the user enabled that the pool offers and the user can receive."""
    enabled = user.mfa.enabled
    offered = pool_factors(pool)
    return [
        f
        for f in FACTORS
        if f in enabled
        and f in offered
        and (f not in CONTACT or user.attributes.get(CONTACT[f]))
        and (f != "SOFTWARE_TOKEN_MFA" or user.software_token.secret)
    ]


def check_totp(user: User, code: str, now: float) -> None:
    """A current code of the user's verified token, used once (AWS rejects a replay)."""
    token = user.software_token
    if not token.secret:
        raise SoftwareTokenMFANotFoundException("Software Token MFA does not exist for the user.")
    step = totp.matching_step(token.secret, code, now)
    if step is None:
        raise CodeMismatchException(MISMATCH)
    if step <= token.last_step:
        # AWS calls a replayed code expired (ExpiredCodeException), not unauthorised.
        raise ExpiredCodeException("Your software token has already been used once.")
    token.last_step = step


def allowed_first_factors(pool: UserPool) -> list[str]:
    """The pool's AllowedFirstAuthFactors (AWS's default: PASSWORD only)."""
    policy = pool.settings.get("Policies", {}).get("SignInPolicy", {})
    return list(policy.get("AllowedFirstAuthFactors", ["PASSWORD"]))
