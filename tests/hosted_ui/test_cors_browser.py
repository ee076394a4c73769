"""Single-page apps call Cognito from the browser: the API and the OAuth2/OIDC endpoints must
answer CORS preflights and expose their headers. A real Chromium enforces it here."""

from __future__ import annotations

from typing import Any

import pytest

FETCH_API = """async ([url, target, body]) => {
    const r = await fetch(url, {method: "POST", body: JSON.stringify(body),
        headers: {"Content-Type": "application/x-amz-json-1.1",
                  "X-Amz-Target": "AWSCognitoIdentityProviderService." + target,
                  "X-Amz-User-Agent": "aws-amplify/6"}});
    return {status: r.status, body: await r.json(),
            requestId: r.headers.get("x-amzn-requestid"),
            errorType: r.headers.get("x-amzn-errortype")};
}"""

FETCH_FORM = """async ([url, form]) => {
    const r = await fetch(url, {method: "POST", body: new URLSearchParams(form)});
    return {status: r.status, body: await r.json()};
}"""

FETCH_GET = """async (url) => (await fetch(url)).json()"""


@pytest.fixture
def spa(page: Any, app_url: str) -> Any:
    """A page on another origin (the app's), as a single-page app runs."""
    page.goto(f"{app_url}/spa")
    return page


def test_api_calls_from_another_origin(cognito_fake: Any, spa: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    auth = {
        "ClientId": web.id,
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    }

    ok = spa.evaluate(FETCH_API, [cognito_fake.url, "InitiateAuth", auth])
    assert ok["status"] == 200
    assert ok["body"]["AuthenticationResult"]["TokenType"] == "Bearer"
    assert ok["requestId"]  # exposed to scripts, as Amplify reads it

    bad = {**auth, "AuthParameters": {"USERNAME": "alice", "PASSWORD": "wrong"}}
    refused = spa.evaluate(FETCH_API, [cognito_fake.url, "InitiateAuth", bad])
    assert refused["status"] == 400
    assert refused["body"] == {
        "__type": "NotAuthorizedException",
        "message": "Incorrect username or password.",
    }
    assert refused["errorType"] == "NotAuthorizedException:"


def test_oidc_discovery_jwks_and_token_endpoint_from_another_origin(
    cognito_fake: Any, spa: Any
) -> None:
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!")
    discovery = spa.evaluate(
        FETCH_GET, f"{cognito_fake.url}/{pool.id}/.well-known/openid-configuration"
    )
    assert discovery["issuer"] == pool.issuer
    jwks = spa.evaluate(FETCH_GET, discovery["jwks_uri"])
    assert len(jwks["keys"]) == 2

    tokens = alice.sign_in(web)
    refreshed = spa.evaluate(
        FETCH_FORM,
        [
            discovery["token_endpoint"],
            {
                "grant_type": "refresh_token",
                "client_id": web.id,
                "refresh_token": tokens.refresh_token,
            },
        ],
    )
    assert refreshed["status"] == 200
    assert refreshed["body"]["token_type"] == "Bearer"
