"""USER_SRP_AUTH through boto3: pycognito's client and a client written here from the spec."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

import pytest
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import ForceChangePasswordException

from pytest_cognito_fake.crypto import srp

from ..helpers import PASSWORD, h_int, pad, raises, respond, username_of


class Client:
    """A minimal client side of Cognito's SRP, written from the protocol (not the fake)."""

    def __init__(self, pool_id: str, password: str) -> None:
        self.pool_name = pool_id.split("_", 1)[1]
        self.password = password
        self.a = int.from_bytes(secrets.token_bytes(32), "big")
        self.big_a = pow(2, self.a, srp.N)

    @property
    def srp_a(self) -> str:
        return format(self.big_a, "x")

    def answer(self, params: dict[str, str], when: datetime.datetime) -> dict[str, str]:
        user_id, big_b = params["USER_ID_FOR_SRP"], int(params["SRP_B"], 16)
        salt = int(params["SALT"], 16)
        k = h_int(pad(srp.N) + pad(2))
        inner = hashlib.sha256(f"{self.pool_name}{user_id}:{self.password}".encode()).hexdigest()
        x = h_int(pad(salt) + inner)
        u = h_int(pad(self.big_a) + pad(big_b))
        s = pow((big_b - k * pow(2, x, srp.N)) % srp.N, self.a + u * x, srp.N)
        prk = hmac.new(bytes.fromhex(pad(u)), bytes.fromhex(pad(s)), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        stamp = when.strftime("%a %b ") + str(when.day) + when.strftime(" %H:%M:%S UTC %Y")
        block = params["SECRET_BLOCK"]
        msg = self.pool_name.encode() + user_id.encode() + base64.b64decode(block)
        signature = hmac.new(key, msg + stamp.encode(), hashlib.sha256).digest()
        return {
            "USERNAME": params["USERNAME"],
            "PASSWORD_CLAIM_SECRET_BLOCK": block,
            "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(signature).decode(),
            "TIMESTAMP": stamp,
        }


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture
def web(pool):
    return pool.create_client("web", flows=["USER_SRP_AUTH", "USER_PASSWORD_AUTH"])


def start(idp, web, username: str, client: Client, **extra: str) -> dict:
    return idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": username, "SRP_A": client.srp_a, **extra},
    )


def test_pycognito_signs_in_many_times_and_wrong_password_fails(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    for _ in range(15):
        out = AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
        assert out["AuthenticationResult"]["TokenType"] == "Bearer"
    me = idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
    assert me["Username"] == "alice"
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"^.*Incorrect username or password\.$"
    ):
        AWSSRP("alice", "Passw0rd?", pool.id, web.id, client=idp).authenticate_user()


def test_own_client_with_session_and_challenge_parameters(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice", client)
    assert first["ChallengeName"] == "PASSWORD_VERIFIER"
    params = first["ChallengeParameters"]
    assert set(params) == {"SALT", "SRP_B", "SECRET_BLOCK", "USERNAME", "USER_ID_FOR_SRP"}
    assert params["USER_ID_FOR_SRP"] == "alice"
    assert params["SALT"] == pad(int(params["SALT"], 16))
    out = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="PASSWORD_VERIFIER",
        Session=first["Session"],
        ChallengeResponses=client.answer(params, utcnow()),
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_own_client_many_times(pool, web, idp):
    """Salts, A and B with the high bit set or odd-length hex all agree with the server."""
    names = [f"user{i}" for i in range(10)]
    for name in names:  # a salt each
        pool.create_user(name, password=PASSWORD)
    for round_ in range(50):
        client = Client(pool.id, PASSWORD)
        params = start(idp, web, names[round_ % 10], client)["ChallengeParameters"]
        out = idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=client.answer(params, utcnow()),
        )
        assert username_of(out["AuthenticationResult"]["AccessToken"]) == names[round_ % 10]


def test_secret_block_is_single_use(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice", client)
    answer = client.answer(first["ChallengeParameters"], utcnow())
    idp.respond_to_auth_challenge(
        ClientId=web.id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        idp.respond_to_auth_challenge(
            ClientId=web.id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )


def test_wrong_password_through_own_client_fails_and_ends_exchange(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, "Wr0ng!pass")
    first = start(idp, web, "alice", client)
    answer = client.answer(first["ChallengeParameters"], utcnow())
    for _ in range(2):
        with pytest.raises(
            idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
        ):
            idp.respond_to_auth_challenge(
                ClientId=web.id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
            )


def test_tampered_signature_and_block_fail(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice", client)
    answer = client.answer(first["ChallengeParameters"], utcnow())
    other = base64.b64encode(b"\x00" * 32).decode()
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses={**answer, "PASSWORD_CLAIM_SECRET_BLOCK": other},
        )


def test_timestamp_format_and_skew_are_checked(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice", client)
    answer = client.answer(first["ChallengeParameters"], utcnow())
    with raises(
        idp,
        "InvalidParameterException",
        "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
    ):
        idp.respond_to_auth_challenge(
            ClientId=web.id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses={**answer, "TIMESTAMP": "2026-11-26T11:37:52Z"},
        )
    stale = client.answer(first["ChallengeParameters"], utcnow() - datetime.timedelta(hours=1))
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        idp.respond_to_auth_challenge(
            ClientId=web.id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=stale
        )


def test_session_expires_under_frozen_clock(pool, web, idp, freezer):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice", client)
    freezer.tick(181)
    answer = client.answer(first["ChallengeParameters"], utcnow())
    with raises(idp, "NotAuthorizedException", "Invalid session for the user, session is expired."):
        idp.respond_to_auth_challenge(
            ClientId=web.id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )


def test_zero_a_is_refused(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": "alice", "SRP_A": format(srp.N, "x")},
        )


def test_unknown_user_legacy_says_so(pool, web, idp):
    with pytest.raises(idp.exceptions.UserNotFoundException, match=r"User does not exist\."):
        start(idp, web, "nobody", Client(pool.id, PASSWORD))


def test_unknown_user_prevent_existence_errors_gets_stable_fake_salt(pool, idp):
    quiet = pool.create_client(
        "quiet", flows=["USER_SRP_AUTH"], PreventUserExistenceErrors="ENABLED"
    )
    client = Client(pool.id, PASSWORD)
    one = start(idp, quiet, "nobody", client)["ChallengeParameters"]
    two = start(idp, quiet, "nobody", client)["ChallengeParameters"]
    other = start(idp, quiet, "someone", client)["ChallengeParameters"]
    assert one["SALT"] == two["SALT"] != other["SALT"]
    assert one["USER_ID_FOR_SRP"] == two["USER_ID_FOR_SRP"]
    assert len(one["USER_ID_FOR_SRP"]) == 36
    assert one["SRP_B"] != two["SRP_B"]
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        idp.respond_to_auth_challenge(
            ClientId=quiet.id,
            ChallengeName="PASSWORD_VERIFIER",
            ChallengeResponses=client.answer(one, utcnow()),
        )


def test_disabled_user_is_refused(pool, web, idp):
    pool.create_user("alice", password=PASSWORD, enabled=False)
    with pytest.raises(idp.exceptions.NotAuthorizedException, match=r"User is disabled\."):
        start(idp, web, "alice", Client(pool.id, PASSWORD))


def test_client_secret_is_required_and_checked(pool, idp):
    app = pool.create_client("app", flows=["USER_SRP_AUTH"], secret=True)
    pool.create_user("alice", password=PASSWORD)
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="SECRET_HASH was not received"):
        start(idp, app, "alice", Client(pool.id, PASSWORD))
    srp_client = AWSSRP("alice", PASSWORD, pool.id, app.id, client=idp, client_secret=app.secret)
    assert "AccessToken" in srp_client.authenticate_user()["AuthenticationResult"]


def test_flow_must_be_allowed(pool, idp):
    app = pool.create_client("app", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    with pytest.raises(idp.exceptions.InvalidParameterException, match="not enabled"):
        start(idp, app, "alice", Client(pool.id, PASSWORD))


def test_email_username_pool_uses_internal_id(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("mail", UsernameAttributes=["email"])
    web = pool.create_client("web", flows=["USER_SRP_AUTH"])
    user = pool.create_user("alice@example.com", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = start(idp, web, "alice@example.com", client)
    assert first["ChallengeParameters"]["USER_ID_FOR_SRP"] == user.username == user.sub
    out = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=client.answer(first["ChallengeParameters"], utcnow()),
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == user.sub


def test_admin_initiate_auth_srp(pool, web, idp):
    pool.create_user("alice", password=PASSWORD)
    client = Client(pool.id, PASSWORD)
    first = idp.admin_initiate_auth(
        UserPoolId=pool.id,
        ClientId=web.id,
        AuthFlow="USER_SRP_AUTH",
        AuthParameters={"USERNAME": "alice", "SRP_A": client.srp_a},
    )
    out = idp.admin_respond_to_auth_challenge(
        UserPoolId=pool.id,
        ClientId=web.id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=client.answer(first["ChallengeParameters"], utcnow()),
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_srp_after_admin_set_user_password_and_new_password_challenge(pool, web, idp):
    pool.create_user("alice", password="Temp0rary!", status="FORCE_CHANGE_PASSWORD")
    with pytest.raises(ForceChangePasswordException):
        AWSSRP("alice", "Temp0rary!", pool.id, web.id, client=idp).authenticate_user()
    client = Client(pool.id, "Temp0rary!")
    first = start(idp, web, "alice", client)
    challenge = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=client.answer(first["ChallengeParameters"], utcnow()),
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    respond(idp, web, "NEW_PASSWORD_REQUIRED", challenge["Session"], NEW_PASSWORD="N3w-passw0rd")
    assert AWSSRP("alice", "N3w-passw0rd", pool.id, web.id, client=idp).authenticate_user()
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="alice", Password="Th1rd-passw0rd", Permanent=True
    )
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        AWSSRP("alice", "N3w-passw0rd", pool.id, web.id, client=idp).authenticate_user()
    out = AWSSRP("alice", "Th1rd-passw0rd", pool.id, web.id, client=idp).authenticate_user()
    idp.change_password(
        PreviousPassword="Th1rd-passw0rd",
        ProposedPassword="F0urth-passw0rd",
        AccessToken=out["AuthenticationResult"]["AccessToken"],
    )
    assert AWSSRP("alice", "F0urth-passw0rd", pool.id, web.id, client=idp).authenticate_user()
    plain = idp.initiate_auth(
        ClientId=web.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "alice", "PASSWORD": "F0urth-passw0rd"},
    )
    assert username_of(plain["AuthenticationResult"]["AccessToken"]) == "alice"


def test_srp_after_sign_up_and_forgot_password(pool, web, cognito_fake, idp):
    pool.create_user("seed", password=PASSWORD)  # the pool has someone else too
    idp.sign_up(
        ClientId=web.id,
        Username="bob",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    idp.admin_confirm_sign_up(UserPoolId=pool.id, Username="bob")
    assert AWSSRP("bob", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
    idp.admin_update_user_attributes(
        UserPoolId=pool.id,
        Username="bob",
        UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    idp.forgot_password(ClientId=web.id, Username="bob")
    code = cognito_fake.outbox.last(to="bob@example.com", purpose="forgot_password").code
    idp.confirm_forgot_password(
        ClientId=web.id, Username="bob", ConfirmationCode=code, Password="Res3t-passw0rd"
    )
    assert AWSSRP("bob", "Res3t-passw0rd", pool.id, web.id, client=idp).authenticate_user()


def test_lockout_counts_srp_failures(pool, web, idp, freezer):
    """Time stands still: the one-second lockout after the fifth failure must not run out
    while a slow machine computes the next SRP proof."""
    pool.create_user("alice", password=PASSWORD)
    for _ in range(5):
        with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
            AWSSRP("alice", "Wr0ng!pass", pool.id, web.id, client=idp).authenticate_user()
    with raises(idp, "NotAuthorizedException", "Password attempts exceeded"):
        AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
