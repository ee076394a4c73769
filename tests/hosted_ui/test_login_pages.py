"""/login as HTML: the form, its errors, the new-password page and the MFA code page."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUIError


def _form_page(site, client=None):
    http = requests.Session()
    query = {
        "client_id": (client or site.web).id,
        "redirect_uri": site.callback,
        "response_type": "code",
    }
    return http, http.get(f"{site.base}/login", params=query)


def _code_client(pool: Any) -> Any:
    """A plain code-flow app client with a localhost callback."""
    return pool.create_client(
        "web",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"],
        CallbackURLs=["http://localhost:3000/cb"],
        SupportedIdentityProviders=["COGNITO"],
    )


def test_login_page_is_a_real_form(site):
    _http, page = _form_page(site)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    for marker in (
        'id="signInFormUsername"',
        'id="signInFormPassword"',
        'id="signInSubmitButton"',
        'name="_csrf"',
    ):
        assert marker in page.text
    assert 'id="signUpLink"' in page.text
    assert 'id="forgotPasswordLink"' in page.text


def test_sign_up_link_hidden_when_only_admins_create_users(cognito_fake):
    pool = cognito_fake.create_user_pool(
        "closed", AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}
    )
    client = _code_client(pool)
    page = requests.get(
        f"{cognito_fake.url}/login",
        params={
            "client_id": client.id,
            "redirect_uri": "http://localhost:3000/cb",
            "response_type": "code",
        },
    )
    assert 'id="signUpLink"' not in page.text
    assert 'id="forgotPasswordLink"' in page.text


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("alice", "wrong", "Incorrect username or password."),
        ("nobody", "Passw0rd!", "User does not exist."),
        ("alice", "", "Incorrect username or password."),
    ],
)
def test_wrong_credentials_show_the_error_on_the_page(site, username, password, message):
    http, page = _form_page(site)
    response = http.post(
        page.url,
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": username, "password": password},
        allow_redirects=False,
    )
    assert response.status_code == 200
    assert f'class="errorMessage">{message}<' in response.text
    assert f'value="{username}"' in response.text
    assert "cognito" not in http.cookies


def test_prevent_user_existence_errors_hides_unknown_users(cognito_fake, site):
    strict = site.client("strict", PreventUserExistenceErrors="ENABLED")
    with pytest.raises(HostedUIError, match=r"^Incorrect username or password\.$"):
        cognito_fake.hosted_ui(strict).login("nobody", "Passw0rd!")


def test_post_without_csrf_token_is_refused(site):
    http, page = _form_page(site)
    response = http.post(
        page.url, data={"username": "alice", "password": site.password}, allow_redirects=False
    )
    assert response.status_code == 403
    assert "cognito" not in http.cookies


def test_disabled_and_unconfirmed_users(cognito_fake, site, idp):
    idp.admin_disable_user(UserPoolId=site.pool.id, Username="alice")
    with pytest.raises(HostedUIError, match=r"User is disabled\."):
        cognito_fake.hosted_ui(site.web).login("alice", site.password)
    site.pool.create_user("bob", password="Passw0rd!", status="UNCONFIRMED")
    with pytest.raises(HostedUIError, match=r"User is not confirmed\."):
        cognito_fake.hosted_ui(site.web).login("bob", "Passw0rd!")


def test_temporary_password_leads_to_the_new_password_page(cognito_fake, site, idp):
    site.pool.create_user("carol", password="Temp0rary!", status="FORCE_CHANGE_PASSWORD")
    http, page = _form_page(site)
    response = http.post(
        page.url,
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "carol", "password": "Temp0rary!"},
        allow_redirects=False,
    )
    assert response.status_code == 200
    assert 'value="NEW_PASSWORD_REQUIRED"' in response.text
    assert 'id="new_password"' in response.text
    # Through the helper: the new password is set and the user is CONFIRMED.
    browser = cognito_fake.hosted_ui(site.web)
    with pytest.raises(HostedUIError, match="NEW_PASSWORD_REQUIRED"):
        browser.login("carol", "Temp0rary!")
    tokens = browser.login("carol", "Temp0rary!", new_password="N3wPassw0rd!")
    assert (
        jwt.decode(tokens.id_token, options={"verify_signature": False})["cognito:username"]
        == "carol"
    )
    user = idp.admin_get_user(UserPoolId=site.pool.id, Username="carol")
    assert user["UserStatus"] == "CONFIRMED"


def test_new_password_must_meet_the_policy(cognito_fake, site):
    site.pool.create_user("carol", password="Temp0rary!", status="FORCE_CHANGE_PASSWORD")
    with pytest.raises(
        HostedUIError, match="Password did not conform with policy: Password not long enough"
    ):
        cognito_fake.hosted_ui(site.web).login("carol", "Temp0rary!", new_password="short")


def test_sms_mfa_shows_the_code_page(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "mfa",
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "x"},
    )
    client = _code_client(pool)
    pool.create_user("dave", password="Passw0rd!", phone_number="+15555550123")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id, Username="dave", SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    browser = cognito_fake.hosted_ui(client)
    with pytest.raises(HostedUIError, match=r"Invalid code or auth state for the user\."):
        browser.login("dave", "Passw0rd!", mfa_code="000000")
    tokens = browser.login(
        "dave", "Passw0rd!", mfa_code=lambda: cognito_fake.outbox.last(to="+15555550123").code
    )
    assert (
        jwt.decode(tokens.id_token, options={"verify_signature": False})["cognito:username"]
        == "dave"
    )
    assert browser.authorize().tokens is not None  # the cookie skips password and MFA


def test_hosted_ui_sign_in_mints_no_api_tokens(cognito_fake, site):
    """The sign-in pipeline's own token family is dropped: only the code's family remains."""
    cognito_fake.hosted_ui(site.web).login("alice", site.password)
    families = list(cognito_fake.state.families.values())
    assert len(families) == 1
    assert "openid" in families[0].scopes
