from __future__ import annotations

import jwt

from ..helpers import raises


def test_sign_in_and_global_sign_out(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )
    tokens = out["AuthenticationResult"]
    jwks = jwt.PyJWKClient(pool.jwks_url)
    key = jwks.get_signing_key_from_jwt(tokens["IdToken"])
    claims = jwt.decode(
        tokens["IdToken"], key.key, algorithms=["RS256"], audience=web.id, issuer=pool.issuer
    )
    assert claims["email"] == "alice@example.com"
    me = idp.get_user(AccessToken=tokens["AccessToken"])
    assert me["Username"] == "alice"
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=tokens["AccessToken"])
