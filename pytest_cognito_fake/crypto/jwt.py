"""RS256 signing keys, minting and verifying tokens.

AWS gives each user pool its own keys, one for ID tokens and one for access tokens, so a token
of one pool never verifies with another pool's JWKS. An RSA-2048 key costs ~90 ms to make, far
too much per test or per pool; so the fake keeps a *ring* of keys, made once per machine and
kept in pytest's cache directory (``.pytest_cache/d/cognito_fake/keys.json``, private to the
project, never committed), and hands them out in order: the n-th pool of a test signs with
keys ``2n+1`` and ``2n+2`` (key 0 signs the SAML certificate). No two pools of one test share
a key; pools of different tests may, which nothing can observe since each test starts clean.
The ring grows (and is saved) when a test needs more keys than it holds.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .pem import private_pem

ROLES = ("id", "access")
#: keys.json's layout: each key as the hex of its RSA numbers. Format 1 held PKCS#8 PEM, whose
#: loading needs cryptography's serialization module (~20 ms to import, on every first use).
_FORMAT = 2
_NUMBERS = ("n", "e", "d", "p", "q", "dmp1", "dmq1", "iqmp")
#: One key as keys.json keeps it: name of an RSA number -> its hex.
Record = dict[str, str]


def _record(key: rsa.RSAPrivateKey) -> Record:
    private = key.private_numbers()
    public = private.public_numbers
    values = {
        "n": public.n,
        "e": public.e,
        "d": private.d,
        "p": private.p,
        "q": private.q,
        "dmp1": private.dmp1,
        "dmq1": private.dmq1,
        "iqmp": private.iqmp,
    }
    return {name: format(value, "x") for name, value in values.items()}


def _private_key(record: Record) -> rsa.RSAPrivateKey:
    """The key a record holds. The ring's keys are the fake's own: skipping OpenSSL's check
    saves ~100 ms a key."""
    n, e, d, p, q, dmp1, dmq1, iqmp = (int(record[name], 16) for name in _NUMBERS)
    numbers = rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, rsa.RSAPublicNumbers(e, n))
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def _from_pem(pem: bytes) -> rsa.RSAPrivateKey:
    """ValueError unless ``pem`` is an RSA private key."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pem, None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("not an RSA private key")
    return key


def _stored_records(stored: Any) -> list[Record]:
    """The keys of a keys.json document, of this format or the PEM one before it."""
    if stored["format"] == _FORMAT:
        records = [{name: str(record[name]) for name in _NUMBERS} for record in stored["keys"]]
        for record in records:
            for value in record.values():
                int(value, 16)  # ValueError for a damaged file
        return records
    if stored["format"] == 1:
        return [_record(_from_pem(pem.encode())) for pem in stored["keys"]]
    return []


class KeyRing:
    """RSA-2048 private keys by index, loaded from ``path`` and made (and saved) on demand."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._records: list[Record] = []
        self._keys: dict[int, rsa.RSAPrivateKey] = {}
        self._loaded = False

    def use(self, path: Path | None) -> None:
        """Keep the ring in ``path`` (read now, written when it grows); None: in memory."""
        with self._lock:
            self.path = path
            self._loaded = False

    def key(self, index: int) -> rsa.RSAPrivateKey:
        """The key at ``index``; keys up to it are made if the ring is shorter."""
        key = self._keys.get(index)
        if key is None:
            with self._lock:
                key = self._keys.get(index)
                if key is None:
                    key = self._load(index)
        return key

    def export(self) -> list[str]:
        """Every key made so far, as unencrypted PKCS#8 PEM."""
        with self._lock:
            self._read()
            return [private_pem(_private_key(record)).decode() for record in self._records]

    def replace(self, pems: list[str]) -> None:
        """Use these keys (what ``export`` gave) from now on; ValueError if one is not an RSA
        private key."""
        keys = {}
        if not isinstance(pems, list):
            raise ValueError("the keys are not a list of PEM texts")
        for index, pem in enumerate(pems):
            try:
                keys[index] = _from_pem(str(pem).encode())
            except ValueError:
                raise ValueError(f"key {index} is not an RSA private key") from None
        with self._lock:
            self._records = [_record(key) for key in keys.values()]
            self._keys = keys
            self._loaded = True
            self._write()
        _public.cache_clear()

    def _load(self, index: int) -> rsa.RSAPrivateKey:
        if not self._loaded or index >= len(self._records):
            self._read()  # another process (an xdist worker) may have grown the file
            self._loaded = True
        if index >= len(self._records):
            self._records.extend(
                _record(rsa.generate_private_key(public_exponent=65537, key_size=2048))
                for _ in range(index + 1 - len(self._records))
            )
            self._write()
        key = _private_key(self._records[index])
        self._keys[index] = key
        return key

    def _read(self) -> None:
        if self.path is None:
            return
        try:
            stored = json.loads(self.path.read_text())
            records = _stored_records(stored)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return  # none yet, or unreadable: made afresh
        if len(records) > len(self._records):
            self._records[len(self._records) :] = records[len(self._records) :]
            if stored["format"] != _FORMAT:
                self._write()  # converted once, not by every later run

    def _write(self) -> None:
        if self.path is None:
            return
        body = json.dumps({"format": _FORMAT, "keys": self._records})
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(body)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a read-only cache only costs the next run the key generation


#: The process's ring; the plugin points it at pytest's cache directory.
RING = KeyRing()


class KeyedPool(Protocol):
    """What the signing functions need of a pool: its place in the ring."""

    pool_id: str
    key_slot: int


def _index(pool: KeyedPool, role: str) -> int:
    return 1 + 2 * pool.key_slot + ROLES.index(role)


def warm_up(pools: int = 1) -> None:
    """Load (or make) now the keys of the first ``pools`` pools and the certificate's."""
    for index in range(1 + 2 * pools):
        RING.key(index)


def export_keys() -> list[str]:
    """The ring's keys as PEM (the standalone ``--state`` file keeps them, so tokens signed
    before a restart still verify after it)."""
    return RING.export()


def import_keys(pems: list[str]) -> None:
    """Use the keys ``export_keys`` gave (ValueError if they are not RSA private keys)."""
    RING.replace(pems)


def certificate_key() -> rsa.RSAPrivateKey:
    """The key of the SAML signing certificate (GetSigningCertificate)."""
    return RING.key(0)


def _b64url_uint(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@functools.lru_cache(maxsize=4096)
def _public(pool_id: str, index: int, role: str) -> tuple[str, rsa.RSAPublicKey]:
    """(kid, public key) of a pool's key: the kid is base64 of 32 bytes, like AWS's."""
    public_key = RING.key(index).public_key()
    digest = hashlib.sha256(f"{pool_id}/{role}/{public_key.public_numbers().n}".encode())
    return base64.b64encode(digest.digest()).decode(), public_key


def kid(pool: KeyedPool, role: str) -> str:
    """The pool's key id for ``role`` ("id" or "access")."""
    return _public(pool.pool_id, _index(pool, role), role)[0]


def jwk(pool: KeyedPool, role: str) -> dict[str, str]:
    """The public key the pool's JWKS lists for ``role``."""
    key_id, public_key = _public(pool.pool_id, _index(pool, role), role)
    numbers = public_key.public_numbers()
    # Member order as in AWS's documented sample.
    return {
        "kid": key_id,
        "alg": "RS256",
        "kty": "RSA",
        "e": _b64url_uint(numbers.e),
        "n": _b64url_uint(numbers.n),
        "use": "sig",
    }


# A token is made and read here rather than through PyJWT, whose generic checks (three
# parses of the token per verification) cost more than the RSA verification itself; the
# tests verify every kind of token the fake issues with PyJWT.


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def _unb64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def sign(claims: dict[str, Any], pool: KeyedPool, role: str) -> str:
    """A compact RS256 JWS whose header is exactly ``{"kid", "alg"}``, as AWS's."""
    header = _b64(
        json.dumps({"alg": "RS256", "kid": kid(pool, role)}, separators=(",", ":")).encode()
    )
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = header + b"." + payload
    signature = RING.key(_index(pool, role)).sign(
        signing_input, padding.PKCS1v15(), hashes.SHA256()
    )
    return (signing_input + b"." + _b64(signature)).decode()


class InvalidToken(Exception):
    """Not a JWT of this fake: bad form, unknown kid, or a broken signature."""


def _parts(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """(header, claims, signature) of a compact JWS, signature unchecked."""
    try:
        header_part, claims_part, signature_part = token.split(".")
        header = json.loads(_unb64(header_part))
        claims = json.loads(_unb64(claims_part))
        signature = _unb64(signature_part)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidToken("not a JWT") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise InvalidToken("not a JWT")
    return header, claims, signature


def verify(token: str, pools: Mapping[str, KeyedPool]) -> tuple[str, str, dict[str, Any]]:
    """(pool id, role, claims) of a token signed with the keys of one of ``pools``; the time
    and the other claims are the service's to check, as AWS does."""
    header, claims, signature = _parts(token)
    pool = pools.get(str(claims.get("iss", "")).rsplit("/", 1)[-1])
    if pool is None:
        raise InvalidToken("unknown issuer")
    role = next((r for r in ROLES if header.get("kid") == kid(pool, r)), None)
    if role is None or header.get("alg") != "RS256":
        raise InvalidToken("unknown kid")
    public_key = _public(pool.pool_id, _index(pool, role), role)[1]
    signing_input = token.rsplit(".", 1)[0].encode()
    try:
        public_key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise InvalidToken("bad signature") from None
    return pool.pool_id, role, claims
