"""The interception starts and ends with the test, can be turned off in the ini file, and
lives beside responses, respx and moto's mock_aws in the same test."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import aiohttp.connector
import httpx
import pytest
import requests
import responses
import respx

from pytest_cognito_fake.api import load_all

load_all()  # before pytester's in-process run, which forgets modules it imported

SERVICE = "https://cognito-idp.us-east-1.amazonaws.com"
PATCHED = (
    (urllib.request.HTTPHandler, "http_open"),
    (urllib.request.HTTPSHandler, "https_open"),
    (requests.Session, "get_adapter"),
    (httpx.Client, "_transport_for_url"),
    (httpx.AsyncClient, "_transport_for_url"),
    (aiohttp.connector.BaseConnector, "connect"),
)


def _attributes() -> list[Any]:
    return [vars(owner).get(name) for owner, name in PATCHED]


BEFORE = _attributes()  # at import: before any test of this process ran


@pytest.mark.cognito_fake(issuer="aws")
def test_every_library_is_patched_while_the_test_runs(cognito_fake):
    assert all(now is not then for now, then in zip(_attributes(), BEFORE, strict=True))


def test_no_test_leaves_a_library_patched():
    assert _attributes() == BEFORE


@pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")
def test_nothing_is_left_patched_for_the_next_test(pytester):
    pytester.makepyfile(
        """
        import pytest, requests, httpx, urllib.request, aiohttp.connector

        PATCHED = (
            (urllib.request.HTTPSHandler, "https_open"),
            (requests.Session, "get_adapter"),
            (httpx.Client, "_transport_for_url"),
            (httpx.AsyncClient, "_transport_for_url"),
            (aiohttp.connector.BaseConnector, "connect"),
        )
        BEFORE = [vars(owner)[name] for owner, name in PATCHED]
        URL = "https://cognito-idp.us-east-1.amazonaws.com/{}/.well-known/jwks.json"

        @pytest.mark.cognito_fake(issuer="aws")
        def test_answered(cognito_fake):
            pool = cognito_fake.create_user_pool("app")
            assert requests.get(URL.format(pool.id), timeout=5).json()["keys"]

        @pytest.mark.cognito_fake(issuer="aws")
        def test_failing_test_is_undone_too(cognito_fake):
            raise RuntimeError("boom")

        def test_after():
            assert [vars(owner)[name] for owner, name in PATCHED] == BEFORE
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:xdist")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["FAILED *test_failing_test_is_undone_too*"])


@pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")
def test_the_ini_option_turns_it_off(pytester):
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        cognito_fake_issuer = "aws"
        cognito_fake_intercept = false
        """
    )
    pytester.makepyfile(
        """
        import pytest, requests

        def test_off(cognito_fake):
            assert vars(requests.Session)["get_adapter"].__module__ == "requests.sessions"

        @pytest.mark.cognito_fake(intercept=True)
        def test_the_marker_wins(cognito_fake):
            assert vars(requests.Session)["get_adapter"].__module__ != "requests.sessions"

        @pytest.mark.cognito_fake(intercept="yes")
        def test_bad_value(cognito_fake):
            pass
        """
    )
    result = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:xdist")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*intercept must be True or False, not 'yes'*"])


@pytest.mark.cognito_fake(issuer="aws")
@responses.activate
def test_beside_responses(cognito_fake, network):
    responses.get("https://api.example.com/orders", json={"orders": []})
    pool = cognito_fake.create_user_pool("app")
    assert requests.get("https://api.example.com/orders", timeout=5).json() == {"orders": []}
    jwks = requests.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json", timeout=5)
    assert jwks.json() == cognito_fake.jwks(pool)
    assert len(responses.calls) == 1  # the JWKS never reached responses
    assert network.attempts == []


@pytest.mark.cognito_fake(issuer="aws")
def test_beside_respx(cognito_fake, network):
    pool = cognito_fake.create_user_pool("app")
    with respx.mock as router:  # respx's default: it mocks below httpx's transports
        router.get("https://api.example.com/orders").respond(json={"orders": []})
        assert httpx.get("https://api.example.com/orders").json() == {"orders": []}
        jwks = httpx.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json")
        assert jwks.json() == cognito_fake.jwks(pool)
        assert router.calls.call_count == 1
    assert network.attempts == []


@pytest.mark.cognito_fake(issuer="aws")
def test_beside_respx_using_httpx(cognito_fake, network):
    """respx's "httpx" mocker sits where the fake does, in front of it: a pass-through route
    lets the AWS names on (otherwise respx reports them as not mocked)."""
    pool = cognito_fake.create_user_pool("app")
    with respx.mock(using="httpx") as router:
        router.route(host__regex=r".+\.amazonaws\.com|.+\.amazoncognito\.com").pass_through()
        router.get("https://api.example.com/orders").respond(json={"orders": []})
        assert httpx.get("https://api.example.com/orders").json() == {"orders": []}
        jwks = httpx.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json")
        assert jwks.json() == cognito_fake.jwks(pool)
    assert network.attempts == []


@pytest.mark.cognito_fake(issuer="aws")
def test_beside_moto(cognito_fake, network):
    """moto answers the AWS services it mocks, boto3's and requests' alike; the fake answers
    its pools' names, even where moto has a JWKS route of its own."""
    import boto3
    from moto import mock_aws

    pool = cognito_fake.create_user_pool("app")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="reports")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["reports"]
        body = requests.get(f"{SERVICE}/{pool.id}/.well-known/jwks.json", timeout=5).content
        assert json.loads(body) == cognito_fake.jwks(pool)
        with urllib.request.urlopen(f"{SERVICE}/{pool.id}/.well-known/jwks.json") as response:
            assert json.loads(response.read()) == cognito_fake.jwks(pool)
    assert network.attempts == []
