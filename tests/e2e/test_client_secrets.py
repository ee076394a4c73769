from __future__ import annotations

import pytest

from pytest_cognito_fake.core.signin.attempt import secret_hash

from ..helpers import raises


def _sign_in(idp, client_id: str, secret: str) -> dict:
    return idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": "alice",
            "PASSWORD": "Passw0rd!",
            "SECRET_HASH": secret_hash(secret, "alice", client_id),
        },
    )


def test_rotate_secret_both_live_then_old_deleted(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"], secret=True)
    pool.create_user("alice", password="Passw0rd!")
    old = web.secret
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId=web.id)
    assert len(listed["ClientSecrets"]) == 1
    assert "ClientSecretValue" not in listed["ClientSecrets"][0]
    old_id = listed["ClientSecrets"][0]["ClientSecretId"]

    added = idp.add_user_pool_client_secret(UserPoolId=pool.id, ClientId=web.id)
    descriptor = added["ClientSecretDescriptor"]
    new = descriptor["ClientSecretValue"]
    assert descriptor["ClientSecretId"].startswith(f"{web.id}--")
    assert new != old

    # Both secrets sign in during the rotation.
    assert "AuthenticationResult" in _sign_in(idp, web.id, old)
    assert "AuthenticationResult" in _sign_in(idp, web.id, new)
    ids = [
        s["ClientSecretId"]
        for s in idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId=web.id)[
            "ClientSecrets"
        ]
    ]
    assert ids == [old_id, descriptor["ClientSecretId"]]

    idp.delete_user_pool_client_secret(UserPoolId=pool.id, ClientId=web.id, ClientSecretId=old_id)
    with pytest.raises(
        idp.exceptions.NotAuthorizedException,
        match=f"Unable to verify secret hash for client {web.id}",
    ):
        _sign_in(idp, web.id, old)
    assert "AuthenticationResult" in _sign_in(idp, web.id, new)
    described = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=web.id)
    assert described["UserPoolClient"]["ClientSecret"] == new


def test_custom_secret_value_not_echoed_and_limit(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"], secret=True)
    pool.create_user("alice", password="Passw0rd!")
    mine = "my0own0client0secret0value0123"
    added = idp.add_user_pool_client_secret(UserPoolId=pool.id, ClientId=web.id, ClientSecret=mine)
    assert "ClientSecretValue" not in added["ClientSecretDescriptor"]
    assert "AuthenticationResult" in _sign_in(idp, web.id, mine)

    with pytest.raises(idp.exceptions.LimitExceededException, match="maximum of 2"):
        idp.add_user_pool_client_secret(UserPoolId=pool.id, ClientId=web.id)
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId=web.id)
    assert len(listed["ClientSecrets"]) == 2


def test_secret_errors(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    public = pool.create_client("public")
    confidential = pool.create_client("server", secret=True)
    with pytest.raises(idp.exceptions.InvalidParameterException, match="not configured with"):
        idp.add_user_pool_client_secret(UserPoolId=pool.id, ClientId=public.id)
    assert (
        idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId=public.id)["ClientSecrets"]
        == []
    )
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException,
        match=r"User pool client nosuchclient does not exist\.",
    ):
        idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId="nosuchclient")
    with raises(idp, "ResourceNotFoundException", "Client secret nope--1 does not exist."):
        idp.delete_user_pool_client_secret(
            UserPoolId=pool.id, ClientId=confidential.id, ClientSecretId="nope--1"
        )
    only = idp.list_user_pool_client_secrets(UserPoolId=pool.id, ClientId=confidential.id)
    secret_id = only["ClientSecrets"][0]["ClientSecretId"]
    with raises(
        idp, "InvalidParameterException", "The last client secret of a client cannot be deleted."
    ):
        idp.delete_user_pool_client_secret(
            UserPoolId=pool.id, ClientId=confidential.id, ClientSecretId=secret_id
        )
    assert confidential.secret is not None
