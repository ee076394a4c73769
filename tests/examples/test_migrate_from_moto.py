"""docs/migrate-moto.md: the same test under moto's mock_aws and under the fixture. The moto
version runs only where moto is installed (the ``bench`` extra)."""

from __future__ import annotations

import boto3
import pytest


def sign_in(client_id: str, username: str, password: str) -> str:
    """Application code: unchanged by the move."""
    idp = boto3.client("cognito-idp")
    out = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return out["AuthenticationResult"]["AccessToken"]


def test_sign_in_under_moto(monkeypatch):
    mock_aws = pytest.importorskip("moto").mock_aws
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        idp = boto3.client("cognito-idp")
        pool_id = idp.create_user_pool(PoolName="app")["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
        )["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username="alice", Password="Passw0rd!", Permanent=True
        )

        token = sign_in(client_id, "alice", "Passw0rd!")

        assert idp.get_user(AccessToken=token)["Username"] == "alice"


def test_sign_in_under_the_fake(cognito_fake):
    idp = boto3.client("cognito-idp")
    pool_id = idp.create_user_pool(PoolName="app")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username="alice", Password="Passw0rd!", Permanent=True
    )

    token = sign_in(client_id, "alice", "Passw0rd!")

    assert idp.get_user(AccessToken=token)["Username"] == "alice"


def test_the_same_test_with_seed_helpers(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")

    token = sign_in(web.id, "alice", "Passw0rd!")

    assert cognito_fake.boto3_client().get_user(AccessToken=token)["Username"] == "alice"
