"""User import jobs: a CSV uploaded to a pre-signed URL (served by the fake) creates users.

A job lives in ``pool.import_jobs`` by JobId. StartUserImportJob runs the whole
import at once (AWS runs it in the background; here the job is already Succeeded or Failed
when the call returns). Imported users have no password and status RESET_REQUIRED, as on AWS.
Each row's outcome is kept in the job's ``log`` (AWS writes it to CloudWatch Logs).
"""

from __future__ import annotations

import csv
import io
import secrets
import string
from typing import Any

from ..context import Ctx
from ..core import user_attributes, user_records
from ..errors import (
    CognitoError,
    PreconditionNotMetException,
    ResourceNotFoundException,
    UsernameExistsException,
)
from ..state import lookups
from ..state.store import State, UserPool
from . import mfa as _mfa
from ._paginate import respond
from ._registry import operation

UPLOAD_PATH = "/_fake/user-import"
#: A job not started within a day expires (AWS: "within 24-48 hours").
EXPIRES_AFTER = 86400
VERIFIED_COLUMNS = ("email_verified", "phone_number_verified")
SUCCEEDED = "Import Job Completed Successfully."
FAILED_ALL = "Too many users have failed or been skipped during the import."
OUT_KEYS = (
    "JobName",
    "JobId",
    "UserPoolId",
    "PreSignedUrl",
    "CreationDate",
    "StartDate",
    "CompletionDate",
    "Status",
    "CloudWatchLogsRoleArn",
    "PasswordHashingAlgorithm",
    "ImportedUsers",
    "SkippedUsers",
    "FailedUsers",
    "CompletionMessage",
)


def _jobs(pool: UserPool) -> dict[str, dict[str, Any]]:
    jobs = pool.import_jobs
    return jobs


def csv_header(pool: UserPool) -> list[str]:
    """Every schema attribute but ``sub`` (developer-only ones too), then Cognito's columns."""
    names = [
        entry["Name"]
        for entry in pool.settings.get("SchemaAttributes", [])
        if entry["Name"] not in ("sub", "identities")
    ]
    return [*names, "cognito:mfa_enabled", "cognito:username"]


def get_job(pool: UserPool, job_id: str, ctx: Ctx) -> dict[str, Any]:
    job = _jobs(pool).get(job_id)
    if job is None:
        raise ResourceNotFoundException(f"Import job {job_id} does not exist.")
    if job["Status"] == "Created" and ctx.now > job["CreationDate"] + EXPIRES_AFTER:
        job["Status"] = "Expired"
    return job


def _job_type(job: dict[str, Any]) -> dict[str, Any]:
    return {key: job[key] for key in OUT_KEYS if key in job}


@operation("GetCSVHeader")
def get_csv_header(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"UserPoolId": pool.pool_id, "CSVHeader": csv_header(pool)}


@operation("CreateUserImportJob")
def create_user_import_job(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    alphabet = string.ascii_letters + string.digits
    job_id = "import-" + "".join(secrets.choice(alphabet) for _ in range(10))
    signature = secrets.token_hex(32)
    job: dict[str, Any] = {
        "JobName": req["JobName"],
        "JobId": job_id,
        "UserPoolId": pool.pool_id,
        "PreSignedUrl": (
            f"{ctx.base_url}{UPLOAD_PATH}/{pool.pool_id}/{job_id}"
            f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature={signature}"
        ),
        "CreationDate": ctx.now,
        "Status": "Created",
        "CloudWatchLogsRoleArn": req["CloudWatchLogsRoleArn"],
        "ImportedUsers": 0,
        "SkippedUsers": 0,
        "FailedUsers": 0,
        "signature": signature,
        "csv": None,
        "log": [],
    }
    if "PasswordHashingAlgorithm" in req:  # stored and echoed; the CSV's hashes are not read
        job["PasswordHashingAlgorithm"] = req["PasswordHashingAlgorithm"]
    _jobs(pool)[job_id] = job
    return {"UserImportJob": _job_type(job)}


@operation("DescribeUserImportJob")
def describe_user_import_job(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    return {"UserImportJob": _job_type(get_job(pool, req["JobId"], ctx))}


@operation("ListUserImportJobs")
def list_user_import_jobs(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    items = [_job_type(get_job(pool, job_id, ctx)) for job_id in list(_jobs(pool))]
    # The output list holds 1 to 50 jobs, though MaxResults allows 60: a pool without jobs
    # answers without the member.
    out = respond(
        items,
        req,
        "ListUserImportJobs",
        "UserImportJobs",
        token_key="PaginationToken",
        limit=min(req["MaxResults"], 50),
    )
    if not out["UserImportJobs"]:
        del out["UserImportJobs"]
    return out


@operation("StopUserImportJob")
def stop_user_import_job(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    """Only a job that has not finished can stop (here: one not yet started)."""
    pool = lookups.get_pool(state, req["UserPoolId"])
    job = get_job(pool, req["JobId"], ctx)
    if job["Status"] not in ("Created", "Pending", "InProgress"):
        raise PreconditionNotMetException(f"Job {job['JobId']} is in {job['Status']} status.")
    job.update({"Status": "Stopped", "CompletionDate": ctx.now})
    return {"UserImportJob": _job_type(job)}


@operation("StartUserImportJob")
def start_user_import_job(state: State, req: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    pool = lookups.get_pool(state, req["UserPoolId"])
    job = get_job(pool, req["JobId"], ctx)
    if job["Status"] != "Created":
        raise PreconditionNotMetException(f"Job {job['JobId']} is in {job['Status']} status.")
    job["StartDate"] = ctx.now
    _run(state, pool, job, ctx)
    job["CompletionDate"] = ctx.now
    return {"UserImportJob": _job_type(job)}


def _fail(job: dict[str, Any], message: str) -> None:
    job.update({"Status": "Failed", "CompletionMessage": message})


def _run(state: State, pool: UserPool, job: dict[str, Any], ctx: Ctx) -> None:
    """Import every row; a bad file fails the job, a bad row only counts as failed."""
    if job["csv"] is None:
        _fail(job, "The CSV file was not uploaded to the pre-signed URL.")
        return
    try:
        rows = list(csv.reader(io.StringIO(job["csv"].decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        _fail(job, "The CSV file could not be parsed.")
        return
    if not rows:
        _fail(job, "The CSV file is empty.")
        return
    header, known = rows[0], set(csv_header(pool))
    unknown = [name for name in header if name not in known]
    if unknown or "cognito:username" not in header or "cognito:mfa_enabled" not in header:
        _fail(job, "The CSV header does not match the header from GetCSVHeader.")
        return
    for number, row in enumerate(rows[1:], start=2):
        outcome, reason = _import_row(state, pool, header, row, ctx)
        job[
            {"Imported": "ImportedUsers", "Skipped": "SkippedUsers", "Failed": "FailedUsers"}[
                outcome
            ]
        ] += 1
        job["log"].append({"line": number, "outcome": outcome, "reason": reason})
    if job["ImportedUsers"] == 0 and (job["FailedUsers"] or job["SkippedUsers"]):
        _fail(job, FAILED_ALL)
    else:
        job.update({"Status": "Succeeded", "CompletionMessage": SUCCEEDED})


def _import_row(
    state: State, pool: UserPool, header: list[str], row: list[str], ctx: Ctx
) -> tuple[str, str]:
    """("Imported" | "Skipped" | "Failed", reason)."""
    if not any(cell.strip() for cell in row):
        return "Skipped", "empty line"
    if len(row) != len(header):
        return "Failed", f"expected {len(header)} columns, found {len(row)}"
    values = {name: cell.strip() for name, cell in zip(header, row, strict=True) if cell.strip()}
    username = values.pop("cognito:username", "")
    mfa = values.pop("cognito:mfa_enabled", "false")
    if not username:
        return "Failed", "cognito:username is required"
    if mfa.lower() not in ("true", "false"):
        return "Failed", "cognito:mfa_enabled must be TRUE or FALSE"
    for name in VERIFIED_COLUMNS:
        if name in values:
            if values[name].lower() not in ("true", "false"):
                return "Failed", f"{name} must be TRUE or FALSE"
            values[name] = values[name].lower()
    if mfa.lower() == "true" and not values.get("phone_number"):
        return "Failed", "cognito:mfa_enabled TRUE needs a phone_number"
    missing = [
        e["Name"]
        for e in pool.settings.get("SchemaAttributes", [])
        if e.get("Required") and e["Name"] != "sub" and not values.get(e["Name"])
    ]
    if missing:
        return "Failed", f"required attribute missing: {missing[0]}"
    if lookups.find_user(pool, username) is not None:
        return "Skipped", "user already exists"
    try:
        _check_row(pool, username, values)
        user = user_records.new_user(state, pool, username, values, "RESET_REQUIRED", ctx)
    except UsernameExistsException:
        return "Skipped", "user already exists"
    except CognitoError as exc:
        return "Failed", exc.message
    user.imported = True
    if mfa.lower() == "true":  # kept as legacy SMS MFAOptions, as SetUserSettings would
        _mfa.set_options(user, [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    return "Imported", ""


def _check_row(pool: UserPool, username: str, values: dict[str, str]) -> None:
    """The checks AdminCreateUser makes: schema, verified flags, sign-in and alias uniqueness
    (against existing users and the rows imported before this one)."""
    user_attributes.check_attributes(pool, values, creating=True)
    planned = user_attributes.planned_attributes(pool, username, values)
    user_attributes.check_verified_flags(planned)
    user_attributes.check_unique_sign_in(pool, None, planned)
    user_attributes.alias_takeovers(pool, None, planned, set(planned), force=False)
