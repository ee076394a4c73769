"""RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps compute it."""

from __future__ import annotations

import base64
import hmac
import secrets
import struct

from .text import same

STEP = 30
DIGITS = 6
#: Steps either side of now that a code may come from (clock drift between phone and server).
WINDOW = 1


def new_secret() -> str:
    """A base32 secret without padding: 20 random bytes, 32 characters, as AWS hands out."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    text = secret.upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    """RFC 4226: the code for ``counter``."""
    mac = hmac.new(key, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def code(secret: str, at: float, digits: int = DIGITS) -> str:
    """The code an authenticator shows at epoch ``at`` for a base32 ``secret``."""
    return hotp(_key(secret), int(at) // STEP, digits)


def matching_step(secret: str, given: str, at: float, window: int = WINDOW) -> int | None:
    """The time step ``given`` belongs to, within ``window`` steps of ``at``; else None."""
    key = _key(secret)
    now = int(at) // STEP
    for step in range(now - window, now + window + 1):
        if same(given, hotp(key, step)):
            return step
    return None
