"""The sign-in pipeline, built here and nowhere else: every flow, challenge and step, in the
order they run.

A sign-in starts with a flow (InitiateAuth's AuthFlow). Once the user is known,
``before_checks`` run, then the disabled / password checks of ``attempt``; after the password
(or another first factor) ``after_password`` runs in order, and the first step that answers
with a challenge pauses the sign-in until RespondToAuthChallenge answers it (``challenges``).
When no step asks for more, ``before_issue`` runs in order, then ``issue``.

The hosted UI runs the same pipeline but remembers no devices and mints no tokens: it ends
with an authenticated user and issues its own tokens at /oauth2/token.
"""

from __future__ import annotations

from dataclasses import replace

from .. import passkeys
from . import (
    attempt,
    auth_triggers,
    choice,
    custom_auth,
    events,
    mfa_challenges,
    password,
    password_srp,
    remembered_devices,
)
from .attempt import Pipeline

API = Pipeline(
    flows={
        "USER_PASSWORD_AUTH": password.password_flow,
        "ADMIN_USER_PASSWORD_AUTH": password.password_flow,
        "ADMIN_NO_SRP_AUTH": password.password_flow,
        "USER_SRP_AUTH": password_srp.srp_flow,
        "REFRESH_TOKEN_AUTH": password.refresh_flow,
        "REFRESH_TOKEN": password.refresh_flow,
        "CUSTOM_AUTH": custom_auth.start,
        "USER_AUTH": choice.user_auth_flow,
    },
    before_checks=(auth_triggers.pre_authentication,),
    after_password=(remembered_devices.device_step, mfa_challenges.mfa_step),
    # The new device first: PostAuthentication tells the trigger whether one was handed out.
    before_issue=(remembered_devices.new_device, auth_triggers.post_authentication),
    issue=attempt.issue,
    challenges={
        # USER_SRP_AUTH's, or that of a CUSTOM_AUTH started with SRP.
        "PASSWORD_VERIFIER": custom_auth.password_verifier,
        "NEW_PASSWORD_REQUIRED": password.new_password_required,
        "DEVICE_SRP_AUTH": remembered_devices.device_srp_auth,
        "DEVICE_PASSWORD_VERIFIER": remembered_devices.device_password_verifier,
        "SMS_MFA": mfa_challenges.answer_code,
        "SOFTWARE_TOKEN_MFA": mfa_challenges.answer_code,
        "EMAIL_OTP": choice.answer_email_otp,  # the USER_AUTH factor or the MFA challenge
        "SMS_OTP": choice.answer_sms_otp,
        "SELECT_MFA_TYPE": mfa_challenges.select_mfa_type,
        "MFA_SETUP": mfa_challenges.mfa_setup,
        "SELECT_CHALLENGE": choice.select_challenge,
        "WEB_AUTHN": passkeys.answer,
        "CUSTOM_CHALLENGE": custom_auth.answer,
    },
    on_event=(events.record,),
    session_finders={
        "PASSWORD_VERIFIER": password_srp.find_session,
        "DEVICE_SRP_AUTH": remembered_devices.find_device_srp_session,
        "DEVICE_PASSWORD_VERIFIER": remembered_devices.find_device_verifier_session,
    },
    decoy_answers={
        "SELECT_CHALLENGE": choice.decoy_answer,
        "EMAIL_OTP": choice.decoy_code,
        "SMS_OTP": choice.decoy_code,
        "CUSTOM_CHALLENGE": custom_auth.decoy_answer,
    },
)

#: The hosted UI's pages: no device records, and an authenticated user instead of tokens.
HOSTED_UI = replace(
    API,
    before_issue=(auth_triggers.post_authentication,),
    issue=attempt.mark_authenticated,
)
