"""Each pool signs with its own keys, as on AWS: a token of one pool never verifies with another
pool's JWKS, and a pool's userInfo endpoint refuses another pool's token. The keys come from a
ring made once per machine (pytest's cache directory), never per test."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest
import requests

from ..helpers import PASSWORD, auth_result


def _signed_in_pool(cognito_fake: Any, idp: Any, name: str) -> tuple[Any, dict[str, Any]]:
    pool = cognito_fake.create_user_pool(name)
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    return pool, auth_result(idp, web)


def _keys(pool: Any) -> list[jwt.PyJWK]:
    return list(jwt.PyJWKSet.from_dict(requests.get(pool.jwks_url, timeout=5).json()).keys)


def test_a_token_verifies_only_with_its_own_pools_jwks(cognito_fake: Any, idp: Any) -> None:
    pools = [_signed_in_pool(cognito_fake, idp, name) for name in ("a", "b", "c")]
    moduli = [key.key.public_numbers().n for pool, _ in pools for key in _keys(pool)]
    assert len(set(moduli)) == 6  # an ID and an access key per pool, none shared
    for pool, tokens in pools:
        for kind in ("IdToken", "AccessToken"):
            token = tokens[kind]
            own = jwt.PyJWKClient(pool.jwks_url, cache_keys=False)
            signing = own.get_signing_key_from_jwt(token)
            jwt.decode(token, signing.key, algorithms=["RS256"], options={"verify_aud": False})
            for other, _ in pools:
                if other is pool:
                    continue
                with pytest.raises(jwt.PyJWKClientError, match="Unable to find a signing key"):
                    jwt.PyJWKClient(other.jwks_url).get_signing_key_from_jwt(token)
                for key in _keys(other):  # code that ignores the kid is caught too
                    with pytest.raises(jwt.InvalidSignatureError):
                        jwt.decode(token, key.key, algorithms=["RS256"])


def test_user_info_on_a_domain_refuses_another_pools_token(cognito_fake: Any) -> None:
    sites = {}
    for name in ("shop", "blog"):
        pool = cognito_fake.create_user_pool(name)
        cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": name})
        web = pool.create_client(
            "web",
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
            AllowedOAuthScopes=["openid"],
            CallbackURLs=["http://127.0.0.1:9/callback"],
            SupportedIdentityProviders=["COGNITO"],
        )
        alice = pool.create_user("alice", password=PASSWORD)
        token = cognito_fake.hosted_ui(web).login("alice", PASSWORD).access_token
        sites[name] = (f"{cognito_fake.url}/domain/{name}", token, alice.sub)

    def user_info(base: str, token: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"}
        return requests.get(f"{base}/oauth2/userInfo", headers=headers, timeout=5)

    for base, token, sub in sites.values():
        answer = user_info(base, token)
        assert answer.status_code == 200
        assert answer.json()["sub"] == sub
    (shop, shop_token, _), (blog, blog_token, _) = sites.values()
    for base, token in ((blog, shop_token), (shop, blog_token)):
        refused = user_info(base, token)
        assert refused.status_code == 401
        assert refused.json()["error"] == "invalid_token"
        assert refused.headers["WWW-Authenticate"].startswith('error="invalid_token"')


KEYGEN_COUNTER = """
import os

from cryptography.hazmat.primitives.asymmetric import rsa

_made = rsa.generate_private_key


def _counting(*args, **kwargs):
    with open(os.environ["KEYGEN_LOG"], "a") as log:
        log.write("key\\n")
    return _made(*args, **kwargs)


rsa.generate_private_key = _counting
"""


@pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")
def test_keys_are_made_once_per_machine(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = pytester.path / "keygen.log"
    monkeypatch.setenv("KEYGEN_LOG", str(log))
    pytester.makeconftest(KEYGEN_COUNTER)
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", range(3))
        def test_two_pools(cognito_fake, n):
            for name in ("one", "two"):
                pool = cognito_fake.create_user_pool(name)
                pool.create_user("alice", password="Passw0rd!").sign_in(pool.create_client("web"))
        """
    )

    def generated() -> int:
        pytester.runpytest_subprocess("-p", "no:benchmark").assert_outcomes(passed=3)
        made = len(log.read_text().splitlines()) if log.exists() else 0
        log.unlink(missing_ok=True)
        return made

    # Two pools of the first test (and key 0, the SAML certificate's); the next tests reuse them.
    assert generated() == 5
    stored = json.loads((pytester.path / ".pytest_cache/d/cognito_fake/keys.json").read_text())
    assert len(stored["keys"]) == 5
    assert generated() == 0  # the next run (a new process) loads them


def test_a_key_file_of_the_earlier_pem_format_is_kept(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's cache from an earlier release (keys as PEM) keeps its keys: tokens are
    signed with them, nothing is made, and the file is rewritten in the current format."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]
    pems = [
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        for key in keys
    ]
    path = pytester.path / ".pytest_cache/d/cognito_fake/keys.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "keys": pems}))
    log = pytester.path / "keygen.log"
    monkeypatch.setenv("KEYGEN_LOG", str(log))
    pytester.makeconftest(KEYGEN_COUNTER)
    moduli = [key.public_key().public_numbers().n for key in keys[1:]]
    pytester.makepyfile(
        f"""
        import jwt, requests

        def test_signed_with_the_stored_keys(cognito_fake):
            pool = cognito_fake.create_user_pool("app")
            tokens = pool.create_user("alice", password="Passw0rd!").sign_in(
                pool.create_client("web")
            )
            jwks = jwt.PyJWKSet.from_dict(requests.get(pool.jwks_url, timeout=5).json())
            assert [key.key.public_numbers().n for key in jwks.keys] == {moduli!r}
            for token in (tokens.id_token, tokens.access_token):
                kid = jwt.get_unverified_header(token)["kid"]
                jwt.decode(token, jwks[kid].key, algorithms=["RS256"],
                           options={{"verify_aud": False}})
        """
    )
    pytester.runpytest_subprocess("-p", "no:benchmark").assert_outcomes(passed=1)
    assert not log.exists()  # no key was made
    stored = json.loads(path.read_text())
    assert stored["format"] == 2
    assert [int(record["n"], 16) for record in stored["keys"][1:]] == moduli
