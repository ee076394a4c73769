"""RFC 6238 Appendix B vectors (SHA-1, 8 digits) and the 6-digit form authenticators show."""

from __future__ import annotations

import base64

import pytest

from pytest_cognito_fake.crypto import totp

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (59, "94287082"),
        (1111111109, "07081804"),
        (1111111111, "14050471"),
        (1234567890, "89005924"),
        (2000000000, "69279037"),
        (20000000000, "65353130"),
    ],
)
def test_rfc6238_vectors(at: int, expected: str) -> None:
    assert totp.code(RFC_SECRET, at, digits=8) == expected
    assert totp.code(RFC_SECRET, at) == expected[-6:]


def test_window_accepts_one_step_either_side() -> None:
    secret = totp.new_secret()
    at = 1_800_000_015.0
    for offset in (-30, 0, 30):
        assert totp.matching_step(secret, totp.code(secret, at + offset), at) is not None
    for offset in (-60, 60):
        assert totp.matching_step(secret, totp.code(secret, at + offset), at) is None


def test_secret_is_base32_without_padding() -> None:
    secret = totp.new_secret()
    assert len(secret) == 32
    assert set(secret) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert totp.code(secret.lower(), 100.0) == totp.code(secret, 100.0)
