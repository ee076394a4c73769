from __future__ import annotations

import json

import pytest

from pytest_cognito_fake.crypto import cbor
from pytest_cognito_fake.webauthn_authenticator import Authenticator, b64url, b64url_decode

from ..helpers import claims, raises, respond

RP = "example.com"


@pytest.fixture
def passkey_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "app",
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}},
    )
    idp.set_user_pool_mfa_config(UserPoolId=pool.id, WebAuthnConfiguration={"RelyingPartyId": RP})
    web = pool.create_client("web", flows=["USER_AUTH", "USER_PASSWORD_AUTH"])
    alice = pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    return pool, web, alice


def _register(idp, token: str, authenticator: Authenticator) -> dict:
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = authenticator.register(options)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    return credential


def test_register_list_delete(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    token = alice.sign_in(web).access_token
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == RP
    assert options["user"]["name"] == "alice"
    assert {"type": "public-key", "alg": -7} in options["pubKeyCredParams"]
    authenticator = Authenticator()
    credential = authenticator.register(options)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)

    listed = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert len(listed) == 1
    assert listed[0]["CredentialId"] == credential["id"]
    assert listed[0]["RelyingPartyId"] == RP
    assert listed[0]["AuthenticatorAttachment"] == "platform"
    assert listed[0]["AuthenticatorTransports"] == ["internal", "hybrid"]
    factors = idp.get_user_auth_factors(AccessToken=token)["ConfiguredUserAuthFactors"]
    assert "WEB_AUTHN" in factors

    # The next registration excludes the passkey already there.
    again = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert again["excludeCredentials"] == [{"type": "public-key", "id": credential["id"]}]

    idp.delete_web_authn_credential(AccessToken=token, CredentialId=credential["id"])
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
    with raises(idp, "ResourceNotFoundException", "Passkey credential not found."):
        idp.delete_web_authn_credential(AccessToken=token, CredentialId=credential["id"])


def test_list_paginates(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    token = alice.sign_in(web).access_token
    authenticator = Authenticator()
    ids = [_register(idp, token, authenticator)["id"] for _ in range(3)]
    first = idp.list_web_authn_credentials(AccessToken=token, MaxResults=2)
    rest = idp.list_web_authn_credentials(
        AccessToken=token, MaxResults=2, NextToken=first["NextToken"]
    )
    assert [c["CredentialId"] for c in first["Credentials"] + rest["Credentials"]] == ids
    assert "NextToken" not in rest


def test_registration_is_verified(passkey_pool, idp, freezer):
    pool, web, alice = passkey_pool
    token = alice.sign_in(web).access_token
    authenticator = Authenticator()
    with raises(
        idp,
        "WebAuthnChallengeNotFoundException",
        "The WebAuthn challenge was not found or expired.",
    ):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register({"challenge": "x", "rp": {"id": RP}}),
        )
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    with raises(
        idp,
        "WebAuthnOriginNotAllowedException",
        "Origin https://evil.example.net is not allowed for relying party example.com.",
    ):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register(options, origin="https://evil.example.net"),
        )
    with raises(
        idp,
        "WebAuthnRelyingPartyMismatchException",
        "The credential is not for relying party example.com.",
    ):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register(
                {**options, "rp": {"id": "other.org"}}, origin=f"https://{RP}"
            ),
        )
    forged = authenticator.register({**options, "challenge": "bm90LXRoZS1jaGFsbGVuZ2U"})
    with raises(
        idp, "WebAuthnChallengeNotFoundException", "The WebAuthn challenge does not match."
    ):
        idp.complete_web_authn_registration(AccessToken=token, Credential=forged)
    other_client = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with raises(
        idp,
        "WebAuthnClientMismatchException",
        "The access token is for a different client than the registration started with.",
    ):
        idp.complete_web_authn_registration(
            AccessToken=alice.sign_in(other_client).access_token,
            Credential=authenticator.register(options),
        )
    freezer.tick(301)
    token = alice.sign_in(web).access_token
    with raises(
        idp,
        "WebAuthnChallengeNotFoundException",
        "The WebAuthn challenge was not found or expired.",
    ):
        idp.complete_web_authn_registration(
            AccessToken=token, Credential=authenticator.register(options)
        )
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []


def test_not_enabled_and_missing_configuration(cognito_fake, idp):
    plain = cognito_fake.create_user_pool("plain")
    web = plain.create_client("web")
    token = plain.create_user("bob", password="Passw0rd!").sign_in(web).access_token
    with raises(
        idp, "WebAuthnNotEnabledException", "Passkey authentication is not enabled for the pool."
    ):
        idp.start_web_authn_registration(AccessToken=token)
    pool = cognito_fake.create_user_pool(
        "passkeys",
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}},
    )
    client = pool.create_client("web")
    token = pool.create_user("bob", password="Passw0rd!").sign_in(client).access_token
    with raises(
        idp,
        "WebAuthnConfigurationMissingException",
        "The user pool has no relying party ID and no domain.",
    ):
        idp.start_web_authn_registration(AccessToken=token)
    idp.create_user_pool_domain(Domain="passkey-test-domain", UserPoolId=pool.id)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == "passkey-test-domain.auth.us-east-1.amazoncognito.com"


def test_sign_in_with_passkey_verifies_signature(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    authenticator = Authenticator()
    _register(idp, alice.sign_in(web).access_token, authenticator)

    start = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    assert start["ChallengeName"] == "WEB_AUTHN"
    request = json.loads(start["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert request["rpId"] == RP
    answer = respond(
        idp,
        web,
        "WEB_AUTHN",
        start["Session"],
        CREDENTIAL=json.dumps(authenticator.authenticate(request)),
    )
    assert claims(answer["AuthenticationResult"]["IdToken"])["cognito:username"] == "alice"


def test_select_challenge_offers_passkey_and_rejects_bad_signature(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    authenticator = Authenticator()
    _register(idp, alice.sign_in(web).access_token, authenticator)
    select = idp.initiate_auth(
        ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "alice"}
    )
    assert select["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
    chosen = respond(idp, web, "SELECT_CHALLENGE", select["Session"], ANSWER="WEB_AUTHN")
    assert chosen["ChallengeName"] == "WEB_AUTHN"
    request = json.loads(chosen["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    # Another authenticator's key for the same credential id: the signature does not verify.
    impostor = Authenticator()
    impostor.register({"challenge": "c", "rp": {"id": RP}})
    impostor.credentials[0].credential_id = authenticator.credentials[0].credential_id
    with raises(idp, "NotAuthorizedException", "Incorrect passkey credential."):
        respond(
            idp,
            web,
            "WEB_AUTHN",
            chosen["Session"],
            CREDENTIAL=json.dumps(impostor.authenticate(request)),
        )


def test_assertion_is_bound_to_its_challenge(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    authenticator = Authenticator()
    _register(idp, alice.sign_in(web).access_token, authenticator)
    params = {"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"}
    first = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters=params)
    old = authenticator.authenticate(
        json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    )
    second = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters=params)
    with raises(idp, "NotAuthorizedException", "Incorrect passkey credential."):
        respond(idp, web, "WEB_AUTHN", second["Session"], CREDENTIAL=json.dumps(old))
    wrong_origin = authenticator.authenticate(
        json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]),
        origin="https://phish.example.org",
    )
    with raises(idp, "NotAuthorizedException", "Incorrect passkey credential."):
        respond(idp, web, "WEB_AUTHN", first["Session"], CREDENTIAL=json.dumps(wrong_origin))


def test_unsupported_attestation_and_required_user_verification(passkey_pool, idp):
    pool, web, alice = passkey_pool
    token = alice.sign_in(web).access_token
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = Authenticator().register(options)
    attestation = cbor.loads(b64url_decode(credential["response"]["attestationObject"]))
    packed = {**attestation, "fmt": "packed", "attStmt": {"alg": -7, "sig": b"\x00" * 70}}
    credential["response"]["attestationObject"] = b64url(cbor.dumps(packed))
    with raises(
        idp, "WebAuthnCredentialNotSupportedException", "Only attestation format none is supported."
    ):
        idp.complete_web_authn_registration(AccessToken=token, Credential=credential)

    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        WebAuthnConfiguration={"RelyingPartyId": RP, "UserVerification": "required"},
    )
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["authenticatorSelection"]["userVerification"] == "required"
    no_uv = Authenticator(user_verification=False).register(options)
    with raises(idp, "WebAuthnCredentialNotSupportedException", "User verification is required."):
        idp.complete_web_authn_registration(AccessToken=token, Credential=no_uv)
    idp.complete_web_authn_registration(
        AccessToken=token, Credential=Authenticator().register(options)
    )
    assert len(idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1
