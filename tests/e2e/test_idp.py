from __future__ import annotations

import json

import jwt
import pytest

from ..helpers import raises

GOOGLE = {
    "client_id": "1.apps.googleusercontent.com",
    "client_secret": "s",
    "authorize_scopes": "openid email",
}
OIDC = {
    "client_id": "abc",
    "client_secret": "def",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://auth.example.com",
    "authorize_scopes": "openid",
}


def test_create_describe_update_delete_provider(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    created = idp.create_identity_provider(
        UserPoolId=pool.id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails=GOOGLE,
        AttributeMapping={"email": "email"},
    )["IdentityProvider"]
    details = created["ProviderDetails"]
    assert details["client_id"] == GOOGLE["client_id"]
    assert details["authorize_url"] == "https://accounts.google.com/o/oauth2/v2/auth"
    assert details["token_url"] == "https://www.googleapis.com/oauth2/v4/token"
    assert created["AttributeMapping"] == {"email": "email", "username": "sub"}

    described = idp.describe_identity_provider(UserPoolId=pool.id, ProviderName="Google")
    assert described["IdentityProvider"]["ProviderDetails"] == details
    assert described["IdentityProvider"]["UserPoolId"] == pool.id

    updated = idp.update_identity_provider(
        UserPoolId=pool.id,
        ProviderName="Google",
        AttributeMapping={"name": "name"},
        ProviderDetails={**GOOGLE, "authorize_scopes": "openid email profile"},
    )["IdentityProvider"]
    assert updated["AttributeMapping"]["name"] == "name"
    assert updated["AttributeMapping"]["email"] == "email"
    assert updated["ProviderDetails"]["authorize_scopes"] == "openid email profile"
    again = idp.describe_identity_provider(UserPoolId=pool.id, ProviderName="Google")
    assert again["IdentityProvider"]["ProviderDetails"]["authorize_scopes"] == (
        "openid email profile"
    )

    idp.delete_identity_provider(UserPoolId=pool.id, ProviderName="Google")
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match=r"Identity provider Google does not exist\."
    ):
        idp.describe_identity_provider(UserPoolId=pool.id, ProviderName="Google")
    with raises(idp, "ResourceNotFoundException", "Identity provider Google does not exist."):
        idp.delete_identity_provider(UserPoolId=pool.id, ProviderName="Google")
    with raises(idp, "ResourceNotFoundException", "Identity provider Google does not exist."):
        idp.update_identity_provider(UserPoolId=pool.id, ProviderName="Google", AttributeMapping={})


def test_provider_errors(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    idp.create_identity_provider(
        UserPoolId=pool.id, ProviderName="corp", ProviderType="OIDC", ProviderDetails=OIDC
    )
    with pytest.raises(
        idp.exceptions.DuplicateProviderException,
        match=f"corp already exists in user pool {pool.id}",
    ):
        idp.create_identity_provider(
            UserPoolId=pool.id, ProviderName="corp", ProviderType="OIDC", ProviderDetails=OIDC
        )
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=r"Provider MyGoogle cannot be of type Google\.",
    ):
        idp.create_identity_provider(
            UserPoolId=pool.id,
            ProviderName="MyGoogle",
            ProviderType="Google",
            ProviderDetails=GOOGLE,
        )
    with raises(
        idp, "InvalidParameterException", "client_secret is required for provider type Facebook."
    ):
        idp.create_identity_provider(
            UserPoolId=pool.id,
            ProviderName="Facebook",
            ProviderType="Facebook",
            ProviderDetails={"client_id": "x", "authorize_scopes": "email"},
        )
    with raises(
        idp, "InvalidParameterException", "MetadataURL or MetadataFile is required for SAML."
    ):
        idp.create_identity_provider(
            UserPoolId=pool.id, ProviderName="saml", ProviderType="SAML", ProviderDetails={}
        )
    listed = idp.list_identity_providers(UserPoolId=pool.id)["Providers"]
    assert [p["ProviderName"] for p in listed] == ["corp"]
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.list_identity_providers(UserPoolId="us-east-1_nothere00")


def test_list_paginates_and_identifier_lookup(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    for i in range(5):
        idp.create_identity_provider(
            UserPoolId=pool.id,
            ProviderName=f"saml{i}",
            ProviderType="SAML",
            ProviderDetails={"MetadataURL": f"https://idp{i}.example.com/metadata"},
            IdpIdentifiers=[f"corp{i}.example.com"],
        )
    first = idp.list_identity_providers(UserPoolId=pool.id, MaxResults=2)
    assert [p["ProviderName"] for p in first["Providers"]] == ["saml0", "saml1"]
    assert set(first["Providers"][0]) == {
        "ProviderName",
        "ProviderType",
        "LastModifiedDate",
        "CreationDate",
    }
    pages = idp.get_paginator("list_identity_providers").paginate(
        UserPoolId=pool.id, PaginationConfig={"PageSize": 2}
    )
    assert [p["ProviderName"] for page in pages for p in page["Providers"]] == [
        f"saml{i}" for i in range(5)
    ]
    found = idp.get_identity_provider_by_identifier(
        UserPoolId=pool.id, IdpIdentifier="corp3.example.com"
    )
    assert found["IdentityProvider"]["ProviderName"] == "saml3"
    with raises(idp, "ResourceNotFoundException", "Identity provider nobody does not exist."):
        idp.get_identity_provider_by_identifier(UserPoolId=pool.id, IdpIdentifier="nobody")
    with raises(
        idp,
        "InvalidParameterException",
        "Identifier corp3.example.com is already used by provider saml3.",
    ):
        idp.update_identity_provider(
            UserPoolId=pool.id, ProviderName="saml0", IdpIdentifiers=["corp3.example.com"]
        )
    still = idp.describe_identity_provider(UserPoolId=pool.id, ProviderName="saml0")
    assert still["IdentityProvider"]["IdpIdentifiers"] == ["corp0.example.com"]


def test_link_and_disable_provider_for_user(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    idp.create_identity_provider(
        UserPoolId=pool.id, ProviderName="Google", ProviderType="Google", ProviderDetails=GOOGLE
    )
    source = {
        "ProviderName": "Google",
        "ProviderAttributeName": "Cognito_Subject",
        "ProviderAttributeValue": "109876543210",
    }
    idp.admin_link_provider_for_user(
        UserPoolId=pool.id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
        SourceUser=source,
    )
    attrs = {
        a["Name"]: a["Value"]
        for a in idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserAttributes"]
    }
    identities = json.loads(attrs["identities"])
    assert identities[0]["userId"] == "109876543210"
    assert identities[0]["providerName"] == "Google"
    assert identities[0]["providerType"] == "Google"
    assert identities[0]["primary"] is False

    claims = jwt.decode(alice.sign_in(web).id_token, options={"verify_signature": False})
    assert claims["identities"][0]["userId"] == "109876543210"
    assert claims["identities"][0]["primary"] == "false"

    pool.create_user("bob", password="Passw0rd!")
    with raises(
        idp,
        "InvalidParameterException",
        "Merging is not currently supported, provide a SourceUser that has not been linked or "
        "signed in before.",
    ):
        idp.admin_link_provider_for_user(
            UserPoolId=pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "bob"},
            SourceUser=source,
        )

    idp.admin_disable_provider_for_user(UserPoolId=pool.id, User=source)
    attrs = idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserAttributes"]
    assert "identities" not in {a["Name"] for a in attrs}
    claims = jwt.decode(alice.sign_in(web).id_token, options={"verify_signature": False})
    assert "identities" not in claims
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_disable_provider_for_user(UserPoolId=pool.id, User=source)


def test_link_errors_and_disable_local_user(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    source = {
        "ProviderName": "Facebook",
        "ProviderAttributeName": "Cognito_Subject",
        "ProviderAttributeValue": "42",
    }
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=f"The provider Facebook does not exist for User Pool {pool.id}",
    ):
        idp.admin_link_provider_for_user(
            UserPoolId=pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
            SourceUser=source,
        )
    idp.create_identity_provider(
        UserPoolId=pool.id,
        ProviderName="Facebook",
        ProviderType="Facebook",
        ProviderDetails={"client_id": "x", "client_secret": "y", "authorize_scopes": "email"},
    )
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_link_provider_for_user(
            UserPoolId=pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ghost"},
            SourceUser=source,
        )
    for i in range(5):
        idp.admin_link_provider_for_user(
            UserPoolId=pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
            SourceUser={**source, "ProviderAttributeValue": str(i)},
        )
    with raises(
        idp, "LimitExceededException", "A user can be linked to at most 5 federated identities."
    ):
        idp.admin_link_provider_for_user(
            UserPoolId=pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
            SourceUser=source,
        )

    idp.admin_disable_provider_for_user(
        UserPoolId=pool.id,
        User={
            "ProviderName": "Cognito",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "alice",
        },
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["Enabled"] is False
    with raises(idp, "NotAuthorizedException", "User is disabled."):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
        )
