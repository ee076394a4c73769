"""Time through the running server, under freezegun and under time-machine: access, ID and
refresh tokens, challenge sessions, temporary passwords, rotation grace and lockout all expire
when the test moves the clock, never by waiting."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from ..helpers import PASSWORD, Shift, raises, respond, sign_in


def refresh(idp: Any, client: Any, token: str) -> dict[str, Any]:
    return idp.initiate_auth(
        ClientId=client.id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": token}
    )


def test_access_token_expires_after_an_hour(idp: Any, pool: Any, shift: Shift) -> None:
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    tokens = sign_in(idp, web)["AuthenticationResult"]
    shift(3599)
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    shift(1)
    with raises(idp, "NotAuthorizedException", "Access Token has expired"):
        idp.get_user(AccessToken=tokens["AccessToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has expired"):
        idp.global_sign_out(AccessToken=tokens["AccessToken"])
    # PyJWT, reading the same patched clock, agrees.
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(
            tokens["IdToken"],
            jwt.PyJWKClient(pool.jwks_url).get_signing_key_from_jwt(tokens["IdToken"]).key,
            algorithms=["RS256"],
            audience=web.id,
        )
    # The refresh token still works and gives a fresh access token.
    fresh = refresh(idp, web, tokens["RefreshToken"])["AuthenticationResult"]
    assert idp.get_user(AccessToken=fresh["AccessToken"])["Username"] == "alice"


def test_custom_access_token_validity(idp: Any, pool: Any, shift: Shift) -> None:
    web = pool.create_client(
        "web",
        flows=["USER_PASSWORD_AUTH"],
        AccessTokenValidity=5,
        TokenValidityUnits={"AccessToken": "minutes"},
    )
    pool.create_user("alice", password=PASSWORD)
    token = sign_in(idp, web)["AuthenticationResult"]["AccessToken"]
    shift(299)
    assert idp.get_user(AccessToken=token)["Username"] == "alice"
    shift(1)
    with raises(idp, "NotAuthorizedException", "Access Token has expired"):
        idp.get_user(AccessToken=token)


def test_refresh_token_expires(idp: Any, pool: Any, shift: Shift) -> None:
    web = pool.create_client(
        "web",
        flows=["USER_PASSWORD_AUTH"],
        RefreshTokenValidity=60,
        TokenValidityUnits={"RefreshToken": "minutes"},
    )
    pool.create_user("alice", password=PASSWORD)
    first = sign_in(idp, web)["AuthenticationResult"]
    shift(3599)
    again = refresh(idp, web, first["RefreshToken"])["AuthenticationResult"]
    assert (
        jwt.decode(again["IdToken"], options={"verify_signature": False})["auth_time"]
        == (jwt.decode(first["IdToken"], options={"verify_signature": False})["auth_time"])
    )
    shift(1)
    with raises(idp, "NotAuthorizedException", "Refresh Token has expired"):
        refresh(idp, web, first["RefreshToken"])
    with raises(idp, "NotAuthorizedException", "Refresh Token has expired"):
        idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=web.id)


def test_rotated_refresh_token_keeps_the_original_lifetime(
    idp: Any, pool: Any, shift: Shift
) -> None:
    web = pool.create_client(
        "web",
        flows=["USER_PASSWORD_AUTH"],
        RefreshTokenValidity=60,
        TokenValidityUnits={"RefreshToken": "minutes"},
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    )
    pool.create_user("alice", password=PASSWORD)
    old = sign_in(idp, web)["AuthenticationResult"]["RefreshToken"]
    shift(1800)
    new = idp.get_tokens_from_refresh_token(RefreshToken=old, ClientId=web.id)[
        "AuthenticationResult"
    ]["RefreshToken"]
    shift(9)
    idp.get_tokens_from_refresh_token(RefreshToken=old, ClientId=web.id)  # in the grace period
    shift(1)
    with raises(idp, "RefreshTokenReuseException", "Refresh Token has already been used."):
        idp.get_tokens_from_refresh_token(RefreshToken=old, ClientId=web.id)
    idp.get_tokens_from_refresh_token(RefreshToken=new, ClientId=web.id)
    shift(1790)
    with raises(idp, "NotAuthorizedException", "Refresh Token has expired"):
        idp.get_tokens_from_refresh_token(RefreshToken=new, ClientId=web.id)


@pytest.mark.parametrize("minutes", [3, 10])
def test_challenge_session_expires(idp: Any, pool: Any, shift: Shift, minutes: int) -> None:
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"], AuthSessionValidity=minutes)
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")

    def answer(session: str) -> dict[str, Any]:
        return respond(idp, web, "NEW_PASSWORD_REQUIRED", session, NEW_PASSWORD="N3w-passw0rd")

    late = sign_in(idp, web)["Session"]
    shift(minutes * 60)
    with raises(idp, "NotAuthorizedException", "Invalid session for the user, session is expired."):
        answer(late)
    assert pool.users["alice"].status == "FORCE_CHANGE_PASSWORD"
    timely = sign_in(idp, web)["Session"]
    shift(minutes * 60 - 1)
    assert "AccessToken" in answer(timely)["AuthenticationResult"]


def test_temporary_password_expires(cognito_fake: Any, idp: Any, shift: Shift) -> None:
    pool = cognito_fake.create_user_pool(
        "app", Policies={"PasswordPolicy": {"TemporaryPasswordValidityDays": 1}}
    )
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD, status="FORCE_CHANGE_PASSWORD")
    shift(86399)
    assert sign_in(idp, web)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    shift(2)
    with raises(
        idp,
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    ):
        sign_in(idp, web)
    # An administrator's new temporary password starts a new validity period.
    idp.admin_set_user_password(UserPoolId=pool.id, Username="alice", Password="Tmp-passw0rd")
    assert sign_in(idp, web, password="Tmp-passw0rd")["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_lockout_backs_off(idp: Any, pool: Any, shift: Shift) -> None:
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password=PASSWORD)
    for _ in range(5):
        with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
            sign_in(idp, web, password="Wrong-passw0rd")
    with raises(idp, "NotAuthorizedException", "Password attempts exceeded"):
        sign_in(idp, web)
    shift(1)
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, password="Wrong-passw0rd")  # the sixth failure locks for longer
    shift(1)
    with raises(idp, "NotAuthorizedException", "Password attempts exceeded"):
        sign_in(idp, web)
    shift(1)
    assert "AccessToken" in sign_in(idp, web)["AuthenticationResult"]
    # Success resets the count.
    with raises(idp, "NotAuthorizedException", "Incorrect username or password."):
        sign_in(idp, web, password="Wrong-passw0rd")
    assert "AccessToken" in sign_in(idp, web)["AuthenticationResult"]
