"""Members botocore 1.44 added to existing shapes, through boto3: app client types and secrets
published to Secrets Manager, ACR names, dynamic client registration settings, SMS through End
User Messaging, import password hashes, domain failover routing and TLS policy, ACR mapping of
OIDC providers. Choices marked unconfirmed sit in one function each in the code."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, raises, sign_in

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x"}
EUMS = {"EumsSms": {"CallerArn": "arn:aws:iam::123456789012:role/eums", "Region": "us-east-1"}}
ROUTING = {
    "Failover": {
        "SecondaryRegion": "us-west-2",
        "PrimaryRoute53HealthCheckId": "abcdef01-2345-6789-abcd-ef0123456789",
    }
}
OIDC = {
    "client_id": "abc",
    "client_secret": "def",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://auth.example.com",
    "authorize_scopes": "openid",
}


# -- app clients ---------------------------------------------------------------------------


def test_clients_made_by_the_api_are_regular(pool, idp):
    made = idp.create_user_pool_client(UserPoolId=pool.id, ClientName="web")["UserPoolClient"]
    assert made["ClientType"] == "REGULAR"  # unconfirmed: always present
    assert "ClientSecretArn" not in made


def test_published_secret_shows_an_arn_not_the_value(cognito_fake, pool, idp):
    made = idp.create_user_pool_client(
        UserPoolId=pool.id,
        ClientName="server",
        GenerateSecret=True,
        PublishSecretsInAWSSecretsManager=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    arn = made["ClientSecretArn"]
    assert "ClientSecret" not in made
    assert arn.startswith(
        f"arn:aws:secretsmanager:us-east-1:123456789012:secret:cognito-idp/{pool.id}/"
        f"{made['ClientId']}-"
    )
    described = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=made["ClientId"])
    assert described["UserPoolClient"]["ClientSecretArn"] == arn
    assert "ClientSecret" not in described["UserPoolClient"]
    # The value the app would read from Secrets Manager signs in.
    secret = cognito_fake.secrets_manager_value(arn)
    client = pool.client(made["ClientId"])
    pool.create_user("alice", password=PASSWORD)
    assert client.secret == secret
    assert sign_in(idp, client, SECRET_HASH=client.secret_hash("alice"))["AuthenticationResult"]
    # false stops publishing: the value is shown again.
    updated = idp.update_user_pool_client(
        UserPoolId=pool.id, ClientId=made["ClientId"], PublishSecretsInAWSSecretsManager=False
    )["UserPoolClient"]
    assert updated["ClientSecret"] == secret
    assert "ClientSecretArn" not in updated
    with pytest.raises(LookupError):
        cognito_fake.secrets_manager_value(arn)
    again = idp.update_user_pool_client(
        UserPoolId=pool.id, ClientId=made["ClientId"], PublishSecretsInAWSSecretsManager=True
    )["UserPoolClient"]
    assert again["ClientSecretArn"] != arn  # a new Secrets Manager secret
    assert "ClientSecret" not in again


def test_publishing_needs_a_generated_secret(pool, idp):
    # Unconfirmed messages.
    with raises(
        idp,
        "InvalidParameterException",
        "PublishSecretsInAWSSecretsManager can only be set when GenerateSecret is true.",
    ):
        idp.create_user_pool_client(
            UserPoolId=pool.id, ClientName="web", PublishSecretsInAWSSecretsManager=True
        )
    public = idp.create_user_pool_client(UserPoolId=pool.id, ClientName="web")["UserPoolClient"]
    with raises(
        idp,
        "InvalidParameterException",
        "PublishSecretsInAWSSecretsManager requires a client with a generated secret.",
    ):
        idp.update_user_pool_client(
            UserPoolId=pool.id, ClientId=public["ClientId"], PublishSecretsInAWSSecretsManager=True
        )


def test_list_clients_filters_by_type_after_paging(pool, idp):
    ids = [
        idp.create_user_pool_client(UserPoolId=pool.id, ClientName=f"c{n}")["UserPoolClient"][
            "ClientId"
        ]
        for n in range(3)
    ]
    regular = idp.list_user_pool_clients(UserPoolId=pool.id, MaxResults=2, ClientType="REGULAR")
    assert [c["ClientId"] for c in regular["UserPoolClients"]] == ids[:2]
    assert "ClientType" not in regular["UserPoolClients"][0]
    # A page of the filtered list may be empty and still lead on.
    dcr = idp.list_user_pool_clients(UserPoolId=pool.id, MaxResults=2, ClientType="DCR")
    assert dcr["UserPoolClients"] == []
    assert dcr["NextToken"]
    last = idp.list_user_pool_clients(
        UserPoolId=pool.id, MaxResults=2, ClientType="DCR", NextToken=dcr["NextToken"]
    )
    assert last["UserPoolClients"] == []
    assert "NextToken" not in last


# -- user pools ----------------------------------------------------------------------------


def test_acr_names_merge_with_the_defaults(cognito_fake, idp):
    made = idp.create_user_pool(
        PoolName="p", AcrConfiguration={"Level2": {"AcrValue": "https://example.com/loa/2"}}
    )["UserPool"]
    # Unconfirmed: the effective map is described once AcrConfiguration was set.
    assert made["AcrConfiguration"] == {
        "Level1": {"AcrValue": "urn:cognito:loa:1"},
        "Level2": {"AcrValue": "https://example.com/loa/2"},
        "Level3": {"AcrValue": "urn:cognito:loa:3"},
        "Level4": {"AcrValue": "urn:cognito:loa:4"},
    }
    described = idp.describe_user_pool(UserPoolId=made["Id"])["UserPool"]
    assert described["AcrConfiguration"] == made["AcrConfiguration"]
    assert "AcrConfiguration" not in cognito_fake.create_user_pool("plain").record.settings
    message = "AcrValue must be unique across all ACR levels, including default names."
    with raises(idp, "InvalidParameterException", message):
        idp.update_user_pool(
            UserPoolId=made["Id"],
            AcrConfiguration={"Level4": {"AcrValue": "urn:cognito:loa:1"}},
        )
    with raises(
        idp,
        "FeatureUnavailableInTierException",
        "AcrConfiguration requires the ESSENTIALS or PLUS feature plan.",
    ):
        idp.create_user_pool(
            PoolName="lite",
            UserPoolTier="LITE",
            AcrConfiguration={"Level1": {"AcrValue": "https://example.com/loa/1"}},
        )


def test_dcr_configuration_is_stored_and_enabled_by_default(idp):
    dcr = {"OpenDcrEnabled": True, "OpenDcrGrantTypes": ["code"], "AllowedScopes": ["openid"]}
    made = idp.create_user_pool(PoolName="p", DcrConfiguration=dcr)["UserPool"]
    assert made["DcrConfiguration"] == {**dcr, "EnableStatus": "Enabled"}
    idp.update_user_pool(
        UserPoolId=made["Id"], DcrConfiguration={"EnableStatus": "Disabled"}
    )  # an update replaces the whole configuration
    described = idp.describe_user_pool(UserPoolId=made["Id"])["UserPool"]
    assert described["DcrConfiguration"] == {"EnableStatus": "Disabled"}
    idp.update_user_pool(UserPoolId=made["Id"], DcrConfiguration=dcr)
    # Unconfirmed: moving to LITE with registration on is TierChangeNotAllowedException.
    with raises(
        idp,
        "TierChangeNotAllowedException",
        "Disable dynamic client registration (DcrConfiguration) before moving to LITE.",
    ):
        idp.update_user_pool(UserPoolId=made["Id"], UserPoolTier="LITE")
    idp.update_user_pool(
        UserPoolId=made["Id"], UserPoolTier="LITE", DcrConfiguration={"EnableStatus": "Disabled"}
    )
    assert idp.describe_user_pool(UserPoolId=made["Id"])["UserPool"]["UserPoolTier"] == "LITE"


def test_sms_through_sns_or_end_user_messaging(idp):
    made = idp.create_user_pool(PoolName="eums", SmsConfiguration=EUMS)["UserPool"]
    assert made["SmsConfiguration"] == EUMS
    assert (
        idp.create_user_pool(PoolName="sns", SmsConfiguration=SNS)["UserPool"]["SmsConfiguration"]
        == SNS
    )
    one = "SmsConfiguration must set exactly one of SnsCallerArn and EumsSms."
    with raises(idp, "InvalidParameterException", one):
        idp.create_user_pool(PoolName="both", SmsConfiguration={**SNS, **EUMS})
    with raises(idp, "InvalidParameterException", one):
        idp.create_user_pool(PoolName="none", SmsConfiguration={"ExternalId": "x"})
    other = {"EumsSms": {**EUMS["EumsSms"], "Region": "eu-west-1"}}
    with raises(
        idp,
        "InvalidParameterException",
        "EumsSms Region must be the Region of the user pool (us-east-1).",
    ):
        idp.update_user_pool(UserPoolId=made["Id"], SmsConfiguration=other)
    with raises(idp, "InvalidParameterException", one):
        idp.set_user_pool_mfa_config(
            UserPoolId=made["Id"],
            MfaConfiguration="OPTIONAL",
            SmsMfaConfiguration={"SmsConfiguration": {**SNS, **EUMS}},
        )
    idp.set_user_pool_mfa_config(
        UserPoolId=made["Id"],
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={"SmsConfiguration": EUMS},
    )
    mfa = idp.get_user_pool_mfa_config(UserPoolId=made["Id"])
    assert mfa["SmsMfaConfiguration"]["SmsConfiguration"] == EUMS


# -- import jobs, domains, identity providers ---------------------------------------------


def test_import_job_keeps_the_hashing_algorithm(pool, idp):
    job = idp.create_user_import_job(
        UserPoolId=pool.id,
        JobName="hashes",
        CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/import",
        PasswordHashingAlgorithm="ARGON2ID",
    )["UserImportJob"]
    assert job["PasswordHashingAlgorithm"] == "ARGON2ID"
    got = idp.describe_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])["UserImportJob"]
    assert got["PasswordHashingAlgorithm"] == "ARGON2ID"
    plain = idp.create_user_import_job(
        UserPoolId=pool.id,
        JobName="plain",
        CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/import",
    )["UserImportJob"]
    assert "PasswordHashingAlgorithm" not in plain


def test_custom_domain_failover_and_tls_policy(pool, idp):
    routing = ROUTING
    config = {"CertificateArn": CERT, "SecurityPolicy": "TLS_V1_3_2025"}
    made = idp.create_user_pool_domain(
        UserPoolId=pool.id, Domain="auth.example.com", CustomDomainConfig=config, Routing=routing
    )
    assert made["Routing"] == routing
    desc = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert desc["Routing"] == routing
    assert desc["CustomDomainConfig"] == config
    updated = idp.update_user_pool_domain(
        UserPoolId=pool.id,
        Domain="auth.example.com",
        CustomDomainConfig={"CertificateArn": CERT, "SecurityPolicy": "TLS_V1_2_2021"},
        Routing={},
    )
    assert "Routing" not in updated
    desc = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert desc["CustomDomainConfig"]["SecurityPolicy"] == "TLS_V1_2_2021"
    assert "Routing" not in desc


def test_failover_needs_a_custom_domain(pool, idp):
    # Unconfirmed error for a prefix domain.
    routing = ROUTING
    with raises(
        idp,
        "InvalidParameterException",
        "Failover routing can only be configured for a custom domain.",
    ):
        idp.create_user_pool_domain(UserPoolId=pool.id, Domain="my-app", Routing=routing)
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"] == {}


def test_acr_mapping_of_oidc_providers(pool, idp):
    mapping = {"Level1": "https://idp.example.com/loa/low", "Level3": "mfa"}
    made = idp.create_identity_provider(
        UserPoolId=pool.id,
        ProviderName="corp",
        ProviderType="OIDC",
        ProviderDetails=OIDC,
        AcrMapping=mapping,
    )["IdentityProvider"]
    assert made["AcrMapping"] == mapping
    idp.update_identity_provider(
        UserPoolId=pool.id, ProviderName="corp", AcrMapping={"Level2": "phr"}
    )
    got = idp.describe_identity_provider(UserPoolId=pool.id, ProviderName="corp")
    assert got["IdentityProvider"]["AcrMapping"] == {"Level2": "phr"}
    # Unconfirmed: other provider types are refused.
    with raises(
        idp,
        "InvalidParameterException",
        "AcrMapping is supported only for OIDC identity providers.",
    ):
        idp.create_identity_provider(
            UserPoolId=pool.id,
            ProviderName="Google",
            ProviderType="Google",
            ProviderDetails={"client_id": "1", "client_secret": "s", "authorize_scopes": "openid"},
            AcrMapping=mapping,
        )
