"""A pool with a domain, OAuth app clients and a user, for the hosted-UI tests; and headless
Chromium (Debian's package, driven by Playwright; no browser download) with a local app to
land on. The browser is skipped without /usr/bin/chromium unless COGNITO_FAKE_REQUIRE_BROWSER=1
(CI), which fails instead."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

CALLBACK = "http://127.0.0.1:9/callback"
SIGNED_OUT = "http://127.0.0.1:9/signed-out"
PASSWORD = "Passw0rd!"


def oauth_client(pool: Any, name: str, **members: Any) -> Any:
    """An app client set up for the hosted UI (code flow, COGNITO sign-in)."""
    settings: dict[str, Any] = {
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code", "implicit"],
        "AllowedOAuthScopes": [
            "openid",
            "email",
            "profile",
            "phone",
            "aws.cognito.signin.user.admin",
        ],
        "CallbackURLs": [CALLBACK],
        "LogoutURLs": [SIGNED_OUT],
        "SupportedIdentityProviders": ["COGNITO"],
    }
    settings.update(members)
    return pool.create_client(name, **settings)


@dataclass
class Site:
    """What a hosted-UI test needs: the pool (with domain), its clients, a user."""

    pool: Any
    web: Any  # public client, code + implicit
    backend: Any  # client with a secret
    alice: Any
    base: str  # the domain's URL on the fake
    fake_url: str
    callback: str = CALLBACK
    signed_out: str = SIGNED_OUT
    password: str = PASSWORD

    def client(self, name: str, pool: Any = None, **members: Any) -> Any:
        """Another hosted-UI app client (of this pool unless ``pool`` is given)."""
        return oauth_client(pool or self.pool, name, **members)


@pytest.fixture
def site(cognito_fake: Any) -> Site:
    pool = cognito_fake.create_user_pool("shop")
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "shop"})
    web = oauth_client(pool, "web")
    backend = oauth_client(pool, "backend", secret=True, AllowedOAuthFlows=["code"])
    alice = pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )
    return Site(pool, web, backend, alice, f"{cognito_fake.url}/domain/shop", cognito_fake.url)


# ------------------------------------------------------------------------ the browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("COGNITO_FAKE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"COGNITO_FAKE_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class _Callback(BaseHTTPRequestHandler):
    """The app's redirect target: a page that says where it landed."""

    def do_GET(self) -> None:
        body = f"<html><body><h1 id='landed'>{self.path.split('?')[0]}</h1></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Callback)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) and a page in it."""
    context = chromium.new_context()
    tab = context.new_page()
    tab.set_default_timeout(5000)
    yield tab
    context.close()
