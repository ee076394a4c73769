"""CUSTOM_AUTH: the DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse
loop (spec §8.4), with the triggers of ``core/triggers.py``.

The Session keeps the challenge history (``request.session`` of the triggers) and the private
challenge parameters between rounds. The SRP_A / PASSWORD_VERIFIER start is not simulated.
"""

from __future__ import annotations

from typing import Any

from ...errors import (
    InvalidLambdaResponseException,
    InvalidParameterException,
    NotAuthorizedException,
    UserNotConfirmedException,
)
from ...state.store import CustomRounds, User
from .. import triggers
from . import attempt, auth_triggers
from .attempt import SignIn

NOT_CONFIGURED = "Custom auth lambda trigger is not configured for the user pool."
SOURCES = {
    "DefineAuthChallenge": "DefineAuthChallenge_Authentication",
    "CreateAuthChallenge": "CreateAuthChallenge_Authentication",
    "VerifyAuthChallengeResponse": "VerifyAuthChallengeResponse_Authentication",
}


def _run(signin: SignIn, user: User, name: str, request: dict[str, Any]) -> dict[str, Any]:
    """Trigger ``name`` of the custom flow; a missing one is AWS's configuration error."""
    response = triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        name,
        SOURCES[name],
        user.username,
        {
            "userAttributes": triggers.event_attributes(user),
            **request,
            **auth_triggers.client_metadata(signin, initiate=False),
        },
        client_id=signin.client.client_id,
    )
    if response is None:
        raise InvalidParameterException(NOT_CONFIGURED)
    return response


def _rounds(signin: SignIn) -> CustomRounds:
    """The rounds so far (a CUSTOM_CHALLENGE session always has them)."""
    if signin.data.custom is None:
        raise NotAuthorizedException("Invalid session for the user.")
    return signin.data.custom


def start(signin: SignIn) -> dict[str, Any]:
    """InitiateAuth CUSTOM_AUTH: user checks and PreAuthentication, then the first round."""
    name = attempt.require(signin.params, "USERNAME")
    if not triggers.is_active(signin.ctx, signin.pool, "DefineAuthChallenge"):
        raise InvalidParameterException(NOT_CONFIGURED)
    if signin.params.get("SRP_A"):
        raise InvalidParameterException("CUSTOM_AUTH with SRP_A is not supported by this fake yet.")
    attempt.check_user_secret_hash(signin, name)
    user = attempt.find_user(signin, name)
    attempt.check_can_sign_in(signin, user)
    if user.status == "UNCONFIRMED":
        raise UserNotConfirmedException("User is not confirmed.")
    signin.data.custom = CustomRounds()
    return _round(signin, user)


def _round(signin: SignIn, user: User) -> dict[str, Any]:
    """Ask DefineAuthChallenge what next: tokens, failure, or one more challenge."""
    custom = _rounds(signin)
    history = [dict(entry) for entry in custom.history]
    define = _run(signin, user, "DefineAuthChallenge", {"session": history})
    if define.get("issueTokens") is True:
        return attempt.complete(signin, user)
    if define.get("failAuthentication") is True:
        if signin.session is not None:
            attempt.spend(signin.state, signin.session.session)
        attempt.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect username or password.")
    challenge = define.get("challengeName")
    if challenge != "CUSTOM_CHALLENGE":
        raise InvalidLambdaResponseException(
            f"Invalid challengeName {challenge!r} from DefineAuthChallenge"
            " (this fake supports CUSTOM_CHALLENGE)."
        )
    create = _run(
        signin,
        user,
        "CreateAuthChallenge",
        {"challengeName": challenge, "session": [dict(entry) for entry in history]},
    )
    public = {str(k): str(v) for k, v in (create.get("publicChallengeParameters") or {}).items()}
    custom.private = dict(create.get("privateChallengeParameters") or {})
    custom.metadata = create.get("challengeMetadata")
    out = attempt.challenge(signin, user, "CUSTOM_CHALLENGE", {"USERNAME": user.username})
    out["ChallengeParameters"] = {**public, "USERNAME": user.username}
    return out


def answer(signin: SignIn, user: User) -> dict[str, Any]:
    """RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse, then a round."""
    answer = attempt.require(signin.params, "ANSWER")
    custom = _rounds(signin)
    request = {"privateChallengeParameters": dict(custom.private), "challengeAnswer": answer}
    verify = _run(signin, user, "VerifyAuthChallengeResponse", request)
    entry: dict[str, Any] = {
        "challengeName": "CUSTOM_CHALLENGE",
        "challengeResult": verify.get("answerCorrect") is True,
    }
    if custom.metadata is not None:
        entry["challengeMetadata"] = custom.metadata
    custom.history = [*custom.history, entry]
    return _round(signin, user)
