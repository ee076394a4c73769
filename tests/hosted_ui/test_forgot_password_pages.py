"""/forgotPassword and /confirmForgotPassword as HTML through requests: the link per
AccountRecoverySetting, AWS's error texts, the code from the outbox, then the login page."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_cognito_fake import HostedUIError

from ..helpers import username_of
from .conftest import CALLBACK, PASSWORD, oauth_client
from .forms import Page

NEW_PASSWORD = "N3wPassw0rd!"
MISMATCH = "Invalid verification code provided, please try again."


@pytest.fixture(autouse=True)
def _email_first(site: Any, idp: Any) -> None:
    """Reset codes go to the verified email (without the setting AWS prefers the phone)."""
    idp.update_user_pool(
        UserPoolId=site.pool.id,
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    )


def _query(client: Any) -> dict[str, str]:
    return {"client_id": client.id, "redirect_uri": CALLBACK, "response_type": "code"}


def _forgot_page(http: requests.Session, site: Any, client: Any = None) -> Page:
    login = Page(http.get(f"{site.base}/login", params=_query(client or site.web)))
    link = login.ids["forgotPasswordLink"]["href"]
    return Page(http.get(f"{site.fake_url}{link}"))


def _code_page(http: requests.Session, site: Any, username: str = "alice") -> Page:
    response = _forgot_page(http, site).submit(http, "forgotPasswordForm", username=username)
    assert response.status_code == 302, response.text
    return Page(http.get(f"{site.fake_url}{response.headers['Location']}"))


def _signs_in(cognito_fake: Any, site: Any, password: str) -> bool:
    try:
        cognito_fake.hosted_ui(site.web).login("alice", password)
    except HostedUIError:
        return False
    return True


def test_reset_with_the_emailed_code_then_sign_in(cognito_fake, site):
    http = requests.Session()
    page = _code_page(http, site)
    assert urlsplit(page.response.url).path == "/domain/shop/confirmForgotPassword"
    assert page.text("codeDeliveryMessage").startswith(
        "We have sent a password reset code to a***@e"
    )
    message = cognito_fake.outbox.last(to="alice@example.com")
    assert message.purpose == "forgot_password"

    done = page.submit(
        http,
        "confirmForgotPasswordForm",
        code=message.code,
        password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert done.status_code == 302
    location = urlsplit(done.headers["Location"])
    assert location.path == "/domain/shop/login"
    assert parse_qs(location.query)["client_id"] == [site.web.id]
    assert "username" not in parse_qs(location.query)
    login = Page(http.get(f"{site.fake_url}{done.headers['Location']}"))
    signed_in = login.submit(http, "cognitoSignInForm", username="alice", password=NEW_PASSWORD)
    assert signed_in.headers["Location"].startswith(f"{CALLBACK}?code=")
    assert not _signs_in(cognito_fake, site, PASSWORD)


@pytest.mark.parametrize(
    ("code", "password", "confirm", "message"),
    [
        ("000000", NEW_PASSWORD, NEW_PASSWORD, MISMATCH),
        (None, "short", "short", "Password did not conform with policy: Password not long enough"),
        (None, NEW_PASSWORD, "Different1!", "Passwords do not match"),
    ],
)
def test_reset_errors_show_aws_texts_and_change_nothing(
    cognito_fake, site, code, password, confirm, message
):
    http = requests.Session()
    page = _code_page(http, site)
    real = cognito_fake.outbox.code(to="alice@example.com")
    response = page.submit(
        http, "confirmForgotPasswordForm", code=code or real, password=password, confirm=confirm
    )
    assert response.status_code == 200
    again = Page(response)
    assert again.text("resetPasswordErrorMessage") == message
    assert again.forms["confirmForgotPasswordForm"].fields["username"] == "alice"
    assert _signs_in(cognito_fake, site, site.password)
    # The page still works with the right code afterwards.
    ok = again.submit(
        http, "confirmForgotPasswordForm", code=real, password=NEW_PASSWORD, confirm=NEW_PASSWORD
    )
    assert ok.status_code == 302
    assert _signs_in(cognito_fake, site, NEW_PASSWORD)


def test_unknown_user_shows_aws_text(cognito_fake, site):
    http = requests.Session()
    response = _forgot_page(http, site).submit(http, "forgotPasswordForm", username="ghost")
    assert response.status_code == 200
    assert Page(response).text("forgotPasswordErrorMessage") == (
        "Username/client id combination not found."
    )
    assert list(cognito_fake.outbox) == []


def test_prevent_user_existence_errors_hides_unknown_users(cognito_fake, site):
    strict = site.client("strict", PreventUserExistenceErrors="ENABLED")
    http = requests.Session()
    response = _forgot_page(http, site, strict).submit(http, "forgotPasswordForm", username="ghost")
    assert response.status_code == 302  # on to the code page, as for a real user
    page = Page(http.get(f"{site.fake_url}{response.headers['Location']}"))
    wrong = page.submit(
        http,
        "confirmForgotPasswordForm",
        code="123456",
        password=NEW_PASSWORD,
        confirm=NEW_PASSWORD,
    )
    assert Page(wrong).text("resetPasswordErrorMessage") == MISMATCH
    assert list(cognito_fake.outbox) == []


def test_user_without_a_verified_address_cannot_reset(cognito_fake, site):
    site.pool.create_user("bob", password=PASSWORD, email="bob@example.com", email_verified="false")
    http = requests.Session()
    response = _forgot_page(http, site).submit(http, "forgotPasswordForm", username="bob")
    assert Page(response).text("forgotPasswordErrorMessage") == (
        "Cannot reset password for the user as there is no registered/verified email or"
        " phone_number"
    )


def test_admin_only_recovery_hides_the_link_and_the_page(cognito_fake):
    pool = cognito_fake.create_user_pool(
        "admins",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "admin_only"}]},
    )
    client = oauth_client(pool, "web")
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    http = requests.Session()
    login = Page(http.get(f"{cognito_fake.url}/login", params=_query(client)))
    assert "forgotPasswordLink" not in login.ids
    assert "signUpLink" in login.ids
    page = http.get(f"{cognito_fake.url}/forgotPassword", params=_query(client))
    assert page.status_code == 400
    posted = http.post(
        f"{cognito_fake.url}/forgotPassword",
        params=_query(client),
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "alice"},
    )
    assert posted.status_code == 400
    assert list(cognito_fake.outbox) == []


def test_without_a_recovery_setting_the_code_goes_to_the_phone(cognito_fake, site, idp):
    idp.update_user_pool(UserPoolId=site.pool.id)  # AWS's legacy order: verified phone first
    http = requests.Session()
    page = _code_page(http, site)
    message = cognito_fake.outbox.last(purpose="forgot_password")
    assert message.channel == "SMS"
    assert message.to == "+15555550100"
    assert "+*******0100" in page.text("codeDeliveryMessage")


def test_agent_forgot_password_then_login(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    with pytest.raises(HostedUIError, match=f"^{MISMATCH}$"):
        browser.forgot_password("alice", NEW_PASSWORD, code="000000")
    browser.forgot_password(
        "alice",
        NEW_PASSWORD,
        code=lambda: cognito_fake.outbox.code(to="alice@example.com", purpose="forgot_password"),
    )
    assert username_of(browser.login("alice", NEW_PASSWORD).access_token) == "alice"
    assert browser.cookie is not None
