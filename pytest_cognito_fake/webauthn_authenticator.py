"""A software passkey for tests: answers Cognito's WebAuthn options as a browser and an
authenticator would, with a real EC P-256 key per credential and attestation format "none".

    authenticator = Authenticator()
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = authenticator.register(options)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    ...
    request = json.loads(challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    credential = json.dumps(authenticator.authenticate(request))
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from .crypto import cbor

FLAG_UP = 0x01  # user present
FLAG_UV = 0x04  # user verified
FLAG_AT = 0x40  # attested credential data included


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class StoredCredential:
    """One passkey the authenticator holds."""

    credential_id: bytes
    key: ec.EllipticCurvePrivateKey
    rp_id: str
    user_handle: str
    sign_count: int = 0


class Authenticator:
    """A platform authenticator with user verification, holding any number of passkeys."""

    def __init__(
        self,
        *,
        user_verification: bool = True,
        attachment: str = "platform",
        transports: tuple[str, ...] = ("internal", "hybrid"),
    ) -> None:
        self.user_verification = user_verification
        self.attachment = attachment
        self.transports = list(transports)
        self.credentials: list[StoredCredential] = []

    def _flags(self, extra: int = 0) -> bytes:
        return bytes([FLAG_UP | (FLAG_UV if self.user_verification else 0) | extra])

    @staticmethod
    def _client_data(kind: str, challenge: str, origin: str) -> bytes:
        body = {"type": kind, "challenge": challenge, "origin": origin, "crossOrigin": False}
        return json.dumps(body, separators=(",", ":")).encode()

    def register(self, options: dict[str, Any], origin: str | None = None) -> dict[str, Any]:
        """A RegistrationResponseJSON for StartWebAuthnRegistration's CredentialCreationOptions."""
        rp_id = options["rp"]["id"]
        key = ec.generate_private_key(ec.SECP256R1())
        credential_id = secrets.token_bytes(32)
        numbers = key.public_key().public_numbers()
        cose_key = cbor.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + self._flags(FLAG_AT)
            + struct.pack(">I", 0)
            + bytes(16)  # AAGUID: none
            + struct.pack(">H", len(credential_id))
            + credential_id
            + cose_key
        )
        attestation = cbor.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data(
            "webauthn.create", options["challenge"], origin or f"https://{rp_id}"
        )
        self.credentials.append(
            StoredCredential(credential_id, key, rp_id, options.get("user", {}).get("id", ""))
        )
        return {
            "id": b64url(credential_id),
            "rawId": b64url(credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "attestationObject": b64url(attestation),
                "transports": list(self.transports),
            },
            "authenticatorAttachment": self.attachment,
            "clientExtensionResults": {},
        }

    def authenticate(self, options: dict[str, Any], origin: str | None = None) -> dict[str, Any]:
        """An AuthenticationResponseJSON for the WEB_AUTHN challenge's request options."""
        rp_id = options["rpId"]
        allowed = {b64url_decode(c["id"]) for c in options.get("allowCredentials", [])}
        usable = [
            c
            for c in self.credentials
            if c.rp_id == rp_id and (not allowed or c.credential_id in allowed)
        ]
        if not usable:
            raise LookupError(f"this authenticator has no passkey for {rp_id}")
        credential = usable[-1]
        credential.sign_count += 1
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + self._flags()
            + struct.pack(">I", credential.sign_count)
        )
        client_data = self._client_data(
            "webauthn.get", options["challenge"], origin or f"https://{rp_id}"
        )
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = credential.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64url(credential.credential_id),
            "rawId": b64url(credential.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": credential.user_handle,
            },
            "authenticatorAttachment": self.attachment,
            "clientExtensionResults": {},
        }
