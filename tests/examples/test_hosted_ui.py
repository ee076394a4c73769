"""docs/hosted-ui.md: the session cookie's grace period; the self-service pages."""

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


def test_sign_up_reset_and_mfa_setup_pages(cognito_fake):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])
    web = pool.create_client(
        "web",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "aws.cognito.signin.user.admin"],
        CallbackURLs=["http://localhost:3000/callback"],
        SupportedIdentityProviders=["COGNITO"],
    )
    browser = cognito_fake.hosted_ui(web)

    # /signup, then /confirmUser with the emailed code, then back to the app with a code.
    tokens = browser.sign_up(
        "bob",
        "Passw0rd!",
        email="bob@example.com",
        code=lambda: cognito_fake.outbox.code(to="bob@example.com"),
    )
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "bob"

    # /forgotPassword, then /confirmForgotPassword; it ends on the login page.
    browser.forgot_password(
        "bob", "N3wPassw0rd!", code=lambda: cognito_fake.outbox.code(purpose="forgot_password")
    )

    # MFA required: the login page sets up an authenticator app (MFA_SETUP).
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    browser.logout(redirect_uri="http://localhost:3000/callback", response_type="code")
    tokens = browser.login("bob", "N3wPassw0rd!", totp_setup=cognito_fake.totp_code)
    assert idp.get_user(AccessToken=tokens.access_token)["UserMFASettingList"] == [
        "SOFTWARE_TOKEN_MFA"
    ]
