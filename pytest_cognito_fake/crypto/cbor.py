"""The small part of CBOR (RFC 8949) that WebAuthn uses: integers, byte and text strings,
arrays, maps, booleans and null. Enough to read attestation objects and COSE keys, and for
the test authenticator to write them; no tags, floats or indefinite lengths.
"""

from __future__ import annotations

import struct
from typing import Any


class CBORError(ValueError):
    """Bytes that are not the CBOR this module reads."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise CBORError("integer too large")


def dumps(value: Any) -> bytes:
    if isinstance(value, bool):
        return b"\xf5" if value else b"\xf4"
    if value is None:
        return b"\xf6"
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(dumps(item) for item in value)
    if isinstance(value, dict):
        body = b"".join(dumps(k) + dumps(v) for k, v in value.items())
        return _head(5, len(value)) + body
    raise CBORError(f"cannot encode {type(value).__name__}")


def loads(data: bytes) -> Any:
    """One CBOR item that fills ``data`` whole."""
    value, end = decode(data, 0)
    if end != len(data):
        raise CBORError("trailing bytes after the CBOR item")
    return value


def decode(data: bytes, pos: int) -> tuple[Any, int]:
    """One CBOR item starting at ``pos``, and where it ends."""
    if pos >= len(data):
        raise CBORError("unexpected end of data")
    major, info = data[pos] >> 5, data[pos] & 0x1F
    pos += 1
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise CBORError("unsupported simple value")
        return simple[info], pos
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if pos + size > len(data):
            raise CBORError("unexpected end of data")
        arg = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    else:
        raise CBORError("indefinite lengths are not supported")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise CBORError("unexpected end of data")
        raw = data[pos : pos + arg]
        return (bytes(raw) if major == 2 else raw.decode()), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, pos = decode(data, pos)
            mapping[key], pos = decode(data, pos)
        return mapping, pos
    raise CBORError("tags are not supported")
