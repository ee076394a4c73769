"""Lambda triggers as Python callables: registration, the events they get, and what their
responses change (PreSignUp, PostConfirmation, Pre/PostAuthentication, PreTokenGeneration)."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import PASSWORD, attrs, auth_result, claims, raises, recorder, sign_in, sign_up


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    return cognito_fake.create_user_pool("app", AutoVerifiedAttributes=["email"])


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH", "REFRESH_TOKEN_AUTH"])


def failing(message: str) -> Any:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        raise ValueError(message)

    return handler


# --- PreSignUp ---------------------------------------------------------------------------


def test_pre_sign_up_gets_the_aws_event(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("PreSignUp", recorder(events))
    sign_up(
        idp,
        web,
        ValidationData=[{"Name": "invite", "Value": "x1"}],
        ClientMetadata={"source": "test"},
    )
    (event,) = events
    assert event["version"] == "1"
    assert event["triggerSource"] == "PreSignUp_SignUp"
    assert event["userPoolId"] == pool.id
    assert event["userName"] == "alice"
    assert event["region"] == pool.id.split("_")[0]
    assert event["callerContext"]["clientId"] == web.id
    assert event["request"] == {
        "userAttributes": {"email": "alice@example.com"},
        "validationData": {"invite": "x1"},
        "clientMetadata": {"source": "test"},
    }
    assert event["response"] == {
        "autoConfirmUser": False,
        "autoVerifyEmail": False,
        "autoVerifyPhone": False,
    }


def test_pre_sign_up_error_refuses_sign_up_and_stores_nothing(cognito_fake, idp, pool, web):
    pool.on("PreSignUp", failing("Invite code required"))
    with raises(
        idp, "UserLambdaValidationException", "PreSignUp failed with error Invite code required."
    ):
        sign_up(idp, web)
    assert pool.users == {}
    assert len(cognito_fake.outbox) == 0


def test_pre_sign_up_auto_confirm_and_verify(cognito_fake, idp, pool, web):
    confirmations: list[dict[str, Any]] = []
    pool.on("PreSignUp", recorder([], autoConfirmUser=True, autoVerifyEmail=True))
    pool.on("PostConfirmation", recorder(confirmations))
    out = sign_up(idp, web)
    assert out["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in out
    user = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert user["UserStatus"] == "CONFIRMED"
    assert attrs(user)["email_verified"] == "true"
    assert [e["triggerSource"] for e in confirmations] == ["PostConfirmation_ConfirmSignUp"]
    assert auth_result(idp, web)["AccessToken"]


def test_auto_verify_without_auto_confirm_fails_the_sign_up(cognito_fake, idp, pool, web):
    pool.on("PreSignUp", recorder([], autoVerifyEmail=True))
    with raises(
        idp,
        "InvalidLambdaResponseException",
        "Phone or email cannot be auto verified, when user is not being auto confirmed.",
    ):
        sign_up(idp, web)
    assert pool.users == {}


def test_admin_create_user_runs_pre_sign_up_and_ignores_its_flags(cognito_fake, idp, pool):
    events: list[dict[str, Any]] = []
    pool.on("PreSignUp", recorder(events, autoConfirmUser=True, autoVerifyEmail=True))
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        MessageAction="SUPPRESS",
    )
    assert events[0]["triggerSource"] == "PreSignUp_AdminCreateUser"
    assert events[0]["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    user = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert "email_verified" not in attrs(user)


def test_admin_create_user_refused_by_pre_sign_up(cognito_fake, idp, pool):
    pool.on("PreSignUp", failing("no admins today"))
    with raises(
        idp, "UserLambdaValidationException", "PreSignUp failed with error no admins today."
    ):
        idp.admin_create_user(UserPoolId=pool.id, Username="bob", MessageAction="SUPPRESS")
    assert pool.users == {}


# --- registration ------------------------------------------------------------------------


def test_lambda_config_arn_runs_the_registered_function(cognito_fake, idp):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up"
    events: list[dict[str, Any]] = []
    cognito_fake.lambda_function(arn, recorder(events, autoConfirmUser=True))
    pool = cognito_fake.create_user_pool("app", LambdaConfig={"PreSignUp": arn})
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    assert sign_up(idp, web)["UserConfirmed"] is True
    assert len(events) == 1


def test_lambda_config_arn_without_code_echoes_the_event(cognito_fake, idp):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:nothing"
    pool = cognito_fake.create_user_pool("app", LambdaConfig={"PreSignUp": arn})
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    assert sign_up(idp, web)["UserConfirmed"] is False


def test_trigger_helper_and_decorator(cognito_fake, idp, pool, web):
    seen: list[str] = []

    @pool.on("PreAuthentication")
    def pre_auth(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(event["triggerSource"])
        return event

    cognito_fake.trigger(pool, "PostAuthentication", recorder([]))
    pool.create_user("alice", password=PASSWORD)
    auth_result(idp, web)
    assert seen == ["PreAuthentication_Authentication"]
    with pytest.raises(ValueError, match="Unknown trigger 'PreSignup'"):
        pool.on("PreSignUp".replace("U", "u"), recorder([]))


def test_registrations_end_with_the_test_first(cognito_fake, idp, pool):
    pool.on("PreSignUp", failing("first test only"))


def test_registrations_end_with_the_test_second(cognito_fake, idp, pool, web):
    assert cognito_fake.service.lambdas.by_pool == {}
    assert sign_up(idp, web)["UserConfirmed"] is False


# --- PostConfirmation --------------------------------------------------------------------


def test_post_confirmation_after_confirm_sign_up(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("PostConfirmation", recorder(events))
    sign_up(idp, web)
    assert events == []
    code = cognito_fake.outbox.last().code
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    (event,) = events
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert event["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert event["request"]["userAttributes"]["email_verified"] == "true"
    assert event["request"]["userAttributes"]["sub"] == pool.user("alice").sub


def test_post_confirmation_error_leaves_user_confirmed(cognito_fake, idp, pool, web):
    pool.on("PostConfirmation", failing("crm down"))
    sign_up(idp, web)
    code = cognito_fake.outbox.last().code
    with raises(
        idp, "UserLambdaValidationException", "PostConfirmation failed with error crm down."
    ):
        idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=code)
    assert pool.user("alice").status == "CONFIRMED"


def test_post_confirmation_admin_confirm_and_forgot_password(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("PostConfirmation", recorder(events))
    sign_up(idp, web)
    idp.admin_confirm_sign_up(UserPoolId=pool.id, Username="alice")
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    idp.forgot_password(ClientId=web.id, Username="alice")
    code = cognito_fake.outbox.last().code
    idp.confirm_forgot_password(
        ClientId=web.id, Username="alice", ConfirmationCode=code, Password="N3w-passw0rd!"
    )
    assert [e["triggerSource"] for e in events] == [
        "PostConfirmation_ConfirmSignUp",
        "PostConfirmation_ConfirmForgotPassword",
    ]
    assert events[0]["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert events[1]["callerContext"]["clientId"] == web.id


# --- Pre/PostAuthentication --------------------------------------------------------------


def test_pre_authentication_denies_before_the_password_check(cognito_fake, idp, pool, web, alice):
    pool.on("PreAuthentication", failing("blocked"))
    with raises(
        idp, "UserLambdaValidationException", "PreAuthentication failed with error blocked."
    ):
        sign_in(idp, web, password="wrong")
    assert alice.record.lockout.failures == 0


def test_pre_and_post_authentication_events(cognito_fake, idp, pool, web, alice):
    pre: list[dict[str, Any]] = []
    post: list[dict[str, Any]] = []
    pool.on("PreAuthentication", recorder(pre))
    pool.on("PostAuthentication", recorder(post))
    auth_result(idp, web)
    assert pre[0]["request"]["userAttributes"]["email"] == "alice@example.com"
    assert post[0]["triggerSource"] == "PostAuthentication_Authentication"
    assert post[0]["request"]["newDeviceUsed"] is False
    assert post[0]["callerContext"]["clientId"] == web.id


def test_post_authentication_error_gives_no_tokens(cognito_fake, idp, pool, web, alice):
    pool.on("PostAuthentication", failing("audit failed"))
    with raises(
        idp, "UserLambdaValidationException", "PostAuthentication failed with error audit failed."
    ):
        sign_in(idp, web)
    assert cognito_fake.state.families == {}


# --- PreTokenGeneration ------------------------------------------------------------------


def test_pre_token_v1_adds_and_suppresses_id_claims(cognito_fake, idp, pool, web, alice):
    events: list[dict[str, Any]] = []
    override = {
        "claimsToAddOrOverride": {"tenant": "acme", "email": "hidden@example.com"},
        "claimsToSuppress": ["email_verified", "sub"],
    }
    pool.on("PreTokenGeneration", recorder(events, claimsOverrideDetails=override))
    tokens = auth_result(idp, web)
    id_claims, access = claims(tokens["IdToken"]), claims(tokens["AccessToken"])
    assert id_claims["tenant"] == "acme"
    assert id_claims["email"] == "hidden@example.com"
    assert "email_verified" not in id_claims
    assert id_claims["sub"] == alice.sub  # a protected claim stays
    assert "tenant" not in access
    assert events[0]["triggerSource"] == "TokenGeneration_Authentication"
    assert events[0]["request"]["groupConfiguration"] == {
        "groupsToOverride": [],
        "iamRolesToOverride": [],
        "preferredRole": None,
    }


def test_pre_token_group_override_in_both_tokens(cognito_fake, idp, pool, web, alice):
    idp.create_group(UserPoolId=pool.id, GroupName="staff")
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName="staff")
    events: list[dict[str, Any]] = []
    override = {"groupOverrideDetails": {"groupsToOverride": ["admins", "staff"]}}
    pool.on("PreTokenGeneration", recorder(events, claimsOverrideDetails=override))
    tokens = auth_result(idp, web)
    assert events[0]["request"]["groupConfiguration"]["groupsToOverride"] == ["staff"]
    assert claims(tokens["IdToken"])["cognito:groups"] == ["admins", "staff"]
    assert claims(tokens["AccessToken"])["cognito:groups"] == ["admins", "staff"]


def test_pre_token_on_refresh(cognito_fake, idp, pool, web, alice):
    events: list[dict[str, Any]] = []
    pool.on("PreTokenGeneration", recorder(events))
    refresh = auth_result(idp, web)["RefreshToken"]
    out = idp.initiate_auth(
        ClientId=web.id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh}
    )
    assert out["AuthenticationResult"]["IdToken"]
    assert [e["triggerSource"] for e in events] == [
        "TokenGeneration_Authentication",
        "TokenGeneration_RefreshTokens",
    ]


def test_pre_token_on_new_password_challenge(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("PreTokenGeneration", recorder(events))
    pool.create_user("bob", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    out = sign_in(idp, web, "bob")
    idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=out["Session"],
        ChallengeResponses={"USERNAME": "bob", "NEW_PASSWORD": "N3w-passw0rd!"},
    )
    assert [e["triggerSource"] for e in events] == ["TokenGeneration_NewPasswordChallenge"]


def test_pre_token_v2_edits_access_token_and_scopes(cognito_fake, idp, web_v2):
    pool, web = web_v2
    events: list[dict[str, Any]] = []
    details = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"plan": "pro"}},
        "accessTokenGeneration": {
            "claimsToAddOrOverride": {"tenant": "acme"},
            "scopesToAdd": ["orders/read"],
        },
    }
    pool.on("PreTokenGeneration", recorder(events, claimsAndScopeOverrideDetails=details))
    pool.create_user("alice", password=PASSWORD)
    tokens = auth_result(idp, web)
    access = claims(tokens["AccessToken"])
    assert access["tenant"] == "acme"
    assert access["scope"] == "aws.cognito.signin.user.admin orders/read"
    assert claims(tokens["IdToken"])["plan"] == "pro"
    assert events[0]["version"] == "2"
    assert events[0]["request"]["scopes"] == ["aws.cognito.signin.user.admin"]


@pytest.fixture
def web_v2(cognito_fake: Any) -> Any:
    arn = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"
    config = {"PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": arn}}
    pool = cognito_fake.create_user_pool("app", LambdaConfig=config)
    return pool, pool.create_client("web", flows=["USER_PASSWORD_AUTH"])


def test_pre_token_error_fails_sign_in(cognito_fake, idp, pool, web, alice):
    pool.on("PreTokenGeneration", failing("no tokens"))
    with raises(
        idp, "UserLambdaValidationException", "PreTokenGeneration failed with error no tokens."
    ):
        sign_in(idp, web)


def test_invalid_trigger_response(cognito_fake, idp, pool, web):
    pool.on("PreSignUp", lambda event: "not an event")
    with raises(idp, "InvalidLambdaResponseException", "Invalid lambda response received"):
        sign_up(idp, web)
    assert pool.users == {}


# --- UserMigration -----------------------------------------------------------------------

LEGACY = {"carol": "Legacy-pass1"}


def migration(events: list[dict[str, Any]], status: str | None = None) -> Any:
    """A migration trigger backed by a legacy user store (LEGACY)."""

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        name = event["userName"]
        if name not in LEGACY:
            raise ValueError("User not found")
        signing_in = event["triggerSource"] == "UserMigration_Authentication"
        if signing_in and event["request"]["password"] != LEGACY[name]:
            raise ValueError("Bad password")
        event["response"]["userAttributes"] = {
            "email": f"{name}@example.com",
            "email_verified": "true",
        }
        if status:
            event["response"]["finalUserStatus"] = status
        return event

    return handler


def test_migration_on_sign_in(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("UserMigration", migration(events))
    tokens = auth_result(idp, web, "carol", "Legacy-pass1")
    assert claims(tokens["IdToken"])["email"] == "carol@example.com"
    assert events[0]["triggerSource"] == "UserMigration_Authentication"
    assert events[0]["request"]["password"] == "Legacy-pass1"
    user = idp.admin_get_user(UserPoolId=pool.id, Username="carol")
    assert user["UserStatus"] == "CONFIRMED"
    auth_result(idp, web, "carol", "Legacy-pass1")
    assert len(events) == 1  # a migrated user is not migrated again


def test_migration_wrong_password_creates_nobody(cognito_fake, idp, pool, web):
    pool.on("UserMigration", migration([]))
    with raises(
        idp, "UserLambdaValidationException", "UserMigration failed with error Bad password."
    ):
        sign_in(idp, web, "carol", "guess")
    assert pool.users == {}


def test_migration_reset_required(cognito_fake, idp, pool, web):
    pool.on("UserMigration", migration([], status="RESET_REQUIRED"))
    with raises(idp, "PasswordResetRequiredException", "Password reset required for the user"):
        sign_in(idp, web, "carol", "Legacy-pass1")
    assert pool.user("carol").status == "RESET_REQUIRED"


def test_migration_on_forgot_password(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("UserMigration", migration(events))
    out = idp.forgot_password(ClientId=web.id, Username="carol")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert events[0]["triggerSource"] == "UserMigration_ForgotPassword"
    assert "password" not in events[0]["request"]
    code = cognito_fake.outbox.last(to="carol@example.com").code
    idp.confirm_forgot_password(
        ClientId=web.id, Username="carol", ConfirmationCode=code, Password="N3w-passw0rd!"
    )
    assert auth_result(idp, web, "carol", "N3w-passw0rd!")["AccessToken"]


def test_migration_without_attributes_is_an_unknown_user(cognito_fake, idp, pool, web):
    pool.on("UserMigration", lambda event: event)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        sign_in(idp, web, "dave", "whatever1A!")
    assert pool.users == {}


# --- CustomMessage -----------------------------------------------------------------------


def branded(events: list[dict[str, Any]]) -> Any:
    def handler(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        code = event["request"]["codeParameter"]
        event["response"]["emailSubject"] = "Welcome to Acme"
        event["response"]["emailMessage"] = f"Your Acme code: {code}"
        event["response"]["smsMessage"] = f"Acme {code}"
        return event

    return handler


def test_custom_message_on_sign_up_and_resend(cognito_fake, idp, pool, web):
    events: list[dict[str, Any]] = []
    pool.on("CustomMessage", branded(events))
    sign_up(idp, web)
    message = cognito_fake.outbox.last(purpose="sign_up")
    assert message.subject == "Welcome to Acme"
    assert message.text == f"Your Acme code: {message.code}"
    idp.resend_confirmation_code(ClientId=web.id, Username="alice")
    resent = cognito_fake.outbox.last(purpose="resend")
    assert resent.text == f"Your Acme code: {resent.code}"
    assert [e["triggerSource"] for e in events] == [
        "CustomMessage_SignUp",
        "CustomMessage_ResendCode",
    ]
    assert events[0]["request"]["codeParameter"] == "{####}"
    assert "usernameParameter" not in events[0]["request"]
    idp.confirm_sign_up(ClientId=web.id, Username="alice", ConfirmationCode=resent.code)


def test_custom_message_on_invitation(cognito_fake, idp, pool):
    events: list[dict[str, Any]] = []

    def invite(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        request = event["request"]
        event["response"]["emailMessage"] = (
            f"Hi {request['usernameParameter']}, use {request['codeParameter']}"
        )
        return event

    pool.on("CustomMessage", invite)
    idp.admin_create_user(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
        DesiredDeliveryMediums=["EMAIL"],
    )
    message = cognito_fake.outbox.last(to="bob@example.com")
    assert message.text == f"Hi bob, use {message.code}"
    assert message.subject == "Your temporary password"  # the trigger set none
    assert events[0]["triggerSource"] == "CustomMessage_AdminCreateUser"


def test_custom_message_without_code_placeholder_keeps_the_default(cognito_fake, idp, pool, web):
    def no_code(event: dict[str, Any]) -> dict[str, Any]:
        event["response"]["emailMessage"] = "Welcome!"
        return event

    pool.on("CustomMessage", no_code)
    sign_up(idp, web)
    message = cognito_fake.outbox.last(purpose="sign_up")
    assert message.code in message.text
    assert message.text != "Welcome!"


def test_custom_message_error_fails_the_call(cognito_fake, idp, pool, web, alice):
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="alice",
        UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    pool.on("CustomMessage", failing("template missing"))
    with raises(
        idp, "UserLambdaValidationException", "CustomMessage failed with error template missing."
    ):
        idp.forgot_password(ClientId=web.id, Username="alice")


def test_custom_message_on_attribute_verification(cognito_fake, idp, pool, web, alice):
    events: list[dict[str, Any]] = []
    pool.on("CustomMessage", branded(events))
    access = auth_result(idp, web)["AccessToken"]
    idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "email", "Value": "alice2@example.com"}]
    )
    assert [e["triggerSource"] for e in events] == [
        "CustomMessage_VerifyUserAttribute",
        "CustomMessage_UpdateUserAttribute",
    ]
    message = cognito_fake.outbox.last(to="alice2@example.com")
    assert message.text == f"Your Acme code: {message.code}"
