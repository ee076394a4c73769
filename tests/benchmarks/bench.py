"""Per-test cost and sign-in throughput of pytest-cognito-fake, against moto's ``mock_aws``.

    python tests/benchmarks/bench.py [--rounds 100] [--seconds 2]

One "test" = a fresh service, a pool, an app client, a user, a sign-in through boto3, GetUser,
GlobalSignOut. Throughput = InitiateAuth calls per second on one boto3 client. The keep-alive
part counts the TCP connections boto3 opened and compares against a server that closes each
connection. Timings are printed, never asserted; the file is not named ``test_*.py``, so
pytest does not collect it. moto comes with the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable, Iterable
from typing import Any

import boto3

from pytest_cognito_fake.crypto import jwt as jwt_keys
from pytest_cognito_fake.fake import CognitoFake
from pytest_cognito_fake.http import transport
from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.http.server import Server
from pytest_cognito_fake.service import Service

PASSWORD = "Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def client(url: str | None = None) -> Any:
    return boto3.session.Session().client(
        "cognito-idp",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def median_ms(step: Callable[[], Any], rounds: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        step()
    gc.collect()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def per_second(step: Callable[[], Any], seconds: float) -> float:
    step()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        count += 1
    return count / (time.perf_counter() - start)


def sign_in_and_out(idp: Any, client_id: str) -> None:
    """The part every variant does through boto3."""
    out = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )
    token = out["AuthenticationResult"]["AccessToken"]
    idp.get_user(AccessToken=token)
    idp.global_sign_out(AccessToken=token)


def seed_with_boto3(idp: Any) -> str:
    """A pool, an app client and a confirmed user, the way a moto test makes them."""
    pool_id = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    made = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=FLOWS
    )
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True
    )
    return str(made["UserPoolClient"]["ClientId"])


class Fake:
    """The fixture's pieces without pytest: a session server, a reset per test."""

    def __init__(self, *, keep_alive: bool = True) -> None:
        self.ports: set[int] = set()
        self.service = Service()
        self.server = Server(self._counting(make_app(self.service)), keep_alive=keep_alive)
        self.server.start()
        self.service.url = self.server.url
        jwt_keys.warm_up()
        #: Over loopback HTTP (as app code's own clients), and in-process (``boto3_client()``).
        self.http = client(self.server.url)
        transport.over_http(self.http)
        self.in_process = client(self.server.url)
        transport.activate(self.server.url, make_app(self.service))
        self.idp = self.http

    def _counting(self, app: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
        def wrapped(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
            self.ports.add(int(environ["REMOTE_PORT"]))
            return app(environ, start)

        return wrapped

    def new_test(self) -> CognitoFake:
        self.service.reset()
        return CognitoFake(self.service, self.service.url)

    def test_with_helpers(self, idp: Any) -> None:
        fake = self.new_test()
        pool = fake.create_user_pool("bench")
        web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
        pool.create_user("alice", password=PASSWORD)
        sign_in_and_out(idp, web.id)

    def test_with_boto3(self, idp: Any) -> None:
        self.new_test()
        sign_in_and_out(idp, seed_with_boto3(idp))

    def stop(self) -> None:
        transport.deactivate(self.server.url)
        self.server.stop()


class Moto:
    """The same test under ``mock_aws``: with one boto3 client made once (as for the fake),
    and with a client made in each test (the pattern moto's documentation shows)."""

    def __init__(self) -> None:
        from moto import mock_aws

        self.mock_aws = mock_aws
        self.idp = client()

    def test(self) -> None:
        with self.mock_aws():
            sign_in_and_out(self.idp, seed_with_boto3(self.idp))

    def test_with_new_client(self) -> None:
        with self.mock_aws():
            idp = boto3.client(  # the default session: its loader caches the service model
                "cognito-idp",
                region_name="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            sign_in_and_out(idp, seed_with_boto3(idp))


CONFTEST = """
import json, statistics, time
import pytest

samples = []

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = time.perf_counter()
    yield
    samples.append(time.perf_counter() - start)

def pytest_sessionfinish(session):
    with open("durations.json", "w") as out:
        json.dump(samples[3:], out)  # the first tests pay for imports and the server start
"""

FAKE_TESTS = """
import pytest

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(cognito_fake, n):
    pool = cognito_fake.create_user_pool("bench")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    idp = cognito_fake.boto3_client(HTTP)
    out = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"})
    token = out["AuthenticationResult"]["AccessToken"]
    idp.get_user(AccessToken=token)
    idp.global_sign_out(AccessToken=token)
"""

MOTO_TESTS = """
import boto3
import pytest
from moto import mock_aws

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

@pytest.fixture
def idp():
    with mock_aws():
        yield boto3.client("cognito-idp", region_name="us-east-1",
                           aws_access_key_id="testing", aws_secret_access_key="testing")

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(idp, n):
    pool = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=FLOWS)
    client_id = made["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="alice", Password="Passw0rd!",
                                Permanent=True)
    out = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"})
    token = out["AuthenticationResult"]["AccessToken"]
    idp.get_user(AccessToken=token)
    idp.global_sign_out(AccessToken=token)
"""


def under_pytest(tests: str, rounds: int, http: str = "") -> float:
    """Median setup + call + teardown of a test as pytest runs it, in a fresh process."""
    import json
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "conftest.py").write_text(CONFTEST)
        (root / "test_bench.py").write_text(
            tests.replace("ROUNDS", str(rounds)).replace("HTTP", http)
        )
        (root / "pytest.ini").write_text("[pytest]\n")
        subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:benchmark"],
            cwd=root,
            check=True,
            capture_output=True,
        )
        samples = json.loads((root / "durations.json").read_text())
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=100, help="tests per variant (fake)")
    parser.add_argument("--moto-rounds", type=int, default=20, help="tests per variant (moto)")
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput run")
    args = parser.parse_args()

    fake = Fake()
    results: dict[str, tuple[float, float, float]] = {}
    for name, idp in (("in-process", fake.in_process), ("HTTP", fake.http)):
        helpers = median_ms(lambda idp=idp: fake.test_with_helpers(idp), args.rounds)
        via_boto3 = median_ms(lambda idp=idp: fake.test_with_boto3(idp), args.rounds)
        fake.test_with_helpers(idp)
        client_id = next(iter(next(iter(fake.service.state.pools.values())).clients))

        def fake_sign_in(idp: Any = idp, client_id: str = client_id) -> Any:
            return idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
            )

        results[name] = (helpers, via_boto3, per_second(fake_sign_in, args.seconds))
    idp = fake.http
    fake.ports.clear()
    calls = 200
    keep_alive_ms = median_ms(lambda: idp.list_user_pools(MaxResults=1), calls)
    connections = len(fake.ports)
    fake.stop()

    closing = Fake(keep_alive=False)
    closing_ms = median_ms(lambda: closing.idp.list_user_pools(MaxResults=1), calls)
    closing_connections = len(closing.ports)
    closing.stop()

    moto = Moto()
    moto_ms = median_ms(moto.test, args.moto_rounds, warmup=2)
    moto_new_ms = median_ms(moto.test_with_new_client, args.moto_rounds, warmup=2)
    with moto.mock_aws():
        moto_client = seed_with_boto3(moto.idp)

        def moto_sign_in() -> Any:
            return moto.idp.initiate_auth(
                ClientId=moto_client,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
            )

        moto_rate = per_second(moto_sign_in, args.seconds)

    print("Per-test cost (median): reset + pool + app client + user + InitiateAuth + GetUser")
    print("+ GlobalSignOut, the last three through boto3")
    for name, (helpers, via_boto3, _) in results.items():
        print(f"  fake, boto3 {name:<10}, seed helpers      {helpers:8.2f} ms")
        print(f"  fake, boto3 {name:<10}, all through boto3 {via_boto3:8.2f} ms")
    print(f"  moto mock_aws, one client, all through boto3  {moto_ms:8.2f} ms")
    print(f"  moto mock_aws, a new client per test          {moto_new_ms:8.2f} ms")
    for name, (helpers, via_boto3, _) in results.items():
        print(
            f"  moto / fake ({name}): {moto_ms / helpers:.0f}x (helpers),"
            f" {moto_ms / via_boto3:.0f}x (all boto3); {moto_new_ms / helpers:.0f}x and"
            f" {moto_new_ms / via_boto3:.0f}x against a new moto client per test"
        )
    fake_pytest = under_pytest(FAKE_TESTS, args.rounds)
    fake_pytest_http = under_pytest(FAKE_TESTS, args.rounds, http="http=True")
    moto_pytest = under_pytest(MOTO_TESTS, args.moto_rounds)
    print("The same test run by pytest (setup + call + teardown, median):")
    print(f"  cognito_fake, boto3_client()            {fake_pytest:8.2f} ms")
    print(f"  cognito_fake, boto3_client(http=True)   {fake_pytest_http:8.2f} ms")
    print(f"  moto mock_aws fixture + boto3.client    {moto_pytest:8.2f} ms")
    print(
        f"  moto / fake: {moto_pytest / fake_pytest:.0f}x (in-process),"
        f" {moto_pytest / fake_pytest_http:.0f}x (HTTP)"
    )
    print("Sign-in throughput (InitiateAuth USER_PASSWORD_AUTH, one client)")
    for name, (_, _, rate) in results.items():
        print(f"  fake, {name:<10}  {rate:8.0f} /s")
    print(f"  moto mock_aws     {moto_rate:8.0f} /s")
    print(f"Keep-alive: ListUserPools median over {calls} calls")
    print(f"  HTTP/1.1 keep-alive   {keep_alive_ms:6.3f} ms/call, {connections} TCP connection(s)")
    print(
        f"  connection per call   {closing_ms:6.3f} ms/call,"
        f" {closing_connections} TCP connection(s)"
    )


if __name__ == "__main__":
    main()
