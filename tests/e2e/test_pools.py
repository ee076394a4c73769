"""User pools through boto3: create/describe/update/delete/list and custom attributes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ..helpers import error_of, raises

STANDARD = [
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
]


def test_create_defaults_and_read_back(idp: Any) -> None:
    created = idp.create_user_pool(PoolName="app")["UserPool"]
    assert re.fullmatch(r"us-east-1_[0-9A-Za-z]{9}", created["Id"])
    pool = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert pool["Name"] == "app"
    assert pool["Arn"] == f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{created['Id']}"
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 8,
        "RequireUppercase": True,
        "RequireLowercase": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "TemporaryPasswordValidityDays": 7,
    }
    assert pool["DeletionProtection"] == "INACTIVE"
    assert pool["MfaConfiguration"] == "OFF"
    assert pool["LambdaConfig"] == {}
    assert pool["VerificationMessageTemplate"] == {"DefaultEmailOption": "CONFIRM_WITH_CODE"}
    assert pool["EmailConfiguration"] == {"EmailSendingAccount": "COGNITO_DEFAULT"}
    assert pool["AdminCreateUserConfig"] == {
        "AllowAdminCreateUserOnly": False,
        "UnusedAccountValidityDays": 7,
    }
    assert pool["EstimatedNumberOfUsers"] == 0
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert "AutoVerifiedAttributes" not in pool
    assert "UsernameAttributes" not in pool
    assert "AliasAttributes" not in pool
    assert [a["Name"] for a in pool["SchemaAttributes"]] == STANDARD
    sub = pool["SchemaAttributes"][0]
    assert sub == {
        "Name": "sub",
        "AttributeDataType": "String",
        "DeveloperOnlyAttribute": False,
        "Mutable": False,
        "Required": True,
        "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"},
    }
    assert pool["CreationDate"] == pool["LastModifiedDate"]
    assert created == pool


def test_create_keeps_given_settings_and_schema(idp: Any) -> None:
    pool_id = idp.create_user_pool(
        PoolName="given",
        Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireNumbers": True}},
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
        DeletionProtection="ACTIVE",
        UserPoolTags={"team": "blue"},
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Required": True},
            {"Name": "plan", "AttributeDataType": "String", "Mutable": True},
            {"Name": "secret", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True},
        ],
    )["UserPool"]["Id"]
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 12,
        "RequireUppercase": False,
        "RequireLowercase": False,
        "RequireNumbers": True,
        "RequireSymbols": False,
        "TemporaryPasswordValidityDays": 7,
    }
    assert pool["UsernameAttributes"] == ["email"]
    assert pool["AutoVerifiedAttributes"] == ["email"]
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["UserPoolTags"] == {"team": "blue"}
    schema = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert schema["email"]["Required"] is True
    assert list(schema)[20:] == ["custom:plan", "dev:custom:secret"]
    assert schema["dev:custom:secret"]["DeveloperOnlyAttribute"] is True
    assert schema["custom:plan"]["Required"] is False


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (
            {"Schema": [{"Name": "plan", "AttributeDataType": "String", "Required": True}]},
            "Required custom attributes are not supported currently.",
        ),
        (
            {"UsernameAttributes": ["email"], "AliasAttributes": ["preferred_username"]},
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ),
        (
            {
                "UserAttributeUpdateSettings": {
                    "AttributesRequireVerificationBeforeUpdate": ["email"]
                }
            },
            "All attributes in AttributesRequireVerificationBeforeUpdate must exist in"
            " AutoVerifiedAttributes",
        ),
    ],
)
def test_create_rejects_bad_settings_and_creates_nothing(
    idp: Any, members: dict[str, Any], message: str
) -> None:
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.create_user_pool(PoolName="bad", **members)
    assert error_of(exc) == ("InvalidParameterException", message)
    assert idp.list_user_pools(MaxResults=60)["UserPools"] == []


def test_create_validates_input_with_aws_text(raw: Any) -> None:
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.create_user_pool(
            PoolName="bad name!", Policies={"PasswordPolicy": {"MinimumLength": 5}}
        )
    assert error_of(exc)[1] == (
        "2 validation errors detected: "
        "Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: "
        "Member must have value greater than or equal to 6; "
        "Value 'bad name!' at 'poolName' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\w\s+=,.@-]+"
    )


def test_update_resets_omitted_settings_and_keeps_identity(idp: Any, freezer: Any) -> None:
    pool = idp.create_user_pool(
        PoolName="app",
        MfaConfiguration="OFF",
        AutoVerifiedAttributes=["email"],
        UsernameAttributes=["email"],
        EmailVerificationSubject="Your code",
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        UserPoolTier="PLUS",
    )["UserPool"]
    freezer.tick(60)
    idp.update_user_pool(
        UserPoolId=pool["Id"],
        Policies={"PasswordPolicy": {"MinimumLength": 10}},
        DeletionProtection="ACTIVE",
    )
    after = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert after["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    assert after["DeletionProtection"] == "ACTIVE"
    assert "AutoVerifiedAttributes" not in after
    assert "EmailVerificationSubject" not in after
    assert after["AdminCreateUserConfig"]["AllowAdminCreateUserOnly"] is False
    assert after["Name"] == "app"
    assert after["UsernameAttributes"] == ["email"]
    assert after["UserPoolTier"] == "PLUS"
    assert after["SchemaAttributes"] == pool["SchemaAttributes"]
    assert after["CreationDate"] == pool["CreationDate"]
    assert (after["LastModifiedDate"] - pool["LastModifiedDate"]).total_seconds() == 60


def test_update_renames_and_unknown_pool(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="old")["UserPool"]["Id"]
    idp.update_user_pool(UserPoolId=pool_id, PoolName="new")
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == "new"
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as exc:
        idp.update_user_pool(UserPoolId="us-east-1_nothere00")
    assert error_of(exc)[1] == "User pool us-east-1_nothere00 does not exist."


def test_delete_with_deletion_protection(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="kept", DeletionProtection="ACTIVE")["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.delete_user_pool(UserPoolId=pool_id)
    assert error_of(exc)[1] == (
        "The user pool cannot be deleted because deletion protection is activated."
        " Deletion protection must be inactivated first."
    )
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Id"] == pool_id
    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(idp.exceptions.ResourceNotFoundException) as exc:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert error_of(exc)[1] == f"User pool {pool_id} does not exist."


def test_delete_removes_clients(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"][
        "ClientId"
    ]
    idp.delete_user_pool(UserPoolId=pool_id)
    gone = f"User pool client {client_id} does not exist."
    with raises(idp, "ResourceNotFoundException", gone):
        idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters={"USERNAME": "a"}
        )


def test_list_user_pools_paginates(idp: Any) -> None:
    ids = [idp.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(5)]
    first = idp.list_user_pools(MaxResults=2)
    assert [p["Name"] for p in first["UserPools"]] == ["p0", "p1"]
    assert set(first["UserPools"][0]) == {
        "Id",
        "Name",
        "LambdaConfig",
        "LastModifiedDate",
        "CreationDate",
    }
    seen = [p["Id"] for p in first["UserPools"]]
    token = first["NextToken"]
    while token:
        page = idp.list_user_pools(MaxResults=2, NextToken=token)
        seen += [p["Id"] for p in page["UserPools"]]
        token = page.get("NextToken")
    assert seen == ids
    pages = idp.get_paginator("list_user_pools").paginate(MaxResults=3)
    assert [p["Id"] for page in pages for p in page["UserPools"]] == ids


def test_list_user_pools_needs_max_results_and_a_valid_token(idp: Any, raw: Any) -> None:
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.list_user_pools()
    assert error_of(exc)[1] == (
        "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: "
        "Member must not be null"
    )
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.list_user_pools(MaxResults=61)
    assert error_of(exc)[1] == (
        "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 60"
    )
    with raises(idp, "InvalidParameterException", "Invalid pagination token."):
        idp.list_user_pools(MaxResults=1, NextToken="garbage")


def test_add_custom_attributes(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    idp.add_custom_attributes(
        UserPoolId=pool_id,
        CustomAttributes=[
            {"Name": "tier", "AttributeDataType": "String", "Mutable": False},
            {"Name": "score", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True},
        ],
    )
    schema = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    tier, score = schema[20:]
    assert tier["Name"] == "custom:tier"
    assert tier["Mutable"] is False
    assert score["Name"] == "dev:custom:score"
    assert score["AttributeDataType"] == "Number"


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            [{"Name": "tier", "AttributeDataType": "String"}],
            "tier: Existing attribute already has name custom:tier.",
        ),
        (
            [{"Name": "new", "AttributeDataType": "String", "Required": True}],
            "Required custom attributes are not supported currently.",
        ),
        (
            [
                {"Name": "x1", "AttributeDataType": "String"},
                {"Name": "x1", "AttributeDataType": "String"},
            ],
            "x1: Existing attribute already has name custom:x1.",
        ),
    ],
)
def test_add_custom_attributes_errors_change_nothing(
    idp: Any, attributes: list[dict[str, Any]], message: str
) -> None:
    pool_id = idp.create_user_pool(
        PoolName="p", Schema=[{"Name": "tier", "AttributeDataType": "String"}]
    )["UserPool"]["Id"]
    before = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=attributes)
    assert error_of(exc)[1] == message
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"] == before


def test_custom_attribute_limit_is_fifty(idp: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    for start in (0, 25):
        idp.add_custom_attributes(
            UserPoolId=pool_id,
            CustomAttributes=[
                {"Name": f"a{i}", "AttributeDataType": "String"} for i in range(start, start + 25)
            ],
        )
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.add_custom_attributes(
            UserPoolId=pool_id, CustomAttributes=[{"Name": "one", "AttributeDataType": "String"}]
        )
    assert error_of(exc)[1] == "Custom attributes count exceeds the limit of 50."


def test_custom_attribute_name_too_long(idp: Any, raw: Any) -> None:
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    with pytest.raises(raw.exceptions.InvalidParameterException) as exc:
        raw.add_custom_attributes(
            UserPoolId=pool_id, CustomAttributes=[{"Name": "x" * 21, "AttributeDataType": "String"}]
        )
    assert error_of(exc)[1] == (
        f"1 validation error detected: Value '{'x' * 21}' at 'customAttributes.1.member.name' "
        "failed to satisfy constraint: Member must have length less than or equal to 20"
    )


def test_update_keeps_verification_settings_but_resets_auto_verify(idp: Any) -> None:
    """A captured AWS answer: UpdateUserPool with only DeletionProtection fails on a pool whose
    AttributesRequireVerificationBeforeUpdate names email, as AutoVerifiedAttributes resets."""
    pool_id = idp.create_user_pool(
        PoolName="p",
        AutoVerifiedAttributes=["email"],
        UserAttributeUpdateSettings={"AttributesRequireVerificationBeforeUpdate": ["email"]},
        DeletionProtection="ACTIVE",
    )["UserPool"]["Id"]
    with pytest.raises(idp.exceptions.InvalidParameterException) as exc:
        idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    assert error_of(exc)[1] == (
        "All attributes in AttributesRequireVerificationBeforeUpdate must exist in"
        " AutoVerifiedAttributes"
    )
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["DeletionProtection"] == "ACTIVE"
    idp.update_user_pool(
        UserPoolId=pool_id, DeletionProtection="INACTIVE", AutoVerifiedAttributes=["email"]
    )
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["UserAttributeUpdateSettings"] == {
        "AttributesRequireVerificationBeforeUpdate": ["email"]
    }


def test_update_keeps_tags_set_by_tag_resource(idp: Any) -> None:
    pool = idp.create_user_pool(PoolName="p")["UserPool"]
    idp.tag_resource(ResourceArn=pool["Arn"], Tags={"env": "test"})
    idp.update_user_pool(UserPoolId=pool["Id"], MfaConfiguration="OFF")
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {
        "env": "test"
    }
    idp.update_user_pool(UserPoolId=pool["Id"], UserPoolTags={"env": "prod"})
    assert idp.list_tags_for_resource(ResourceArn=pool["Arn"])["Tags"] == {"env": "prod"}
