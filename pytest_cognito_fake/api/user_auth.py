"""GetUserAuthFactors and AdminGetUserAuthFactors. Choice-based sign-in itself (USER_AUTH) is
``core/signin/choice.py``."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import passkeys, tokens, user_records
from ..core.factors import allowed_first_factors, pool_factors
from ..core.signin.choice import OTP_CONTACT, verified
from ..state import lookups
from ..state.store import State, User, UserPool
from ._registry import operation


def _software_token_factor(pool: UserPool, user: User) -> bool:
    """SOFTWARE_TOKEN (an MFA-only factor) is configured when the user has a verified TOTP
    token. Unconfirmed: the fake also asks that the pool offer TOTP MFA; the alternative is
    the verified token alone."""
    return bool(user.software_token.secret) and ("SOFTWARE_TOKEN_MFA" in pool_factors(pool))


def auth_factors(pool: UserPool, user: User) -> dict[str, Any]:
    """The (Admin)GetUserAuthFactors answer for ``user``."""
    allowed = allowed_first_factors(pool)
    configured = []
    if user.password is not None:
        configured.append("PASSWORD")
    for name in ("EMAIL_OTP", "SMS_OTP"):
        if name in allowed and verified(user, OTP_CONTACT[name]):
            configured.append(name)
    configured.extend(f for f in passkeys.configured(pool, user) if f not in configured)
    if _software_token_factor(pool, user):
        configured.append("SOFTWARE_TOKEN")
    out: dict[str, Any] = {"Username": user.username, "ConfiguredUserAuthFactors": configured}
    view = user_records.mfa_members(user)
    for key in ("PreferredMfaSetting", "UserMFASettingList"):
        if key in view:
            out[key] = view[key]
    return out


@operation("GetUserAuthFactors")
def get_user_auth_factors(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    return auth_factors(caller.pool, caller.user)


@operation("AdminGetUserAuthFactors")
def admin_get_user_auth_factors(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Any user status will do: an admin may look at users who cannot sign in."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    return auth_factors(pool, lookups.get_user(state, pool.pool_id, req["Username"]))
