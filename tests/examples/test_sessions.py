"""Docs: "Sessions" — session tracking, the per-user cap, the SSO reuse window and revocation,
with the clock moved by freezegun."""

from __future__ import annotations

from typing import Any

import pytest

PASSWORD = "Passw0rd!"


# ------------------------------------------------------------------ the cap
def test_the_oldest_session_makes_room(cognito_fake: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    pool.set_session_configuration(max_per_user=2)  # tracking on, two sessions per user
    web = pool.create_client("web")
    alice = pool.create_user("alice", password=PASSWORD)
    first = alice.sign_in(web)
    alice.sign_in(web)
    alice.sign_in(web)

    idp = cognito_fake.boto3_client()
    sessions = idp.admin_list_user_sessions(UserPoolId=pool.id, Username="alice")["Sessions"]
    assert len(sessions) == 2  # the first sign-in was evicted
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="has been revoked"):
        idp.get_tokens_from_refresh_token(ClientId=web.id, RefreshToken=first.refresh_token)


# ------------------------------------------------------------- the SSO window
def test_reuse_window_and_revocation(cognito_fake: Any, freezer: Any) -> None:
    pool = cognito_fake.create_user_pool("shop")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    web = pool.create_client(
        "web",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"],
        CallbackURLs=["http://localhost:3000/callback"],
        SupportedIdentityProviders=["COGNITO"],
    )
    pool.create_user("alice", password=PASSWORD)
    pool.set_session_configuration()
    web.set_session_configuration(max_validity_minutes=15)

    browser = cognito_fake.hosted_ui(web)
    browser.login("alice", PASSWORD)
    freezer.tick(14 * 60)
    assert browser.authorize().tokens is not None  # silent: within 15 minutes
    freezer.tick(60)
    assert browser.authorize().login_required  # the window is over: the password again

    browser.login("alice", PASSWORD)
    idp = cognito_fake.boto3_client()
    sessions = idp.admin_list_user_sessions(UserPoolId=pool.id, Username="alice")["Sessions"]
    sso = next(s for s in sessions if s["SessionType"] == "SSO")
    idp.admin_revoke_user_session(UserPoolId=pool.id, Username="alice", SessionId=sso["SessionId"])
    assert browser.authorize().login_required  # the cookie signs no one in any more
