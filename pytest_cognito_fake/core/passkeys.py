"""Passkeys (WebAuthn): the user's credentials, the relying party, the checks of a ceremony,
and the WEB_AUTHN first factor of USER_AUTH."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ..errors import (
    InvalidParameterException,
    NotAuthorizedException,
    WebAuthnChallengeNotFoundException,
    WebAuthnConfigurationMissingException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)
from ..state.store import User, UserPool
from .factors import allowed_first_factors, pool_config
from .signin import attempt
from .signin.attempt import SignIn

#: How long a registration challenge stays usable, and the timeout the options announce.
CHALLENGE_SECONDS = 300
FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: Any) -> bytes:
    if not isinstance(text, str):
        raise InvalidParameterException("Invalid credential: expected base64url text.")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidParameterException("Invalid credential: expected base64url text.") from None


def webauthn_config(pool: UserPool) -> dict[str, Any]:
    config: dict[str, Any] = pool_config(pool).get("WebAuthnConfiguration", {})
    return config


def relying_party(pool: UserPool) -> str:
    """The RP ID: the configured one, else the custom or prefix domain of the pool."""
    configured = webauthn_config(pool).get("RelyingPartyId")
    if configured:
        return str(configured)
    domain = pool.domain
    if domain:
        if domain.get("CustomDomainConfig"):
            return str(domain["Domain"])
        return f"{domain['Domain']}.auth.{pool.region}.amazoncognito.com"
    raise WebAuthnConfigurationMissingException(
        "The user pool has no relying party ID and no domain."
    )


def check_client_data(raw: bytes, kind: str, challenge: str, rp_id: str) -> None:
    """clientDataJSON: the ceremony type, our challenge, and an origin on the RP ID."""
    try:
        data = json.loads(raw)
    except ValueError:
        raise InvalidParameterException("Invalid credential: clientDataJSON.") from None
    if data.get("type") != kind or data.get("challenge") != challenge:
        raise WebAuthnChallengeNotFoundException("The WebAuthn challenge does not match.")
    origin = str(data.get("origin", ""))
    scheme, _, host = origin.partition("://")
    host = host.split(":", 1)[0]
    same_site = host == rp_id or host.endswith("." + rp_id)
    if not same_site or (scheme != "https" and host != "localhost"):
        raise WebAuthnOriginNotAllowedException(
            f"Origin {origin} is not allowed for relying party {rp_id}."
        )


def check_auth_data(auth_data: bytes, rp_id: str, pool: UserPool) -> int:
    """The rpIdHash and flags of authenticatorData; returns the flags."""
    if len(auth_data) < 37:
        raise InvalidParameterException("Invalid credential: authenticatorData.")
    if auth_data[:32] != hashlib.sha256(rp_id.encode()).digest():
        raise WebAuthnRelyingPartyMismatchException(
            f"The credential is not for relying party {rp_id}."
        )
    flags = auth_data[32]
    if not flags & FLAG_UP:
        raise InvalidParameterException("Invalid credential: the user was not present.")
    if webauthn_config(pool).get("UserVerification") == "required" and not flags & FLAG_UV:
        raise WebAuthnCredentialNotSupportedException("User verification is required.")
    return flags


_CEREMONY_ERRORS = (
    InvalidParameterException,
    WebAuthnChallengeNotFoundException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)


def has_passkey(signin: SignIn, user: User) -> bool:
    """A passkey, and a relying party to use it with (the configuration may have gone)."""
    try:
        relying_party(signin.pool)
    except WebAuthnConfigurationMissingException:
        return False
    return bool(user.passkeys.credentials)


def start(signin: SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    rp_id = relying_party(signin.pool)
    challenge = b64url(secrets.token_bytes(32))
    signin.data.webauthn_challenge = challenge
    options = {
        "challenge": challenge,
        "timeout": CHALLENGE_SECONDS * 1000,
        "rpId": rp_id,
        "allowCredentials": [
            {
                "type": "public-key",
                "id": c["CredentialId"],
                "transports": c["AuthenticatorTransports"],
            }
            for c in user.passkeys.credentials
        ],
        "userVerification": webauthn_config(signin.pool).get("UserVerification", "preferred"),
    }
    return attempt.challenge(
        signin, user, "WEB_AUTHN", {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options)}
    )


def answer(signin: SignIn, user: User) -> dict[str, Any]:
    """Verify the assertion: our challenge, the RP, a known credential, its signature."""
    challenge = signin.data.webauthn_challenge
    if not challenge:
        raise InvalidParameterException("WEB_AUTHN is not expected.")
    try:
        credential = json.loads(attempt.require(signin.params, "CREDENTIAL"))
        response = credential["response"]
        credential_id = b64url(unb64url(credential.get("rawId", credential.get("id"))))
        client_data = unb64url(response["clientDataJSON"])
        auth_data = unb64url(response["authenticatorData"])
        signature = unb64url(response["signature"])
    except (ValueError, KeyError, TypeError):
        raise InvalidParameterException("Invalid CREDENTIAL.") from None
    rp_id = relying_party(signin.pool)
    try:
        check_client_data(client_data, "webauthn.get", challenge, rp_id)
        flags = check_auth_data(auth_data, rp_id, signin.pool)
    except _CEREMONY_ERRORS:
        # RespondToAuthChallenge knows no WebAuthn errors: a bad assertion is a failed sign-in.
        attempt.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.") from None
    stored = next(
        (c for c in user.passkeys.credentials if c["CredentialId"] == credential_id), None
    )
    if stored is None or not _signature_ok(stored, auth_data, client_data, signature):
        attempt.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.")
    count = int.from_bytes(auth_data[33:37], "big")
    if stored["sign_count"] and count <= stored["sign_count"]:
        attempt.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.")
    stored["sign_count"] = count
    signin.data.webauthn_challenge = None
    factor = webauthn_config(signin.pool).get("FactorConfiguration")
    if factor == "MULTI_FACTOR_WITH_USER_VERIFICATION" and flags & FLAG_UV:
        signin.data.mfa_done = True
    return attempt.after_password(signin, user)


def _signature_ok(stored: dict[str, Any], auth_data: bytes, client: bytes, sig: bytes) -> bool:
    # Imported here: every sign-in loads this module, few use a passkey.
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_der_public_key(stored["public_key"])
    signed = auth_data + hashlib.sha256(client).digest()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(sig, signed, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(sig, signed, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


def configured(pool: UserPool, user: User) -> list[str]:
    allowed = "WEB_AUTHN" in allowed_first_factors(pool)
    return ["WEB_AUTHN"] if allowed and user.passkeys.credentials else []
