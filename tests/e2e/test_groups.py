from __future__ import annotations

import pytest

from ..helpers import claims, raises

ADMIN_ROLE = "arn:aws:iam::123456789012:role/admin"
READER_ROLE = "arn:aws:iam::123456789012:role/reader"


def test_create_get_update_delete_group(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    created = idp.create_group(
        GroupName="admins", UserPoolId=pool.id, Description="the admins", Precedence=1
    )["Group"]
    assert created["GroupName"] == "admins"
    assert created["UserPoolId"] == pool.id
    assert created["Precedence"] == 1
    assert "RoleArn" not in created

    got = idp.get_group(GroupName="admins", UserPoolId=pool.id)["Group"]
    assert got["Description"] == "the admins"
    assert got["CreationDate"] == created["CreationDate"]

    updated = idp.update_group(GroupName="admins", UserPoolId=pool.id, RoleArn=ADMIN_ROLE)
    assert updated["Group"]["RoleArn"] == ADMIN_ROLE
    assert updated["Group"]["Description"] == "the admins"  # omitted members are kept
    assert idp.get_group(GroupName="admins", UserPoolId=pool.id)["Group"]["RoleArn"] == ADMIN_ROLE

    idp.delete_group(GroupName="admins", UserPoolId=pool.id)
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.get_group(GroupName="admins", UserPoolId=pool.id)
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.delete_group(GroupName="admins", UserPoolId=pool.id)


def test_duplicate_group_and_unknown_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    idp.create_group(GroupName="admins", UserPoolId=pool.id, Description="first")
    with pytest.raises(
        idp.exceptions.GroupExistsException, match=r"A group with the name already exists\."
    ):
        idp.create_group(GroupName="admins", UserPoolId=pool.id, Description="second")
    assert idp.get_group(GroupName="admins", UserPoolId=pool.id)["Group"]["Description"] == "first"
    # Group names are case-sensitive.
    idp.create_group(GroupName="Admins", UserPoolId=pool.id)
    missing = "us-east-1_missing00"
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match=rf"User pool {missing} does not exist\."
    ):
        idp.create_group(GroupName="x", UserPoolId=missing)
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.update_group(GroupName="nobody", UserPoolId=pool.id, Description="d")


def test_list_groups_paginates(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    names = [f"g{i:02}" for i in range(7)]
    for name in names:
        idp.create_group(GroupName=name, UserPoolId=pool.id)
    first = idp.list_groups(UserPoolId=pool.id, Limit=3)
    assert [g["GroupName"] for g in first["Groups"]] == names[:3]
    assert "NextToken" in first
    pages = idp.get_paginator("list_groups").paginate(
        UserPoolId=pool.id, PaginationConfig={"PageSize": 3}
    )
    seen = [g["GroupName"] for p in pages for g in p["Groups"]]
    assert seen == names
    last = idp.list_groups(UserPoolId=pool.id, Limit=60)
    assert "NextToken" not in last
    with raises(idp, "InvalidParameterException", "Invalid pagination token."):
        idp.list_groups(UserPoolId=pool.id, NextToken="garbage")


def test_membership_read_back_both_ways(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    pool.create_user("bob", password="Passw0rd!")
    idp.create_group(GroupName="staff", UserPoolId=pool.id, Precedence=5)
    idp.create_group(GroupName="admins", UserPoolId=pool.id, Precedence=0)
    for group in ("staff", "admins"):
        idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName=group)
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName="staff")  # again
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="bob", GroupName="staff")

    groups = idp.admin_list_groups_for_user(UserPoolId=pool.id, Username="alice")["Groups"]
    assert [g["GroupName"] for g in groups] == ["admins", "staff"]
    users = idp.list_users_in_group(UserPoolId=pool.id, GroupName="staff")["Users"]
    assert [u["Username"] for u in users] == ["alice", "bob"]
    assert {"Name": "email", "Value": "alice@example.com"} in users[0]["Attributes"]
    one = idp.list_users_in_group(UserPoolId=pool.id, GroupName="staff", Limit=1)
    assert len(one["Users"]) == 1
    two = idp.list_users_in_group(
        UserPoolId=pool.id, GroupName="staff", Limit=1, NextToken=one["NextToken"]
    )
    assert [u["Username"] for u in two["Users"]] == ["bob"]
    assert "NextToken" not in two

    idp.admin_remove_user_from_group(UserPoolId=pool.id, Username="alice", GroupName="staff")
    users = idp.list_users_in_group(UserPoolId=pool.id, GroupName="staff")["Users"]
    assert [u["Username"] for u in users] == ["bob"]

    # Deleting a group takes it away from its members.
    idp.delete_group(GroupName="admins", UserPoolId=pool.id)
    assert idp.admin_list_groups_for_user(UserPoolId=pool.id, Username="alice")["Groups"] == []
    # A deleted user leaves its groups.
    idp.admin_delete_user(UserPoolId=pool.id, Username="bob")
    assert idp.list_users_in_group(UserPoolId=pool.id, GroupName="staff")["Users"] == []


def test_membership_errors(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("alice", password="Passw0rd!")
    idp.create_group(GroupName="staff", UserPoolId=pool.id)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_add_user_to_group(UserPoolId=pool.id, Username="ghost", GroupName="staff")
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName="nope")
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.admin_remove_user_from_group(UserPoolId=pool.id, Username="alice", GroupName="nope")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_list_groups_for_user(UserPoolId=pool.id, Username="ghost")
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.list_users_in_group(UserPoolId=pool.id, GroupName="nope")
    assert idp.list_users_in_group(UserPoolId=pool.id, GroupName="staff")["Users"] == []


def test_group_claims_in_tokens(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!")
    tokens = alice.sign_in(web)
    assert "cognito:groups" not in claims(tokens.id_token)
    assert "cognito:groups" not in claims(tokens.access_token)

    idp.create_group(GroupName="readers", UserPoolId=pool.id, Precedence=10, RoleArn=READER_ROLE)
    idp.create_group(GroupName="admins", UserPoolId=pool.id, Precedence=1, RoleArn=ADMIN_ROLE)
    idp.create_group(GroupName="plain", UserPoolId=pool.id)
    for group in ("readers", "admins", "plain"):
        idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName=group)

    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )["AuthenticationResult"]
    id_claims = claims(out["IdToken"])
    access = claims(out["AccessToken"])
    assert id_claims["cognito:groups"] == ["admins", "readers", "plain"]
    assert access["cognito:groups"] == ["admins", "readers", "plain"]
    assert id_claims["cognito:roles"] == [ADMIN_ROLE, READER_ROLE]
    assert id_claims["cognito:preferred_role"] == ADMIN_ROLE
    assert "cognito:roles" not in access
    assert "cognito:preferred_role" not in access


def test_preferred_role_tie_and_refresh_sees_changes(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!")
    idp.create_group(GroupName="a", UserPoolId=pool.id, Precedence=2, RoleArn=ADMIN_ROLE)
    idp.create_group(GroupName="b", UserPoolId=pool.id, Precedence=2, RoleArn=READER_ROLE)
    for group in ("a", "b"):
        idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName=group)
    tokens = alice.sign_in(web)
    first = claims(tokens.id_token)
    assert sorted(first["cognito:roles"]) == sorted([ADMIN_ROLE, READER_ROLE])
    assert "cognito:preferred_role" not in first  # tied precedence, different roles

    idp.update_group(GroupName="b", UserPoolId=pool.id, Precedence=0)
    idp.admin_remove_user_from_group(UserPoolId=pool.id, Username="alice", GroupName="a")
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens.refresh_token},
    )["AuthenticationResult"]
    later = claims(out["IdToken"])
    assert later["cognito:groups"] == ["b"]
    assert later["cognito:preferred_role"] == READER_ROLE
