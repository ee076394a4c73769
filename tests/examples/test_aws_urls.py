"""Docs: "App code unchanged" — code that names AWS's URLs, tested against the fake as is.

The application below builds its JWKS URL and its token endpoint from the region, the pool id
and the domain prefix, as it does in production. With ``issuer="aws"`` the fake signs tokens
under the AWS issuer and answers those URLs in the test process.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests
import responses
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify, request

from pytest_cognito_fake.api import load_all

load_all()  # before pytester's in-process run, which forgets modules it imported

REGION = "us-east-1"

# ----------------------------------------------------- the application, as it ships


def create_app(user_pool_id: str, client_id: str) -> Flask:
    """An API that accepts access tokens of ``client_id`` (PyJWT's PyJWKClient, urllib)."""
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{user_pool_id}"
    jwks = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
    app = Flask(__name__)

    @app.get("/me")
    def me() -> Any:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            key = jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(token, key, algorithms=["RS256"], issuer=issuer)
        except jwt.PyJWTError as exc:
            return jsonify(error=str(exc)), 401
        if claims.get("token_use") != "access" or claims.get("client_id") != client_id:
            return jsonify(error="not a token of this app"), 401
        return jsonify(username=claims["username"])

    return app


def verify_id_token(token: str, user_pool_id: str, client_id: str) -> dict[str, Any]:
    """A hand-written verifier: the JWKS fetched with requests."""
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{user_pool_id}"
    keys = requests.get(f"{issuer}/.well-known/jwks.json", timeout=5).json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid)).key
    return jwt.decode(token, key, algorithms=["RS256"], audience=client_id, issuer=issuer)


def machine_token(domain: str, client_id: str, client_secret: str, scope: str) -> str:
    """A backend's machine-to-machine token (OAuth 2.0 client credentials)."""
    response = requests.post(
        f"https://{domain}.auth.{REGION}.amazoncognito.com/oauth2/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=(client_id, client_secret),
        timeout=5,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


# ------------------------------------------------------------------------ the tests

pytestmark = pytest.mark.cognito_fake(issuer="aws")  # or cognito_fake_issuer = "aws" (ini)


@pytest.fixture(scope="module")
def forger_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def forged(token: str, key: rsa.RSAPrivateKey) -> str:
    """The same header and claims, signed with a key that is not the pool's."""
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": header["kid"]})


def test_the_api_accepts_the_fakes_tokens_and_refuses_a_forged_one(cognito_fake, forger_key):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    tokens = pool.create_user("alice", password="Passw0rd!").sign_in(web)
    api = create_app(pool.id, web.id).test_client()

    ok = api.get("/me", headers={"Authorization": f"Bearer {tokens.access_token}"})
    assert (ok.status_code, ok.json) == (200, {"username": "alice"})

    bad = forged(tokens.access_token, forger_key)
    refused = api.get("/me", headers={"Authorization": f"Bearer {bad}"})
    assert refused.status_code == 401
    assert refused.json == {"error": "Signature verification failed"}


def test_the_requests_verifier(cognito_fake, forger_key):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    tokens = pool.create_user("alice", password="Passw0rd!").sign_in(web)

    assert verify_id_token(tokens.id_token, pool.id, web.id)["cognito:username"] == "alice"
    with pytest.raises(jwt.InvalidSignatureError):
        verify_id_token(forged(tokens.id_token, forger_key), pool.id, web.id)


def test_a_machine_to_machine_token(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": pool.id,
            "Identifier": "orders",
            "Name": "orders",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
        },
    )
    machine = pool.create_client(
        "machine",
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read"],
    )

    token = machine_token("shop", machine.id, machine.secret, "orders/read")

    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool.id}"
    key = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json").get_signing_key_from_jwt(token)
    claims = jwt.decode(token, key, algorithms=["RS256"], issuer=issuer)
    assert (claims["client_id"], claims["scope"]) == (machine.id, "orders/read")


@pytest.mark.cognito_fake(issuer="aws", intercept=False)
@responses.activate
def test_your_own_mock_of_the_jwks_url(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    tokens = pool.create_user("alice", password="Passw0rd!").sign_in(web)
    issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool.id}"
    responses.get(f"{issuer}/.well-known/jwks.json", json=cognito_fake.jwks(pool))

    assert verify_id_token(tokens.id_token, pool.id, web.id)["cognito:username"] == "alice"


@pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")
def test_for_the_whole_suite(pytester):
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        cognito_fake_issuer = "aws"
        cognito_fake_intercept = true  # the default; false leaves the AWS names alone
        """
    )
    pytester.makepyfile(
        """
        import jwt

        def test_pool(cognito_fake):
            pool = cognito_fake.create_user_pool("app")
            url = f"https://cognito-idp.us-east-1.amazonaws.com/{pool.id}/.well-known/jwks.json"
            assert jwt.PyJWKClient(url).get_jwk_set().keys
        """
    )
    pytester.runpytest("-p", "no:benchmark").assert_outcomes(passed=1)
