from __future__ import annotations

import base64

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa


def test_signing_certificate_is_a_real_x509(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    raw = idp.get_signing_certificate(UserPoolId=pool.id)["Certificate"]
    cert = x509.load_der_x509_certificate(base64.b64decode(raw))
    assert isinstance(cert.public_key(), rsa.RSAPublicKey)
    assert cert.public_key().key_size == 2048
    assert cert.not_valid_before_utc < cert.not_valid_after_utc
    # The same certificate for every pool and every call of the process.
    other = cognito_fake.create_user_pool("other")
    assert idp.get_signing_certificate(UserPoolId=other.id)["Certificate"] == raw


def test_signing_certificate_unknown_pool(cognito_fake, idp):
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException,
        match=r"User pool us-east-1_nothere00 does not exist\.",
    ):
        idp.get_signing_certificate(UserPoolId="us-east-1_nothere00")
