"""Docs: "Machine-to-machine and token exchange" — GetClientToken, the client-credentials
grant, and GetDerivedToken with delegation, each token checked with PyJWT against the JWKS."""

from __future__ import annotations

from typing import Any

import jwt
import requests

PASSWORD = "Passw0rd!"


def verify(pool: Any, token: str) -> dict[str, Any]:
    """What a resource server does with a bearer token."""
    key = jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], issuer=pool.issuer)


# ------------------------------------------------------------------------- M2M
def test_a_worker_gets_a_token(cognito_fake: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": pool.id,
            "Identifier": "orders",
            "Name": "Orders API",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
        },
    )
    worker = pool.create_client(
        "worker", flows=["CLIENT_TOKEN_AUTH"], secret=True, AllowedOAuthScopes=["orders/read"]
    )

    idp = cognito_fake.boto3_client()
    result = idp.get_client_token(ClientId=worker.id, Secret=worker.secret)
    claims = verify(pool, result["ClientAuthenticationResult"]["AccessToken"])
    assert claims["scope"] == "orders/read"
    assert claims["client_id"] == claims["sub"] == worker.id


# ----------------------------------------------------------- the token endpoint
def test_the_same_grant_at_the_token_endpoint(cognito_fake: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "app"})
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": pool.id,
            "Identifier": "orders",
            "Name": "Orders API",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
        },
    )
    worker = pool.create_client(
        "worker",
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read"],
    )

    response = requests.post(
        f"{cognito_fake.url}/domain/app/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "orders/read"},
        auth=(worker.id, worker.secret),
        timeout=10,
    )
    assert verify(pool, response.json()["access_token"])["scope"] == "orders/read"


# -------------------------------------------------------------- token exchange
def test_a_backend_acts_for_the_user(cognito_fake: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    alice = pool.create_user("alice", password=PASSWORD)
    backend = pool.create_client("backend", flows=["TOKEN_EXCHANGE_DELEGATION"], secret=True)
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": pool.id,
            "Identifier": "orders",
            "Name": "Orders API",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
        },
    )
    gateway = pool.create_client(
        "gateway", flows=["CLIENT_TOKEN_AUTH"], secret=True, AllowedOAuthScopes=["orders/read"]
    )
    idp = cognito_fake.boto3_client()
    user_token = alice.sign_in(web).access_token
    actor = idp.get_client_token(ClientId=gateway.id, Secret=gateway.secret)

    derived = idp.get_derived_token(
        ClientId=backend.id,
        ClientSecret=backend.secret,
        SubjectToken=user_token,
        SubjectTokenType="ACCESS_TOKEN",
        ActorToken=actor["ClientAuthenticationResult"]["AccessToken"],
        ActorTokenType="ACCESS_TOKEN",
        Audiences=["billing"],
    )
    claims = jwt.decode(
        derived["IssuedToken"],
        jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(derived["IssuedToken"]).key,
        algorithms=["RS256"],
        issuer=pool.issuer,
        audience="billing",
    )
    assert claims["sub"] == alice.sub  # the user, ...
    assert claims["act"] == {"sub": gateway.id}  # ... as the gateway acts for them
