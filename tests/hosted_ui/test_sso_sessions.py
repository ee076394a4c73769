"""Tracked SSO sessions behind the ``cognito`` cookie, under freezegun and time-machine: with
tracking off the cookie lives its hour whatever GlobalSignOut does; with tracking on each
client's reuse window decides silent sign-in, and revoking the SSO session ends it at once."""

from __future__ import annotations

from typing import Any

import pytest

from ..helpers import Shift, username_of


def same_browser(cognito_fake: Any, browser: Any, client: Any) -> Any:
    """Another app client's view of the same browser (one cookie jar)."""
    other = cognito_fake.hosted_ui(client)
    other.http.cookies = browser.http.cookies
    return other


def sessions(idp: Any, site: Any) -> list[dict[str, Any]]:
    return idp.admin_list_user_sessions(UserPoolId=site.pool.id, Username="alice")["Sessions"]


def of_type(listing: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [s for s in listing if s["SessionType"] == kind]


def test_untracked_cookie_outlives_global_sign_out(
    cognito_fake: Any, idp: Any, site: Any, shift: Shift
) -> None:
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    idp.admin_user_global_sign_out(UserPoolId=site.pool.id, Username="alice")
    shift(3599)
    again = browser.authorize()
    assert again.tokens is not None
    assert username_of(again.tokens.access_token) == "alice"
    assert tokens.access_token != again.tokens.access_token
    shift(1)
    assert browser.authorize().login_required


def test_reuse_window_decides_silent_sign_in(
    cognito_fake: Any, idp: Any, site: Any, shift: Shift
) -> None:
    site.pool.set_session_configuration()
    brief = site.client("brief")
    brief.set_session_configuration(max_validity_minutes=10)
    long = site.client("long")
    long.set_session_configuration(max_validity_minutes=120)
    never = site.client("never")
    never.set_session_configuration(max_validity_minutes=0)
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    short_view = same_browser(cognito_fake, browser, brief)
    long_view = same_browser(cognito_fake, browser, long)
    never_view = same_browser(cognito_fake, browser, never)
    assert never_view.authorize().login_required  # 0: always the password
    shift(599)
    assert short_view.authorize().tokens is not None
    shift(1)
    assert short_view.authorize().login_required
    shift(90 * 60 - 600)  # past the untracked hour: the 120-minute client still reuses it
    assert browser.authorize().login_required  # web keeps the default 60 minutes
    silent = long_view.authorize()
    assert silent.tokens is not None
    assert username_of(silent.tokens.access_token) == "alice"
    shift(30 * 60)
    assert long_view.authorize().login_required


def test_fresh_sign_in_restarts_the_window(
    cognito_fake: Any, idp: Any, site: Any, shift: Shift
) -> None:
    site.pool.set_session_configuration()
    site.web.set_session_configuration(max_validity_minutes=5)
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    (sso,) = of_type(sessions(idp, site), "SSO")
    shift(300)
    assert browser.authorize().login_required
    browser.login("alice", site.password)
    shift(299)
    assert browser.authorize().tokens is not None
    # The same browser keeps its one SSO session across the fresh sign-in.
    (again,) = of_type(sessions(idp, site), "SSO")
    assert again["SessionId"] == sso["SessionId"]
    assert again["LastActiveDate"] > sso["LastActiveDate"]


def test_managed_login_sessions_are_linked(cognito_fake: Any, idp: Any, site: Any) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    listing = sessions(idp, site)
    (sso,) = of_type(listing, "SSO")
    (token,) = of_type(listing, "TOKEN")
    assert sso["SessionId"].startswith("sso")
    assert sso["ClientId"] == site.web.id
    assert token["OriginSessionId"] == sso["SessionId"]
    assert "OriginSessionId" not in sso
    # The agent is requests: its User-Agent names it; the address is the loopback's.
    assert sso["DeviceType"] == token["DeviceType"] == "python-requests"
    assert sso["LastIPAddress"] == "127.0.0.1"


def test_revoking_the_sso_session_ends_it_at_once(
    cognito_fake: Any, idp: Any, site: Any, shift: Shift
) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    (sso,) = of_type(sessions(idp, site), "SSO")
    shift(60)
    assert browser.authorize().tokens is not None
    idp.admin_revoke_user_session(
        UserPoolId=site.pool.id, Username="alice", SessionId=sso["SessionId"]
    )
    assert browser.authorize().login_required
    # NONE: the token sessions that came through it live on.
    assert len(of_type(sessions(idp, site), "TOKEN")) == 2
    assert browser.refresh(tokens.refresh_token).access_token


def test_revoking_the_sso_session_linked_ends_its_token_sessions(
    cognito_fake: Any, idp: Any, site: Any
) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password, scope="openid aws.cognito.signin.user.admin")
    (sso,) = of_type(sessions(idp, site), "SSO")
    idp.admin_revoke_user_session(
        UserPoolId=site.pool.id,
        Username="alice",
        SessionId=sso["SessionId"],
        RevokeAssociatedSessions="LINKED",
    )
    assert sessions(idp, site) == []
    with pytest.raises(idp.exceptions.NotAuthorizedException, match="has been revoked"):
        idp.get_user(AccessToken=tokens.access_token)


def test_revoking_a_token_session_linked_ends_its_sso_session(
    cognito_fake: Any, idp: Any, site: Any
) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    (token,) = of_type(sessions(idp, site), "TOKEN")
    idp.admin_revoke_user_session(
        UserPoolId=site.pool.id,
        Username="alice",
        SessionId=token["SessionId"],
        RevokeAssociatedSessions="LINKED",
    )
    assert sessions(idp, site) == []
    assert browser.authorize().login_required


def test_revoke_token_linked_ends_the_parent_not_the_siblings(
    cognito_fake: Any, idp: Any, site: Any
) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    first = browser.login("alice", site.password)
    shop = same_browser(cognito_fake, browser, site.client("shop"))
    second = shop.authorize()
    assert second.tokens is not None
    assert len(of_type(sessions(idp, site), "TOKEN")) == 2
    idp.revoke_token(
        ClientId=site.web.id, Token=first.refresh_token, RevokeAssociatedSessions="LINKED"
    )
    listing = sessions(idp, site)
    assert of_type(listing, "SSO") == []
    (sibling,) = of_type(listing, "TOKEN")
    assert sibling["ClientId"] != site.web.id
    assert shop.refresh(second.tokens.refresh_token).access_token
    assert browser.authorize().login_required


def test_global_sign_out_leaves_the_sso_session(cognito_fake: Any, idp: Any, site: Any) -> None:
    site.pool.set_session_configuration()
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    idp.admin_user_global_sign_out(UserPoolId=site.pool.id, Username="alice")
    # Unconfirmed whether AWS also ends tracked SSO sessions; the fake keeps them, as before.
    assert [s["SessionType"] for s in sessions(idp, site)] == ["SSO"]
    assert browser.authorize().tokens is not None
