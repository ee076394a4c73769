"""The M2M and token-exchange grants at ``/oauth2/token``: ``client_credentials`` issues the
same access token as GetClientToken, and ``urn:ietf:params:oauth:grant-type:token-exchange``
the same token as GetDerivedToken (``act`` for delegation), verified with PyJWT against the
pool's JWKS."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ACCESS = "urn:ietf:params:oauth:token-type:access_token"
ID = "urn:ietf:params:oauth:token-type:id_token"


def verified(site: Any, token: str) -> dict[str, Any]:
    key = jwt.PyJWKClient(site.pool.jwks_url).get_signing_key_from_jwt(token).key
    return jwt.decode(
        token, key, algorithms=["RS256"], issuer=site.pool.issuer, options={"verify_aud": False}
    )


def post(site: Any, client: Any, **form: str) -> requests.Response:
    return requests.post(
        f"{site.base}/oauth2/token", data=form, auth=(client.id, client.secret), timeout=10
    )


@pytest.fixture
def worker(cognito_fake: Any, site: Any) -> Any:
    cognito_fake.call(
        "CreateResourceServer",
        {
            "UserPoolId": site.pool.id,
            "Identifier": "api",
            "Name": "API",
            "Scopes": [{"ScopeName": "read", "ScopeDescription": "read"}],
        },
    )
    return site.pool.create_client(
        "worker",
        flows=["CLIENT_TOKEN_AUTH"],
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["api/read"],
    )


@pytest.fixture
def backend(site: Any) -> Any:
    return site.pool.create_client(
        "backend",
        flows=["TOKEN_EXCHANGE_IMPERSONATION", "TOKEN_EXCHANGE_DELEGATION"],
        secret=True,
    )


def test_client_credentials_matches_get_client_token(site: Any, worker: Any, idp: Any) -> None:
    body = post(site, worker, grant_type="client_credentials").json()
    api = idp.get_client_token(ClientId=worker.id, Secret=worker.secret)
    from_api = verified(site, api["ClientAuthenticationResult"]["AccessToken"])
    from_endpoint = verified(site, body["access_token"])
    volatile = {"jti", "iat", "exp", "auth_time", "origin_jti"}
    assert {k: v for k, v in from_endpoint.items() if k not in volatile} == {
        k: v for k, v in from_api.items() if k not in volatile
    }
    assert body["expires_in"] == api["ClientAuthenticationResult"]["ExpiresIn"]
    bad = requests.post(
        f"{site.base}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(worker.id, "x" * 40),
        timeout=10,
    )
    assert (bad.status_code, bad.json()["error"]) == (400, "invalid_client")


def test_token_exchange_impersonation(site: Any, backend: Any, cognito_fake: Any) -> None:
    user = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    response = post(
        site,
        backend,
        grant_type=EXCHANGE,
        subject_token=user.access_token,
        subject_token_type=ACCESS,
        audience="billing",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["issued_token_type"] == ACCESS
    assert body["token_type"] == "Bearer"
    claims = verified(site, body["access_token"])
    assert claims["sub"] == site.alice.sub
    assert claims["aud"] == "billing"
    assert "act" not in claims
    assert body["scope"] == claims["scope"]


def test_token_exchange_delegation(site: Any, backend: Any, worker: Any, cognito_fake: Any) -> None:
    user = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    actor = post(site, worker, grant_type="client_credentials").json()["access_token"]
    body = post(
        site,
        backend,
        grant_type=EXCHANGE,
        subject_token=user.access_token,
        subject_token_type=ACCESS,
        actor_token=actor,
        actor_token_type=ACCESS,
    ).json()
    claims = verified(site, body["access_token"])
    assert claims["act"] == {"sub": worker.id}
    assert claims["sub"] == site.alice.sub


def test_token_exchange_id_token(site: Any, backend: Any, cognito_fake: Any) -> None:
    user = cognito_fake.hosted_ui(site.web).login("alice", site.password, scope="openid")
    body = post(
        site,
        backend,
        grant_type=EXCHANGE,
        subject_token=user.id_token,
        subject_token_type=ID,
        requested_token_type=ID,
    ).json()
    assert body["issued_token_type"] == ID
    assert body["token_type"] == "N_A"
    assert verified(site, body["access_token"])["token_use"] == "id"


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"subject_token": "", "subject_token_type": ACCESS}, "invalid_request"),
        ({"subject_token": "x", "subject_token_type": "urn:other"}, "invalid_request"),
        ({"subject_token": "not-a-jwt", "subject_token_type": ACCESS}, "invalid_grant"),
        ({"subject_token_type": ACCESS, "audience": "a", "resource": "b"}, "invalid_target"),
        ({"subject_token_type": ACCESS, "scope": "api/read"}, "invalid_scope"),
    ],
)
def test_token_exchange_errors(
    site: Any, backend: Any, cognito_fake: Any, form: dict[str, str], error: str
) -> None:
    user = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    form = {"subject_token": user.access_token, **form}
    response = post(site, backend, grant_type=EXCHANGE, **form)
    assert (response.status_code, response.json()["error"]) == (400, error)


def test_token_exchange_needs_the_flow(site: Any, cognito_fake: Any) -> None:
    user = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    plain = site.pool.create_client("plain", secret=True)
    response = post(
        site, plain, grant_type=EXCHANGE, subject_token=user.access_token, subject_token_type=ACCESS
    )
    assert (response.status_code, response.json()["error"]) == (400, "unauthorized_client")
