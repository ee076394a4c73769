"""model.validate (AWS's validation text) and model.check_output (the strict output check)."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_cognito_fake import model
from pytest_cognito_fake.errors import InvalidParameterException, SerializationException

PATTERN_USERNAME = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+"


def message(operation: str, params: Any) -> str:
    with pytest.raises(InvalidParameterException) as exc:
        model.validate(operation, params)
    return exc.value.message


# ------------------------------------------------------------------------------ check_output


def test_check_output_accepts_a_fitting_result() -> None:
    out = {"UserPools": [{"Id": "us-east-1_abc", "Name": "p", "CreationDate": 1.5}]}
    assert model.check_output("ListUserPools", out) is out


@pytest.mark.parametrize(
    ("result", "complaint"),
    [
        ({"UserPools": [], "Bogus": 1}, "keys ['Bogus'] are not in ListUserPoolsResponse"),
        ({"UserPools": [], "NextToken": None}, "ListUserPools.NextToken: None must be left out"),
        ({"UserPools": [{"Id": 5}]}, "ListUserPools.UserPools[0].Id: int is not a string"),
        ({"UserPools": [{"CreationDate": "today"}]}, "str is not a timestamp"),
        ({"UserPools": [{"CreationDate": float("nan")}]}, "float is not a timestamp"),
        ({"UserPools": [{"Status": "Maybe"}]}, "'Maybe' is not in the enum of StatusType"),
    ],
)
def test_check_output_rejects(result: dict[str, Any], complaint: str) -> None:
    with pytest.raises(model.OutputShapeError) as exc:
        model.check_output("ListUserPools", result)
    assert complaint in str(exc.value)


def test_check_output_of_operation_without_output() -> None:
    assert model.check_output("DeleteUserPool", {}) == {}
    with pytest.raises(model.OutputShapeError):
        model.check_output("DeleteUserPool", {"Deleted": True})


def test_check_output_missing_required_member() -> None:
    with pytest.raises(model.OutputShapeError, match="required"):
        model.check_output("AdminGetUser", {})


# ---------------------------------------------------------------------------------- validate


def test_missing_required_members_are_counted_and_sorted() -> None:
    assert message("AdminGetUser", {}) == (
        "2 validation errors detected: "
        "Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; "
        "Value null at 'username' failed to satisfy constraint: Member must not be null"
    )


def test_pattern_matches_the_whole_value() -> None:
    assert message("DescribeUserPool", {"UserPoolId": " us-east-1_abc"}) == (
        "1 validation error detected: Value ' us-east-1_abc' at 'userPoolId' failed to satisfy "
        r"constraint: Member must satisfy regular expression pattern: [\w-]+_[0-9a-zA-Z]+"
    )
    assert model.validate("DescribeUserPool", {"UserPoolId": "us-east-1_abc"})


def test_sensitive_values_are_left_out_but_client_ids_printed() -> None:
    text = message(
        "InitiateAuth",
        {"ClientId": "bad id", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {}},
    )
    assert "Value 'bad id' at 'clientId'" in text
    text = message(
        "AdminSetUserPassword",
        {"UserPoolId": "us-east-1_a", "Username": "", "Password": "has space"},
    )
    assert text == (
        "3 validation errors detected: "
        "Value at 'password' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\S]+; "
        "Value at 'username' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1; "
        "Value at 'username' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {PATTERN_USERNAME}"
    )


def test_nested_structure_path() -> None:
    text = message(
        "CreateUserPool",
        {
            "PoolName": "p",
            "LambdaConfig": {"CustomMessage": "arn:aws:lambda:us-east-1:abc:function:f"},
        },
    )
    assert text.startswith(
        "1 validation error detected: Value 'arn:aws:lambda:us-east-1:abc:function:f' at "
        "'lambdaConfig.customMessage' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
    )


def test_list_of_structures_path() -> None:
    params = {
        "UserPoolId": "us-east-1_a",
        "LogConfigurations": [
            {
                "LogLevel": "ERROR",
                "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {"LogGroupArn": "x"},
            }
        ],
    }
    text = message("SetLogDeliveryConfiguration", params)
    assert "at 'logConfigurations.1.member.cloudWatchLogsConfiguration.logGroupArn'" in text


def test_list_of_enums_names_the_element_constraint() -> None:
    text = message(
        "CreateUserPoolClient",
        {"UserPoolId": "us-east-1_a", "ClientName": "c", "AllowedOAuthFlows": ["code", "token"]},
    )
    assert text == (
        "1 validation error detected: Value '[code, token]' at 'allowedOAuthFlows' failed to "
        "satisfy constraint: Member must satisfy constraint: "
        "[Member must satisfy enum value set: [code, implicit, client_credentials]]"
    )


def test_list_of_strings_lists_all_element_constraints() -> None:
    text = message(
        "CreateUserPoolClient",
        {"UserPoolId": "us-east-1_a", "ClientName": "c", "CallbackURLs": ["ok", ""]},
    )
    assert text == (
        "1 validation error detected: Value '[ok, ]' at 'callbackURLs' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 1024, Member must have length greater than or equal to 1, Member must "
        f"satisfy regular expression pattern: {PATTERN_USERNAME}]"
    )


def test_enum_and_number_ranges() -> None:
    text = message(
        "CreateUserPool",
        {"PoolName": "p", "MfaConfiguration": "MAYBE", "Policies": {"PasswordPolicy": {}}},
    )
    assert text == (
        "1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy "
        "constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"
    )
    text = message("ListUserPools", {"MaxResults": 0})
    assert text.endswith("Member must have value greater than or equal to 1")


def test_map_keys() -> None:
    text = message("CreateUserPool", {"PoolName": "p", "UserPoolTags": {"": "v"}})
    assert text == (
        "1 validation error detected: Value '{=v}' at 'userPoolTags' failed to satisfy "
        "constraint: Map keys must satisfy constraint: [Member must have length less than or "
        "equal to 128, Member must have length greater than or equal to 1]"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"MaxResults": "1"},
        {"MaxResults": 1.5},
        {"MaxResults": None, "NextToken": 7},
        [],
        "x",
    ],
)
def test_wrong_json_types(params: Any) -> None:
    with pytest.raises(SerializationException):
        model.validate("ListUserPools", params)


def test_cleaned_copy_drops_nulls_and_unknown_members() -> None:
    params = {
        "PoolName": "p",
        "Unknown": 1,
        "Policies": {"PasswordPolicy": {"MinimumLength": 8, "Nope": 2, "RequireSymbols": None}},
        "AutoVerifiedAttributes": [None, "email"],
    }
    assert model.validate("CreateUserPool", params) == {
        "PoolName": "p",
        "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
        "AutoVerifiedAttributes": ["email"],
    }
    assert params["Policies"]["PasswordPolicy"]["Nope"] == 2  # the caller's dict is untouched


def test_java_character_classes_are_ascii() -> None:
    """Java's \\w and \\s are ASCII-only; \\p{L} stays Unicode."""
    text = message("CreateUserPool", {"PoolName": "café"})
    assert text == (
        "1 validation error detected: Value 'café' at 'poolName' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\w\s+=,.@-]+"
    )
    assert model.validate("AdminGetUser", {"UserPoolId": "us-east-1_a", "Username": "zoë"})
    params = {"UserPoolId": "us-east-1_a", "Username": "u", "Password": "no\u00a0break"}
    assert model.validate("AdminSetUserPassword", params)  # Java's \S matches U+00A0
    assert model.java_pattern(r"[\S]+") == "[^ \\t\\n\\x0B\\f\\r]+"
