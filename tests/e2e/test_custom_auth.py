"""CUSTOM_AUTH through boto3: the Define/Create/Verify trigger loop, its Session and history,
token issue, failure, and the errors when the pool has no triggers."""

from __future__ import annotations

from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from ..helpers import PASSWORD, claims, raises

SECRET = "42"


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["CUSTOM_AUTH", "USER_PASSWORD_AUTH"])


@pytest.fixture
def events(pool: Any) -> dict[str, list[dict[str, Any]]]:
    """A one-question challenge (three wrong answers fail), recording every event."""
    seen: dict[str, list[dict[str, Any]]] = {"define": [], "create": [], "verify": []}

    def define(event: dict[str, Any]) -> dict[str, Any]:
        seen["define"].append(event)
        session = event["request"]["session"]
        if session and session[-1]["challengeResult"]:
            event["response"].update(issueTokens=True, failAuthentication=False)
        elif len(session) >= 3:
            event["response"].update(issueTokens=False, failAuthentication=True)
        else:
            event["response"].update(
                issueTokens=False, failAuthentication=False, challengeName="CUSTOM_CHALLENGE"
            )
        return event

    def create(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen["create"].append(event)
        event["response"]["publicChallengeParameters"] = {"question": "6 x 7?"}
        event["response"]["privateChallengeParameters"] = {"answer": SECRET}
        event["response"]["challengeMetadata"] = f"QUESTION-{len(seen['create'])}"
        return event

    def verify(event: dict[str, Any]) -> dict[str, Any]:
        seen["verify"].append(event)
        expected = event["request"]["privateChallengeParameters"]["answer"]
        event["response"]["answerCorrect"] = event["request"]["challengeAnswer"] == expected
        return event

    pool.on("DefineAuthChallenge", define)
    pool.on("CreateAuthChallenge", create)
    pool.on("VerifyAuthChallengeResponse", verify)
    return seen


def start(idp: Any, client: Any, username: str = "alice") -> Any:
    return idp.initiate_auth(
        ClientId=client.id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": username}
    )


def answer(idp: Any, client: Any, session: str, value: str) -> Any:
    return idp.respond_to_auth_challenge(
        ClientId=client.id,
        ChallengeName="CUSTOM_CHALLENGE",
        Session=session,
        ChallengeResponses={"USERNAME": "alice", "ANSWER": value},
    )


def test_challenge_then_tokens(cognito_fake, idp, pool, web, alice, events):
    out = start(idp, web)
    assert out["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert out["ChallengeParameters"] == {"question": "6 x 7?", "USERNAME": "alice"}
    assert events["define"][0]["request"]["session"] == []
    assert events["define"][0]["triggerSource"] == "DefineAuthChallenge_Authentication"
    assert events["create"][0]["request"]["challengeName"] == "CUSTOM_CHALLENGE"
    assert events["create"][0]["triggerSource"] == "CreateAuthChallenge_Authentication"
    done = answer(idp, web, out["Session"], SECRET)
    tokens = done["AuthenticationResult"]
    assert claims(tokens["IdToken"])["cognito:username"] == "alice"
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    assert events["verify"][0]["request"]["challengeAnswer"] == SECRET
    assert events["verify"][0]["request"]["privateChallengeParameters"] == {"answer": SECRET}
    assert events["define"][1]["request"]["session"] == [
        {
            "challengeName": "CUSTOM_CHALLENGE",
            "challengeResult": True,
            "challengeMetadata": "QUESTION-1",
        }
    ]


def test_wrong_answers_then_failure(cognito_fake, idp, pool, web, alice, events):
    session = start(idp, web)["Session"]
    for _ in range(2):
        out = answer(idp, web, session, "41")
        assert out["ChallengeName"] == "CUSTOM_CHALLENGE"
        assert out["Session"] != session
        session = out["Session"]
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        answer(idp, web, session, "41")
    results = [e["challengeResult"] for e in events["define"][-1]["request"]["session"]]
    assert results == [False, False, False]
    with raises(
        idp,
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    ):
        answer(idp, web, session, SECRET)


def test_used_session_is_refused(cognito_fake, idp, pool, web, alice, events):
    first = start(idp, web)["Session"]
    answer(idp, web, first, "41")
    with raises(
        idp,
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    ):
        answer(idp, web, first, SECRET)


def test_define_can_issue_tokens_at_once(cognito_fake, idp, pool, web, alice):
    def define(event: dict[str, Any]) -> dict[str, Any]:
        event["response"].update(issueTokens=True, failAuthentication=False)
        return event

    pre_token: list[str] = []
    pool.on("DefineAuthChallenge", define)
    pool.on("PreTokenGeneration", lambda e: pre_token.append(e["triggerSource"]) or e)
    out = start(idp, web)
    assert out["AuthenticationResult"]["RefreshToken"]
    assert pre_token == ["TokenGeneration_Authentication"]


def test_without_triggers(cognito_fake, idp, pool, web, alice):
    with raises(
        idp,
        "InvalidParameterException",
        "Custom auth lambda trigger is not configured for the user pool.",
    ):
        start(idp, web)


def test_unknown_and_disabled_users(cognito_fake, idp, pool, web, alice, events):
    with raises(idp, "UserNotFoundException", "User does not exist."):
        start(idp, web, "nobody")
    idp.admin_disable_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "NotAuthorizedException", "User is disabled."):
        start(idp, web)
    assert events["define"] == []


def test_define_error_and_bad_challenge_name(cognito_fake, idp, pool, web, alice):
    pool.on("DefineAuthChallenge", lambda event: 1 / 0)
    with raises(
        idp,
        "UserLambdaValidationException",
        "DefineAuthChallenge failed with error division by zero.",
    ):
        start(idp, web)

    def define(event: dict[str, Any]) -> dict[str, Any]:
        event["response"]["challengeName"] = "SMS_MFA"
        return event

    pool.on("DefineAuthChallenge", define)
    with raises(
        idp,
        "InvalidLambdaResponseException",
        "Invalid challengeName 'SMS_MFA' from DefineAuthChallenge"
        " (this fake supports CUSTOM_CHALLENGE).",
    ):
        start(idp, web)


def test_flow_not_enabled_for_client(cognito_fake, idp, pool, alice, events):
    other = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with raises(idp, "InvalidParameterException", "CUSTOM_AUTH is not enabled for the client."):
        start(idp, other)


def test_pre_and_post_authentication_run(cognito_fake, idp, pool, web, alice, events):
    order: list[str] = []
    pool.on("PreAuthentication", lambda e: order.append(e["triggerSource"]) or e)
    pool.on("PostAuthentication", lambda e: order.append(e["triggerSource"]) or e)
    out = start(idp, web)
    assert order == ["PreAuthentication_Authentication"]
    answer(idp, web, out["Session"], SECRET)
    assert order[-1] == "PostAuthentication_Authentication"


def test_admin_initiate_auth_custom(cognito_fake, idp, pool, web, alice, events):
    out = idp.admin_initiate_auth(
        UserPoolId=pool.id,
        ClientId=web.id,
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={"USERNAME": "alice"},
    )
    done = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id,
        ClientId=web.id,
        ChallengeName="CUSTOM_CHALLENGE",
        Session=out["Session"],
        ChallengeResponses={"USERNAME": "alice", "ANSWER": SECRET},
    )
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "alice"


def test_client_metadata_reaches_the_triggers_of_respond_only(
    cognito_fake, idp, pool, web, alice, events
):
    pre: list[dict[str, Any]] = []
    pool.on("PreAuthentication", lambda e: pre.append(e) or e)
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={"USERNAME": "alice"},
        ClientMetadata={"step": "initiate"},
    )
    # InitiateAuth's ClientMetadata reaches PreAuthentication as validationData (issue 15).
    assert pre[0]["request"]["validationData"] == {"step": "initiate"}
    assert "clientMetadata" not in pre[0]["request"]
    assert "clientMetadata" not in events["define"][0]["request"]
    idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="CUSTOM_CHALLENGE",
        Session=out["Session"],
        ChallengeResponses={"USERNAME": "alice", "ANSWER": SECRET},
        ClientMetadata={"step": "respond"},
    )
    assert events["verify"][0]["request"]["clientMetadata"] == {"step": "respond"}
    assert events["define"][1]["request"]["clientMetadata"] == {"step": "respond"}


@pytest.mark.parametrize("password", [PASSWORD, "Wr0ng-passw0rd"])
def test_custom_auth_may_start_with_srp(cognito_fake, idp, pool, web, alice, password):
    """Issue 15, item 10: SRP_A + CHALLENGE_NAME=SRP_A, PASSWORD_VERIFIER, then the custom
    challenges; DefineAuthChallenge sees both SRP steps in the history."""
    seen: list[list[dict[str, Any]]] = []

    def define(event: dict[str, Any]) -> dict[str, Any]:
        session = event["request"]["session"]
        seen.append(session)
        names = [entry["challengeName"] for entry in session]
        if names == ["SRP_A"]:
            event["response"]["challengeName"] = "PASSWORD_VERIFIER"
        elif names == ["SRP_A", "PASSWORD_VERIFIER"] and session[1]["challengeResult"]:
            event["response"]["challengeName"] = "CUSTOM_CHALLENGE"
        elif len(names) == 3 and session[2]["challengeResult"]:
            event["response"]["issueTokens"] = True
        else:
            event["response"]["failAuthentication"] = True
        return event

    pool.on("DefineAuthChallenge", define)
    pool.on(
        "CreateAuthChallenge",
        lambda e: (
            e["response"].update(
                publicChallengeParameters={"question": "6 x 7?"},
                privateChallengeParameters={"answer": SECRET},
            )
            or e
        ),
    )
    pool.on(
        "VerifyAuthChallengeResponse",
        lambda e: (
            e["response"].update(answerCorrect=e["request"]["challengeAnswer"] == SECRET) or e
        ),
    )
    srp_client = AWSSRP("alice", password, pool.id, web.id, client=idp)
    out = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={**srp_client.get_auth_params(), "CHALLENGE_NAME": "SRP_A"},
    )
    assert out["ChallengeName"] == "PASSWORD_VERIFIER"
    responses = srp_client.process_challenge(out["ChallengeParameters"], {"USERNAME": "alice"})
    if password != PASSWORD:
        with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
            idp.respond_to_auth_challenge(
                ClientId=web.id,
                ChallengeName="PASSWORD_VERIFIER",
                Session=out["Session"],
                ChallengeResponses=responses,
            )
        assert seen[-1][1] == {"challengeName": "PASSWORD_VERIFIER", "challengeResult": False}
        return
    custom = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="PASSWORD_VERIFIER",
        Session=out["Session"],
        ChallengeResponses=responses,
    )
    assert custom["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert custom["ChallengeParameters"]["question"] == "6 x 7?"
    done = answer(idp, web, custom["Session"], SECRET)
    assert claims(done["AuthenticationResult"]["AccessToken"])["username"] == "alice"
    assert [e["challengeName"] for e in seen[-1]] == [
        "SRP_A",
        "PASSWORD_VERIFIER",
        "CUSTOM_CHALLENGE",
    ]


def test_unknown_user_runs_the_triggers_when_existence_is_hidden(cognito_fake, idp, pool, events):
    """Issue 15, item 8: PreventUserExistenceErrors ENABLED: the challenge triggers run with
    userNotFound true, and the sign-in fails at the end as a wrong answer would."""
    hidden = pool.create_client(
        "hidden", flows=["CUSTOM_AUTH"], PreventUserExistenceErrors="ENABLED"
    )
    out = start(idp, hidden, "nobody")
    assert out["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert out["ChallengeParameters"]["question"] == "6 x 7?"
    define, create = events["define"][0], events["create"][0]
    for event in (define, create):
        assert event["request"]["userNotFound"] is True
        assert event["request"]["userAttributes"] == {}
        assert event["userName"] == "nobody"
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        idp.respond_to_auth_challenge(
            ClientId=hidden.id,
            ChallengeName="CUSTOM_CHALLENGE",
            Session=out["Session"],
            ChallengeResponses={"USERNAME": "nobody", "ANSWER": SECRET},
            ClientMetadata={"k": "v"},
        )
    verify = events["verify"][0]
    assert verify["request"]["userNotFound"] is True
    assert verify["request"]["clientMetadata"] == {"k": "v"}
    assert pool.users == {} or "nobody" not in pool.users


def test_unknown_user_fails_at_once_without_hiding(cognito_fake, idp, pool, web, events):
    with raises(idp, "UserNotFoundException", "User does not exist."):
        start(idp, web, "nobody")
    assert events["define"] == []
