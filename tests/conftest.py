"""Shared test setup: every boto3 response is checked against botocore's output shape; with
a botocore older than the shipped model, tests the old client cannot express are skipped."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterator
from typing import Any

import botocore
import pytest
from botocore import xform_name
from botocore.exceptions import ParamValidationError
from botocore.validate import ParamValidator

from pytest_cognito_fake.model import drift, shipped

_validator = ParamValidator()


def _check_response(http_response: Any, parsed: dict[str, Any], model: Any, **_: Any) -> None:
    if parsed.get("Error") or model.output_shape is None:
        return
    body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    report = _validator.validate(body, model.output_shape)
    if report.has_errors():
        raise AssertionError(
            f"{model.name} response breaks its output shape:\n{report.generate_report()}"
        )


@pytest.fixture(params=["freezegun", "time_machine"])
def shift(request: pytest.FixtureRequest) -> Any:
    """Move the frozen clock forward by N seconds with the library the test is run under
    (each test that asks for it runs under both)."""
    if request.param == "freezegun":
        return request.getfixturevalue("freezer").tick
    traveller = request.getfixturevalue("time_machine")
    traveller.move_to(time.time(), tick=False)
    return traveller.shift


@pytest.fixture
def idp(cognito_fake: Any) -> Any:
    """The boto3 cognito-idp client over real HTTP (as app code reaches the fake), with
    botocore's own check of every response's shape."""
    client = cognito_fake.boto3_client(http=True)
    events = client.meta.events
    events.unregister("after-call.cognito-identity-provider", _check_response)
    events.register("after-call.cognito-identity-provider", _check_response)
    return client


@functools.cache
def _newer_than_client() -> frozenset[str]:
    """Names (operations as boto3 methods, members, error shapes) that the shipped model has
    and the installed botocore's model lacks: empty with a botocore as new as the model."""
    _, installed = drift._installed()
    ours = shipped().service
    operations = set(ours["operations"]) - set(installed["operations"])
    members = drift._members(ours) - drift._members(installed)
    errors = drift._errors(ours) - drift._errors(installed)
    return frozenset(
        {xform_name(name) for name in operations}
        | {member.split(".", 1)[1] for member in members}
        | errors
    )


def _client_cannot_express(exc: BaseException) -> bool:
    """True when ``exc`` comes from the installed client lacking what the test uses: botocore
    refusing a parameter, a method or exception class it lacks, a response member it drops."""
    newer = _newer_than_client()
    if not newer:
        return False
    if isinstance(exc, ParamValidationError):
        return True  # raised client-side, before anything reaches the fake
    if isinstance(exc, AttributeError):
        name = re.search(r"has no attribute '?(\w+)'?", str(exc))
        return bool(name and name.group(1) in newer)
    return isinstance(exc, KeyError) and bool(exc.args) and exc.args[0] in newer


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """CI runs the suite with the oldest botocore the package supports; a test using an
    operation or member newer than that client is reported as skipped, saying why. Any other
    failure still fails, and with a current botocore this never applies."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if call.excinfo is None or not _client_cannot_express(call.excinfo.value):
        return
    path, line, _ = item.reportinfo()
    report.outcome = "skipped"
    report.longrepr = (
        str(path),
        (line or 0) + 1,
        f"Skipped: botocore {botocore.__version__}'s client is older than the shipped model"
        f" ({shipped().release}): {type(call.excinfo.value).__name__}: {call.excinfo.value}",
    )
