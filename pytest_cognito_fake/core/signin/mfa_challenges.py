"""MFA in sign-in: the step after the password that asks for a factor, and the challenges
SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE and MFA_SETUP."""

from __future__ import annotations

import json
from typing import Any

from ...errors import (
    InvalidParameterException,
    NotAuthorizedException,
)
from ...state.store import User
from .. import codes
from ..factors import CHANNEL, CONTACT, MISMATCH, check_totp, pool_factors, user_factors
from . import attempt
from .attempt import SignIn


def issue_factor(signin: SignIn, user: User, factor: str) -> dict[str, Any]:
    """Send the code (SMS, email) and answer with the factor's challenge."""
    signin.data.mfa = factor
    if factor == "SOFTWARE_TOKEN_MFA":
        name = user.software_token.name
        return attempt.challenge(
            signin, user, factor, {"FRIENDLY_DEVICE_NAME": name} if name else {}
        )
    details = codes.deliver(signin.state, signin.pool, user, "mfa", CHANNEL[factor], signin.ctx)
    return attempt.challenge(
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
    return bool(signin.data.device_authenticated and config.get("ChallengeRequiredOnNewDevice"))


def mfa_step(signin: SignIn, user: User) -> dict[str, Any] | None:
    """After the password: the MFA challenge the pool and the user call for, if any."""
    mode = signin.pool.settings.get("MfaConfiguration", "OFF")
    if mode == "OFF" or signin.data.mfa_done or _remembered_device_skips(signin):
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
            return attempt.challenge(
                signin, user, "MFA_SETUP", {"MFAS_CAN_SETUP": json.dumps(can_setup)}
            )
    if not factors:
        return None
    preferred = user.mfa.preferred
    if preferred in factors:
        return issue_factor(signin, user, preferred)
    if len(factors) == 1:
        return issue_factor(signin, user, factors[0])
    signin.data.mfa_choices = factors
    return attempt.challenge(
        signin, user, "SELECT_MFA_TYPE", {"MFAS_CAN_CHOOSE": json.dumps(factors)}
    )


def answer_code(signin: SignIn, user: User) -> dict[str, Any]:
    factor = signin.data.mfa
    key = {"SMS_MFA": "SMS_MFA_CODE", "EMAIL_OTP": "EMAIL_OTP_CODE"}.get(str(factor))
    if factor == "SOFTWARE_TOKEN_MFA":
        check_totp(user, attempt.require(signin.params, "SOFTWARE_TOKEN_MFA_CODE"), signin.ctx.now)
    elif key is not None:
        given = signin.params.get(key) or signin.params.get("EMAIL_MFA_CODE", "")
        if not given:
            raise InvalidParameterException(f"Missing required parameter {key}")
        codes.check_code(
            signin.state, signin.pool, user, "mfa", given, signin.ctx, mismatch_message=MISMATCH
        )
    else:
        raise NotAuthorizedException("Invalid session for the user.")
    signin.data.mfa_done = True
    return attempt.finish(signin, user)


def select_mfa_type(signin: SignIn, user: User) -> dict[str, Any]:
    """botocore documents ANSWER as SMS_MFA|EMAIL_MFA|SOFTWARE_TOKEN_MFA; EMAIL_MFA (and the
    challenge's own name, EMAIL_OTP) pick the email factor."""
    answer = attempt.require(signin.params, "ANSWER")
    factor = "EMAIL_OTP" if answer == "EMAIL_MFA" else answer
    if factor not in signin.data.mfa_choices:
        raise InvalidParameterException(f"Invalid MFA type {answer}.")
    return issue_factor(signin, user, factor)


def mfa_setup(signin: SignIn, user: User) -> dict[str, Any]:
    if not signin.data.totp_verified:
        raise InvalidParameterException(
            "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"
        )
    signin.data.mfa_done = True
    return attempt.finish(signin, user)
