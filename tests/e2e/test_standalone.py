"""``python -m pytest_cognito_fake`` as a user starts it: a subprocess, reached with boto3,
stopped with a signal."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from pytest_cognito_fake.__main__ import DEFAULT_PORT, _parser

from ..standalone_process import Standalone


@pytest.fixture
def demo() -> Iterator[Standalone]:
    running = Standalone("--demo")
    yield running
    running.kill()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_demo_user_signs_in_and_the_server_stops_cleanly(demo: Standalone, signum: int) -> None:
    idp = demo.client()
    client_id = demo.value("app client")
    out = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "demo", "PASSWORD": "Passw0rd!"},
    )
    me = idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
    assert me["Username"] == "demo"
    pools = idp.list_user_pools(MaxResults=10)["UserPools"]
    assert [p["Id"] for p in pools] == [demo.value("user pool")]
    returncode, rest = demo.stop(signum)
    assert returncode == 0
    assert rest.strip() == "stopped"


def test_demo_prints_how_to_reach_it(demo: Standalone) -> None:
    client_id = demo.value("app client")
    assert f"export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER={demo.url}" in demo.text
    assert f"aws cognito-idp initiate-auth --client-id {client_id}" in demo.text
    assert f'endpoint_url="{demo.url}"' in demo.text
    assert demo.value("user") == "demo"
    assert demo.value("user pool").startswith("us-east-1_")


def test_without_demo_it_starts_empty() -> None:
    running = Standalone()
    try:
        idp = running.client()
        assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
        assert "Demo data" not in running.text
    finally:
        assert running.stop(signal.SIGTERM)[0] == 0


def test_region_option() -> None:
    running = Standalone("--region", "eu-north-1", "--demo")
    try:
        assert running.value("user pool").startswith("eu-north-1_")
        assert "AWS_DEFAULT_REGION=eu-north-1 " in running.text
    finally:
        assert running.stop(signal.SIGTERM)[0] == 0


def test_a_busy_port_is_reported() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "pytest_cognito_fake", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_defaults() -> None:
    args = _parser().parse_args([])
    assert (args.port, args.region, args.issuer, args.demo) == (
        DEFAULT_PORT,
        "us-east-1",
        "local",
        False,
    )
    assert DEFAULT_PORT == 9229


def test_a_bug_is_printed_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from werkzeug.test import Client

    from pytest_cognito_fake.http.app import make_app
    from pytest_cognito_fake.service import Service
    from pytest_cognito_fake.standalone import Standalone as Console

    def broken(state: Any, req: Any, ctx: Any) -> dict[str, Any]:
        raise RuntimeError("boom in the fake")

    service = Service()
    service.operations = {**service.operations, "ListUserPools": broken}
    client = Client(Console(service, make_app(service)))
    response = client.post(
        "/",
        data=b'{"MaxResults": 1}',
        headers={
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
            "Content-Type": "application/x-amz-json-1.1",
            "Authorization": "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/cognito-idp/x",
        },
    )
    assert response.status_code == 500
    assert json.loads(response.get_data()) == {
        "__type": "InternalErrorException",
        "message": "Internal server error.",
    }
    err = capsys.readouterr().err
    assert "pytest-cognito-fake bug (client saw InternalErrorException):" in err
    assert "RuntimeError: boom in the fake" in err
    assert service.bugs == []


def test_demo_hosted_ui_for_a_front_end() -> None:
    """The printed login URL works: the form signs the demo user in, the browser is sent to
    the front end's callback with a code, and the code buys tokens."""
    callback = "http://localhost:4200/"
    running = Standalone("--demo", "--callback", callback)
    try:
        login = re.search(r"^\s+(http://\S+/oauth2/authorize\?\S+)$", running.text, re.MULTILINE)
        assert login, running.text
        assert "redirect_uri=http%3A%2F%2Flocalhost%3A4200%2F" in login.group(1)
        browser = requests.Session()
        page = browser.get(login.group(1), timeout=5)
        assert page.status_code == 200
        assert 'name="password"' in page.text
        form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        form.update(username="demo", password="Passw0rd!")
        action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        assert action
        done = browser.post(
            requests.compat.urljoin(page.url, action.group(1).replace("&amp;", "&")),
            data=form,
            allow_redirects=False,
            timeout=5,
        )
        assert done.status_code == 302
        assert done.headers["Location"].startswith(f"{callback}?code=")
        code = done.headers["Location"].split("code=", 1)[1].split("&", 1)[0]
        tokens = requests.post(
            f"{running.url}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "client_id": running.value("app client"),
                "code": code,
                "redirect_uri": callback,
            },
            timeout=5,
        ).json()
        me = requests.get(
            f"{running.url}/oauth2/userInfo",
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
            timeout=5,
        ).json()
        assert (me["username"], me["email"]) == ("demo", "demo@example.com")
    finally:
        assert running.stop(signal.SIGTERM)[0] == 0


def test_a_signal_while_a_request_thread_starts_still_stops_the_server() -> None:
    """socketserver swallows any Exception raised while it starts a request's thread; the
    signal's exception must get through (it once left the process running after SIGTERM)."""
    from pytest_cognito_fake.__main__ import _on_signal, _Stop
    from pytest_cognito_fake.http.server import Server

    server = Server(lambda environ, start_response: [])
    httpd = server._httpd

    def interrupted(request: Any, client_address: Any) -> None:
        _on_signal(signal.SIGTERM, None)

    httpd.process_request = interrupted  # type: ignore[method-assign]
    try:
        with socket.create_connection(("127.0.0.1", server.port)), pytest.raises(_Stop):
            httpd._handle_request_noblock()
    finally:
        server.stop()
