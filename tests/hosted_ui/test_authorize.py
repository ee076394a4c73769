"""GET /oauth2/authorize: AWS's parameters, redirects and errors."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUIError


def _get(site, path="/oauth2/authorize", **params):
    query = {"client_id": site.web.id, "redirect_uri": site.callback, "response_type": "code"}
    query.update(params)
    query = {k: v for k, v in query.items() if v is not None}
    return requests.get(f"{site.base}{path}", params=query, allow_redirects=False)


def _query(response):
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def test_no_cookie_goes_to_login_with_the_same_query(site):
    response = _get(site, state="xyz", scope="openid email")
    location = response.headers["Location"]
    assert location.startswith("/domain/shop/login?")
    assert _query(response) == {
        "client_id": site.web.id,
        "redirect_uri": site.callback,
        "response_type": "code",
        "state": "xyz",
        "scope": "openid email",
    }


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"client_id": "nosuchclient"}, "invalid_request"),
        ({"client_id": None}, "invalid_request"),
        ({"redirect_uri": "http://127.0.0.1:9/elsewhere"}, "redirect_mismatch"),
        ({"redirect_uri": "http://127.0.0.1:9/callback/"}, "redirect_mismatch"),
        ({"redirect_uri": None}, "redirect_mismatch"),
    ],
)
def test_bad_client_or_redirect_uri_shows_the_error_page(site, params, error):
    """No redirect to an unverified URI: Cognito's own error page instead."""
    response = _get(site, **params)
    location = response.headers["Location"]
    assert location.startswith("/domain/shop/error?")
    assert _query(response)["error"] == error
    page = requests.get(f"{site.base}{location.removeprefix('/domain/shop')}")
    assert page.status_code == 400
    assert "An error was encountered with the requested page." in page.text


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"response_type": None}, "invalid_request"),
        ({"response_type": "id_token"}, "invalid_request"),
        ({"scope": "openid nosuch"}, "invalid_scope"),
        ({"scope": "api/unknown"}, "invalid_scope"),
        ({"scope": "email"}, "invalid_scope"),
        ({"scope": "phone profile"}, "invalid_scope"),
        ({"scope": "email aws.cognito.signin.user.admin"}, "invalid_scope"),
        ({"code_challenge": "abc"}, "invalid_request"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": "S256"}, "invalid_request"),
    ],
)
def test_bad_parameters_redirect_with_error_and_state(site, params, error):
    query = _query(_get(site, state="st-1", **params))
    assert query == {"error": error, "state": "st-1"}


def test_flows_are_enforced(cognito_fake, site):
    code_only = site.client("code-only", AllowedOAuthFlows=["code"])
    response = _get(site, client_id=code_only.id, response_type="token")
    assert _query(response) == {"error": "unauthorized_client"}
    no_oauth = site.pool.create_client("plain", CallbackURLs=[site.callback])
    assert _query(_get(site, client_id=no_oauth.id)) == {"error": "unauthorized_client"}


def test_scope_the_client_lacks_is_dropped(cognito_fake, site):
    narrow = site.client("narrow", AllowedOAuthScopes=["openid", "email"])
    browser = cognito_fake.hosted_ui(narrow)
    tokens = browser.login("alice", site.password, scope="openid email phone")
    claims = jwt.decode(tokens.access_token, options={"verify_signature": False})
    assert claims["scope"] == "openid email"
    only_lacking = _get(site, client_id=narrow.id, scope="aws.cognito.signin.user.admin")
    assert _query(only_lacking) == {"error": "invalid_scope"}


def test_no_scope_grants_every_allowed_scope(cognito_fake, site):
    tokens = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    claims = jwt.decode(tokens.access_token, options={"verify_signature": False})
    assert claims["scope"].split() == [
        "openid",
        "email",
        "profile",
        "phone",
        "aws.cognito.signin.user.admin",
    ]


def test_email_scope_with_openid_is_granted(cognito_fake, site):
    """AWS: phone, email and profile "can only be requested" together with openid."""
    tokens = cognito_fake.hosted_ui(site.web).login("alice", site.password, scope="email openid")
    claims = jwt.decode(tokens.access_token, options={"verify_signature": False})
    assert claims["scope"] == "email openid"
    with pytest.raises(HostedUIError, match=r"^invalid_scope$"):
        cognito_fake.hosted_ui(site.web).login("alice", site.password, scope="profile")


def test_without_openid_there_is_no_id_token(cognito_fake, site):
    tokens = cognito_fake.hosted_ui(site.web).login(
        "alice", site.password, scope="aws.cognito.signin.user.admin"
    )
    assert tokens.id_token is None
    assert tokens.refresh_token


def test_state_and_nonce_come_back(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    result = browser.authorize(state="opaque-123", nonce="n-0S6_WzA2Mj")
    assert result.state == "opaque-123"
    claims = jwt.decode(result.tokens.id_token, options={"verify_signature": False})
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    digest = hashlib.sha256(result.tokens.access_token.encode()).digest()[:16]
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_implicit_grant_returns_tokens_in_the_fragment(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    result = browser.authorize(response_type="token", scope="openid email", state="s")
    parts = urlsplit(result.location)
    assert parts.query == ""
    fragment = parse_qs(parts.fragment)
    assert fragment["token_type"] == ["bearer"]
    assert fragment["state"] == ["s"]
    assert "refresh_token" not in fragment
    assert result.tokens.id_token
    assert result.tokens.refresh_token is None


def test_scope_filters_id_token_attributes(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password, scope="openid email")
    claims = jwt.decode(tokens.id_token, options={"verify_signature": False})
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert "phone_number" not in claims
    full = browser.authorize(scope="openid profile").tokens
    assert jwt.decode(full.id_token, options={"verify_signature": False})["phone_number"]


def test_identity_provider(cognito_fake, site):
    cognito = _get(site, identity_provider="COGNITO")
    assert cognito.headers["Location"].startswith("/domain/shop/login?")
    unknown = _get(site, identity_provider="Google", state="s")
    assert _query(unknown)["error"] == "invalid_request"
    assert _query(unknown)["state"] == "s"


def test_client_without_cognito_provider_cannot_use_the_login_page(cognito_fake, site):
    federated_only = site.client("fed", SupportedIdentityProviders=[])
    assert _query(_get(site, client_id=federated_only.id))["error"] == "invalid_request"


def test_tokens_verify_against_the_pool_jwks(cognito_fake, site):
    tokens = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    keys = jwt.PyJWKClient(site.pool.jwks_url)
    claims = jwt.decode(
        tokens.id_token,
        keys.get_signing_key_from_jwt(tokens.id_token).key,
        algorithms=["RS256"],
        audience=site.web.id,
        issuer=site.pool.issuer,
    )
    assert claims["cognito:username"] == "alice"
    access = jwt.decode(
        tokens.access_token,
        keys.get_signing_key_from_jwt(tokens.access_token).key,
        algorithms=["RS256"],
        issuer=site.pool.issuer,
    )
    assert access["client_id"] == site.web.id
    assert access["token_use"] == "access"


def test_bare_host_serves_every_pool(cognito_fake, site):
    """Without /domain/<d>, the client id alone says which pool."""
    response = requests.get(
        f"{cognito_fake.url}/oauth2/authorize",
        params={"client_id": site.web.id, "redirect_uri": site.callback, "response_type": "code"},
        allow_redirects=False,
    )
    assert response.headers["Location"].startswith("/login?")


def test_unknown_domain_is_404(cognito_fake, site):
    response = requests.get(
        f"{cognito_fake.url}/domain/nosuch/oauth2/authorize", allow_redirects=False
    )
    assert response.status_code == 404
