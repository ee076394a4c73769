"""The drift report: what the installed botocore's model has that the shipped one lacks."""

from __future__ import annotations

import json

from pytest_cognito_fake.model import drift, shipped


def test_same_model_reports_no_differences() -> None:
    lines = drift.report("9.9.9", shipped().service)
    assert lines[-1] == "no differences"
    assert f"shipped from botocore {shipped().release}" in lines[0]


def test_newer_model_lists_operations_members_and_errors() -> None:
    newer = json.loads(json.dumps(shipped().service))
    newer["operations"]["GetFutureThing"] = {"name": "GetFutureThing"}
    newer["shapes"]["AdminGetUserRequest"]["members"]["Future"] = {"shape": "StringType"}
    newer["shapes"]["FutureException"] = {"type": "structure", "members": {}, "exception": True}
    del newer["shapes"]["ListUsersRequest"]["members"]["Filter"]

    lines = drift.report("9.9.9", newer)

    assert lines[1:] == [
        "operations only in installed botocore (1): GetFutureThing",
        "members only in installed botocore (1): AdminGetUserRequest.Future",
        "members only in the shipped model (1): ListUsersRequest.Filter",
        "error shapes only in installed botocore (1): FutureException",
    ]
