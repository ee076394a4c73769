"""AWS JSON 1.1 on the wire, through werkzeug's test client (no sockets)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from werkzeug.test import Client

from pytest_cognito_fake.http.app import make_app
from pytest_cognito_fake.service import Service

TARGET = "AWSCognitoIdentityProviderService."
JSON11 = "application/x-amz-json-1.1"
SIGNED = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/cognito-idp/x"}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def service() -> Service:
    return Service()


@pytest.fixture
def client(service: Service) -> Client:
    return Client(make_app(service))


def call(
    client: Client,
    operation: str | None,
    body: Any = None,
    *,
    raw: bytes | None = None,
    signed: bool = True,
    content_type: str = JSON11,
) -> Any:
    headers = dict(SIGNED) if signed else {}
    if operation is not None:
        headers["X-Amz-Target"] = TARGET + operation
    data = raw if raw is not None else json.dumps({} if body is None else body).encode()
    return client.post("/", data=data, headers=headers, content_type=content_type)


def assert_error(response: Any, code: str, message: str | None, status: int = 400) -> None:
    assert response.status_code == status
    assert response.headers["Content-Type"] == JSON11
    assert UUID.fullmatch(response.headers["x-amzn-RequestId"])
    assert response.headers["x-amzn-ErrorType"] == f"{code}:"
    body = response.get_json(force=True)
    assert body["__type"] == code
    if message is not None:
        assert (body.get("message") if "message" in body else body.get("Message")) == message
        assert response.headers["x-amzn-ErrorMessage"] == message


def test_success_headers_and_body(client: Client) -> None:
    response = call(client, "CreateUserPool", {"PoolName": "wire"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == JSON11
    assert UUID.fullmatch(response.headers["x-amzn-RequestId"])
    pool = response.get_json(force=True)["UserPool"]
    assert pool["Name"] == "wire"
    assert isinstance(pool["CreationDate"], float)
    assert pool["Id"].startswith("eu-west-1_")  # the region of the SigV4 credential scope


def test_operation_without_output_answers_empty_object(client: Client) -> None:
    pool_id = call(client, "CreateUserPool", {"PoolName": "p"}).get_json(force=True)["UserPool"][
        "Id"
    ]
    response = call(client, "DeleteUserPool", {"UserPoolId": pool_id})
    assert response.status_code == 200
    assert response.get_json(force=True) == {}


def test_error_shape(client: Client) -> None:
    response = call(client, "DescribeUserPool", {"UserPoolId": "eu-west-1_nothere00"})
    assert_error(
        response, "ResourceNotFoundException", "User pool eu-west-1_nothere00 does not exist."
    )
    assert response.get_json(force=True) == {
        "__type": "ResourceNotFoundException",
        "message": "User pool eu-west-1_nothere00 does not exist.",
    }


@pytest.mark.parametrize("target", [None, "", "listUserPools", "List-User-Pools"])
def test_unknown_or_missing_target(client: Client, target: str | None) -> None:
    """No operation name at all, or not one in the form operation names take: AWS's bare
    answer (a well-formed name gets the clear "newer than" message: test_unknown_operation)."""
    response = call(client, target, {})
    assert_error(response, "UnknownOperationException", None)
    assert response.get_json(force=True) == {"__type": "UnknownOperationException"}
    assert "x-amzn-ErrorMessage" not in response.headers


def test_wrong_target_prefix(client: Client) -> None:
    response = client.post(
        "/",
        data=b"{}",
        headers={**SIGNED, "X-Amz-Target": "AWSCognitoIdentityService.ListUserPools"},
        content_type=JSON11,
    )
    assert_error(response, "UnknownOperationException", None)


def test_get_is_not_an_operation(client: Client) -> None:
    response = client.get("/", headers={"X-Amz-Target": TARGET + "ListUserPools"})
    assert_error(response, "UnknownOperationException", None)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "Unexpected character found in JSON body."),
        (b"\xff\xfe", "Unexpected character found in JSON body."),
        (b"[" * 100_000, "Unexpected character found in JSON body."),
        (b"[1, 2]", "Start of list found where not expected."),
    ],
)
def test_bad_body_is_a_serialization_exception(client: Client, raw: bytes, message: str) -> None:
    response = call(client, "ListUserPools", raw=raw)
    assert_error(response, "SerializationException", message)
    assert response.get_json(force=True)["Message"] == message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"MaxResults": "10"}, "Unexpected field type"),
        ({"MaxResults": True}, "Unexpected field type"),
        ({"MaxResults": {"a": 1}}, "Start of structure or map found where not expected."),
        ({"MaxResults": [1]}, "Start of list found where not expected."),
    ],
)
def test_wrong_member_type(client: Client, body: dict[str, Any], message: str) -> None:
    assert_error(call(client, "ListUserPools", body), "SerializationException", message)


def test_nested_wrong_type(client: Client) -> None:
    body = {"PoolName": "p", "Policies": {"PasswordPolicy": {"RequireNumbers": "yes"}}}
    assert_error(call(client, "CreateUserPool", body), "SerializationException", None)


def test_empty_body_is_an_empty_object(client: Client) -> None:
    response = call(client, "ListUserPools", raw=b"")
    assert_error(
        response,
        "InvalidParameterException",
        "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: "
        "Member must not be null",
    )


def test_other_json_content_types_are_accepted(client: Client) -> None:
    response = call(client, "ListUserPools", {"MaxResults": 1}, content_type="application/json")
    assert response.status_code == 200


def test_signed_operation_without_authorization(client: Client) -> None:
    response = call(client, "ListUserPools", {"MaxResults": 1}, signed=False)
    assert_error(
        response, "MissingAuthenticationTokenException", "Missing Authentication Token", 403
    )


def test_unsigned_operation_needs_no_authorization(client: Client) -> None:
    body = {"ClientId": "abc", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {}}
    response = call(client, "InitiateAuth", body, signed=False)
    assert_error(response, "ResourceNotFoundException", "User pool client abc does not exist.")


def test_unsigned_operation_ignores_a_signature(client: Client) -> None:
    body = {"ClientId": "abc", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {}}
    response = call(client, "InitiateAuth", body, signed=True)
    assert response.headers["x-amzn-ErrorType"] == "ResourceNotFoundException:"


def test_unknown_members_and_nulls_are_ignored(client: Client, service: Service) -> None:
    body = {
        "PoolName": "p",
        "Bogus": 1,
        "LambdaConfig": None,
        "Policies": {"PasswordPolicy": {"MinimumLength": 9, "Extra": True, "RequireSymbols": None}},
    }
    response = call(client, "CreateUserPool", body)
    assert response.status_code == 200
    pool = response.get_json(force=True)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 9
    assert "Extra" not in pool["Policies"]["PasswordPolicy"]
    assert service.bugs == []


def test_internal_error_is_500_and_recorded(client: Client, service: Service) -> None:
    def broken(state: Any, req: Any, ctx: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    service.operations = {**service.operations, "ListUserPools": broken}
    response = call(client, "ListUserPools", {"MaxResults": 1})
    assert_error(response, "InternalErrorException", "Internal server error.", 500)
    assert "RuntimeError: boom" in service.bugs[0]


def test_output_outside_the_shape_is_a_bug(client: Client, service: Service) -> None:
    def sloppy(state: Any, req: Any, ctx: Any) -> dict[str, Any]:
        return {"UserPools": [], "Extra": None}

    service.operations = {**service.operations, "ListUserPools": sloppy}
    response = call(client, "ListUserPools", {"MaxResults": 1})
    assert_error(response, "InternalErrorException", "Internal server error.", 500)
    assert "OutputShapeError" in service.bugs[0]
