"""CUSTOM_AUTH: the DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse
loop (spec §8.4), with the triggers of ``core/triggers.py``.

The Session keeps the challenge history (``request.session`` of the triggers) and the private
challenge parameters between rounds. The flow may start with SRP (``SRP_A`` and
``CHALLENGE_NAME: SRP_A``): DefineAuthChallenge then sees SRP_A and PASSWORD_VERIFIER in the
history before the custom challenges. Under PreventUserExistenceErrors an unknown user goes
through the triggers with ``userNotFound: true`` and fails at the end.
"""

from __future__ import annotations

from typing import Any

from ...errors import (
    InvalidLambdaResponseException,
    InvalidParameterException,
    NotAuthorizedException,
    UserNotConfirmedException,
)
from ...state import lookups
from ...state.store import CustomRounds, User
from .. import triggers
from . import attempt, auth_triggers, choice, password_srp, srp_exchange
from .attempt import SignIn

NOT_CONFIGURED = "Custom auth lambda trigger is not configured for the user pool."
SOURCES = {
    "DefineAuthChallenge": "DefineAuthChallenge_Authentication",
    "CreateAuthChallenge": "CreateAuthChallenge_Authentication",
    "VerifyAuthChallengeResponse": "VerifyAuthChallengeResponse_Authentication",
}


def _run(signin: SignIn, user: User, name: str, request: dict[str, Any]) -> dict[str, Any]:
    """Trigger ``name`` of the custom flow; a missing one is AWS's configuration error."""
    unknown = signin.data.unknown_user is not None
    attributes = {} if unknown else triggers.event_attributes(user)
    found = {"userNotFound": unknown} if signin.prevent_existence_errors else {}
    response = triggers.invoke(
        signin.state,
        signin.pool,
        signin.ctx,
        name,
        SOURCES[name],
        user.username,
        {
            "userAttributes": attributes,
            **request,
            **found,
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
    srp_a = signin.params.get("SRP_A") if signin.params.get("CHALLENGE_NAME") == "SRP_A" else None
    if srp_a is not None:
        srp_exchange.parse_a(srp_a)
    attempt.check_user_secret_hash(signin, name)
    user = _user(signin, name)
    signin.data.custom = CustomRounds(srp_a=srp_a)
    if srp_a is not None:
        signin.data.custom.history.append({"challengeName": "SRP_A", "challengeResult": True})
    return _round(signin, user)


def _user(signin: SignIn, name: str) -> User:
    """The user signing in; an unknown one is AWS's error, or under PreventUserExistenceErrors
    a stand-in the triggers see with ``userNotFound: true``."""
    user = lookups.find_user(signin.pool, name)
    if user is None and signin.prevent_existence_errors:
        attempt.emit(signin, None, "SignIn", "Fail")
        return choice.decoy_user(signin, name)
    user = attempt.find_user(signin, name)
    attempt.check_can_sign_in(signin, user)
    if user.status == "UNCONFIRMED":
        raise UserNotConfirmedException("User is not confirmed.")
    return user


def _round(signin: SignIn, user: User) -> dict[str, Any]:
    """Ask DefineAuthChallenge what next: tokens, failure, or one more challenge."""
    custom = _rounds(signin)
    history = [dict(entry) for entry in custom.history]
    define = _run(signin, user, "DefineAuthChallenge", {"session": history})
    unknown = signin.data.unknown_user is not None
    if define.get("issueTokens") is True and not unknown:
        return attempt.complete(signin, user)
    if define.get("failAuthentication") is True or define.get("issueTokens") is True:
        if signin.session is not None:
            attempt.spend(signin.state, signin.session.session)
        attempt.emit(signin, None if unknown else user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect username or password.")
    challenge = define.get("challengeName")
    if challenge == "PASSWORD_VERIFIER" and _srp_pending(custom):
        return password_srp.verifier_challenge(signin, user, str(custom.srp_a))
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


def _srp_pending(custom: CustomRounds) -> bool:
    """The SRP start asked for PASSWORD_VERIFIER right after SRP_A."""
    names = [entry["challengeName"] for entry in custom.history]
    return bool(custom.srp_a) and names == ["SRP_A"]


def password_verifier(signin: SignIn, user: User) -> dict[str, Any]:
    """PASSWORD_VERIFIER: USER_SRP_AUTH's, or the SRP step of a CUSTOM_AUTH that started with
    SRP, whose result DefineAuthChallenge sees in the history."""
    custom = signin.data.custom
    if custom is None:
        return password_srp.password_verifier(signin, user)
    proved = password_srp.check_verifier(signin, user)
    entry = {"challengeName": "PASSWORD_VERIFIER", "challengeResult": proved}
    custom.history = [*custom.history, entry]
    if proved and user.status == "UNCONFIRMED":
        raise UserNotConfirmedException("User is not confirmed.")
    return _round(signin, user)


def decoy_answer(signin: SignIn) -> dict[str, Any]:
    """CUSTOM_CHALLENGE answered in the Session of an unknown user: the triggers run as for a
    known one (``userNotFound: true``); the sign-in fails when they are done."""
    user = choice.decoy_user(signin, str(signin.data.unknown_user))
    return answer(signin, user)
