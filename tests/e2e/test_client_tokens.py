"""Machine-to-machine tokens and token exchange through boto3: GetClientToken and
GetDerivedToken, their tokens verified with PyJWT against the pool's JWKS, and their errors.
Assertions on choices the spec marks unconfirmed say so."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from ..helpers import raises, sign_in

BAD_CLIENT = "Invalid client or secret"


def verified(pool: Any, token: str) -> dict[str, Any]:
    key = jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(token).key
    return jwt.decode(
        token, key, algorithms=["RS256"], issuer=pool.issuer, options={"verify_aud": False}
    )


@pytest.fixture
def api(idp: Any, pool: Any) -> None:
    idp.create_resource_server(
        UserPoolId=pool.id,
        Identifier="api",
        Name="API",
        Scopes=[
            {"ScopeName": "read", "ScopeDescription": "read"},
            {"ScopeName": "write", "ScopeDescription": "write"},
        ],
    )


@pytest.fixture
def m2m(idp: Any, pool: Any, api: None) -> dict[str, Any]:
    out = idp.create_user_pool_client(
        UserPoolId=pool.id,
        ClientName="worker",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_CLIENT_TOKEN_AUTH"],
        AllowedOAuthScopes=["api/read", "api/write"],
        AccessTokenValidity=5,
        TokenValidityUnits={"AccessToken": "minutes"},
    )
    return out["UserPoolClient"]


def client_token(idp: Any, client: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out = idp.get_client_token(ClientId=client["ClientId"], Secret=client["ClientSecret"], **extra)
    return out["ClientAuthenticationResult"]


# ------------------------------------------------------------------- GetClientToken


def test_client_token_is_an_m2m_access_token(idp: Any, pool: Any, m2m: dict[str, Any]) -> None:
    result = client_token(idp, m2m)
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 300
    claims = verified(pool, result["AccessToken"])
    assert claims["scope"] == "api/read api/write"
    assert claims["client_id"] == claims["sub"] == m2m["ClientId"]
    assert claims["token_use"] == "access"
    assert claims["exp"] - claims["iat"] == 300
    assert "username" not in claims
    assert "event_id" not in claims


def test_client_token_scopes(idp: Any, m2m: dict[str, Any], pool: Any) -> None:
    narrow = client_token(idp, m2m, Scopes=["api/read"])
    assert verified(pool, narrow["AccessToken"])["scope"] == "api/read"
    for scope in ("openid", "api/admin"):
        with raises(idp, "InvalidParameterException", f"Invalid scope requested: {scope}"):
            client_token(idp, m2m, Scopes=[scope])


def test_client_token_secrets(idp: Any, pool: Any, m2m: dict[str, Any]) -> None:
    with raises(idp, "NotAuthorizedException", BAD_CLIENT):
        idp.get_client_token(ClientId=m2m["ClientId"], Secret="x" * 40)
    added = idp.add_user_pool_client_secret(UserPoolId=pool.id, ClientId=m2m["ClientId"])
    second = added["ClientSecretDescriptor"]
    assert idp.get_client_token(ClientId=m2m["ClientId"], Secret=second["ClientSecretValue"])
    idp.delete_user_pool_client_secret(
        UserPoolId=pool.id, ClientId=m2m["ClientId"], ClientSecretId=second["ClientSecretId"]
    )
    with raises(idp, "NotAuthorizedException", BAD_CLIENT):
        idp.get_client_token(ClientId=m2m["ClientId"], Secret=second["ClientSecretValue"])
    # Unconfirmed: an unknown client id is ResourceNotFoundException.
    with raises(idp, "ResourceNotFoundException", "User pool client nope does not exist."):
        idp.get_client_token(ClientId="nope", Secret="x" * 40)


def test_client_token_needs_the_flow(idp: Any, pool: Any, api: None) -> None:
    other = idp.create_user_pool_client(
        UserPoolId=pool.id,
        ClientName="plain",
        GenerateSecret=True,
        AllowedOAuthScopes=["api/read"],
    )["UserPoolClient"]
    # Unconfirmed: the same answer as a wrong secret.
    with raises(idp, "NotAuthorizedException", BAD_CLIENT):
        client_token(idp, other)


def test_client_token_auth_stands_alone(idp: Any, pool: Any, m2m: dict[str, Any]) -> None:
    with raises(
        idp,
        "InvalidParameterException",
        "ALLOW_CLIENT_TOKEN_AUTH cannot be combined with other flows.",
    ):
        idp.create_user_pool_client(
            UserPoolId=pool.id,
            ClientName="mixed",
            ExplicitAuthFlows=["ALLOW_CLIENT_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        )
    described = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=m2m["ClientId"])
    assert described["UserPoolClient"]["ExplicitAuthFlows"] == ["ALLOW_CLIENT_TOKEN_AUTH"]


def test_client_token_without_signature(cognito_fake: Any, m2m: dict[str, Any], pool: Any) -> None:
    unsigned = cognito_fake.boto3_client(config=Config(signature_version=UNSIGNED))
    result = client_token(unsigned, m2m)
    assert verified(pool, result["AccessToken"])["client_id"] == m2m["ClientId"]


def test_seed_helper_makes_an_m2m_client(cognito_fake: Any, idp: Any, pool: Any, api: None) -> None:
    worker = pool.create_client(
        "worker", flows=["CLIENT_TOKEN_AUTH"], secret=True, AllowedOAuthScopes=["api/read"]
    )
    assert worker.record.flows == ["ALLOW_CLIENT_TOKEN_AUTH"]
    token = idp.get_client_token(ClientId=worker.id, Secret=worker.secret)
    assert verified(pool, token["ClientAuthenticationResult"]["AccessToken"])["scope"] == "api/read"


# ------------------------------------------------------------------ GetDerivedToken


@pytest.fixture
def backend(idp: Any, pool: Any) -> dict[str, Any]:
    return idp.create_user_pool_client(
        UserPoolId=pool.id,
        ClientName="backend",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_TOKEN_EXCHANGE_IMPERSONATION"],
    )["UserPoolClient"]


def derive(idp: Any, client: dict[str, Any], subject: str, **extra: Any) -> dict[str, Any]:
    return idp.get_derived_token(
        ClientId=client["ClientId"],
        ClientSecret=client["ClientSecret"],
        SubjectToken=subject,
        SubjectTokenType=extra.pop("SubjectTokenType", "ACCESS_TOKEN"),
        **extra,
    )


def test_impersonation(idp: Any, pool: Any, web: Any, alice: Any, backend: dict[str, Any]) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    out = derive(idp, backend, tokens["AccessToken"], Audiences=["billing"])
    assert out["IssuedTokenType"] == "ACCESS_TOKEN"
    assert out["TokenType"] == "Bearer"
    assert out["Scopes"] == ["aws.cognito.signin.user.admin"]
    claims = verified(pool, out["IssuedToken"])
    assert claims["sub"] == alice.sub
    assert claims["username"] == "alice"
    assert claims["aud"] == "billing"
    assert claims["client_id"] == backend["ClientId"]  # unconfirmed: the requesting client
    assert "act" not in claims
    assert 0 < out["ExpiresIn"] <= 3600
    # The derived token works on Cognito's API as the user's.
    assert idp.get_user(AccessToken=out["IssuedToken"])["Username"] == "alice"


def test_delegation_names_the_actor(
    idp: Any, pool: Any, web: Any, alice: Any, m2m: dict[str, Any], backend: dict[str, Any]
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    actor = client_token(idp, m2m)["AccessToken"]
    # Unconfirmed: NotAuthorizedException when the client lacks the delegation flow.
    with raises(
        idp,
        "NotAuthorizedException",
        "ALLOW_TOKEN_EXCHANGE_DELEGATION is not enabled for this client.",
    ):
        derive(idp, backend, tokens["AccessToken"], ActorToken=actor, ActorTokenType="ACCESS_TOKEN")
    idp.update_user_pool_client(
        UserPoolId=pool.id,
        ClientId=backend["ClientId"],
        ExplicitAuthFlows=["ALLOW_TOKEN_EXCHANGE_DELEGATION"],
    )
    out = derive(
        idp, backend, tokens["AccessToken"], ActorToken=actor, ActorTokenType="ACCESS_TOKEN"
    )
    claims = verified(pool, out["IssuedToken"])
    assert claims["act"] == {"sub": m2m["ClientId"]}
    assert claims["sub"] == alice.sub


def test_id_token_requested(
    idp: Any, pool: Any, web: Any, alice: Any, backend: dict[str, Any]
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    out = derive(
        idp, backend, tokens["IdToken"], SubjectTokenType="ID_TOKEN", RequestedTokenType="ID_TOKEN"
    )
    assert out["IssuedTokenType"] == "ID_TOKEN"
    assert out["TokenType"] == "N_A"
    claims = verified(pool, out["IssuedToken"])
    assert claims["token_use"] == "id"
    assert claims["cognito:username"] == "alice"


def test_exchange_errors(
    idp: Any, pool: Any, web: Any, alice: Any, backend: dict[str, Any], api: None
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    with raises(idp, "InvalidParameterException", "Audiences and Resources cannot both be given."):
        derive(idp, backend, tokens["AccessToken"], Audiences=["a"], Resources=["api"])
    with raises(idp, "InvalidParameterException", "Resource nope is not a resource server."):
        derive(idp, backend, tokens["AccessToken"], Resources=["nope"])
    assert (
        verified(
            pool, derive(idp, backend, tokens["AccessToken"], Resources=["api"])["IssuedToken"]
        )["aud"]
        == "api"
    )
    with raises(
        idp,
        "InvalidParameterException",
        "None of the requested scopes is held by the subject token.",
    ):
        derive(idp, backend, tokens["AccessToken"], Scopes=["api/read"])
    with raises(idp, "NotAuthorizedException", "Invalid id token."):
        derive(idp, backend, tokens["AccessToken"], SubjectTokenType="ID_TOKEN")
    with raises(idp, "NotAuthorizedException", BAD_CLIENT):
        idp.get_derived_token(
            ClientId=backend["ClientId"],
            ClientSecret="y" * 40,
            SubjectToken=tokens["AccessToken"],
            SubjectTokenType="ACCESS_TOKEN",
        )
    with raises(
        idp,
        "InvalidParameterException",
        "Only Cognito access and ID tokens can be exchanged by this fake.",
    ):
        derive(idp, backend, "PHNhbWw+", SubjectTokenType="SAML2")
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    with raises(idp, "NotAuthorizedException", "Token has been revoked."):
        derive(idp, backend, tokens["AccessToken"])


def test_derived_token_dies_with_the_subject_session(
    idp: Any, web: Any, alice: Any, backend: dict[str, Any]
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    derived = derive(idp, backend, tokens["AccessToken"])["IssuedToken"]
    idp.revoke_token(ClientId=web.id, Token=tokens["RefreshToken"])
    # Unconfirmed: the derived token shares the subject's revocation.
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=derived)


def test_secret_optional_when_signed_required_unsigned(
    cognito_fake: Any, idp: Any, web: Any, alice: Any, backend: dict[str, Any]
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    request = {
        "ClientId": backend["ClientId"],
        "SubjectToken": tokens["AccessToken"],
        "SubjectTokenType": "ACCESS_TOKEN",
    }
    assert idp.get_derived_token(**request)["IssuedToken"]  # IAM-signed: no secret needed
    unsigned = cognito_fake.boto3_client(config=Config(signature_version=UNSIGNED))
    # Unconfirmed rule: unsigned calls of a secret client must send the secret.
    with raises(unsigned, "NotAuthorizedException", BAD_CLIENT):
        unsigned.get_derived_token(**request)
    assert unsigned.get_derived_token(ClientSecret=backend["ClientSecret"], **request)


def test_lite_pool_refuses_exchange_flows(cognito_fake: Any, idp: Any) -> None:
    lite = cognito_fake.create_user_pool("lite", UserPoolTier="LITE")
    # Unconfirmed: FeatureUnavailableInTierException on the client.
    with raises(
        idp,
        "FeatureUnavailableInTierException",
        "Token exchange requires the ESSENTIALS or PLUS feature plan.",
    ):
        idp.create_user_pool_client(
            UserPoolId=lite.id,
            ClientName="x",
            ExplicitAuthFlows=["ALLOW_TOKEN_EXCHANGE_IMPERSONATION"],
        )


def test_client_token_meets_a_v3_pre_token_trigger(
    idp: Any, pool: Any, m2m: dict[str, Any]
) -> None:
    events: list[dict[str, Any]] = []

    def add_claim(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "accessTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}}
        }
        return event

    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
    idp.update_user_pool(
        UserPoolId=pool.id,
        LambdaConfig={"PreTokenGenerationConfig": {"LambdaVersion": "V3_0", "LambdaArn": arn}},
    )
    pool.on("PreTokenGeneration", add_claim)
    result = client_token(idp, m2m, ClientMetadata={"origin": "batch"})
    (event,) = events
    assert event["triggerSource"] == "TokenGeneration_ClientCredentials"
    assert event["request"]["clientMetadata"] == {"origin": "batch"}
    assert verified(pool, result["AccessToken"])["tenant"] == "acme"
