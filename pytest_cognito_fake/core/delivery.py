"""Sending a message: render the pool's template, let the CustomMessage trigger rewrite it,
record it in the outbox."""

from __future__ import annotations

from collections.abc import Callable

from ..context import Ctx
from ..outbox import Message, outbox_of
from ..state.store import State, User, UserPool
from . import messages

#: Rewriters of outgoing messages (the CustomMessage trigger, core/trigger_events.py):
#: hook(state, pool, user, channel, purpose, code, ctx, rendered) -> a new Rendered or None.
MessageHook = Callable[
    [State, UserPool, User, str, str, "str | None", Ctx, messages.Rendered],
    "messages.Rendered | None",
]
MESSAGE_HOOKS: list[MessageHook] = []


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
    for hook in MESSAGE_HOOKS:
        rendered = hook(state, pool, user, channel, purpose, code, ctx, rendered) or rendered
    text, subject = rendered.text, rendered.subject
    outbox_of(state).append(
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
