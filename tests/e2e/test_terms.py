from __future__ import annotations

import pytest

from ..helpers import raises

LINKS = {"cognito:default": "https://example.com/terms"}


def test_terms_round_trip(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    created = idp.create_terms(
        UserPoolId=pool.id,
        ClientId=web.id,
        TermsName="terms-of-use",
        TermsSource="LINK",
        Enforcement="NONE",
        Links=LINKS,
    )["Terms"]
    assert created["ClientId"] == web.id
    assert created["Links"] == LINKS
    terms_id = created["TermsId"]

    got = idp.describe_terms(UserPoolId=pool.id, TermsId=terms_id)["Terms"]
    assert got["TermsName"] == "terms-of-use"
    assert got["CreationDate"] == created["CreationDate"]

    links = {**LINKS, "cognito:spanish": "https://example.com/es/terms"}
    updated = idp.update_terms(UserPoolId=pool.id, TermsId=terms_id, Links=links)["Terms"]
    assert updated["Links"] == links
    assert updated["TermsName"] == "terms-of-use"
    assert idp.describe_terms(UserPoolId=pool.id, TermsId=terms_id)["Terms"]["Links"] == links

    idp.delete_terms(UserPoolId=pool.id, TermsId=terms_id)
    gone = f"Terms {terms_id} does not exist."
    with raises(idp, "ResourceNotFoundException", gone):
        idp.describe_terms(UserPoolId=pool.id, TermsId=terms_id)
    with raises(idp, "ResourceNotFoundException", gone):
        idp.delete_terms(UserPoolId=pool.id, TermsId=terms_id)
    assert idp.list_terms(UserPoolId=pool.id)["Terms"] == []


def test_terms_errors_and_listing(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    mobile = pool.create_client("mobile")
    common = {"UserPoolId": pool.id, "TermsSource": "LINK", "Enforcement": "NONE", "Links": LINKS}
    first = idp.create_terms(ClientId=web.id, TermsName="terms-of-use", **common)["Terms"]
    taken = f"Terms terms-of-use already exist for client {web.id}."
    with raises(idp, "TermsExistsException", taken):
        idp.create_terms(ClientId=web.id, TermsName="terms-of-use", **common)
    idp.create_terms(ClientId=mobile.id, TermsName="terms-of-use", **common)
    policy = idp.create_terms(ClientId=web.id, TermsName="privacy-policy", **common)["Terms"]
    with raises(idp, "TermsExistsException", taken):
        idp.update_terms(UserPoolId=pool.id, TermsId=policy["TermsId"], TermsName="terms-of-use")
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match=r"User pool client nosuch does not exist\."
    ):
        idp.create_terms(ClientId="nosuch", TermsName="terms-of-use", **common)
    with raises(idp, "InvalidParameterException", "Links must contain at least one link."):
        idp.create_terms(
            **{k: v for k, v in common.items() if k != "Links"},
            ClientId=mobile.id,
            TermsName="privacy-policy",
        )
    with raises(
        idp,
        "InvalidParameterException",
        "1 validation error detected: Value 'cookie-policy' at 'termsName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        "^(terms-of-use|privacy-policy)$",
    ):
        idp.create_terms(ClientId=mobile.id, TermsName="cookie-policy", **common)

    listed = idp.list_terms(UserPoolId=pool.id, MaxResults=2)
    assert listed["Terms"][0]["TermsId"] == first["TermsId"]
    rest = idp.list_terms(UserPoolId=pool.id, MaxResults=2, NextToken=listed["NextToken"])
    assert [t["TermsId"] for t in rest["Terms"]] == [policy["TermsId"]]
    assert set(rest["Terms"][0]) == {
        "TermsId",
        "TermsName",
        "Enforcement",
        "CreationDate",
        "LastModifiedDate",
    }


def test_describe_terms_by_client_finds_each_document_by_name(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web")
    other = pool.create_client("other")
    common = {"UserPoolId": pool.id, "TermsSource": "LINK", "Enforcement": "NONE", "Links": LINKS}
    for name in ("terms-of-use", "privacy-policy"):
        idp.create_terms(ClientId=web.id, TermsName=name, **common)
    listed = {t["TermsName"]: t["TermsId"] for t in idp.list_terms(UserPoolId=pool.id)["Terms"]}

    for name, terms_id in listed.items():
        found = idp.describe_terms_by_client(UserPoolId=pool.id, ClientId=web.id, TermsName=name)
        assert found["Terms"]["TermsId"] == terms_id
        assert found["Terms"]["ClientId"] == web.id
        assert found["Terms"]["UserPoolId"] == pool.id
        assert found["Terms"]["Links"] == LINKS

    idp.delete_terms(UserPoolId=pool.id, TermsId=listed["privacy-policy"])
    missing = f"Terms privacy-policy do not exist for client {web.id}."
    with raises(idp, "ResourceNotFoundException", missing):
        idp.describe_terms_by_client(
            UserPoolId=pool.id, ClientId=web.id, TermsName="privacy-policy"
        )
    # Another client of the pool does not see web's documents.
    with raises(
        idp, "ResourceNotFoundException", f"Terms terms-of-use do not exist for client {other.id}."
    ):
        idp.describe_terms_by_client(
            UserPoolId=pool.id, ClientId=other.id, TermsName="terms-of-use"
        )
    with raises(idp, "ResourceNotFoundException", "User pool client nosuch does not exist."):
        idp.describe_terms_by_client(
            UserPoolId=pool.id, ClientId="nosuch", TermsName="terms-of-use"
        )
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nosuch does not exist."):
        idp.describe_terms_by_client(
            UserPoolId="us-east-1_nosuch", ClientId=web.id, TermsName="terms-of-use"
        )
    with raises(
        idp,
        "InvalidParameterException",
        "1 validation error detected: Value 'cookies' at 'termsName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: "
        "^(terms-of-use|privacy-policy)$",
    ):
        idp.describe_terms_by_client(UserPoolId=pool.id, ClientId=web.id, TermsName="cookies")
