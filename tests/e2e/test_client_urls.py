"""CreateUserPoolClient / UpdateUserPoolClient check callback and logout URLs as AWS does
(issue 15, item 16): plain HTTP only for loopback hosts, absolute URLs, no fragment."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import raises

OAUTH = {
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid"],
}


@pytest.mark.parametrize(
    "url",
    [
        "https://app.example.com/cb",
        "http://localhost/cb",
        "http://localhost:3000/cb",
        "http://127.0.0.1:8080/",
        "http://[::1]:5173/callback",
        "myapp://signed-in",
    ],
)
def test_accepted_urls(idp: Any, pool: Any, url: str) -> None:
    out = idp.create_user_pool_client(
        UserPoolId=pool.id, ClientName="web", CallbackURLs=[url], LogoutURLs=[url], **OAUTH
    )
    assert out["UserPoolClient"]["CallbackURLs"] == [url]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://app.example.com/cb", "http://app.example.com/cb cannot use the HTTP protocol."),
        ("http://localhost.com/", "http://localhost.com/ cannot use the HTTP protocol."),
        ("/callback", "/callback is not a valid URL."),
        ("app.example.com/cb", "app.example.com/cb is not a valid URL."),
        (
            "https://app.example.com/cb#done",
            "https://app.example.com/cb#done cannot contain a fragment.",
        ),
    ],
)
@pytest.mark.parametrize("member", ["CallbackURLs", "LogoutURLs"])
def test_refused_urls_on_create_and_update(
    idp: Any, pool: Any, url: str, message: str, member: str
) -> None:
    good = {"CallbackURLs": ["https://app.example.com/ok"]}
    with raises(idp, "InvalidParameterException", message):
        idp.create_user_pool_client(
            UserPoolId=pool.id, ClientName="web", **{**OAUTH, **good, member: [url]}
        )
    client = idp.create_user_pool_client(UserPoolId=pool.id, ClientName="web", **OAUTH, **good)[
        "UserPoolClient"
    ]
    with raises(idp, "InvalidParameterException", message):
        idp.update_user_pool_client(
            UserPoolId=pool.id, ClientId=client["ClientId"], **{**OAUTH, **good, member: [url]}
        )
    kept = idp.describe_user_pool_client(UserPoolId=pool.id, ClientId=client["ClientId"])
    assert kept["UserPoolClient"]["CallbackURLs"] == ["https://app.example.com/ok"]
