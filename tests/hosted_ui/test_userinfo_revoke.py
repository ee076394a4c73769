"""GET/POST /oauth2/userInfo and POST /oauth2/revoke."""

from __future__ import annotations

import pytest
import requests

from pytest_cognito_fake import HostedUIError


def _info(site, token, method="GET"):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.request(method, f"{site.base}/oauth2/userInfo", headers=headers)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_user_info_by_scope(cognito_fake, site, method):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password, scope="openid email")
    response = _info(site, tokens.access_token, method)
    assert response.status_code == 200
    assert response.json() == {
        "sub": site.alice.sub,
        "email": "alice@example.com",
        "email_verified": "true",  # a string here, unlike the ID token's boolean
        "username": "alice",
    }
    everything = browser.authorize(scope="openid profile").tokens
    assert _info(site, everything.access_token).json()["phone_number"] == "+15555550100"


def test_user_info_errors(cognito_fake, site, idp):
    missing = _info(site, None)
    assert missing.status_code == 400
    assert missing.headers["WWW-Authenticate"] == (
        'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"'
    )
    garbage = _info(site, "not-a-token")
    assert garbage.status_code == 401
    assert garbage.headers["WWW-Authenticate"].startswith('error="invalid_token"')
    api_token = site.alice.sign_in(
        site.web
    ).access_token  # scope aws.cognito.signin.user.admin only
    assert _info(site, api_token).status_code == 401


def test_user_info_honours_global_sign_out(cognito_fake, site, idp):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password, scope="openid aws.cognito.signin.user.admin")
    assert _info(site, tokens.access_token).status_code == 200
    idp.global_sign_out(AccessToken=tokens.access_token)
    response = _info(site, tokens.access_token)
    assert response.status_code == 401
    assert "the user has globally signed out" in response.headers["WWW-Authenticate"]
    # ...while the hosted-UI cookie still yields a token userInfo accepts.
    fresh = browser.authorize(scope="openid").tokens
    assert _info(site, fresh.access_token).status_code == 200


def test_user_info_rejects_expired_token(cognito_fake, site, freezer):
    tokens = cognito_fake.hosted_ui(site.web).login("alice", site.password)
    freezer.tick(3600)
    assert _info(site, tokens.access_token).status_code == 401


def _revoke(site, auth=None, **form):
    return requests.post(f"{site.base}/oauth2/revoke", data=form, auth=auth)


def test_revoke_ends_the_family(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    response = _revoke(site, token=tokens.refresh_token, client_id=site.web.id)
    assert response.status_code == 200
    assert response.content == b""
    with pytest.raises(HostedUIError, match=r"^invalid_grant$") as refused:
        browser.refresh(tokens.refresh_token)
    assert refused.value.status == 400
    assert _info(site, tokens.access_token).status_code == 401
    # Revoking again, or an unknown token, is no error.
    assert _revoke(site, token=tokens.refresh_token, client_id=site.web.id).status_code == 200
    assert _revoke(site, token="unknown", client_id=site.web.id).status_code == 200


def test_revoke_errors(cognito_fake, site):
    tokens = cognito_fake.hosted_ui(site.backend).login("alice", site.password)
    no_secret = _revoke(site, token=tokens.refresh_token, client_id=site.backend.id)
    assert no_secret.status_code == 401
    assert no_secret.json() == {"error": "invalid_client"}
    wrong = _revoke(site, auth=(site.backend.id, "nope"), token=tokens.refresh_token)
    assert wrong.status_code == 401
    access = _revoke(site, auth=(site.backend.id, site.backend.secret), token=tokens.access_token)
    assert access.status_code == 400
    assert access.json() == {"error": "unsupported_token_type"}
    missing = _revoke(site, auth=(site.backend.id, site.backend.secret))
    assert missing.json() == {"error": "invalid_request"}
    ok = _revoke(site, auth=(site.backend.id, site.backend.secret), token=tokens.refresh_token)
    assert ok.status_code == 200


def test_discovery_document_lists_the_endpoints(cognito_fake, site):
    doc = requests.get(f"{cognito_fake.url}/{site.pool.id}/.well-known/openid-configuration").json()
    assert doc["authorization_endpoint"] == f"{site.base}/oauth2/authorize"
    assert doc["token_endpoint"] == f"{site.base}/oauth2/token"
    assert doc["userinfo_endpoint"] == f"{site.base}/oauth2/userInfo"
    assert doc["revocation_endpoint"] == f"{site.base}/oauth2/revoke"
    assert doc["end_session_endpoint"] == f"{site.base}/logout"
    assert doc["issuer"] == site.pool.issuer
