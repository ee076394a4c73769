"""Remembered devices through boto3: NewDeviceMetadata, ConfirmDevice, DEVICE_SRP_AUTH with
pycognito and with a client written here, skipping MFA, and the device operations."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import secrets
import subprocess
import sys

import pytest
from pycognito.aws_srp import AWSSRP, generate_hash_device

from pytest_cognito_fake.crypto import srp

from ..helpers import PASSWORD, claims, h_int, pad, raises, respond, sign_in

ALWAYS = {"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": False}


class Device:
    """The client side of a remembered device, written from the protocol."""

    def __init__(self, metadata: dict[str, str]) -> None:
        self.key = metadata["DeviceKey"]
        self.group = metadata["DeviceGroupKey"]
        self.password = base64.b64encode(secrets.token_bytes(40)).decode()
        self.salt = pad(int.from_bytes(secrets.token_bytes(16), "big"))
        self.a = int.from_bytes(secrets.token_bytes(32), "big")

    def x(self) -> int:
        inner = hashlib.sha256(f"{self.group}{self.key}:{self.password}".encode()).hexdigest()
        return h_int(self.salt + inner)

    def verifier_config(self) -> dict[str, str]:
        verifier = pad(pow(2, self.x(), srp.N))
        return {
            "PasswordVerifier": base64.b64encode(bytes.fromhex(verifier)).decode(),
            "Salt": base64.b64encode(bytes.fromhex(self.salt)).decode(),
        }

    @property
    def srp_a(self) -> str:
        return format(pow(2, self.a, srp.N), "x")

    def answer(self, params: dict[str, str]) -> dict[str, str]:
        big_a, big_b = pow(2, self.a, srp.N), int(params["SRP_B"], 16)
        assert params["SALT"] == self.salt
        k = h_int(pad(srp.N) + pad(2))
        x, u = self.x(), h_int(pad(big_a) + pad(big_b))
        s = pow((big_b - k * pow(2, x, srp.N)) % srp.N, self.a + u * x, srp.N)
        prk = hmac.new(bytes.fromhex(pad(u)), bytes.fromhex(pad(s)), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        now = datetime.datetime.now(datetime.timezone.utc)
        stamp = now.strftime("%a %b ") + str(now.day) + now.strftime(" %H:%M:%S UTC %Y")
        msg = (
            self.group.encode()
            + self.key.encode()
            + base64.b64decode(params["SECRET_BLOCK"])
            + stamp.encode()
        )
        return {
            "USERNAME": params["USERNAME"],
            "DEVICE_KEY": self.key,
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": base64.b64encode(
                hmac.new(key, msg, hashlib.sha256).digest()
            ).decode(),
            "TIMESTAMP": stamp,
        }


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool("app", DeviceConfiguration=ALWAYS)


@pytest.fixture
def web(pool):
    return pool.create_client("web", flows=["USER_PASSWORD_AUTH", "USER_SRP_AUTH"])


def remember(idp, web, name: str = "laptop") -> tuple[Device, str]:
    """Sign in, confirm the new device; return it and the access token."""
    result = sign_in(idp, web)["AuthenticationResult"]
    device = Device(result["NewDeviceMetadata"])
    out = idp.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=device.key,
        DeviceName=name,
        DeviceSecretVerifierConfig=device.verifier_config(),
    )
    assert out["UserConfirmationNecessary"] is False
    return device, result["AccessToken"]


def device_sign_in(idp, web, device: Device) -> dict:
    first = sign_in(idp, web, DEVICE_KEY=device.key)
    assert first["ChallengeName"] == "DEVICE_SRP_AUTH"
    second = respond(
        idp, web, "DEVICE_SRP_AUTH", first["Session"], DEVICE_KEY=device.key, SRP_A=device.srp_a
    )
    assert second["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    assert second["ChallengeParameters"]["DEVICE_KEY"] == device.key
    return idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=second["Session"],
        ChallengeResponses=device.answer(second["ChallengeParameters"]),
    )


def test_new_device_metadata_and_device_key_claim(pool, web, alice, idp):
    result = sign_in(idp, web)["AuthenticationResult"]
    metadata = result["NewDeviceMetadata"]
    assert metadata["DeviceKey"].startswith("us-east-1_")
    assert claims(result["AccessToken"])["device_key"] == metadata["DeviceKey"]
    again = sign_in(idp, web)["AuthenticationResult"]["NewDeviceMetadata"]
    assert again["DeviceKey"] != metadata["DeviceKey"]
    assert again["DeviceGroupKey"] == metadata["DeviceGroupKey"]


def test_post_authentication_is_told_of_the_new_device(pool, web, alice, idp):
    """PostAuthentication runs after the sign-in handed out NewDeviceMetadata, and says so; a
    sign-in on a remembered device hands out none."""
    events: list[dict] = []
    pool.on("PostAuthentication", lambda event: events.append(event) or event)
    device, _ = remember(idp, web)
    assert events[0]["request"]["newDeviceUsed"] is True
    assert "NewDeviceMetadata" not in device_sign_in(idp, web, device)["AuthenticationResult"]
    assert events[1]["request"]["newDeviceUsed"] is False


#: A process that loads the operations before anything else (the plugin loads the HTTP app
#: first): the order of the sign-in steps must not depend on which module came first.
SERVICE_FIRST = """
import json, sys
from pytest_cognito_fake.service import Service
service = Service()
from pytest_cognito_fake.fake import CognitoFake
from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.http.server import Server
app = make_app(service)
server = Server(app).start()
fake = CognitoFake(service, server.url, app)
pool = fake.create_user_pool("app", DeviceConfiguration=json.loads(sys.argv[1]))
web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
pool.create_user("alice", password=sys.argv[2])
seen = []
pool.on("PostAuthentication", lambda event: seen.append(event["request"]) or event)
result = fake.boto3_client(http=True).initiate_auth(
    ClientId=web.id,
    AuthFlow="USER_PASSWORD_AUTH",
    AuthParameters={"USERNAME": "alice", "PASSWORD": sys.argv[2]},
)["AuthenticationResult"]
print(json.dumps([sorted(result), seen[0]["newDeviceUsed"]]))
server.stop()
"""


def test_new_device_used_whatever_was_imported_first() -> None:
    out = subprocess.run(
        [sys.executable, "-c", SERVICE_FIRST, json.dumps(ALWAYS), PASSWORD],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    members, new_device_used = json.loads(out)
    assert "NewDeviceMetadata" in members
    assert new_device_used is True


def test_no_device_tracking_no_metadata(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("plain")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    result = sign_in(idp, web)["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert "device_key" not in claims(result["AccessToken"])


def test_confirm_get_list_and_admin_read(pool, web, alice, idp):
    device, token = remember(idp, web)
    got = idp.get_device(AccessToken=token, DeviceKey=device.key)["Device"]
    attributes = {a["Name"]: a["Value"] for a in got["DeviceAttributes"]}
    assert attributes["device_name"] == "laptop"
    assert attributes["dev:device_remembered_status"] == "remembered"
    assert [d["DeviceKey"] for d in idp.list_devices(AccessToken=token)["Devices"]] == [device.key]
    admin = idp.admin_get_device(UserPoolId=pool.id, Username="alice", DeviceKey=device.key)
    assert admin["Device"]["DeviceKey"] == device.key
    listed = idp.admin_list_devices(UserPoolId=pool.id, Username="alice")["Devices"]
    assert [d["DeviceKey"] for d in listed] == [device.key]
    with raises(idp, "DeviceKeyExistsException", "Device key already exists."):
        idp.confirm_device(
            AccessToken=token,
            DeviceKey=device.key,
            DeviceSecretVerifierConfig=device.verifier_config(),
        )


def test_unconfirmed_and_unknown_devices_are_not_found(pool, web, alice, idp):
    result = sign_in(idp, web)["AuthenticationResult"]
    key = result["NewDeviceMetadata"]["DeviceKey"]
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        idp.get_device(AccessToken=result["AccessToken"], DeviceKey=key)
    assert idp.list_devices(AccessToken=result["AccessToken"])["Devices"] == []
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        sign_in(idp, web, DEVICE_KEY="us-east-1_00000000-0000-0000-0000-000000000000")


def test_device_srp_with_own_client(pool, web, alice, idp):
    device, _ = remember(idp, web)
    out = device_sign_in(idp, web, device)
    result = out["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert claims(result["AccessToken"])["device_key"] == device.key


def test_device_srp_with_wrong_device_password_fails(pool, web, alice, idp):
    device, _ = remember(idp, web)
    device.password = base64.b64encode(secrets.token_bytes(40)).decode()
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match=r"Incorrect username or password\."
    ):
        device_sign_in(idp, web, device)


def test_device_srp_with_pycognito(pool, web, alice, idp):
    first = AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
    result = first["AuthenticationResult"]
    metadata = result["NewDeviceMetadata"]
    device_password, config = generate_hash_device(
        metadata["DeviceGroupKey"], metadata["DeviceKey"]
    )
    idp.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=metadata["DeviceKey"],
        DeviceSecretVerifierConfig=config,
        DeviceName="pycognito",
    )
    for _ in range(3):
        out = AWSSRP(
            "alice",
            PASSWORD,
            pool.id,
            web.id,
            client=idp,
            device_key=metadata["DeviceKey"],
            device_group_key=metadata["DeviceGroupKey"],
            device_password=device_password,
        ).authenticate_user()
        token = out["AuthenticationResult"]["AccessToken"]
        assert claims(token)["device_key"] == metadata["DeviceKey"]


def test_remembered_device_skips_mfa_until_forgotten(cognito_fake, pool, web, alice, idp, freezer):
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="ON",
        SoftwareTokenMfaConfiguration={"Enabled": True},
    )
    setup = sign_in(idp, web)
    assert setup["ChallengeName"] == "MFA_SETUP"
    associated = idp.associate_software_token(Session=setup["Session"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=cognito_fake.totp_code(alice)
    )
    result = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": "alice"},
    )["AuthenticationResult"]
    device = Device(result["NewDeviceMetadata"])
    idp.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=device.key,
        DeviceSecretVerifierConfig=device.verifier_config(),
    )
    assert sign_in(idp, web)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"  # a new device
    out = device_sign_in(idp, web, device)  # the remembered one: no MFA
    token = out["AuthenticationResult"]["AccessToken"]
    idp.update_device_status(
        AccessToken=token, DeviceKey=device.key, DeviceRememberedStatus="not_remembered"
    )
    first = sign_in(idp, web, DEVICE_KEY=device.key)
    second = respond(
        idp, web, "DEVICE_SRP_AUTH", first["Session"], DEVICE_KEY=device.key, SRP_A=device.srp_a
    )
    third = idp.respond_to_auth_challenge(
        ClientId=web.id,
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=second["Session"],
        ChallengeResponses=device.answer(second["ChallengeParameters"]),
    )
    assert third["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    idp.forget_device(AccessToken=token, DeviceKey=device.key)
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        idp.get_device(AccessToken=token, DeviceKey=device.key)
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        sign_in(idp, web, DEVICE_KEY=device.key)


def test_user_prompt_pool_and_admin_status(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "prompt",
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": True,
        },
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    result = sign_in(idp, web)["AuthenticationResult"]
    device = Device(result["NewDeviceMetadata"])
    out = idp.confirm_device(
        AccessToken=result["AccessToken"],
        DeviceKey=device.key,
        DeviceSecretVerifierConfig=device.verifier_config(),
    )
    assert out["UserConfirmationNecessary"] is True

    def status() -> str:
        got = idp.admin_get_device(UserPoolId=pool.id, Username="alice", DeviceKey=device.key)
        attrs = {a["Name"]: a["Value"] for a in got["Device"]["DeviceAttributes"]}
        return attrs["dev:device_remembered_status"]

    assert status() == "not_remembered"
    idp.admin_update_device_status(
        UserPoolId=pool.id,
        Username="alice",
        DeviceKey=device.key,
        DeviceRememberedStatus="remembered",
    )
    assert status() == "remembered"
    idp.admin_forget_device(UserPoolId=pool.id, Username="alice", DeviceKey=device.key)
    assert idp.admin_list_devices(UserPoolId=pool.id, Username="alice")["Devices"] == []
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        idp.admin_forget_device(UserPoolId=pool.id, Username="alice", DeviceKey=device.key)


def test_list_devices_pages(pool, web, alice, idp):
    keys = {remember(idp, web, f"d{i}")[0].key for i in range(3)}
    token = sign_in(idp, web)["AuthenticationResult"]["AccessToken"]
    page = idp.list_devices(AccessToken=token, Limit=2)
    assert len(page["Devices"]) == 2
    rest = idp.list_devices(AccessToken=token, Limit=2, PaginationToken=page["PaginationToken"])
    assert "PaginationToken" not in rest
    assert {d["DeviceKey"] for d in page["Devices"] + rest["Devices"]} == keys


def test_device_operations_need_a_valid_token(pool, web, alice, idp):
    with raises(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.list_devices(AccessToken="not-a-token")


def test_confirm_device_errors_change_nothing(pool, web, alice, idp):
    result = sign_in(idp, web)["AuthenticationResult"]
    token, key = result["AccessToken"], result["NewDeviceMetadata"]["DeviceKey"]
    with raises(idp, "ResourceNotFoundException", "Device does not exist."):
        idp.confirm_device(
            AccessToken=token,
            DeviceKey="us-east-1_00000000-0000-0000-0000-000000000000",
            DeviceSecretVerifierConfig=Device(result["NewDeviceMetadata"]).verifier_config(),
        )
    with raises(idp, "InvalidParameterException", "Invalid device secret verifier config."):
        idp.confirm_device(AccessToken=token, DeviceKey=key, DeviceSecretVerifierConfig={})
    assert idp.list_devices(AccessToken=token)["Devices"] == []


def test_remembered_device_sign_in_reports_authenticate_device(pool, web, alice, idp):
    sources: list[str] = []
    pool.on("PreTokenGeneration", lambda event: sources.append(event["triggerSource"]) or event)
    device, _ = remember(idp, web)
    device_sign_in(idp, web, device)
    assert sources == ["TokenGeneration_Authentication", "TokenGeneration_AuthenticateDevice"]
