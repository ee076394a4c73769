"""Imported users through boto3: each bad row fails with AdminCreateUser's reason,
cognito:mfa_enabled becomes the user's SMS MFA setting, and SRP sign-in asks for a reset as
the password flow does."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import requests
from pycognito.aws_srp import AWSSRP

from ..helpers import PASSWORD, aws_error, respond, sign_in

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"
SSE = {"x-amz-server-side-encryption": "aws:kms"}
RESET = "Password reset required for the user"


def _import(cognito_fake: Any, idp: Any, pool: Any, rows: list[dict[str, str]]) -> Any:
    """Upload ``rows`` (missing columns empty, mfa FALSE) and run the job; (job, row log)."""
    header = idp.get_csv_header(UserPoolId=pool.id)["CSVHeader"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="")
    writer.writeheader()
    for row in rows:
        writer.writerow({"cognito:mfa_enabled": "FALSE", **row})
    job = idp.create_user_import_job(JobName="i", UserPoolId=pool.id, CloudWatchLogsRoleArn=ROLE)
    job_id = job["UserImportJob"]["JobId"]
    put = requests.put(
        job["UserImportJob"]["PreSignedUrl"], data=out.getvalue(), headers=SSE, timeout=5
    )
    assert put.status_code == 200
    done = idp.start_user_import_job(UserPoolId=pool.id, JobId=job_id)["UserImportJob"]
    log = cognito_fake.pools[pool.id].import_jobs[job_id]["log"]
    return done, [(entry["outcome"], entry["reason"]) for entry in log]


def test_verified_flag_without_its_attribute_fails_the_row(cognito_fake, idp, pool):
    done, log = _import(
        cognito_fake,
        idp,
        pool,
        [
            {"cognito:username": "alice", "email_verified": "TRUE"},
            {"cognito:username": "bob", "phone_number_verified": "TRUE"},
            {"cognito:username": "carol", "email": "c@example.com", "email_verified": "TRUE"},
        ],
    )
    assert (done["ImportedUsers"], done["FailedUsers"]) == (1, 2)
    assert log[:2] == [
        ("Failed", "Email is required to verify/un-verify an email"),
        ("Failed", "Phone number is required to verify/un-verify a phone number"),
    ]
    for name in ("alice", "bob"):
        with aws_error(idp, "UserNotFoundException", "User does not exist."):
            idp.admin_get_user(UserPoolId=pool.id, Username=name)


def test_sign_in_email_and_phone_stay_unique(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("both", UsernameAttributes=["email", "phone_number"])
    pool.create_user("zed@example.com", password=PASSWORD, phone_number="+15555550100")
    done, log = _import(
        cognito_fake,
        idp,
        pool,
        [
            {"cognito:username": "a@example.com", "phone_number": "+15555550100"},
            {"cognito:username": "b@example.com", "phone_number": "+15555550111"},
            {"cognito:username": "c@example.com", "phone_number": "+15555550111"},
            {"cognito:username": "+15555550122", "email": "b@example.com"},
        ],
    )
    assert (done["ImportedUsers"], done["FailedUsers"]) == (1, 3)
    assert log == [
        ("Failed", "An account with the given phone_number already exists."),
        ("Imported", ""),
        ("Failed", "An account with the given phone_number already exists."),
        ("Failed", "An account with the given email already exists."),
    ]
    found = idp.list_users(UserPoolId=pool.id, Filter='phone_number = "+15555550111"')["Users"]
    assert len(found) == 1
    assert {"Name": "email", "Value": "b@example.com"} in found[0]["Attributes"]
    assert idp.list_users(UserPoolId=pool.id, Filter='email = "c@example.com"')["Users"] == []


def test_verified_alias_email_stays_unique(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("alias", AliasAttributes=["email"])
    done, log = _import(
        cognito_fake,
        idp,
        pool,
        [
            {"cognito:username": "alice", "email": "s@example.com", "email_verified": "TRUE"},
            {"cognito:username": "bob", "email": "s@example.com", "email_verified": "TRUE"},
            {"cognito:username": "carol", "email": "s@example.com", "email_verified": "FALSE"},
        ],
    )
    assert (done["ImportedUsers"], done["FailedUsers"]) == (2, 1)
    assert log[1] == ("Failed", "An account with the email already exists.")
    with aws_error(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert idp.admin_get_user(UserPoolId=pool.id, Username="s@example.com")["Username"] == "alice"


@pytest.fixture
def sms_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("mfa")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id,
        MfaConfiguration="OPTIONAL",
        SmsMfaConfiguration={
            "SmsConfiguration": {
                "SnsCallerArn": "arn:aws:iam::123456789012:role/sms",
                "ExternalId": "x",
            }
        },
    )
    return pool


def test_mfa_enabled_becomes_sms_mfa(cognito_fake, idp, sms_pool):
    pool = sms_pool
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    phone = {"phone_number": "+15555550100", "phone_number_verified": "TRUE"}
    done, _ = _import(
        cognito_fake,
        idp,
        pool,
        [
            {"cognito:username": "alice", "cognito:mfa_enabled": "TRUE", **phone},
            {"cognito:username": "bob", "cognito:mfa_enabled": "FALSE", **phone},
        ],
    )
    assert done["ImportedUsers"] == 2
    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert alice["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    assert alice["UserMFASettingList"] == ["SMS_MFA"]
    bob = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert "MFAOptions" not in bob
    assert "UserMFASettingList" not in bob
    for name in ("alice", "bob"):
        idp.admin_set_user_password(
            UserPoolId=pool.id, Username=name, Password=PASSWORD, Permanent=True
        )
    first = sign_in(idp, web, "alice")
    assert first["ChallengeName"] == "SMS_MFA"
    code = cognito_fake.outbox.last(to="+15555550100", purpose="mfa").code
    out = respond(idp, web, "SMS_MFA", first["Session"], SMS_MFA_CODE=code)
    assert "AccessToken" in out["AuthenticationResult"]
    assert "AccessToken" in sign_in(idp, web, "bob")["AuthenticationResult"]


def test_srp_sign_in_of_imported_user_asks_for_a_reset(cognito_fake, idp, pool):
    web = pool.create_client("web", flows=["USER_SRP_AUTH", "USER_AUTH"])
    done, _ = _import(cognito_fake, idp, pool, [{"cognito:username": "alice"}])
    assert done["ImportedUsers"] == 1
    with aws_error(idp, "PasswordResetRequiredException", RESET):
        AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp).authenticate_user()
    srp = AWSSRP("alice", PASSWORD, pool.id, web.id, client=idp)
    with aws_error(idp, "PasswordResetRequiredException", RESET):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_AUTH",
            AuthParameters={
                "USERNAME": "alice",
                "PREFERRED_CHALLENGE": "PASSWORD_SRP",
                "SRP_A": format(srp.large_a_value, "x"),
            },
        )
    with aws_error(idp, "PasswordResetRequiredException", RESET):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_AUTH",
            AuthParameters={
                "USERNAME": "alice",
                "PREFERRED_CHALLENGE": "PASSWORD",
                "PASSWORD": "x",
            },
        )
