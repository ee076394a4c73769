"""Headless Chromium (Debian's package, driven by Playwright; no browser download) on the real
login form: the code flow to a local callback, and the grace period after global sign-out.

The browser fixtures (``chromium``, ``page``, ``app_url``) live in conftest.py."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests


@pytest.fixture
def app(cognito_fake, site, app_url):
    """A hosted-UI client whose callback and logout pages are the local app above."""
    return site.client(
        "spa", CallbackURLs=[f"{app_url}/callback"], LogoutURLs=[f"{app_url}/signed-out"]
    )


class Flow:
    """The app's side: build the authorize URL with PKCE, exchange the code."""

    def __init__(self, site: Any, client: Any, base: str | None = None, host: str = "") -> None:
        self.site, self.client, self.base = site, client, base or site.base
        self.host = host  # set: the browser uses Host-header mode, the back end the same
        self.redirect_uri = client.record.settings["CallbackURLs"][0]
        self.verifier = ""

    def authorize_url(self) -> str:
        self.verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(self.verifier.encode()).digest()
        query = {
            "response_type": "code",
            "client_id": self.client.id,
            "redirect_uri": self.redirect_uri,
            "scope": "openid email aws.cognito.signin.user.admin",
            "state": "st",
            "code_challenge_method": "S256",
            "code_challenge": base64.urlsafe_b64encode(digest).rstrip(b"=").decode(),
        }
        return f"{self.base}/oauth2/authorize?{urlencode(query)}"

    def exchange(self, url: str) -> dict[str, Any]:
        query = parse_qs(urlsplit(url).query)
        assert query["state"] == ["st"]
        response = requests.post(
            f"{self.base}/oauth2/token" if not self.host else f"{self.site.fake_url}/oauth2/token",
            headers={"Host": self.host} if self.host else {},
            data={
                "grant_type": "authorization_code",
                "client_id": self.client.id,
                "code": query["code"][0],
                "redirect_uri": self.redirect_uri,
                "code_verifier": self.verifier,
            },
        )
        assert response.status_code == 200, response.text
        return response.json()


def _sign_in(page: Any, flow: Flow, password: str) -> dict[str, Any]:
    page.goto(flow.authorize_url())
    page.fill("#signInFormUsername", "alice")
    page.fill("#signInFormPassword", password)
    page.click("#signInSubmitButton")
    page.wait_for_url(f"{flow.redirect_uri}?**")
    assert page.text_content("#landed") == "/callback"
    return flow.exchange(page.url)


def test_wrong_password_then_right_one(page, site, app):
    flow = Flow(site, app)
    page.goto(flow.authorize_url())
    page.fill("#signInFormUsername", "alice")
    page.fill("#signInFormPassword", "wrong")
    page.click("#signInSubmitButton")
    assert page.text_content("#loginErrorMessage") == "Incorrect username or password."
    page.fill("#signInFormPassword", site.password)
    page.click("#signInSubmitButton")
    page.wait_for_url(f"{flow.redirect_uri}?**")
    tokens = flow.exchange(page.url)
    assert tokens["refresh_token"]


def test_grace_period_in_the_browser(page, site, app, idp, freezer):
    """Sign-in -> GlobalSignOut -> old refresh token fails -> the cookie still gives working
    tokens -> one hour after sign-in the login page -> /logout ends a cookie at once."""
    flow = Flow(site, app)
    first = _sign_in(page, flow, site.password)

    idp.global_sign_out(AccessToken=first["access_token"])
    refresh = requests.post(
        f"{site.base}/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": app.id,
            "refresh_token": first["refresh_token"],
        },
    )
    assert refresh.json() == {"error": "invalid_grant"}

    freezer.tick(3599)
    page.goto(flow.authorize_url())  # no form: straight back to the app with a new code
    page.wait_for_url(f"{flow.redirect_uri}?**")
    again = flow.exchange(page.url)
    assert idp.get_user(AccessToken=again["access_token"])["Username"] == "alice"

    freezer.tick(1)
    page.goto(flow.authorize_url())
    assert page.is_visible("#signInFormUsername")

    _sign_in(page, flow, site.password)  # a fresh hour...
    signed_out = app.record.settings["LogoutURLs"][0]
    page.goto(
        f"{site.base}/logout?{urlencode({'client_id': app.id, 'logout_uri': signed_out})}"
    )  # ...ended at once
    assert page.text_content("#landed") == "/signed-out"
    page.goto(flow.authorize_url())
    assert page.is_visible("#signInFormUsername")


def test_host_header_domain_in_the_browser(page, cognito_fake, site, app):
    """``shop.localhost:<port>``: Chromium resolves *.localhost to 127.0.0.1 by itself."""
    port = urlsplit(cognito_fake.url).port
    flow = Flow(site, app, base=f"http://shop.localhost:{port}", host=f"shop.localhost:{port}")
    tokens = _sign_in(page, flow, site.password)
    assert tokens["id_token"]
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["cognito"]["domain"] == "shop.localhost"
    assert cookies["cognito"]["httpOnly"] is True
