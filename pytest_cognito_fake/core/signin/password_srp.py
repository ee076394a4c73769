"""USER_SRP_AUTH and its PASSWORD_VERIFIER challenge: real SRP-6a as Cognito runs it.

The fake keeps passwords in plain form (the password flows need them) and derives each
user's salt and verifier from the password on demand, cached per password in
``user.srp_verifier``; so every way of setting a password serves SRP too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

from ...context import Ctx
from ...crypto import srp
from ...crypto.text import utf8
from ...errors import NotAuthorizedException, UserNotFoundException
from ...state import lookups
from ...state.store import AppClient, SrpVerifier, State, User, UserPool
from . import attempt, srp_exchange
from .attempt import SignIn


def pool_name(pool: UserPool) -> str:
    """The SRP prefix of a pool: its id after the region (``us-east-1_AbC`` -> ``AbC``)."""
    return pool.pool_id.split("_", 1)[1]


def user_verifier(pool: UserPool, user: User) -> tuple[str, int]:
    """(SALT as sent, verifier) of the user's current password, computed once per password."""
    password = user.password or ""
    digest = hashlib.sha256(utf8(f"{user.username}\0{password}")).hexdigest()
    cached = user.srp_verifier
    if cached is None or cached.digest != digest:
        salt = srp.new_salt()
        v = srp.verifier(salt, pool_name(pool), user.username, password)
        cached = user.srp_verifier = SrpVerifier(digest, srp.pad_hex(salt), v)
    return cached.salt, cached.v


def fake_identity(pool: UserPool, name: str) -> tuple[str, str, int]:
    """A stable (USER_ID_FOR_SRP, SALT, verifier) for a user that does not exist, so that an
    unknown name answers like a known one (PreventUserExistenceErrors)."""
    if pool.srp_secret is None:
        pool.srp_secret = secrets.token_hex(32)
    key = pool.srp_secret
    folded = name if pool.case_sensitive else name.lower()
    seed = hmac.new(bytes.fromhex(key), utf8(folded), hashlib.sha256).digest()
    user_id = str(uuid.UUID(bytes=seed[:16], version=4))
    salt = int.from_bytes(seed[16:], "big")
    return user_id, srp.pad_hex(salt), srp.verifier(salt, pool_name(pool), user_id, seed.hex())


def _challenge_parameters(exchange: srp.Exchange, block: str, username: str) -> dict[str, str]:
    return {
        "SALT": exchange.salt_hex,
        "SRP_B": format(exchange.big_b, "x"),
        "SECRET_BLOCK": block,
        "USERNAME": username,
        "USER_ID_FOR_SRP": exchange.identity,
    }


def begin(signin: SignIn, name: str, srp_a: str) -> dict[str, Any]:
    """Step one of a password SRP exchange (USER_SRP_AUTH, USER_AUTH's PASSWORD_SRP):
    PASSWORD_VERIFIER with SALT and SRP_B, or AWS's answer for an unknown or barred user."""
    srp_exchange.parse_a(srp_a)
    user = lookups.find_user(signin.pool, name)
    block = srp_exchange.new_block()
    if user is None:
        attempt.emit(signin, None, "SignIn", "Fail")
        if not signin.prevent_existence_errors:
            raise UserNotFoundException("User does not exist.")
        user_id, salt_hex, v = fake_identity(signin.pool, name)
        exchange = srp.start(pool_name(signin.pool), user_id, salt_hex, v, srp_a)
        # Nothing is kept: the answer's unknown secret block fails as a wrong password would.
        return {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": attempt.new_session_id(),
            "ChallengeParameters": _challenge_parameters(exchange, block, user_id),
        }
    attempt.check_can_sign_in(signin, user)
    if user.password is None and user.status == "RESET_REQUIRED":  # imported: as the password flow
        raise attempt.reset_required(signin)
    offered = signin.params.get("DEVICE_KEY")
    if offered:
        signin.data.offered_device_key = offered
    return verifier_challenge(signin, user, srp_a)


def verifier_challenge(signin: SignIn, user: User, srp_a: str) -> dict[str, Any]:
    """The PASSWORD_VERIFIER challenge of a known user: SALT, SRP_B and a secret block (also
    CUSTOM_AUTH's, when it starts with SRP)."""
    block = srp_exchange.new_block()
    salt_hex, v = user_verifier(signin.pool, user)
    exchange = srp.start(pool_name(signin.pool), user.username, salt_hex, v, srp_a)
    signin.data.srp = srp_exchange.pending(exchange, block)
    return attempt.challenge(
        signin,
        user,
        "PASSWORD_VERIFIER",
        _challenge_parameters(exchange, block, user.username),
    )


def check_verifier(signin: SignIn, user: User) -> bool:
    """Whether the PASSWORD_VERIFIER answer proves the password (failures count towards the
    lockout)."""
    pending, signin.data.srp = signin.data.srp, None
    if pending is None:
        return False
    lock = attempt.lockout(signin, user)
    if not srp_exchange.verify_claim(signin, pending, pool_name(signin.pool), user.username):
        attempt.count_failure(signin, lock)
        return False
    lock.failures = 0
    return True


def srp_flow(signin: SignIn) -> dict[str, Any]:
    name = attempt.require(signin.params, "USERNAME")
    srp_a = attempt.require(signin.params, "SRP_A")
    attempt.check_user_secret_hash(signin, name)
    return begin(signin, name, srp_a)


def password_verifier(signin: SignIn, user: User) -> dict[str, Any]:
    if signin.data.srp is None:
        raise NotAuthorizedException(srp_exchange.INCORRECT)
    if not check_verifier(signin, user):
        raise srp_exchange.failed(signin, user)
    offered = signin.params.get("DEVICE_KEY")
    if offered:
        signin.data.offered_device_key = offered
    return attempt.after_password(signin, user)


def find_session(
    state: State, client: AppClient, responses: dict[str, str], ctx: Ctx
) -> str | None:
    """PASSWORD_VERIFIER answered without a Session (pycognito): the one its block names."""
    return srp_exchange.find_by_block(state, client, responses, lambda data: data.srp)
