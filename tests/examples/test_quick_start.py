"""README and docs/fixture.md: the first test."""

from __future__ import annotations

import boto3


def sign_in(client_id: str, username: str, password: str) -> str:
    """Application code: it makes its own boto3 client, as in production."""
    idp = boto3.client("cognito-idp")
    out = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return out["AuthenticationResult"]["AccessToken"]


def test_sign_in(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")

    token = sign_in(web.id, "alice", "Passw0rd!")

    me = cognito_fake.boto3_client().get_user(AccessToken=token)
    assert me["Username"] == "alice"
