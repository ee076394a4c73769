"""App clients through boto3: create/describe/update/delete/list and their checks."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..helpers import error_of, raises


@pytest.fixture
def pool_id(idp: Any) -> str:
    return str(idp.create_user_pool(PoolName="p")["UserPool"]["Id"])


def _client_count(idp: Any, pool_id: str) -> int:
    return len(idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"])


def test_create_defaults_and_read_back(idp: Any, pool_id: str) -> None:
    created = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"]
    assert re.fullmatch(r"[a-z0-9]{26}", created["ClientId"])
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=created["ClientId"])[
        "UserPoolClient"
    ]
    assert client == created
    assert client["ClientName"] == "web"
    assert client["UserPoolId"] == pool_id
    assert client["ExplicitAuthFlows"] == [
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_CUSTOM_AUTH",
    ]
    assert client["RefreshTokenValidity"] == 30
    assert client["AllowedOAuthFlowsUserPoolClient"] is False
    assert client["PreventUserExistenceErrors"] == "LEGACY"
    assert client["EnableTokenRevocation"] is True
    assert client["AuthSessionValidity"] == 3
    for absent in ("ClientSecret", "ReadAttributes", "WriteAttributes", "CallbackURLs"):
        assert absent not in client


def test_generate_secret_and_given_secret(idp: Any, pool_id: str) -> None:
    made = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="s", GenerateSecret=True)
    secret = made["UserPoolClient"]["ClientSecret"]
    assert re.fullmatch(r"[\w+]{24,64}", secret)
    client_id = made["UserPoolClient"]["ClientId"]
    read = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert read["UserPoolClient"]["ClientSecret"] == secret
    given = "a" * 40
    mine = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="m", ClientSecret=given)
    assert mine["UserPoolClient"]["ClientSecret"] == given


def test_oauth_settings_are_stored_and_echoed(idp: Any, pool_id: str) -> None:
    oauth = {
        "AllowedOAuthFlowsUserPoolClient": True,
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid", "email"],
        "CallbackURLs": ["http://localhost:3000/cb", "https://app.example.com/cb"],
        "LogoutURLs": ["https://app.example.com/bye"],
        "DefaultRedirectURI": "https://app.example.com/cb",
        "SupportedIdentityProviders": ["COGNITO"],
    }
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="ui", **oauth)[
        "UserPoolClient"
    ]["ClientId"]
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert {k: client["UserPoolClient"][k] for k in oauth} == oauth


@pytest.mark.parametrize(
    ("members", "code", "message"),
    [
        (
            {
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["code"],
                "AllowedOAuthScopes": ["openid"],
            },
            "InvalidOAuthFlowException",
            "CallbackUrls can not be empty when code flow or implicit flow is selected",
        ),
        (
            {
                "AllowedOAuthFlowsUserPoolClient": True,
                "AllowedOAuthFlows": ["client_credentials", "code"],
                "AllowedOAuthScopes": ["openid"],
                "CallbackURLs": ["https://a.example/cb"],
            },
            "InvalidOAuthFlowException",
            "client_credentials flow can not be selected along with code flow or implicit flow.",
        ),
        (
            {"ExplicitAuthFlows": ["USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]},
            "InvalidParameterException",
            "ExplicitAuthFlows can not have both legacy and new values.",
        ),
        (
            {"ReadAttributes": ["email", "custom:nope"]},
            "InvalidParameterException",
            "Invalid read attributes specified while creating a client",
        ),
        (
            {"WriteAttributes": ["sub"]},
            "InvalidParameterException",
            "Invalid write attributes specified while creating a client",
        ),
        (
            {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}},
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
        (
            {"IdTokenValidity": 4, "TokenValidityUnits": {"IdToken": "minutes"}},
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
        (
            {"RefreshTokenValidity": 3651},
            "InvalidParameterException",
            "Invalid range for token validity.",
        ),
    ],
)
def test_create_rejects_and_creates_nothing(
    idp: Any, pool_id: str, members: dict[str, Any], code: str, message: str
) -> None:
    with pytest.raises(getattr(idp.exceptions, code)) as exc:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="bad", **members)
    assert error_of(exc) == (code, message)
    assert _client_count(idp, pool_id) == 0


def test_validity_units_are_stored(idp: Any, pool_id: str) -> None:
    out = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="short",
        AccessTokenValidity=5,
        IdTokenValidity=5,
        RefreshTokenValidity=60,
        TokenValidityUnits={
            "AccessToken": "minutes",
            "IdToken": "minutes",
            "RefreshToken": "minutes",
        },
    )["UserPoolClient"]
    client = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=out["ClientId"])
    stored = client["UserPoolClient"]
    assert (stored["AccessTokenValidity"], stored["IdTokenValidity"]) == (5, 5)
    assert stored["RefreshTokenValidity"] == 60
    assert stored["TokenValidityUnits"]["RefreshToken"] == "minutes"


def test_read_write_attributes_name_schema_attributes(idp: Any) -> None:
    pool_id = idp.create_user_pool(
        PoolName="p", Schema=[{"Name": "plan", "AttributeDataType": "String"}]
    )["UserPool"]["Id"]
    out = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="c",
        ReadAttributes=["email", "email_verified", "custom:plan"],
        WriteAttributes=["email", "custom:plan"],
    )["UserPoolClient"]
    assert out["ReadAttributes"] == ["email", "email_verified", "custom:plan"]
    assert out["WriteAttributes"] == ["email", "custom:plan"]


def test_update_resets_omitted_settings(idp: Any, pool_id: str, freezer: Any) -> None:
    created = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        ReadAttributes=["email"],
        EnableTokenRevocation=False,
    )["UserPoolClient"]
    freezer.tick(30)
    updated = idp.update_user_pool_client(
        UserPoolId=pool_id,
        ClientId=created["ClientId"],
        AuthSessionValidity=10,
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    )["UserPoolClient"]
    read = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=created["ClientId"])
    assert read["UserPoolClient"] == updated
    assert updated["ClientName"] == "web"
    assert updated["ClientSecret"] == created["ClientSecret"]
    assert updated["AuthSessionValidity"] == 10
    assert updated["RefreshTokenRotation"] == {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10}
    assert updated["PreventUserExistenceErrors"] == "LEGACY"
    assert updated["EnableTokenRevocation"] is True
    assert "ReadAttributes" not in updated
    assert updated["ExplicitAuthFlows"] == [
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_CUSTOM_AUTH",
    ]
    assert updated["CreationDate"] == created["CreationDate"]
    assert (updated["LastModifiedDate"] - created["LastModifiedDate"]).total_seconds() == 30


def test_failed_update_changes_nothing(idp: Any, pool_id: str) -> None:
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", PreventUserExistenceErrors="ENABLED"
    )["UserPoolClient"]["ClientId"]
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.update_user_pool_client(
            UserPoolId=pool_id, ClientId=client_id, WriteAttributes=["nope"]
        )
    assert error_of(exc)[1] == "Invalid write attributes specified while updating a client"
    after = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert after["UserPoolClient"] == before["UserPoolClient"]


def test_unknown_client_and_client_of_another_pool(idp: Any, pool_id: str) -> None:
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=other, ClientName="c")["UserPoolClient"][
        "ClientId"
    ]
    for bad in (client_id, "a" * 26):
        with pytest.raises(idp.exceptions.ResourceNotFoundException) as exc:
            idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=bad)
        assert error_of(exc)[1] == f"User pool client {bad} does not exist."
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as exc:
        idp.create_user_pool_client(UserPoolId="us-east-1_missing00", ClientName="c")
    assert error_of(exc)[1] == "User pool us-east-1_missing00 does not exist."


def test_delete_client(idp: Any, pool_id: str) -> None:
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"][
        "ClientId"
    ]
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert _client_count(idp, pool_id) == 0
    gone = f"User pool client {client_id} does not exist."
    with raises(idp, "ResourceNotFoundException", gone):
        idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)


def test_list_clients_paginates(idp: Any, pool_id: str) -> None:
    ids = [
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName=f"c{i}")["UserPoolClient"][
            "ClientId"
        ]
        for i in range(5)
    ]
    first = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=2)
    assert first["UserPoolClients"][0] == {
        "ClientId": ids[0],
        "UserPoolId": pool_id,
        "ClientName": "c0",
    }
    pages = idp.get_paginator("list_user_pool_clients").paginate(
        UserPoolId=pool_id, PaginationConfig={"PageSize": 2}
    )
    assert [c["ClientId"] for page in pages for c in page["UserPoolClients"]] == ids
    assert "NextToken" not in idp.list_user_pool_clients(UserPoolId=pool_id)


def test_validation_messages(raw: Any, pool_id: str) -> None:
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="c",
            AllowedOAuthFlows=["code", "token"],
            AuthSessionValidity=16,
        )
    assert error_of(exc)[1] == (
        "2 validation errors detected: "
        "Value '[code, token]' at 'allowedOAuthFlows' failed to satisfy constraint: "
        "Member must satisfy constraint: "
        "[Member must satisfy enum value set: [code, implicit, client_credentials]]; "
        "Value '16' at 'authSessionValidity' failed to satisfy constraint: "
        "Member must have value less than or equal to 15"
    )
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.describe_user_pool_client(UserPoolId=pool_id, ClientId="bad id!")
    assert error_of(exc)[1] == (
        "1 validation error detected: Value 'bad id!' at 'clientId' failed to satisfy "
        r"constraint: Member must satisfy regular expression pattern: [\w+]+"
    )


def test_scopes_must_exist(idp: Any, pool_id: str) -> None:
    with pytest.raises(idp.exceptions.ScopeDoesNotExistException) as exc:
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="c", AllowedOAuthScopes=["openid", "orders/read"]
        )
    assert error_of(exc) == ("ScopeDoesNotExistException", "Invalid scope requested: orders/read")
    idp.create_resource_server(
        UserPoolId=pool_id,
        Identifier="orders",
        Name="o",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}],
    )
    out = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="c", AllowedOAuthScopes=["openid", "orders/read"]
    )
    assert out["UserPoolClient"]["AllowedOAuthScopes"] == ["openid", "orders/read"]


def test_identity_providers_must_exist(idp: Any, pool_id: str) -> None:
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.create_user_pool_client(
            UserPoolId=pool_id, ClientName="c", SupportedIdentityProviders=["COGNITO", "Google"]
        )
    assert error_of(exc)[1] == f"The provider Google does not exist for User Pool {pool_id}."
    assert _client_count(idp, pool_id) == 0
