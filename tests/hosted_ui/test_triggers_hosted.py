"""Lambda triggers on the hosted UI: PreAuthentication on the login page, pre token
generation with TokenGeneration_HostedAuth and, on the token endpoint's refresh,
TokenGeneration_RefreshTokens."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_cognito_fake import HostedUIError

from ..helpers import claims


def test_pre_token_generation_on_hosted_ui(cognito_fake: Any, site: Any) -> None:
    sources: list[str] = []

    def add_tenant(event: dict[str, Any]) -> dict[str, Any]:
        sources.append(event["triggerSource"])
        event["response"]["claimsOverrideDetails"] = {"claimsToAddOrOverride": {"tenant": "acme"}}
        return event

    site.pool.on("PreTokenGeneration", add_tenant)
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    assert claims(tokens.id_token)["tenant"] == "acme"
    assert "tenant" not in claims(tokens.access_token)
    refreshed = browser.refresh(tokens.refresh_token)
    assert claims(refreshed.id_token)["tenant"] == "acme"
    assert sources == ["TokenGeneration_HostedAuth", "TokenGeneration_RefreshTokens"]


def test_pre_authentication_refusal_on_login_page(cognito_fake: Any, site: Any) -> None:
    def deny(event: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("Maintenance window")

    site.pool.on("PreAuthentication", deny)
    with pytest.raises(HostedUIError, match="Maintenance window"):
        cognito_fake.hosted_ui(site.web).login("alice", site.password)
