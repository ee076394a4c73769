"""Cognito's SRP-6a, server side (USER_SRP_AUTH, PASSWORD_SRP, DEVICE_SRP_AUTH).

Cognito's variant of RFC 5054: the 3072-bit group with g = 2, its own padding ("padHex",
Java's two's-complement byte form), an HKDF step named "Caldera Derived Key", and a proof
that is an HMAC over pool name, user id, the secret block and a timestamp. Pure functions of
integers and strings: no state, no clock.
"""

from __future__ import annotations

import base64
import calendar
import datetime
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from .text import same, utf8

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key"

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ProofError(ValueError):
    """A client value SRP cannot accept (A ≡ 0, u = 0, a malformed TIMESTAMP...)."""


def pad_hex(n: int) -> str:
    """Cognito's PAD: even-length lowercase hex whose first digit is 0-7."""
    h = format(n, "x")
    if len(h) % 2:
        return "0" + h
    if h[0] in "89abcdef":
        return "00" + h
    return h


def hash_hex(hex_string: str) -> str:
    """SHA-256 over the bytes a hex string spells, as 64 lowercase hex digits."""
    return hashlib.sha256(bytes.fromhex(hex_string)).hexdigest()


K = int(hash_hex(pad_hex(N) + pad_hex(G)), 16)


def compute_x(salt: int, prefix: str, identity: str, secret: str) -> int:
    """x = H(PAD(salt) ‖ H(prefix ‖ identity ‖ ":" ‖ secret))."""
    inner = hashlib.sha256(utf8(f"{prefix}{identity}:{secret}")).hexdigest()
    return int(hash_hex(pad_hex(salt) + inner), 16)


def verifier(salt: int, prefix: str, identity: str, secret: str) -> int:
    """v = g^x mod N, what the server keeps instead of the password."""
    return pow(G, compute_x(salt, prefix, identity, secret), N)


def new_salt() -> int:
    return int.from_bytes(secrets.token_bytes(16), "big")


def compute_u(big_a: int, big_b: int) -> int:
    return int(hash_hex(pad_hex(big_a) + pad_hex(big_b)), 16)


def server_b(v: int, small_b: int) -> int:
    """B = k·v + g^b mod N."""
    return (K * v + pow(G, small_b, N)) % N


def new_server_pair(v: int) -> tuple[int, int]:
    """A fresh (b, B) for one exchange; B ≢ 0 mod N."""
    while True:
        # 256 random bits: the exponent size SRP needs, and 4x faster than 1024 bits.
        small_b = int.from_bytes(secrets.token_bytes(32), "big")
        big_b = server_b(v, small_b)
        if small_b and big_b:
            return small_b, big_b


def parse_a(srp_a: str) -> int:
    """The client's A from hex; A ≡ 0 (mod N) would let anyone in."""
    try:
        big_a = int(srp_a, 16)
    except ValueError:
        raise ProofError("SRP_A is not hex") from None
    if big_a % N == 0:
        raise ProofError("SRP_A is zero mod N")
    return big_a


def server_s(big_a: int, v: int, u: int, small_b: int) -> int:
    """S = (A · v^u)^b mod N."""
    return pow(big_a * pow(v, u, N) % N, small_b, N)


def hkdf(u: int, s: int) -> bytes:
    """The 16-byte key: HKDF-SHA256, salt PAD(u), IKM PAD(S), info "Caldera Derived Key"."""
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(s)), hashlib.sha256).digest()
    return hmac.new(prk, INFO + b"\x01", hashlib.sha256).digest()[:16]


def session_key(big_a: int, big_b: int, small_b: int, v: int) -> bytes:
    u = compute_u(big_a, big_b)
    if u == 0:
        raise ProofError("u is zero")
    return hkdf(u, server_s(big_a, v, u, small_b))


def signature(key: bytes, prefix: str, identity: str, secret_block: str, timestamp: str) -> str:
    """PASSWORD_CLAIM_SIGNATURE: base64 HMAC over prefix ‖ identity ‖ block ‖ timestamp."""
    message = utf8(prefix) + utf8(identity) + base64.b64decode(secret_block) + utf8(timestamp)
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def format_timestamp(epoch: float) -> str:
    """``Thu Nov 26 11:37:52 UTC 2026``: English names, day of month without a leading zero."""
    t = time.gmtime(int(epoch))
    return (
        f"{_DAYS[t.tm_wday]} {_MONTHS[t.tm_mon - 1]} {t.tm_mday} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} UTC {t.tm_year}"
    )


def parse_timestamp(text: str) -> float:
    """Epoch seconds of a TIMESTAMP in Cognito's layout; ProofError for any other layout.

    A leading zero on the day is accepted (some clients send it); the weekday must match.
    """
    parts = text.split(" ")
    if len(parts) != 6 or parts[4] != "UTC" or parts[0] not in _DAYS or parts[1] not in _MONTHS:
        raise ProofError(f"bad TIMESTAMP {text!r}")
    day, clock_, year = parts[2], parts[3], parts[5]
    fields = clock_.split(":")
    if (
        not day.isdigit()
        or len(day) > 2
        or not year.isdigit()
        or len(fields) != 3
        or not all(len(f) == 2 and f.isdigit() for f in fields)
    ):
        raise ProofError(f"bad TIMESTAMP {text!r}")
    month = _MONTHS.index(parts[1]) + 1
    try:
        epoch = calendar.timegm(
            (int(year), month, int(day), int(fields[0]), int(fields[1]), int(fields[2]), 0, 0, 0)
        )
        weekday = datetime.date(int(year), month, int(day)).weekday()
    except ValueError:
        raise ProofError(f"bad TIMESTAMP {text!r}") from None
    if _DAYS[weekday] != parts[0] or int(fields[0]) > 23 or int(fields[1]) > 59:
        raise ProofError(f"bad TIMESTAMP {text!r}")
    return float(epoch)


@dataclass
class Exchange:
    """One server side of an SRP exchange, kept between the two calls."""

    prefix: str  # pool name, or the DeviceGroupKey
    identity: str  # USER_ID_FOR_SRP, or the DeviceKey
    salt_hex: str  # the SALT challenge parameter as sent
    v: int
    big_a: int
    small_b: int
    big_b: int

    def check(self, secret_block: str, timestamp: str, claimed: str) -> bool:
        """Whether ``claimed`` is the signature of a client that knows the password."""
        try:
            key = session_key(self.big_a, self.big_b, self.small_b, self.v)
            expected = signature(key, self.prefix, self.identity, secret_block, timestamp)
        except (ProofError, ValueError):
            return False
        return same(claimed, expected)


def start(prefix: str, identity: str, salt_hex: str, v: int, srp_a: str) -> Exchange:
    """Step one: check A, draw b, compute B."""
    big_a = parse_a(srp_a)
    small_b, big_b = new_server_pair(v)
    return Exchange(prefix, identity, salt_hex, v, big_a, small_b, big_b)
