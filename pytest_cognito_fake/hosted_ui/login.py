"""Signing in on the hosted UI's pages through the sign-in pipeline.

The password step, NEW_PASSWORD_REQUIRED and MFA run exactly as for InitiateAuth
(``core/signin/pipeline.py``'s ``HOSTED_UI``). That pipeline ends with an authenticated user
and no tokens: the hosted UI sets its session cookie and issues its own code and tokens.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..context import Ctx
from ..core.signin import attempt
from ..core.signin.pipeline import HOSTED_UI
from ..errors import CognitoError
from ..state.store import AppClient, State, User, UserPool

#: Challenge -> the ChallengeResponses member the page's one input answers.
ANSWERS = {
    "NEW_PASSWORD_REQUIRED": "NEW_PASSWORD",
    "SMS_MFA": "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SELECT_MFA_TYPE": "ANSWER",
    "MFA_SETUP": "",  # answered once VerifySoftwareToken accepted the first code
}


@dataclass
class Outcome:
    """Signed in (``user``), a further page (``challenge`` + ``session``), or ``error``."""

    user: User | None = None
    challenge: str = ""
    session: str = ""
    parameters: dict[str, str] | None = None
    error: str = ""


def _params(client: AppClient, username: str, **more: str) -> dict[str, str]:
    params = {"USERNAME": username, **more}
    if client.secret:  # the hosted UI holds the secret; it signs for the user
        params["SECRET_HASH"] = attempt.secret_hash(client.secret, username, client.client_id)
    return params


def _outcome(signin: attempt.SignIn, result: dict[str, Any]) -> Outcome:
    if signin.authenticated is not None:
        return Outcome(user=signin.authenticated)
    name = result["ChallengeName"]
    if name not in ANSWERS:
        return Outcome(error=f"{name} is not supported by the fake's hosted UI.")
    return Outcome(
        challenge=name, session=result["Session"], parameters=result["ChallengeParameters"]
    )


def with_password(
    state: State, pool: UserPool, client: AppClient, username: str, password: str, ctx: Ctx
) -> Outcome:
    """The login form: username and password, then whatever the pipeline asks next."""
    if not username or not password:
        return Outcome(error="Incorrect username or password.")
    params = _params(client, username, PASSWORD=password)
    signin = attempt.SignIn(state, pool, client, ctx, params, admin=False, pipeline=HOSTED_UI)
    try:
        user = attempt.find_user(signin, username)
        attempt.check_can_sign_in(signin, user)
        attempt.check_password(signin, user, password)
        result = attempt.after_password(signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    return _outcome(signin, result)


def after_sign_up(state: State, pool: UserPool, client: AppClient, user: User, ctx: Ctx) -> Outcome:
    """The browser that signed the user up and confirmed the account is signed in without
    the password again; what follows a password (MFA, MFA setup) still applies."""
    params = _params(client, user.username)
    signin = attempt.SignIn(state, pool, client, ctx, params, admin=False, pipeline=HOSTED_UI)
    try:
        attempt.check_can_sign_in(signin, user)
        result = attempt.after_password(signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    return _outcome(signin, result)


def mfa_choices(state: State, session_id: str) -> list[str]:
    """The factors a SELECT_MFA_TYPE session offers."""
    session = state.sessions.get(session_id)
    return list(session.data.mfa_choices) if session else []


def pending_secret(state: State, session_id: str) -> str:
    """The software-token secret an MFA_SETUP session's user is setting up."""
    session = state.sessions.get(session_id)
    user = state.pools[session.pool_id].users.get(session.username) if session else None
    return (user.software_token.pending or "") if user else ""


def answer(
    state: State,
    pool: UserPool,
    client: AppClient,
    session_id: str,
    name: str,
    value: str,
    ctx: Ctx,
) -> Outcome:
    """A new-password or MFA page: one answer to the challenge its session stands for."""
    try:
        session = attempt.open_session(state, session_id, client, ctx)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    user = pool.users.get(session.username)
    if user is None or session.challenge != name or name not in ANSWERS:
        return Outcome(error="Invalid session for the user.")
    member = ANSWERS[name]
    params = _params(client, user.username, **({member: value} if member else {}))
    data = copy.deepcopy(session.data)
    signin = attempt.SignIn(
        state, pool, client, ctx, params, False, session=session, data=data, pipeline=HOSTED_UI
    )
    try:
        result = HOSTED_UI.challenges[name](signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message, challenge=name, session=session_id, parameters=None)
    if signin.authenticated is not None:
        attempt.spend(state, session_id)
    return _outcome(signin, result)
