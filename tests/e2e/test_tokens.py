"""Refresh, sign-out and revocation through boto3: REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken
(with and without rotation), GlobalSignOut, AdminUserGlobalSignOut, RevokeToken, and AWS's
checks of every token-taking call."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from ..helpers import PASSWORD, auth_result, claims, raises, username_of


def refresh(idp: Any, client: Any, token: str, flow: str = "REFRESH_TOKEN_AUTH") -> dict[str, Any]:
    out = idp.initiate_auth(
        ClientId=client.id, AuthFlow=flow, AuthParameters={"REFRESH_TOKEN": token}
    )
    assert out["ChallengeParameters"] == {}
    return out["AuthenticationResult"]


# --- refresh ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flow", ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"])
def test_refresh_keeps_the_authentication(
    idp: Any, web: Any, alice: Any, flow: str, freezer: Any
) -> None:
    first = auth_result(idp, web)
    freezer.tick(600)
    again = refresh(idp, web, first["RefreshToken"], flow)
    assert "RefreshToken" not in again
    assert again["ExpiresIn"] == 3600
    for kind in ("IdToken", "AccessToken"):
        old, new = claims(first[kind]), claims(again[kind])
        assert new["auth_time"] == old["auth_time"]
        assert new["origin_jti"] == old["origin_jti"]
        assert new["event_id"] == old["event_id"]
        assert new["jti"] != old["jti"]
        assert new["iat"] == old["iat"] + 600


def test_admin_refresh(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    token = auth_result(idp, web)["RefreshToken"]
    out = idp.admin_initiate_auth(
        UserPoolId=pool.id,
        ClientId=web.id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": token},
    )
    assert "RefreshToken" not in out["AuthenticationResult"]
    assert claims(out["AuthenticationResult"]["AccessToken"])["username"] == "alice"


def test_refresh_reads_current_attributes(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    token = auth_result(idp, web)["RefreshToken"]
    idp.admin_update_user_attributes(
        UserPoolId=pool.id, Username="alice", UserAttributes=[{"Name": "name", "Value": "Al"}]
    )
    assert claims(refresh(idp, web, token)["IdToken"])["name"] == "Al"


def test_invalid_refresh_tokens(cognito_fake: Any, idp: Any, pool: Any, web: Any, alice) -> None:
    token = auth_result(idp, web)["RefreshToken"]
    with raises(idp, "NotAuthorizedException", "Invalid Refresh Token."):
        refresh(idp, web, "garbage.token")
    sibling = pool.create_client("sibling", flows=["USER_PASSWORD_AUTH"])
    with raises(idp, "NotAuthorizedException", "Refresh Token has different Client"):
        refresh(idp, sibling, token)
    stranger = cognito_fake.create_user_pool("other").create_client("x", flows=[])
    with raises(idp, "NotAuthorizedException", "Invalid Refresh Token."):
        refresh(idp, stranger, token)
    with raises(idp, "InvalidParameterException", "Missing required parameter REFRESH_TOKEN"):
        idp.initiate_auth(ClientId=web.id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={})


def test_refresh_for_disabled_and_deleted_user(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    token = auth_result(idp, web)["RefreshToken"]
    idp.admin_disable_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "NotAuthorizedException", "User is disabled."):
        refresh(idp, web, token)
    idp.admin_delete_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "UserNotFoundException", "User does not exist."):
        refresh(idp, web, token)


# --- GetTokensFromRefreshToken -------------------------------------------------------------------


def test_get_tokens_without_rotation(idp: Any, web: Any, alice: Any) -> None:
    first = auth_result(idp, web)
    out = idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=web.id)
    result = out["AuthenticationResult"]
    assert "RefreshToken" not in result
    assert claims(result["AccessToken"])["origin_jti"] == claims(first["AccessToken"])["origin_jti"]
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == "alice"


def test_get_tokens_with_rotation(idp: Any, pool: Any, alice: Any) -> None:
    rotating = pool.create_client(
        "rot",
        flows=["USER_PASSWORD_AUTH"],
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 30},
    )
    first = auth_result(idp, rotating)
    out = idp.get_tokens_from_refresh_token(
        RefreshToken=first["RefreshToken"], ClientId=rotating.id
    )["AuthenticationResult"]
    assert out["RefreshToken"] not in (None, first["RefreshToken"])
    assert claims(out["IdToken"])["origin_jti"] == claims(first["IdToken"])["origin_jti"]
    # Within the grace period the old token still works; the new one works too.
    idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=rotating.id)
    newer = idp.get_tokens_from_refresh_token(
        RefreshToken=out["RefreshToken"], ClientId=rotating.id
    )
    assert "RefreshToken" in newer["AuthenticationResult"]
    # REFRESH_TOKEN_AUTH is refused on a rotating client.
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="GetTokensFromRefreshToken"):
        refresh(idp, rotating, out["RefreshToken"])


def test_rotation_without_grace_invalidates_at_once(idp: Any, pool: Any, alice: Any) -> None:
    rotating = pool.create_client(
        "rot", flows=["USER_PASSWORD_AUTH"], RefreshTokenRotation={"Feature": "ENABLED"}
    )
    token = auth_result(idp, rotating)["RefreshToken"]
    idp.get_tokens_from_refresh_token(RefreshToken=token, ClientId=rotating.id)
    with raises(idp, "RefreshTokenReuseException", "Refresh Token has already been used."):
        idp.get_tokens_from_refresh_token(RefreshToken=token, ClientId=rotating.id)


def test_get_tokens_checks_client_secret(idp: Any, pool: Any, alice: Any) -> None:
    server = pool.create_client("server", flows=["USER_PASSWORD_AUTH"], secret=True)
    token = auth_result(idp, server, SECRET_HASH=server.secret_hash("alice"))["RefreshToken"]
    with raises(
        idp,
        "NotAuthorizedException",
        f"Client {server.id} is configured with secret but ClientSecret was not received",
    ):
        idp.get_tokens_from_refresh_token(RefreshToken=token, ClientId=server.id)
    with raises(idp, "NotAuthorizedException", f"Unable to verify secret for client {server.id}"):
        idp.get_tokens_from_refresh_token(
            RefreshToken=token, ClientId=server.id, ClientSecret="x" * 30
        )
    out = idp.get_tokens_from_refresh_token(
        RefreshToken=token, ClientId=server.id, ClientSecret=server.secret
    )
    assert username_of(out["AuthenticationResult"]["AccessToken"]) == "alice"


def test_get_tokens_errors(idp: Any, web: Any, alice: Any) -> None:
    with raises(idp, "ResourceNotFoundException", "User pool client nope does not exist."):
        idp.get_tokens_from_refresh_token(RefreshToken="abc", ClientId="nope")
    with raises(idp, "NotAuthorizedException", "Invalid Refresh Token."):
        idp.get_tokens_from_refresh_token(RefreshToken="abc", ClientId=web.id)


# --- sign-out -----------------------------------------------------------------------------------


def test_global_sign_out_ends_every_session(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    mobile = pool.create_client("mobile", flows=["USER_PASSWORD_AUTH"])
    on_web, on_mobile = auth_result(idp, web), auth_result(idp, mobile)
    bob = pool.create_user("bob", password=PASSWORD)
    bobs = auth_result(idp, web, bob.username)
    assert set(idp.global_sign_out(AccessToken=on_web["AccessToken"])) == {"ResponseMetadata"}
    for tokens, client in ((on_web, web), (on_mobile, mobile)):
        with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
            idp.get_user(AccessToken=tokens["AccessToken"])
        with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
            refresh(idp, client, tokens["RefreshToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.global_sign_out(AccessToken=on_web["AccessToken"])
    # Another user is untouched, and alice can sign in again.
    assert idp.get_user(AccessToken=bobs["AccessToken"])["Username"] == "bob"
    assert idp.get_user(AccessToken=auth_result(idp, web)["AccessToken"])["Username"] == "alice"


def test_admin_user_global_sign_out(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    tokens = auth_result(idp, web)
    idp.admin_user_global_sign_out(UserPoolId=pool.id, Username="alice")
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=tokens["AccessToken"])
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=web.id)
    with raises(idp, "UserNotFoundException", "User does not exist."):
        idp.admin_user_global_sign_out(UserPoolId=pool.id, Username="nobody")
    with raises(idp, "ResourceNotFoundException", "User pool us-east-1_nope does not exist."):
        idp.admin_user_global_sign_out(UserPoolId="us-east-1_nope", Username="alice")


# --- RevokeToken ----------------------------------------------------------------------------------


def test_revoke_token_ends_one_sign_in_only(idp: Any, web: Any, alice: Any) -> None:
    first, second = auth_result(idp, web), auth_result(idp, web)
    assert set(idp.revoke_token(Token=first["RefreshToken"], ClientId=web.id)) == {
        "ResponseMetadata"
    }
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        refresh(idp, web, first["RefreshToken"])
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=first["AccessToken"])
    assert idp.get_user(AccessToken=second["AccessToken"])["Username"] == "alice"
    assert "AccessToken" in refresh(idp, web, second["RefreshToken"])


def test_revoke_token_revokes_tokens_minted_by_refresh(idp: Any, web: Any, alice: Any) -> None:
    first = auth_result(idp, web)
    later = refresh(idp, web, first["RefreshToken"])
    idp.revoke_token(Token=first["RefreshToken"], ClientId=web.id)
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=later["AccessToken"])


def test_revoke_token_needs_revocation_enabled(idp: Any, pool: Any, alice: Any) -> None:
    plain = pool.create_client("plain", flows=["USER_PASSWORD_AUTH"], EnableTokenRevocation=False)
    tokens = auth_result(idp, plain)
    with raises(
        idp, "UnsupportedOperationException", "Token revocation is not enabled for this client."
    ):
        idp.revoke_token(Token=tokens["RefreshToken"], ClientId=plain.id)
    assert "AccessToken" in refresh(idp, plain, tokens["RefreshToken"])


def test_revoke_token_with_the_wrong_client(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    tokens = auth_result(idp, web)
    other = pool.create_client("other", flows=["USER_PASSWORD_AUTH"])
    with raises(idp, "UnauthorizedException", "Refresh Token has different Client"):
        idp.revoke_token(Token=tokens["RefreshToken"], ClientId=other.id)
    with raises(idp, "UnauthorizedException", "User pool client nope does not exist."):
        idp.revoke_token(Token=tokens["RefreshToken"], ClientId="nope")
    assert "AccessToken" in refresh(idp, web, tokens["RefreshToken"])


def test_revoke_token_checks_client_secret(idp: Any, pool: Any, alice: Any) -> None:
    server = pool.create_client("server", flows=["USER_PASSWORD_AUTH"], secret=True)
    token = auth_result(idp, server, SECRET_HASH=server.secret_hash("alice"))["RefreshToken"]
    with raises(idp, "UnauthorizedException", "Invalid client secret."):
        idp.revoke_token(Token=token, ClientId=server.id)
    with raises(idp, "UnauthorizedException", "Invalid client secret."):
        idp.revoke_token(Token=token, ClientId=server.id, ClientSecret="x" * 30)
    idp.revoke_token(Token=token, ClientId=server.id, ClientSecret=server.secret)
    with raises(idp, "NotAuthorizedException", "Refresh Token has been revoked"):
        idp.get_tokens_from_refresh_token(
            RefreshToken=token, ClientId=server.id, ClientSecret=server.secret
        )


@pytest.mark.parametrize("kind", ["AccessToken", "IdToken"])
def test_revoke_token_refuses_jwts(idp: Any, web: Any, alice: Any, kind: str) -> None:
    tokens = auth_result(idp, web)
    with raises(idp, "UnsupportedTokenTypeException", "Only refresh tokens can be revoked."):
        idp.revoke_token(Token=tokens[kind], ClientId=web.id)
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


def test_revoke_unknown_token_is_a_no_op(idp: Any, web: Any, alice: Any) -> None:
    tokens = auth_result(idp, web)
    idp.revoke_token(Token="not.a.known.refresh.token", ClientId=web.id)
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


# --- access tokens as AWS checks them -------------------------------------------------------------


def test_id_token_is_not_an_access_token(idp: Any, web: Any, alice: Any) -> None:
    tokens = auth_result(idp, web)
    with raises(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.get_user(AccessToken=tokens["IdToken"])
    with raises(idp, "NotAuthorizedException", "Invalid Access Token"):
        idp.global_sign_out(AccessToken=tokens["IdToken"])
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"


def test_forged_and_garbage_access_tokens(idp: Any, web: Any, alice: Any) -> None:
    token = auth_result(idp, web)["AccessToken"]
    header, _payload, signature = token.split(".")
    body = claims(token) | {"username": "mallory"}
    forged_payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    for bad in (f"{header}.{forged_payload}.{signature}", "abc.def.ghi", "nonsense"):
        with raises(idp, "NotAuthorizedException", "Invalid Access Token"):
            idp.get_user(AccessToken=bad)


def test_disabled_user_access_token(idp: Any, pool: Any, web: Any, alice: Any) -> None:
    tokens = auth_result(idp, web)
    idp.admin_disable_user(UserPoolId=pool.id, Username="alice")
    with raises(idp, "NotAuthorizedException", "Access Token has been revoked"):
        idp.get_user(AccessToken=tokens["AccessToken"])
