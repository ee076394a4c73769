"""Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
AdminRespondToAuthChallenge run the sign-in pipeline (``core/signin/pipeline.py``)."""

from __future__ import annotations

import copy
from typing import Any

from ..context import Ctx
from ..core.signin import attempt
from ..core.signin.attempt import SignIn
from ..core.signin.pipeline import API
from ..errors import InvalidParameterException, NotAuthorizedException
from ..state import lookups
from ..state.store import AppClient, State, UserPool
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
    if flow in (attempt.CLIENT_ONLY if admin else attempt.ADMIN_ONLY):
        raise InvalidParameterException("Initiate Auth method not supported.")
    handler = API.flows.get(flow)
    if handler is None:
        raise InvalidParameterException(f"{flow} is not supported by this fake yet.")
    attempt.check_flow_allowed(client, flow)
    params = dict(req.get("AuthParameters", {}))
    signin = SignIn(state, pool, client, ctx, params, admin, flow, pipeline=API)
    signin.client_metadata = dict(req.get("ClientMetadata", {}))
    return handler(signin)


@operation("InitiateAuth")
def initiate_auth(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _initiate(state, req, ctx, admin=False)


@operation("AdminInitiateAuth")
def admin_initiate_auth(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _initiate(state, req, ctx, admin=True)


def _respond(state: State, req: dict[str, Any], ctx: Ctx, admin: bool) -> dict[str, Any]:
    pool, client = _pool_and_client(state, req, admin)
    params = dict(req.get("ChallengeResponses", {}))
    name = req["ChallengeName"]
    # SRP clients (pycognito) answer PASSWORD_VERIFIER without a Session: find it (password_srp.py).
    given = req.get("Session", "")
    session_id = attempt.find_session(API, state, client, name, params, ctx, given)
    if not session_id:
        raise InvalidParameterException("Missing required parameter Session")
    session = attempt.open_session(state, session_id, client, ctx)
    if name != session.challenge:
        raise InvalidParameterException(
            f"Invalid challenge name {name}; the session expects {session.challenge}."
        )
    username = attempt.require(params, "USERNAME")
    if session.data.unknown_user is not None:
        decoy = SignIn(state, pool, client, ctx, params, admin, session=session, pipeline=API)
        decoy.client_metadata = dict(req.get("ClientMetadata", {}))
        return _decoy_answer(decoy)
    user = pool.users.get(session.username)
    if user is None or lookups.find_user(pool, username) is not user:
        raise NotAuthorizedException("Invalid session for the user.")
    attempt.check_secret_hash(
        client, params.get("SECRET_HASH"), username, *attempt.user_names(pool, user)
    )
    handler = API.challenges.get(name)
    if handler is None:
        raise InvalidParameterException(f"{name} is not supported by this fake yet.")
    data = copy.deepcopy(session.data)
    signin = SignIn(
        state, pool, client, ctx, params, admin, session=session, data=data, pipeline=API
    )
    signin.client_metadata = dict(req.get("ClientMetadata", {}))
    result = handler(signin, user)
    if "AuthenticationResult" in result:
        attempt.spend(state, session.session)
    return result


def _decoy_answer(signin: SignIn) -> dict[str, Any]:
    """An answer in a Session handed to an unknown user (PreventUserExistenceErrors): the
    SECRET_HASH is checked as usual, then it fails as a wrong password would (the Session
    stays, as a known user's does after a wrong password)."""
    assert signin.session is not None
    attempt.check_secret_hash(
        signin.client, signin.params.get("SECRET_HASH"), signin.params["USERNAME"]
    )
    signin.data = copy.deepcopy(signin.session.data)
    handler = API.decoy_answers.get(signin.session.challenge)
    if handler is None:
        raise NotAuthorizedException("Incorrect username or password.")
    return handler(signin)


@operation("RespondToAuthChallenge")
def respond_to_auth_challenge(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _respond(state, req, ctx, admin=False)


@operation("AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    return _respond(state, req, ctx, admin=True)
