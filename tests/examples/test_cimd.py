"""docs/cimd.md: an external OAuth client whose client_id is its metadata URL."""

from __future__ import annotations

import jwt


def test_client_id_metadata_document(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("shop")
    agents = pool.create_client(
        "agents",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=["http://127.0.0.1:9/callback"],
        SupportedIdentityProviders=["COGNITO"],
    )
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")

    # A policy: metadata URLs that match sign in with the settings of the "agents" client.
    policy_id = pool.create_cimd_policy(agents, ["https://agents.example.com/*/client.json"])
    # The fake has no internet: serve the document the authorization server fetches.
    url = "https://agents.example.com/mcp/client.json"
    cognito_fake.serve_client_metadata(
        url,
        {
            "client_id": url,
            "client_name": "MCP agent",
            "redirect_uris": ["http://127.0.0.1:9/agent"],
            "grant_types": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_method": "none",
        },
    )

    agent = cognito_fake.hosted_ui(url, redirect_uri="http://127.0.0.1:9/agent")
    tokens = agent.login("alice", "Passw0rd!", scope="openid email")  # PKCE, no secret
    claims = jwt.decode(tokens.access_token, options={"verify_signature": False})
    assert claims["client_id"] == url

    cached = idp.list_client_metadata_urls(UserPoolId=pool.id, CIMDPolicyId=policy_id)
    assert [entry["URL"] for entry in cached["ClientMetadataURLs"]] == [url]
    idp.update_client_metadata_url_state(
        UserPoolId=pool.id, CIMDPolicyId=policy_id, URL=url, Action="INVALIDATE"
    )
