"""Passkeys: registration (attestation format "none"), the credential list, and the
WEB_AUTHN first factor of USER_AUTH, which verifies a real assertion signature.

A user's passkeys and the pending registration live in ``user.extra["webauthn"]``. The
relying party is the pool's WebAuthnConfiguration.RelyingPartyId, else its domain.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ..context import Ctx
from ..core import authentication, tokens
from ..crypto import cbor
from ..errors import (
    InvalidParameterException,
    LimitExceededException,
    NotAuthorizedException,
    ResourceNotFoundException,
    WebAuthnChallengeNotFoundException,
    WebAuthnClientMismatchException,
    WebAuthnConfigurationMissingException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnNotEnabledException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)
from ..state.store import State, User, UserPool
from . import mfa as _mfa
from . import user_auth as _user_auth
from ._paginate import respond
from ._registry import operation

MAX_CREDENTIALS = 20
#: How long a registration challenge stays usable, and the timeout the options announce.
CHALLENGE_SECONDS = 300
FLAG_UP, FLAG_UV, FLAG_AT = 0x01, 0x04, 0x40


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: Any) -> bytes:
    if not isinstance(text, str):
        raise InvalidParameterException("Invalid credential: expected base64url text.")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidParameterException("Invalid credential: expected base64url text.") from None


def _store(user: User) -> dict[str, Any]:
    store: dict[str, Any] = user.extra.setdefault("webauthn", {"credentials": [], "pending": None})
    return store


def _config(pool: UserPool) -> dict[str, Any]:
    config: dict[str, Any] = _mfa.pool_config(pool).get("WebAuthnConfiguration", {})
    return config


def relying_party(pool: UserPool) -> str:
    """The RP ID: the configured one, else the custom or prefix domain of the pool."""
    configured = _config(pool).get("RelyingPartyId")
    if configured:
        return str(configured)
    domain = pool.extra.get("domain")
    if domain:
        if domain.get("CustomDomainConfig"):
            return str(domain["Domain"])
        return f"{domain['Domain']}.auth.{pool.region}.amazoncognito.com"
    raise WebAuthnConfigurationMissingException(
        "The user pool has no relying party ID and no domain."
    )


def _require_enabled(pool: UserPool) -> None:
    if "WEB_AUTHN" not in _user_auth.allowed_factors(pool):
        raise WebAuthnNotEnabledException("Passkey authentication is not enabled for the pool.")


def _client_data(raw: bytes, kind: str, challenge: str, rp_id: str) -> None:
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


def _check_auth_data(auth_data: bytes, rp_id: str, pool: UserPool) -> int:
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
    if _config(pool).get("UserVerification") == "required" and not flags & FLAG_UV:
        raise WebAuthnCredentialNotSupportedException("User verification is required.")
    return flags


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
) -> tuple[tokens.Caller, str, dict[str, Any]]:
    """A registration step's caller, the pool's relying party id and the caller's passkeys;
    passkeys must be enabled in the pool."""
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    _require_enabled(caller.pool)
    return caller, relying_party(caller.pool), _store(caller.user)


@operation("StartWebAuthnRegistration")
def start_web_authn_registration(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller, rp_id, store = _registration(state, req, ctx)
    pool, user = caller.pool, caller.user
    if len(store["credentials"]) >= MAX_CREDENTIALS:
        raise LimitExceededException(f"A user can register at most {MAX_CREDENTIALS} passkeys.")
    challenge = _b64url(secrets.token_bytes(32))
    store["pending"] = {
        "challenge": challenge,
        "client_id": caller.claims.get("client_id"),
        "expires": ctx.now + CHALLENGE_SECONDS,
    }
    options = {
        "challenge": challenge,
        "rp": {"id": rp_id, "name": rp_id},
        "user": {
            "id": _b64url(user.sub.encode()),
            "name": user.username,
            "displayName": user.attributes.get("email", user.username),
        },
        "pubKeyCredParams": [
            {"type": "public-key", "alg": -7},
            {"type": "public-key", "alg": -257},
        ],
        "timeout": CHALLENGE_SECONDS * 1000,
        "excludeCredentials": [
            {"type": "public-key", "id": c["CredentialId"]} for c in store["credentials"]
        ],
        "authenticatorSelection": {
            "requireResidentKey": True,
            "residentKey": "required",
            "userVerification": _config(pool).get("UserVerification", "preferred"),
        },
    }
    return {"CredentialCreationOptions": options}


def _attested(response: dict[str, Any], rp_id: str, pool: UserPool) -> tuple[bytes, bytes, int]:
    """The credential id, public key (DER) and sign count of a "none" attestation."""
    try:
        attestation = cbor.loads(_unb64url(response.get("attestationObject")))
    except cbor.CBORError:
        raise InvalidParameterException("Invalid credential: attestationObject.") from None
    if not isinstance(attestation, dict) or attestation.get("fmt") != "none":
        raise WebAuthnCredentialNotSupportedException("Only attestation format none is supported.")
    auth_data = attestation.get("authData", b"")
    flags = _check_auth_data(auth_data, rp_id, pool)
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
    pending = store.get("pending")
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
    raw_client_data = _unb64url(response.get("clientDataJSON"))
    _client_data(raw_client_data, "webauthn.create", pending["challenge"], rp_id)
    credential_id, public_key, sign_count = _attested(response, rp_id, pool)
    if _unb64url(credential.get("rawId", credential.get("id"))) != credential_id:
        raise InvalidParameterException("Invalid credential: rawId does not match authData.")
    encoded = _b64url(credential_id)
    if any(c["CredentialId"] == encoded for c in store["credentials"]):
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
    store["credentials"].append(entry)
    store["pending"] = None
    return {}


def _description(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k[0].isupper()}


@operation("ListWebAuthnCredentials")
def list_web_authn_credentials(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    items = [_description(c) for c in _store(caller.user)["credentials"]]
    return respond(items, req, "ListWebAuthnCredentials", "Credentials", default=20)


@operation("DeleteWebAuthnCredential")
def delete_web_authn_credential(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    caller = tokens.verify_access_token(state, req["AccessToken"], ctx)
    store = _store(caller.user)
    kept = [c for c in store["credentials"] if c["CredentialId"] != req["CredentialId"]]
    if len(kept) == len(store["credentials"]):
        raise ResourceNotFoundException("Passkey credential not found.")
    store["credentials"] = kept
    return {}


# -- the WEB_AUTHN first factor of USER_AUTH ----------------------------------------------


_CEREMONY_ERRORS = (
    InvalidParameterException,
    WebAuthnChallengeNotFoundException,
    WebAuthnCredentialNotSupportedException,
    WebAuthnOriginNotAllowedException,
    WebAuthnRelyingPartyMismatchException,
)


def _has_passkey(signin: authentication.SignIn, user: User) -> bool:
    """A passkey, and a relying party to use it with (the configuration may have gone)."""
    try:
        relying_party(signin.pool)
    except WebAuthnConfigurationMissingException:
        return False
    return bool(_store(user)["credentials"])


def _start(signin: authentication.SignIn, user: User, params: dict[str, str]) -> dict[str, Any]:
    rp_id = relying_party(signin.pool)
    challenge = _b64url(secrets.token_bytes(32))
    signin.data["webauthn_challenge"] = challenge
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
            for c in _store(user)["credentials"]
        ],
        "userVerification": _config(signin.pool).get("UserVerification", "preferred"),
    }
    return authentication.challenge(
        signin, user, "WEB_AUTHN", {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options)}
    )


def _answer(signin: authentication.SignIn, user: User) -> dict[str, Any]:
    """Verify the assertion: our challenge, the RP, a known credential, its signature."""
    challenge = signin.data.get("webauthn_challenge")
    if not challenge:
        raise InvalidParameterException("WEB_AUTHN is not expected.")
    try:
        credential = json.loads(authentication.require(signin.params, "CREDENTIAL"))
        response = credential["response"]
        credential_id = _b64url(_unb64url(credential.get("rawId", credential.get("id"))))
        client_data = _unb64url(response["clientDataJSON"])
        auth_data = _unb64url(response["authenticatorData"])
        signature = _unb64url(response["signature"])
    except (ValueError, KeyError, TypeError):
        raise InvalidParameterException("Invalid CREDENTIAL.") from None
    rp_id = relying_party(signin.pool)
    try:
        _client_data(client_data, "webauthn.get", challenge, rp_id)
        flags = _check_auth_data(auth_data, rp_id, signin.pool)
    except _CEREMONY_ERRORS:
        # RespondToAuthChallenge knows no WebAuthn errors: a bad assertion is a failed sign-in.
        authentication.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.") from None
    stored = next(
        (c for c in _store(user)["credentials"] if c["CredentialId"] == credential_id), None
    )
    if stored is None or not _signature_ok(stored, auth_data, client_data, signature):
        authentication.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.")
    count = int.from_bytes(auth_data[33:37], "big")
    if stored["sign_count"] and count <= stored["sign_count"]:
        authentication.emit(signin, user, "SignIn", "Fail")
        raise NotAuthorizedException("Incorrect passkey credential.")
    stored["sign_count"] = count
    signin.data.pop("webauthn_challenge", None)
    factor = _config(signin.pool).get("FactorConfiguration")
    if factor == "MULTI_FACTOR_WITH_USER_VERIFICATION" and flags & FLAG_UV:
        signin.data["mfa_done"] = True
    return authentication.after_password(signin, user)


def _signature_ok(stored: dict[str, Any], auth_data: bytes, client: bytes, sig: bytes) -> bool:
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


def _configured(pool: UserPool, user: User) -> list[str]:
    allowed = "WEB_AUTHN" in _user_auth.allowed_factors(pool)
    return ["WEB_AUTHN"] if allowed and _store(user)["credentials"] else []


_user_auth.CHOICES["WEB_AUTHN"] = _user_auth.Choice("WEB_AUTHN", _has_passkey, _start)
_user_auth.AUTH_FACTOR_HOOKS.append(_configured)
authentication.CHALLENGES["WEB_AUTHN"] = _answer
