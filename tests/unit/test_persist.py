"""The --state codec: any state the service holds comes back equal, and nothing outside the
package is saved or rebuilt."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from pytest_cognito_fake import persist
from pytest_cognito_fake.outbox import Message, Outbox
from pytest_cognito_fake.state.store import State


def _round_trip(value: object) -> object:
    return persist.decode(json.loads(json.dumps(persist.encode(value))))


def test_containers_and_records_come_back_equal_and_typed() -> None:
    state = State()
    state.spent_sessions["b"] = True
    state.domains["auth"] = "us-east-1_x"
    state.outbox.append(Message("a@b.c", "EMAIL", "sign_up", "123456", "t", None, "p", "u", 1.5))
    back = _round_trip(state)
    assert back == state
    assert isinstance(back, State)
    assert type(back.outbox) is Outbox
    for value in ({"b", "a"}, ("x", 1), b"\x00\xff", {1: "one"}, {"__type__": "not a tag"}):
        assert _round_trip(value) == value
    assert type(_round_trip(("x", 1))) is tuple


def test_the_same_state_encodes_the_same_way() -> None:
    one, two = {"s": {"x", "y", "z"}}, {"s": {"z", "y", "x"}}
    assert json.dumps(persist.encode(one)) == json.dumps(persist.encode(two))


def test_what_cannot_be_saved_is_named() -> None:
    state = State()
    state.domains["lock"] = threading.Lock()  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"at state\.domains\['lock'\]"):
        persist.encode(state)


def test_a_file_names_only_package_types(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "format": persist.FORMAT,
                "version": persist.VERSION,
                "keys": {},
                "state": {"__type__": "subprocess:Popen", "items": [["id"]]},
            }
        )
    )
    with pytest.raises(persist.StateFileError, match="unknown type 'subprocess:Popen'"):
        persist.load(path)


def test_a_state_that_went_through_many_areas_saves_and_loads(cognito_fake) -> None:
    """Whatever records the areas keep (sessions, codes, cookies, devices, jobs, MFA), the
    --state file brings them back equal."""
    from pycognito.aws_srp import AWSSRP

    idp = cognito_fake.boto3_client()
    pool = cognito_fake.create_user_pool(
        "app",
        AutoVerifiedAttributes=["email"],
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": False},
        Schema=[{"Name": "plan", "AttributeDataType": "String", "Mutable": True}],
    )
    idp.create_user_pool_domain(UserPoolId=pool.id, Domain="app")
    idp.create_group(UserPoolId=pool.id, GroupName="admins")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    web = pool.create_client(
        "web",
        flows=["USER_PASSWORD_AUTH", "USER_SRP_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"],
        CallbackURLs=["http://localhost:3000/"],
        SupportedIdentityProviders=["COGNITO"],
    )
    alice = pool.create_user("alice", password="Passw0rd!", email="alice@example.com")
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="alice", GroupName="admins")
    idp.sign_up(
        ClientId=web.id,
        Username="bob",
        Password="Passw0rd!",
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    AWSSRP("alice", "Passw0rd!", pool.id, web.id, client=idp).authenticate_user()
    token = alice.sign_in(web).access_token
    idp.associate_software_token(AccessToken=token)
    idp.forgot_password(ClientId=web.id, Username="alice")
    cognito_fake.hosted_ui(web).login("alice", "Passw0rd!")
    idp.create_user_import_job(
        UserPoolId=pool.id, JobName="j", CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/r"
    )
    idp.initiate_auth(  # a challenge left open: its session is state too
        ClientId=web.id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": "alice", "SRP_A": "ab" * 64},
    )

    state = cognito_fake.state
    text = persist.dumps(state)
    assert persist.decode(json.loads(text)["state"]) == state


def test_a_shared_record_is_written_once_and_comes_back_shared() -> None:
    message = Message("a@b.c", "EMAIL", "sign_up", "123456", "t", None, "p", "u", 1.5)
    data = persist.encode({"first": message, "again": [message]})
    assert data["again"] == [{"__ref__": data["first"]["__id__"]}]
    back = persist.decode(json.loads(json.dumps(data)))
    assert back["again"][0] is back["first"]
    assert back["first"] == message


def test_tracked_sessions_come_back() -> None:
    from pytest_cognito_fake.state.hosted_ui import LoginSession
    from pytest_cognito_fake.state.sessions import TrackedSession
    from pytest_cognito_fake.state.store import TokenFamily

    state = State()
    tracked = TrackedSession("tkn" + "a" * 25, "client", 1.0, 2.0, "Boto3", "127.0.0.1", None)
    state.families["e"] = TokenFamily("e", "o", "p", "client", "u", "s", 1, [], session=tracked)
    sso = TrackedSession("sso" + "b" * 25, "client", 1.0, 2.0)
    state.hosted_ui.sessions["c"] = LoginSession("c", "p", "u", "s", 1, 9.0, sso)
    back = _round_trip(state)
    assert back == state
    assert type(back.families["e"].session) is TrackedSession
