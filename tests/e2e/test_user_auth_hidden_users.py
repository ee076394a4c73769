"""USER_AUTH under PreventUserExistenceErrors=ENABLED: an unknown user gets the challenge a
known one would, and every answer fails as a wrong password does (AWS docs, "Managing user
existence error responses")."""

from __future__ import annotations

from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from ..helpers import PASSWORD, aws_error, respond

ALL = {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]}}
INCORRECT = "Incorrect username or password."


@pytest.fixture
def pool(cognito_fake: Any) -> Any:
    return cognito_fake.create_user_pool("app", Policies=ALL)


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_AUTH"], PreventUserExistenceErrors="ENABLED")


@pytest.fixture
def alice(pool: Any) -> Any:
    return pool.create_user(
        "alice", password=PASSWORD, email="alice@example.com", phone_number="+15555550100"
    )


def start(idp: Any, web: Any, username: str, **params: str) -> Any:
    return idp.initiate_auth(
        ClientId=web.id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": username, **params}
    )


def test_unknown_user_gets_a_selection_like_a_known_one(idp: Any, web: Any, alice: Any) -> None:
    known, unknown = start(idp, web, "alice"), start(idp, web, "bob")
    assert unknown.keys() == known.keys()
    assert unknown["ChallengeName"] == known["ChallengeName"] == "SELECT_CHALLENGE"
    assert unknown["AvailableChallenges"] == known["AvailableChallenges"]
    assert unknown["ChallengeParameters"].keys() == known["ChallengeParameters"].keys()
    assert unknown["ChallengeParameters"]["USERNAME"] == "bob"
    with aws_error(idp, "NotAuthorizedException", INCORRECT):
        respond(
            idp,
            web,
            "SELECT_CHALLENGE",
            unknown["Session"],
            USERNAME="bob",
            ANSWER="PASSWORD",
            PASSWORD=PASSWORD,
        )
    # As after a known user's wrong password, the Session stays and fails again alike.
    for name, out in (("alice", known), ("bob", unknown)):
        with aws_error(idp, "NotAuthorizedException", INCORRECT):
            respond(
                idp,
                web,
                "SELECT_CHALLENGE",
                out["Session"],
                USERNAME=name,
                ANSWER="PASSWORD",
                PASSWORD="Wr0ng-passw0rd",
            )


@pytest.mark.parametrize("answer", ["EMAIL_OTP", "SMS_OTP"])
def test_every_answer_of_an_unknown_user_fails_generically(idp: Any, web: Any, answer: str):
    out = start(idp, web, "bob")
    with aws_error(idp, "NotAuthorizedException", INCORRECT):
        respond(idp, web, "SELECT_CHALLENGE", out["Session"], USERNAME="bob", ANSWER=answer)


def test_unavailable_answer_is_refused_alike(idp: Any, web: Any, alice: Any) -> None:
    message = "The challenge WEB_AUTHN is not available for the user."
    for name in ("alice", "bob"):
        out = start(idp, web, name)
        with aws_error(idp, "InvalidParameterException", message):
            respond(idp, web, "SELECT_CHALLENGE", out["Session"], USERNAME=name, ANSWER="WEB_AUTHN")


def test_password_srp_answer_gets_a_simulated_verifier(pool: Any, web: Any, idp: Any) -> None:
    out = start(idp, web, "bob")
    srp = AWSSRP("bob", PASSWORD, pool.id, web.id, client=idp)
    step = respond(
        idp,
        web,
        "SELECT_CHALLENGE",
        out["Session"],
        USERNAME="bob",
        ANSWER="PASSWORD_SRP",
        SRP_A=format(srp.large_a_value, "x"),
    )
    assert step["ChallengeName"] == "PASSWORD_VERIFIER"
    with aws_error(idp, "NotAuthorizedException", INCORRECT):
        respond(
            idp,
            web,
            "PASSWORD_VERIFIER",
            step["Session"],
            **srp.process_challenge(step["ChallengeParameters"], {"USERNAME": "bob"}),
        )


def test_preferred_password_of_unknown_user_fails_at_once(idp: Any, web: Any) -> None:
    with aws_error(idp, "NotAuthorizedException", INCORRECT):
        start(idp, web, "bob", PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)


def test_legacy_client_still_says_the_user_does_not_exist(pool: Any, idp: Any) -> None:
    legacy = pool.create_client("legacy", flows=["USER_AUTH"])
    with aws_error(idp, "UserNotFoundException", "User does not exist."):
        start(idp, legacy, "bob")


@pytest.mark.parametrize(
    ("choice", "key", "medium"),
    [("EMAIL_OTP", "EMAIL_OTP_CODE", "EMAIL"), ("SMS_OTP", "SMS_OTP_CODE", "SMS")],
)
def test_preferred_code_of_unknown_user_looks_sent_and_fails(
    cognito_fake: Any, idp: Any, web: Any, alice: Any, choice: str, key: str, medium: str
) -> None:
    known = start(idp, web, "alice", PREFERRED_CHALLENGE=choice)
    unknown = start(idp, web, "bob", PREFERRED_CHALLENGE=choice)
    assert unknown.keys() == known.keys()
    assert unknown["ChallengeName"] == known["ChallengeName"] == choice
    assert unknown["ChallengeParameters"].keys() == known["ChallengeParameters"].keys()
    assert unknown["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == medium
    again = start(idp, web, "bob", PREFERRED_CHALLENGE=choice)
    destination = "CODE_DELIVERY_DESTINATION"
    assert again["ChallengeParameters"][destination] == unknown["ChallengeParameters"][destination]
    assert [m.to for m in cognito_fake.outbox if m.purpose == "otp"] == (
        ["alice@example.com"] if medium == "EMAIL" else ["+15555550100"]
    )
    with aws_error(idp, "CodeMismatchException", "Invalid code or auth state for the user."):
        respond(idp, web, choice, unknown["Session"], USERNAME="bob", **{key: "123456"})
