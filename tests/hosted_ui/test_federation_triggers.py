"""A federated user's first sign-in runs PreSignUp_ExternalProvider (a raising handler blocks
the new user) and PostConfirmation (issue 15, item 3)."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_cognito_fake import HostedUIError

OIDC = {
    "client_id": "corp-client",
    "client_secret": "corp-secret",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://idp.example.com",
    "authorize_scopes": "openid email",
}


@pytest.fixture
def corp(idp: Any, site: Any) -> Any:
    idp.create_identity_provider(
        UserPoolId=site.pool.id,
        ProviderName="MyOIDC",
        ProviderType="OIDC",
        ProviderDetails=OIDC,
        AttributeMapping={"email": "email"},
    )
    return site.client("corp-app", SupportedIdentityProviders=["COGNITO", "MyOIDC"])


def test_first_federated_sign_in_runs_pre_sign_up_external_provider(cognito_fake, site, corp):
    events: list[dict[str, Any]] = []

    def record(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        return event

    site.pool.on("PreSignUp", record)
    site.pool.on("PostConfirmation", record)
    browser = cognito_fake.hosted_ui(corp)
    browser.federated_login("MyOIDC", subject="123", email="ext@example.com")
    browser.federated_login("MyOIDC", subject="123", email="ext@example.com")  # known now
    assert [e["triggerSource"] for e in events] == [
        "PreSignUp_ExternalProvider",
        "PostConfirmation_ConfirmSignUp",
    ]
    pre = events[0]
    assert pre["userName"] == "MyOIDC_123"
    assert pre["callerContext"]["clientId"] == corp.id
    assert pre["request"]["userAttributes"] == {"email": "ext@example.com"}


def test_a_raising_pre_sign_up_blocks_the_federated_user(cognito_fake, site, corp):
    def refuse(event: dict[str, Any]) -> dict[str, Any]:
        raise ValueError("No outsiders")

    site.pool.on("PreSignUp", refuse)
    browser = cognito_fake.hosted_ui(corp)
    with pytest.raises(HostedUIError) as err:
        browser.federated_login("MyOIDC", subject="123", email="ext@example.com")
    assert "PreSignUp failed with error No outsiders." in err.value.error
    assert "MyOIDC_123" not in site.pool.users
