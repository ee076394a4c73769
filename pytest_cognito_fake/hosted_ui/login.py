"""Signing in on the hosted UI's pages through the API's own sign-in pipeline.

The password step, NEW_PASSWORD_REQUIRED and MFA (whatever ``authentication.AFTER_PASSWORD`` and
``authentication.CHALLENGES`` hold, e.g. the MFA area's SMS_MFA / SOFTWARE_TOKEN_MFA / EMAIL_OTP,
SELECT_MFA_TYPE and MFA_SETUP) run exactly as for InitiateAuth. The pipeline ends by minting
API tokens; the hosted UI wants a session cookie and a code instead, so that token family is
dropped again at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from ..api import devices
from ..context import Ctx
from ..core import authentication
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
        params["SECRET_HASH"] = authentication.secret_hash(
            client.secret, username, client.client_id
        )
    return params


def _drop_api_tokens(state: State, user: User, tokens: dict[str, Any]) -> None:
    """Undo what the pipeline's last step minted: the family, its refresh token, and the
    new-device record (the hosted UI does no device tracking)."""
    claims = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    state.families.pop(str(claims.get("event_id")), None)
    state.refresh_tokens.pop(tokens.get("RefreshToken", ""), None)
    device = tokens.get("NewDeviceMetadata", {}).get("DeviceKey")
    if device:
        devices.devices_of(user).pop(device, None)


def _outcome(state: State, pool: UserPool, result: dict[str, Any]) -> Outcome:
    if "AuthenticationResult" in result:
        tokens = result["AuthenticationResult"]
        claims = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
        user = pool.users[str(claims["username"])]
        _drop_api_tokens(state, user, tokens)
        return Outcome(user=user)
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
    signin = authentication.SignIn(
        state, pool, client, ctx, _params(client, username, PASSWORD=password), admin=False
    )
    signin.data["hosted_ui"] = True  # tokens come from /oauth2/token (TokenGeneration_HostedAuth)
    try:
        user = authentication.find_user(signin, username)
        authentication.check_can_sign_in(signin, user)
        authentication.check_password(signin, user, password)
        result = authentication.after_password(signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    return _outcome(state, pool, result)


def after_sign_up(state: State, pool: UserPool, client: AppClient, user: User, ctx: Ctx) -> Outcome:
    """The browser that signed the user up and confirmed the account is signed in without
    the password again; what follows a password (MFA, MFA setup) still applies."""
    signin = authentication.SignIn(state, pool, client, ctx, _params(client, user.username), False)
    signin.data["hosted_ui"] = True
    try:
        authentication.check_can_sign_in(signin, user)
        result = authentication.after_password(signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    return _outcome(state, pool, result)


def mfa_choices(state: State, session_id: str) -> list[str]:
    """The factors a SELECT_MFA_TYPE session offers."""
    session = state.sessions.get(session_id)
    return list(session.data.get("mfa_choices", [])) if session else []


def pending_secret(state: State, session_id: str) -> str:
    """The software-token secret an MFA_SETUP session's user is setting up."""
    session = state.sessions.get(session_id)
    user = state.pools[session.pool_id].users.get(session.username) if session else None
    return str((user.extra.get("totp") or {}).get("pending") or "") if user else ""


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
        session = authentication.open_session(state, session_id, client, ctx)
    except CognitoError as exc:
        return Outcome(error=exc.message)
    user = pool.users.get(session.username)
    if user is None or session.challenge != name or name not in ANSWERS:
        return Outcome(error="Invalid session for the user.")
    member = ANSWERS[name]
    params = _params(client, user.username, **({member: value} if member else {}))
    signin = authentication.SignIn(
        state, pool, client, ctx, params, False, session=session, data=dict(session.data)
    )
    try:
        result = authentication.CHALLENGES[name](signin, user)
    except CognitoError as exc:
        return Outcome(error=exc.message, challenge=name, session=session_id, parameters=None)
    if "AuthenticationResult" in result:
        authentication.spend(state, session_id)
    return _outcome(state, pool, result)
