"""Create/Describe/Update/DeleteUserPoolDomain through boto3, and how a domain is reached."""

from __future__ import annotations

import pytest
import requests

from ..helpers import raises

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("shop")


def test_prefix_domain_round_trip(idp, pool):
    out = idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    assert out["ManagedLoginVersion"] == 1
    assert "CloudFrontDomain" not in out
    desc = idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"]
    assert desc == {
        "UserPoolId": pool.id,
        "AWSAccountId": "123456789012",
        "Domain": "shop-login",
        "Status": "ACTIVE",
        "ManagedLoginVersion": 1,
    }
    assert idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["Domain"] == "shop-login"

    idp.update_user_pool_domain(UserPoolId=pool.id, Domain="shop-login", ManagedLoginVersion=2)
    desc = idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"]
    assert desc["ManagedLoginVersion"] == 2

    idp.delete_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    assert idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"] == {}
    assert "Domain" not in idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]


def test_unknown_domain_describes_empty(idp):
    assert idp.describe_user_pool_domain(Domain="nobody-has-this")["DomainDescription"] == {}


def test_custom_domain(idp, pool):
    out = idp.create_user_pool_domain(
        UserPoolId=pool.id, Domain="auth.example.com", CustomDomainConfig={"CertificateArn": CERT}
    )
    assert out["CloudFrontDomain"].endswith(".cloudfront.net")
    desc = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert desc["CustomDomainConfig"] == {"CertificateArn": CERT}
    assert desc["CloudFrontDistribution"] == out["CloudFrontDomain"]
    assert (
        idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["CustomDomain"] == "auth.example.com"
    )
    other = CERT.replace("11111111", "99999999")
    idp.update_user_pool_domain(
        UserPoolId=pool.id, Domain="auth.example.com", CustomDomainConfig={"CertificateArn": other}
    )
    desc = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert desc["CustomDomainConfig"] == {"CertificateArn": other}


def test_domain_errors(cognito_fake, idp, pool):
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    other = cognito_fake.create_user_pool("other")
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=r"^.*Domain already associated with another user pool\.$",
    ):
        idp.create_user_pool_domain(UserPoolId=other.id, Domain="shop-login")
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=r"User pool already has a domain configured\.",
    ):
        idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop-two")
    with pytest.raises(
        idp.exceptions.InvalidParameterException, match="Domain cannot contain reserved word: aws"
    ):
        idp.create_user_pool_domain(UserPoolId=other.id, Domain="my-aws-login")
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nosuch does not exist."):
        idp.create_user_pool_domain(UserPoolId="us-east-1_nosuch", Domain="free-name")
    with pytest.raises(
        idp.exceptions.InvalidParameterException, match=r"No such domain or user pool exists\."
    ):
        idp.delete_user_pool_domain(UserPoolId=other.id, Domain="shop-login")
    # Nothing changed by the failures.
    assert (
        idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"]["UserPoolId"]
        == pool.id
    )
    assert idp.describe_user_pool_domain(Domain="shop-two")["DomainDescription"] == {}


def test_prefix_with_invalid_characters(idp, pool):
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=r"^.*The domain name contains an invalid character\. Domain names can only contain",
    ):
        idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop.login")


def test_pool_with_domain_cannot_be_deleted(idp, pool):
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    with raises(
        idp,
        "InvalidParameterException",
        "User pool cannot be deleted. It has a domain configured that should be deleted first.",
    ):
        idp.delete_user_pool(UserPoolId=pool.id)
    idp.delete_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    idp.delete_user_pool(UserPoolId=pool.id)


def test_domain_is_reached_by_path_prefix_or_host(cognito_fake, idp, pool):
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="shop-login")
    for url, host in [
        (f"{cognito_fake.url}/domain/shop-login/error", None),
        (f"{cognito_fake.url}/domain/shop-login.auth.us-east-1.amazoncognito.com/error", None),
        (f"{cognito_fake.url}/error", "shop-login.auth.us-east-1.amazoncognito.com"),
        (f"{cognito_fake.url}/error", "shop-login.localhost"),
    ]:
        response = requests.get(url, headers={"Host": host} if host else {})
        assert response.status_code == 400, (url, host)  # the pool's own error page
        assert "An error was encountered" in response.text
    missing = requests.get(f"{cognito_fake.url}/domain/deleted-one/error")
    assert missing.status_code == 404


def test_custom_domain_is_reached_by_path_prefix_or_host(cognito_fake, idp, pool):
    idp.create_user_pool_domain(
        UserPoolId=pool.id, Domain="auth.example.com", CustomDomainConfig={"CertificateArn": CERT}
    )
    by_path = requests.get(f"{cognito_fake.url}/domain/auth.example.com/error")
    by_host = requests.get(f"{cognito_fake.url}/error", headers={"Host": "auth.example.com"})
    assert by_path.status_code == by_host.status_code == 400
