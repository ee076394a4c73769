"""Seed files through the facade: ids kept, the API's validation applied, and every refusal
naming the file and the item."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_cognito_fake.seed import SeedError

POOL_ID = "us-east-1_Fixed0001"


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data))
    return path


def test_json_file_with_fixed_ids_reaches_the_api(cognito_fake, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "pools": [
                {
                    "id": POOL_ID,
                    "name": "app",
                    "username_attributes": ["email"],
                    "clients": [
                        {"id": "fixedclient", "name": "web", "flows": ["USER_PASSWORD_AUTH"]}
                    ],
                    "users": [
                        {
                            "username": "a@example.com",
                            "password": "Passw0rd!",
                            "sub": "00000000-0000-4000-8000-000000000001",
                        }
                    ],
                }
            ]
        },
    )
    cognito_fake.seed(path)
    idp = cognito_fake.boto3_client()
    assert idp.describe_user_pool(UserPoolId=POOL_ID)["UserPool"]["Name"] == "app"
    out = idp.initiate_auth(
        ClientId="fixedclient",
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "a@example.com", "PASSWORD": "Passw0rd!"},
    )
    me = idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
    # In an email-username pool the internal username is the sub: it follows the fixed one.
    assert me["Username"] == "00000000-0000-4000-8000-000000000001"
    jwks = cognito_fake.jwks(POOL_ID)["keys"]
    assert {key["kid"] for key in jwks} == {
        json.loads(_header(out["AuthenticationResult"][name]))["kid"]
        for name in ("IdToken", "AccessToken")
    }


def _header(token: str) -> str:
    import base64

    part = token.split(".")[0]
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)).decode()


@pytest.mark.parametrize(
    ("pool", "message"),
    [
        (
            {"name": "p", "PoolNme": "x"},
            r"pools\[0\] \(p\): CreateUserPool has no member 'PoolNme'",
        ),
        ({"name": "p", "id": "eu-west-1_Abc"}, r"pool id 'eu-west-1_Abc' is not us-east-1_"),
        (
            {"name": "p", "users": [{"username": "u", "password": "short"}]},
            r"users\[0\] \(u\): InvalidPasswordException: Password did not conform",
        ),
        (
            {"name": "p", "users": [{"username": "u", "groups": ["nope"]}]},
            r"users\[0\] \(u\): ResourceNotFoundException",
        ),
        ({"name": "p", "users": [{"username": "u", "emial": "x"}]}, r"unknown keys \['emial'\]"),
        (
            {"name": "p", "clients": [{"name": "c", "id": "bad id"}]},
            r"clients\[0\] \(c\): client id",
        ),
        ({"users": []}, r"pools\[0\] \(\?\): 'name' is required"),
    ],
)
def test_refusals_name_the_file_and_the_item(
    cognito_fake, tmp_path: Path, pool: dict[str, Any], message: str
) -> None:
    path = _write(tmp_path, {"pools": [pool]})
    with pytest.raises(SeedError, match=rf"^{str(path)!s}: .*{message}"):
        cognito_fake.seed(path)


def test_an_id_cannot_be_taken_twice(cognito_fake) -> None:
    data = {"pools": [{"name": "a", "id": POOL_ID}, {"name": "b", "id": POOL_ID}]}
    with pytest.raises(SeedError, match=r"seed: pools\[1\] \(b\): pool id .* is already taken"):
        cognito_fake.seed(data)


def test_a_broken_file_is_named(cognito_fake, tmp_path: Path) -> None:
    broken = tmp_path / "team.toml"
    broken.write_text("[[pools]\nname = 1\n")
    with pytest.raises(SeedError, match=rf"^{broken}: not valid TOML"):
        cognito_fake.seed(broken)
    with pytest.raises(SeedError, match="cannot read the seed file"):
        cognito_fake.seed(tmp_path / "missing.json")
