"""The Lambda triggers of sign-in: PreAuthentication, PostAuthentication and
UserMigration_Authentication."""

from __future__ import annotations

from typing import Any

from ...state.store import User
from .. import trigger_events, triggers
from .attempt import SignIn


def client_metadata(signin: SignIn, *, initiate: bool) -> dict[str, Any]:
    """``clientMetadata`` for a trigger: AWS passes InitiateAuth's only to PreSignUp,
    PreAuthentication and UserMigration, RespondToAuthChallenge's to the others (docs)."""
    if not signin.client_metadata or initiate != (signin.session is None):
        return {}
    return {"clientMetadata": dict(signin.client_metadata)}


def initiate_validation_data(signin: SignIn) -> dict[str, Any]:
    """InitiateAuth's ClientMetadata as PreAuthentication and UserMigration_Authentication see
    it: ``validationData`` (the API reference of InitiateAuth / AdminInitiateAuth says so,
    the trigger pages show only validationData, and events quoted in public issues carry it
    there: localstack#4074, amplify-js#6731, amplify-android#2013), and no
    ``clientMetadata``."""
    if signin.session is not None:
        return {"validationData": {}}
    return {"validationData": dict(signin.client_metadata)}


def pre_authentication(signin: SignIn, user: User) -> None:
    request = {
        "userAttributes": triggers.event_attributes(user),
        **initiate_validation_data(signin),
    }
    triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        "PreAuthentication",
        "PreAuthentication_Authentication",
        user.username,
        request,
        client_id=signin.client.client_id,
    )


def post_authentication(signin: SignIn, user: User) -> None:
    new_device = signin.data.new_device is not None
    request = {
        "userAttributes": triggers.event_attributes(user),
        "newDeviceUsed": new_device,
        **client_metadata(signin, initiate=False),
    }
    triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        "PostAuthentication",
        "PostAuthentication_Authentication",
        user.username,
        request,
        client_id=signin.client.client_id,
    )


def migrate_user(signin: SignIn, name: str, password: str) -> User | None:
    """UserMigration_Authentication for a user the pool does not know: the trigger's
    ``userAttributes`` create it with the password typed (None when there is no trigger or it
    gives no attributes: the sign-in then fails as for any unknown user)."""
    request = {"password": password, **initiate_validation_data(signin)}
    return trigger_events.migrate(
        signin.state,
        signin.pool,
        signin.ctx,
        "UserMigration_Authentication",
        name,
        request,
        signin.client.client_id,
        password,
    )
