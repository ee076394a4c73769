from __future__ import annotations

import pytest

from ..helpers import raises

LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:cognito-logs"
BUCKET = "arn:aws:s3:::auth-event-logs"


def test_log_delivery_round_trip(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app", UserPoolTier="PLUS")
    empty = idp.get_log_delivery_configuration(UserPoolId=pool.id)["LogDeliveryConfiguration"]
    assert empty == {"UserPoolId": pool.id, "LogConfigurations": []}
    configs = [
        {
            "LogLevel": "ERROR",
            "EventSource": "userNotification",
            "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP},
        },
        {
            "LogLevel": "INFO",
            "EventSource": "userAuthEvents",
            "S3Configuration": {"BucketArn": BUCKET},
        },
    ]
    out = idp.set_log_delivery_configuration(UserPoolId=pool.id, LogConfigurations=configs)
    assert out["LogDeliveryConfiguration"]["LogConfigurations"] == configs
    got = idp.get_log_delivery_configuration(UserPoolId=pool.id)["LogDeliveryConfiguration"]
    assert got["LogConfigurations"] == configs
    idp.set_log_delivery_configuration(UserPoolId=pool.id, LogConfigurations=configs[:1])
    got = idp.get_log_delivery_configuration(UserPoolId=pool.id)["LogDeliveryConfiguration"]
    assert got["LogConfigurations"] == configs[:1]


def test_log_delivery_errors_change_nothing(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")  # ESSENTIALS tier
    first = [
        {
            "LogLevel": "ERROR",
            "EventSource": "userNotification",
            "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP},
        }
    ]
    idp.set_log_delivery_configuration(UserPoolId=pool.id, LogConfigurations=first)
    auth_events = {
        "LogLevel": "INFO",
        "EventSource": "userAuthEvents",
        "S3Configuration": {"BucketArn": BUCKET},
    }
    with raises(
        idp,
        "FeatureUnavailableInTierException",
        "Exporting user auth events requires the PLUS feature plan.",
    ):
        idp.set_log_delivery_configuration(UserPoolId=pool.id, LogConfigurations=[auth_events])
    with raises(
        idp,
        "InvalidParameterException",
        "LogLevel INFO is not supported for EventSource userNotification.",
    ):
        idp.set_log_delivery_configuration(
            UserPoolId=pool.id, LogConfigurations=[{**first[0], "LogLevel": "INFO"}]
        )
    with raises(
        idp,
        "InvalidParameterException",
        "Exactly one log destination must be configured for each log configuration.",
    ):
        idp.set_log_delivery_configuration(
            UserPoolId=pool.id,
            LogConfigurations=[{"LogLevel": "ERROR", "EventSource": "userNotification"}],
        )
    got = idp.get_log_delivery_configuration(UserPoolId=pool.id)["LogDeliveryConfiguration"]
    assert got["LogConfigurations"] == first
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.get_log_delivery_configuration(UserPoolId="us-east-1_nothere00")


def test_risk_configuration_pool_and_client(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "app", UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"}
    )
    web = pool.create_client("web")
    assert idp.describe_risk_configuration(UserPoolId=pool.id)["RiskConfiguration"] == {
        "UserPoolId": pool.id
    }
    compromised = {"EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}}
    out = idp.set_risk_configuration(
        UserPoolId=pool.id,
        CompromisedCredentialsRiskConfiguration=compromised,
        RiskExceptionConfiguration={"BlockedIPRangeList": ["10.0.0.0/8"]},
    )["RiskConfiguration"]
    assert out["CompromisedCredentialsRiskConfiguration"] == compromised
    assert "LastModifiedDate" in out
    # A client without its own configuration sees the pool's.
    seen = idp.describe_risk_configuration(UserPoolId=pool.id, ClientId=web.id)
    assert seen["RiskConfiguration"]["RiskExceptionConfiguration"] == {
        "BlockedIPRangeList": ["10.0.0.0/8"]
    }
    takeover = {
        "Actions": {"HighAction": {"Notify": False, "EventAction": "MFA_REQUIRED"}},
    }
    idp.set_risk_configuration(
        UserPoolId=pool.id, ClientId=web.id, AccountTakeoverRiskConfiguration=takeover
    )
    own = idp.describe_risk_configuration(UserPoolId=pool.id, ClientId=web.id)["RiskConfiguration"]
    assert own["ClientId"] == web.id
    assert own["AccountTakeoverRiskConfiguration"] == takeover
    assert "CompromisedCredentialsRiskConfiguration" not in own
    pool_level = idp.describe_risk_configuration(UserPoolId=pool.id)["RiskConfiguration"]
    assert pool_level["CompromisedCredentialsRiskConfiguration"] == compromised


def test_risk_configuration_errors(cognito_fake, idp):
    plain = cognito_fake.create_user_pool("plain")
    with raises(
        idp,
        "UserPoolAddOnNotEnabledException",
        "Advanced security features are not enabled for this user pool.",
    ):
        idp.set_risk_configuration(
            UserPoolId=plain.id,
            RiskExceptionConfiguration={"SkippedIPRangeList": ["192.168.0.0/16"]},
        )
    assert idp.describe_risk_configuration(UserPoolId=plain.id)["RiskConfiguration"] == {
        "UserPoolId": plain.id
    }
    pool = cognito_fake.create_user_pool(
        "app", UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}
    )
    with pytest.raises(
        idp.exceptions.ResourceNotFoundException, match=r"User pool client nosuch does not exist\."
    ):
        idp.describe_risk_configuration(UserPoolId=pool.id, ClientId="nosuch")
    with raises(
        idp,
        "InvalidParameterException",
        "NotifyConfiguration is required when an action has Notify set to true.",
    ):
        idp.set_risk_configuration(
            UserPoolId=pool.id,
            AccountTakeoverRiskConfiguration={
                "Actions": {"LowAction": {"Notify": True, "EventAction": "NO_ACTION"}}
            },
        )
