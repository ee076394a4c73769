"""A pool with a domain, OAuth app clients and a user, for the hosted-UI tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

CALLBACK = "http://127.0.0.1:9/callback"
SIGNED_OUT = "http://127.0.0.1:9/signed-out"
PASSWORD = "Passw0rd!"


def oauth_client(pool: Any, name: str, **members: Any) -> Any:
    """An app client set up for the hosted UI (code flow, COGNITO sign-in)."""
    settings: dict[str, Any] = {
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code", "implicit"],
        "AllowedOAuthScopes": [
            "openid",
            "email",
            "profile",
            "phone",
            "aws.cognito.signin.user.admin",
        ],
        "CallbackURLs": [CALLBACK],
        "LogoutURLs": [SIGNED_OUT],
        "SupportedIdentityProviders": ["COGNITO"],
    }
    settings.update(members)
    return pool.create_client(name, **settings)


@dataclass
class Site:
    """What a hosted-UI test needs: the pool (with domain), its clients, a user."""

    pool: Any
    web: Any  # public client, code + implicit
    backend: Any  # client with a secret
    alice: Any
    base: str  # the domain's URL on the fake
    fake_url: str
    callback: str = CALLBACK
    signed_out: str = SIGNED_OUT
    password: str = PASSWORD

    def client(self, name: str, pool: Any = None, **members: Any) -> Any:
        """Another hosted-UI app client (of this pool unless ``pool`` is given)."""
        return oauth_client(pool or self.pool, name, **members)


@pytest.fixture
def site(cognito_fake: Any) -> Site:
    pool = cognito_fake.create_user_pool("shop")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    web = oauth_client(pool, "web")
    backend = oauth_client(pool, "backend", secret=True, AllowedOAuthFlows=["code"])
    alice = pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )
    return Site(pool, web, backend, alice, f"{cognito_fake.url}/domain/shop", cognito_fake.url)
