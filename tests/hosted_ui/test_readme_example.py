"""The README's hosted-UI example, verbatim: the session cookie's grace period."""

from __future__ import annotations

import pytest

from pytest_cognito_fake.hosted_ui.agent import HostedUIError


def test_cookie_outlives_global_sign_out(cognito_fake, freezer):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app")
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="my-app")  # optional
    web = pool.create_client(
        "web",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "aws.cognito.signin.user.admin"],
        CallbackURLs=["http://localhost:3000/callback"],
        LogoutURLs=["http://localhost:3000/"],
        SupportedIdentityProviders=["COGNITO"],
    )
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")

    browser = cognito_fake.hosted_ui(web)  # a user agent with its own cookie jar
    tokens = browser.login("alice", "Passw0rd!")  # the login form, then the code exchange
    idp.global_sign_out(AccessToken=tokens.access_token)

    with pytest.raises(HostedUIError, match="invalid_grant"):
        browser.refresh(tokens.refresh_token)  # refresh tokens are revoked...
    fresh = browser.authorize()  # ...the 1-hour hosted-UI cookie is not
    assert idp.get_user(AccessToken=fresh.tokens.access_token)["Username"] == "alice"

    freezer.tick(3600)  # one hour after the sign-in
    assert browser.authorize().login_required

    browser.login("alice", "Passw0rd!")
    browser.logout(logout_uri="http://localhost:3000/")  # /logout ends the cookie at once
    assert browser.authorize().login_required
