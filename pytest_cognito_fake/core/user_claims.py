"""Claims that come from the user's other records: groups (cognito:groups, cognito:roles,
cognito:preferred_role) and linked identities. Read at minting time, so a refresh reflects
the current memberships."""

from __future__ import annotations

import json
from typing import Any

from ..state.store import User, UserPool


def groups_by_name(pool: UserPool) -> dict[str, dict[str, Any]]:
    return pool.groups


def groups_of(pool: UserPool, user: User) -> list[dict[str, Any]]:
    """The user's groups, lowest Precedence first (groups without one last), then by name."""
    mine = [g for g in groups_by_name(pool).values() if user.sub in g["members"]]
    return sorted(mine, key=lambda g: (g.get("Precedence") is None, g.get("Precedence", 0)))


def add_group_claims(pool: UserPool, user: User, claims: dict[str, Any], token_use: str) -> None:
    """cognito:groups in both tokens; cognito:roles and cognito:preferred_role in the ID token.

    Read at minting time, so a refresh reflects the current memberships.
    """
    groups = groups_of(pool, user)
    if not groups:
        return
    claims["cognito:groups"] = [g["GroupName"] for g in groups]
    if token_use != "id":
        return
    roles = [g["RoleArn"] for g in groups if g.get("RoleArn")]
    if roles:
        claims["cognito:roles"] = list(dict.fromkeys(roles))
        preferred = preferred_role([g for g in groups if g.get("RoleArn")])
        if preferred is not None:
            claims["cognito:preferred_role"] = preferred


def preferred_role(ranked: list[dict[str, Any]]) -> str | None:
    """The role of the lowest Precedence; groups tied there with different roles give none."""
    best = ranked[0].get("Precedence")
    tied = {g["RoleArn"] for g in ranked if g.get("Precedence") == best}
    return tied.pop() if len(tied) == 1 else None


def add_identities_claim(user: User, claims: dict[str, Any]) -> None:
    """The ID token lists the user's ``identities`` as objects whose values are strings,
    whatever the scopes (AWS: a claim pre token generation cannot change)."""
    raw = user.attributes.get("identities")
    if not isinstance(raw, str):
        return
    try:
        links = json.loads(raw)
    except ValueError:
        return
    claims["identities"] = [
        {key: _claim_string(value) for key, value in link.items()} for link in links
    ]


def _claim_string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
