"""The password flows (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH), the refresh flow
(REFRESH_TOKEN_AUTH) and the NEW_PASSWORD_REQUIRED challenge."""

from __future__ import annotations

from typing import Any

from ...errors import InvalidParameterException, NotAuthorizedException
from ...state import lookups
from ...state.store import User
from .. import passwords, tokens, user_attributes
from . import attempt, auth_triggers
from .attempt import SignIn


def password_flow(signin: SignIn) -> dict[str, Any]:
    name = attempt.require(signin.params, "USERNAME")
    password = attempt.require(signin.params, "PASSWORD")
    attempt.check_user_secret_hash(signin, name)
    migrated = None
    if lookups.find_user(signin.pool, name) is None:
        migrated = auth_triggers.migrate_user(signin, name, password)
    user = migrated or attempt.find_user(signin, name)
    attempt.check_can_sign_in(signin, user)
    attempt.check_password(signin, user, password)
    return attempt.after_password(signin, user)


def refresh_flow(signin: SignIn) -> dict[str, Any]:
    """REFRESH_TOKEN_AUTH: new ID and access tokens, never a new refresh token."""
    token = attempt.require(signin.params, "REFRESH_TOKEN")
    if tokens.rotates(signin.client):
        # AWS docs: "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with
        # refresh token rotation enabled" (the wording of the error is the fake's).
        raise NotAuthorizedException(
            "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken."
        )
    _, family = tokens.use_refresh_token(signin.state, token, signin.client, signin.ctx)
    user = signin.pool.users[family.username]
    attempt.check_secret_hash(
        signin.client,
        signin.params.get("SECRET_HASH"),
        *attempt.user_names(signin.pool, user),
    )
    result = tokens.authentication_result(
        signin.state,
        signin.pool,
        signin.client,
        user,
        family,
        signin.ctx,
        with_refresh=False,
        source="TokenGeneration_RefreshTokens",
    )
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def _check_challenge_attributes(signin: SignIn, user: User, updates: dict[str, str]) -> None:
    """Attributes sent with a new password: writable by the client, and never one that is
    required and already set (AWS: "Cannot modify an already provided email")."""
    writable = signin.client.settings.get("WriteAttributes")
    required = {
        entry["Name"] for entry in signin.pool.settings["SchemaAttributes"] if entry.get("Required")
    }
    for name in updates:
        if (writable and name not in writable) or (
            not writable and name in user_attributes.VERIFIED_FLAGS.values()
        ):
            raise NotAuthorizedException("A client attempted to write unauthorized attribute")
        if name in required and user.attributes.get(name):
            raise NotAuthorizedException(f"Cannot modify an already provided {name}")
    user_attributes.check_attributes(signin.pool, updates, creating=False)
    merged = {**user.attributes, **updates}
    for name in sorted(required):
        if not merged.get(name):
            raise InvalidParameterException(f"Invalid attributes given, {name} is missing")


def new_password_required(signin: SignIn, user: User) -> dict[str, Any]:
    """The attributes go through the same rules as UpdateUserAttributes (un-verifying a changed
    email, sign-in and alias uniqueness, "" deletes); every check runs before any change."""
    password = attempt.require(signin.params, "NEW_PASSWORD")
    updates = {
        k.removeprefix("userAttributes."): v
        for k, v in signin.params.items()
        if k.startswith("userAttributes.")
    }
    _check_challenge_attributes(signin, user, updates)
    passwords.check_password(signin.pool, password)
    passwords.check_password_history(signin.pool, user, password)
    if updates:
        user_attributes.update_attributes(signin.state, signin.pool, user, updates, signin.ctx)
    passwords.set_password(user, password, signin.ctx, "CONFIRMED", signin.pool)
    signin.data.token_source = "TokenGeneration_NewPasswordChallenge"
    return attempt.finish(signin, user)
