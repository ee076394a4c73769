"""The test author's API: seed helpers, handles on records, the cached boto3 client."""

from __future__ import annotations

import pytest
from botocore.config import Config

from pytest_cognito_fake import errors


def test_members_by_model_or_snake_case_name(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "p", username_attributes=["email"], AutoVerifiedAttributes=["email"]
    )
    described = idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    assert described["UsernameAttributes"] == ["email"]
    assert described["AutoVerifiedAttributes"] == ["email"]
    web = pool.create_client(
        "web",
        allowed_o_auth_flows_user_pool_client=True,
        allowed_oauth_flows=["code"],
        allowed_oauth_scopes=["openid"],
        callback_urls=["https://app.example/cb"],
        supported_identity_providers=["COGNITO"],
    )
    client = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=web.id)["UserPoolClient"]
    assert client["AllowedOAuthFlows"] == ["code"]
    assert client["CallbackURLs"] == ["https://app.example/cb"]


def test_misspelt_member_is_a_type_error_naming_close_ones(cognito_fake):
    with pytest.raises(TypeError, match=r"CreateUserPool has no member 'username_atributes'\."):
        cognito_fake.create_user_pool("p", username_atributes=["email"])
    with pytest.raises(TypeError, match=r"Did you mean UsernameAttributes"):
        cognito_fake.create_user_pool("p", usernameatributes=["email"])
    assert cognito_fake.pools == {}


def test_flows_take_short_names_and_always_allow_refresh(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("p")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"])
    described = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=web.id)
    assert described["UserPoolClient"]["ExplicitAuthFlows"] == [
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    ]
    assert web.secret is None
    assert web.secret_hash("alice") is None
    assert pool.create_client("server", secret=True).secret


def test_user_statuses_read_back_through_the_api(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("p")
    for status in ("CONFIRMED", "UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED"):
        pool.create_user(f"u-{status.lower()}", password="Passw0rd!", status=status)
        got = idp.admin_get_user(UserPoolId=pool.id, Username=f"u-{status.lower()}")
        assert got["UserStatus"] == status
    off = pool.create_user("off", password="Passw0rd!", enabled=False)
    assert idp.admin_get_user(UserPoolId=pool.id, Username="off")["Enabled"] is False
    assert off.enabled is False
    waiting = pool.create_user("waiting")
    assert waiting.status == "FORCE_CHANGE_PASSWORD"


def test_unknown_status_is_refused_before_anything_is_made(cognito_fake):
    pool = cognito_fake.create_user_pool("p")
    with pytest.raises(ValueError, match="status must be one of CONFIRMED, UNCONFIRMED"):
        pool.create_user("alice", password="Passw0rd!", status="ACTIVE")
    assert pool.users == {}


def test_seeded_email_and_phone_are_verified_unless_told(cognito_fake):
    pool = cognito_fake.create_user_pool("p")
    alice = pool.create_user("alice", email="a@example.com", phone_number="+15555550100")
    assert alice.attributes["email_verified"] == "true"
    assert alice.attributes["phone_number_verified"] == "true"
    bob = pool.create_user("bob", email="b@example.com", email_verified="false")
    assert bob.attributes["email_verified"] == "false"


def test_sign_in_gives_tokens_the_api_accepts(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("p")
    web = pool.create_client("web")
    alice = pool.create_user("alice", password="Passw0rd!")
    tokens = alice.sign_in(web)
    assert tokens.expires_in == 3600
    assert tokens.refresh_token
    assert tokens.access_claims["username"] == "alice"
    assert tokens.id_claims["aud"] == web.id
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "alice"


def test_handles_on_what_the_code_under_test_made(cognito_fake, idp):
    made = idp.create_user_pool(PoolName="theirs")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=made, ClientName="c")["UserPoolClient"][
        "ClientId"
    ]
    pool = cognito_fake.pool(made)
    assert pool.name == "theirs"
    assert pool.client(client_id).name == "c"
    assert list(pool.clients) == [client_id]
    with pytest.raises(errors.ResourceNotFoundException):
        cognito_fake.pool("us-east-1_nothere1")
    with pytest.raises(errors.ResourceNotFoundException):
        pool.client("nothere")


def test_boto3_client_is_cached_unless_configured(cognito_fake):
    assert cognito_fake.boto3_client() is cognito_fake.boto3_client()
    custom = cognito_fake.boto3_client(config=Config(retries={"mode": "standard"}))
    assert custom is not cognito_fake.boto3_client()
    assert custom.meta.endpoint_url == cognito_fake.url
    other = cognito_fake.boto3_client(region_name="eu-west-1")
    assert other.meta.region_name == "eu-west-1"
    assert other is cognito_fake.boto3_client(region_name="eu-west-1")
