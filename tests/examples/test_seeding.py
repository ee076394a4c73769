"""docs/seeding.md: seed helpers, tokens without a sign-in flow, what the fake holds."""

from __future__ import annotations

import jwt


def test_seeding(cognito_fake):
    pool = cognito_fake.create_user_pool(
        "shop",
        username_attributes=["email"],  # any CreateUserPool member, snake_case or PascalCase
        Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}],
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH", "USER_SRP_AUTH"], secret=True)
    alice = pool.create_user(
        "alice@example.com", password="Passw0rd!", name="Alice", attributes={"custom:plan": "pro"}
    )
    bob = pool.create_user("bob@example.com", password="Temp0rary!", status="FORCE_CHANGE_PASSWORD")
    carol = pool.create_user("carol@example.com", password="Passw0rd!", enabled=False)

    assert alice.status == "CONFIRMED"
    assert alice.attributes["email_verified"] == "true"  # seeded addresses count as verified
    assert alice.attributes["custom:plan"] == "pro"
    assert bob.status == "FORCE_CHANGE_PASSWORD"
    assert not carol.enabled
    assert web.secret is not None
    assert web.secret_hash("alice@example.com")  # what a client with a secret sends


def test_tokens_without_a_sign_in_flow(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    alice = pool.create_user("alice", password="Passw0rd!", email="alice@example.com")

    tokens = alice.sign_in(web)  # straight to tokens: no flow checks, no MFA

    assert tokens.id_claims["email"] == "alice@example.com"
    assert tokens.access_claims["client_id"] == web.id
    key = jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(tokens.id_token).key
    claims = jwt.decode(
        tokens.id_token, key, algorithms=["RS256"], audience=web.id, issuer=pool.issuer
    )
    assert claims["cognito:username"] == "alice"


def test_what_the_fake_holds(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    idp = cognito_fake.boto3_client()
    idp.admin_create_user(UserPoolId=pool.id, Username="dave", MessageAction="SUPPRESS")

    dave = pool.user("dave")  # a handle on a user the code under test made
    assert dave.status == "FORCE_CHANGE_PASSWORD"
    assert dave.record.enabled  # .record: the fake's live record of it
    assert list(pool.users) == ["dave"]  # records, by internal username
    assert list(cognito_fake.pools) == [pool.id]
    assert cognito_fake.pool(pool.id).name == "app"
