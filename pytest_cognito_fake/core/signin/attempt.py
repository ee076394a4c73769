"""One sign-in attempt (``SignIn``) and the steps every flow shares: client checks, the
password check and lockout, challenges and their Sessions, the end of the pipeline.

What runs in what order is a ``Pipeline``; ``pipeline.py`` builds it.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...context import Ctx
from ...crypto.text import same, utf8
from ...errors import (
    InvalidParameterException,
    NotAuthorizedException,
    PasswordResetRequiredException,
    UserNotConfirmedException,
    UserNotFoundException,
)
from ...state import lookups
from ...state.store import AppClient, AuthSession, Lockout, SignInProgress, State, User, UserPool
from .. import tokens, user_attributes

#: How many wrong passwords in a row lock the account (AWS: about five).
LOCKOUT_AFTER = 5


@dataclass
class SignIn:
    """One InitiateAuth / RespondToAuthChallenge call (admin or not)."""

    state: State
    pool: UserPool
    client: AppClient
    ctx: Ctx
    params: dict[str, str]  # AuthParameters or ChallengeResponses
    admin: bool
    flow: str = ""
    session: AuthSession | None = None
    #: What earlier steps learnt (device key, SRP state, chosen factor...), kept in sessions.
    data: SignInProgress = field(default_factory=SignInProgress)
    #: The request's ClientMetadata (for the Lambda triggers of this call only).
    client_metadata: dict[str, str] = field(default_factory=dict)
    #: What runs, in what order (``pipeline.API`` or ``pipeline.HOSTED_UI``).
    pipeline: Pipeline = field(kw_only=True)
    #: Set by the hosted UI's last step: the user is signed in (no tokens were minted).
    authenticated: User | None = None

    @property
    def prevent_existence_errors(self) -> bool:
        return self.client.settings.get("PreventUserExistenceErrors") == "ENABLED"


Response = dict[str, Any]
#: A flow of InitiateAuth (AuthFlow), or an answer in a decoy Session.
Flow = Callable[["SignIn"], Response]
#: An answer to a challenge (RespondToAuthChallenge's ChallengeName), and the last step.
Challenge = Callable[["SignIn", User], Response]
#: A step after the password (MFA, device): a response (a challenge) or None to go on.
Step = Callable[["SignIn", User], "Response | None"]
#: A step that only acts (a trigger, a new device record).
Action = Callable[["SignIn", User], None]
#: Listeners of sign-in outcomes: (signin, user or None, event type, "Pass"/"Fail").
EventHook = Callable[["SignIn", "User | None", str, str], None]
#: Finds the Session of an answer sent without one (SRP clients such as pycognito send none):
#: finder(state, client, responses, ctx) gives the Session id, or None.
SessionFinder = Callable[[State, AppClient, dict[str, str], Ctx], "str | None"]


@dataclass(frozen=True)
class Pipeline:
    """Every flow, challenge and step of a sign-in. ``core/signin/pipeline.py`` builds the
    instances, in one place, in the order the steps run."""

    #: AuthFlow -> the flow that starts the sign-in.
    flows: Mapping[str, Flow]
    #: ChallengeName -> the handler of its answer.
    challenges: Mapping[str, Challenge]
    #: Once the user is known, before the disabled and password checks (PreAuthentication).
    before_checks: tuple[Action, ...]
    #: After the password (or another first factor), in order; the first that answers with a
    #: challenge pauses the sign-in (device proof, MFA).
    after_password: tuple[Step, ...]
    #: When no step asks for more, in order, before the result (new device, PostAuthentication).
    before_issue: tuple[Action, ...]
    #: The last step: tokens for the API, a plain "authenticated" for the hosted UI.
    issue: Challenge
    #: Told of every outcome (the auth events).
    on_event: tuple[EventHook, ...]
    #: ChallengeName -> how to find the Session of an answer sent without one.
    session_finders: Mapping[str, SessionFinder]
    #: ChallengeName -> the answer in a Session handed to an unknown user under
    #: PreventUserExistenceErrors; a challenge with no entry answers "Incorrect username or
    #: password.".
    decoy_answers: Mapping[str, Flow]


#: Flow -> (ExplicitAuthFlows values that allow it, message when none does).
FLOW_PERMISSIONS: dict[str, tuple[set[str], str]] = {
    "USER_PASSWORD_AUTH": (
        {"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"},
        "USER_PASSWORD_AUTH flow not enabled for this client",
    ),
    "ADMIN_USER_PASSWORD_AUTH": (
        {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
        "Auth flow not enabled for this client",
    ),
    "ADMIN_NO_SRP_AUTH": (
        {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"},
        "Auth flow not enabled for this client",
    ),
    "REFRESH_TOKEN_AUTH": (
        {"ALLOW_REFRESH_TOKEN_AUTH"},
        "Refresh Token auth flow not enabled for this client",
    ),
    "REFRESH_TOKEN": (
        {"ALLOW_REFRESH_TOKEN_AUTH"},
        "Refresh Token auth flow not enabled for this client",
    ),
    "USER_SRP_AUTH": ({"ALLOW_USER_SRP_AUTH"}, "Auth flow not enabled for this client"),
    "CUSTOM_AUTH": (
        {"ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"},
        "CUSTOM_AUTH is not enabled for the client.",
    ),
    "USER_AUTH": ({"ALLOW_USER_AUTH"}, "Auth flow not enabled for this client"),
}
#: Flows each API accepts (the model: ADMIN_* only on AdminInitiateAuth, USER_PASSWORD_AUTH
#: only on InitiateAuth).
ADMIN_ONLY = {"ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"}
CLIENT_ONLY = {"USER_PASSWORD_AUTH"}


def check_flow_allowed(client: AppClient, flow: str) -> None:
    allowed, message = FLOW_PERMISSIONS[flow]
    flows = set(client.flows)
    legacy = flows and flows <= {"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
    # Clients configured with the legacy values always allow SRP and refresh.
    if legacy and flow in ("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return
    if not allowed & flows:
        raise InvalidParameterException(message)


def secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(utf8(secret), utf8(username + client_id), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(client: AppClient, given: str | None, *usernames: str) -> None:
    """A client with a secret needs a SECRET_HASH made with one of its secrets."""
    if not client.secrets:
        return
    if not given:
        raise NotAuthorizedException(
            f"Client {client.client_id} is configured with secret but SECRET_HASH was not received"
        )
    for entry in client.secrets:
        for name in usernames:
            if name and same(given, secret_hash(entry["value"], name, client.client_id)):
                return
    raise NotAuthorizedException(f"Unable to verify secret hash for client {client.client_id}")


def check_client_secret(client: AppClient, given: str | None) -> None:
    """GetTokensFromRefreshToken: a client with a secret must send one of them as is."""
    if not client.secrets:
        return
    if not given:
        raise NotAuthorizedException(
            f"Client {client.client_id} is configured with secret but ClientSecret was not received"
        )
    if not secret_matches(client, given):
        raise NotAuthorizedException(f"Unable to verify secret for client {client.client_id}")


def secret_matches(client: AppClient, given: str) -> bool:
    """Whether ``given`` is one of the client's secrets (there may be two while rotating)."""
    return any(same(given, entry["value"]) for entry in client.secrets)


def require(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise InvalidParameterException(f"Missing required parameter {name}")
    return value


def user_names(pool: UserPool, user: User) -> tuple[str, ...]:
    """Every name a client may have hashed SECRET_HASH with for ``user``."""
    names = [user.username, user.sub]
    for attr in ("email", "phone_number", "preferred_username"):
        if user.attributes.get(attr):
            names.append(user.attributes[attr])
    return tuple(names)


def check_user_secret_hash(signin: SignIn, name: str) -> User | None:
    """SECRET_HASH of a flow naming a user: made with the name typed or, for a known user, any
    of its names. Returns that user (None when unknown: the flow decides what AWS answers)."""
    user = lookups.find_user(signin.pool, name)
    names = user_names(signin.pool, user) if user is not None else ()
    check_secret_hash(signin.client, signin.params.get("SECRET_HASH"), name, *names)
    return user


def emit(signin: SignIn, user: User | None, event: str, outcome: str) -> None:
    for hook in signin.pipeline.on_event:
        hook(signin, user, event, outcome)


def unknown_user(signin: SignIn) -> Exception:
    if signin.prevent_existence_errors:
        return NotAuthorizedException("Incorrect username or password.")
    return UserNotFoundException("User does not exist.")


def find_user(signin: SignIn, name: str) -> User:
    """The user signing in, or the error AWS gives for an unknown one."""
    user = lookups.find_user(signin.pool, name)
    if user is None:
        emit(signin, None, "SignIn", "Fail")
        raise unknown_user(signin)
    return user


def check_can_sign_in(signin: SignIn, user: User) -> None:
    for step in signin.pipeline.before_checks:
        step(signin, user)
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    if user.status == "EXTERNAL_PROVIDER":
        raise NotAuthorizedException("User is not authorized to get auth details.")


def lockout(signin: SignIn, user: User) -> Lockout:
    """The user's lockout record (shared by the password and SRP flows, so failures add up);
    NotAuthorizedException while it is locked."""
    lock = user.lockout
    if lock.failures >= LOCKOUT_AFTER and signin.ctx.now < lock.until:
        raise NotAuthorizedException("Password attempts exceeded")
    return lock


def count_failure(signin: SignIn, lock: Lockout) -> None:
    lock.failures += 1
    if lock.failures >= LOCKOUT_AFTER:
        # Back-off doubles with every failure past the threshold, up to 15 minutes.
        lock.until = signin.ctx.now + min(2 ** (lock.failures - LOCKOUT_AFTER), 900)


def check_password(signin: SignIn, user: User, password: str) -> None:
    """The password check with AWS's lockout after repeated failures."""
    lock = lockout(signin, user)
    if user.password is None and user.status == "RESET_REQUIRED":
        # Imported users and users reset by an admin have no password to check: AWS asks
        # for the reset whatever was typed.
        raise reset_required(signin)
    if user.password is None or not same(password, user.password):
        count_failure(signin, lock)
        emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect username or password.")
    lock.failures = 0


def reset_required(signin: SignIn) -> Exception:
    """The error for a RESET_REQUIRED user: generic when the client hides user existence."""
    if signin.prevent_existence_errors:
        return NotAuthorizedException("Incorrect username or password.")
    return PasswordResetRequiredException("Password reset required for the user")


def after_password(signin: SignIn, user: User) -> dict[str, Any]:
    """What follows a correct password: status checks, new password, MFA, then tokens."""
    if user.status == "UNCONFIRMED":
        raise UserNotConfirmedException("User is not confirmed.")
    if user.status == "RESET_REQUIRED":
        raise reset_required(signin)
    if user.status == "FORCE_CHANGE_PASSWORD":
        days = signin.pool.password_policy.get("TemporaryPasswordValidityDays", 7)
        if signin.ctx.now > user.password_set_at + days * 86400:
            raise NotAuthorizedException(
                "Temporary password has expired and must be reset by an administrator."
            )
        return challenge(
            signin,
            user,
            "NEW_PASSWORD_REQUIRED",
            {
                "USER_ID_FOR_SRP": user.username,
                "requiredAttributes": user_attributes.required_attributes_json(signin.pool, user),
                "userAttributes": json.dumps(
                    {k: v for k, v in user.attributes.items() if k != "sub"}
                ),
            },
        )
    return finish(signin, user)


def finish(signin: SignIn, user: User) -> dict[str, Any]:
    """Run the post-password steps (devices, MFA); complete when none asks for more."""
    for step in signin.pipeline.after_password:
        response = step(signin, user)
        if response is not None:
            return response
    return complete(signin, user)


def complete(signin: SignIn, user: User) -> dict[str, Any]:
    """The user is authenticated: the last steps (new device, PostAuthentication), then the
    result."""
    for step in signin.pipeline.before_issue:
        step(signin, user)
    return signin.pipeline.issue(signin, user)


def mark_authenticated(signin: SignIn, user: User) -> dict[str, Any]:
    """The hosted UI's last step: no tokens (its /oauth2/token issues its own)."""
    signin.authenticated = user
    emit(signin, user, "SignIn", "Pass")
    return {}


def issue(signin: SignIn, user: User) -> dict[str, Any]:
    """The API's last step: a token family and its AuthenticationResult."""
    family = tokens.new_family(
        signin.state,
        signin.pool,
        signin.client,
        user,
        signin.ctx,
        device_key=signin.data.device_key,
    )
    result = tokens.authentication_result(
        signin.state,
        signin.pool,
        signin.client,
        user,
        family,
        signin.ctx,
        source=signin.data.token_source,
        # Only RespondToAuthChallenge's ClientMetadata reaches pre token generation (docs).
        client_metadata=signin.client_metadata if signin.session is not None else None,
    )
    if signin.data.new_device is not None:
        result["NewDeviceMetadata"] = dict(signin.data.new_device)
    emit(signin, user, "SignIn", "Pass")
    return {"ChallengeParameters": {}, "AuthenticationResult": result}


def new_session_id() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(192)).decode().rstrip("=")


def challenge(signin: SignIn, user: User, name: str, parameters: dict[str, str]) -> dict[str, Any]:
    """Answer with challenge ``name`` and a fresh Session that remembers ``signin.data``."""
    if signin.session is not None:
        spend(signin.state, signin.session.session)
    minutes = int(signin.client.settings.get("AuthSessionValidity", 3))
    session = AuthSession(
        session=new_session_id(),
        pool_id=signin.pool.pool_id,
        client_id=signin.client.client_id,
        username=user.username,
        challenge=name,
        expires=signin.ctx.now + minutes * 60,
        data=copy.deepcopy(signin.data),
    )
    signin.state.sessions[session.session] = session
    params = {"USER_ID_FOR_SRP": user.username, **parameters}
    if name in (
        "SMS_MFA",
        "SOFTWARE_TOKEN_MFA",
        "EMAIL_OTP",
        "SELECT_MFA_TYPE",
        "MFA_SETUP",
        "SELECT_CHALLENGE",
    ):
        params.setdefault("USERNAME", user.username)
    return {"ChallengeName": name, "Session": session.session, "ChallengeParameters": params}


def find_session(
    pipeline: Pipeline,
    state: State,
    client: AppClient,
    name: str,
    responses: dict[str, str],
    ctx: Ctx,
    given: str,
) -> str:
    """The Session an answer belongs to: a session finder may locate it from the answer
    itself (SRP's secret block); otherwise the Session the client sent."""
    finder = pipeline.session_finders.get(name)
    found = finder(state, client, responses, ctx) if finder is not None else None
    return found or given


def spend(state: State, session_id: str) -> None:
    """End a session that was answered (AWS then says it "can only be used once")."""
    state.sessions.pop(session_id, None)
    state.spent_sessions[session_id] = True


def open_session(state: State, session_id: str, client: AppClient, ctx: Ctx) -> AuthSession:
    session = state.sessions.get(session_id)
    if session is None and session_id in state.spent_sessions:
        raise NotAuthorizedException("Invalid session for the user, session can only be used once.")
    if session is None or session.client_id != client.client_id:
        raise NotAuthorizedException("Invalid session for the user.")
    if session.expires <= ctx.now:
        del state.sessions[session_id]
        raise NotAuthorizedException("Invalid session for the user, session is expired.")
    return session
