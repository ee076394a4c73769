"""Cognito's SRP math against the worked vector of the spec (srp.md §6)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from pytest_cognito_fake.crypto import srp

SALT = 0x9F1D2C3B4A5968778695A4B3C2D1E0FF
SMALL_A = int("a1" * 32, 16)
SMALL_B = int("b2" * 32, 16)
BLOCK = base64.b64encode(bytes(range(48))).decode()
TIMESTAMP = "Thu Nov 26 11:37:52 UTC 2026"


def _prefix(value: int) -> str:
    return hashlib.sha256(format(value, "x").encode()).hexdigest()[:16]


def test_k_and_padding() -> None:
    assert format(srp.K, "064x") == (
        "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
    )
    assert srp.pad_hex(SALT) == "009f1d2c3b4a5968778695a4b3c2d1e0ff"
    assert srp.pad_hex(0xABC) == "0abc"
    assert srp.pad_hex(0x7F) == "7f"
    assert srp.pad_hex(0) == "00"


def test_worked_vector() -> None:
    x = srp.compute_x(SALT, "ExAmPlE12", "alice", "Passw0rd!")
    assert format(x, "x") == "3b9eb679c3fee604c05d0ab274783a97c3d8b730f0a48242454a30701182fa5c"
    v = pow(srp.G, x, srp.N)
    hv = format(v, "x")
    assert (hv[:16], hv[-16:], len(hv), _prefix(v)) == (
        "abff6d5f325decb3",
        "333312469bf63c37",
        768,
        "9eb60ee2e6a73c47",
    )
    big_a = pow(srp.G, SMALL_A, srp.N)
    assert _prefix(big_a) == "299c2f400d99ae3f"
    big_b = srp.server_b(v, SMALL_B)
    assert _prefix(big_b) == "1fee5c5845567481"
    u = srp.compute_u(big_a, big_b)
    assert format(u, "x") == "d273bc6e1b9d8896dc86374f09072a67ad7794c2e769155bac90dca8a45d4d77"
    s = srp.server_s(big_a, v, u, SMALL_B)
    assert _prefix(s) == "a41c40516ebded10"
    key = srp.hkdf(u, s)
    assert key.hex() == "57f5f84acd50abd66f9d3b148cb6bd85"
    sig = srp.signature(key, "ExAmPlE12", "alice", BLOCK, TIMESTAMP)
    assert sig == "vCXOICq+Sylodmew82ebNLzDI/ZJlwZD1C4tdUWqCQc="
    exchange = srp.Exchange("ExAmPlE12", "alice", "", v, big_a, SMALL_B, big_b)
    assert exchange.check(BLOCK, TIMESTAMP, sig)
    assert not exchange.check(BLOCK, TIMESTAMP.replace("52", "53"), sig)


def test_client_and_server_agree_on_s() -> None:
    x = srp.compute_x(SALT, "ExAmPlE12", "alice", "Passw0rd!")
    v = pow(srp.G, x, srp.N)
    big_a = pow(srp.G, SMALL_A, srp.N)
    big_b = srp.server_b(v, SMALL_B)
    u = srp.compute_u(big_a, big_b)
    client_s = pow((big_b - srp.K * pow(srp.G, x, srp.N)) % srp.N, SMALL_A + u * x, srp.N)
    assert client_s == srp.server_s(big_a, v, u, SMALL_B)


def test_zero_a_is_refused() -> None:
    with pytest.raises(srp.ProofError):
        srp.parse_a(format(srp.N, "x"))
    with pytest.raises(srp.ProofError):
        srp.parse_a("0")
    with pytest.raises(srp.ProofError):
        srp.parse_a("not-hex")


@pytest.mark.parametrize(
    ("epoch", "text"),
    [
        (1795693072, "Thu Nov 26 11:37:52 UTC 2026"),
        (1741035907, "Mon Mar 3 21:05:07 UTC 2025"),
    ],
)
def test_timestamp_round_trip(epoch: int, text: str) -> None:
    assert srp.format_timestamp(epoch) == text
    assert srp.parse_timestamp(text) == epoch


def test_timestamp_accepts_leading_zero_day() -> None:
    assert srp.parse_timestamp("Mon Mar 03 21:05:07 UTC 2025") == 1741035907


@pytest.mark.parametrize(
    "text",
    [
        "Tue Nov 26 11:37:52 UTC 2026",  # wrong weekday
        "2026-11-26T11:37:52Z",
        "Thu Nov 26 11:37:52 GMT 2026",
        "Thu Nov 26 11:37 UTC 2026",
        "Thu Nov 31 11:37:52 UTC 2026",
        "Thu Nov 26 25:37:52 UTC 2026",
        "",
    ],
)
def test_timestamp_other_layouts_are_refused(text: str) -> None:
    with pytest.raises(srp.ProofError):
        srp.parse_timestamp(text)
