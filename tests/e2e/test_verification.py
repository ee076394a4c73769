"""GetUserAttributeVerificationCode and VerifyUserAttribute through boto3, with codes from the
outbox; also the codes UpdateUserAttributes sends."""

from __future__ import annotations

import pytest

from ..helpers import PASSWORD, attrs, aws_error, other_than, raises

MISMATCH = "Invalid verification code provided, please try again."
EXPIRED = "Invalid code provided, please request a code again."


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])


@pytest.fixture
def token(pool, web):
    """Alice's access token; her email is not verified yet."""
    alice = pool.create_user(
        "alice",
        PASSWORD,
        email="alice@example.com",
        email_verified="false",
        phone_number="+15555550100",
        phone_number_verified="false",
    )
    return alice.sign_in(web).access_token


def attributes(idp, token):
    return attrs(idp.get_user(AccessToken=token))


def test_verify_email(cognito_fake, idp, token):
    out = idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    assert out["CodeDeliveryDetails"] == {
        "Destination": "a***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    message = cognito_fake.outbox.last(purpose="verify_attribute")
    assert message.to == "alice@example.com"
    assert message.text == f"Your verification code is {message.code}. "
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=message.code)
    assert attributes(idp, token)["email_verified"] == "true"
    assert attributes(idp, token)["phone_number_verified"] == "false"


def test_verify_phone_by_sms(cognito_fake, idp, token):
    out = idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="phone_number")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "SMS"
    message = cognito_fake.outbox.last(channel="SMS")
    assert message.subject is None
    # The phone's code does not verify the email.
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=message.code)
    idp.verify_user_attribute(AccessToken=token, AttributeName="phone_number", Code=message.code)
    assert attributes(idp, token)["phone_number_verified"] == "true"


def test_wrong_code_then_right_code_then_reuse(cognito_fake, idp, token):
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = cognito_fake.outbox.code(purpose="verify_attribute")
    with aws_error(idp, "CodeMismatchException", MISMATCH):
        idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=other_than(code))
    assert attributes(idp, token)["email_verified"] == "false"
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)


def test_code_expires_after_24_hours(cognito_fake, idp, pool, web, freezer):
    alice = pool.create_user("alice", PASSWORD, email="alice@example.com", email_verified="false")
    token = alice.sign_in(web).access_token
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = cognito_fake.outbox.code(purpose="verify_attribute")
    freezer.tick(24 * 3600 + 1)
    token = alice.sign_in(web).access_token  # the first one expired meanwhile
    with aws_error(idp, "ExpiredCodeException", EXPIRED):
        idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)


def test_attempt_limit(cognito_fake, idp, token):
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    code = cognito_fake.outbox.code(purpose="verify_attribute")
    for _ in range(5):
        with raises(
            idp, "CodeMismatchException", "Invalid verification code provided, please try again."
        ):
            idp.verify_user_attribute(
                AccessToken=token, AttributeName="email", Code=other_than(code)
            )
    with aws_error(
        idp, "LimitExceededException", "Attempt limit exceeded, please try after some time."
    ):
        idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    fresh = cognito_fake.outbox.code(purpose="verify_attribute")
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=fresh)


def test_attribute_that_cannot_be_verified(idp, token):
    with raises(
        idp, "InvalidParameterException", "Invalid attribute name: name cannot be verified."
    ):
        idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="name")


def test_attribute_the_user_lacks(idp, pool, web):
    bob = pool.create_user("bob", PASSWORD)
    token = bob.sign_in(web).access_token
    with raises(idp, "InvalidParameterException", "User does not have the attribute email."):
        idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")


def test_bad_access_token(idp):
    with aws_error(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.get_user_attribute_verification_code(AccessToken="nope", AttributeName="email")
    with aws_error(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.verify_user_attribute(AccessToken="nope", AttributeName="email", Code="123456")


def test_pool_template_is_used(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "branded",
        VerificationMessageTemplate={
            "EmailMessage": "Hi! Your Acme code: {####}",
            "EmailSubject": "Acme code",
            "SmsMessage": "Acme: {####}",
        },
    )
    web = pool.create_client("web")
    user = pool.create_user(
        "alice", PASSWORD, email="a@example.com", email_verified="false", phone_number="+15550001"
    )
    token = user.sign_in(web).access_token
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    mail = cognito_fake.outbox.last(channel="EMAIL")
    assert mail.subject == "Acme code"
    assert mail.text == f"Hi! Your Acme code: {mail.code}"
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="phone_number")
    sms = cognito_fake.outbox.last(channel="SMS")
    assert sms.text == f"Acme: {sms.code}"


def test_email_change_is_verified_with_the_sent_code(cognito_fake, idp, pool, web):
    alice = pool.create_user("alice", PASSWORD, email="alice@example.com")
    token = alice.sign_in(web).access_token
    out = idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}]
    )
    assert out["CodeDeliveryDetailsList"][0]["AttributeName"] == "email"
    assert attributes(idp, token)["email_verified"] == "false"
    code = cognito_fake.outbox.code(to="new@example.com", purpose="verify_attribute")
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    assert attributes(idp, token)["email"] == "new@example.com"
    assert attributes(idp, token)["email_verified"] == "true"


def test_email_change_waits_for_verification(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "careful",
        AutoVerifiedAttributes=["email"],
        UserAttributeUpdateSettings={"AttributesRequireVerificationBeforeUpdate": ["email"]},
    )
    web = pool.create_client("web")
    alice = pool.create_user("alice", PASSWORD, email="alice@example.com")
    token = alice.sign_in(web).access_token
    idp.update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "email", "Value": "new@example.com"}]
    )
    assert attributes(idp, token)["email"] == "alice@example.com"
    # Asking again re-sends to the address waiting for verification.
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    message = cognito_fake.outbox.last(purpose="verify_attribute")
    assert message.to == "new@example.com"
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=message.code)
    assert attributes(idp, token)["email"] == "new@example.com"
    assert attributes(idp, token)["email_verified"] == "true"
