"""/signup and /confirmUser as HTML through requests (and once in Chromium): the form, AWS's
error texts, the code from the outbox, and the way back into the OAuth flow."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUIError

from ..helpers import username_of
from .conftest import CALLBACK, oauth_client
from .forms import Page

PASSWORD = "Passw0rd!"
NAME_REQUIRED = [{"Name": "name", "AttributeDataType": "String", "Required": True, "Mutable": True}]


@pytest.fixture
def club(cognito_fake: Any) -> Any:
    """A pool where people sign themselves up: email verified by code, name required."""
    pool = cognito_fake.create_user_pool(
        "club", AutoVerifiedAttributes=["email"], Schema=NAME_REQUIRED
    )
    cognito_fake.call("CreateUserPoolDomain", {"UserPoolId": pool.id, "Domain": "club"})
    pool.web = oauth_client(pool, "web")
    pool.base = f"{cognito_fake.url}/domain/club"
    return pool


def _query(client: Any, **more: str) -> dict[str, str]:
    return {
        "client_id": client.id,
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": "openid email",
        "state": "xyz",
        **more,
    }


def _sign_up_page(http: requests.Session, base: str, client: Any) -> Page:
    login = Page(http.get(f"{base}/login", params=_query(client)))
    link = login.ids["signUpLink"]["href"]
    return Page(http.get(f"{base.split('/domain/')[0]}{link}"))


def _fill(page: Page, http: requests.Session, username: str, password: str = PASSWORD) -> Any:
    return page.submit(
        http,
        "signUpForm",
        username=username,
        password=password,
        **{"requiredAttributes[email]": f"{username}@example.com", "requiredAttributes[name]": "B"},
    )


def _exchange(
    base: str, client: Any, location: str, redirect_uri: str = CALLBACK
) -> dict[str, Any]:
    """Trade the code in the redirect ``location`` for tokens at /oauth2/token."""
    query = parse_qs(urlsplit(location).query)
    response = requests.post(
        f"{base}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "client_id": client.id,
            "code": query["code"][0],
            "redirect_uri": redirect_uri,
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_sign_up_form_asks_for_username_email_required_attributes_and_password(club):
    http = requests.Session()
    page = _sign_up_page(http, club.base, club.web)
    assert page.response.status_code == 200
    fields = page.forms["signUpForm"].fields
    assert set(fields) == {
        "_csrf",
        "username",
        "password",
        "requiredAttributes[email]",
        "requiredAttributes[name]",
    }
    assert "required" in page.ids["attr-name"]
    assert "required" not in page.ids["attr-email"]  # offered, not required by this pool
    assert page.ids["password"]["type"] == "password"


def test_sign_up_confirm_with_the_emailed_code_and_land_on_the_callback(cognito_fake, club, idp):
    http = requests.Session()
    page = _sign_up_page(http, club.base, club.web)
    response = _fill(page, http, "bob")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert urlsplit(location).path == "/domain/club/confirmUser"
    assert idp.admin_get_user(UserPoolId=club.id, Username="bob")["UserStatus"] == "UNCONFIRMED"

    confirm = Page(http.get(f"{cognito_fake.url}{location}"))
    assert confirm.text("codeDeliveryMessage").startswith("We have sent a code to b***@e")
    assert confirm.forms["confirmForm"].fields["username"] == "bob"

    wrong = confirm.submit(http, "confirmForm", code="000000")
    assert wrong.status_code == 200
    assert Page(wrong).text("confirmErrorMessage") == (
        "Invalid verification code provided, please try again."
    )
    assert idp.admin_get_user(UserPoolId=club.id, Username="bob")["UserStatus"] == "UNCONFIRMED"
    assert "cognito" not in http.cookies

    code = cognito_fake.outbox.code(to="bob@example.com", purpose="sign_up")
    done = confirm.submit(http, "confirmForm", code=code)
    assert done.status_code == 302
    assert done.headers["Location"].startswith(f"{CALLBACK}?code=")
    assert parse_qs(urlsplit(done.headers["Location"]).query)["state"] == ["xyz"]
    assert http.cookies.get("cognito")
    tokens = _exchange(club.base, club.web, done.headers["Location"])
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["cognito:username"] == "bob"
    assert claims["email_verified"] is True
    user = idp.admin_get_user(UserPoolId=club.id, Username="bob")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "name", "Value": "B"} in user["UserAttributes"]
    # The password chosen on the form is the one that signs in.
    again = cognito_fake.hosted_ui(club.web)
    assert username_of(again.login("bob", PASSWORD).access_token) == "bob"


@pytest.mark.parametrize(
    ("username", "password", "extra", "message"),
    [
        ("bob", "short", {}, "Password did not conform with policy: Password not long enough"),
        (
            "bob",
            "passw0rd!",
            {},
            "Password did not conform with policy: Password must have uppercase characters",
        ),
        (
            "bob",
            PASSWORD,
            {"requiredAttributes[name]": ""},
            "Attributes did not conform to the schema: name: The attribute is required",
        ),
        ("taken", PASSWORD, {}, "User already exists"),
    ],
)
def test_sign_up_errors_show_aws_texts_and_create_nobody(
    club, idp, username, password, extra, message
):
    club.create_user("taken", password=PASSWORD, email="taken@example.com", name="T")
    http = requests.Session()
    page = _sign_up_page(http, club.base, club.web)
    values = {
        "username": username,
        "password": password,
        "requiredAttributes[email]": "bob@example.com",
        "requiredAttributes[name]": "Bob",
        **extra,
    }
    response = page.submit(http, "signUpForm", **values)
    assert response.status_code == 200
    again = Page(response)
    assert again.text("signUpErrorMessage") == message
    assert again.forms["signUpForm"].fields["username"] == username  # kept for the retry
    assert again.forms["signUpForm"].fields["password"] == ""  # never echoed
    users = idp.list_users(UserPoolId=club.id)["Users"]
    assert [u["Username"] for u in users] == ["taken"]


def test_resend_code_replaces_the_first_one(cognito_fake, club, idp):
    http = requests.Session()
    response = _fill(_sign_up_page(http, club.base, club.web), http, "bob")
    confirm = Page(http.get(f"{cognito_fake.url}{response.headers['Location']}"))
    first = cognito_fake.outbox.code(to="bob@example.com")
    resent = confirm.submit(http, "resendForm")
    assert resent.status_code == 200
    second = cognito_fake.outbox.code(to="bob@example.com")
    assert len(cognito_fake.outbox.filter(to="bob@example.com")) == 2
    assert first != second  # 6 random digits each
    page = Page(resent)
    stale = page.submit(http, "confirmForm", code=first)
    assert Page(stale).text("confirmErrorMessage") == (
        "Invalid verification code provided, please try again."
    )
    done = page.submit(http, "confirmForm", code=second)
    assert done.headers["Location"].startswith(f"{CALLBACK}?code=")


def test_confirming_in_another_browser_sends_it_to_sign_in(cognito_fake, club, idp):
    """Only the browser that signed up is signed in by the confirmation."""
    first = requests.Session()
    _fill(_sign_up_page(first, club.base, club.web), first, "bob")
    other = requests.Session()
    url = f"{club.base}/confirmUser"
    page = Page(other.get(url, params=_query(club.web, username="bob")))
    code = cognito_fake.outbox.code(to="bob@example.com")
    done = page.submit(other, "confirmForm", code=code)
    assert done.status_code == 302
    assert urlsplit(done.headers["Location"]).path == "/domain/club/login"
    assert "cognito" not in other.cookies
    assert idp.admin_get_user(UserPoolId=club.id, Username="bob")["UserStatus"] == "CONFIRMED"


def test_confirm_page_for_an_unknown_user_shows_aws_text(club):
    http = requests.Session()
    page = Page(http.get(f"{club.base}/confirmUser", params=_query(club.web, username="ghost")))
    response = page.submit(http, "confirmForm", code="123456")
    assert Page(response).text("confirmErrorMessage") == "Username/client id combination not found."


def test_sign_up_is_refused_where_only_admins_create_users(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "closed", AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}
    )
    client = oauth_client(pool, "web")
    http = requests.Session()
    login = Page(http.get(f"{cognito_fake.url}/login", params=_query(client)))
    assert "signUpLink" not in login.ids
    page = http.get(f"{cognito_fake.url}/signup", params=_query(client))
    assert page.status_code == 400
    assert Page(page).text("errorMessage") == "SignUp is not permitted for this user pool"
    posted = http.post(
        f"{cognito_fake.url}/signup",
        params=_query(client),
        data={"_csrf": http.cookies["XSRF-TOKEN"], "username": "eve", "password": PASSWORD},
    )
    assert posted.status_code == 400
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []


def test_pool_that_verifies_nothing_leaves_the_account_to_an_administrator(cognito_fake, idp):
    """No AutoVerifiedAttributes: no code is sent; AWS shows its error page after sign-up."""
    pool = cognito_fake.create_user_pool("manual")
    client = oauth_client(pool, "web")
    http = requests.Session()
    page = Page(http.get(f"{cognito_fake.url}/signup", params=_query(client)))
    response = page.submit(
        http,
        "signUpForm",
        username="bob",
        password=PASSWORD,
        **{"requiredAttributes[email]": "bob@example.com"},
    )
    assert response.status_code == 400
    assert "An error was encountered with the requested page." in Page(response).text(
        "errorMessage"
    )
    assert idp.admin_get_user(UserPoolId=pool.id, Username="bob")["UserStatus"] == "UNCONFIRMED"
    assert list(cognito_fake.outbox) == []


def test_post_without_csrf_token_is_refused(club, idp):
    http = requests.Session()
    _sign_up_page(http, club.base, club.web)
    response = http.post(
        f"{club.base}/signup",
        params=_query(club.web),
        data={"username": "bob", "password": PASSWORD},
    )
    assert response.status_code == 403
    assert idp.list_users(UserPoolId=club.id)["Users"] == []


def test_secret_client_signs_up_through_the_page(cognito_fake, club, idp):
    """The hosted UI holds the secret and makes the SecretHash itself."""
    backend = oauth_client(club, "backend", secret=True, AllowedOAuthFlows=["code"])
    browser = cognito_fake.hosted_ui(backend)
    tokens = browser.sign_up(
        "bob",
        PASSWORD,
        email="bob@example.com",
        attributes={"name": "Bob"},
        code=lambda: cognito_fake.outbox.code(to="bob@example.com"),
    )
    assert tokens is not None
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "bob"


def test_email_as_username_pool_asks_for_the_email_once(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "mail", UsernameAttributes=["email"], AutoVerifiedAttributes=["email"]
    )
    client = oauth_client(pool, "web")
    http = requests.Session()
    page = Page(http.get(f"{cognito_fake.url}/signup", params=_query(client)))
    assert page.text("usernameLabel") == "Email"
    assert set(page.forms["signUpForm"].fields) == {"_csrf", "username", "password"}
    response = page.submit(http, "signUpForm", username="zoe@example.com", password=PASSWORD)
    assert response.status_code == 302
    confirm = Page(http.get(f"{cognito_fake.url}{response.headers['Location']}"))
    done = confirm.submit(http, "confirmForm", code=cognito_fake.outbox.code(to="zoe@example.com"))
    tokens = _exchange(cognito_fake.url, client, done.headers["Location"])
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["email"] == "zoe@example.com"
    assert claims["cognito:username"] == claims["sub"]  # email pools: the username is the sub


def test_agent_sign_up_then_confirm(cognito_fake, club, idp):
    browser = cognito_fake.hosted_ui(club.web)
    assert (
        browser.sign_up("bob", PASSWORD, email="bob@example.com", attributes={"name": "B"}) is None
    )
    with pytest.raises(HostedUIError, match=r"^Invalid verification code provided"):
        browser.confirm("000000")
    tokens = browser.confirm(cognito_fake.outbox.code(to="bob@example.com"))
    assert tokens is not None
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "bob"
    assert browser.authorize().tokens is not None  # the sign-up's cookie lives on
    with pytest.raises(HostedUIError, match=r"^User already exists$"):
        cognito_fake.hosted_ui(club.web).sign_up(
            "bob", PASSWORD, email="b@example.com", attributes={"name": "B"}
        )


def test_agent_confirm_for_a_sign_up_made_through_the_api(cognito_fake, club, idp):
    idp.sign_up(
        ClientId=club.web.id,
        Username="bob",
        Password=PASSWORD,
        UserAttributes=[
            {"Name": "email", "Value": "bob@example.com"},
            {"Name": "name", "Value": "B"},
        ],
    )
    browser = cognito_fake.hosted_ui(club.web)
    code = cognito_fake.outbox.code(to="bob@example.com")
    assert browser.confirm(code, username="bob") is None  # sent to the login page
    assert username_of(browser.login("bob", PASSWORD).access_token) == "bob"


# ------------------------------------------------------------------ CONFIRM_WITH_LINK


@pytest.fixture
def link_pool(cognito_fake: Any) -> Any:
    pool = cognito_fake.create_user_pool(
        "links",
        AutoVerifiedAttributes=["email"],
        VerificationMessageTemplate={"DefaultEmailOption": "CONFIRM_WITH_LINK"},
    )
    pool.web = oauth_client(pool, "web")
    return pool


def test_the_emailed_link_confirms_the_account(cognito_fake, link_pool, idp):
    idp.sign_up(
        ClientId=link_pool.web.id,
        Username="bob",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    message = cognito_fake.outbox.last(to="bob@example.com")
    assert message.link is not None
    assert message.link in message.text
    assert message.link.startswith(f"{cognito_fake.url}/confirmUser?")

    page = requests.get(message.link)
    assert page.status_code == 200
    assert Page(page).text("message") == "Your registration has been confirmed!"
    user = idp.admin_get_user(UserPoolId=link_pool.id, Username="bob")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]

    again = requests.get(message.link)
    assert again.status_code == 400
    assert Page(again).text("errorMessage") == (
        "User cannot be confirmed. Current status is CONFIRMED"
    )


def test_a_tampered_link_confirms_nothing(cognito_fake, link_pool, idp):
    idp.sign_up(
        ClientId=link_pool.web.id,
        Username="bob",
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
    )
    link = cognito_fake.outbox.last(to="bob@example.com").link
    code = parse_qs(urlsplit(link).query)["confirmation_code"][0]
    bad = link.replace(f"confirmation_code={code}", "confirmation_code=000000")
    page = requests.get(bad)
    assert page.status_code == 400
    assert Page(page).text("errorMessage") == (
        "Invalid verification code provided, please try again."
    )
    unknown_client = requests.get(
        link.replace(link_pool.web.id, "nosuchclient"), allow_redirects=False
    )
    assert unknown_client.status_code == 302
    assert "/error?error=invalid_request" in unknown_client.headers["Location"]
    assert idp.admin_get_user(UserPoolId=link_pool.id, Username="bob")["UserStatus"] == (
        "UNCONFIRMED"
    )


def test_hosted_ui_sign_up_in_a_link_pool_sends_the_link(cognito_fake, link_pool):
    browser = cognito_fake.hosted_ui(link_pool.web)
    assert browser.sign_up("bob", PASSWORD, email="bob@example.com") is None
    link = cognito_fake.outbox.last(to="bob@example.com").link
    assert Page(requests.get(link)).text("message") == "Your registration has been confirmed!"
    assert username_of(browser.login("bob", PASSWORD).access_token) == "bob"


def test_sign_up_and_confirm_in_the_browser(page, cognito_fake, club, app_url, idp):
    """Chromium: authorize -> login page -> "Sign up" -> the code page -> the app's callback."""
    callback = f"{app_url}/callback"
    app = oauth_client(club, "spa", CallbackURLs=[callback])
    query = {**_query(app), "redirect_uri": callback}
    page.goto(f"{club.base}/oauth2/authorize?" + "&".join(f"{k}={v}" for k, v in query.items()))
    page.click("#signUpLink")
    page.fill("#username", "bob")
    page.fill("#attr-email", "bob@example.com")
    page.fill("#attr-name", "Bob")
    page.fill("#password", "short")
    page.click("#signUpButton")
    assert page.text_content("#signUpErrorMessage") == (
        "Password did not conform with policy: Password not long enough"
    )
    page.fill("#password", PASSWORD)
    page.click("#signUpButton")
    page.wait_for_url("**/confirmUser?**")
    page.fill("#verification_code", cognito_fake.outbox.code(to="bob@example.com"))
    page.click("#confirmButton")
    page.wait_for_url(f"{callback}?**")
    assert page.text_content("#landed") == "/callback"
    landed = parse_qs(urlsplit(page.url).query)
    assert landed["state"] == ["xyz"]
    tokens = _exchange(club.base, app, page.url, callback)
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["cognito:username"] == "bob"
    assert idp.admin_get_user(UserPoolId=club.id, Username="bob")["UserStatus"] == "CONFIRMED"


def test_pages_work_under_the_host_header_domain(cognito_fake, club):
    """``club.localhost:<port>``: links and redirects stay on the domain's host, unprefixed."""
    port = urlsplit(cognito_fake.url).port
    http = requests.Session()
    headers = {"Host": f"club.localhost:{port}"}
    url = f"{cognito_fake.url}/signup"
    page = Page(http.get(url, params=_query(club.web), headers=headers))
    assert page.ids["signInLink"]["href"].startswith("/login?")
    form = page.forms["signUpForm"]
    assert form.action.startswith("/signup?")
    response = http.post(
        f"{cognito_fake.url}{form.action}",
        headers=headers,
        data={
            **form.fields,
            "username": "bob",
            "password": PASSWORD,
            "requiredAttributes[email]": "bob@example.com",
            "requiredAttributes[name]": "Bob",
        },
        allow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/confirmUser?")
