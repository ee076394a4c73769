from __future__ import annotations

import csv
import io

import pytest
import requests

from ..helpers import raises

ROLE = "arn:aws:iam::123456789012:role/CognitoImport"
SSE = {"x-amz-server-side-encryption": "aws:kms"}


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode()


def _job(idp, pool_id: str, name: str = "import") -> dict:
    return idp.create_user_import_job(JobName=name, UserPoolId=pool_id, CloudWatchLogsRoleArn=ROLE)[
        "UserImportJob"
    ]


def test_csv_header_lists_schema_and_cognito_columns(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "app", Schema=[{"Name": "plan", "AttributeDataType": "String"}]
    )
    out = idp.get_csv_header(UserPoolId=pool.id)
    header = out["CSVHeader"]
    assert out["UserPoolId"] == pool.id
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"]
    assert "email" in header
    assert "custom:plan" in header
    assert "sub" not in header
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.get_csv_header(UserPoolId="us-east-1_nothere00")


def test_upload_start_imports_users_with_per_row_outcomes(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("existing", password="Passw0rd!")
    header = idp.get_csv_header(UserPoolId=pool.id)["CSVHeader"]
    rows = [
        {
            "cognito:username": "alice",
            "email": "alice@example.com",
            "email_verified": "TRUE",
            "cognito:mfa_enabled": "FALSE",
        },
        {
            "cognito:username": "bob",
            "phone_number": "+12065550100",
            "phone_number_verified": "true",
            "cognito:mfa_enabled": "false",
        },
        {"cognito:username": "existing", "cognito:mfa_enabled": "FALSE"},
        {"cognito:username": "", "email": "nobody@example.com", "cognito:mfa_enabled": "FALSE"},
        {"cognito:username": "carol", "email_verified": "maybe", "cognito:mfa_enabled": "FALSE"},
    ]
    job = _job(idp, pool.id)
    assert job["Status"] == "Created"
    assert job["JobId"].startswith("import-")
    assert job["PreSignedUrl"].startswith("http://127.0.0.1:")
    put = requests.put(job["PreSignedUrl"], data=_csv(header, rows), headers=SSE, timeout=5)
    assert put.status_code == 200

    started = idp.start_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])["UserImportJob"]
    assert started["Status"] == "Succeeded"
    assert (started["ImportedUsers"], started["SkippedUsers"], started["FailedUsers"]) == (2, 1, 2)
    assert "CompletionDate" in started
    described = idp.describe_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])
    assert described["UserImportJob"]["ImportedUsers"] == 2

    alice = idp.admin_get_user(UserPoolId=pool.id, Username="alice")
    assert alice["UserStatus"] == "RESET_REQUIRED"
    attrs = {a["Name"]: a["Value"] for a in alice["UserAttributes"]}
    assert attrs["email"] == "alice@example.com"
    assert attrs["email_verified"] == "true"
    bob = idp.admin_get_user(UserPoolId=pool.id, Username="bob")
    assert {"Name": "phone_number", "Value": "+12065550100"} in bob["UserAttributes"]
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="carol")
    # Imported users have no password: they must reset it before signing in.
    with pytest.raises(
        idp.exceptions.PasswordResetRequiredException, match="Password reset required for the user"
    ):
        idp.initiate_auth(
            ClientId=web.id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": "anything1A!"},
        )


def test_bad_header_fails_job_and_imports_nothing(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    job = _job(idp, pool.id)
    body = b"cognito:username,favourite_colour,cognito:mfa_enabled\nalice,blue,FALSE\n"
    requests.put(job["PreSignedUrl"], data=body, headers=SSE, timeout=5).raise_for_status()
    done = idp.start_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])["UserImportJob"]
    assert done["Status"] == "Failed"
    assert "header" in done["CompletionMessage"]
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []
    with raises(idp, "PreconditionNotMetException", f"Job {job['JobId']} is in Failed status."):
        idp.start_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])


def test_upload_rules_stop_and_list(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    job = _job(idp, pool.id, "first")
    no_sse = requests.put(job["PreSignedUrl"], data=b"x", timeout=5)
    assert no_sse.status_code == 403
    forged = job["PreSignedUrl"].rsplit("=", 1)[0] + "=forged"
    assert requests.put(forged, data=b"x", headers=SSE, timeout=5).status_code == 403

    stopped = idp.stop_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])["UserImportJob"]
    assert stopped["Status"] == "Stopped"
    with raises(idp, "PreconditionNotMetException", f"Job {job['JobId']} is in Stopped status."):
        idp.stop_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])
    late = requests.put(job["PreSignedUrl"], data=b"x", headers=SSE, timeout=5)
    assert late.status_code == 403

    second = _job(idp, pool.id, "second")
    third = _job(idp, pool.id, "third")
    first_page = idp.list_user_import_jobs(UserPoolId=pool.id, MaxResults=2)
    assert [j["JobName"] for j in first_page["UserImportJobs"]] == ["first", "second"]
    rest = idp.list_user_import_jobs(
        UserPoolId=pool.id, MaxResults=2, PaginationToken=first_page["PaginationToken"]
    )
    assert [j["JobId"] for j in rest["UserImportJobs"]] == [third["JobId"]]
    assert "PaginationToken" not in rest
    assert second["Status"] == "Created"
    with raises(idp, "ResourceNotFoundException", "Import job import-doesnotexist does not exist."):
        idp.describe_user_import_job(UserPoolId=pool.id, JobId="import-doesnotexist")


def test_start_without_upload_fails_and_unstarted_job_expires(cognito_fake, idp, freezer):
    pool = cognito_fake.create_user_pool("app")
    job = _job(idp, pool.id)
    done = idp.start_user_import_job(UserPoolId=pool.id, JobId=job["JobId"])["UserImportJob"]
    assert done["Status"] == "Failed"
    waiting = _job(idp, pool.id, "waiting")
    freezer.tick(86401)
    described = idp.describe_user_import_job(UserPoolId=pool.id, JobId=waiting["JobId"])
    assert described["UserImportJob"]["Status"] == "Expired"
    expired = f"Job {waiting['JobId']} is in Expired status."
    with raises(idp, "PreconditionNotMetException", expired):
        idp.start_user_import_job(UserPoolId=pool.id, JobId=waiting["JobId"])


def test_list_without_jobs_and_unknown_pool(cognito_fake, idp):
    pool = cognito_fake.create_user_pool("app")
    out = idp.list_user_import_jobs(UserPoolId=pool.id, MaxResults=60)
    assert out.get("UserImportJobs", []) == []
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.list_user_import_jobs(UserPoolId="us-east-1_nothere00", MaxResults=10)
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."):
        idp.create_user_import_job(
            JobName="x", UserPoolId="us-east-1_nothere00", CloudWatchLogsRoleArn=ROLE
        )
