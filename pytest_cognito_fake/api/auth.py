"""Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
AdminRespondToAuthChallenge; the password and refresh flows; NEW_PASSWORD_REQUIRED."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import authentication, passwords, tokens, trigger_events, user_attributes
from ..core.authentication import CHALLENGES, FLOWS, SignIn
from ..errors import InvalidParameterException, NotAuthorizedException
from ..state import lookups
from ..state.store import AppClient, State, User, UserPool
from ._registry import operation


def _pool_and_client(state: State, req: dict[str, Any], admin: bool) -> tuple[UserPool, AppClient]:
    if admin:
        pool = lookups.get_pool(state, req["UserPoolId"])
        return pool, lookups.get_client(state, req["ClientId"], pool.pool_id)
    client = lookups.get_client(state, req["ClientId"])
    return state.pools[client.pool_id], client


def _initiate(state: State, req: dict[str, Any], ctx: Ctx, admin: bool) -> dict[str, Any]:
    pool, client = _pool_and_client(state, req, admin)
    flow = req["AuthFlow"]
    if flow in (authentication.CLIENT_ONLY if admin else authentication.ADMIN_ONLY):
        raise InvalidParameterException("Initiate Auth method not supported.")
    handler = FLOWS.get(flow)
    if handler is None:
        raise InvalidParameterException(f"{flow} is not supported by this fake yet.")
    authentication.check_flow_allowed(client, flow)
    signin = SignIn(state, pool, client, ctx, dict(req.get("AuthParameters", {})), admin, flow)
    signin.client_metadata = dict(req.get("ClientMetadata", {}))
    return handler(signin)


@operation("InitiateAuth")
def initiate_auth(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _initiate(state, req, ctx, admin=False)


@operation("AdminInitiateAuth")
def admin_initiate_auth(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _initiate(state, req, ctx, admin=True)


def _password_flow(signin: SignIn) -> dict[str, Any]:
    name = authentication.require(signin.params, "USERNAME")
    password = authentication.require(signin.params, "PASSWORD")
    authentication.check_user_secret_hash(signin, name)
    migrated = None
    if lookups.find_user(signin.pool, name) is None:
        migrated = trigger_events.migrate_user(signin, name, password)
    user = migrated or authentication.find_user(signin, name)
    authentication.check_can_sign_in(signin, user)
    authentication.check_password(signin, user, password)
    return authentication.after_password(signin, user)


def _refresh_flow(signin: SignIn) -> dict[str, Any]:
    """REFRESH_TOKEN_AUTH: new ID and access tokens, never a new refresh token."""
    token = authentication.require(signin.params, "REFRESH_TOKEN")
    if tokens.rotates(signin.client):
        # AWS docs: "You can't authenticate with REFRESH_TOKEN_AUTH in app clients with
        # refresh token rotation enabled" (the wording of the error is the fake's).
        raise NotAuthorizedException(
            "Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken."
        )
    _, family = tokens.use_refresh_token(signin.state, token, signin.client, signin.ctx)
    user = signin.pool.users[family.username]
    authentication.check_secret_hash(
        signin.client,
        signin.params.get("SECRET_HASH"),
        *authentication.user_names(signin.pool, user),
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


for _flow in ("USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"):
    FLOWS[_flow] = _password_flow
FLOWS["REFRESH_TOKEN_AUTH"] = FLOWS["REFRESH_TOKEN"] = _refresh_flow


def _respond(state: State, req: dict[str, Any], ctx: Ctx, admin: bool) -> dict[str, Any]:
    pool, client = _pool_and_client(state, req, admin)
    params = dict(req.get("ChallengeResponses", {}))
    name = req["ChallengeName"]
    # SRP clients (pycognito) answer PASSWORD_VERIFIER without a Session: find it (srp.py).
    session_id = authentication.find_session(
        state, client, name, params, ctx, req.get("Session", "")
    )
    if not session_id:
        raise InvalidParameterException("Missing required parameter Session")
    session = authentication.open_session(state, session_id, client, ctx)
    if name != session.challenge:
        raise InvalidParameterException(
            f"Invalid challenge name {name}; the session expects {session.challenge}."
        )
    username = authentication.require(params, "USERNAME")
    if session.data.get("unknown_user") is not None:
        return _decoy_answer(SignIn(state, pool, client, ctx, params, admin, session=session))
    user = pool.users.get(session.username)
    if user is None or lookups.find_user(pool, username) is not user:
        raise NotAuthorizedException("Invalid session for the user.")
    authentication.check_secret_hash(
        client, params.get("SECRET_HASH"), username, *authentication.user_names(pool, user)
    )
    handler = CHALLENGES.get(name)
    if handler is None:
        raise InvalidParameterException(f"{name} is not supported by this fake yet.")
    signin = SignIn(
        state, pool, client, ctx, params, admin, session=session, data=dict(session.data)
    )
    signin.client_metadata = dict(req.get("ClientMetadata", {}))
    result = handler(signin, user)
    if "AuthenticationResult" in result:
        authentication.spend(state, session.session)
    return result


def _decoy_answer(signin: SignIn) -> dict[str, Any]:
    """An answer in a Session handed to an unknown user (PreventUserExistenceErrors): the
    SECRET_HASH is checked as usual, then it fails as a wrong password would (the Session
    stays, as a known user's does after a wrong password)."""
    assert signin.session is not None
    authentication.check_secret_hash(
        signin.client, signin.params.get("SECRET_HASH"), signin.params["USERNAME"]
    )
    signin.data = dict(signin.session.data)
    handler = authentication.DECOY_ANSWERS.get(signin.session.challenge)
    if handler is None:
        raise NotAuthorizedException("Incorrect username or password.")
    return handler(signin)


@operation("RespondToAuthChallenge")
def respond_to_auth_challenge(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _respond(state, req, ctx, admin=False)


@operation("AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _respond(state, req, ctx, admin=True)


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


def _new_password(signin: SignIn, user: User) -> dict[str, Any]:
    """The attributes go through the same rules as UpdateUserAttributes (un-verifying a changed
    email, sign-in and alias uniqueness, "" deletes); every check runs before any change."""
    password = authentication.require(signin.params, "NEW_PASSWORD")
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
    signin.data["token_source"] = "TokenGeneration_NewPasswordChallenge"
    return authentication.finish(signin, user)


CHALLENGES["NEW_PASSWORD_REQUIRED"] = _new_password
