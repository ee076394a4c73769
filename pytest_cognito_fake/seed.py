"""Seed files: pools, app clients, groups and users, described once in JSON or TOML.

The same description seeds the standalone server (``--seed FILE``) and a test
(``cognito_fake.seed(FILE)``). Every item goes through the facade's seed helpers, so it meets
the same validation as the API; ids given in the file are kept, so a front end's configuration
stays valid across restarts.

    [[pools]]
    id = "us-east-1_Example01"        # optional: a fixed pool id
    name = "app"
    AutoVerifiedAttributes = ["email"]  # any CreateUserPool member (or snake_case)

    [[pools.clients]]
    id = "exampleclient0000000000000"   # optional: a fixed client id
    name = "web"
    flows = ["USER_PASSWORD_AUTH", "USER_SRP_AUTH"]

    [[pools.groups]]
    name = "admins"
    Precedence = 1                      # any CreateGroup member

    [[pools.users]]
    username = "alice"
    password = "Passw0rd!"
    attributes = { email = "alice@example.com" }
    groups = ["admins"]
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import errors

if TYPE_CHECKING:
    from .fake import AppClient, CognitoFake, Pool, User

POOL_KEYS = {"id", "name", "clients", "groups", "users"}
CLIENT_KEYS = {"id", "name", "flows", "secret"}
USER_KEYS = {"username", "password", "status", "enabled", "attributes", "groups", "sub"}
_CLIENT_ID = re.compile(r"[\w+]{1,128}")
_POOL_SUFFIX = re.compile(r"[0-9a-zA-Z]+")


class SeedError(ValueError):
    """A seed file that cannot be applied; the message names the file and the item."""


@dataclass
class Seeded:
    """Handles on what a seed created: pools and app clients by name, users by username."""

    pools: dict[str, Pool] = field(default_factory=dict)
    clients: dict[str, AppClient] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def load(path: str | Path) -> dict[str, Any]:
    """A seed file's content: ``.toml`` as TOML, anything else as JSON."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"{path}: cannot read the seed file: {exc.strerror}") from None
    try:
        if path.suffix.lower() == ".toml":
            if sys.version_info >= (3, 11):
                import tomllib
            else:  # pragma: no cover - Python 3.10
                import tomli as tomllib
            loaded: dict[str, Any] = tomllib.loads(text)
            return loaded
        data = json.loads(text)
    except ValueError as exc:  # JSONDecodeError and TOMLDecodeError are ValueErrors
        raise SeedError(f"{path}: not valid {_kind(path)}: {exc}") from None
    if not isinstance(data, dict):
        raise SeedError(f"{path}: a seed file is an object with a 'pools' list")
    return data


def _kind(path: Path) -> str:
    return "TOML" if path.suffix.lower() == ".toml" else "JSON"


def apply(fake: CognitoFake, data: Mapping[str, Any], source: str = "seed") -> Seeded:
    """Create everything ``data`` describes; a SeedError names ``source`` and the item."""
    unknown = set(data) - {"pools"}
    if unknown:
        raise SeedError(f"{source}: unknown top-level keys {sorted(unknown)}; known: pools")
    seeded = Seeded()
    for n, spec in enumerate(_tables(data.get("pools", []), f"{source}: pools")):
        _pool(fake, spec, seeded, f"{source}: pools[{n}] ({spec.get('name', '?')})")
    return seeded


@contextlib.contextmanager
def _item(where: str) -> Iterator[None]:
    """Errors of the API or the helpers, as a SeedError naming the item."""
    try:
        yield
    except SeedError:
        raise
    except (errors.CognitoError, TypeError, ValueError, LookupError) as exc:
        raise SeedError(f"{where}: {_describe(exc)}") from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, errors.CognitoError):
        return f"{exc.code}: {exc.message}"
    return str(exc)


def _tables(value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SeedError(f"{where} must be a list of tables (objects)")
    return value


def _check_keys(spec: Mapping[str, Any], known: set[str], where: str) -> None:
    if "username" not in spec:
        raise SeedError(f"{where}: 'username' is required")
    unknown = set(spec) - known
    if unknown:
        raise SeedError(f"{where}: unknown keys {sorted(unknown)}; known: {sorted(known)}")


def _members(spec: Mapping[str, Any], reserved: set[str]) -> dict[str, Any]:
    return {k: v for k, v in spec.items() if k not in reserved}


def _pool(fake: CognitoFake, spec: dict[str, Any], seeded: Seeded, where: str) -> None:
    if "name" not in spec:
        raise SeedError(f"{where}: 'name' is required")
    if spec["name"] in seeded.pools:
        raise SeedError(f"{where}: a second pool named {spec['name']!r}")
    with _item(where):
        pool = fake.create_user_pool(spec["name"], **_members(spec, POOL_KEYS))
        if "id" in spec:
            pool = _fix_pool_id(fake, pool, str(spec["id"]))
    seeded.pools[pool.name] = pool
    for n, item in enumerate(_tables(spec.get("clients", []), f"{where}: clients")):
        if "name" not in item:
            raise SeedError(f"{where}: clients[{n}]: 'name' is required")
        if item["name"] in seeded.clients:
            raise SeedError(f"{where}: clients[{n}]: a second app client named {item['name']!r}")
        with _item(f"{where}: clients[{n}] ({item['name']})"):
            seeded.clients[item["name"]] = _client(pool, item)
    for n, item in enumerate(_tables(spec.get("groups", []), f"{where}: groups")):
        if "name" not in item:
            raise SeedError(f"{where}: groups[{n}]: 'name' is required")
        with _item(f"{where}: groups[{n}] ({item['name']})"):
            _group(fake, pool, item)
    for n, item in enumerate(_tables(spec.get("users", []), f"{where}: users")):
        _check_keys(item, USER_KEYS, f"{where}: users[{n}]")
        with _item(f"{where}: users[{n}] ({item['username']})"):
            seeded.users[item["username"]] = _user(fake, pool, item)


def _client(pool: Pool, spec: dict[str, Any]) -> AppClient:
    members = _members(spec, CLIENT_KEYS)
    secret = spec.get("secret", False)
    if isinstance(secret, str):
        members["ClientSecret"] = secret
    client = pool.create_client(
        spec["name"], flows=spec.get("flows"), secret=secret is True, **members
    )
    if "id" in spec:
        client = _fix_client_id(pool, client, str(spec["id"]))
    return client


def _group(fake: CognitoFake, pool: Pool, spec: dict[str, Any]) -> None:
    from .fake import _members as request_members

    members = request_members("CreateGroup", _members(spec, {"name"}))
    fake.call("CreateGroup", {"UserPoolId": pool.id, "GroupName": spec["name"], **members})


def _user(fake: CognitoFake, pool: Pool, spec: dict[str, Any]) -> User:
    attributes = spec.get("attributes", {})
    if not isinstance(attributes, dict):
        raise TypeError("attributes must be a table of names to values")
    user = pool.create_user(
        spec["username"],
        spec.get("password"),
        status=spec.get("status"),
        enabled=bool(spec.get("enabled", True)),
        attributes={k: str(v) for k, v in attributes.items()},
    )
    if "sub" in spec:
        user = _fix_sub(fake, pool, user, str(spec["sub"]))
    for group in spec.get("groups", []):
        fake.call(
            "AdminAddUserToGroup",
            {"UserPoolId": pool.id, "Username": user.username, "GroupName": group},
        )
    return user


def _fix_pool_id(fake: CognitoFake, pool: Pool, pool_id: str) -> Pool:
    """Give a pool just created (nothing refers to it yet) the id the seed names."""
    from .fake import Pool

    region, _, suffix = pool_id.partition("_")
    record = pool.record
    if region != record.region or not _POOL_SUFFIX.fullmatch(suffix) or len(pool_id) > 55:
        raise ValueError(
            f"pool id {pool_id!r} is not {record.region}_ followed by letters and digits"
        )
    state = fake.service.state
    with fake.service.lock:
        if pool_id in state.pools:
            raise ValueError(f"pool id {pool_id!r} is already taken")
        state.pools[pool_id] = state.pools.pop(pool.id)
        record.pool_id = pool_id
    return Pool(fake, pool_id)


def _fix_client_id(pool: Pool, client: AppClient, client_id: str) -> AppClient:
    """Give an app client just created the id the seed names."""
    from .fake import AppClient

    if not _CLIENT_ID.fullmatch(client_id):
        raise ValueError(f"client id {client_id!r} is not 1-128 letters, digits, _ or +")
    service = pool._fake.service
    with service.lock:
        state = service.state
        if client_id in state.client_index:
            raise ValueError(f"client id {client_id!r} is already taken")
        record = pool.record.clients.pop(client.id)
        del state.client_index[client.id]
        record.client_id = client_id
        for secret in record.secrets:
            secret["id"] = secret["id"].replace(client.id, client_id, 1)
        pool.record.clients[client_id] = record
        state.client_index[client_id] = pool.id
    return AppClient(pool._fake, pool, client_id)


def _fix_sub(fake: CognitoFake, pool: Pool, user: User, sub: str) -> User:
    """Give a user just created the ``sub`` the seed names (a UUID; in pools that sign in
    with email or phone, the internal username is the sub, so it changes too)."""
    from .fake import User

    try:
        sub = str(uuid.UUID(sub))
    except ValueError:
        raise ValueError(f"sub {sub!r} is not a UUID") from None
    with fake.service.lock:
        users = pool.record.users
        if any(other.sub == sub for other in users.values()):
            raise ValueError(f"sub {sub!r} is already taken")
        record = users.pop(user.username)
        if record.username == record.sub:
            record.username = sub
        record.sub = sub
        record.attributes["sub"] = sub
        users[record.username] = record
    return User(fake, pool, record.username)
