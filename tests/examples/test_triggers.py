"""docs/triggers.md: Lambda triggers as Python callables."""

from __future__ import annotations

import jwt
import pytest


def test_lambda_triggers(cognito_fake):
    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])

    @pool.on("PreSignUp")
    def pre_sign_up(event):
        if not event["request"]["userAttributes"]["email"].endswith("@example.com"):
            raise ValueError("Invite only")
        event["response"]["autoConfirmUser"] = True
        return event

    def add_tenant(event, context):  # a Lambda handler's signature works too
        event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"tenant": "acme"}}
        return event

    cognito_fake.trigger(pool, "PreTokenGeneration", add_tenant)

    with pytest.raises(idp.exceptions.UserLambdaValidationException) as err:
        idp.sign_up(
            ClientId=web.id,
            Username="mallory",
            Password="Passw0rd!",
            UserAttributes=[{"Name": "email", "Value": "mallory@evil.test"}],
        )
    assert err.value.response["Error"]["Message"] == "PreSignUp failed with error Invite only."

    out = idp.sign_up(
        ClientId=web.id,
        Username="alice",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
    )
    assert out["UserConfirmed"] is True

    tokens = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )["AuthenticationResult"]
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert claims["tenant"] == "acme"
