"""Sign-in through boto3: password flows, client checks, user states, SECRET_HASH,
NEW_PASSWORD_REQUIRED and challenge sessions, with AWS's exception classes and messages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ..helpers import PASSWORD, raises, respond, sign_in, username_of


@pytest.fixture
def web(pool: Any) -> Any:
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH"])


def admin_sign_in(idp: Any, client: Any, username: str, flow: str = "ADMIN_USER_PASSWORD_AUTH"):
    return idp.admin_initiate_auth(
        UserPoolId=client.pool.id,
        ClientId=client.id,
        AuthFlow=flow,
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )


# --- password flows -----------------------------------------------------------------------


def test_user_password_auth_returns_tokens(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, email="alice@example.com")
    out = sign_in(idp, web, "alice")
    result = out["AuthenticationResult"]
    assert out["ChallengeParameters"] == {}
    assert "Session" not in out
    assert "ChallengeName" not in out
    assert result["TokenType"] == "Bearer"
    assert result["ExpiresIn"] == 3600
    assert len(result["RefreshToken"].split(".")) == 5
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == "alice"


@pytest.mark.parametrize("flow", ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
def test_admin_password_flows(idp: Any, pool: Any, web: Any, flow: str) -> None:
    pool.create_user("alice", password=PASSWORD)
    result = admin_sign_in(idp, web, "alice", flow)["AuthenticationResult"]
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == "alice"


def test_sign_in_by_email_in_email_username_pool(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool("app", UsernameAttributes=["email"])
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    user = pool.create_user("alice@example.com", password=PASSWORD)
    result = sign_in(idp, web, "alice@example.com")["AuthenticationResult"]
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == user.sub


def test_admin_flow_on_initiate_auth_is_not_supported(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    with raises(idp, "InvalidParameterException", "Initiate Auth method not supported."):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
    with raises(idp, "InvalidParameterException", "Initiate Auth method not supported."):
        admin_sign_in(idp, web, "alice", "USER_PASSWORD_AUTH")


@pytest.mark.parametrize(
    ("flows", "call", "message"),
    [
        (["ALLOW_USER_SRP_AUTH"], "client", "USER_PASSWORD_AUTH flow not enabled for this client"),
        (["ALLOW_USER_PASSWORD_AUTH"], "admin", "Auth flow not enabled for this client"),
    ],
)
def test_explicit_auth_flows_are_enforced(
    idp: Any, pool: Any, flows: list[str], call: str, message: str
) -> None:
    client = pool.create_client("narrow", flows=flows)
    pool.create_user("alice", password=PASSWORD)
    with raises(idp, "InvalidParameterException", message):
        if call == "client":
            sign_in(idp, client, "alice")
        else:
            admin_sign_in(idp, client, "alice")


def test_refresh_flow_needs_allow_refresh_token_auth(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    refresh = sign_in(idp, web, "alice")["AuthenticationResult"]["RefreshToken"]
    idp.update_user_pool_client(
        UserPoolId=pool.id, ClientId=web.id, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )
    with raises(
        idp, "InvalidParameterException", "Refresh Token auth flow not enabled for this client"
    ):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh},
        )


@pytest.mark.parametrize(
    ("legacy", "call"), [("USER_PASSWORD_AUTH", "client"), ("ADMIN_NO_SRP_AUTH", "admin")]
)
def test_legacy_flow_names_allow_their_flows(idp: Any, pool: Any, legacy: str, call: str) -> None:
    out = idp.create_user_pool_client(
        UserPoolId=pool.id, ClientName="old", ExplicitAuthFlows=[legacy]
    )
    pool.create_user("alice", password=PASSWORD)
    client_id = out["UserPoolClient"]["ClientId"]
    params = {"USERNAME": "alice", "PASSWORD": PASSWORD}
    if call == "client":
        out = idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params
        )
    else:
        out = idp.admin_initiate_auth(
            UserPoolId=pool.id,
            ClientId=client_id,
            AuthFlow="ADMIN_NO_SRP_AUTH",
            AuthParameters=params,
        )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


@pytest.mark.parametrize(
    ("params", "missing"),
    [({}, "USERNAME"), ({"USERNAME": "alice"}, "PASSWORD"), ({"PASSWORD": PASSWORD}, "USERNAME")],
)
def test_missing_auth_parameters(
    idp: Any, pool: Any, web: Any, params: dict[str, str], missing: str
) -> None:
    pool.create_user("alice", password=PASSWORD)
    with raises(idp, "InvalidParameterException", f"Missing required parameter {missing}"):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params)


def test_no_auth_parameters_at_all(idp: Any, pool: Any, web: Any) -> None:
    with raises(idp, "InvalidParameterException", "Missing required parameter USERNAME"):
        idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH")


def test_unknown_client(idp: Any, pool: Any) -> None:
    with raises(idp, "ResourceNotFoundException", "User pool client nosuchclient does not exist."):
        idp.initiate_auth(
            ClientId="nosuchclient",
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "a", "PASSWORD": "b"},
        )


def test_admin_auth_with_client_of_another_pool(cognito_fake: Any, idp: Any, pool: Any) -> None:
    other = cognito_fake.create_user_pool("other").create_client(
        "x", flows=["ADMIN_USER_PASSWORD_AUTH"]
    )
    pool.create_user("alice", password=PASSWORD)
    with raises(idp, "ResourceNotFoundException", f"User pool client {other.id} does not exist."):
        idp.admin_initiate_auth(
            UserPoolId=pool.id,
            ClientId=other.id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )


# --- users that cannot sign in ----------------------------------------------------------------


def test_unknown_user_legacy_and_enabled(idp: Any, pool: Any, web: Any) -> None:
    with raises(idp, "UserNotFoundException", "User does not exist."):
        sign_in(idp, web, "nobody")
    hidden = pool.create_client(
        "hidden", flows=["USER_PASSWORD_AUTH"], PreventUserExistenceErrors="ENABLED"
    )
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, hidden, "nobody")


def test_wrong_password(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "alice", "Wrong-passw0rd")


def test_disabled_user(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, enabled=False)
    with raises(idp, "NotAuthorizedException", "User is disabled."):
        sign_in(idp, web, "alice")
    with raises(idp, "NotAuthorizedException", "User is disabled."):
        admin_sign_in(idp, web, "alice")


def test_unconfirmed_user(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="UNCONFIRMED")
    with raises(idp, "UserNotConfirmedException", "User is not confirmed."):
        sign_in(idp, web, "alice")
    # A wrong password is still the password error, whatever the status.
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "alice", "Wrong-passw0rd")


def test_reset_required_user_legacy_and_enabled(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="RESET_REQUIRED")
    with raises(idp, "PasswordResetRequiredException", "Password reset required for the user"):
        sign_in(idp, web, "alice")
    hidden = pool.create_client(
        "hidden", flows=["USER_PASSWORD_AUTH"], PreventUserExistenceErrors="ENABLED"
    )
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, hidden, "alice")


def test_lockout_after_repeated_wrong_passwords(idp: Any, pool: Any, web: Any, freezer) -> None:
    pool.create_user("alice", password=PASSWORD)
    for _ in range(5):
        with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
            sign_in(idp, web, "alice", "Wrong-passw0rd")
    # Even the right password is refused while locked.
    with raises(idp, "NotAuthorizedException", "Password attempts exceeded"):
        sign_in(idp, web, "alice")
    freezer.tick(2)
    assert "AccessToken" in sign_in(idp, web, "alice")["AuthenticationResult"]


# --- SECRET_HASH ------------------------------------------------------------------------------


@pytest.fixture
def secret_client(pool: Any) -> Any:
    return pool.create_client("server", flows=["USER_PASSWORD_AUTH"], secret=True)


def test_secret_hash_missing_wrong_and_right(idp: Any, pool: Any, secret_client: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    cid = secret_client.id
    with raises(
        idp,
        "NotAuthorizedException",
        f"Client {cid} is configured with secret but SECRET_HASH was not received",
    ):
        sign_in(idp, secret_client, "alice")
    with raises(idp, "NotAuthorizedException", f"Unable to verify secret hash for client {cid}"):
        sign_in(idp, secret_client, "alice", SECRET_HASH=secret_client.secret_hash("bob"))
    out = sign_in(idp, secret_client, "alice", SECRET_HASH=secret_client.secret_hash("alice"))
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_secret_hash_checked_before_user_lookup(idp: Any, pool: Any, secret_client: Any) -> None:
    with raises(
        idp, "NotAuthorizedException", f"Unable to verify secret hash for client {secret_client.id}"
    ):
        sign_in(idp, secret_client, "nobody", SECRET_HASH="d3Jvbmc=")


def test_secret_hash_on_refresh(idp: Any, pool: Any, secret_client: Any) -> None:
    pool.create_user("alice", password=PASSWORD)
    good = secret_client.secret_hash("alice")
    refresh = sign_in(idp, secret_client, "alice", SECRET_HASH=good)["AuthenticationResult"][
        "RefreshToken"
    ]
    cid = secret_client.id
    with raises(
        idp,
        "NotAuthorizedException",
        f"Client {cid} is configured with secret but SECRET_HASH was not received",
    ):
        idp.initiate_auth(
            ClientId=cid, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh}
        )
    with raises(idp, "NotAuthorizedException", f"Unable to verify secret hash for client {cid}"):
        idp.initiate_auth(
            ClientId=cid,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={
                "REFRESH_TOKEN": refresh,
                "SECRET_HASH": secret_client.secret_hash("x"),
            },
        )
    out = idp.initiate_auth(
        ClientId=cid,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh, "SECRET_HASH": good},
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_secret_hash_on_challenge_response(idp: Any, pool: Any, secret_client: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    good = secret_client.secret_hash("alice")
    session = sign_in(idp, secret_client, "alice", SECRET_HASH=good)["Session"]
    answer = {"USERNAME": "alice", "NEW_PASSWORD": "N3w-passw0rd"}
    cid = secret_client.id
    with raises(
        idp,
        "NotAuthorizedException",
        f"Client {cid} is configured with secret but SECRET_HASH was not received",
    ):
        idp.respond_to_auth_challenge(
            ClientId=cid,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=session,
            ChallengeResponses=answer,
        )
    out = idp.respond_to_auth_challenge(
        ClientId=cid,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=session,
        ChallengeResponses={**answer, "SECRET_HASH": good},
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


# --- NEW_PASSWORD_REQUIRED ---------------------------------------------------------------------


def _new_password_challenge(idp: Any, client: Any, username: str = "alice") -> dict[str, Any]:
    out = sign_in(idp, client, username)
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    return out


def _answer(idp: Any, client: Any, session: str, **responses: str) -> dict[str, Any]:
    answers = {"NEW_PASSWORD": "N3w-passw0rd", **responses}
    return respond(idp, client, "NEW_PASSWORD_REQUIRED", session, **answers)


def test_new_password_required_round_trip(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD", email="a@b.co")
    out = _new_password_challenge(idp, web)
    params = out["ChallengeParameters"]
    assert params["USER_ID_FOR_SRP"] == "alice"
    assert json.loads(params["requiredAttributes"]) == []
    assert json.loads(params["userAttributes"]) == {"email": "a@b.co", "email_verified": "true"}
    assert "AuthenticationResult" not in out
    done = _answer(idp, web, out["Session"])
    assert done["ChallengeParameters"] == {}
    assert idp.get_user(AccessToken=done["AuthenticationResult"]["AccessToken"])
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == "CONFIRMED"
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "alice")
    assert "AccessToken" in sign_in(idp, web, "alice", "N3w-passw0rd")["AuthenticationResult"]


def test_session_is_single_use(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _new_password_challenge(idp, web)["Session"]
    _answer(idp, web, session)
    with raises(
        idp,
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    ):
        _answer(idp, web, session)


def test_admin_respond_to_auth_challenge(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    out = admin_sign_in(idp, web, "alice")
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    done = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id,
        ClientId=web.id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=out["Session"],
        ChallengeResponses={"USERNAME": "alice", "NEW_PASSWORD": "N3w-passw0rd"},
    )
    assert "IdToken" in done["AuthenticationResult"]


def test_required_attribute_must_be_given(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool(
        "app", Schema=[{"Name": "name", "AttributeDataType": "String", "Required": True}]
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    out = _new_password_challenge(idp, web)
    assert json.loads(out["ChallengeParameters"]["requiredAttributes"]) == ["userAttributes.name"]
    with raises(idp, "InvalidParameterException", "Invalid attributes given, name is missing"):
        _answer(idp, web, out["Session"])
    # The failed answer changed nothing and the session still stands.
    assert idp.admin_get_user(UserPoolId=pool.id, Username="alice")["UserStatus"] == (
        "FORCE_CHANGE_PASSWORD"
    )
    done = _answer(idp, web, out["Session"], **{"userAttributes.name": "Alice"})
    attrs = idp.get_user(AccessToken=done["AuthenticationResult"]["AccessToken"])
    assert {"Name": "name", "Value": "Alice"} in attrs["UserAttributes"]


def test_new_password_must_meet_policy(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _new_password_challenge(idp, web)["Session"]
    with raises(
        idp,
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    ):
        _answer(idp, web, session, NEW_PASSWORD="Sh0rt!")
    assert pool.users["alice"].status == "FORCE_CHANGE_PASSWORD"
    assert "AuthenticationResult" in _answer(idp, web, session)


def test_unwritable_attribute_is_refused(idp: Any, pool: Any) -> None:
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"], WriteAttributes=["name"])
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _new_password_challenge(idp, web)["Session"]
    with raises(
        idp, "NotAuthorizedException", "A client attempted to write unauthorized attribute"
    ):
        _answer(idp, web, session, **{"userAttributes.family_name": "Smith"})
    assert "family_name" not in pool.users["alice"].attributes
    done = _answer(idp, web, session, **{"userAttributes.name": "Alice"})
    assert "AuthenticationResult" in done
    assert pool.users["alice"].attributes["name"] == "Alice"


def test_provided_required_attribute_cannot_change(cognito_fake: Any, idp: Any) -> None:
    pool = cognito_fake.create_user_pool(
        "app", Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True}]
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD", email="a@b.co")
    session = _new_password_challenge(idp, web)["Session"]
    with raises(idp, "NotAuthorizedException", "Cannot modify an already provided email"):
        _answer(idp, web, session, **{"userAttributes.email": "c@d.co"})
    assert pool.users["alice"].attributes["email"] == "a@b.co"


def test_wrong_challenge_name_and_bad_sessions(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    session = _new_password_challenge(idp, web)["Session"]
    with raises(
        idp,
        "InvalidParameterException",
        "Invalid challenge name SMS_MFA; the session expects NEW_PASSWORD_REQUIRED.",
    ):
        respond(idp, web, "SMS_MFA", session, SMS_MFA_CODE="123456")
    with raises(idp, "NotAuthorizedException", "Invalid session for the user."):
        _answer(idp, web, "x" * 40)
    other = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with raises(idp, "NotAuthorizedException", "Invalid session for the user."):
        _answer(idp, other, session)
    assert "AuthenticationResult" in _answer(idp, web, session)
