"""What pytest-cognito-fake costs, side by side with the floor (a zero-cost fake), botocore's
Stubber and moto's ``mock_aws``, in one run.

    python tests/benchmarks/bench.py [--rounds 60] [--calls 300] [--seconds 2]

Rows (the table of issue 12):

1. per test as users write them: app code makes its own ``boto3.client("cognito-idp")`` and
   calls CreateUserPool, CreateUserPoolClient, AdminCreateUser, AdminSetUserPassword,
   InitiateAuth, GetUser, GlobalSignOut; pytest's setup + call + teardown per test, in a fresh
   pytest process per variant, an empty test's cost subtracted. The *zero-cost fake* runs
   botocore's whole request path (serialise, sign, retries, parse) with canned bytes handed
   back at ``before-send``; the Stubber skips signing, sending and parsing.
2. the same through ``cognito_fake.boto3_client()``.
3. a pytest run that never requests the fixture: plugin installed vs ``-p no:cognito_fake``.
4. first use of the fixture in a session (server, model, keys): the first test of a fresh
   pytest process (a pool, a user, a sign-in through the seed helpers) against the next ones.
5. one AdminGetUser in process: ``boto3_client()`` vs the Stubber, and the fake's own work
   (its WSGI app, from environ to response bytes).
6. the same over loopback keep-alive HTTP to a server thread (as the fixture's).
7. the standalone server (another process) over keep-alive HTTP, against a canned keep-alive
   server (the same HTTP code answering the standalone's recorded bytes) in another process,
   the two measured in turns.
8. sign-in throughput: InitiateAuth + GetUser over HTTP on one client (both calls counted),
   against the standalone server and against the canned server (the floor any server reaches
   on the machine: no work but HTTP), in turns; moto in process for reference.

The pytest runs see the package as pip installs it: byte-compiled (``compileall`` first, and
``PYTHONDONTWRITEBYTECODE`` removed from their environment; a process that compiles every
module from source pays ~100 ms more on first use). Rows 1 and 2 run ``--repeats`` rounds of
the variants, one after another; each variant's figure is its fastest median (on a shared
machine, other work only ever adds time), and each ratio is also given round by round (the
two sides of a round see about the same machine).

Timings are printed, never asserted; this file is not named ``test_*.py``, so pytest does not
collect it. moto comes with the ``bench`` extra.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PASSWORD = "Passw0rd!"
TARGET = "AWSCognitoIdentityProviderService."
SEVEN = [
    "CreateUserPool",
    "CreateUserPoolClient",
    "AdminCreateUser",
    "AdminSetUserPassword",
    "InitiateAuth",
    "GetUser",
    "GlobalSignOut",
]

# ------------------------------------------------------------------ tests run by pytest

CONFTEST = """
import json, time
import pytest

phases = {}

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = time.perf_counter()
    yield
    phases.setdefault("protocol", []).append(time.perf_counter() - start)

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    start = time.perf_counter()
    yield
    phases.setdefault("setup", []).append(time.perf_counter() - start)

def pytest_sessionfinish(session):
    with open("durations.json", "w") as out:
        json.dump(phases, out)
"""

SEVEN_CALLS = """
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

def seven_calls(idp):
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

TESTS = {
    "empty": """
import pytest

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(n):
    pass
""",
    "fake": SEVEN_CALLS
    + """
import boto3
import pytest

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(cognito_fake, n):
    seven_calls(boto3.client("cognito-idp"))  # app code's own client
""",
    "fake, boto3_client()": SEVEN_CALLS
    + """
import pytest

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(cognito_fake, n):
    seven_calls(cognito_fake.boto3_client())
""",
    "zero-cost fake": SEVEN_CALLS
    + """
import json
import boto3
import pytest
from botocore.awsrequest import AWSResponse

CANNED = json.load(open("canned.json"))

class Raw:
    def __init__(self, payload):
        self.payload = payload
    def stream(self, **_):
        yield self.payload
    def read(self, *_, **__):
        payload, self.payload = self.payload, b""
        return payload

def canned(request, **_):
    target = request.headers["X-Amz-Target"].decode().split(".")[1]
    payload = CANNED[target].encode()
    headers = {"Content-Type": "application/x-amz-json-1.1",
               "Content-Length": str(len(payload)), "x-amzn-RequestId": "r"}
    return AWSResponse(request.url, 200, headers, Raw(payload))

boto3.setup_default_session()  # once, as app code's clients share the default session
boto3.DEFAULT_SESSION.events.register("before-send.cognito-identity-provider", canned)

@pytest.fixture
def zero_cost(monkeypatch):
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "http://127.0.0.1:9")
    for name, value in (("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "testing"),
                        ("AWS_SECRET_ACCESS_KEY", "testing")):
        monkeypatch.setenv(name, value)

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(zero_cost, n):
    seven_calls(boto3.client("cognito-idp"))
""",
    "Stubber": SEVEN_CALLS
    + """
import json
import boto3
import pytest
from botocore.stub import Stubber

CANNED = {k: json.loads(v) for k, v in json.load(open("canned.json")).items()}
METHODS = ["create_user_pool", "create_user_pool_client", "admin_create_user",
           "admin_set_user_password", "initiate_auth", "get_user", "global_sign_out"]
TARGETS = ["CreateUserPool", "CreateUserPoolClient", "AdminCreateUser", "AdminSetUserPassword",
           "InitiateAuth", "GetUser", "GlobalSignOut"]

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(n):
    idp = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    with Stubber(idp) as stubber:
        for method, target in zip(METHODS, TARGETS):
            stubber.add_response(method, CANNED[target])
        seven_calls(idp)
""",
    "moto mock_aws": SEVEN_CALLS
    + """
import boto3
import pytest
from moto import mock_aws

@pytest.fixture
def idp(monkeypatch):
    for name in ("AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "us-east-1" if "REGION" in name else "testing")
    with mock_aws():
        yield boto3.client("cognito-idp")

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(idp, n):
    seven_calls(idp)
""",
}

#: A round of variants: the two sides of each ratio one right after the other.
ORDER = ("empty", "fake", "zero-cost fake", "fake, boto3_client()", "moto mock_aws", "Stubber")

FIRST_USE = """
import pytest

@pytest.mark.parametrize("n", range(ROUNDS))
def test_one(cognito_fake, n):
    pool = cognito_fake.create_user_pool("first")
    pool.create_user("alice", password="Passw0rd!").sign_in(pool.create_client("web"))
"""


#: The environment of the pytest processes: modules load from their byte code, as installed.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def byte_compile() -> None:
    """Compile the package as pip does on install (an editable or source install may not have
    byte code yet)."""
    import pytest_cognito_fake

    compileall.compile_dir(Path(pytest_cognito_fake.__file__).parent, quiet=1)


def pytest_phases(tests: str, rounds: int, root: Path, *args: str) -> dict[str, list[float]]:
    """Per-test durations (seconds) by phase, from a fresh pytest process in ``root``."""
    (root / "conftest.py").write_text(CONFTEST)
    (root / "test_bench.py").write_text(tests.replace("ROUNDS", str(rounds)))
    (root / "pytest.ini").write_text("[pytest]\n")
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:benchmark", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=ENV,
    )
    phases: dict[str, list[float]] = json.loads((root / "durations.json").read_text())
    return phases


def record_canned(root: Path) -> None:
    """The bytes the fake answers the seven calls with (the zero-cost fake's canned answers)."""
    from pytest_cognito_fake.fake import CognitoFake
    from pytest_cognito_fake.http.app import make_app
    from pytest_cognito_fake.service import Service

    service = Service()
    app = make_app(service)
    seen: dict[str, str] = {}

    def recording(environ: dict[str, Any], start: Callable[..., Any]) -> Any:
        chunks = list(app(environ, start))
        seen[environ["HTTP_X_AMZ_TARGET"].split(".")[1]] = b"".join(chunks).decode()
        return chunks

    fake = CognitoFake(service, "http://127.0.0.1:9", recording)
    namespace: dict[str, Any] = {}
    exec(SEVEN_CALLS, namespace)
    namespace["seven_calls"](fake.boto3_client())
    (root / "canned.json").write_text(json.dumps(seen))


# ---------------------------------------------------------------------- in one process


def median_ms(step: Callable[[], Any], rounds: int, warmup: int = 20) -> float:
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


def boto3_client(url: str | None = None) -> Any:
    import boto3

    return boto3.session.Session().client(
        "cognito-idp",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def per_call(calls: int) -> dict[str, float]:
    """AdminGetUser: in process, the Stubber, the fake's own work, keep-alive HTTP."""
    from botocore.stub import Stubber

    from pytest_cognito_fake.fake import CognitoFake
    from pytest_cognito_fake.http import transport
    from pytest_cognito_fake.http.app import make_app
    from pytest_cognito_fake.http.server import Server, call_app, make_environ
    from pytest_cognito_fake.service import Service

    service = Service()
    app = make_app(service)
    server = Server(app).start()
    service.url = server.url
    fake = CognitoFake(service, server.url, app)
    pool = fake.create_user_pool("bench")
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    params = {"UserPoolId": pool.id, "Username": "alice"}
    out: dict[str, float] = {}
    transport.activate(server.url, app)
    try:
        in_process = fake.boto3_client()
        out["in process"] = median_ms(lambda: in_process.admin_get_user(**params), calls)
    finally:
        transport.deactivate(server.url)
    http = fake.boto3_client(http=True)
    out["HTTP"] = median_ms(lambda: http.admin_get_user(**params), calls)
    answer = in_process.admin_get_user(**params)
    answer.pop("ResponseMetadata")
    stubbed = boto3_client("http://127.0.0.1:9")
    stubber = Stubber(stubbed)
    stubber.activate()

    def stub_call() -> None:
        stubber.add_response("admin_get_user", answer, params)
        stubbed.admin_get_user(**params)

    out["Stubber"] = median_ms(stub_call, calls)
    body = json.dumps(params).encode()
    headers = [
        ("Host", server.url.split("/")[2]),
        ("Content-Type", "application/x-amz-json-1.1"),
        ("X-Amz-Target", TARGET + "AdminGetUser"),
        ("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/x/aws4_request"),
    ]
    out["fake's own work"] = median_ms(
        lambda: call_app(app, make_environ("POST", "/", headers, body, server.port)), calls * 3
    )
    server.stop()
    return out


# ------------------------------------------------------------------------- processes

CANNED_SERVER = """
import json, sys
from pytest_cognito_fake.http.server import Server
answers = {name: body.encode() for name, body in json.load(sys.stdin.buffer).items()}
request_id = "00000000-0000-4000-8000-000000000000"
def app(environ, start_response):
    environ["wsgi.input"].read()
    payload = answers[environ["HTTP_X_AMZ_TARGET"].rpartition(".")[2]]
    start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1"),
                              ("Content-Length", str(len(payload))),
                              ("x-amzn-RequestId", request_id)])
    return [payload]
server = Server(app).start()
print(f"listening on {server.url}", flush=True)
sys.stdin.close()
import time
while True:
    time.sleep(60)
"""


@contextlib.contextmanager
def process(args: list[str], stdin: bytes | None = None) -> Iterator[str]:
    """A server process; yields the URL it prints."""
    proc = subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=False,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    if stdin is not None:
        proc.stdin.write(stdin)
    proc.stdin.close()
    try:
        while True:
            line = proc.stdout.readline().decode()
            if not line:
                raise RuntimeError(f"{args} ended")
            if "listening on " in line:
                yield line.split("listening on ")[1].split()[0]
                break
    finally:
        proc.terminate()
        proc.wait(10)


def alternating_ms(steps: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """The median ms of each step, the steps taking turns call by call: on a noisy machine
    both sides of a ratio see the same load."""
    for step in steps.values():
        for _ in range(20):
            step()
    gc.collect()
    samples: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(times) * 1000 for name, times in samples.items()}


def alternating_rate(steps: dict[str, Callable[[], Any]], seconds: float) -> dict[str, float]:
    """Steps per second of each, the steps taking turns in 0.1 s windows (``seconds`` each)."""
    counts = dict.fromkeys(steps, 0)
    spent = dict.fromkeys(steps, 0.0)
    for step in steps.values():
        step()
    while min(spent.values()) < seconds:
        for name, step in steps.items():
            start = now = time.perf_counter()
            while now - start < 0.1:
                step()
                counts[name] += 1
                now = time.perf_counter()
            spent[name] += now - start
    return {name: counts[name] / spent[name] for name in steps}


def standalone_rows(calls: int, seconds: float) -> dict[str, float]:
    """Rows 7 and 8: the standalone server, and the canned server answering the bytes the
    standalone answered (the floor: botocore's and the HTTP layer's own cost), in turns."""
    from pytest_cognito_fake.__main__ import DEMO_CLIENT_ID, DEMO_PASSWORD, DEMO_POOL_SUFFIX

    params = {"UserPoolId": f"us-east-1_{DEMO_POOL_SUFFIX}", "Username": "demo"}
    recorded: dict[str, str] = {}

    def record(response_dict: dict[str, Any], operation_model: Any, **kwargs: Any) -> None:
        recorded[operation_model.name] = response_dict["body"].decode()

    def sign_in(idp: Any) -> None:
        result = idp.initiate_auth(
            ClientId=DEMO_CLIENT_ID,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "demo", "PASSWORD": DEMO_PASSWORD},
        )
        idp.get_user(AccessToken=result["AuthenticationResult"]["AccessToken"])

    command = [sys.executable, "-m", "pytest_cognito_fake", "--port", "0", "--demo"]
    with process(command) as url:
        fake = boto3_client(url)
        fake.meta.events.register("before-parse.cognito-identity-provider.*", record)
        fake.admin_get_user(**params)
        sign_in(fake)
        fake.meta.events.unregister("before-parse.cognito-identity-provider.*", record)
        with process([sys.executable, "-c", CANNED_SERVER], json.dumps(recorded).encode()) as url:
            canned = boto3_client(url)
            out = alternating_ms(
                {
                    "standalone": lambda: fake.admin_get_user(**params),
                    "canned": lambda: canned.admin_get_user(**params),
                },
                calls,
            )
            rates = alternating_rate(
                {"sign-in": lambda: sign_in(fake), "canned sign-in": lambda: sign_in(canned)},
                seconds,
            )
    return out | {name: 2 * rate for name, rate in rates.items()}  # two calls per sign-in


def moto_sign_in(seconds: float) -> float:
    from moto import mock_aws

    with mock_aws():
        idp = boto3_client()
        pool = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(
            UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
        )["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool, Username="alice", MessageAction="SUPPRESS")
        idp.admin_set_user_password(
            UserPoolId=pool, Username="alice", Password=PASSWORD, Permanent=True
        )

        def sign_in() -> None:
            result = idp.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
            )
            idp.get_user(AccessToken=result["AuthenticationResult"]["AccessToken"])

        return 2 * per_second(sign_in, seconds)


def plugin_overhead(runs: int, root: Path) -> tuple[float, float]:
    """(wall-time difference of an empty pytest run with and without the plugin, the plugin
    module's own import time), both in ms; the fastest of ``runs`` each, as the least disturbed
    by other work on the machine."""
    root.mkdir(exist_ok=True)
    (root / "test_empty.py").write_text("def test_nothing():\n    pass\n")
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "conftest.py").write_text("")
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_empty.py"]
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(runs):
        for loaded in (True, False):
            start = time.perf_counter()
            extra = [] if loaded else ["-p", "no:cognito_fake"]
            subprocess.run(base + extra, cwd=root, check=True, capture_output=True, env=ENV)
            times[loaded].append(time.perf_counter() - start)
    probe = "import time, pytest; t = time.perf_counter(); import pytest_cognito_fake.plugin; "
    probe += "print(time.perf_counter() - t)"
    imports = [
        float(subprocess.run([sys.executable, "-c", probe], capture_output=True, env=ENV).stdout)
        for _ in range(runs)
    ]
    return (min(times[True]) - min(times[False])) * 1000, min(imports) * 1000


# ------------------------------------------------------------------------------ report


def spread(repeats: list[dict[str, float]], over: str, under: str) -> str:
    """The ratio ``over / under`` of each round of variants (run one after another, so both
    sides see about the same machine): median and range."""
    ratios = sorted(round_[over] / round_[under] for round_ in repeats)
    median = statistics.median(ratios)
    return f"median {median:.2f}x, {ratios[0]:.2f}-{ratios[-1]:.2f}x over {len(ratios)} rounds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=60, help="tests per pytest variant")
    parser.add_argument("--calls", type=int, default=300, help="calls per per-call row")
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput run")
    parser.add_argument("--runs", type=int, default=11, help="pytest runs for the import row")
    parser.add_argument("--repeats", type=int, default=9, help="rounds of the row-1 variants")
    args = parser.parse_args()

    byte_compile()
    skip = 5  # the first tests of a process pay for imports and first use
    with tempfile.TemporaryDirectory() as tmp:
        # Each pytest run gets a directory of its own kind, side by side: pytest would
        # collect another directory's test_bench.py if one sat inside another.
        root = Path(tmp) / "per-test"
        root.mkdir()
        record_canned(root)
        per_test: dict[str, float] = {}
        repeats: list[dict[str, float]] = []  # each round of variants, empty test subtracted
        for _ in range(args.repeats):
            this: dict[str, float] = {}
            for name in ORDER:
                rounds = max(args.rounds // 4, 12) if name == "moto mock_aws" else args.rounds
                phases = pytest_phases(TESTS[name], rounds + skip, root)
                this[name] = statistics.median(phases["protocol"][skip:]) * 1000
                per_test[name] = min(this[name], per_test.get(name, this[name]))
            repeats.append({name: value - this["empty"] for name, value in this.items()})
        (root / "test_bench.py").unlink()
        runs = []
        for index in range(6):
            # The first run, in a new directory, makes the signing keys (once per machine);
            # the others find them in pytest's cache, as every later run of a project does.
            # The last test's time holds the session's teardown, so it is left out.
            where = Path(tmp) / "first-use" if index == 0 else root
            where.mkdir(exist_ok=True)
            spent = pytest_phases(FIRST_USE, 9, where)["protocol"]
            runs.append((spent[0] - statistics.median(spent[1:-1])) * 1000)
        first_cold, first_warm = runs[0], statistics.median(runs[1:])
        overhead, plugin_import = plugin_overhead(args.runs, Path(tmp) / "unused")
    calls = per_call(args.calls)
    remote = standalone_rows(args.calls, args.seconds)
    moto_rate = moto_sign_in(args.seconds)

    empty = per_test.pop("empty")
    cost = {name: value - empty for name, value in per_test.items()}
    floor = cost["zero-cost fake"]
    print(f"1. per test, 7 calls on app code's own client (pytest, empty test {empty:.2f} ms")
    print("   subtracted):")
    for name in ("fake", "zero-cost fake", "Stubber", "moto mock_aws"):
        print(f"     {name:<24} {cost[name]:8.2f} ms  ({cost[name] / floor:5.2f}x zero-cost)")
    print(f"   fake / zero-cost round by round: {spread(repeats, 'fake', 'zero-cost fake')}")
    helper = cost["fake, boto3_client()"]
    print(f"2. the same through cognito_fake.boto3_client(): {helper:.2f} ms,")
    print(f"     moto / fake = {cost['moto mock_aws'] / helper:.0f}x;")
    print(f"     round by round: {spread(repeats, 'moto mock_aws', 'fake, boto3_client()')}")
    print(f"3. pytest run without the fixture, plugin vs -p no:cognito_fake: {overhead:+.0f} ms")
    print(f"     (import of pytest_cognito_fake.plugin itself: {plugin_import:.1f} ms)")
    print(f"4. first use of the fixture (a pool, a user, a sign-in): {first_warm:.0f} ms more than")
    print(f"     the next tests ({first_cold:.0f} ms in the run that made the signing keys)")
    print("5. one AdminGetUser, in process:")
    print(f"     boto3_client()            {calls['in process']:.3f} ms")
    print(f"     Stubber                   {calls['Stubber']:.3f} ms")
    own = calls["fake's own work"]
    print(f"     fake's own work           {own:.3f} ms")
    print(f"6. the same over keep-alive HTTP to a server thread: {calls['HTTP']:.3f} ms")
    ratio = remote["standalone"] / remote["canned"]
    print(f"7. standalone over keep-alive HTTP {remote['standalone']:.3f} ms, canned server")
    print(f"     {remote['canned']:.3f} ms: {ratio:.2f}x")
    print("8. sign-in throughput (InitiateAuth + GetUser over HTTP, one client, calls/s):")
    floor_rate = remote["canned sign-in"]
    print(f"     standalone {remote['sign-in']:.0f}/s, canned server {floor_rate:.0f}/s (the")
    print(f"     floor): {floor_rate / remote['sign-in']:.2f}x; moto in process {moto_rate:.0f}/s")


if __name__ == "__main__":
    main()
