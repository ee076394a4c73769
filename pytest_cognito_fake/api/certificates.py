"""GetSigningCertificate: the X.509 certificate a pool signs SAML requests with.

One RSA key and one self-signed certificate per process (made on first use, like the token
keys), so a test never pays for a key generation after the first.
"""

from __future__ import annotations

import base64
import datetime
import threading
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from .. import clock
from ..context import Ctx
from ..crypto import jwt as jwt_keys
from ..state import lookups
from ..state.store import State
from ._registry import operation

_lock = threading.Lock()
_certificate: list[str] = []


def signing_certificate() -> str:
    """The certificate as AWS returns it: base64 DER, without PEM armour."""
    with _lock:
        if not _certificate:
            _certificate.append(_make())
        return _certificate[0]


def _make() -> str:
    key = jwt_keys.certificate_key()
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pytest-cognito-fake"),
            x509.NameAttribute(NameOID.COMMON_NAME, "cognito-idp.fake.local"),
        ]
    )
    start = datetime.datetime.fromtimestamp(clock.now(), tz=datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - datetime.timedelta(days=1))
        .not_valid_after(start + datetime.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


@operation("GetSigningCertificate")
def get_signing_certificate(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    lookups.get_pool(state, req["UserPoolId"])
    return {"Certificate": signing_certificate()}
