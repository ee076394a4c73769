"""The MFA pages after the password: MFA_SETUP (a software token: the secret from
AssociateSoftwareToken, the first code, then on to the app) and SELECT_MFA_TYPE (the choice,
then that factor's code page), through requests and once in Chromium."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUIError

from ..helpers import username_of
from .conftest import CALLBACK, PASSWORD, oauth_client
from .forms import Page

SMS = {
    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "x"}
}


@pytest.fixture
def totp_required(site: Any, idp: Any) -> Any:
    """The site's pool with MFA ON and software tokens its only factor."""
    idp.set_user_pool_mfa_config(
        UserPoolId=site.pool.id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    return site


def _password_page(http: requests.Session, site: Any, username: str = "alice") -> Any:
    query = {"client_id": site.web.id, "redirect_uri": CALLBACK, "response_type": "code"}
    login = Page(http.get(f"{site.base}/login", params=query))
    return login.submit(http, "cognitoSignInForm", username=username, password=site.password)


def _user_mfa(idp: Any, site: Any, username: str = "alice") -> dict[str, Any]:
    return idp.admin_get_user(UserPoolId=site.pool.id, Username=username)


def test_required_mfa_sets_up_a_software_token_on_the_page(cognito_fake, totp_required, idp):
    site = totp_required
    http = requests.Session()
    response = _password_page(http, site)
    assert response.status_code == 200
    setup = Page(response)
    form = setup.forms["challengeForm"]
    assert form.fields["challenge"] == "MFA_SETUP"
    secret = setup.text("totpSecret")
    assert secret == site.alice.record.software_token.pending  # AssociateSoftwareToken's
    uri = urlsplit(setup.ids["totpUri"]["href"])
    assert uri.scheme == "otpauth"
    assert parse_qs(uri.query)["secret"] == [secret]
    assert "UserMFASettingList" not in _user_mfa(idp, site)

    wrong = setup.submit(http, "challengeForm", answer=cognito_fake.totp_code(secret, steps=5))
    assert wrong.status_code == 200
    again = Page(wrong)
    assert again.text("challengeErrorMessage") == (
        "Code mismatch and fail enable Software Token MFA"
    )
    assert again.text("totpSecret") == secret  # the same token, still to be verified
    assert "cognito" not in http.cookies

    done = again.submit(
        http, "challengeForm", answer=cognito_fake.totp_code(secret), device_name="phone"
    )
    assert done.status_code == 302
    assert done.headers["Location"].startswith(f"{CALLBACK}?code=")
    assert http.cookies.get("cognito")
    user = _user_mfa(idp, site)
    assert user["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]


def test_after_setup_the_next_sign_in_asks_for_the_app_code(cognito_fake, totp_required, freezer):
    site = totp_required
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password, totp_setup=cognito_fake.totp_code)
    freezer.tick(30)  # a new 30-second step: a code is good once
    http = requests.Session()
    response = _password_page(http, site)
    code_page = Page(response)
    assert code_page.forms["challengeForm"].fields["challenge"] == "SOFTWARE_TOKEN_MFA"
    done = code_page.submit(http, "challengeForm", answer=cognito_fake.totp_code(site.alice))
    assert done.headers["Location"].startswith(f"{CALLBACK}?code=")


def test_agent_without_totp_setup_says_what_to_pass(cognito_fake, totp_required):
    browser = cognito_fake.hosted_ui(totp_required.web)
    with pytest.raises(HostedUIError, match="MFA_SETUP: pass totp_setup="):
        browser.login("alice", PASSWORD)
    tokens = browser.login("alice", PASSWORD, totp_setup=cognito_fake.totp_code)
    claims = jwt.decode(tokens.access_token, options={"verify_signature": False})
    assert claims["username"] == "alice"


def test_setup_without_software_tokens_in_the_pool_shows_the_error(cognito_fake, site, idp):
    """MFA ON with SMS only, for a user without a phone: the page cannot set SMS up."""
    idp.set_user_pool_mfa_config(
        UserPoolId=site.pool.id, SmsMfaConfiguration=SMS, MfaConfiguration="ON"
    )
    site.pool.create_user("bob", password=PASSWORD, email="bob@example.com")
    http = requests.Session()
    response = _password_page(http, site, "bob")
    assert response.status_code == 200
    assert Page(response).text("loginErrorMessage") == (
        "Software Token MFA has not been enabled by the userPool"
    )
    assert "cognito" not in http.cookies


@pytest.fixture
def two_factors(site: Any, idp: Any) -> Any:
    """alice has SMS and email MFA enabled and prefers neither."""
    idp.set_user_pool_mfa_config(
        UserPoolId=site.pool.id,
        SmsMfaConfiguration=SMS,
        EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Sign-in"},
        MfaConfiguration="OPTIONAL",
    )
    idp.admin_set_user_mfa_preference(
        UserPoolId=site.pool.id,
        Username="alice",
        SMSMfaSettings={"Enabled": True},
        EmailMfaSettings={"Enabled": True},
    )
    return site


def test_select_mfa_type_then_the_chosen_factors_code(cognito_fake, two_factors):
    site = two_factors
    http = requests.Session()
    choose = Page(_password_page(http, site))
    form = choose.forms["challengeForm"]
    assert form.fields["challenge"] == "SELECT_MFA_TYPE"
    assert form.options["answer"] == ["SMS_MFA", "EMAIL_OTP"]
    assert list(cognito_fake.outbox) == []  # nothing is sent before the choice

    bad = choose.submit(http, "challengeForm", answer="SOFTWARE_TOKEN_MFA")
    assert Page(bad).text("challengeErrorMessage") == "Invalid MFA type SOFTWARE_TOKEN_MFA."
    assert Page(bad).forms["challengeForm"].options["answer"] == ["SMS_MFA", "EMAIL_OTP"]

    code_page = Page(Page(bad).submit(http, "challengeForm", answer="EMAIL_OTP"))
    assert code_page.forms["challengeForm"].fields["challenge"] == "EMAIL_OTP"
    message = cognito_fake.outbox.last(to="alice@example.com")
    assert message.purpose == "mfa"
    assert cognito_fake.outbox.filter(to="+15555550100") == []
    done = code_page.submit(http, "challengeForm", answer=message.code)
    assert done.headers["Location"].startswith(f"{CALLBACK}?code=")


def test_agent_chooses_sms(cognito_fake, two_factors):
    browser = cognito_fake.hosted_ui(two_factors.web)
    with pytest.raises(HostedUIError, match="SELECT_MFA_TYPE: pass mfa_type="):
        browser.login("alice", PASSWORD)
    tokens = browser.login(
        "alice",
        PASSWORD,
        mfa_type="SMS_MFA",
        mfa_code=lambda: cognito_fake.outbox.code(to="+15555550100", purpose="mfa"),
    )
    assert username_of(tokens.access_token) == "alice"


def test_signing_up_in_a_pool_that_requires_mfa_leads_to_the_setup(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("strict", AutoVerifiedAttributes=["email"])
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    client = oauth_client(pool, "web")
    browser = cognito_fake.hosted_ui(client)
    browser.sign_up("bob", PASSWORD, email="bob@example.com")
    with pytest.raises(HostedUIError, match="MFA_SETUP: pass totp_setup="):
        browser.confirm(cognito_fake.outbox.code(to="bob@example.com"))
    # Confirmed by now; signing in goes through the setup page again.
    user = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert user["UserStatus"] == "CONFIRMED"
    tokens = browser.login("bob", PASSWORD, totp_setup=cognito_fake.totp_code)
    assert idp.get_user(AccessToken=tokens.access_token)["UserMFASettingList"] == [
        "SOFTWARE_TOKEN_MFA"
    ]


def test_totp_setup_in_the_browser(page, cognito_fake, totp_required, app_url):
    site = totp_required
    app = site.client("spa", CallbackURLs=[f"{app_url}/callback"])
    query = {"client_id": app.id, "redirect_uri": f"{app_url}/callback", "response_type": "code"}
    page.goto(f"{site.base}/login?" + "&".join(f"{k}={v}" for k, v in query.items()))
    page.fill("#signInFormUsername", "alice")
    page.fill("#signInFormPassword", site.password)
    page.click("#signInSubmitButton")
    secret = page.text_content("#totpSecret")
    assert secret
    page.fill("#mfaCode", cognito_fake.totp_code(secret))
    page.click("#challengeSubmitButton")
    page.wait_for_url(f"{app_url}/callback?**")
    assert page.text_content("#landed") == "/callback"
    assert parse_qs(urlsplit(page.url).query)["code"]
