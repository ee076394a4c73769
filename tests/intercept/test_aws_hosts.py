"""With the aws issuer, the AWS host names of the fake's pools and domains are answered by the
fake in process, through urllib, requests, httpx (sync and async) and aiohttp alike, while the
network guard refuses everything but loopback."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlencode

import jwt
import pytest
import requests

pytestmark = pytest.mark.cognito_fake(issuer="aws")
REGION = "us-east-1"
SERVICE = f"https://cognito-idp.{REGION}.amazonaws.com"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _machine(cognito_fake: Any, pool: Any) -> Any:
    """An app client that may ask /oauth2/token for client_credentials tokens."""
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": pool.id,
            "Identifier": "orders",
            "Name": "orders",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read orders"}],
        },
    )
    return pool.create_client(
        "machine",
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read"],
    )


def _basic(app_client: Any) -> dict[str, str]:
    pair = f"{app_client.id}:{app_client.secret}".encode()
    return {**FORM, "Authorization": "Basic " + base64.b64encode(pair).decode()}


def test_jwks_and_discovery_are_the_fakes_own_bytes(cognito_fake, network, client):
    send = client.send
    pool = cognito_fake.create_user_pool("app")
    for document in ("jwks.json", "openid-configuration"):
        own = requests.get(f"{cognito_fake.url}/{pool.id}/.well-known/{document}", timeout=5)
        reply = send("GET", f"{SERVICE}/{pool.id}/.well-known/{document}")
        assert reply.status == 200
        assert reply.body == own.content
    assert json.loads(reply.body)["issuer"] == f"{SERVICE}/{pool.id}"
    assert network.attempts == []


def test_a_pool_the_fake_does_not_hold_is_unknown_as_on_aws(cognito_fake, network, client):
    send = client.send
    elsewhere = cognito_fake.create_user_pool("app")  # a us-east-1 pool, asked of eu-west-1
    for url in (
        f"{SERVICE}/us-east-1_nope/.well-known/jwks.json",
        f"https://cognito-idp.eu-west-1.amazonaws.com/{elsewhere.id}/.well-known/jwks.json",
    ):
        reply = send("GET", url)
        assert reply.status == 404
        assert json.loads(reply.body)["message"].endswith("does not exist.")
    assert network.attempts == []


def test_tokens_verify_against_the_aws_jwks_url(cognito_fake, network, client):
    send = client.send
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    tokens = pool.create_user("alice", password="Passw0rd!").sign_in(web)
    keys = jwt.PyJWKSet.from_json(send("GET", f"{SERVICE}/{pool.id}/.well-known/jwks.json").body)
    kid = jwt.get_unverified_header(tokens.id_token)["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    claims = jwt.decode(
        tokens.id_token, key, algorithms=["RS256"], audience=web.id, issuer=f"{SERVICE}/{pool.id}"
    )
    assert claims["cognito:username"] == "alice"
    assert network.attempts == []


@pytest.mark.parametrize("custom", [False, True], ids=["prefix", "custom"])
def test_client_credentials_on_the_pools_domain(cognito_fake, network, client, custom):
    send = client.send
    pool = cognito_fake.create_user_pool("app")
    domain = "auth.shop.example" if custom else "shop"
    request: dict[str, Any] = {"UserPoolId": pool.id, "Domain": domain}
    if custom:
        arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
        request["CustomDomainConfig"] = {"CertificateArn": arn}
    cognito_fake.call("CreateUserPoolDomain", request)
    machine = _machine(cognito_fake, pool)
    host = domain if custom else f"shop.auth.{REGION}.amazoncognito.com"
    body = urlencode({"grant_type": "client_credentials", "scope": "orders/read"}).encode()
    reply = send("POST", f"https://{host}/oauth2/token", body, _basic(machine))
    assert reply.status == 200, reply.body
    token = json.loads(reply.body)["access_token"]
    assert jwt.decode(token, options={"verify_signature": False})["client_id"] == machine.id
    # The OAuth error answers come from the fake too.
    reply = send("POST", f"https://{host}/oauth2/token", body, FORM)
    assert (reply.status, json.loads(reply.body)["error"]) == (400, "invalid_client")
    assert network.attempts == []


def test_a_cognito_domain_no_pool_holds_does_not_resolve(cognito_fake, network, client):
    send = client.send
    pool = cognito_fake.create_user_pool("app")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    for host in (
        f"nope.auth.{REGION}.amazoncognito.com",
        "shop.auth.eu-west-1.amazoncognito.com",  # the domain is in us-east-1
    ):
        with pytest.raises(client.no_such_host):
            send("POST", f"https://{host}/oauth2/token", b"grant_type=client_credentials", FORM)
    assert network.attempts == []


def test_other_urls_are_left_alone(cognito_fake, network, client):
    send = client.send
    pool = cognito_fake.create_user_pool("app")
    # The fake's own URL goes over loopback, as always.
    assert send("GET", f"{cognito_fake.url}/{pool.id}/.well-known/jwks.json").status == 200
    # Any other name reaches the network stack (here: the guard), not the fake.
    with pytest.raises(Exception):  # noqa: B017, PT011 — each library has its own type
        send("GET", f"https://api.example.com/{pool.id}/.well-known/jwks.json")
    assert network.attempts
    assert all("api.example.com" in attempt for attempt in network.attempts)


def test_the_hosted_ui_signs_in_on_the_aws_domain_name(cognito_fake, network):
    """Redirects and the session cookie work on the AWS name (requests, through the test-side
    user agent): a full authorization-code flow, then a silent one on the live cookie."""
    from pytest_cognito_fake.hosted_ui.agent import HostedUI

    pool = cognito_fake.create_user_pool("app")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    web = pool.create_client(
        "web",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=["https://app.example/callback"],
        SupportedIdentityProviders=["COGNITO"],
    )
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    agent = HostedUI(
        f"https://shop.auth.{REGION}.amazoncognito.com", web.id, "https://app.example/callback"
    )
    tokens = agent.login("alice", "Passw0rd!", scope="openid email")
    assert jwt.decode(tokens.id_token, options={"verify_signature": False})["iss"] == (
        f"{SERVICE}/{pool.id}"
    )
    assert agent.cookie
    assert agent.authorize(scope="openid").tokens is not None
    assert network.attempts == []


@pytest.mark.cognito_fake(issuer="aws", intercept=False)
def test_the_marker_turns_it_off(cognito_fake, network):
    pool = cognito_fake.create_user_pool("app")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json", timeout=5)
    assert network.attempts == [f"lookup cognito-idp.{REGION}.amazonaws.com"]


@pytest.mark.cognito_fake(issuer="local")
def test_the_local_issuer_leaves_aws_names_alone(cognito_fake, network):
    pool = cognito_fake.create_user_pool("app")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json", timeout=5)
    assert network.attempts == [f"lookup cognito-idp.{REGION}.amazonaws.com"]
