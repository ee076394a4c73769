"""The text of every message a pool sends, from its templates or AWS's default texts.

Templates use AWS's placeholders: ``{####}`` for the code (or the temporary password in the
invitation), ``{username}`` for the user name, and ``{##Verify Email##}`` (any words between
the ``##``) for the link of CONFIRM_WITH_LINK emails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

#: AWS's default texts when the pool sets no template (as the console shows them).
DEFAULT_VERIFICATION_SUBJECT = "Your verification code"
DEFAULT_VERIFICATION_MESSAGE = "Your verification code is {####}. "
DEFAULT_LINK_SUBJECT = "Your verification link"
DEFAULT_LINK_MESSAGE = (
    "Please click the link below to verify your email address. {##Verify Email##} "
)
DEFAULT_INVITATION_SUBJECT = "Your temporary password"
DEFAULT_INVITATION_MESSAGE = "Your username is {username} and temporary password is {####}. "
DEFAULT_AUTHENTICATION_MESSAGE = "Your authentication code is {####}. "
DEFAULT_AUTHENTICATION_SUBJECT = "Your sign-in code"

#: Purposes that use the pool's verification template (sign-up, resend, reset, attributes).
VERIFICATION_PURPOSES = {"sign_up", "resend", "forgot_password", "verify_attribute"}
#: Purposes of sign-in codes (MFA and passwordless OTP).
AUTHENTICATION_PURPOSES = {"mfa", "otp"}

_LINK = re.compile(r"\{##(.*?)##\}", re.DOTALL)


@dataclass(frozen=True)
class Rendered:
    text: str
    subject: str | None
    link: str | None = None


def _pick(*values: Any) -> str:
    return next(str(v) for v in values if v)


def _fill(template: str, code: str | None, username: str) -> str:
    return template.replace("{####}", code or "").replace("{username}", username)


def _verification(settings: dict[str, Any], channel: str, link: bool) -> tuple[str, str | None]:
    vmt = settings.get("VerificationMessageTemplate") or {}
    if channel == "SMS":
        return _pick(
            vmt.get("SmsMessage"),
            settings.get("SmsVerificationMessage"),
            DEFAULT_VERIFICATION_MESSAGE,
        ), None
    if link:
        return (
            _pick(vmt.get("EmailMessageByLink"), DEFAULT_LINK_MESSAGE),
            _pick(vmt.get("EmailSubjectByLink"), DEFAULT_LINK_SUBJECT),
        )
    return (
        _pick(
            vmt.get("EmailMessage"),
            settings.get("EmailVerificationMessage"),
            DEFAULT_VERIFICATION_MESSAGE,
        ),
        _pick(
            vmt.get("EmailSubject"),
            settings.get("EmailVerificationSubject"),
            DEFAULT_VERIFICATION_SUBJECT,
        ),
    )


def _invitation(settings: dict[str, Any], channel: str) -> tuple[str, str | None]:
    template = (settings.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate") or {}
    if channel == "SMS":
        return _pick(template.get("SMSMessage"), DEFAULT_INVITATION_MESSAGE), None
    return (
        _pick(template.get("EmailMessage"), DEFAULT_INVITATION_MESSAGE),
        _pick(template.get("EmailSubject"), DEFAULT_INVITATION_SUBJECT),
    )


def _authentication(settings: dict[str, Any], channel: str) -> tuple[str, str | None]:
    if channel == "SMS":
        return _pick(settings.get("SmsAuthenticationMessage"), DEFAULT_AUTHENTICATION_MESSAGE), None
    email = settings.get("EmailMfaConfiguration") or {}
    return (
        _pick(email.get("Message"), DEFAULT_AUTHENTICATION_MESSAGE),
        _pick(email.get("Subject"), DEFAULT_AUTHENTICATION_SUBJECT),
    )


def confirmation_link(base_url: str, client_id: str, username: str, code: str) -> str:
    """The link of a CONFIRM_WITH_LINK sign-up email (AWS's /confirmUser query members)."""
    query = urlencode({"client_id": client_id, "user_name": username, "confirmation_code": code})
    return f"{base_url}/confirmUser?{query}"


def render(
    settings: dict[str, Any],
    purpose: str,
    channel: str,
    code: str | None,
    username: str,
    *,
    link: str | None = None,
    fallback: tuple[str, str | None] | None = None,
) -> Rendered:
    """The message for ``purpose`` on ``channel`` from the pool ``settings``.

    ``link`` (sign-up emails of CONFIRM_WITH_LINK pools) switches to the link template;
    purposes without a pool template keep ``fallback`` (text, subject) as given.
    """
    if purpose in VERIFICATION_PURPOSES:
        template, subject = _verification(settings, channel, link is not None)
    elif purpose == "invitation":
        template, subject = _invitation(settings, channel)
    elif purpose in AUTHENTICATION_PURPOSES:
        template, subject = _authentication(settings, channel)
    elif fallback is not None:
        return Rendered(fallback[0], fallback[1])
    else:
        template, subject = "{####}", None
    text = _fill(template, code, username)
    if link is not None:
        text = _LINK.sub(lambda m: f"{m.group(1)} {link}", text)
    return Rendered(text, None if subject is None else _fill(subject, code, username), link)
