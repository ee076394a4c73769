"""Client ID metadata documents at the hosted UI: an https URL as client_id signs in with the
settings of its policy's app client and the redirect URIs of the document the test serves;
the fetched document shows in ListClientMetadataURLs and obeys its cache."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from pytest_cognito_fake.hosted_ui.agent import HostedUIError

AGENT = "https://agent.example.com/client.json"
LANDING = "http://127.0.0.1:9/agent/callback"


def document(url: str = AGENT, **members: Any) -> dict[str, Any]:
    """A public client's metadata document, as the IETF draft describes it."""
    return {
        "client_id": url,
        "client_name": "Agent",
        "redirect_uris": [LANDING],
        "grant_types": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_method": "none",
        **members,
    }


@pytest.fixture
def policy(site: Any, cognito_fake: Any) -> str:
    cognito_fake.serve_client_metadata(AGENT, document())
    return site.pool.create_cimd_policy(site.web, ["https://agent.example.com/client.json"])


def test_a_metadata_url_signs_in_as_a_public_client(
    site: Any, cognito_fake: Any, idp: Any, policy: str
) -> None:
    agent = cognito_fake.hosted_ui(AGENT, redirect_uri=LANDING)
    tokens = agent.login("alice", site.password, scope="openid email")  # PKCE, no secret
    keys = jwt.PyJWKClient(site.pool.jwks_url)
    key = keys.get_signing_key_from_jwt(tokens.access_token).key
    access = jwt.decode(tokens.access_token, key, algorithms=["RS256"])
    # Unconfirmed: the URL, the client id the relying party knows, is the token's client_id.
    assert access["client_id"] == AGENT
    assert access["username"] == "alice"
    assert access["scope"] == "openid email"
    id_key = keys.get_signing_key_from_jwt(tokens.id_token).key
    assert jwt.decode(tokens.id_token, id_key, algorithms=["RS256"], audience=AGENT)["email"]
    assert agent.user_info(tokens.access_token)["email"] == "alice@example.com"
    assert tokens.refresh_token
    assert agent.refresh(tokens.refresh_token).access_token

    (entry,) = idp.list_client_metadata_urls(UserPoolId=site.pool.id, CIMDPolicyId=policy)[
        "ClientMetadataURLs"
    ]
    assert entry["URL"] == AGENT
    assert (entry["ExpirationDate"] - entry["CachedDate"]).total_seconds() == 86400


def test_the_document_decides_redirects_and_client_kind(
    site: Any, cognito_fake: Any, policy: str
) -> None:
    agent = cognito_fake.hosted_ui(AGENT, redirect_uri=LANDING)
    assert agent.authorize(redirect_uri=site.callback).error == "redirect_mismatch"
    assert agent.authorize(pkce=False).error == "invalid_request"  # public: PKCE (unconfirmed)
    assert agent.authorize().login_required

    url = "https://agent.example.com/bad.json"
    site.pool.create_cimd_policy(site.web, [url], name="bad")
    cases = {
        "another client_id": document(AGENT),
        "a confidential client": document(url, token_endpoint_auth_method="client_secret_basic"),
        "no auth method (client_secret_basic by RFC 7591)": {
            k: v for k, v in document(url).items() if k != "token_endpoint_auth_method"
        },
        "no redirect URIs": document(url, redirect_uris=[]),
        "the client credentials grant": document(url, grant_types=["client_credentials"]),
    }
    bad = cognito_fake.hosted_ui(url, redirect_uri=LANDING)
    assert bad.authorize().error == "invalid_request"  # nothing served there yet
    for why, body in cases.items():
        cognito_fake.serve_client_metadata(url, body)
        assert bad.authorize().error == "invalid_request", why
    cognito_fake.serve_client_metadata(url, document(url))
    assert bad.authorize().login_required
    cognito_fake.serve_client_metadata(url, None)
    assert bad.authorize().login_required  # the valid document stays cached
    # A URL no policy matches is an unknown client.
    stray = cognito_fake.hosted_ui(
        "https://elsewhere.example.com/client.json", redirect_uri=LANDING
    )
    assert stray.authorize().error == "invalid_request"


def test_wildcards_match_within_one_path_segment(site: Any, cognito_fake: Any) -> None:
    site.pool.create_cimd_policy(site.web, ["https://agents.example.com/*/client.json"])
    inside = "https://agents.example.com/team-a/client.json"
    across = "https://agents.example.com/team-a/nested/client.json"
    for url in (inside, across):
        cognito_fake.serve_client_metadata(url, document(url))
    assert cognito_fake.hosted_ui(inside, redirect_uri=LANDING).authorize().login_required
    # Unconfirmed: ``*`` stops at "/".
    assert (
        cognito_fake.hosted_ui(across, redirect_uri=LANDING).authorize().error == "invalid_request"
    )


def test_cache_refresh_and_invalidate(
    site: Any, cognito_fake: Any, idp: Any, policy: str, shift: Any
) -> None:
    agent = cognito_fake.hosted_ui(AGENT, redirect_uri=LANDING)
    cognito_fake.serve_client_metadata(AGENT, document(), max_age=2 * 86400)
    assert agent.authorize().login_required

    def cached() -> list[dict[str, Any]]:
        urls = idp.list_client_metadata_urls(UserPoolId=site.pool.id, CIMDPolicyId=policy)
        return list(urls["ClientMetadataURLs"])

    (first,) = cached()
    # A Cache-Control max-age between a day and a year wins over the policy's CacheDuration.
    assert (first["ExpirationDate"] - first["CachedDate"]).total_seconds() == 2 * 86400

    # Within the cache, a changed document is not seen; REFRESH fetches it at once.
    cognito_fake.serve_client_metadata(AGENT, document(redirect_uris=["http://127.0.0.1:9/new"]))
    assert agent.authorize().login_required
    shift(3600)
    idp.update_client_metadata_url_state(
        UserPoolId=site.pool.id, CIMDPolicyId=policy, URL=AGENT, Action="REFRESH"
    )
    (refreshed,) = cached()
    assert (refreshed["CachedDate"] - first["CachedDate"]).total_seconds() == 3600
    assert (refreshed["ExpirationDate"] - refreshed["CachedDate"]).total_seconds() == 86400
    assert agent.authorize().error == "redirect_mismatch"

    # A failed re-fetch keeps the cached document (unconfirmed error type).
    cognito_fake.serve_client_metadata(AGENT, None)
    with pytest.raises(idp.exceptions.InvalidParameterException, match="Unable to fetch"):
        idp.update_client_metadata_url_state(
            UserPoolId=site.pool.id, CIMDPolicyId=policy, URL=AGENT, Action="REFRESH"
        )
    assert [e["URL"] for e in cached()] == [AGENT]

    idp.update_client_metadata_url_state(
        UserPoolId=site.pool.id, CIMDPolicyId=policy, URL=AGENT, Action="INVALIDATE"
    )
    assert cached() == []
    assert agent.authorize().error == "invalid_request"  # the next authorize fetches: nothing

    # Past its expiry a cached document is fetched again.
    cognito_fake.serve_client_metadata(AGENT, document())
    assert agent.authorize().login_required
    cognito_fake.serve_client_metadata(AGENT, document(redirect_uris=["http://127.0.0.1:9/new"]))
    shift(86400)
    assert agent.authorize().error == "redirect_mismatch"


def test_the_app_client_gone_leaves_the_url_unknown(
    site: Any, cognito_fake: Any, idp: Any, policy: str
) -> None:
    agent = cognito_fake.hosted_ui(AGENT, redirect_uri=LANDING)
    idp.delete_user_pool_client(UserPoolId=site.pool.id, ClientId=site.web.id)
    assert agent.authorize().error == "invalid_request"
    with pytest.raises(HostedUIError):
        agent.login("alice", site.password)
