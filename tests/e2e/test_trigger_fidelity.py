"""Lambda-trigger events as the AWS developer guide documents them (issue 15, items 1-12):
what each trigger receives and which responses AWS refuses, through boto3 and the
``pool.on(...)`` registration API."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import PASSWORD, auth_result, raises, recorder, sign_up


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    return cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH"])


# --- 1. PreSignUp autoVerify* needs the attribute ------------------------------------------


@pytest.mark.parametrize("flag", ["autoVerifyEmail", "autoVerifyPhone"])
def test_auto_verify_without_the_attribute_fails_the_sign_up(idp, pool, web, flag):
    pool.on("PreSignUp", recorder([], autoConfirmUser=True, **{flag: True}))
    wanted = "email" if flag == "autoVerifyEmail" else "phone_number"
    with raises(
        idp,
        "InvalidLambdaResponseException",
        f"Invalid lambda response received: {flag} is set but the user has no {wanted}.",
    ):
        sign_up(idp, web, email=None)
    assert pool.users == {}


def test_auto_verify_with_the_attribute_confirms_and_verifies(idp, pool, web):
    pool.on("PreSignUp", recorder([], autoConfirmUser=True, autoVerifyEmail=True))
    assert sign_up(idp, web)["UserConfirmed"] is True
    assert auth_result(idp, web)["AccessToken"]


# --- 4. PreTokenGeneration gets RespondToAuthChallenge's ClientMetadata -------------------


def test_pre_token_generation_gets_respond_to_auth_challenge_client_metadata(idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("PreTokenGeneration", recorder(events))
    pool.create_user("bob", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    first = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "bob", "PASSWORD": PASSWORD},
        ClientMetadata={"step": "initiate"},
    )
    assert first["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=first["Session"],
        ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": "N3w-Passw0rd!"},
        ClientMetadata={"tenant": "acme"},
    )
    (event,) = events
    assert event["triggerSource"] == "TokenGeneration_NewPasswordChallenge"
    assert event["request"]["clientMetadata"] == {"tenant": "acme"}


# --- 6. UserMigration: the welcome message and enableSMSMFA --------------------------------


def migrate_carol(**response: Any) -> Any:
    """A migration trigger that knows carol (password Legacy-pass1)."""

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        if event["request"].get("password", "Legacy-pass1") != "Legacy-pass1":
            raise ValueError("Bad password")
        event["response"]["userAttributes"] = {
            "email": "carol@example.com",
            "email_verified": "true",
            "phone_number": "+15555550123",
        }
        event["response"].update(response)
        return event

    return handler


def test_migrated_user_gets_the_welcome_message_unless_suppressed(cognito_fake, idp, pool, web):
    pool.on("UserMigration", migrate_carol(desiredDeliveryMediums=["EMAIL"]))
    auth_result(idp, web, "carol", "Legacy-pass1")
    welcome = cognito_fake.outbox.last(to="carol@example.com")
    assert welcome.channel == "EMAIL"
    assert "carol" in welcome.text

    pool.on("UserMigration", migrate_carol(messageAction="SUPPRESS"))
    idp.admin_delete_user(UserPoolId=pool.id, Username="carol")
    before = len(cognito_fake.outbox)
    auth_result(idp, web, "carol", "Legacy-pass1")
    assert len(cognito_fake.outbox) == before


def test_migration_without_message_action_welcomes_by_sms(cognito_fake, idp, pool, web):
    pool.on("UserMigration", migrate_carol())
    auth_result(idp, web, "carol", "Legacy-pass1")
    assert cognito_fake.outbox.last(to="+15555550123").channel == "SMS"


def test_enable_sms_mfa_turns_on_sms_mfa_for_the_migrated_user(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "mfa",
        MfaConfiguration="OPTIONAL",
        SmsConfiguration={"SnsCallerArn": "arn:aws:iam::123456789012:role/sns"},
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.on("UserMigration", migrate_carol(enableSMSMFA=True, messageAction="SUPPRESS"))
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "carol", "PASSWORD": "Legacy-pass1"},
    )
    assert out["ChallengeName"] == "SMS_MFA"
    user = idp.admin_get_user(UserPoolId=pool.id, Username="carol")
    assert user["UserMFASettingList"] == ["SMS_MFA"]


# --- 7. CustomMessage: the request's ClientMetadata and the real app client id -------------


def test_custom_message_of_sign_up_carries_client_id_and_metadata(idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("CustomMessage", recorder(events))
    sign_up(idp, web, ClientMetadata={"campaign": "spring"})
    idp.resend_confirmation_code(
        ClientId=web.id, Username="alice", ClientMetadata={"campaign": "resend"}
    )
    sign_up_event, resend_event = events
    assert sign_up_event["triggerSource"] == "CustomMessage_SignUp"
    assert sign_up_event["callerContext"]["clientId"] == web.id
    assert sign_up_event["request"]["clientMetadata"] == {"campaign": "spring"}
    assert resend_event["callerContext"]["clientId"] == web.id
    assert resend_event["request"]["clientMetadata"] == {"campaign": "resend"}


def test_custom_message_of_an_invitation_has_no_client(idp, pool):
    events: list[dict[str, Any]] = []
    pool.on("CustomMessage", recorder(events))
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
        ClientMetadata={"inviter": "admin"},
    )
    (event,) = events
    assert event["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert event["request"]["clientMetadata"] == {"inviter": "admin"}


# --- 12. InitiateAuth's ClientMetadata is validationData for PreAuthentication / migration --


def test_initiate_auth_client_metadata_is_validation_data(idp, pool, web):
    pre: list[dict[str, Any]] = []
    migrations: list[dict[str, Any]] = []
    pool.on("PreAuthentication", recorder(pre))
    pool.on("UserMigration", lambda event: migrations.append(event) or migrate_carol()(event))
    idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "carol", "PASSWORD": "Legacy-pass1"},
        ClientMetadata={"device": "kiosk"},
    )
    for event in (migrations[0], pre[0]):
        assert event["request"]["validationData"] == {"device": "kiosk"}
        assert "clientMetadata" not in event["request"]


# --- 11. A handler that returns nothing is an invalid Lambda response ---------------------


@pytest.mark.parametrize("returned", [None, "ok", ["event"]])
def test_a_handler_must_return_the_event(idp, pool, web, returned):
    def handler(event: dict[str, Any]) -> Any:
        event["response"]["autoConfirmUser"] = True
        return returned

    pool.on("PreSignUp", handler)
    with raises(idp, "InvalidLambdaResponseException", "Invalid lambda response received"):
        sign_up(idp, web)
    assert pool.users == {}
