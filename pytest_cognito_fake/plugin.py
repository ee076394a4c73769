"""The pytest plugin: the ``cognito_fake`` fixture, its marker and ini options.

One server per test session (per xdist worker), started on first use; each test gets a clean
service at setup, the AWS environment pointing at the fake while it runs, and a failure at
teardown if the fake itself raised (a bug in the fake must never pass silently).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

# pytest loads this module in every run of a project that has the plugin installed: the
# server, model, keys and botocore load on the fixture's first use, never here.
if TYPE_CHECKING:
    from .fake import CognitoFake
    from .service import Config

ENV = {
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": None,  # set to the fake's URL
    "AWS_DEFAULT_REGION": None,  # set to the region
    "AWS_REGION": None,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    # A developer's ~/.aws files (retry mode, profiles) must not make tests differ by machine.
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
#: Variables that would send boto3 elsewhere or fail it; unset while a test runs.
UNSET = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
)
MARKER_OPTIONS = ("region", "issuer", "intercept", "http")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("cognito_fake_region", "Region of the fake (pool ids, env).", default="us-east-1")
    parser.addini(
        "cognito_fake_issuer",
        'Token issuer: "local" (the fake\'s URL, discovery works) or "aws".',
        default="local",
    )
    parser.addini(
        "cognito_fake_intercept",
        "With the aws issuer, answer the fake's AWS host names (JWKS, discovery, user-pool"
        " domains) in process for urllib, requests, httpx and aiohttp.",
        type="bool",
        default=True,
    )
    parser.addini(
        "cognito_fake_http",
        "Send the test process's own botocore calls to the fake over real loopback HTTP"
        " (default: in process).",
        type="bool",
        default=False,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "cognito_fake(region=None, issuer=None, intercept=None, http=None):"
        " per-test settings of the cognito_fake fixture",
    )


class _Running:
    def __init__(self, cache: Any) -> None:
        from .crypto import jwt as jwt_keys
        from .http.app import make_app
        from .http.server import Server
        from .service import Service

        # Signing keys are made once per machine and kept in pytest's cache directory.
        jwt_keys.RING.use(cache.mkdir("cognito_fake") / "keys.json" if cache else None)
        self.service = Service()
        self.app = make_app(self.service)
        self.server = Server(self.app).start()
        self.service.url = self.server.url


@pytest.fixture(scope="session")
def cognito_fake_server(request: pytest.FixtureRequest) -> Iterator[_Running]:
    """The session's server (one per xdist worker); tests use ``cognito_fake``."""
    running = _Running(getattr(request.config, "cache", None))
    yield running
    running.server.stop()


def _config(request: pytest.FixtureRequest) -> Config:
    """The test's settings: marker options over ini options."""
    from .service import Config

    marker = request.node.get_closest_marker("cognito_fake")
    if marker is not None and marker.args:
        pytest.fail(
            "the cognito_fake marker takes keywords only: region=, issuer=, intercept=, http=",
            pytrace=False,
        )
    options = dict(marker.kwargs) if marker else {}
    unknown = set(options) - set(MARKER_OPTIONS)
    if unknown:
        pytest.fail(
            f"unknown cognito_fake marker options: {sorted(unknown)};"
            f" known: {', '.join(MARKER_OPTIONS)}",
            pytrace=False,
        )
    config = Config(
        region=options.get("region") or request.config.getini("cognito_fake_region"),
        issuer=options.get("issuer") or request.config.getini("cognito_fake_issuer"),
    )
    if not _REGION.fullmatch(config.region):
        pytest.fail(f"cognito_fake region {config.region!r} is not a region name", pytrace=False)
    if config.issuer not in ("local", "aws"):
        pytest.fail(
            f'cognito_fake issuer must be "local" or "aws", not {config.issuer!r}', pytrace=False
        )
    return config


def _switch(request: pytest.FixtureRequest, name: str) -> bool:
    """A boolean setting: the marker's ``name=`` over the ini option ``cognito_fake_<name>``."""
    marker = request.node.get_closest_marker("cognito_fake")
    given = marker.kwargs.get(name) if marker else None
    if given is None:
        given = request.config.getini(f"cognito_fake_{name}")
    if not isinstance(given, bool):
        pytest.fail(f"cognito_fake {name} must be True or False, not {given!r}", pytrace=False)
    return given


def _intercepting(request: pytest.FixtureRequest, config: Config) -> bool:
    """Whether this test's AWS host names are answered in process (aws issuer only)."""
    return _switch(request, "intercept") and config.issuer == "aws"


def _bug_report(bugs: list[str]) -> str:
    """One section per distinct traceback (a retrying client repeats the same one)."""
    counts: dict[str, int] = {}
    for bug in bugs:
        counts[bug] = counts.get(bug, 0) + 1
    sections = [bug if n == 1 else f"({n} times) {bug}" for bug, n in counts.items()]
    return (
        "The Cognito fake raised an unexpected error (clients saw InternalErrorException)."
        " This is a bug in pytest-cognito-fake:\n\n" + "\n\n".join(sections)
    )


@pytest.fixture
def cognito_fake(
    cognito_fake_server: _Running,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[CognitoFake]:
    """A clean in-memory Cognito for this test.

    While the test runs, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, the region and dummy
    credentials are set (and AWS_PROFILE unset), so the code under test's own
    ``boto3.client("cognito-idp")`` reaches the fake. The environment is restored afterwards
    (through ``monkeypatch``, so a test's own ``monkeypatch.setenv`` unwinds in order too).
    With the aws issuer, the pools' AWS URLs (JWKS, discovery, user-pool domains) are answered
    in process while the test runs (``pytest_cognito_fake.http.intercept``; ``intercept=False``
    turns that off).

    Every botocore client of the test process addressed to the fake is served in process
    (signing, retries and parsing still run; only the socket is skipped) unless the
    ``cognito_fake(http=True)`` marker or the ``cognito_fake_http`` ini option says otherwise.
    """
    from .fake import CognitoFake

    service = cognito_fake_server.service
    service.reset()
    service.config = _config(request)
    values = {
        **ENV,
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": service.url,
        "AWS_DEFAULT_REGION": service.config.region,
        "AWS_REGION": service.config.region,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, str(value))
    for name in UNSET:
        monkeypatch.delenv(name, raising=False)
    in_process = not _switch(request, "http")
    # The route patches botocore; a process that has not imported it (``import boto3`` does)
    # has no client to serve, and the fixture's first use need not import it.
    route = in_process and "botocore.endpoint" in sys.modules
    interception = None
    if _intercepting(request, service.config):
        from .http import intercept

        interception = intercept.start(service, cognito_fake_server.app)
    if route:
        from .http import transport

        transport.activate(service.url, cognito_fake_server.app)
    try:
        yield CognitoFake(service, service.url, cognito_fake_server.app if in_process else None)
    finally:
        if route:
            transport.deactivate(service.url)
        if interception is not None:
            interception.stop()
    if service.bugs:
        report = _bug_report(service.bugs)
        service.bugs.clear()
        pytest.fail(report, pytrace=False)
