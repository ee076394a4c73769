"""RS256 signing keys (made once per process), minting and verifying tokens.

AWS signs ID and access tokens of a pool with two different keys. The fake makes two RSA-2048
keys per process — never per test or per pool, since a key costs ~90 ms — and gives each pool
its own key ids over them, so a JWKS and a token's ``kid`` look as they do on AWS.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import threading
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ROLES = ("id", "access")
_lock = threading.Lock()
_keys: dict[str, rsa.RSAPrivateKey] = {}


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def private_key(role: str) -> rsa.RSAPrivateKey:
    """The process-wide key for ``role`` ("id" or "access"), made on first use."""
    key = _keys.get(role)
    if key is None:
        with _lock:
            key = _keys.get(role)
            if key is None:
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                _keys[role] = key
    return key


def warm_up() -> None:
    """Make both keys now (the session fixture calls this once)."""
    for role in ROLES:
        private_key(role)


def export_keys() -> dict[str, str]:
    """Both keys as unencrypted PKCS#8 PEM (the standalone ``--state`` file keeps them, so
    tokens signed before a restart still verify after it)."""
    from cryptography.hazmat.primitives import serialization

    return {
        role: private_key(role)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
        for role in ROLES
    }


def import_keys(pems: dict[str, str]) -> None:
    """Use the keys ``export_keys`` gave (ValueError if they are not RSA private keys)."""
    from cryptography.hazmat.primitives import serialization

    loaded = {}
    for role in ROLES:
        key = serialization.load_pem_private_key(pems[role].encode(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError(f"the {role} key is not an RSA private key")
        loaded[role] = key
    with _lock:
        _keys.update(loaded)
        kid.cache_clear()
        jwk.cache_clear()


@functools.cache
def kid(pool_id: str, role: str) -> str:
    """A pool's key id for ``role``: base64 of 32 bytes, like AWS's."""
    n = private_key(role).public_key().public_numbers().n
    digest = hashlib.sha256(f"{pool_id}/{role}/{n}".encode()).digest()
    return base64.b64encode(digest).decode()


@functools.cache
def jwk(pool_id: str, role: str) -> dict[str, str]:
    numbers = private_key(role).public_key().public_numbers()
    # Member order as in AWS's documented sample.
    return {
        "kid": kid(pool_id, role),
        "alg": "RS256",
        "kty": "RSA",
        "e": _b64url_uint(numbers.e),
        "n": _b64url_uint(numbers.n),
        "use": "sig",
    }


def sign(claims: dict[str, Any], pool_id: str, role: str) -> str:
    """A compact JWS whose header is exactly ``{"kid", "alg"}``, as AWS's."""
    return jwt.encode(
        claims,
        private_key(role),
        algorithm="RS256",
        headers={"kid": kid(pool_id, role), "typ": None},
    )


class InvalidToken(Exception):
    """Not a JWT of this fake: bad form, unknown kid, or a broken signature."""


#: Only the signature is checked here; the service applies AWS's own time and claim rules.
_SIGNATURE_ONLY: Any = {
    "verify_exp": False,
    "verify_iat": False,
    "verify_nbf": False,
    "verify_aud": False,
    "verify_iss": False,
}


def verify(token: str, pool_ids: Any) -> tuple[str, str, dict[str, Any]]:
    """(pool id, role, claims) of a token signed by this fake; the time is not checked here."""
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    pool_id = str(claims.get("iss", "")).rsplit("/", 1)[-1]
    if pool_id not in pool_ids:
        raise InvalidToken("unknown issuer")
    role = next((r for r in ROLES if header.get("kid") == kid(pool_id, r)), None)
    if role is None or header.get("alg") != "RS256":
        raise InvalidToken("unknown kid")
    try:
        jwt.decode(
            token, private_key(role).public_key(), algorithms=["RS256"], options=_SIGNATURE_ONLY
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    return pool_id, role, claims
