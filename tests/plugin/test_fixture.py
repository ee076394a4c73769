"""The plugin as a user meets it: run small test files with pytester and read the outcome."""

from __future__ import annotations

import os

import pytest

from pytest_cognito_fake.api import load_all

# pytester's in-process runs drop the modules they imported; load the operations here once,
# so an inner run does not import (and register) them a second time.
load_all()

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

ENDPOINT = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"


def run(pytester: pytest.Pytester) -> pytest.RunResult:
    """An in-process run, without pytest-benchmark (which warns under xdist: an error here)."""
    return pytester.runpytest("-p", "no:benchmark")


def test_state_of_one_test_is_invisible_to_the_next(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        import pytest

        seen = {}

        def test_one(cognito_fake):
            pool = cognito_fake.create_user_pool("first")
            pool.create_user("alice", password="Passw0rd!")
            cognito_fake.fail("ListUserPools", "InternalErrorException")
            seen["pool"] = pool.id

        def test_two(cognito_fake):
            assert cognito_fake.pools == {}
            assert cognito_fake.calls() == []
            idp = boto3.client("cognito-idp")
            assert idp.list_user_pools(MaxResults=10)["UserPools"] == []  # no fault left
            with pytest.raises(idp.exceptions.ResourceNotFoundException):
                idp.describe_user_pool(UserPoolId=seen["pool"])
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2)


def test_environment_is_set_while_the_test_runs_and_restored_after(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "production")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "production")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-session")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/home/dev/.aws/config")
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv(ENDPOINT, raising=False)
    pytester.makepyfile(
        """
        import os

        import boto3

        def app_code_lists_pools():
            return boto3.client("cognito-idp").list_user_pools(MaxResults=10)["UserPools"]

        def test_during(cognito_fake):
            env = os.environ
            assert env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] == cognito_fake.url
            assert env["AWS_DEFAULT_REGION"] == env["AWS_REGION"] == "us-east-1"
            assert env["AWS_ACCESS_KEY_ID"] == env["AWS_SECRET_ACCESS_KEY"] == "testing"
            assert env["AWS_CONFIG_FILE"] == env["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
            for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN"):
                assert name not in env
            pool = cognito_fake.create_user_pool("seen-by-app-code")
            assert [p["Id"] for p in app_code_lists_pools()] == [pool.id]

        def test_own_monkeypatch_unwinds_in_order(cognito_fake, monkeypatch):
            monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "other")

        def test_after():
            env = os.environ
            assert env["AWS_PROFILE"] == env["AWS_DEFAULT_PROFILE"] == "production"
            assert env["AWS_SESSION_TOKEN"] == "real-session"
            assert env["AWS_ACCESS_KEY_ID"] == "AKIAREALKEY"
            assert env["AWS_DEFAULT_REGION"] == "eu-west-3"
            assert env["AWS_CONFIG_FILE"] == "/home/dev/.aws/config"
            for name in ("AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SHARED_CREDENTIALS_FILE",
                         "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"):
                assert name not in env, name
        """
    )
    saved_secret = os.environ.pop("AWS_SECRET_ACCESS_KEY", None)
    try:
        result = run(pytester)
    finally:
        if saved_secret is not None:
            os.environ["AWS_SECRET_ACCESS_KEY"] = saved_secret
    result.assert_outcomes(passed=3)
    assert os.environ["AWS_PROFILE"] == "production"
    assert ENDPOINT not in os.environ


def test_marker_region_changes_pool_ids_and_environment(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os

        import boto3
        import pytest

        @pytest.mark.cognito_fake(region="eu-west-1")
        def test_marked(cognito_fake):
            assert cognito_fake.region == "eu-west-1"
            assert cognito_fake.create_user_pool("a").id.startswith("eu-west-1_")
            assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
            made = boto3.client("cognito-idp").create_user_pool(PoolName="b")
            assert made["UserPool"]["Id"].startswith("eu-west-1_")
            assert made["UserPool"]["Arn"].startswith("arn:aws:cognito-idp:eu-west-1:")

        def test_unmarked(cognito_fake):
            assert cognito_fake.create_user_pool("a").id.startswith("us-east-1_")
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_ini_option_sets_the_region_and_the_marker_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ncognito_fake_region = ap-southeast-2\n")
    pytester.makepyfile(
        """
        import pytest

        def test_from_ini(cognito_fake):
            assert cognito_fake.create_user_pool("a").id.startswith("ap-southeast-2_")

        @pytest.mark.cognito_fake(region="ca-central-1")
        def test_marker_over_ini(cognito_fake):
            assert cognito_fake.create_user_pool("a").id.startswith("ca-central-1_")
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_marker_mistakes_are_reported_plainly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.cognito_fake(regoin="eu-west-1")
        def test_typo(cognito_fake):
            pass

        @pytest.mark.cognito_fake(region="Europe")
        def test_bad_region(cognito_fake):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=2)
    out = result.stdout.str()
    assert "unknown cognito_fake marker options: ['regoin']; known: region, issuer" in out
    assert "cognito_fake region 'Europe' is not a region name" in out


def test_a_bug_in_the_fake_fails_the_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import types

        import botocore.endpoint
        import pytest

        def broken(state, req, ctx):
            raise RuntimeError("boom in the fake")

        def test_hits_a_bug(cognito_fake, monkeypatch):
            monkeypatch.setitem(cognito_fake.service.operations, "ListUserPools", broken)
            sleeps = []
            no_sleep = types.SimpleNamespace(sleep=sleeps.append)
            monkeypatch.setattr(botocore.endpoint, "time", no_sleep)
            idp = cognito_fake.boto3_client()  # legacy retries: 5 attempts
            with pytest.raises(idp.exceptions.InternalErrorException) as caught:
                idp.list_user_pools(MaxResults=10)
            assert caught.value.response["Error"]["Message"] == "Internal server error."
            assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
            assert len(sleeps) == 4

        def test_next_test_is_clean(cognito_fake):
            assert cognito_fake.boto3_client().list_user_pools(MaxResults=10)["UserPools"] == []
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_hits_a_bug*",
            "*The Cognito fake raised an unexpected error (clients saw InternalErrorException).*"
            " This is a bug in pytest-cognito-fake:",
            "(5 times) ListUserPools:",
            "Traceback (most recent call last):",
            "*RuntimeError: boom in the fake",
        ]
    )


def test_a_when_function_that_raises_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from botocore.config import Config

        def test_bad_when(cognito_fake):
            cognito_fake.fail("ListUserPools", "InternalErrorException",
                              when=lambda request: request["Username"] == "bob")
            once = Config(retries={"mode": "standard", "total_max_attempts": 1})
            idp = cognito_fake.boto3_client(config=once)
            with pytest.raises(idp.exceptions.InternalErrorException):
                idp.list_user_pools(MaxResults=1)
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*RuleError: the when= function of cognito_fake.fail('ListUserPools',"
            " 'InternalErrorException') raised KeyError: 'Username'",
        ]
    )


def test_the_server_lives_for_the_session(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        urls = set()

        def test_a(cognito_fake):
            urls.add(cognito_fake.url)

        def test_b(cognito_fake, cognito_fake_server):
            urls.add(cognito_fake.url)
            assert urls == {cognito_fake_server.server.url}
            assert cognito_fake.boto3_client() is cognito_fake.boto3_client()
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_runs_under_xdist(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import os

        import boto3
        import pytest

        @pytest.mark.parametrize("n", range(6))
        def test_each_worker_has_its_own_clean_fake(cognito_fake, n):
            assert os.environ["PYTEST_XDIST_WORKER"].startswith("gw")
            idp = boto3.client("cognito-idp")
            assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
            pool = cognito_fake.create_user_pool(f"pool-{n}")
            web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
            pool.create_user("alice", password="Passw0rd!")
            out = idp.initiate_auth(
                ClientId=web.id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
            )
            assert idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:benchmark")
    result.assert_outcomes(passed=6)
    result.stdout.fnmatch_lines(["*2 workers*"])
