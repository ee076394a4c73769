"""Provisioned limits through boto3: reading and buying an API category's request rate, and
the errors of each bound."""

from __future__ import annotations

import pytest

from ..helpers import raises


def definition(category: str) -> dict:
    return {"LimitClass": "API_CATEGORY", "Attributes": {"Category": category}}


def test_free_value_then_bought(idp):
    out = idp.get_provisioned_limit(LimitDefinition=definition("UserCreation"))["Limit"]
    assert out == {
        "LimitDefinition": definition("UserCreation"),
        "ProvisionedLimitValue": 50,
        "FreeLimitValue": 50,
    }
    bought = idp.update_provisioned_limit(
        LimitDefinition=definition("UserCreation"), RequestedLimitValue=80
    )["Limit"]
    assert bought["ProvisionedLimitValue"] == 80
    again = idp.get_provisioned_limit(LimitDefinition=definition("UserCreation"))["Limit"]
    assert (again["ProvisionedLimitValue"], again["FreeLimitValue"]) == (80, 50)
    # Unconfirmed: the free value ends the purchase.
    idp.update_provisioned_limit(LimitDefinition=definition("UserCreation"), RequestedLimitValue=50)
    back = idp.get_provisioned_limit(LimitDefinition=definition("UserCreation"))["Limit"]
    assert back["ProvisionedLimitValue"] == 50


def test_bounds_and_categories(idp, raw):
    with raises(
        idp,
        "InvalidParameterException",
        "RequestedLimitValue must be at least the free limit of 50 for UserCreation.",
    ):
        idp.update_provisioned_limit(
            LimitDefinition=definition("UserCreation"), RequestedLimitValue=10
        )
    with raises(
        idp,
        "ServiceQuotaExceededException",
        "RequestedLimitValue 10000 exceeds the account's quota of 500 for UserCreation.",
    ):
        idp.update_provisioned_limit(
            LimitDefinition=definition("UserCreation"), RequestedLimitValue=10_000
        )
    with raises(idp, "InvalidParameterException", "The UserUpdate limit cannot be provisioned."):
        idp.update_provisioned_limit(
            LimitDefinition=definition("UserUpdate"), RequestedLimitValue=30
        )
    # Unconfirmed: an unknown category is ResourceNotFoundException.
    for call in (idp.get_provisioned_limit, idp.update_provisioned_limit):
        extra = {"RequestedLimitValue": 80} if call == idp.update_provisioned_limit else {}
        with raises(idp, "ResourceNotFoundException", "Limit category Nope does not exist."):
            call(LimitDefinition=definition("Nope"), **extra)
    with raises(
        idp,
        "InvalidParameterException",
        "LimitDefinition Attributes must contain exactly one key: Category.",
    ):
        idp.get_provisioned_limit(
            LimitDefinition={"LimitClass": "API_CATEGORY", "Attributes": {"Kind": "UserRead"}}
        )
    with raises(
        raw,
        "InvalidParameterException",
        "1 validation error detected: Value 'BOGUS' at 'limitDefinition.limitClass' failed to"
        " satisfy constraint: Member must satisfy enum value set: [API_CATEGORY]",
    ):
        raw.get_provisioned_limit(
            LimitDefinition={"LimitClass": "BOGUS", "Attributes": {"Category": "UserRead"}}
        )


def test_managed_login_pools_buy_authentication_through_service_quotas(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("branded")
    idp.update_provisioned_limit(
        LimitDefinition=definition("UserAuthentication"), RequestedLimitValue=200
    )
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="branded-app", ManagedLoginVersion=2)
    # Unconfirmed how AWS decides; the fake looks for a managed-login (version 2) domain.
    with raises(
        idp,
        "InvalidParameterException",
        "The UserAuthentication limit of an account with managed login must be raised through"
        " Service Quotas.",
    ):
        idp.update_provisioned_limit(
            LimitDefinition=definition("UserAuthentication"), RequestedLimitValue=300
        )
    out = idp.update_provisioned_limit(
        LimitDefinition=definition("UserRead"), RequestedLimitValue=300
    )
    assert out["Limit"]["ProvisionedLimitValue"] == 300


def test_facade_helpers_run_the_api_checks(cognito_fake, idp):
    cognito_fake.set_service_quota("UserRead", 2000)
    assert cognito_fake.set_provisioned_limit("UserRead", 1500)["ProvisionedLimitValue"] == 1500
    got = idp.get_provisioned_limit(LimitDefinition=definition("UserRead"))["Limit"]
    assert got["ProvisionedLimitValue"] == 1500
    with raises(
        idp,
        "ServiceQuotaExceededException",
        "RequestedLimitValue 2001 exceeds the account's quota of 2000 for UserRead.",
    ):
        idp.update_provisioned_limit(
            LimitDefinition=definition("UserRead"), RequestedLimitValue=2001
        )
    with pytest.raises(ValueError, match="'Nope' is not an API category"):
        cognito_fake.set_service_quota("Nope", 10)
