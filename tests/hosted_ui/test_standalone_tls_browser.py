"""A front-end developer's path on the standalone server, in Chromium over HTTPS: the demo's
login page -> Sign up -> the confirmation code read from the served outbox -> back on the app
with a code that buys tokens."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

from pytest_cognito_fake import tls
from pytest_cognito_fake.__main__ import DEMO_CLIENT_ID
from pytest_cognito_fake.standalone import OUTBOX_PATH

from ..standalone_process import Standalone
from .conftest import ARGS, CHROMIUM


@pytest.fixture
def server(tmp_path: Path, app_url: str) -> Iterator[Standalone]:
    running = Standalone(
        "--demo", "--tls", "--tls-dir", str(tmp_path), "--callback", f"{app_url}/callback"
    )
    yield running
    running.kill()


@pytest.fixture
def trusting_page(chromium: Any, server: Standalone, tmp_path: Path) -> Iterator[Any]:
    """A Chromium that accepts the fake's certificate by its public key only (not any
    certificate: the pin is the server key's SPKI hash)."""
    spki = tls.spki_hash(tmp_path / "cert.pem")
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM, args=[*ARGS, f"--ignore-certificate-errors-spki-list={spki}"]
    )
    tab = browser.new_context().new_page()
    tab.set_default_timeout(10000)
    yield tab
    browser.close()


def test_sign_up_in_the_hosted_ui_over_tls(
    trusting_page: Any, server: Standalone, app_url: str, tmp_path: Path
) -> None:
    page, ca = trusting_page, str(tmp_path / "ca.pem")
    callback = f"{app_url}/callback"
    scope = "openid+email+aws.cognito.signin.user.admin"
    page.goto(
        f"{server.url}/oauth2/authorize?client_id={DEMO_CLIENT_ID}&response_type=code"
        f"&scope={scope}&redirect_uri={quote(callback, safe='')}"
    )
    assert page.url.startswith("https://127.0.0.1:")
    page.click("#signUpLink")
    page.fill("#username", "erin")
    page.fill("#attr-email", "erin@example.com")
    page.fill("#password", "Passw0rd!")
    page.click("#signUpButton")
    page.wait_for_selector("#verification_code")

    served = requests.get(
        f"{server.url}{OUTBOX_PATH}/last", params={"to": "erin@example.com"}, verify=ca, timeout=5
    )
    message = served.json()
    assert (message["purpose"], message["channel"]) == ("sign_up", "EMAIL")
    printed = server.wait_for(r"^EMAIL to erin@example\.com \(sign_up, .*code (\d{6})$")
    assert printed[1] == message["code"]
    page.fill("#verification_code", message["code"])
    page.click("#confirmButton")

    page.wait_for_selector("#landed")
    landed = urlsplit(page.url)
    assert f"{landed.scheme}://{landed.netloc}{landed.path}" == callback
    code = parse_qs(landed.query)["code"][0]
    tokens = requests.post(
        f"{server.url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": DEMO_CLIENT_ID,
            "code": code,
            "redirect_uri": callback,
        },
        verify=ca,
        timeout=5,
    ).json()
    idp = server.client(verify=ca)
    assert idp.get_user(AccessToken=tokens["access_token"])["Username"] == "erin"
    assert server.stop(signal.SIGTERM)[0] == 0
