"""Session tracking through boto3: the pool and client configurations, the per-user cap of
token sessions, listing and revoking them, and how they meet refresh, RevokeToken and global
sign-out. Assertions on choices the spec marks unconfirmed say so."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pytest_cognito_fake.errors import FeatureUnavailableInTierException

from ..helpers import PASSWORD, Shift, raises, sign_in

SESSION_ID = re.compile(r"^tkn[a-z0-9]{25}$")
LITE = "User session tracking requires the ESSENTIALS or PLUS feature plan."


def off(pool: Any) -> str:
    return f"User session tracking is not enabled for user pool {pool.id}."


def track(idp: Any, pool: Any, max_per_user: int = 20) -> dict[str, Any]:
    return idp.set_user_pool_session_configuration(
        UserPoolId=pool.id,
        UserSessionTracking="ENABLED",
        TokenSession={"MaxPerUser": max_per_user},
    )


def listed(idp: Any, pool: Any, username: str = "alice") -> list[dict[str, Any]]:
    return idp.admin_list_user_sessions(UserPoolId=pool.id, Username=username)["Sessions"]


def refresh(idp: Any, client: Any, token: str) -> dict[str, Any]:
    return idp.get_tokens_from_refresh_token(ClientId=client.id, RefreshToken=token)


# ------------------------------------------------------------------ configuration


def test_defaults_before_any_configuration(idp: Any, pool: Any, web: Any) -> None:
    out = idp.get_user_pool_session_configuration(UserPoolId=pool.id)
    assert out["UserPoolId"] == pool.id
    assert out["UserSessionTracking"] == "DISABLED"
    assert out["TokenSession"] == {"MaxPerUser": 20}
    client = idp.get_user_pool_client_session_configuration(UserPoolId=pool.id, ClientId=web.id)
    assert client["ClientId"] == web.id
    assert client["SSOSession"] == {"MaxValidityMinutes": 60}


def test_configuration_reads_back(idp: Any, pool: Any, web: Any) -> None:
    echoed = track(idp, pool, 7)
    assert echoed["UserSessionTracking"] == "ENABLED"
    assert echoed["TokenSession"] == {"MaxPerUser": 7}
    assert idp.get_user_pool_session_configuration(UserPoolId=pool.id)["TokenSession"] == {
        "MaxPerUser": 7
    }
    out = idp.set_user_pool_client_session_configuration(
        UserPoolId=pool.id, ClientId=web.id, SSOSession={"MaxValidityMinutes": 0}
    )
    assert out["SSOSession"] == {"MaxValidityMinutes": 0}
    # Turning tracking off keeps the client's window, dormant.
    idp.set_user_pool_session_configuration(
        UserPoolId=pool.id, UserSessionTracking="DISABLED", TokenSession={"MaxPerUser": 7}
    )
    got = idp.get_user_pool_client_session_configuration(UserPoolId=pool.id, ClientId=web.id)
    assert got["SSOSession"] == {"MaxValidityMinutes": 0}


def test_configuration_errors(idp: Any, raw: Any, cognito_fake: Any, pool: Any, web: Any) -> None:
    lite = cognito_fake.create_user_pool("lite", UserPoolTier="LITE")
    with raises(idp, "FeatureUnavailableInTierException", LITE):
        track(idp, lite)
    # Unconfirmed: which error AWS answers when tracking is off (InvalidParameter possible).
    with raises(idp, "OperationNotEnabledException", off(pool)):
        idp.set_user_pool_client_session_configuration(
            UserPoolId=pool.id, ClientId=web.id, SSOSession={"MaxValidityMinutes": 5}
        )
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."):
        idp.get_user_pool_session_configuration(UserPoolId="us-east-1_nope")
    other = cognito_fake.create_user_pool("other").create_client("elsewhere")
    with raises(idp, "ResourceNotFoundException", f"User pool client {other.id} does not exist."):
        idp.get_user_pool_client_session_configuration(UserPoolId=pool.id, ClientId=other.id)
    track(idp, pool)
    for bad in (0, 101):
        with pytest.raises(
            raw.exceptions.InvalidParameterException, match=r"tokenSession\.maxPerUser"
        ):
            raw.set_user_pool_session_configuration(
                UserPoolId=pool.id,
                UserSessionTracking="ENABLED",
                TokenSession={"MaxPerUser": bad},
            )
    with pytest.raises(
        raw.exceptions.InvalidParameterException, match=r"sSOSession\.maxValidityMinutes"
    ):
        raw.set_user_pool_client_session_configuration(
            UserPoolId=pool.id, ClientId=web.id, SSOSession={"MaxValidityMinutes": 129601}
        )


def test_seed_helpers_run_the_api_checks(cognito_fake: Any, idp: Any, pool: Any, web: Any) -> None:
    pool.set_session_configuration(max_per_user=3)
    web.set_session_configuration(max_validity_minutes=15)
    assert idp.get_user_pool_session_configuration(UserPoolId=pool.id)["TokenSession"] == {
        "MaxPerUser": 3
    }
    got = idp.get_user_pool_client_session_configuration(UserPoolId=pool.id, ClientId=web.id)
    assert got["SSOSession"] == {"MaxValidityMinutes": 15}
    lite = cognito_fake.create_user_pool("lite", UserPoolTier="LITE")
    with pytest.raises(FeatureUnavailableInTierException, match=LITE):
        lite.set_session_configuration()


# ------------------------------------------------------------ the per-user cap


def test_cap_evicts_the_least_recently_used_session(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    mobile = pool.create_client("mobile", flows=["USER_PASSWORD_AUTH"])
    track(idp, pool, max_per_user=2)
    first = sign_in(idp, web)["AuthenticationResult"]
    second = sign_in(idp, mobile)["AuthenticationResult"]
    third = sign_in(idp, web)["AuthenticationResult"]
    sessions = listed(idp, pool)
    assert len(sessions) == 2
    assert {s["SessionType"] for s in sessions} == {"TOKEN"}
    assert all(SESSION_ID.match(s["SessionId"]) for s in sessions)
    assert not any(s["IsCurrentSession"] for s in sessions)
    assert {s["ClientId"] for s in sessions} == {web.id, mobile.id}
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        refresh(idp, web, first["RefreshToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=first["AccessToken"])
    assert refresh(idp, mobile, second["RefreshToken"])["AuthenticationResult"]["AccessToken"]
    assert refresh(idp, web, third["RefreshToken"])["AuthenticationResult"]["AccessToken"]


def test_cap_counts_use_not_age(idp: Any, pool: Any, web: Any, alice: Any, shift: Shift) -> None:
    track(idp, pool, max_per_user=2)
    oldest = sign_in(idp, web)["AuthenticationResult"]
    shift(60)
    middle = sign_in(idp, web)["AuthenticationResult"]
    shift(60)
    refresh(idp, web, oldest["RefreshToken"])  # the oldest is now the most recently used
    shift(60)
    sign_in(idp, web)
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        refresh(idp, web, middle["RefreshToken"])
    assert refresh(idp, web, oldest["RefreshToken"])["AuthenticationResult"]


def test_lowering_the_cap_evicts_at_the_next_sign_in(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    track(idp, pool, max_per_user=5)
    for _ in range(4):
        sign_in(idp, web)
    track(idp, pool, max_per_user=2)
    assert len(listed(idp, pool)) == 4  # nothing evicted yet
    sign_in(idp, web)
    assert len(listed(idp, pool)) == 2


def test_refresh_moves_last_active_not_create_date(
    idp: Any, pool: Any, web: Any, alice: Any, shift: Shift
) -> None:
    track(idp, pool)
    tokens = sign_in(idp, web)["AuthenticationResult"]
    (before,) = listed(idp, pool)
    shift(600)
    refresh(idp, web, tokens["RefreshToken"])
    (after,) = listed(idp, pool)
    assert after["SessionId"] == before["SessionId"]
    assert after["CreateDate"] == before["CreateDate"]
    assert (after["LastActiveDate"] - before["LastActiveDate"]).total_seconds() == 600
    assert after["LastIPAddress"] == "127.0.0.1"
    assert after["DeviceType"] == "Boto3"  # the product of the User-Agent
    assert after["LastLocation"] == {"Country": "unknown"}


def test_expired_refresh_token_ends_the_session(
    idp: Any, pool: Any, alice: Any, shift: Shift
) -> None:
    short = pool.create_client(
        "short",
        flows=["USER_PASSWORD_AUTH"],
        RefreshTokenValidity=60,
        TokenValidityUnits={"RefreshToken": "minutes"},
    )
    track(idp, pool)
    sign_in(idp, short)
    assert len(listed(idp, pool)) == 1
    shift(3600)
    assert listed(idp, pool) == []


# ------------------------------------------------------------------------ listing


def test_list_user_sessions_marks_the_callers(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    track(idp, pool)
    one = sign_in(idp, web)["AuthenticationResult"]
    two = sign_in(idp, web)["AuthenticationResult"]
    mine = idp.list_user_sessions(AccessToken=two["AccessToken"])["Sessions"]
    assert len(mine) == 2
    (current,) = [s for s in mine if s["IsCurrentSession"]]
    other = next(s for s in mine if not s["IsCurrentSession"])
    assert idp.list_user_sessions(AccessToken=one["AccessToken"])["Sessions"][0]["SessionId"] in {
        current["SessionId"],
        other["SessionId"],
    }
    from_one = idp.list_user_sessions(AccessToken=one["AccessToken"])["Sessions"]
    assert [s["SessionId"] for s in from_one if s["IsCurrentSession"]] == [other["SessionId"]]
    # Newest first (unconfirmed: AWS documents no order).
    assert mine[0]["CreateDate"] >= mine[1]["CreateDate"]


def test_listing_errors(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    # Unconfirmed: OperationNotEnabledException while tracking is off (an empty list is the
    # alternative).
    with raises(idp, "OperationNotEnabledException", off(pool)):
        listed(idp, pool)
    with raises(idp, "OperationNotEnabledException", off(pool)):
        idp.list_user_sessions(AccessToken=tokens["AccessToken"])
    track(idp, pool)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        listed(idp, pool, "bob")
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."):
        idp.admin_list_user_sessions(UserPoolId="us-east-1_nope", Username="alice")
    with raises(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.list_user_sessions(AccessToken="not-a-token")
    with raises(idp, "InvalidParameterException", "Invalid pagination token."):
        idp.admin_list_user_sessions(UserPoolId=pool.id, Username="alice", NextToken="bogus")
    # A token from before tracking was on has no session: the others list, none is current.
    sign_in(idp, web)
    listing = idp.list_user_sessions(AccessToken=tokens["AccessToken"])["Sessions"]
    assert len(listing) == 1
    assert not listing[0]["IsCurrentSession"]


def test_every_session_fits_one_page_of_125(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    track(idp, pool, max_per_user=100)
    for _ in range(3):
        sign_in(idp, web)
    out = idp.admin_list_user_sessions(UserPoolId=pool.id, Username="alice")
    assert len(out["Sessions"]) == 3
    assert "NextToken" not in out


def test_deleted_user_sessions_vanish(idp: Any, pool: Any, web: Any) -> None:
    pool.create_user("carol", password=PASSWORD)
    track(idp, pool)
    sign_in(idp, web, "carol")
    idp.admin_delete_user(UserPoolId=pool.id, Username="carol")
    pool.create_user("carol", password=PASSWORD)
    assert listed(idp, pool, "carol") == []


def test_deleted_client_takes_its_sessions(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    mobile = pool.create_client("mobile", flows=["USER_PASSWORD_AUTH"])
    track(idp, pool)
    sign_in(idp, web)
    sign_in(idp, mobile)
    idp.delete_user_pool_client(UserPoolId=pool.id, ClientId=mobile.id)
    assert [s["ClientId"] for s in listed(idp, pool)] == [web.id]


# --------------------------------------------------------------------- revocation


def test_revoke_user_session_ends_another_session(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    track(idp, pool)
    one = sign_in(idp, web)["AuthenticationResult"]
    two = sign_in(idp, web)["AuthenticationResult"]
    mine = idp.list_user_sessions(AccessToken=two["AccessToken"])["Sessions"]
    own = next(s["SessionId"] for s in mine if s["IsCurrentSession"])
    other = next(s["SessionId"] for s in mine if not s["IsCurrentSession"])
    # Unconfirmed: the error type for revoking one's own session.
    with raises(
        idp, "InvalidParameterException", "A session cannot revoke itself; use GlobalSignOut."
    ):
        idp.revoke_user_session(AccessToken=two["AccessToken"], SessionId=own)
    idp.revoke_user_session(AccessToken=two["AccessToken"], SessionId=other)
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        refresh(idp, web, one["RefreshToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=one["AccessToken"])
    assert [s["SessionId"] for s in listed(idp, pool)] == [own]
    # Unconfirmed: an unknown or already revoked session is ResourceNotFoundException.
    with raises(idp, "ResourceNotFoundException", f"Session {other} does not exist."):
        idp.revoke_user_session(AccessToken=two["AccessToken"], SessionId=other)


def test_admin_revoke_checks_the_owner(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    pool.create_user("bob", password=PASSWORD)
    track(idp, pool)
    tokens = sign_in(idp, web)["AuthenticationResult"]
    (session,) = listed(idp, pool)
    sid = session["SessionId"]
    with raises(idp, "ResourceNotFoundException", f"Session {sid} does not exist."):
        idp.admin_revoke_user_session(UserPoolId=pool.id, Username="bob", SessionId=sid)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_revoke_user_session(UserPoolId=pool.id, Username="zed", SessionId=sid)
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    idp.admin_revoke_user_session(UserPoolId=pool.id, Username="alice", SessionId=sid)
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=tokens["AccessToken"])
    assert listed(idp, pool) == []


def test_revoke_token_accepts_linked_without_tracking(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    tokens = sign_in(idp, web)["AuthenticationResult"]
    idp.revoke_token(
        ClientId=web.id, Token=tokens["RefreshToken"], RevokeAssociatedSessions="LINKED"
    )
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        refresh(idp, web, tokens["RefreshToken"])


def test_global_sign_out_empties_the_token_sessions(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    track(idp, pool)
    tokens = sign_in(idp, web)["AuthenticationResult"]
    sign_in(idp, web)
    assert len(listed(idp, pool)) == 2
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    assert listed(idp, pool) == []


def test_turning_tracking_off_keeps_tokens_working(
    idp: Any, pool: Any, web: Any, alice: Any
) -> None:
    track(idp, pool, max_per_user=1)
    tokens = sign_in(idp, web)["AuthenticationResult"]
    idp.set_user_pool_session_configuration(
        UserPoolId=pool.id, UserSessionTracking="DISABLED", TokenSession={"MaxPerUser": 1}
    )
    with raises(idp, "OperationNotEnabledException", off(pool)):
        listed(idp, pool)
    sign_in(idp, web)  # no cap while off
    assert refresh(idp, web, tokens["RefreshToken"])["AuthenticationResult"]["AccessToken"]
    # Unconfirmed: re-enabling does not bring back records of the sessions before.
    track(idp, pool, max_per_user=1)
    assert listed(idp, pool) == []


def test_lite_needs_tracking_off_first(idp: Any, pool: Any) -> None:
    track(idp, pool)
    # Unconfirmed: mirrors AWS's documented rule for DcrConfiguration.
    with raises(
        idp,
        "TierChangeNotAllowedException",
        "Disable user session tracking before changing the feature plan to LITE.",
    ):
        idp.update_user_pool(UserPoolId=pool.id, UserPoolTier="LITE")
    idp.set_user_pool_session_configuration(
        UserPoolId=pool.id, UserSessionTracking="DISABLED", TokenSession={"MaxPerUser": 20}
    )
    idp.update_user_pool(UserPoolId=pool.id, UserPoolTier="LITE")
