"""The pytest plugin: the ``cognito_fake`` fixture, its marker and ini options.

One server per test session (per xdist worker), started on first use; each test gets a clean
service at setup, the AWS environment pointing at the fake while it runs, and a failure at
teardown if the fake itself raised (a bug in the fake must never pass silently).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from .app import make_app
from .crypto import jwt as jwt_keys
from .fake import CognitoFake
from .server import Server
from .service import Config, Service

ENV = {
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": None,  # set to the fake's URL
    "AWS_DEFAULT_REGION": None,  # set to the region
    "AWS_REGION": None,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}
#: Variables that would send boto3 elsewhere or fail it; unset while a test runs.
UNSET = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("cognito_fake_region", "Region of the fake (pool ids, env).", default="us-east-1")
    parser.addini(
        "cognito_fake_issuer",
        'Token issuer: "local" (the fake\'s URL, discovery works) or "aws".',
        default="local",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "cognito_fake(region=None, issuer=None): per-test settings of the cognito_fake fixture",
    )


class _Running:
    def __init__(self) -> None:
        self.service = Service()
        self.server = Server(make_app(self.service)).start()
        self.service.url = self.server.url
        jwt_keys.warm_up()


@pytest.fixture(scope="session")
def cognito_fake_server() -> Iterator[_Running]:
    """The session's server (one per xdist worker); tests use ``cognito_fake``."""
    running = _Running()
    yield running
    running.server.stop()


@pytest.fixture
def cognito_fake(
    cognito_fake_server: _Running, request: pytest.FixtureRequest
) -> Iterator[CognitoFake]:
    """A clean in-memory Cognito for this test; boto3 clients made during it reach the fake."""
    service = cognito_fake_server.service
    service.reset()
    marker = request.node.get_closest_marker("cognito_fake")
    options = dict(marker.kwargs) if marker else {}
    unknown = set(options) - {"region", "issuer"}
    if unknown:
        pytest.fail(f"unknown cognito_fake marker options: {sorted(unknown)}", pytrace=False)
    service.config = Config(
        region=options.get("region") or request.config.getini("cognito_fake_region"),
        issuer=options.get("issuer") or request.config.getini("cognito_fake_issuer"),
    )
    if service.config.issuer not in ("local", "aws"):
        pytest.fail(
            f'cognito_fake issuer must be "local" or "aws", not {service.config.issuer!r}',
            pytrace=False,
        )
    values = {
        **ENV,
        "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": service.url,
        "AWS_DEFAULT_REGION": service.config.region,
        "AWS_REGION": service.config.region,
    }
    saved = {name: os.environ.get(name) for name in (*values, *UNSET)}
    os.environ.update({k: str(v) for k, v in values.items()})
    for name in UNSET:
        os.environ.pop(name, None)
    try:
        yield CognitoFake(service, service.url)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if service.bugs:
        bugs = "\n\n".join(service.bugs)
        service.bugs.clear()
        pytest.fail(
            "The Cognito fake raised an unexpected error (clients saw InternalErrorException)."
            f" This is a bug in pytest-cognito-fake:\n\n{bugs}",
            pytrace=False,
        )
