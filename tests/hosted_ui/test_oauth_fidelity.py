"""The OAuth2 and managed-login endpoints as the AWS developer guide documents them (issue
15, items 13-18), through a real HTTP client: prompt on managed-login domains, redirect_uri
at the token endpoint, /logout carrying the request on, the email scope and ReadAttributes,
resource binding, login_hint and lang."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from .test_token import _code, _error, _token


def _claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def _query(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _authorize(site, http=None, client=None, **params):
    query = {
        "client_id": (client or site.web).id,
        "redirect_uri": site.callback,
        "response_type": "code",
    }
    query.update(params)
    return (http or requests).get(
        f"{site.base}/oauth2/authorize", params=query, allow_redirects=False
    )


def _sign_in(site, http, query):
    """The login form of ``query`` posted as alice; the redirect's Location."""
    page = http.get(f"{site.base}/login", params=query)
    response = http.post(
        page.url,
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "alice", "password": site.password},
        allow_redirects=False,
    )
    return response.headers["Location"]


def _managed_login(cognito_fake, site, version=2):
    cognito_fake.call(
        "UpdateUserPoolDomain",
        {"UserPoolId": site.pool.id, "Domain": "shop", "ManagedLoginVersion": version},
    )


# --- 13. prompt=none / prompt=login on managed-login domains -------------------------------


def test_prompt_none_without_a_session_redirects_with_login_required(cognito_fake, site):
    _managed_login(cognito_fake, site)
    response = _authorize(site, prompt="none", state="s-1")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(site.callback + "?")
    assert _query(location) == {"error": "login_required", "state": "s-1"}


def test_prompt_none_with_a_session_answers_with_a_code(cognito_fake, site):
    _managed_login(cognito_fake, site)
    http = requests.Session()
    _sign_in(
        site,
        http,
        {"client_id": site.web.id, "redirect_uri": site.callback, "response_type": "code"},
    )
    location = _authorize(site, http, prompt="none", state="s-2").headers["Location"]
    assert set(_query(location)) == {"code", "state"}


def test_prompt_login_forces_the_form_on_managed_login_only(cognito_fake, site):
    http = requests.Session()
    _sign_in(
        site,
        http,
        {"client_id": site.web.id, "redirect_uri": site.callback, "response_type": "code"},
    )
    # The classic hosted UI (version 1) ignores prompt: the cookie signs in at once...
    classic = _authorize(site, http, prompt="login").headers["Location"]
    assert classic.startswith(site.callback + "?code=")
    assert urlsplit(_authorize(site, prompt="none").headers["Location"]).path.endswith("/login")
    # ...managed login (version 2) honours it.
    _managed_login(cognito_fake, site)
    managed = _authorize(site, http, prompt="login").headers["Location"]
    assert urlsplit(managed).path.endswith("/login")


# --- 14. /oauth2/token checks redirect_uri against the authorize request -------------------


def test_token_without_redirect_uri_is_invalid_request(site):
    code = _code(site)
    response = _token(site, grant_type="authorization_code", client_id=site.web.id, code=code)
    assert _error(response) == "invalid_request"


# --- 15. /logout carries the request on to /login -------------------------------------------


def test_logout_carries_every_parameter_on_and_the_nonce_reaches_the_id_token(site):
    http = requests.Session()
    response = http.get(
        f"{site.base}/logout",
        params={
            "client_id": site.web.id,
            "redirect_uri": site.callback,
            "response_type": "code",
            "state": "st",
            "nonce": "n-42",
        },
        allow_redirects=False,
    )
    location = response.headers["Location"]
    assert urlsplit(location).path.endswith("/login")
    query = _query(location)
    assert query["nonce"] == "n-42"
    assert query["state"] == "st"
    # Without scope, the client's scopes are asked for.
    assert query["scope"].split() == [
        "openid",
        "email",
        "profile",
        "phone",
        "aws.cognito.signin.user.admin",
    ]
    landed = _sign_in(site, http, query)
    code = _query(landed)["code"]
    body = _token(
        site,
        grant_type="authorization_code",
        client_id=site.web.id,
        code=code,
        redirect_uri=site.callback,
    ).json()
    assert _claims(body["id_token"])["nonce"] == "n-42"


# --- 17. the email scope needs email_verified among the client's ReadAttributes -----------


def test_email_scope_without_readable_email_verified_is_invalid_grant(site):
    narrow = site.client("narrow", ReadAttributes=["email", "name"])
    code = _code(site, client=narrow, scope="openid email")
    response = _token(
        site,
        grant_type="authorization_code",
        client_id=narrow.id,
        code=code,
        redirect_uri=site.callback,
    )
    assert _error(response) == "invalid_grant"
    fine = _code(site, client=narrow, scope="openid profile")
    ok = _token(
        site,
        grant_type="authorization_code",
        client_id=narrow.id,
        code=fine,
        redirect_uri=site.callback,
    )
    assert ok.status_code == 200


# --- 18. resource binding, login_hint, lang --------------------------------------------------


@pytest.fixture
def api(idp, site):
    idp.create_resource_server(
        UserPoolId=site.pool.id,
        Identifier="https://api.example.com",
        Name="api",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}],
    )
    return site.client(
        "bound",
        AllowedOAuthScopes=["openid", "https://api.example.com/read"],
    )


def test_resource_sets_the_access_token_audience_and_refresh_keeps_it(site, api):
    code = _code(site, client=api, resource="https://api.example.com")
    body = _token(
        site,
        grant_type="authorization_code",
        client_id=api.id,
        code=code,
        redirect_uri=site.callback,
    ).json()
    assert _claims(body["access_token"])["aud"] == "https://api.example.com"
    assert _claims(body["id_token"])["aud"] == api.id
    again = _token(
        site, grant_type="refresh_token", client_id=api.id, refresh_token=body["refresh_token"]
    ).json()
    assert _claims(again["access_token"])["aud"] == "https://api.example.com"
    plain = _code(site, client=api)
    unbound = _token(
        site,
        grant_type="authorization_code",
        client_id=api.id,
        code=plain,
        redirect_uri=site.callback,
    ).json()
    assert "aud" not in _claims(unbound["access_token"])


def test_resource_that_is_no_resource_server_is_refused(site, api):
    response = _authorize(site, client=api, resource="https://elsewhere.example.com", state="x")
    assert _query(response.headers["Location"])["error"] == "invalid_request"


def test_login_hint_prefills_the_username(site):
    page = requests.get(
        f"{site.base}/login",
        params={
            "client_id": site.web.id,
            "redirect_uri": site.callback,
            "response_type": "code",
            "login_hint": "alice@example.com",
        },
    )
    assert 'value="alice@example.com"' in page.text


def test_lang_selects_the_page_language(site):
    query = {"client_id": site.web.id, "redirect_uri": site.callback, "response_type": "code"}
    page = requests.get(f"{site.base}/login", params={**query, "lang": "fr"})
    assert '<html lang="fr">' in page.text
    assert page.cookies.get("lang") == "fr"
    unknown = requests.get(f"{site.base}/login", params={**query, "lang": "xx"})
    assert '<html lang="en">' in unknown.text
