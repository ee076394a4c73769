"""Point-in-time recovery through boto3 under freezegun and time-machine: the preview counts,
the write pause on existing operations, the restore bringing users, attributes and group
memberships back as they were, and AWS's guards on the recovery point and the quotas."""

from __future__ import annotations

import time
from typing import Any

import pytest

from ..helpers import PASSWORD, Shift, raises, respond, sign_in

PAUSED = "User data writes are paused while a point-in-time recovery is in progress."


def attributes(idp: Any, pool: Any, username: str) -> dict[str, str]:
    user = idp.admin_get_user(UserPoolId=pool.id, Username=username)
    return {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def members(idp: Any, pool: Any, group: str) -> list[str]:
    users = idp.list_users_in_group(UserPoolId=pool.id, GroupName=group)["Users"]
    return sorted(u["Username"] for u in users)


def test_recovery_brings_user_data_back(cognito_fake: Any, idp: Any, shift: Shift) -> None:
    pool = cognito_fake.create_user_pool("app", UserPoolTier="PLUS")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    ann = pool.create_user("ann", password=PASSWORD, name="Ann")
    pool.create_user("bob", password=PASSWORD, name="Bob")
    idp.create_group(UserPoolId=pool.id, GroupName="staff")
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="ann", GroupName="staff")
    shift(3600)
    point = time.time() - 1800
    idp.admin_delete_user(UserPoolId=pool.id, Username="ann")
    idp.admin_update_user_attributes(
        UserPoolId=pool.id, Username="bob", UserAttributes=[{"Name": "name", "Value": "Robert"}]
    )
    pool.create_user("cat", password=PASSWORD)
    idp.admin_add_user_to_group(UserPoolId=pool.id, Username="bob", GroupName="staff")
    idp.create_group(UserPoolId=pool.id, GroupName="temps")
    shift(20 * 60)

    started = idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)
    restoration = started["Restoration"]
    assert restoration["RestoreStatus"] == "PREVIEW_GENERATING"
    assert "RestorePreview" not in restoration
    assert restoration["RestoreTimestamp"].timestamp() == pytest.approx(point, abs=0.001)
    assert restoration["TriggerTimestamp"].timestamp() == pytest.approx(time.time(), abs=0.001)
    restore_id = restoration["RestoreId"]
    described = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert described["Restoration"]["RestoreStatus"] == "PREVIEW_GENERATED"
    preview = {p["Entity"]: p for p in described["Restoration"]["RestorePreview"]}
    # Create: ann comes back; Update: bob's name; Delete: cat goes.
    assert (preview["Users"]["CreateCount"], preview["Users"]["UpdateCount"]) == (1, 1)
    assert preview["Users"]["DeleteCount"] == 1
    assert (preview["Groups"]["UpdateCount"], preview["Groups"]["DeleteCount"]) == (1, 1)

    # While the recovery is active, writes to user data pause; sign-in and reads go on.
    with raises(idp, "OperationNotEnabledException", PAUSED):
        idp.admin_create_user(UserPoolId=pool.id, Username="dan")
    with raises(idp, "OperationNotEnabledException", PAUSED):
        idp.sign_up(ClientId=web.id, Username="dan", Password=PASSWORD)
    tokens = sign_in(idp, web, "bob")["AuthenticationResult"]
    with raises(idp, "OperationNotEnabledException", PAUSED):
        idp.change_password(
            AccessToken=tokens["AccessToken"],
            PreviousPassword=PASSWORD,
            ProposedPassword="N3w-pass!",
        )
    assert attributes(idp, pool, "bob")["name"] == "Robert"
    with raises(
        idp,
        "ConcurrentModificationException",
        "A point-in-time recovery is already in progress for this user pool.",
    ):
        idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)

    applied = idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert applied["Restoration"]["RestoreStatus"] == "RESTORING"
    done = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert done["Restoration"]["RestoreStatus"] == "RESTORE_COMPLETED"
    assert attributes(idp, pool, "ann")["sub"] == ann.sub  # back with its old sub
    assert attributes(idp, pool, "bob")["name"] == "Bob"
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_get_user(UserPoolId=pool.id, Username="cat")
    assert members(idp, pool, "staff") == ["ann"]
    with raises(idp, "ResourceNotFoundException", "Group not found."):
        idp.get_group(UserPoolId=pool.id, GroupName="temps")
    assert sign_in(idp, web, "ann")["AuthenticationResult"]["AccessToken"]
    # Writes work again.
    idp.admin_create_user(UserPoolId=pool.id, Username="dan", MessageAction="SUPPRESS")
    with raises(
        idp,
        "InvalidParameterException",
        "A recovery in status RESTORE_COMPLETED can't be cancelled.",
    ):
        idp.cancel_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)


def test_a_password_changed_after_the_point_stays(
    cognito_fake: Any, idp: Any, shift: Shift
) -> None:
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("ann", password=PASSWORD, name="Ann")
    shift(3600)
    point = time.time() - 60
    shift(60)
    idp.admin_set_user_password(
        UserPoolId=pool.id, Username="ann", Password="N3w-pass!", Permanent=True
    )
    idp.admin_update_user_attributes(
        UserPoolId=pool.id, Username="ann", UserAttributes=[{"Name": "name", "Value": "Anna"}]
    )
    shift(15 * 60)
    restore_id = idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)[
        "Restoration"
    ]["RestoreId"]
    idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert attributes(idp, pool, "ann")["name"] == "Ann"
    assert sign_in(idp, web, "ann", "N3w-pass!")["AuthenticationResult"]
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, "ann", PASSWORD)


def test_recovery_point_guards(cognito_fake: Any, idp: Any, shift: Shift) -> None:
    lite = cognito_fake.create_user_pool("lite", UserPoolTier="LITE")
    tier = "Point-in-time recovery requires the ESSENTIALS or PLUS feature plan."
    with raises(idp, "FeatureUnavailableInTierException", tier):
        idp.initiate_point_in_time_recovery(UserPoolId=lite.id, RestoreTimestamp=time.time() - 3600)
    with raises(idp, "FeatureUnavailableInTierException", tier):
        idp.list_point_in_time_recoveries(UserPoolId=lite.id)

    pool = cognito_fake.create_user_pool("app")  # ESSENTIALS: one day back
    created = time.time()
    shift(3 * 86400)
    now = time.time()
    cases = {
        now - 5 * 60: "The recovery point must be at least 15 minutes ago.",
        now + 3600: "The recovery point must be at least 15 minutes ago.",
        now - 2 * 86400: "The recovery point must be within the last 1 days of the feature plan.",
        created - 60: "The recovery point can't be before the user pool was created.",
    }
    for point, message in cases.items():
        with raises(idp, "InvalidParameterException", message):
            idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)
    plus = cognito_fake.create_user_pool("plus", UserPoolTier="PLUS")
    shift(3 * 86400)
    assert idp.initiate_point_in_time_recovery(
        UserPoolId=plus.id, RestoreTimestamp=time.time() - 2 * 86400
    )["Restoration"]["RestoreId"]

    missing = "00000000-0000-4000-8000-000000000000"
    with raises(idp, "ResourceNotFoundException", f"Restoration {missing} does not exist."):
        idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=missing)
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nosuch does not exist."):
        idp.list_point_in_time_recoveries(UserPoolId="us-east-1_nosuch")


def test_cancel_expiry_listing_and_quotas(cognito_fake: Any, idp: Any, shift: Shift) -> None:
    pool = cognito_fake.create_user_pool("app", UserPoolTier="PLUS")
    pool.create_user("ann", password=PASSWORD)
    shift(3600)
    point = time.time() - 1800

    def initiate() -> str:
        out = idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)
        return str(out["Restoration"]["RestoreId"])

    first = initiate()
    cancelled = idp.cancel_point_in_time_recovery(UserPoolId=pool.id, RestoreId=first)
    assert cancelled["Restoration"]["RestoreStatus"] == "PREVIEW_CANCELLED"
    assert "RestorePreview" not in cancelled["Restoration"]
    with raises(
        idp, "InvalidParameterException", "A recovery in status PREVIEW_CANCELLED can't be started."
    ):
        idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=first)
    idp.admin_create_user(UserPoolId=pool.id, Username="bob", MessageAction="SUPPRESS")

    # A preview neither started nor cancelled expires after 24 hours; writes resume.
    second = initiate()
    with raises(idp, "OperationNotEnabledException", PAUSED):
        idp.admin_delete_user(UserPoolId=pool.id, Username="bob")
    shift(25 * 3600)
    expired = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=second)
    assert expired["Restoration"]["RestoreStatus"] == "PREVIEW_EXPIRED"
    idp.admin_delete_user(UserPoolId=pool.id, Username="bob")

    point = time.time() - 3600
    ids = [initiate()]
    for _ in range(2):
        idp.cancel_point_in_time_recovery(UserPoolId=pool.id, RestoreId=ids[-1])
        ids.append(initiate())
    idp.cancel_point_in_time_recovery(UserPoolId=pool.id, RestoreId=ids[-1])
    with raises(
        idp,
        "LimitExceededException",
        "Only 3 point-in-time recovery previews per user pool are allowed in 24 hours.",
    ):
        initiate()

    listed = idp.list_point_in_time_recoveries(UserPoolId=pool.id, MaxResults=2)
    assert [r["RestoreId"] for r in listed["Restorations"]] == ids[::-1][:2]  # newest first
    assert set(listed["Restorations"][0]) == {"RestoreId", "RestoreStatus", "RestoreTimestamp"}
    rest = idp.list_point_in_time_recoveries(
        UserPoolId=pool.id, MaxResults=2, NextToken=listed["NextToken"]
    )
    statuses = [r["RestoreStatus"] for r in rest["Restorations"]]
    assert [r["RestoreId"] for r in rest["Restorations"]] == [ids[0], second]
    assert statuses == ["PREVIEW_CANCELLED", "PREVIEW_EXPIRED"]
    assert "NextToken" in rest  # the first, cancelled one is on the last page

    # One completed recovery per pool per day.
    shift(86400)
    point = time.time() - 3600
    done = initiate()
    idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=done)
    idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=done)
    with raises(
        idp,
        "LimitExceededException",
        "Only one point-in-time recovery per user pool can complete in 24 hours.",
    ):
        initiate()


def test_a_preview_starts_only_once_generated(cognito_fake: Any, idp: Any, shift: Shift) -> None:
    pool = cognito_fake.create_user_pool("app")
    shift(3600)
    out = idp.initiate_point_in_time_recovery(
        UserPoolId=pool.id, RestoreTimestamp=time.time() - 1800
    )
    with raises(
        idp, "ConcurrentModificationException", "The recovery preview is still being generated."
    ):
        idp.start_point_in_time_recovery(
            UserPoolId=pool.id, RestoreId=out["Restoration"]["RestoreId"]
        )


def test_mfa_enrolment_rolls_back_and_pauses(cognito_fake: Any, idp: Any, freezer: Any) -> None:
    pool = cognito_fake.create_user_pool("app", UserPoolTier="PLUS")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool.id, MfaConfiguration="ON", SoftwareTokenMfaConfiguration={"Enabled": True}
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    for name in ("alice", "bob"):
        pool.create_user(name, password=PASSWORD)
    freezer.tick(3600)
    point = time.time()
    freezer.tick(60)
    first = sign_in(idp, web, "alice")
    associated = idp.associate_software_token(Session=first["Session"])
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=cognito_fake.totp_code(associated["SecretCode"])
    )
    respond(idp, web, "MFA_SETUP", verified["Session"])
    freezer.tick(15 * 60)

    restore_id = idp.initiate_point_in_time_recovery(UserPoolId=pool.id, RestoreTimestamp=point)[
        "Restoration"
    ]["RestoreId"]
    described = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    preview = {p["Entity"]: p for p in described["Restoration"]["RestorePreview"]}
    assert preview["User MFAs"] == {
        "Entity": "User MFAs",
        "CreateCount": 0,
        "UpdateCount": 0,
        "DeleteCount": 1,
    }
    assert preview["Passkeys"]["DeleteCount"] == 0
    # Sign-ins that would set MFA up pause with the writes (their Session names the pool).
    setup = sign_in(idp, web, "bob")
    assert setup["ChallengeName"] == "MFA_SETUP"
    with raises(idp, "OperationNotEnabledException", PAUSED):
        idp.associate_software_token(Session=setup["Session"])

    idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert sign_in(idp, web, "alice")["ChallengeName"] == "MFA_SETUP"  # no token any more


@pytest.mark.parametrize("status", ["PREVIEW_GENERATION_FAILED", "AWS_ABORTED"])
def test_a_forced_failure_ends_the_recovery(
    cognito_fake: Any, idp: Any, freezer: Any, status: str
) -> None:
    pool = cognito_fake.create_user_pool("app")
    pool.create_user("ann", password=PASSWORD)
    freezer.tick(3600)
    pool.fail_next_recovery(status)
    restore_id = idp.initiate_point_in_time_recovery(
        UserPoolId=pool.id, RestoreTimestamp=time.time() - 1800
    )["Restoration"]["RestoreId"]
    failed = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    assert failed["Restoration"]["RestoreStatus"] == status
    assert "RestorePreview" not in failed["Restoration"]
    with raises(
        idp, "InvalidParameterException", f"A recovery in status {status} can't be started."
    ):
        idp.start_point_in_time_recovery(UserPoolId=pool.id, RestoreId=restore_id)
    idp.admin_delete_user(UserPoolId=pool.id, Username="ann")  # writes resume
    # Only the next recovery fails.
    freezer.tick(60)
    again = idp.initiate_point_in_time_recovery(
        UserPoolId=pool.id, RestoreTimestamp=time.time() - 1800
    )["Restoration"]["RestoreId"]
    described = idp.describe_point_in_time_recovery(UserPoolId=pool.id, RestoreId=again)
    assert described["Restoration"]["RestoreStatus"] == "PREVIEW_GENERATED"
    with pytest.raises(ValueError, match="status must be one of"):
        pool.fail_next_recovery("RESTORE_COMPLETED")
