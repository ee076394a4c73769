"""Point-in-time recovery's engine: the user-data history of each pool, the write pause while
a recovery is active, and applying a restoration.

The history is journaled in one place, ``before_operation`` (called by ``Service`` for every
operation, under the lock): before the first user-data write of each new second, the pool's
users and groups are copied as they were after the previous write. Most tests run within a
second or two of wall time, so they pay for at most a couple of copies; pools on LITE keep no
history (they cannot recover). Resolution is one second: writes in the same second as the
recovery point may count as before it.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Mapping
from typing import Any

from ..errors import OperationNotEnabledException
from ..state.recovery import Recovery, Restoration, UserDataImage
from ..state.store import State, User, UserPool

#: What AWS keeps history for: 1 day on Essentials, 14 on Plus.
WINDOWS = {"ESSENTIALS": 86400, "PLUS": 14 * 86400}
LONGEST_WINDOW = max(WINDOWS.values())
#: Statuses during which user-data writes are paused.
ACTIVE = frozenset(
    {
        "PREVIEW_GENERATING",
        "PREVIEW_GENERATED",
        "RESTORING",
        "TEMPORARY_INTERNAL_ERROR_SEE_SUPPORT_CASE",
    }
)
#: Failures a test may force on the next preview (terminal: writes resume).
FAILURES = ("PREVIEW_GENERATION_FAILED", "AWS_ABORTED")
PREVIEW_LIFETIME = 86400  # a preview neither started nor cancelled expires after 24 h

#: Operations that write user data (AWS's list of what a recovery pauses, as the fake names
#: them): they are journaled, and refused while a recovery is active.
WRITES = frozenset(
    {
        "SignUp",
        "ConfirmSignUp",
        "AdminCreateUser",
        "AdminConfirmSignUp",
        "AdminDeleteUser",
        "DeleteUser",
        "AdminUpdateUserAttributes",
        "UpdateUserAttributes",
        "AdminDeleteUserAttributes",
        "DeleteUserAttributes",
        "VerifyUserAttribute",
        "AdminSetUserPassword",
        "ChangePassword",
        "ForgotPassword",
        "ConfirmForgotPassword",
        "AdminResetUserPassword",
        "AdminSetUserMFAPreference",
        "SetUserMFAPreference",
        "AdminSetUserSettings",
        "SetUserSettings",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "AdminDeleteSoftwareToken",
        "StartWebAuthnRegistration",
        "CompleteWebAuthnRegistration",
        "DeleteWebAuthnCredential",
        "AdminAddUserToGroup",
        "AdminRemoveUserFromGroup",
        "CreateGroup",
        "UpdateGroup",
        "DeleteGroup",
        "AdminLinkProviderForUser",
        "AdminDisableProviderForUser",
        "AdminEnableUser",
        "AdminDisableUser",
        "CreateUserImportJob",
        "StartUserImportJob",
    }
)
#: Challenge answers that write user data: refused during a recovery (AWS documents that
#: these sign-ins fail); other sign-ins keep working.
WRITING_CHALLENGES = frozenset({"NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA"})


def _groups(pool: UserPool) -> dict[str, dict[str, Any]]:
    """A pool's groups, their members included."""
    return pool.groups


def _writes(operation: str, request: dict[str, Any]) -> bool:
    if operation in WRITES:
        return True
    challenge = request.get("ChallengeName")
    return operation.endswith("RespondToAuthChallenge") and challenge in WRITING_CHALLENGES


def _pool_of(state: State, request: dict[str, Any]) -> UserPool | None:
    """The pool a request addresses: by UserPoolId, ClientId, sign-in Session or the
    AccessToken's client."""
    pool_id = request.get("UserPoolId")
    if pool_id is None and "ClientId" in request:
        pool_id = state.client_index.get(request["ClientId"])
    if pool_id is None and "Session" in request:
        session = state.sessions.get(str(request["Session"]))
        pool_id = session.pool_id if session is not None else None
    if pool_id is None and "AccessToken" in request:
        pool_id = state.client_index.get(_token_client(request["AccessToken"]))
    return state.pools.get(pool_id) if isinstance(pool_id, str) else None


def _token_client(token: Any) -> str:
    """The client_id claim, read without checks (the operation checks the token itself)."""
    try:
        payload = str(token).split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims.get("client_id", ""))
    except (IndexError, ValueError, AttributeError):
        return ""


def before_operation(state: State, operation: str, request: dict[str, Any], now: float) -> None:
    """Refuse a user-data write while a recovery is active; journal it otherwise."""
    if not _writes(operation, request):
        return
    pool = _pool_of(state, request)
    if pool is None:
        return  # the operation answers its own not-found error
    if active(pool, now) is not None:
        raise OperationNotEnabledException(paused_message())
    journal(pool, now)


def paused_message() -> str:
    """Unconfirmed: AWS added OperationNotEnabledException to every write operation's errors;
    the alternative would be ConcurrentModificationException. The text is the fake's."""
    return "User data writes are paused while a point-in-time recovery is in progress."


def journal(pool: UserPool, now: float) -> None:
    """Record that user data changes at ``now`` (an image first, in a new second)."""
    if pool.settings.get("UserPoolTier", "ESSENTIALS") not in WINDOWS:
        return
    history = pool.recovery
    if history.dirty and int(now) > int(history.last_write):
        history.images.append(image(pool, history.last_write))
        _trim(history, now)
    history.dirty = True
    history.last_write = now


def image(pool: UserPool, at: float) -> UserDataImage:
    """A copy of the pool's user data; users unchanged since the previous image share its
    copy (images are never changed once taken), so an image costs little more than a
    comparison per user."""
    images = pool.recovery.images
    before = images[-1].users if images else {}
    users: dict[str, User] = {}
    for name, user in pool.users.items():
        previous = before.get(name)
        users[name] = previous if previous is not None and previous == user else _copy(user)
    return UserDataImage(at, users, _copy(_groups(pool)))


def _copy(value: Any) -> Any:
    """A deep copy of typed state (dataclasses, dicts, lists, scalars), several times faster
    than copy.deepcopy; anything else falls back to it."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k: _copy(v) for k, v in value.items()}
    if kind is list:
        return [_copy(v) for v in value]
    if hasattr(kind, "__dataclass_fields__"):
        new = object.__new__(kind)
        new.__dict__.update({k: _copy(v) for k, v in value.__dict__.items()})
        return new
    return copy.deepcopy(value)


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})


def _trim(history: Recovery, now: float) -> None:
    """Drop images no recovery point can reach (the newest one before the window stays)."""
    cutoff = now - LONGEST_WINDOW
    while len(history.images) > 1 and history.images[1].at <= cutoff:
        history.images.pop(0)


def as_of(pool: UserPool, moment: float) -> UserDataImage:
    """The pool's users and groups as they were at ``moment`` (a copy)."""
    history = pool.recovery
    if not history.dirty or history.last_write <= moment:
        return image(pool, moment)
    best: UserDataImage | None = None
    for candidate in history.images:
        if candidate.at <= moment:
            best = candidate
    if best is None:
        return UserDataImage(moment, {}, {})  # before the first write: no users, no groups
    return UserDataImage(best.at, _copy(best.users), _copy(best.groups))


def preview(pool: UserPool, target: UserDataImage) -> list[dict[str, Any]]:
    """What restoring ``target`` changes: Create = gone since and brought back, Update =
    changed since, Delete = created since (the model's definitions)."""
    return [
        _counts("Users", target.users, pool.users),
        _counts("Groups", target.groups, _groups(pool)),
        _counts("User MFAs", _mfas(target.users), _mfas(pool.users)),
        _counts("Passkeys", _passkeys(target.users), _passkeys(pool.users)),
    ]


def _mfas(users: dict[str, User]) -> dict[str, Any]:
    """The MFA configuration of each user who has one (MFA settings, TOTP token)."""
    out: dict[str, Any] = {}
    for user in users.values():
        settings = user.mfa
        if settings.enabled or settings.options or user.software_token.secret:
            out[user.sub] = (settings, user.software_token.secret)
    return out


def _passkeys(users: dict[str, User]) -> dict[tuple[str, str], Any]:
    """Each user's passkeys by credential id (their names; sign counts move with sign-ins)."""
    return {
        (user.sub, str(c["CredentialId"])): c.get("FriendlyCredentialName")
        for user in users.values()
        for c in user.passkeys.credentials
    }


def _counts(entity: str, then: Mapping[Any, Any], now: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "Entity": entity,
        "CreateCount": sum(1 for key in then if key not in now),
        "UpdateCount": sum(1 for key in then if key in now and then[key] != now[key]),
        "DeleteCount": sum(1 for key in now if key not in then),
    }


def active(pool: UserPool, now: float, *, read: bool = False) -> Restoration | None:
    """The pool's active restoration, after the transitions that time brings."""
    for restoration in pool.recovery.restorations:
        advance(pool, restoration, now, read=read)
        if restoration.status in ACTIVE:
            return restoration
    return None


def advance(pool: UserPool, restoration: Restoration, now: float, *, read: bool = False) -> None:
    """The fake's asynchrony: a preview is ready by the next Describe or List (``read``), so
    a Start straight after Initiate meets a preview still being generated; a restore is done
    by the next call."""
    if restoration.status == "PREVIEW_GENERATING" and read:
        restoration.status = pool.recovery.forced_failure or "PREVIEW_GENERATED"
        pool.recovery.forced_failure = None
        if restoration.status != "PREVIEW_GENERATED":
            restoration.preview = restoration.target = None
    if (
        restoration.status in ("PREVIEW_GENERATING", "PREVIEW_GENERATED")
        and now >= restoration.trigger_timestamp + PREVIEW_LIFETIME
    ):
        restoration.status = "PREVIEW_EXPIRED"
        restoration.target = None
    if restoration.status == "RESTORING":
        restoration.status = "RESTORE_COMPLETED"
        restoration.completed = now


def restore(pool: UserPool, restoration: Restoration, now: float) -> None:
    """Bring back the users and groups of the recovery point; a user whose password changed
    after it keeps the current password (AWS's documented exception)."""
    target = restoration.target
    assert target is not None
    journal(pool, now)
    users = _copy(target.users)
    for name, user in users.items():
        current = pool.users.get(name)
        if current is not None and current.password_set_at > restoration.restore_timestamp:
            _keep_password(user, current)
    pool.users = users
    groups = _groups(pool)
    groups.clear()
    groups.update(_copy(target.groups))
    restoration.target = None


def _keep_password(user: User, current: User) -> None:
    user.password = current.password
    user.password_set_at = current.password_set_at
    user.password_history = list(current.password_history)
    user.srp_verifier = _copy(current.srp_verifier)
