"""Clients beside the in-process route: aiobotocore (whose sends are asynchronous, so the route
leaves them to real HTTP) and boto3 under moto's ``mock_aws`` (moto answers for the services it
mocks; requests for the fake's address pass through to the fake)."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import boto3
import pytest


def _aiobotocore_session() -> Any:
    """aiobotocore (the `aio` extra) pins an older botocore, so the main venv lacks it; CI's
    own aio venv sets COGNITO_FAKE_REQUIRE_AIO=1, where a missing one fails."""
    if os.environ.get("COGNITO_FAKE_REQUIRE_AIO") == "1":
        import aiobotocore.session

        return aiobotocore.session
    return pytest.importorskip("aiobotocore.session")


def test_aiobotocore_over_http(cognito_fake: Any) -> None:
    get_session = _aiobotocore_session().get_session

    pool = cognito_fake.create_user_pool("async")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")

    async def sign_in() -> tuple[str, str]:
        async with get_session().create_client("cognito-idp") as idp:
            out = await idp.initiate_auth(
                ClientId=web.id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
            )
            user = await idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
            try:
                await idp.admin_get_user(UserPoolId=pool.id, Username="nobody")
            except idp.exceptions.UserNotFoundException as exc:
                return user["Username"], exc.response["Error"]["Message"]
            raise AssertionError("AdminGetUser of an unknown user succeeded")

    assert asyncio.run(sign_in()) == ("alice", "User does not exist.")
    assert cognito_fake.calls().operations == ["InitiateAuth", "GetUser", "AdminGetUser"]


def test_boto3_beside_moto(cognito_fake: Any) -> None:
    from moto import mock_aws

    pool = cognito_fake.create_user_pool("beside-moto")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="avatars")  # moto answers for S3...
        idp = boto3.client("cognito-idp")  # ...and the fake for Cognito
        assert [p["Id"] for p in idp.list_user_pools(MaxResults=5)["UserPools"]] == [pool.id]
        with pytest.raises(idp.exceptions.ResourceNotFoundException):
            idp.describe_user_pool(UserPoolId="us-east-1_nothere00")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["avatars"]
    assert cognito_fake.calls().operations == ["ListUserPools", "DescribeUserPool"]
