"""Private keys as PEM text: the form the standalone server's files keep them in (the signing
keys of a ``--state`` file, the CA and server keys of ``--tls``)."""

from __future__ import annotations

from typing import Any


def private_pem(key: Any) -> bytes:
    """``key`` (RSA or EC) as unencrypted PKCS#8 PEM."""
    # Imported here: the serialization module costs ~20 ms, and only these files need it.
    from cryptography.hazmat.primitives import serialization

    return bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
