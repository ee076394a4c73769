"""GetUserAuthFactors. Choice-based sign-in itself (USER_AUTH) is
``core/signin/choice.py``."""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import passkeys, tokens, user_records
from ..core.factors import allowed_first_factors
from ..core.signin.choice import OTP_CONTACT, verified
from ..state.store import State
from ._registry import operation


@operation("GetUserAuthFactors")
def get_user_auth_factors(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    pool, user = caller.pool, caller.user
    allowed = allowed_first_factors(pool)
    configured = []
    if user.password is not None:
        configured.append("PASSWORD")
    for name in ("EMAIL_OTP", "SMS_OTP"):
        if name in allowed and verified(user, OTP_CONTACT[name]):
            configured.append(name)
    configured.extend(f for f in passkeys.configured(pool, user) if f not in configured)
    out: dict[str, Any] = {"Username": user.username, "ConfiguredUserAuthFactors": configured}
    view = user_records.mfa_members(user)
    for key in ("PreferredMfaSetting", "UserMFASettingList"):
        if key in view:
            out[key] = view[key]
    return out
