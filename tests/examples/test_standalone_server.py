"""docs/standalone.md: the standalone server in another process, seeded from a file, its
codes read over HTTP — as an end-to-end suite for a web app would use it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import requests

SEED = Path(__file__).with_name("seed.toml")


@pytest.fixture
def cognito_url():
    server = subprocess.Popen(
        [sys.executable, "-m", "pytest_cognito_fake", "--port", "0", "--seed", str(SEED)],
        stdout=subprocess.PIPE,
        text=True,
    )
    first_line = server.stdout.readline()  # "pytest-cognito-fake 0.1.0 listening on <url>"
    yield re.search(r"listening on (\S+)", first_line).group(1)
    server.terminate()
    server.wait()
    server.stdout.close()


def test_sign_up_with_the_emailed_code(cognito_url):
    idp = boto3.client(
        "cognito-idp",
        endpoint_url=cognito_url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    web = "shopwebclient0000000000000"  # fixed in seed.toml
    idp.sign_up(
        ClientId=web,
        Username="dave",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "dave@example.com"}],
    )

    outbox = f"{cognito_url}/_cognito_fake/outbox/last"
    message = requests.get(outbox, params={"to": "dave@example.com"}, timeout=5).json()
    idp.confirm_sign_up(ClientId=web, Username="dave", ConfirmationCode=message["code"])

    user = idp.admin_get_user(UserPoolId="us-east-1_Example01", Username="dave")
    assert user["UserStatus"] == "CONFIRMED"
