"""Resource servers and custom scopes through boto3."""

from __future__ import annotations

import pytest

from ..helpers import raises

SCOPES = [
    {"ScopeName": "read", "ScopeDescription": "Read orders"},
    {"ScopeName": "write", "ScopeDescription": "Write orders"},
]


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("shop")


def test_round_trip(idp, pool):
    out = idp.create_resource_server(
        UserPoolId=pool.id, Identifier="https://orders.example.com", Name="orders", Scopes=SCOPES
    )
    server = {
        "UserPoolId": pool.id,
        "Identifier": "https://orders.example.com",
        "Name": "orders",
        "Scopes": SCOPES,
    }
    assert out["ResourceServer"] == server
    described = idp.describe_resource_server(
        UserPoolId=pool.id, Identifier="https://orders.example.com"
    )
    assert described["ResourceServer"] == server

    updated = idp.update_resource_server(
        UserPoolId=pool.id,
        Identifier="https://orders.example.com",
        Name="orders v2",
        Scopes=SCOPES[:1],
    )["ResourceServer"]
    assert updated["Name"] == "orders v2"
    assert updated["Scopes"] == SCOPES[:1]
    assert (
        idp.describe_resource_server(UserPoolId=pool.id, Identifier="https://orders.example.com")[
            "ResourceServer"
        ]
        == updated
    )

    idp.delete_resource_server(UserPoolId=pool.id, Identifier="https://orders.example.com")
    with raises(
        idp,
        "ResourceNotFoundException",
        "Resource server https://orders.example.com does not exist.",
    ):
        idp.describe_resource_server(UserPoolId=pool.id, Identifier="https://orders.example.com")


def test_without_scopes(idp, pool):
    out = idp.create_resource_server(UserPoolId=pool.id, Identifier="bare", Name="bare")
    assert out["ResourceServer"]["Scopes"] == []


def test_list_pages(idp, pool):
    for i in range(5):
        idp.create_resource_server(UserPoolId=pool.id, Identifier=f"api-{i}", Name=f"api {i}")
    first = idp.list_resource_servers(UserPoolId=pool.id, MaxResults=3)
    assert [s["Identifier"] for s in first["ResourceServers"]] == ["api-0", "api-1", "api-2"]
    rest = idp.list_resource_servers(UserPoolId=pool.id, MaxResults=3, NextToken=first["NextToken"])
    assert [s["Identifier"] for s in rest["ResourceServers"]] == ["api-3", "api-4"]
    assert "NextToken" not in rest
    paginator = idp.get_paginator("list_resource_servers")
    found = [
        s["Identifier"]
        for p in paginator.paginate(UserPoolId=pool.id, MaxResults=2)
        for s in p["ResourceServers"]
    ]
    assert len(found) == 5


def test_errors(idp, pool):
    idp.create_resource_server(
        UserPoolId=pool.id, Identifier="orders", Name="orders", Scopes=SCOPES
    )
    with pytest.raises(idp.exceptions.InvalidParameterException, match="orders already exists"):
        idp.create_resource_server(UserPoolId=pool.id, Identifier="orders", Name="again")
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match="User pool us-east-1_nosuch does not exist"
    ):
        idp.create_resource_server(UserPoolId="us-east-1_nosuch", Identifier="x", Name="x")
    for call in (idp.describe_resource_server, idp.delete_resource_server):
        with raises(idp, "ResourceNotFoundException", "Resource server unknown does not exist."):
            call(UserPoolId=pool.id, Identifier="unknown")
    with raises(idp, "ResourceNotFoundException", "Resource server unknown does not exist."):
        idp.update_resource_server(UserPoolId=pool.id, Identifier="unknown", Name="x")
    with pytest.raises(
        idp.exceptions.InvalidParameterException, match="failed to satisfy constraint"
    ):
        idp.create_resource_server(
            UserPoolId=pool.id,
            Identifier="bad",
            Name="bad",
            Scopes=[{"ScopeName": "a/b", "ScopeDescription": "x"}],
        )
    # The failed calls changed nothing.
    listed = idp.list_resource_servers(UserPoolId=pool.id, MaxResults=50)["ResourceServers"]
    assert [(s["Identifier"], s["Name"], len(s["Scopes"])) for s in listed] == [
        ("orders", "orders", 2)
    ]
