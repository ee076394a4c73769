"""``--state FILE`` through the command as a user runs it: a restart — even after SIGKILL —
keeps users, ids, signing keys and sessions; a damaged file is refused, never replaced."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests
from botocore.config import Config

from pytest_cognito_fake.__main__ import DEMO_CLIENT_ID
from pytest_cognito_fake.hosted_ui.agent import HostedUI
from pytest_cognito_fake.standalone import OUTBOX_PATH

from ..standalone_process import Standalone

POOL = "us-east-1_DemoPool1"
CALLBACK = "http://localhost:3000/"


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def _sign_in(idp: Any, username: str, password: str) -> dict[str, Any]:
    return idp.initiate_auth(
        ClientId=DEMO_CLIENT_ID,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]


def test_a_restart_after_a_crash_keeps_users_ids_keys_and_sessions(tmp_path: Path) -> None:
    state, port = tmp_path / "cognito.json", _free_port()
    first = Standalone("--demo", "--state", str(state), port=port)
    try:
        idp = first.client()
        idp.sign_up(
            ClientId=DEMO_CLIENT_ID,
            Username="frank",
            Password="Passw0rd!",
            UserAttributes=[{"Name": "email", "Value": "frank@example.com"}],
        )
        code = requests.get(f"{first.url}{OUTBOX_PATH}/last", timeout=5).json()["code"]
        idp.confirm_sign_up(ClientId=DEMO_CLIENT_ID, Username="frank", ConfirmationCode=code)
        other = idp.create_user_pool(PoolName="made-by-the-app")["UserPool"]["Id"]
        tokens = _sign_in(idp, "frank", "Passw0rd!")
        jwks = requests.get(f"{first.url}/{POOL}/.well-known/jwks.json", timeout=5).json()
        browser = HostedUI(first.url, DEMO_CLIENT_ID, CALLBACK)
        browser.login("demo", "Passw0rd!")
    finally:
        first.process.kill()  # no clean shutdown: everything acknowledged must be on disk
        first.kill()

    second = Standalone("--demo", "--state", str(state), port=port)
    try:
        assert f"state loaded from {state}" in second.text
        idp = second.client()
        pools = {p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]}
        assert pools == {POOL, other}
        # Tokens signed before the restart still verify: the keys were kept.
        assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "frank"
        served = requests.get(f"{second.url}/{POOL}/.well-known/jwks.json", timeout=5).json()
        assert served == jwks
        key = jwt.PyJWK(jwks["keys"][0]).key
        claims = jwt.decode(tokens["IdToken"], key, algorithms=["RS256"], audience=DEMO_CLIENT_ID)
        assert claims["cognito:username"] == "frank"
        # The refresh token issued before the restart still works.
        fresh = idp.initiate_auth(
            ClientId=DEMO_CLIENT_ID,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
        )["AuthenticationResult"]
        assert idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == "frank"
        # The hosted UI's session cookie too: no password asked again.
        assert browser.authorize().tokens is not None
        # What was printed before is not printed again; new messages are.
        idp.forgot_password(ClientId=DEMO_CLIENT_ID, Username="frank")
        second.wait_for(r"^EMAIL to frank@example\.com \(forgot_password")
        assert "(sign_up" not in second.text
    finally:
        assert second.stop(signal.SIGTERM)[0] == 0


def test_the_file_is_replaced_whole(tmp_path: Path) -> None:
    state = tmp_path / "cognito.json"
    running = Standalone("--state", str(state))
    try:
        before = state.read_text()
        running.client().create_user_pool(PoolName="p")
        after = state.read_text()
    finally:
        running.kill()
    assert json.loads(before)["format"] == json.loads(after)["format"]
    assert before != after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cognito.json"]  # no temporary left


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "pytest-cognito-fake state", "vers', "is not valid JSON (corrupt?)"),
        (b"\xff\xfe\x00garbage", "is not text (corrupt?)"),
        (b'{"users": []}', "is not a pytest-cognito-fake state file"),
        (
            b'{"format": "pytest-cognito-fake state", "version": 2, "keys": {},'
            b' "state": {"__type__": "os:system", "fields": {}}}',
            "is damaged",
        ),
    ],
)
def test_a_damaged_state_file_is_refused_and_kept(
    tmp_path: Path, content: bytes, message: str
) -> None:
    state = tmp_path / "cognito.json"
    state.write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "pytest_cognito_fake", "--port", "0", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert f"{state}" in done.stderr
    assert message in done.stderr
    assert "listening" not in done.stdout
    assert state.read_bytes() == content  # never a silent fresh start over it


def test_a_loaded_state_is_not_seeded_again(tmp_path: Path) -> None:
    state, seed = tmp_path / "cognito.json", Path(__file__).parents[1] / "examples" / "seed.toml"
    first = Standalone("--seed", str(seed), "--state", str(state))
    try:
        first.client().admin_delete_user(UserPoolId="us-east-1_Example01", Username="bob")
    finally:
        assert first.stop(signal.SIGTERM)[0] == 0
    second = Standalone("--seed", str(seed), "--state", str(state))
    try:
        assert "not applied: it seeds a fresh state only" in second.text
        users = second.client().list_users(UserPoolId="us-east-1_Example01")["Users"]
        assert [u["Username"] for u in users] == ["alice"]
    finally:
        assert second.stop(signal.SIGTERM)[0] == 0


def test_a_change_that_cannot_be_saved_is_not_acknowledged(tmp_path: Path) -> None:
    state = tmp_path / "cognito.json"
    running = Standalone("--state", str(state))
    try:
        idp = running.client(config=Config(retries={"total_max_attempts": 1}))
        state.unlink()
        state.mkdir()  # the rename over it fails
        with pytest.raises(idp.exceptions.InternalErrorException):
            idp.create_user_pool(PoolName="lost")
        state.rmdir()
        idp.create_user_pool(PoolName="kept")  # the server goes on
    finally:
        code, printed = running.stop(signal.SIGTERM)
    assert code == 0
    assert f"error: cannot save the state file {state}" in printed
    saved = json.loads(state.read_text())["state"]["fields"]["pools"]
    assert sorted(p["fields"]["settings"]["Name"] for p in saved.values()) == ["kept", "lost"]
