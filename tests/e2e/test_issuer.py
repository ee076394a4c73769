"""IssuerConfiguration: a pool with the UPDATED issuer signs its tokens under
``https://issuer-cognito-idp.<region>.amazonaws.com/<pool id>`` (in "aws" issuer mode), and
that issuer's JWKS and discovery document answer; ORIGINAL pools keep the classic form."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from ..helpers import PASSWORD, sign_in


@pytest.mark.cognito_fake(issuer="aws")
def test_updated_issuer_changes_iss_and_discovery(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("new", IssuerConfiguration={"Type": "UPDATED"})
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    issuer = f"https://issuer-cognito-idp.us-east-1.amazonaws.com/{pool.id}"
    assert pool.issuer == issuer
    tokens = sign_in(idp, web)["AuthenticationResult"]
    keys = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
    for token in (tokens["AccessToken"], tokens["IdToken"]):
        key = keys.get_signing_key_from_jwt(token).key
        claims = jwt.decode(
            token, key, algorithms=["RS256"], issuer=issuer, options={"verify_aud": False}
        )
        assert claims["iss"] == issuer
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
    assert discovery["issuer"] == issuer
    described = idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]
    assert described["IssuerConfiguration"] == {"Type": "UPDATED"}
    # Unconfirmed: an UpdateUserPool that omits it keeps it.
    idp.update_user_pool(UserPoolId=pool.id, DeletionProtection="INACTIVE")
    assert pool.issuer == issuer


@pytest.mark.cognito_fake(issuer="aws")
def test_original_issuer_by_default_and_switchable(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("old")
    assert pool.issuer == f"https://cognito-idp.us-east-1.amazonaws.com/{pool.id}"
    idp.update_user_pool(UserPoolId=pool.id, IssuerConfiguration={"Type": "UPDATED"})
    assert pool.issuer == f"https://issuer-cognito-idp.us-east-1.amazonaws.com/{pool.id}"
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    token = sign_in(idp, web)["AuthenticationResult"]["AccessToken"]
    # Tokens minted under either form work on the API.
    assert idp.get_user(AccessToken=token)["Username"] == "alice"
