"""The outbox: what it records, how tests search it, and the pool templates it honours."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ..helpers import sign_up


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])


@pytest.fixture
def web(pool):
    return pool.create_client("web")


def test_each_message_records_who_what_and_why(cognito_fake, idp, pool, web):
    out = sign_up(idp, web, "alice", "alice@example.com")
    (message,) = cognito_fake.outbox
    assert message.to == "alice@example.com"
    assert message.channel == "EMAIL"
    assert message.purpose == "sign_up"
    assert message.pool_id == pool.id
    assert message.username == "alice"
    assert message.code in message.text
    assert message.link is None
    assert out["UserSub"]


def test_filter_last_and_code(cognito_fake, idp, web):
    sign_up(idp, web, "alice", "alice@example.com")
    sign_up(idp, web, "bob", "bob@example.com")
    idp.resend_confirmation_code(ClientId=web.id, Username="alice")
    box = cognito_fake.outbox
    assert [m.to for m in box.filter(to="alice@example.com")] == ["alice@example.com"] * 2
    assert [m.purpose for m in box.filter(lambda m: m.username == "alice")] == [
        "sign_up",
        "resend",
    ]
    assert box.last().purpose == "resend"
    assert box.last(to="bob@example.com").purpose == "sign_up"
    assert box.code(to="alice@example.com") == box[-1].code
    assert len(box.filter(channel="SMS")) == 0


def test_last_says_what_was_sent_instead(cognito_fake, idp, web):
    sign_up(idp, web, "alice", "alice@example.com")
    with pytest.raises(LookupError, match=r"sent: sign_up to alice@example\.com"):
        cognito_fake.outbox.last(to="nobody@example.com")
    with pytest.raises(TypeError, match="Message has no field"):
        cognito_fake.outbox.filter(recipient="alice@example.com")


def test_outbox_starts_empty_in_each_test(cognito_fake):
    assert len(cognito_fake.outbox) == 0


def test_codes_are_random(cognito_fake, idp, web):
    for i in range(6):
        sign_up(idp, web, f"user{i}", f"user{i}@example.com")
    codes = [m.code for m in cognito_fake.outbox]
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(set(codes)) > 1


def test_default_invitation(cognito_fake, idp, pool):
    out = idp.admin_create_user(
        UserPoolId=pool.id,
        Username="carol",
        UserAttributes=[{"Name": "email", "Value": "carol@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )
    assert out["User"]["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    message = cognito_fake.outbox.last(purpose="invitation")
    assert message.subject == "Your temporary password"
    assert message.text == (f"Your username is carol and temporary password is {message.code}. ")


def test_invitation_template_with_the_temporary_password(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "invites",
        UsernameAttributes=["email"],
        AdminCreateUserConfig={
            "InviteMessageTemplate": {
                "EmailSubject": "Welcome to Acme",
                "EmailMessage": "Sign in as {username} with {####}",
                "SMSMessage": "Acme: {username} / {####}",
            }
        },
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="dan@example.com",
        UserAttributes=[{"Name": "phone_number", "Value": "+15555550100"}],
        DesiredDeliveryMediums=["EMAIL", "SMS"],
    )
    mail = cognito_fake.outbox.last(channel="EMAIL")
    assert mail.subject == "Welcome to Acme"
    assert mail.text == f"Sign in as dan@example.com with {mail.code}"
    sms = cognito_fake.outbox.last(channel="SMS")
    assert sms.text == f"Acme: dan@example.com / {sms.code}"
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "dan@example.com", "PASSWORD": mail.code},
    )
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_suppressed_invitation_sends_nothing(cognito_fake, idp, pool):
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="erin",
        UserAttributes=[{"Name": "email", "Value": "erin@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
        MessageAction="SUPPRESS",
    )
    assert len(cognito_fake.outbox) == 0


def test_legacy_verification_members(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "legacy",
        AutoVerifiedAttributes=["email"],
        EmailVerificationMessage="Legacy code {####}",
        EmailVerificationSubject="Legacy subject",
    )
    web = pool.create_client("web")
    sign_up(idp, web, "alice", "alice@example.com")
    message = cognito_fake.outbox.last()
    assert message.text == f"Legacy code {message.code}"
    assert message.subject == "Legacy subject"


def test_confirm_with_link(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "links",
        AutoVerifiedAttributes=["email"],
        VerificationMessageTemplate={
            "DefaultEmailOption": "CONFIRM_WITH_LINK",
            "EmailMessageByLink": "Welcome! {##Click here##}",
            "EmailSubjectByLink": "Confirm your account",
        },
    )
    web = pool.create_client("web")
    sign_up(idp, web, "alice", "alice@example.com")
    message = cognito_fake.outbox.last()
    assert message.subject == "Confirm your account"
    assert message.text == f"Welcome! Click here {message.link}"
    query = parse_qs(urlsplit(message.link).query)
    assert query == {
        "client_id": [web.id],
        "user_name": ["alice"],
        "confirmation_code": [message.code],
    }
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=message.code)
