"""The ``cognito`` session cookie: one hour, every client of the pool, survives global
sign-out (AWS: GlobalSignOut does not end hosted-UI sessions), ends at /logout."""

from __future__ import annotations

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUI, HostedUIError

from ..helpers import username_of


def test_grace_period_after_global_sign_out(cognito_fake, idp, site, freezer):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login(
        "alice", site.password, scope="openid email aws.cognito.signin.user.admin"
    )
    assert browser.cookie

    idp.global_sign_out(AccessToken=tokens.access_token)
    with pytest.raises(
        idp.exceptions.NotAuthorizedException, match="Access Token has been revoked"
    ):
        idp.get_user(AccessToken=tokens.access_token)
    with pytest.raises(HostedUIError, match=r"^invalid_grant$") as refused:
        browser.refresh(tokens.refresh_token)
    assert refused.value.status == 400

    freezer.tick(3599)  # 59:59 after the sign-in: the cookie still signs alice in
    again = browser.authorize(scope="openid aws.cognito.signin.user.admin")
    assert again.tokens is not None
    assert not again.login_required
    assert idp.get_user(AccessToken=again.tokens.access_token)["Username"] == "alice"
    assert username_of(browser.refresh(again.tokens.refresh_token).access_token) == "alice"
    claims = jwt.decode(again.tokens.id_token, options={"verify_signature": False})
    assert (
        claims["auth_time"]
        == jwt.decode(tokens.id_token, options={"verify_signature": False})["auth_time"]
    )

    freezer.tick(1)  # one hour after the sign-in: the login page again
    assert browser.authorize().login_required
    # The tokens minted from the cookie live their own life (they post-date the sign-out).
    assert username_of(browser.refresh(again.tokens.refresh_token).access_token) == "alice"


def test_grace_period_with_time_machine(cognito_fake, idp, site, time_machine):
    time_machine.move_to("2030-01-01T09:00:00Z", tick=False)
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    cognito_fake.boto3_client().admin_user_global_sign_out(
        UserPoolId=site.pool.id, Username="alice"
    )
    with pytest.raises(HostedUIError, match=r"^invalid_grant$") as refused:
        browser.refresh(tokens.refresh_token)
    assert refused.value.status == 400
    time_machine.shift(1800)
    assert browser.authorize().tokens is not None
    time_machine.shift(1800)
    assert browser.authorize().login_required


def test_logout_ends_the_cookie_at_once(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    tokens = browser.login("alice", site.password)
    cookie = browser.cookie
    assert browser.logout(logout_uri=site.signed_out) == site.signed_out
    assert browser.cookie is None
    assert browser.authorize().login_required
    # A copy of the old cookie (another tab, a stolen value) is dead too.
    other = cognito_fake.hosted_ui(site.web)
    other.http.cookies.set("cognito", cookie, path="/domain/shop")
    assert other.authorize().login_required
    # /logout does not revoke tokens already issued.
    assert username_of(browser.refresh(tokens.refresh_token).access_token) == "alice"


def test_logout_with_redirect_uri_goes_to_login(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    location = browser.logout(redirect_uri=site.callback, response_type="code", state="s1")
    assert location.startswith("/domain/shop/login?")
    assert "state=s1" in location
    assert browser.authorize().login_required


def test_cookie_serves_every_client_of_the_pool(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    mobile = site.client("mobile")
    other = cognito_fake.hosted_ui(mobile)
    other.http.cookies = browser.http.cookies  # the same browser, another app
    result = other.authorize()
    assert result.tokens is not None
    assert (
        jwt.decode(result.tokens.id_token, options={"verify_signature": False})["aud"] == mobile.id
    )


def test_cookie_does_not_serve_another_pool(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    pool2 = cognito_fake.create_user_pool("other")
    app2 = site.client("app2", pool2)
    other = cognito_fake.hosted_ui(app2)
    other.http.cookies = browser.http.cookies
    assert other.authorize().login_required


def test_disabled_user_cookie_no_longer_signs_in(cognito_fake, idp, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    idp.admin_disable_user(UserPoolId=site.pool.id, Username="alice")
    assert browser.authorize().login_required


def test_sign_in_again_renews_the_hour(cognito_fake, site, freezer):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    freezer.tick(3000)
    browser.login("alice", site.password)
    freezer.tick(3000)  # 100 minutes after the first sign-in, 50 after the second
    assert browser.authorize().tokens is not None
    freezer.tick(601)
    assert browser.authorize().login_required


def test_sign_in_as_renews_the_cookie(cognito_fake, site, freezer):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    freezer.tick(3000)
    page = browser.http.get(
        f"{site.base}/login",
        params={
            "client_id": site.web.id,
            "redirect_uri": browser.redirect_uri,
            "response_type": "code",
        },
    )
    assert 'id="signedInUser">alice<' in page.text
    response = browser.http.post(
        page.url,
        data={"_csrf": browser.http.cookies["XSRF-TOKEN"], "action": "continue"},
        allow_redirects=False,
    )
    assert response.status_code == 302
    assert "code=" in response.headers["Location"]
    freezer.tick(3000)
    assert browser.authorize().tokens is not None


def test_prompt_login_shows_the_form_despite_the_cookie(cognito_fake, site):
    # prompt is managed login's (ManagedLoginVersion 2); the classic hosted UI ignores it.
    cognito_fake.call(
        "UpdateUserPoolDomain",
        {"UserPoolId": site.pool.id, "Domain": "shop", "ManagedLoginVersion": 2},
    )
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    assert browser.authorize(prompt="login").login_required


def test_cookie_attributes(cognito_fake, site):
    browser = cognito_fake.hosted_ui(site.web)
    browser.login("alice", site.password)
    (cookie,) = [c for c in browser.http.cookies if c.name == "cognito"]
    assert cookie.path == "/domain/shop"
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.expires is not None


def test_host_header_maps_a_domain(cognito_fake, site):
    """Host: <prefix>.auth.<region>.amazoncognito.com (or <prefix>.localhost) on the fake."""
    for host in ("shop.auth.us-east-1.amazoncognito.com", "shop.localhost"):
        response = requests.get(
            f"{cognito_fake.url}/oauth2/authorize",
            params={
                "client_id": site.web.id,
                "redirect_uri": site.callback,
                "response_type": "code",
            },
            headers={"Host": host},
            allow_redirects=False,
        )
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?")
    unknown = requests.get(
        f"{cognito_fake.url}/oauth2/authorize",
        headers={"Host": "nope.auth.us-east-1.amazoncognito.com"},
        allow_redirects=False,
    )
    assert unknown.status_code == 404


def test_domain_accepts_only_its_own_pool_clients(cognito_fake, site):
    pool2 = cognito_fake.create_user_pool("other")
    app2 = site.client("app2", pool2)
    response = requests.get(
        f"{site.base}/oauth2/authorize",
        params={"client_id": app2.id, "redirect_uri": site.callback, "response_type": "code"},
        allow_redirects=False,
    )
    assert (
        response.headers["Location"]
        == f"/domain/shop/error?error=invalid_request&client_id={app2.id}"
    )


def test_bare_host_keeps_one_session_per_pool(cognito_fake, site):
    """On AWS each pool's domain has its own cookie. On the fake's bare host every pool shares
    one path, so signing in to pool B must not end pool A's session, nor /logout of B end A's."""
    pool2 = cognito_fake.create_user_pool("other")
    pool2.create_user("bob", password=site.password)
    app1 = HostedUI(cognito_fake.url, site.web.id, site.callback)
    app2 = HostedUI(cognito_fake.url, site.client("app2", pool2).id, site.callback)
    app2.http = app1.http  # one browser, two apps of two pools

    assert username_of(app1.login("alice", site.password).access_token) == "alice"
    assert username_of(app2.login("bob", site.password).access_token) == "bob"
    (cookie,) = [c for c in app1.http.cookies if c.name == "cognito"]
    assert cookie.path == "/"
    assert len(cookie.value.split(".")) == 2

    again1, again2 = app1.authorize(), app2.authorize()
    assert again1.tokens is not None
    assert again2.tokens is not None
    assert username_of(again1.tokens.access_token) == "alice"
    assert username_of(again2.tokens.access_token) == "bob"

    # Signing in to pool B again replaces B's session only.
    app2.login("bob", site.password, prompt="login")
    assert len(app1.cookie.split(".")) == 2
    assert username_of(app1.authorize().tokens.access_token) == "alice"

    app2.logout(logout_uri=site.signed_out)
    assert app2.authorize().login_required
    assert username_of(app1.authorize().tokens.access_token) == "alice"
    app1.logout(logout_uri=site.signed_out)
    assert app1.cookie is None
    assert app1.authorize().login_required


def test_expired_session_of_another_pool_is_dropped(cognito_fake, site, freezer):
    pool2 = cognito_fake.create_user_pool("other")
    pool2.create_user("bob", password=site.password)
    app1 = HostedUI(cognito_fake.url, site.web.id, site.callback)
    app2 = HostedUI(cognito_fake.url, site.client("app2", pool2).id, site.callback)
    app2.http = app1.http
    app1.login("alice", site.password)
    freezer.tick(3000)
    app2.login("bob", site.password)
    (cookie,) = [c for c in app1.http.cookies if c.name == "cognito"]
    assert len(cookie.value.split(".")) == 2
    freezer.tick(601)  # alice's hour is over, bob's is not
    assert app1.authorize().login_required
    assert app2.authorize().tokens is not None
    app2.login("bob", site.password, prompt="login")
    assert len(app1.cookie.split(".")) == 1  # the dead session is not carried on
