"""Multi-Region replicas through boto3: the records and their statuses, ListUserPools'
ReplicaRegions, the errors, and a client signed for the replica's Region reaching the
secondary."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from ..helpers import PASSWORD, raises, sign_in, username_of

KEY = {
    "KeyType": "CUSTOMER_MANAGED_KEY",
    "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
}


@pytest.fixture
def pool(cognito_fake):
    return cognito_fake.create_user_pool(
        "global", UserPoolTier="PLUS", KeyConfiguration=KEY, IssuerConfiguration={"Type": "UPDATED"}
    )


@pytest.fixture
def west(cognito_fake):
    """A client signed for us-west-2, the replica's Region."""
    return cognito_fake.boto3_client(http=True, region_name="us-west-2")


def test_create_list_activate_delete(cognito_fake, pool, idp):
    assert idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["KeyConfiguration"] == KEY
    made = idp.create_user_pool_replica(
        UserPoolId=pool.id, RegionName="us-west-2", UserPoolTags={"team": "auth"}
    )["UserPoolReplica"]
    arn = f"arn:aws:cognito-idp:us-west-2:123456789012:userpool/{pool.id}"
    assert made == {
        "RegionName": "us-west-2",
        "Role": "SECONDARY",
        "Status": "CREATING",
        "UserPoolArn": arn,
    }
    listed = idp.list_user_pool_replicas(UserPoolId=pool.id)["UserPoolReplicas"]
    assert listed == [
        {"RegionName": "us-east-1", "Role": "PRIMARY", "Status": "ACTIVE", "UserPoolArn": pool.arn},
        {**made, "Status": "INACTIVE"},
    ]
    pools = idp.list_user_pools(MaxResults=10)["UserPools"]
    assert [p.get("ReplicaRegions") for p in pools] == [["us-west-2"]]
    active = idp.update_user_pool_replica(
        UserPoolId=pool.id, RegionName="us-west-2", Status="ACTIVE"
    )["UserPoolReplica"]
    assert active["Status"] == "ACTIVE"
    # Unconfirmed error type: an ACTIVE replica cannot be deleted.
    with raises(
        idp,
        "InvalidParameterException",
        "The replica in Region us-west-2 must be INACTIVE before it is deleted.",
    ):
        idp.delete_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2")
    idp.update_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2", Status="INACTIVE")
    gone = idp.delete_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2")
    assert gone["UserPoolReplica"]["Status"] == "DELETING"
    assert [
        r["Role"] for r in idp.list_user_pool_replicas(UserPoolId=pool.id)["UserPoolReplicas"]
    ] == ["PRIMARY"]
    assert "ReplicaRegions" not in idp.list_user_pools(MaxResults=10)["UserPools"][0]
    assert pool.replicas == {}


def test_create_errors(cognito_fake, pool, idp):
    with raises(
        idp,
        "InvalidParameterException",
        "RegionName us-east-1 is the Region of the primary user pool.",
    ):
        idp.create_user_pool_replica(UserPoolId=pool.id, RegionName="us-east-1")
    with raises(
        idp, "InvalidParameterException", "RegionName mars-north-1 is not a supported Region."
    ):
        idp.create_user_pool_replica(UserPoolId=pool.id, RegionName="mars-north-1")
    with raises(idp, "UserPoolTaggingException", "Invalid tag key: aws:owner"):
        idp.create_user_pool_replica(
            UserPoolId=pool.id, RegionName="eu-west-1", UserPoolTags={"aws:owner": "x"}
        )
    idp.create_user_pool_replica(UserPoolId=pool.id, RegionName="eu-west-1")
    with raises(
        idp,
        "LimitExceededException",
        "The user pool already has 1 secondary replica; at most 1 is allowed.",
    ):
        idp.create_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2")
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."):
        idp.create_user_pool_replica(UserPoolId="us-east-1_nope", RegionName="us-west-2")
    # Unconfirmed: a pool with replicas cannot be deleted.
    with raises(
        idp,
        "InvalidParameterException",
        "User pool cannot be deleted. It has replicas that should be deleted first.",
    ):
        idp.delete_user_pool(UserPoolId=pool.id)


def test_tier_and_key_prerequisites(cognito_fake, idp):
    lite = cognito_fake.create_user_pool("lite", UserPoolTier="LITE", KeyConfiguration=KEY)
    with raises(
        idp,
        "FeatureUnavailableInTierException",
        "Multi-Region replication requires the ESSENTIALS or PLUS feature plan.",
    ):
        idp.create_user_pool_replica(UserPoolId=lite.id, RegionName="us-west-2")
    plain = cognito_fake.create_user_pool("plain")
    single = {
        "KeyType": "CUSTOMER_MANAGED_KEY",
        "KmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    }
    single_key = cognito_fake.create_user_pool("single", KeyConfiguration=single)
    message = (
        "A replica requires the user pool to be encrypted with a multi-Region customer managed"
        " KMS key."
    )
    for target in (plain, single_key):  # unconfirmed error type and text
        with raises(idp, "InvalidParameterException", message):
            idp.create_user_pool_replica(UserPoolId=target.id, RegionName="us-west-2")
    assert idp.list_user_pool_replicas(UserPoolId=plain.id)["UserPoolReplicas"] == [
        {"RegionName": "us-east-1", "Role": "PRIMARY", "Status": "ACTIVE", "UserPoolArn": plain.arn}
    ]


def test_key_configuration_rules(cognito_fake, pool, idp):
    with raises(
        idp, "InvalidParameterException", "KmsKeyArn is required for a CUSTOMER_MANAGED_KEY."
    ):
        idp.create_user_pool(PoolName="p", KeyConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY"})
    with raises(
        idp, "InvalidParameterException", "KmsKeyArn can only be set for a CUSTOMER_MANAGED_KEY."
    ):
        idp.create_user_pool(
            PoolName="p",
            KeyConfiguration={"KeyType": "AWS_OWNED_KEY", "KmsKeyArn": KEY["KmsKeyArn"]},
        )
    idp.update_user_pool(UserPoolId=pool.id, MfaConfiguration="OFF")
    # Unconfirmed: UpdateUserPool without KeyConfiguration keeps the key.
    assert idp.describe_user_pool(UserPoolId=pool.id)["UserPool"]["KeyConfiguration"] == KEY


def test_update_and_delete_errors(pool, idp):
    for call in (idp.update_user_pool_replica, idp.delete_user_pool_replica):
        extra = {"Status": "ACTIVE"} if call == idp.update_user_pool_replica else {}
        with raises(
            idp,
            "ResourceNotFoundException",
            f"User pool {pool.id} has no replica in Region eu-west-1.",
        ):
            call(UserPoolId=pool.id, RegionName="eu-west-1", **extra)
        with raises(
            idp,
            "InvalidParameterException",
            "RegionName us-east-1 is the Region of the primary user pool.",
        ):
            call(UserPoolId=pool.id, RegionName="us-east-1", **extra)


def test_list_pages_with_next_token(pool, idp):
    pool.create_replica("us-west-2")
    out = idp.list_user_pool_replicas(UserPoolId=pool.id)
    assert "NextToken" not in out
    with raises(idp, "InvalidParameterException", "Invalid pagination token."):
        idp.list_user_pool_replicas(UserPoolId=pool.id, NextToken="bogus")


def unsigned(cognito_fake, operation: str, body: dict) -> tuple[int, dict]:
    """An unsigned call (as boto3 sends InitiateAuth) to the us-west-2 service host name."""
    request = urllib.request.Request(
        cognito_fake.url + "/",
        data=json.dumps(body).encode(),
        headers={
            "Host": "cognito-idp.us-west-2.amazonaws.com",
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{operation}",
        },
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_secondary_refuses_what_aws_documents(cognito_fake, pool, idp, west):
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    pool.create_replica("us-west-2")
    auth = {
        "ClientId": web.id,
        "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
    }
    # INACTIVE: admin (signed) operations only.
    assert west.admin_get_user(UserPoolId=pool.id, Username="alice")["Username"] == "alice"
    status, body = unsigned(cognito_fake, "InitiateAuth", auth)
    assert (status, body) == (
        400,
        {
            "__type": "OperationNotEnabledException",
            "message": "The user pool replica in this Region is INACTIVE: only admin operations"
            " are enabled.",
        },
    )
    idp.update_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2", Status="ACTIVE")
    status, body = unsigned(cognito_fake, "InitiateAuth", auth)
    assert status == 200
    access = body["AuthenticationResult"]["AccessToken"]
    assert username_of(access) == "alice"
    refused = {
        "__type": "OperationNotEnabledException",
        "message": "This operation is not enabled in a secondary Region of the user pool.",
    }
    signup = {"ClientId": web.id, "Username": "bob", "Password": PASSWORD}
    assert unsigned(cognito_fake, "SignUp", signup) == (400, refused)
    assert unsigned(cognito_fake, "AssociateSoftwareToken", {"AccessToken": access}) == (
        400,
        refused,
    )
    assert unsigned(cognito_fake, "ForgotPassword", {"ClientId": web.id, "Username": "alice"}) == (
        400,
        refused,
    )
    message = refused["message"]
    with raises(west, "OperationNotEnabledException", message):
        west.admin_create_user(UserPoolId=pool.id, Username="bob")
    with raises(west, "OperationNotEnabledException", message):
        west.delete_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2")
    with raises(west, "OperationNotEnabledException", message):
        west.initiate_point_in_time_recovery(
            UserPoolId=pool.id, RestoreTimestamp=pool.record.created
        )
    # UpdateUserPoolReplica works from the secondary too (model).
    west.update_user_pool_replica(UserPoolId=pool.id, RegionName="us-west-2", Status="INACTIVE")
    # The primary's Region is unaffected.
    idp.sign_up(ClientId=web.id, Username="bob", Password=PASSWORD)
    assert sign_in(idp, web)["AuthenticationResult"]
