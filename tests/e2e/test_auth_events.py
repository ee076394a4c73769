from __future__ import annotations

from pytest_cognito_fake.api.auth_events import feedback_token

from ..helpers import raises, respond

PROTECTED = {"UserPoolTier": "PLUS", "UserPoolAddOns": {"AdvancedSecurityMode": "AUDIT"}}


def _sign_in(idp, client_id: str, password: str) -> None:
    idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": password},
    )


def test_real_sign_ins_are_listed_newest_first(cognito_fake, idp, freezer):
    pool = cognito_fake.create_user_pool("app", **PROTECTED)
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    freezer.move_to("2026-03-01 10:00:00")
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        _sign_in(idp, web.id, "wrong")
    freezer.move_to("2026-03-01 10:05:00")
    _sign_in(idp, web.id, "Passw0rd!")

    events = idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="alice")["AuthEvents"]
    assert [(e["EventType"], e["EventResponse"]) for e in events] == [
        ("SignIn", "Pass"),
        ("SignIn", "Fail"),
    ]
    assert events[0]["CreationDate"].isoformat().startswith("2026-03-01T10:05:00")
    assert events[1]["CreationDate"].isoformat().startswith("2026-03-01T10:00:00")
    assert events[0]["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"}
    ]
    assert events[1]["ChallengeResponses"][0]["ChallengeResponse"] == "Failure"
    assert events[0]["EventContextData"]["IpAddress"] == "127.0.0.1"
    assert events[0]["EventRisk"]["RiskDecision"] == "NoRisk"
    assert "EventFeedback" not in events[0]


def test_pagination_and_errors(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app", **PROTECTED)
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    for _ in range(3):
        _sign_in(idp, web.id, "Passw0rd!")
    first = idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="alice", MaxResults=2)
    assert len(first["AuthEvents"]) == 2
    rest = idp.admin_list_user_auth_events(
        UserPoolId=pool.id, Username="alice", MaxResults=2, NextToken=first["NextToken"]
    )
    assert len(rest["AuthEvents"]) == 1
    assert "NextToken" not in rest
    ids = {e["EventId"] for e in first["AuthEvents"] + rest["AuthEvents"]}
    assert len(ids) == 3
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="ghost")

    plain = cognito_fake.create_user_pool("plain")
    plain.create_user("alice", password="Passw0rd!")
    with raises(
        idp,
        "UserPoolAddOnNotEnabledException",
        "Advanced security features are not enabled for this user pool.",
    ):
        idp.admin_list_user_auth_events(UserPoolId=plain.id, Username="alice")


def test_feedback_admin_and_user(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app", **PROTECTED)
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    _sign_in(idp, web.id, "Passw0rd!")
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        _sign_in(idp, web.id, "bad-password")
    fail, ok = idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="alice")["AuthEvents"]
    idp.admin_update_auth_event_feedback(
        UserPoolId=pool.id, Username="alice", EventId=ok["EventId"], FeedbackValue="Valid"
    )
    token = feedback_token(cognito_fake.state, pool.id, "alice", fail["EventId"])
    with raises(idp, "NotAuthorizedException", "Invalid feedback token."):
        idp.update_auth_event_feedback(
            UserPoolId=pool.id,
            Username="alice",
            EventId=fail["EventId"],
            FeedbackToken="not-the-token",
            FeedbackValue="Invalid",
        )
    idp.update_auth_event_feedback(
        UserPoolId=pool.id,
        Username="alice",
        EventId=fail["EventId"],
        FeedbackToken=token,
        FeedbackValue="Invalid",
    )
    fail, ok = idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="alice")["AuthEvents"]
    assert ok["EventFeedback"]["FeedbackValue"] == "Valid"
    assert ok["EventFeedback"]["Provider"] == "Admin"
    assert fail["EventFeedback"]["FeedbackValue"] == "Invalid"
    assert "FeedbackDate" in fail["EventFeedback"]
    with raises(idp, "ResourceNotFoundException", "Auth event not found."):
        idp.admin_update_auth_event_feedback(
            UserPoolId=pool.id, Username="alice", EventId="no-such-event", FeedbackValue="Valid"
        )


def test_mfa_sign_in_records_both_steps(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app", **PROTECTED)
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id, EmailMfaConfiguration={}, MfaConfiguration="OPTIONAL"
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    idp.admin_set_user_mfa_preference(
        UserPoolId=pool.id,
        Username="alice",
        EmailMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    start = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"},
    )
    assert start["ChallengeName"] == "EMAIL_OTP"
    code = cognito_fake.outbox.last(to="alice@example.com").code
    respond(idp, web, "EMAIL_OTP", start["Session"], EMAIL_OTP_CODE=code)
    (event,) = idp.admin_list_user_auth_events(UserPoolId=pool.id, Username="alice")["AuthEvents"]
    assert event["EventResponse"] == "Pass"
    assert event["ChallengeResponses"] == [
        {"ChallengeName": "Password", "ChallengeResponse": "Success"},
        {"ChallengeName": "Mfa", "ChallengeResponse": "Success"},
    ]
