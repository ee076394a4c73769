from __future__ import annotations

import pytest

from ..helpers import raises


def test_tags_round_trip_and_pool_view(cognito_fake, idp):
    created = idp.create_user_pool(PoolName="app", UserPoolTags={"team": "auth"})["UserPool"]
    arn = created["Arn"]
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"team": "auth"}

    idp.tag_resource(ResourceArn=arn, Tags={"env": "test", "team": "identity"})
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {
        "team": "identity",
        "env": "test",
    }
    described = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["UserPoolTags"] == {"team": "identity", "env": "test"}

    idp.untag_resource(ResourceArn=arn, TagKeys=["team", "never-set"])
    assert idp.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"env": "test"}
    described = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described["UserPoolTags"] == {"env": "test"}


def test_update_user_pool_tags_show_in_list(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    idp.update_user_pool(UserPoolId=pool.id, UserPoolTags={"cost": "42"})
    assert idp.list_tags_for_resource(ResourceArn=pool.arn)["Tags"] == {"cost": "42"}


def test_tag_errors_change_nothing(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    idp.tag_resource(ResourceArn=pool.arn, Tags={"a": "1"})
    missing = pool.arn.rsplit("/", 1)[0] + "/us-east-1_nothere00"
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match="User pool us-east-1_nothere00 does not"
    ):
        idp.tag_resource(ResourceArn=missing, Tags={"b": "2"})
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.list_tags_for_resource(ResourceArn=missing)
    with raises(
        idp,
        "InvalidParameterException",
        "Invalid ARN: arn:aws:s3:us-east-1:123456789012:bucket/some-bucket",
    ):
        idp.untag_resource(
            ResourceArn="arn:aws:s3:us-east-1:123456789012:bucket/some-bucket", TagKeys=["a"]
        )
    with raises(
        idp,
        "InvalidParameterException",
        "1 validation error detected: Value 'arn:aws:s3:::some-bucket-name' at 'resourceArn' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+"
        "(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
    ):
        idp.untag_resource(ResourceArn="arn:aws:s3:::some-bucket-name", TagKeys=["a"])
    with raises(idp, "InvalidParameterException", "A resource can have at most 50 tags."):
        idp.tag_resource(ResourceArn=pool.arn, Tags={f"k{i}": "v" for i in range(50)})
    with raises(idp, "InvalidParameterException", "Invalid tag key: aws:reserved"):
        idp.tag_resource(ResourceArn=pool.arn, Tags={"aws:reserved": "v"})
    assert idp.list_tags_for_resource(ResourceArn=pool.arn)["Tags"] == {"a": "1"}
