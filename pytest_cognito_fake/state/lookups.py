"""Finding records, raising the error AWS raises when they are missing."""

from __future__ import annotations

from ..errors import ResourceNotFoundException, UserNotFoundException
from .store import AppClient, State, User, UserPool


def get_pool(state: State, pool_id: str) -> UserPool:
    pool = state.pools.get(pool_id)
    if pool is None:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return pool


def get_client(state: State, client_id: str, pool_id: str | None = None) -> AppClient:
    """The app client; with ``pool_id``, it must belong to that pool."""
    owner = state.client_index.get(client_id)
    if owner is None or (pool_id is not None and owner != pool_id):
        raise ResourceNotFoundException(f"User pool client {client_id} does not exist.")
    return state.pools[owner].clients[client_id]


def _fold(pool: UserPool, name: str) -> str:
    return name if pool.case_sensitive else name.lower()


def find_user(pool: UserPool, name: str) -> User | None:
    """The user a sign-in name stands for: the username, or an email/phone/alias the pool allows."""
    user = pool.users.get(name)
    if user is not None:
        return user
    key = _fold(pool, name)
    if not pool.case_sensitive:
        for candidate in pool.users.values():
            if candidate.username.lower() == key:
                return candidate
    settings = pool.settings
    for attr in settings.get("UsernameAttributes", []):
        for candidate in pool.users.values():
            value = candidate.attributes.get(attr)
            if value is not None and _fold(pool, value) == key:
                return candidate
    for attr in settings.get("AliasAttributes", []):
        for candidate in pool.users.values():
            value = candidate.attributes.get(attr)
            verified = attr == "preferred_username" or (
                candidate.attributes.get(f"{attr}_verified") == "true"
            )
            if value is not None and verified and _fold(pool, value) == key:
                return candidate
    return None


def get_user(state: State, pool_id: str, name: str) -> User:
    user = find_user(get_pool(state, pool_id), name)
    if user is None:
        raise UserNotFoundException("User does not exist.")
    return user
