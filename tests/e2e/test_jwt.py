"""The tokens as a resource server sees them: PyJWT fetches the fake's JWKS over HTTP and
verifies ID and access tokens the way AWS tells consumers to (kid, RS256, exp, aud/client_id,
iss, token_use); the claims, the header, the discovery document and the issuer modes."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from ..helpers import PASSWORD, auth_result


def verify(pool: Any, token: str, **kwargs: Any) -> dict[str, Any]:
    """Verify ``token`` as a resource server would: key from the JWKS URL, RS256, exp, iss."""
    key = jwt.PyJWKClient(pool.jwks_url, cache_keys=False).get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        issuer=pool.issuer,
        options={"require": ["exp", "iat", "iss", "sub", "token_use"]},
        **kwargs,
    )


def test_id_token_verifies_with_pyjwt(idp: Any, pool: Any, web: Any) -> None:
    alice = pool.create_user("alice", password=PASSWORD, email="alice@example.com", name="Alice")
    tokens = auth_result(idp, web)
    claims = verify(pool, tokens["IdToken"], audience=web.id)
    assert claims["token_use"] == "id"
    assert claims["aud"] == web.id
    assert claims["iss"] == f"{cognito_fake_url(pool)}/{pool.id}"
    assert claims["sub"] == alice.sub
    assert claims["cognito:username"] == "alice"
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert claims["name"] == "Alice"
    assert claims["exp"] - claims["iat"] == 3600
    assert claims["auth_time"] == claims["iat"]
    assert {"jti", "origin_jti", "event_id"} <= set(claims)
    assert "client_id" not in claims
    assert "password" not in claims


def cognito_fake_url(pool: Any) -> str:
    return pool.jwks_url.split(f"/{pool.id}/")[0]


def test_access_token_verifies_with_pyjwt(idp: Any, pool: Any, web: Any) -> None:
    alice = pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    tokens = auth_result(idp, web)
    claims = verify(pool, tokens["AccessToken"])
    assert claims["token_use"] == "access"
    assert claims["client_id"] == web.id
    assert "aud" not in claims
    assert claims["scope"] == "aws.cognito.signin.user.admin"
    assert claims["username"] == "alice"
    assert claims["sub"] == alice.sub
    assert claims["exp"] - claims["iat"] == tokens["ExpiresIn"] == 3600
    assert "email" not in claims
    id_claims = verify(pool, tokens["IdToken"], audience=web.id)
    assert claims["origin_jti"] == id_claims["origin_jti"]
    assert claims["event_id"] == id_claims["event_id"]
    assert claims["jti"] != id_claims["jti"]


def test_id_token_fails_access_token_checks(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, web)
    with pytest.raises(jwt.InvalidAudienceError):
        verify(pool, tokens["IdToken"], audience="another-client")
    with pytest.raises(jwt.InvalidIssuerError):
        jwt.decode(
            tokens["AccessToken"],
            jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(tokens["AccessToken"]).key,
            algorithms=["RS256"],
            issuer="https://cognito-idp.us-east-1.amazonaws.com/" + pool.id,
        )


def test_header_is_exactly_kid_and_alg_with_two_keys(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, web)
    id_header = jwt.get_unverified_header(tokens["IdToken"])
    access_header = jwt.get_unverified_header(tokens["AccessToken"])
    assert set(id_header) == set(access_header) == {"kid", "alg"}
    assert id_header["alg"] == access_header["alg"] == "RS256"
    assert id_header["kid"] != access_header["kid"]
    keys = requests.get(pool.jwks_url, timeout=5).json()["keys"]
    assert sorted(k["kid"] for k in keys) == sorted([id_header["kid"], access_header["kid"]])
    for key in keys:
        assert key["alg"] == "RS256"
        assert key["kty"] == "RSA"
        assert key["use"] == "sig"
        assert key["e"] == "AQAB"
        assert len(jwt.utils.base64url_decode(key["n"])) == 256  # RSA-2048


def test_tampered_token_fails_pyjwt(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    token = auth_result(idp, web)["IdToken"]
    header, payload, signature = token.split(".")
    bad = f"{header}.{payload}.{signature[:-4]}AAAA"
    with pytest.raises(jwt.InvalidSignatureError):
        verify(pool, bad, audience=web.id)


def test_no_jti_without_token_revocation(idp: Any, pool: Any) -> None:
    plain = pool.create_client("plain", flows=["USER_PASSWORD_AUTH"], EnableTokenRevocation=False)
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, plain)
    for kind in ("IdToken", "AccessToken"):
        claims = jwt.decode(tokens[kind], options={"verify_signature": False})
        assert "jti" not in claims
        assert "origin_jti" not in claims


def test_custom_token_validity(idp: Any, pool: Any) -> None:
    short = pool.create_client(
        "short",
        flows=["USER_PASSWORD_AUTH"],
        AccessTokenValidity=5,
        IdTokenValidity=2,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours"},
    )
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, short)
    access = verify(pool, tokens["AccessToken"])
    id_claims = verify(pool, tokens["IdToken"], audience=short.id)
    assert tokens["ExpiresIn"] == 300
    assert access["exp"] - access["iat"] == 300
    assert id_claims["exp"] - id_claims["iat"] == 7200


def test_read_attributes_limit_id_token_claims(idp: Any, pool: Any) -> None:
    narrow = pool.create_client("narrow", flows=["USER_PASSWORD_AUTH"], ReadAttributes=["name"])
    pool.create_user("alice", password=PASSWORD, email="a@b.co", name="Alice")
    claims = verify(pool, auth_result(idp, narrow)["IdToken"], audience=narrow.id)
    assert claims["name"] == "Alice"
    assert "email" not in claims


def test_discovery_document(pool: Any) -> None:
    base = cognito_fake_url(pool)
    doc = requests.get(f"{base}/{pool.id}/.well-known/openid-configuration", timeout=5).json()
    assert doc["issuer"] == pool.issuer
    assert doc["jwks_uri"] == pool.jwks_url
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]
    assert doc["subject_types_supported"] == ["public"]
    assert len(requests.get(doc["jwks_uri"], timeout=5).json()["keys"]) == 2


def test_well_known_of_unknown_pool_is_404(pool: Any) -> None:
    base = cognito_fake_url(pool)
    assert (
        requests.get(f"{base}/us-east-1_nope/.well-known/jwks.json", timeout=5).status_code == 404
    )
    url = f"{base}/us-east-1_nope/.well-known/openid-configuration"
    assert requests.get(url, timeout=5).status_code == 404


@pytest.mark.cognito_fake(issuer="aws")
def test_aws_issuer(cognito_fake: Any, idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, web)
    aws_issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool.id}"
    assert pool.issuer == aws_issuer
    claims = verify(pool, tokens["IdToken"], audience=web.id)
    assert claims["iss"] == aws_issuer
    assert verify(pool, tokens["AccessToken"])["iss"] == aws_issuer
    # The service takes its own tokens back under this issuer too.
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    doc = requests.get(pool.jwks_url.replace("jwks.json", "openid-configuration"), timeout=5)
    assert doc.json()["issuer"] == aws_issuer


@pytest.mark.cognito_fake(region="eu-west-1", issuer="aws")
def test_aws_issuer_follows_the_region(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("app")
    assert pool.id.startswith("eu-west-1_")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    claims = verify(pool, auth_result(idp, web)["AccessToken"])
    assert claims["iss"] == f"https://cognito-idp.eu-west-1.amazonaws.com/{pool.id}"
