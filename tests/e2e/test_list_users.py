"""ListUsers through boto3: the filter grammar, AttributesToGet, Limit and pagination."""

from __future__ import annotations

import pytest

from ..helpers import raises

PASSWORD = "Passw0rd!"


@pytest.fixture
def pool(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("alice", password=PASSWORD, email="alice@example.com", given_name="Alice")
    pool.create_user("alan", password=PASSWORD, email="alan@example.org", given_name="Alan")
    pool.create_user(
        "bob",
        status="FORCE_CHANGE_PASSWORD",
        phone_number="+14325551212",
        attributes={"family_name": 'O"Brien'},
    )
    pool.create_user("carol", password=PASSWORD, enabled=False, name="Carol C")
    return pool


def names(out):
    return [u["Username"] for u in out["Users"]]


def listed(idp, pool, filter_text):
    return names(idp.list_users(UserPoolId=pool.id, Filter=filter_text))


def test_all_users_in_creation_order(idp, pool):
    out = idp.list_users(UserPoolId=pool.id)
    assert names(out) == ["alice", "alan", "bob", "carol"]
    assert "PaginationToken" not in out
    alice = out["Users"][0]
    assert alice["UserStatus"] == "CONFIRMED"
    assert alice["Enabled"] is True
    assert {a["Name"] for a in alice["Attributes"]} == {
        "sub",
        "email",
        "email_verified",
        "given_name",
    }
    assert listed(idp, pool, "") == ["alice", "alan", "bob", "carol"]


@pytest.mark.parametrize(
    ("filter_text", "expected"),
    [
        ('username = "alice"', ["alice"]),
        ('username ^= "al"', ["alice", "alan"]),
        ('username = "Alice"', []),
        ('email = "alan@example.org"', ["alan"]),
        ('email ^= "al"', ["alice", "alan"]),
        ('given_name ^= "Ali"', ["alice"]),
        ('phone_number = "+14325551212"', ["bob"]),
        ('name = "Carol C"', ["carol"]),
        ('family_name = "O\\"Brien"', ["bob"]),
        ('cognito:user_status = "force_change_password"', ["bob"]),
        ('cognito:user_status = "CONFIRMED"', ["alice", "alan", "carol"]),
        ('status = "Disabled"', ["carol"]),
        ('status = "Enabled"', ["alice", "alan", "bob"]),
        ('status = "disabled"', []),
        ('  email   ^=   "alice"  ', ["alice"]),
        ('email="alice@example.com"', ["alice"]),
        ('preferred_username = "alice"', []),
    ],
)
def test_filters(idp, pool, filter_text, expected):
    assert listed(idp, pool, filter_text) == expected


def test_filter_by_sub(idp, pool):
    sub = pool.user("bob").sub
    assert listed(idp, pool, f'sub = "{sub}"') == ["bob"]


@pytest.mark.parametrize(
    "filter_text",
    [
        "foo",
        'email = alice@example.com"',
        'email == "a"',
        'email = "a" and name = "b"',
        'custom:plan = "pro"',
        'nickname = "al"',
        'email_verified = "true"',
        'email = "unterminated',
    ],
)
def test_invalid_filters(idp, pool, filter_text):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.list_users(UserPoolId=pool.id, Filter=filter_text)
    assert info.value.response["Error"]["Message"] == "Error while parsing filter."


def test_attributes_to_get(idp, pool):
    out = idp.list_users(UserPoolId=pool.id, AttributesToGet=["email"], Filter='username ^= "al"')
    assert [u["Attributes"] for u in out["Users"]] == [
        [{"Name": "email", "Value": "alice@example.com"}],
        [{"Name": "email", "Value": "alan@example.org"}],
    ]


def test_attributes_to_get_rejects_sub(idp, pool):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.list_users(UserPoolId=pool.id, AttributesToGet=["sub", "email"])
    assert info.value.response["Error"]["Message"] == "Input fails to satisfy the constraints."


def test_pagination(idp, pool):
    first = idp.list_users(UserPoolId=pool.id, Limit=3)
    assert names(first) == ["alice", "alan", "bob"]
    second = idp.list_users(UserPoolId=pool.id, Limit=3, PaginationToken=first["PaginationToken"])
    assert names(second) == ["carol"]
    assert "PaginationToken" not in second


def test_paginator_with_filter(idp, pool):
    pages = idp.get_paginator("list_users").paginate(
        UserPoolId=pool.id, Filter='status = "Enabled"', PaginationConfig={"PageSize": 1}
    )
    assert [names(p) for p in pages] == [["alice"], ["alan"], ["bob"]]


def test_limit_zero_means_default(idp, pool):
    assert names(idp.list_users(UserPoolId=pool.id, Limit=0)) == ["alice", "alan", "bob", "carol"]


def test_limit_out_of_range(idp, pool):
    with pytest.raises(idp.exceptions.InvalidParameterException) as info:
        idp.list_users(UserPoolId=pool.id, Limit=61)
    assert info.value.response["Error"]["Message"] == (
        "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint:"
        " Member must have value less than or equal to 60"
    )


def test_bad_pagination_token(idp, pool):
    with raises(idp, "InvalidParameterException", "Invalid pagination token."):
        idp.list_users(UserPoolId=pool.id, PaginationToken="garbage!!")


def test_default_page_is_sixty(cognito_fake, idp):
    big = cognito_fake.create_user_pool("big")
    for i in range(61):
        big.create_user(f"user{i:02d}", status="FORCE_CHANGE_PASSWORD")
    first = idp.list_users(UserPoolId=big.id)
    assert len(first["Users"]) == 60
    rest = idp.list_users(UserPoolId=big.id, PaginationToken=first["PaginationToken"])
    assert names(rest) == ["user60"]


def test_unknown_pool(idp):
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as info:
        idp.list_users(UserPoolId="us-east-1_nope12345")
    assert (
        info.value.response["Error"]["Message"] == "User pool us-east-1_nope12345 does not exist."
    )


def test_email_username_pool_filters_on_real_username(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("by-email", UsernameAttributes=["email"])
    user = pool.create_user("dave@example.com", password=PASSWORD)
    assert listed(idp, pool, 'username = "dave@example.com"') == []
    assert listed(idp, pool, f'username = "{user.username}"') == [user.username]
    assert listed(idp, pool, 'email = "dave@example.com"') == [user.username]
