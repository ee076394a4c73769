"""Sending a message: render the pool's template, let the CustomMessage trigger rewrite it,
record it in the outbox."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..outbox import Message
from ..state.store import State, User, UserPool
from . import messages, triggers


def shown_username(pool: UserPool, user: User) -> str:
    """The name a user signs in with, for ``{username}``: the email/phone in pools that use
    them as usernames, else the username."""
    for attr in pool.settings.get("UsernameAttributes", []):
        if user.attributes.get(attr):
            return user.attributes[attr]
    return user.username


def mask(destination: str, channel: str) -> str:
    """How AWS shows a destination in CodeDeliveryDetails."""
    if channel == "EMAIL":
        local, _, domain = destination.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return "+" + "*" * max(len(destination) - 5, 0) + destination[-4:]


def send(
    state: State,
    pool: UserPool,
    user: User,
    channel: str,
    purpose: str,
    code: str | None,
    ctx: Ctx,
    *,
    to: str | None = None,
    link: str | None = None,
) -> dict[str, str]:
    """Render the pool's message for ``purpose`` and record it in the outbox; return its
    CodeDeliveryDetails.

    ``code`` is the code sent (the temporary password of an invitation); ``to`` overrides the
    recipient (a new email awaiting verification); ``link`` is a CONFIRM_WITH_LINK link.
    """
    attr = "email" if channel == "EMAIL" else "phone_number"
    to = to or user.attributes.get(attr, "")
    shown = shown_username(pool, user)
    rendered = messages.render(pool.settings, purpose, channel, code, shown, link=link)
    rendered = custom_message(state, pool, user, channel, purpose, code, ctx, rendered) or rendered
    text, subject = rendered.text, rendered.subject
    state.outbox.append(
        Message(
            to=to,
            channel=channel,
            purpose=purpose,
            code=code,
            text=text,
            subject=subject,
            pool_id=pool.pool_id,
            username=user.username,
            time=ctx.now,
            link=link,
        )
    )
    return {"Destination": mask(to, channel), "DeliveryMedium": channel, "AttributeName": attr}


#: Message purpose -> CustomMessage trigger source (verify_attribute depends on the operation).
MESSAGE_SOURCES = {
    "sign_up": "CustomMessage_SignUp",
    "resend": "CustomMessage_ResendCode",
    "forgot_password": "CustomMessage_ForgotPassword",
    "invitation": "CustomMessage_AdminCreateUser",
    "mfa": "CustomMessage_Authentication",
    "otp": "CustomMessage_Authentication",
}


def _client_metadata(ctx: Ctx) -> dict[str, Any]:
    """The request's ClientMetadata for CustomMessage: every operation passes it except
    InitiateAuth / AdminInitiateAuth (their SMS MFA message goes without, per the API
    reference)."""
    if not ctx.client_metadata or ctx.operation in ("InitiateAuth", "AdminInitiateAuth"):
        return {}
    return {"clientMetadata": dict(ctx.client_metadata)}


def custom_message(
    state: State,
    pool: UserPool,
    user: User,
    channel: str,
    purpose: str,
    code: str | None,
    ctx: Ctx,
    rendered: messages.Rendered,
) -> messages.Rendered | None:
    """CustomMessage: the trigger's smsMessage / emailMessage / emailSubject replace the pool's
    template; ``{####}`` (and ``{username}``) are filled in after it returns."""
    source = MESSAGE_SOURCES.get(purpose)
    if purpose == "verify_attribute":
        verify = ctx.operation == "GetUserAttributeVerificationCode"
        source = f"CustomMessage_{'Verify' if verify else 'Update'}UserAttribute"
    if source is None:
        return None
    request: dict[str, Any] = {
        "userAttributes": triggers.event_attributes(user),
        "codeParameter": "{####}",
        "linkParameter": "{##Click Here##}",
    }
    if purpose == "invitation":
        request["usernameParameter"] = "{username}"
    request.update(_client_metadata(ctx))
    empty = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
    response = triggers.invoke(
        state,
        pool,
        ctx,
        "CustomMessage",
        source,
        user.username,
        request,
        client_id=ctx.client_id,
        response=empty,
    )
    if not response:
        return None
    text = response.get("emailMessage" if channel == "EMAIL" else "smsMessage")
    if not isinstance(text, str) or not text or (code is not None and "{####}" not in text):
        return None  # no message or no code placeholder: the pool's own message goes
    shown = shown_username(pool, user)
    fill = {"{####}": code or "", "{username}": shown}
    for placeholder, value in fill.items():
        text = text.replace(placeholder, value)
    subject = response.get("emailSubject") if channel == "EMAIL" else None
    return messages.Rendered(text, str(subject) if subject else rendered.subject, rendered.link)
