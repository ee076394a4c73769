"""What a front-end team needs from the standalone server, through a subprocess: codes on
the console and at the outbox URL, fixed ids from --seed and --demo, --host, --tls and the
console script."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from pytest_cognito_fake.__main__ import DEMO_CLIENT_ID
from pytest_cognito_fake.standalone import OUTBOX_PATH

from ..standalone_process import Standalone

SEED = Path(__file__).parents[1] / "examples" / "seed.toml"


@pytest.fixture
def demo() -> Iterator[Standalone]:
    running = Standalone("--demo")
    yield running
    running.kill()


def test_a_sign_up_code_is_printed_and_served(demo: Standalone) -> None:
    idp = demo.client()
    out = idp.sign_up(
        ClientId=DEMO_CLIENT_ID,
        Username="carol",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "carol@example.com"}],
    )
    assert out["CodeDeliveryDetails"]["Destination"] == "c***@e***"
    printed = demo.wait_for(r"^EMAIL to carol@example\.com \(sign_up, \S+/\S+\): code (\d{6})$")
    code = printed.group(1)

    served = requests.get(f"{demo.url}{OUTBOX_PATH}", timeout=5).json()["messages"]
    assert [(m["to"], m["purpose"], m["code"]) for m in served] == [
        ("carol@example.com", "sign_up", code)
    ]
    last = requests.get(
        f"{demo.url}{OUTBOX_PATH}/last", params={"to": "carol@example.com"}, timeout=5
    ).json()
    assert last["code"] == code

    idp.confirm_sign_up(ClientId=DEMO_CLIENT_ID, Username="carol", ConfirmationCode=code)
    tokens = idp.initiate_auth(
        ClientId=DEMO_CLIENT_ID,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "carol", "PASSWORD": "Passw0rd!"},
    )["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "carol"


def test_the_demo_user_can_reset_a_password(demo: Standalone) -> None:
    idp = demo.client()
    idp.forgot_password(ClientId=DEMO_CLIENT_ID, Username="demo")
    code = demo.wait_for(r"^EMAIL to demo@example\.com \(forgot_password, .*code (\d{6})$")[1]
    idp.confirm_forgot_password(
        ClientId=DEMO_CLIENT_ID, Username="demo", ConfirmationCode=code, Password="N3wPassw0rd!"
    )
    idp.initiate_auth(
        ClientId=DEMO_CLIENT_ID,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "demo", "PASSWORD": "N3wPassw0rd!"},
    )


def test_the_outbox_is_read_only_and_says_what_it_cannot_match(demo: Standalone) -> None:
    posted = requests.post(f"{demo.url}{OUTBOX_PATH}", data=b"{}", timeout=5)
    assert (posted.status_code, posted.headers["Allow"]) == (405, "GET, HEAD")
    wrong = requests.get(f"{demo.url}{OUTBOX_PATH}", params={"recipient": "x"}, timeout=5)
    assert wrong.status_code == 400
    assert "Message has no field ['recipient']" in wrong.json()["message"]
    missing = requests.get(f"{demo.url}{OUTBOX_PATH}/last", params={"to": "x@y.z"}, timeout=5)
    assert missing.status_code == 404
    assert "sent: nothing" in missing.json()["message"]


def test_demo_ids_are_fixed() -> None:
    first = Standalone("--demo", "--region", "eu-west-1")
    try:
        assert first.value("user pool") == "eu-west-1_DemoPool1"
        assert first.value("app client") == DEMO_CLIENT_ID
    finally:
        first.kill()


def test_seed_ids_are_stable_across_restarts() -> None:
    seen = []
    for _ in range(2):
        running = Standalone("--seed", str(SEED))
        try:
            idp = running.client()
            pools = idp.list_user_pools(MaxResults=10)["UserPools"]
            clients = idp.list_user_pool_clients(UserPoolId="us-east-1_Example01")
            alice = idp.admin_get_user(UserPoolId="us-east-1_Example01", Username="alice")
            groups = idp.admin_list_groups_for_user(
                UserPoolId="us-east-1_Example01", Username="alice"
            )
            seen.append(
                (
                    [p["Id"] for p in pools],
                    sorted(c["ClientId"] for c in clients["UserPoolClients"]),
                    {a["Name"]: a["Value"] for a in alice["UserAttributes"]}["sub"],
                    [g["GroupName"] for g in groups["Groups"]],
                )
            )
        finally:
            assert running.stop(signal.SIGTERM)[0] == 0
    assert (
        seen[0]
        == seen[1]
        == (
            ["us-east-1_Example01"],
            ["shopbackend000000000000000", "shopwebclient0000000000000"],
            "6b1f8a8e-3c1e-4a7b-9a52-0c5f1e2d3a4b",
            ["admins"],
        )
    )


def test_a_bad_seed_file_stops_the_start(tmp_path: Path) -> None:
    seed = tmp_path / "team.json"
    seed.write_text(json.dumps({"pools": [{"name": "p", "users": [{"username": "u", "pw": 1}]}]}))
    done = subprocess.run(
        [sys.executable, "-m", "pytest_cognito_fake", "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert f"error: {seed}: pools[0] (p): users[0]: unknown keys ['pw']" in done.stderr


def test_host_option_binds_another_address() -> None:
    running = Standalone("--host", "127.0.0.2")
    try:
        assert running.url.startswith("http://127.0.0.2:")
        assert running.client().list_user_pools(MaxResults=1)["UserPools"] == []
        assert "other machines on your network can reach it" in running.text
    finally:
        running.kill()


def test_tls_with_a_trusted_local_ca(tmp_path: Path) -> None:
    running = Standalone("--demo", "--tls", "--tls-dir", str(tmp_path))
    try:
        assert running.url.startswith("https://127.0.0.1:")
        ca = tmp_path / "ca.pem"
        assert f"export AWS_CA_BUNDLE={ca}" in running.text
        idp = running.client(verify=str(ca))  # botocore verifies the chain and the name
        out = idp.initiate_auth(
            ClientId=DEMO_CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "demo", "PASSWORD": "Passw0rd!"},
        )
        claims = out["AuthenticationResult"]["IdToken"].split(".")[1]
        assert claims
        discovery = requests.get(
            f"{running.url}/us-east-1_DemoPool1/.well-known/openid-configuration",
            verify=str(ca),
            timeout=5,
        ).json()
        assert discovery["issuer"] == f"{running.url}/us-east-1_DemoPool1"
        assert discovery["authorization_endpoint"].startswith("https://")
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(running.url, timeout=5)  # untrusted without the CA
        fingerprint = running.value("SHA-256")
    finally:
        assert running.stop(signal.SIGTERM)[0] == 0
    again = Standalone("--tls", "--tls-dir", str(tmp_path))
    try:
        assert again.value("SHA-256") == fingerprint  # the CA is kept: trust it once
        assert requests.get(f"{again.url}{OUTBOX_PATH}", verify=str(ca), timeout=5).ok
    finally:
        again.kill()


def test_console_script() -> None:
    script = Path(sys.executable).with_name("cognito-fake")
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0
    assert "usage: cognito-fake" in done.stdout
    assert "--seed FILE" in done.stdout
