"""POST /oauth2/token: the three grants, client authentication, AWS's JSON errors."""

from __future__ import annotations

import base64
import hashlib
import secrets

import jwt
import pytest
import requests


def _code(site, client=None, verifier=None, **params):
    """Sign alice in on the login form (no helper) and return the code from the redirect."""
    client = client or site.web
    http = requests.Session()
    query = {"client_id": client.id, "redirect_uri": site.callback, "response_type": "code"}
    if verifier:
        digest = hashlib.sha256(verifier.encode()).digest()
        query["code_challenge"] = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        query["code_challenge_method"] = "S256"
    query.update(params)
    page = http.get(f"{site.base}/login", params=query)
    response = http.post(
        page.url,
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "alice", "password": site.password},
        allow_redirects=False,
    )
    location = response.headers["Location"]
    assert location.startswith(site.callback + "?code=")
    return location.split("code=", 1)[1]


def _token(site, auth=None, **form):
    return requests.post(f"{site.base}/oauth2/token", data=form, auth=auth)


def _error(response, status=400):
    assert response.status_code == status
    assert response.headers["Content-Type"].startswith("application/json")
    return response.json()["error"]


def test_code_exchange_with_pkce(site):
    verifier = secrets.token_urlsafe(40)
    code = _code(site, verifier=verifier)
    response = _token(
        site,
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri=site.callback,
        code_verifier=verifier,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"id_token", "access_token", "refresh_token", "expires_in", "token_type"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert response.headers["Cache-Control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["username"] == "alice"
    assert claims["version"] == 2


def test_code_is_single_use(site):
    code = _code(site)
    form = dict(
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri=site.callback,
    )
    assert _token(site, **form).status_code == 200
    assert _error(_token(site, **form)) == "invalid_grant"


def test_code_expires_after_five_minutes(site, freezer):
    form = dict(grant_type="authorization_code", client_id=site.web.id, redirect_uri=site.callback)
    early = _code(site)
    freezer.tick(299)
    assert _token(site, code=early, **form).status_code == 200
    late = _code(site)
    freezer.tick(300)
    assert _error(_token(site, code=late, **form)) == "invalid_grant"


@pytest.mark.parametrize("verifier", [None, "wrong-verifier-wrong-verifier-wrong-verifier"])
def test_wrong_or_missing_verifier(site, verifier):
    code = _code(site, verifier=secrets.token_urlsafe(40))
    form = dict(
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri=site.callback,
    )
    if verifier:
        form["code_verifier"] = verifier
    assert _error(_token(site, **form)) == "invalid_grant"


def test_redirect_uri_must_match_the_authorize_request(site):
    code = _code(site)
    response = _token(
        site,
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri="http://127.0.0.1:9/other",
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "unauthorized_client",
        "error_description": "invalid_redirect",
    }


def test_code_of_another_client(site):
    code = _code(site)
    mobile = site.client("mobile")
    response = _token(
        site,
        grant_type="authorization_code",
        client_id=mobile.id,
        code=code,
        redirect_uri=site.callback,
    )
    assert _error(response) == "invalid_grant"


def test_secret_client_by_basic_and_by_form(site):
    backend = site.backend
    code = _code(site, client=backend)
    ok = _token(
        site,
        auth=(backend.id, backend.secret),
        grant_type="authorization_code",
        code=code,
        redirect_uri=site.callback,
    )
    assert ok.status_code == 200
    code = _code(site, client=backend)
    ok = _token(
        site,
        grant_type="authorization_code",
        code=code,
        redirect_uri=site.callback,
        client_id=backend.id,
        client_secret=backend.secret,
    )
    assert ok.status_code == 200


@pytest.mark.parametrize("secret", [None, "wrong"])
def test_wrong_or_missing_secret(site, secret):
    code = _code(site, client=site.backend)
    form = dict(
        grant_type="authorization_code",
        code=code,
        redirect_uri=site.callback,
        client_id=site.backend.id,
    )
    if secret:
        form["client_secret"] = secret
    assert _error(_token(site, **form)) == "invalid_client"
    # The code was not spent by the failed attempt.
    ok = _token(
        site,
        auth=(site.backend.id, site.backend.secret),
        **{k: v for k, v in form.items() if k != "client_secret"},
    )
    assert ok.status_code == 200


def test_unknown_client(site):
    response = _token(
        site,
        grant_type="authorization_code",
        client_id="nosuch",
        code="x",
        redirect_uri=site.callback,
    )
    assert _error(response) == "invalid_client"
    assert _error(_token(site, grant_type="authorization_code", code="x")) == "invalid_client"


def test_grant_type_errors(site):
    assert _error(_token(site, client_id=site.web.id)) == "invalid_request"
    assert (
        _error(_token(site, client_id=site.web.id, grant_type="password"))
        == "unsupported_grant_type"
    )
    assert (
        _error(_token(site, client_id=site.web.id, grant_type="authorization_code"))
        == "invalid_request"
    )
    assert (
        _error(_token(site, client_id=site.web.id, grant_type="refresh_token")) == "invalid_request"
    )
    assert (
        _error(_token(site, client_id=site.web.id, grant_type="client_credentials"))
        == "invalid_client"
    )


def test_json_body_is_invalid_request(site):
    response = requests.post(f"{site.base}/oauth2/token", json={"grant_type": "authorization_code"})
    assert _error(response) == "invalid_request"


def test_refresh_token_grant(site, idp):
    code = _code(site, scope="openid aws.cognito.signin.user.admin")
    body = _token(
        site,
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri=site.callback,
    ).json()
    refreshed = _token(
        site, grant_type="refresh_token", client_id=site.web.id, refresh_token=body["refresh_token"]
    )
    assert refreshed.status_code == 200
    assert set(refreshed.json()) == {"id_token", "access_token", "expires_in", "token_type"}
    assert idp.get_user(AccessToken=refreshed.json()["access_token"])["Username"] == "alice"
    assert (
        _error(
            _token(site, grant_type="refresh_token", client_id=site.web.id, refresh_token="garbage")
        )
        == "invalid_grant"
    )
    mobile = site.client("mobile")
    other = _token(
        site, grant_type="refresh_token", client_id=mobile.id, refresh_token=body["refresh_token"]
    )
    assert _error(other) == "invalid_grant"


def test_refresh_token_from_the_api_works_here(site, idp):
    tokens = site.alice.sign_in(site.web)
    response = _token(
        site, grant_type="refresh_token", client_id=site.web.id, refresh_token=tokens.refresh_token
    )
    assert response.status_code == 200
    assert "id_token" in response.json()


def test_code_flow_not_allowed(site):
    implicit_only = site.client("implicit", AllowedOAuthFlows=["implicit"])
    response = _token(
        site,
        grant_type="authorization_code",
        client_id=implicit_only.id,
        code="x",
        redirect_uri=site.callback,
    )
    assert _error(response) == "unauthorized_client"


@pytest.fixture
def machine(cognito_fake, site, idp):
    idp.create_resource_server(
        UserPoolId=site.pool.id,
        Identifier="https://api.example.com",
        Name="api",
        Scopes=[
            {"ScopeName": "read", "ScopeDescription": "read"},
            {"ScopeName": "write", "ScopeDescription": "write"},
        ],
    )
    return site.pool.create_client(
        "machine",
        secret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=["https://api.example.com/read", "https://api.example.com/write"],
    )


def test_client_credentials(site, machine):
    auth = (machine.id, machine.secret)
    body = _token(site, auth=auth, grant_type="client_credentials").json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["scope"] == "https://api.example.com/read https://api.example.com/write"
    assert claims["sub"] == machine.id
    assert claims["client_id"] == machine.id
    assert "username" not in claims
    one = _token(
        site, auth=auth, grant_type="client_credentials", scope="https://api.example.com/read"
    ).json()
    assert (
        jwt.decode(one["access_token"], options={"verify_signature": False})["scope"]
        == "https://api.example.com/read"
    )


def test_client_credentials_errors(site, machine, idp):
    auth = (machine.id, machine.secret)
    assert (
        _error(_token(site, auth=auth, grant_type="client_credentials", scope="openid"))
        == "invalid_scope"
    )
    assert (
        _error(_token(site, auth=(machine.id, "wrong"), grant_type="client_credentials"))
        == "invalid_client"
    )
    assert (
        _error(
            _token(
                site, auth=(site.backend.id, site.backend.secret), grant_type="client_credentials"
            )
        )
        == "unauthorized_client"
    )
    idp.delete_resource_server(UserPoolId=site.pool.id, Identifier="https://api.example.com")
    assert _error(_token(site, auth=auth, grant_type="client_credentials")) == "invalid_scope"


@pytest.mark.parametrize("version", ["V1_0", "V2_0", "V3_0"])
def test_client_credentials_run_only_a_v3_pre_token_trigger(site, machine, idp, version):
    """Issue 15, item 5: M2M grants meet the pre token trigger from V3 on."""
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
    events = []

    def add_claim(event):
        events.append(event)
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "accessTokenGeneration": {
                "claimsToAddOrOverride": {"tenant": "acme"},
                "scopesToSuppress": ["https://api.example.com/write"],
            }
        }
        return event

    idp.update_user_pool(
        UserPoolId=site.pool.id,
        LambdaConfig={"PreTokenGenerationConfig": {"LambdaVersion": version, "LambdaArn": arn}},
    )
    site.pool.on("PreTokenGeneration", add_claim)
    body = _token(
        site,
        auth=(machine.id, machine.secret),
        grant_type="client_credentials",
        aws_client_metadata='{"origin": "batch"}',
    ).json()
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    if version != "V3_0":
        assert events == []
        assert "tenant" not in claims
        return
    (event,) = events
    assert event["triggerSource"] == "TokenGeneration_ClientCredentials"
    assert event["version"] == "3"
    assert event["callerContext"]["clientId"] == machine.id
    assert event["request"]["scopes"] == [
        "https://api.example.com/read",
        "https://api.example.com/write",
    ]
    assert event["request"]["clientMetadata"] == {"origin": "batch"}
    assert claims["tenant"] == "acme"
    assert claims["scope"] == "https://api.example.com/read"
