"""OAuth 2.0 client libraries nobody here wrote, against the fake: authlib and
requests-oauthlib run the code flow with PKCE, refresh, and client credentials."""

from __future__ import annotations

import jwt
import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session as AuthlibSession
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session as OAuthlibSession


def _browser_login(url: str, password: str) -> str:
    """What the user does: open the authorize URL, fill the form; returns the callback URL."""
    http = requests.Session()
    page = http.get(url)  # follows the 302 to /login
    assert 'id="signInFormUsername"' in page.text
    response = http.post(
        page.url,
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "alice", "password": password},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return response.headers["Location"]


def _verify_id_token(site, id_token, nonce=None):
    keys = jwt.PyJWKClient(site.pool.jwks_url)
    claims = jwt.decode(
        id_token,
        keys.get_signing_key_from_jwt(id_token).key,
        algorithms=["RS256"],
        audience=site.web.id,
        issuer=site.pool.issuer,
    )
    if nonce:
        assert claims["nonce"] == nonce
    return claims


def test_authlib_code_flow_with_pkce_and_refresh(site):
    endpoints = requests.get(f"{site.pool.issuer}/.well-known/openid-configuration").json()
    client = AuthlibSession(
        site.web.id,
        redirect_uri=site.callback,
        scope="openid email",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    verifier = generate_token(48)
    nonce = generate_token(16)
    url, state = client.create_authorization_url(
        endpoints["authorization_endpoint"], code_verifier=verifier, nonce=nonce
    )
    callback = _browser_login(url, site.password)
    token = client.fetch_token(
        endpoints["token_endpoint"],
        authorization_response=callback,
        code_verifier=verifier,
        state=state,
    )
    claims = _verify_id_token(site, token["id_token"], nonce)
    assert claims["email"] == "alice@example.com"
    info = client.get(endpoints["userinfo_endpoint"]).json()  # authlib adds the Bearer header
    assert info["sub"] == site.alice.sub

    refreshed = client.refresh_token(
        endpoints["token_endpoint"], refresh_token=token["refresh_token"]
    )
    assert refreshed["access_token"] != token["access_token"]
    assert refreshed["refresh_token"] == token["refresh_token"]  # authlib keeps the old one


def test_authlib_wrong_verifier_is_invalid_grant(site):
    from authlib.integrations.base_client.errors import OAuthError

    client = AuthlibSession(
        site.web.id,
        redirect_uri=site.callback,
        code_challenge_method="S256",
        token_endpoint_auth_method="none",
    )
    url, state = client.create_authorization_url(
        f"{site.base}/oauth2/authorize", code_verifier=generate_token(48)
    )
    callback = _browser_login(url, site.password)
    with pytest.raises(OAuthError, match="invalid_grant"):
        client.fetch_token(
            f"{site.base}/oauth2/token",
            authorization_response=callback,
            code_verifier=generate_token(48),
            state=state,
        )


def test_requests_oauthlib_code_flow_with_pkce_and_refresh(site, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
    backend = site.backend
    oauth = OAuthlibSession(
        backend.id, redirect_uri=site.callback, scope=["openid", "profile"], pkce="S256"
    )
    url, _state = oauth.authorization_url(f"{site.base}/oauth2/authorize")
    callback = _browser_login(url, site.password)
    token = oauth.fetch_token(
        f"{site.base}/oauth2/token", authorization_response=callback, client_secret=backend.secret
    )
    assert token["token_type"] == "Bearer"
    assert token["refresh_token"]
    info = oauth.get(f"{site.base}/oauth2/userInfo").json()
    assert info["phone_number"] == "+15555550100"
    new = oauth.refresh_token(
        f"{site.base}/oauth2/token",
        refresh_token=token["refresh_token"],
        auth=(backend.id, backend.secret),
    )
    assert new["access_token"] != token["access_token"]


def test_client_credentials_with_both_libraries(site, idp, monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    idp.create_resource_server(
        UserPoolId=site.pool.id,
        Identifier="orders",
        Name="orders",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read orders"}],
    )
    machine = site.pool.create_client(
        "machine",
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["orders/read"],
    )
    oauth = OAuthlibSession(client=BackendApplicationClient(client_id=machine.id))
    token = oauth.fetch_token(
        f"{site.base}/oauth2/token", client_id=machine.id, client_secret=machine.secret
    )
    assert (
        jwt.decode(token["access_token"], options={"verify_signature": False})["scope"]
        == "orders/read"
    )

    authlib = AuthlibSession(
        machine.id,
        machine.secret,
        scope="orders/read",
        token_endpoint_auth_method="client_secret_post",
    )
    token = authlib.fetch_token(f"{site.base}/oauth2/token", grant_type="client_credentials")
    assert (
        jwt.decode(token["access_token"], options={"verify_signature": False})["client_id"]
        == machine.id
    )
