"""docs/fixture.md: settings — the marker and the ini options."""

from __future__ import annotations

import os

import pytest

from pytest_cognito_fake.api import load_all

load_all()  # before pytester's in-process run, which forgets modules it imported


@pytest.mark.cognito_fake(region="eu-west-1")
def test_in_ireland(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    assert pool.id.startswith("eu-west-1_")
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"


@pytest.mark.cognito_fake(issuer="aws")
def test_tokens_name_aws_as_issuer(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    alice = pool.create_user("alice", password="Passw0rd!")
    tokens = alice.sign_in(pool.create_client("web"))
    assert tokens.id_claims["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool.id}"


@pytest.mark.cognito_fake(http=True)
def test_over_real_http(cognito_fake):
    import boto3

    idp = boto3.client("cognito-idp")  # over a loopback connection to the fake's server
    assert idp.list_user_pools(MaxResults=1)["UserPools"] == []


@pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")
def test_ini_options(pytester):
    pytester.makepyprojecttoml(
        """
        [tool.pytest.ini_options]
        cognito_fake_region = "eu-central-1"
        cognito_fake_issuer = "aws"  # tokens' iss as on AWS, not the fake's URL
        """
    )
    pytester.makepyfile(
        """
        def test_pool(cognito_fake):
            pool = cognito_fake.create_user_pool("app")
            assert pool.id.startswith("eu-central-1_")
            assert pool.issuer.startswith("https://cognito-idp.eu-central-1.amazonaws.com/")
        """
    )
    pytester.runpytest("-p", "no:benchmark").assert_outcomes(passed=1)
