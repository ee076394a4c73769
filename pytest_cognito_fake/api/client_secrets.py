"""Client-secret rotation: up to two live secrets per confidential app client.

Secrets live in ``AppClient.secrets`` ({"id", "value", "created"}); sign-in accepts a
SECRET_HASH made with any of them (``core.attempt.check_secret_hash``).
"""

from __future__ import annotations

from typing import Any

from ..context import Ctx
from ..core import ids
from ..errors import InvalidParameterException, LimitExceededException, ResourceNotFoundException
from ..state import lookups
from ..state.store import AppClient, State
from ._registry import operation

MAX_SECRETS = 2


def _client(state: State, req: dict[str, Any]) -> AppClient:
    lookups.get_pool(state, req["UserPoolId"])
    return lookups.get_client(state, req["ClientId"], req["UserPoolId"])


def _secret_id(client: AppClient, created: float) -> str:
    """``<client-id>--<epoch-create-time>`` (milliseconds here), unique within the client."""
    stamp = int(created * 1000)
    taken = {entry["id"] for entry in client.secrets}
    while f"{client.client_id}--{stamp}" in taken:
        stamp += 1
    return f"{client.client_id}--{stamp}"


@operation("AddUserPoolClientSecret")
def add_user_pool_client_secret(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """The value is returned only when the service generated it, as AWS documents."""
    client = _client(state, req)
    if not client.secrets:
        raise InvalidParameterException(
            f"Client {client.client_id} is not configured with a client secret."
        )
    if len(client.secrets) >= MAX_SECRETS:
        raise LimitExceededException(
            f"Client {client.client_id} already has the maximum of {MAX_SECRETS} client secrets."
        )
    given = req.get("ClientSecret")
    entry = {
        "id": _secret_id(client, ctx.now),
        "value": given or ids.client_secret(),
        "created": ctx.now,
    }
    client.secrets.append(entry)
    descriptor: dict[str, Any] = {"ClientSecretId": entry["id"]}
    if not given:
        descriptor["ClientSecretValue"] = entry["value"]
    descriptor["ClientSecretCreateDate"] = entry["created"]
    return {"ClientSecretDescriptor": descriptor}


@operation("ListUserPoolClientSecrets")
def list_user_pool_client_secrets(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Ids and dates only: AWS never reveals a secret's value here (and never paginates)."""
    client = _client(state, req)
    return {
        "ClientSecrets": [
            {"ClientSecretId": entry["id"], "ClientSecretCreateDate": entry["created"]}
            for entry in client.secrets
        ]
    }


@operation("DeleteUserPoolClientSecret")
def delete_user_pool_client_secret(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    client = _client(state, req)
    secret_id = req["ClientSecretId"]
    entry = next((e for e in client.secrets if e["id"] == secret_id), None)
    if entry is None:
        raise ResourceNotFoundException(f"Client secret {secret_id} does not exist.")
    if len(client.secrets) == 1:
        raise InvalidParameterException("The last client secret of a client cannot be deleted.")
    client.secrets.remove(entry)
    return {}
