"""docs/replicas-and-limits.md: multi-Region replicas, provisioned limits, resetting a lost
authenticator."""

from __future__ import annotations

import boto3
import pytest

MULTI_REGION_KEY = {
    "KeyType": "CUSTOMER_MANAGED_KEY",
    "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef",
}


def test_replicas(cognito_fake):
    pool = cognito_fake.create_user_pool(
        "global", UserPoolTier="PLUS", KeyConfiguration=MULTI_REGION_KEY
    )
    pool.create_replica("eu-west-1", active=True)  # CreateUserPoolReplica's checks apply

    idp = boto3.client("cognito-idp")  # the code under test's own client
    replicas = idp.list_user_pool_replicas(UserPoolId=pool.id)["UserPoolReplicas"]
    assert [(r["RegionName"], r["Role"], r["Status"]) for r in replicas] == [
        ("us-east-1", "PRIMARY", "ACTIVE"),
        ("eu-west-1", "SECONDARY", "ACTIVE"),
    ]
    # A client signed for the replica's Region reaches the secondary, which cannot create users.
    secondary = boto3.client("cognito-idp", region_name="eu-west-1")
    with pytest.raises(secondary.exceptions.OperationNotEnabledException):
        secondary.admin_create_user(UserPoolId=pool.id, Username="alice")


def test_provisioned_limits(cognito_fake):
    cognito_fake.set_service_quota("UserCreation", 200)  # the account's Service Quotas maximum
    cognito_fake.set_provisioned_limit("UserCreation", 150)

    idp = boto3.client("cognito-idp")
    category = {"LimitClass": "API_CATEGORY", "Attributes": {"Category": "UserCreation"}}
    limit = idp.get_provisioned_limit(LimitDefinition=category)["Limit"]
    assert (limit["ProvisionedLimitValue"], limit["FreeLimitValue"]) == (150, 50)
    with pytest.raises(idp.exceptions.ServiceQuotaExceededException):
        idp.update_provisioned_limit(LimitDefinition=category, RequestedLimitValue=300)


def test_reset_a_lost_authenticator(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    idp = boto3.client("cognito-idp")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="ON",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )

    idp.admin_delete_software_token(UserPoolId=pool.id, Username="alice")
    factors = idp.admin_get_user_auth_factors(UserPoolId=pool.id, Username="alice")
    assert "SOFTWARE_TOKEN" not in factors["ConfiguredUserAuthFactors"]
    first = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )
    assert first["ChallengeName"] == "MFA_SETUP"  # MFA is required and nothing is left


def test_secret_published_to_secrets_manager(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    idp = boto3.client("cognito-idp")
    client = idp.create_user_pool_client(
        UserPoolId=pool.id,
        ClientName="server",
        GenerateSecret=True,
        PublishSecretsInAWSSecretsManager=True,
    )["UserPoolClient"]
    assert "ClientSecret" not in client  # only the ARN of the Secrets Manager secret
    # What secretsmanager.get_secret_value(SecretId=arn) would give the app:
    secret = cognito_fake.secrets_manager_value(client["ClientSecretArn"])
    assert secret == pool.client(client["ClientId"]).secret
