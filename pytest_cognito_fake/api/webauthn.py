"""Passkeys: registration (attestation format "none"), the credential list, and the
WEB_AUTHN first factor of USER_AUTH, which verifies a real assertion signature.

A user's passkeys and the pending registration live in ``user.passkeys``. The
relying party is the pool's WebAuthnConfiguration.RelyingPartyId, else its domain.
"""

from __future__ import annotations

import secrets
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ..context import Ctx
from ..core import tokens
from ..core.factors import allowed_first_factors
from ..core.passkeys import (
    CHALLENGE_SECONDS,
    FLAG_AT,
    b64url,
    check_auth_data,
    check_client_data,
    relying_party,
    unb64url,
    webauthn_config,
)
from ..crypto import cbor
from ..errors import (
    InvalidParameterException,
    LimitExceededException,
    ResourceNotFoundException,
    WebAuthnChallengeNotFoundException,
    WebAuthnClientMismatchException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnNotEnabledException,
)
from ..state.store import Passkeys, State, UserPool
from ._paginate import respond
from ._registry import operation

MAX_CREDENTIALS = 20


def _require_enabled(pool: UserPool) -> None:
    if "WEB_AUTHN" not in allowed_first_factors(pool):
        raise WebAuthnNotEnabledException("Passkey authentication is not enabled for the pool.")


def _public_key(cose: dict[Any, Any]) -> bytes:
    """A COSE key (ES256 or RS256) as DER SubjectPublicKeyInfo."""
    key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey
    if cose.get(1) == 2 and cose.get(3) == -7 and cose.get(-1) == 1:
        x, y = int.from_bytes(cose[-2], "big"), int.from_bytes(cose[-3], "big")
        key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    elif cose.get(1) == 3 and cose.get(3) == -257:
        n, e = int.from_bytes(cose[-1], "big"), int.from_bytes(cose[-2], "big")
        key = rsa.RSAPublicNumbers(e, n).public_key()
    else:
        raise WebAuthnCredentialNotSupportedException("Only ES256 and RS256 keys are supported.")
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _registration(
    state: State, req: dict[str, Any], ctx: Ctx
) -> tuple[tokens.Caller, str, Passkeys]:
    """A registration step's caller, the pool's relying party id and the caller's passkeys;
    passkeys must be enabled in the pool."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    _require_enabled(caller.pool)
    return caller, relying_party(caller.pool), caller.user.passkeys


@operation("StartWebAuthnRegistration")
def start_web_authn_registration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller, rp_id, store = _registration(state, req, ctx)
    pool, user = caller.pool, caller.user
    if len(store.credentials) >= MAX_CREDENTIALS:
        raise LimitExceededException(f"A user can register at most {MAX_CREDENTIALS} passkeys.")
    challenge = b64url(secrets.token_bytes(32))
    store.pending = {
        "challenge": challenge,
        "client_id": caller.claims.get("client_id"),
        "expires": ctx.now + CHALLENGE_SECONDS,
    }
    options = {
        "challenge": challenge,
        "rp": {"id": rp_id, "name": rp_id},
        "user": {
            "id": b64url(user.sub.encode()),
            "name": user.username,
            "displayName": user.attributes.get("email", user.username),
        },
        "pubKeyCredParams": [
            {"type": "public-key", "alg": -7},
            {"type": "public-key", "alg": -257},
        ],
        "timeout": CHALLENGE_SECONDS * 1000,
        "excludeCredentials": [
            {"type": "public-key", "id": c["CredentialId"]} for c in store.credentials
        ],
        "authenticatorSelection": {
            "requireResidentKey": True,
            "residentKey": "required",
            "userVerification": webauthn_config(pool).get("UserVerification", "preferred"),
        },
    }
    return {"CredentialCreationOptions": options}


def _attested(response: dict[str, Any], rp_id: str, pool: UserPool) -> tuple[bytes, bytes, int]:
    """The credential id, public key (DER) and sign count of a "none" attestation."""
    try:
        attestation = cbor.loads(unb64url(response.get("attestationObject")))
    except cbor.CBORError:
        raise InvalidParameterException("Invalid credential: attestationObject.") from None
    if not isinstance(attestation, dict) or attestation.get("fmt") != "none":
        raise WebAuthnCredentialNotSupportedException("Only attestation format none is supported.")
    auth_data = attestation.get("authData", b"")
    flags = check_auth_data(auth_data, rp_id, pool)
    if not flags & FLAG_AT or len(auth_data) < 55:
        raise InvalidParameterException("Invalid credential: no attested credential data.")
    length = int.from_bytes(auth_data[53:55], "big")
    credential_id = auth_data[55 : 55 + length]
    try:
        cose = cbor.decode(auth_data, 55 + length)[0]
    except cbor.CBORError:
        raise InvalidParameterException("Invalid credential: credentialPublicKey.") from None
    key = _public_key(cose if isinstance(cose, dict) else {})
    return credential_id, key, int.from_bytes(auth_data[33:37], "big")


@operation("CompleteWebAuthnRegistration")
def complete_web_authn_registration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller, rp_id, store = _registration(state, req, ctx)
    pool = caller.pool
    pending = store.pending
    if not pending or pending["expires"] <= ctx.now:
        raise WebAuthnChallengeNotFoundException("The WebAuthn challenge was not found or expired.")
    if pending["client_id"] != caller.claims.get("client_id"):
        raise WebAuthnClientMismatchException(
            "The access token is for a different client than the registration started with."
        )
    credential = req["Credential"]
    response = credential.get("response") if isinstance(credential, dict) else None
    if not isinstance(response, dict):
        raise InvalidParameterException("Invalid credential: response is required.")
    raw_client_data = unb64url(response.get("clientDataJSON"))
    check_client_data(raw_client_data, "webauthn.create", pending["challenge"], rp_id)
    credential_id, public_key, sign_count = _attested(response, rp_id, pool)
    if unb64url(credential.get("rawId", credential.get("id"))) != credential_id:
        raise InvalidParameterException("Invalid credential: rawId does not match authData.")
    encoded = b64url(credential_id)
    if any(c["CredentialId"] == encoded for c in store.credentials):
        raise InvalidParameterException("The passkey is already registered.")
    entry: dict[str, Any] = {
        "CredentialId": encoded,
        "FriendlyCredentialName": "Passkey",
        "RelyingPartyId": rp_id,
        "AuthenticatorTransports": [str(t) for t in response.get("transports", [])],
        "CreatedAt": ctx.now,
        "public_key": public_key,
        "sign_count": sign_count,
    }
    if credential.get("authenticatorAttachment"):
        entry["AuthenticatorAttachment"] = str(credential["authenticatorAttachment"])
    store.credentials.append(entry)
    store.pending = None
    return {}


def _description(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k[0].isupper()}


@operation("ListWebAuthnCredentials")
def list_web_authn_credentials(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    items = [_description(c) for c in caller.user.passkeys.credentials]
    return respond(items, req, "ListWebAuthnCredentials", "Credentials", default=20)


@operation("DeleteWebAuthnCredential")
def delete_web_authn_credential(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    store = caller.user.passkeys
    kept = [c for c in store.credentials if c["CredentialId"] != req["CredentialId"]]
    if len(kept) == len(store.credentials):
        raise ResourceNotFoundException("Passkey credential not found.")
    store.credentials = kept
    return {}


# -- the WEB_AUTHN first factor of USER_AUTH ----------------------------------------------
