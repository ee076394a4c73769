from __future__ import annotations

import json

import jwt
import pytest

from pytest_cognito_fake.crypto import cbor
from pytest_cognito_fake.webauthn_authenticator import Authenticator, b64url, b64url_decode

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
    with pytest.raises(idp.exceptions.ResourceNotFoundException):
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
    with pytest.raises(idp.exceptions.WebAuthnChallengeNotFoundException):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register({"challenge": "x", "rp": {"id": RP}}),
        )
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    with pytest.raises(idp.exceptions.WebAuthnOriginNotAllowedException):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register(options, origin="https://evil.example.net"),
        )
    with pytest.raises(idp.exceptions.WebAuthnRelyingPartyMismatchException):
        idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=authenticator.register(
                {**options, "rp": {"id": "other.org"}}, origin=f"https://{RP}"
            ),
        )
    forged = authenticator.register({**options, "challenge": "bm90LXRoZS1jaGFsbGVuZ2U"})
    with pytest.raises(idp.exceptions.WebAuthnChallengeNotFoundException):
        idp.complete_web_authn_registration(AccessToken=token, Credential=forged)
    other_client = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with pytest.raises(idp.exceptions.WebAuthnClientMismatchException):
        idp.complete_web_authn_registration(
            AccessToken=alice.sign_in(other_client).access_token,
            Credential=authenticator.register(options),
        )
    freezer.tick(301)
    token = alice.sign_in(web).access_token
    with pytest.raises(idp.exceptions.WebAuthnChallengeNotFoundException):
        idp.complete_web_authn_registration(
            AccessToken=token, Credential=authenticator.register(options)
        )
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []


def test_not_enabled_and_missing_configuration(cognito_fake, idp):
    plain = cognito_fake.create_user_pool("plain")
    web = plain.create_client("web")
    token = plain.create_user("bob", password="Passw0rd!").sign_in(web).access_token
    with pytest.raises(idp.exceptions.WebAuthnNotEnabledException):
        idp.start_web_authn_registration(AccessToken=token)
    pool = cognito_fake.create_user_pool(
        "passkeys",
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}},
    )
    client = pool.create_client("web")
    token = pool.create_user("bob", password="Passw0rd!").sign_in(client).access_token
    with pytest.raises(idp.exceptions.WebAuthnConfigurationMissingException):
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
    answer = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="WEB_AUTHN",
        Session=start["Session"],
        ChallengeResponses={
            "USERNAME": "alice",
            "CREDENTIAL": json.dumps(authenticator.authenticate(request)),
        },
    )
    claims = jwt.decode(
        answer["AuthenticationResult"]["IdToken"], options={"verify_signature": False}
    )
    assert claims["cognito:username"] == "alice"


def test_select_challenge_offers_passkey_and_rejects_bad_signature(passkey_pool, idp):
    _pool, web, alice = passkey_pool
    authenticator = Authenticator()
    _register(idp, alice.sign_in(web).access_token, authenticator)
    select = idp.initiate_auth(
        ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "alice"}
    )
    assert select["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
    chosen = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="SELECT_CHALLENGE",
        Session=select["Session"],
        ChallengeResponses={"USERNAME": "alice", "ANSWER": "WEB_AUTHN"},
    )
    assert chosen["ChallengeName"] == "WEB_AUTHN"
    request = json.loads(chosen["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    # Another authenticator's key for the same credential id: the signature does not verify.
    impostor = Authenticator()
    impostor.register({"challenge": "c", "rp": {"id": RP}})
    impostor.credentials[0].credential_id = authenticator.credentials[0].credential_id
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="passkey"):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="WEB_AUTHN",
            Session=chosen["Session"],
            ChallengeResponses={
                "USERNAME": "alice",
                "CREDENTIAL": json.dumps(impostor.authenticate(request)),
            },
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
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="Incorrect passkey"):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="WEB_AUTHN",
            Session=second["Session"],
            ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": json.dumps(old)},
        )
    wrong_origin = authenticator.authenticate(
        json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]),
        origin="https://phish.example.org",
    )
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="Incorrect passkey"):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="WEB_AUTHN",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": json.dumps(wrong_origin)},
        )


def test_unsupported_attestation_and_required_user_verification(passkey_pool, idp):
    pool, web, alice = passkey_pool
    token = alice.sign_in(web).access_token
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential = Authenticator().register(options)
    attestation = cbor.loads(b64url_decode(credential["response"]["attestationObject"]))
    packed = {**attestation, "fmt": "packed", "attStmt": {"alg": -7, "sig": b"\x00" * 70}}
    credential["response"]["attestationObject"] = b64url(cbor.dumps(packed))
    with pytest.raises(idp.exceptions.WebAuthnCredentialNotSupportedException):
        idp.complete_web_authn_registration(AccessToken=token, Credential=credential)

    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        WebAuthnConfiguration={"RelyingPartyId": RP, "UserVerification": "required"},
    )
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["authenticatorSelection"]["userVerification"] == "required"
    no_uv = Authenticator(user_verification=False).register(options)
    with pytest.raises(idp.exceptions.WebAuthnCredentialNotSupportedException):
        idp.complete_web_authn_registration(AccessToken=token, Credential=no_uv)
    idp.complete_web_authn_registration(
        AccessToken=token, Credential=Authenticator().register(options)
    )
    assert len(idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1
