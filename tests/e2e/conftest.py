"""Setup the boto3 tests share: a plain pool, a password-flow app client, alice, and a boto3
client without input checks. A test module overrides ``pool`` (or any other) where it needs
other settings; ``web`` and ``alice`` then build on that module's pool."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config

from ..helpers import PASSWORD

_RAW: dict[str, Any] = {}


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    return cognito_fake.create_user_pool("app")


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH"])


@pytest.fixture
def alice(pool: Any) -> Any:
    return pool.create_user("alice", password=PASSWORD, email="alice@example.com")


@pytest.fixture
def raw(cognito_fake: Any) -> Any:
    """A boto3 client that leaves input checks to the service, to see AWS's own messages
    (cached per server: creating a client is slow)."""
    if cognito_fake.url not in _RAW:
        unchecked = Config(
            parameter_validation=False, retries={"mode": "legacy", "max_attempts": 1}
        )
        _RAW[cognito_fake.url] = cognito_fake.boto3_client(config=unchecked)
    return _RAW[cognito_fake.url]
