"""``--tls``: a local certificate authority and a server certificate, made with
``cryptography`` at first start and kept in a directory, so a browser or SDK told to trust the
CA once keeps trusting the server across restarts.

Amplify's ``signInWithRedirect`` builds ``https://<domain>/oauth2/...``; the hosted UI must
then be served over TLS. Files: ``ca.pem`` (what to trust), ``ca-key.pem``, ``cert.pem``
(the server certificate, then the CA) and ``key.pem``. A server certificate that does not
name a requested host is made again, signed by the same CA.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .crypto.pem import private_pem

#: Names every server certificate covers, besides the ``--host`` given.
DEFAULT_HOSTS = ("localhost", "*.localhost", "127.0.0.1", "::1")
_DAYS = 825  # the longest validity Apple platforms accept for a server certificate


@dataclass(frozen=True)
class Certificate:
    """The files of a TLS setup and the CA's SHA-256 fingerprint."""

    directory: Path
    ca: Path
    cert: Path
    key: Path
    fingerprint: str

    def context(self) -> ssl.SSLContext:
        """A server-side SSL context over the certificate chain."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def trust_text(self, url: str) -> str:
        """How to make clients trust the CA (printed at start)."""
        return f"""TLS: serving {url} with a certificate signed by a local CA made for this machine.
  CA certificate  {self.ca}
  SHA-256         {self.fingerprint}
Trust it:
  boto3 / AWS CLI   export AWS_CA_BUNDLE={self.ca}
  Node (Amplify)    export NODE_EXTRA_CA_CERTS={self.ca}
  Python requests   export REQUESTS_CA_BUNDLE={self.ca}
  Chromium (Linux)  certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n cognito-fake -i {self.ca}
  macOS             sudo security add-trusted-cert -d -r trustRoot \\
                        -k /Library/Keychains/System.keychain {self.ca}
"""


def ensure(directory: Path, hosts: tuple[str, ...] = ()) -> Certificate:
    """The CA and server certificate in ``directory``, made or renewed as needed."""
    directory.mkdir(parents=True, exist_ok=True)
    names = tuple(dict.fromkeys((*DEFAULT_HOSTS, *hosts)))
    ca_path, ca_key_path = directory / "ca.pem", directory / "ca-key.pem"
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    if not (ca_path.exists() and ca_key_path.exists()):
        ca_cert, ca_key = _make_ca()
        _write(ca_key_path, private_pem(ca_key), private=True)
        _write(ca_path, _cert_pem(ca_cert))
    ca_cert, ca_key = _load(ca_path, ca_key_path)
    if not (cert_path.exists() and key_path.exists() and _covers(cert_path, names, ca_cert)):
        cert, key = _make_server_cert(ca_cert, ca_key, names)
        _write(key_path, private_pem(key), private=True)
        _write(cert_path, _cert_pem(cert) + _cert_pem(ca_cert))
    from cryptography.hazmat.primitives import hashes

    digest = ca_cert.fingerprint(hashes.SHA256()).hex().upper()
    fingerprint = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
    return Certificate(directory, ca_path, cert_path, key_path, fingerprint)


def spki_hash(cert_path: Path) -> str:
    """base64 SHA-256 of the server certificate's public key (Chromium's
    ``--ignore-certificate-errors-spki-list`` pins it)."""
    import base64

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    der = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def _write(path: Path, data: bytes, *, private: bool = False) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _now() -> datetime.datetime:
    # Certificates follow the real clock, not a test's frozen one.
    return datetime.datetime.now(datetime.timezone.utc)


def _name(common_name: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pytest-cognito-fake"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _make_ca() -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = _name("pytest-cognito-fake local CA")
    start = _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _san(names: tuple[str, ...]) -> Any:
    from cryptography import x509

    entries: list[Any] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def _make_server_cert(ca_cert: Any, ca_key: Any, names: tuple[str, ...]) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key = ec.generate_private_key(ec.SECP256R1())
    start = _now() - datetime.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(_san(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _covers(cert_path: Path, names: tuple[str, ...], ca_cert: Any) -> bool:
    """Whether the server certificate is the CA's, still valid, and names every host."""
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound):
        return False
    have = {str(v) for v in san.get_values_for_type(x509.DNSName)}
    have |= {str(v) for v in san.get_values_for_type(x509.IPAddress)}
    wanted = {str(ipaddress.ip_address(n)) if _is_ip(n) else n for n in names}
    expires = getattr(cert, "not_valid_after_utc", None) or cert.not_valid_after.replace(
        tzinfo=datetime.timezone.utc
    )
    fresh = expires > _now() + datetime.timedelta(days=1)
    return cert.issuer == ca_cert.subject and wanted <= have and fresh


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _load(cert_path: Path, key_path: Path) -> tuple[Any, Any]:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise ValueError(f"{cert_path.parent}: cannot read the TLS CA: {exc}") from None
    return cert, key


def _cert_pem(cert: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return bytes(cert.public_bytes(serialization.Encoding.PEM))
