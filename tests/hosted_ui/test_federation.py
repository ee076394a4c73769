"""Federated sign-in through the fake's simulated identity provider (no network): the user
``<Provider>_<subject>`` with status EXTERNAL_PROVIDER, its ``identities``, attribute mapping,
``idp_identifier``, linked local users, the session cookie, and the errors."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from pytest_cognito_fake import HostedUIError

OIDC = {
    "client_id": "corp-client",
    "client_secret": "corp-secret",
    "attributes_request_method": "GET",
    "oidc_issuer": "https://idp.example.com",
    "authorize_scopes": "openid email profile",
}
GOOGLE = {"client_id": "g.apps", "client_secret": "s", "authorize_scopes": "openid email"}


def _claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def _attributes(idp, pool, username):
    user = idp.admin_get_user(UserPoolId=pool.id, Username=username)
    return user["UserStatus"], {a["Name"]: a["Value"] for a in user["UserAttributes"]}


@pytest.fixture
def corp(cognito_fake, idp, site):
    """An OIDC provider ``MyOIDC`` (email and name mapped) and a client that supports it."""
    idp.create_identity_provider(
        UserPoolId=site.pool.id,
        ProviderName="MyOIDC",
        ProviderType="OIDC",
        ProviderDetails=OIDC,
        AttributeMapping={"email": "email", "name": "name", "given_name": "given_name"},
        IdpIdentifiers=["corp.example.com"],
    )
    return site.client("corp-app", SupportedIdentityProviders=["COGNITO", "MyOIDC"])


def _authorize(site, client, **params):
    query = {"client_id": client.id, "redirect_uri": site.callback, "response_type": "code"}
    query.update(params)
    return requests.get(f"{site.base}/oauth2/authorize", params=query, allow_redirects=False)


def test_federated_sign_in_creates_the_external_user(cognito_fake, idp, site, corp):
    browser = cognito_fake.hosted_ui(corp)
    tokens = browser.federated_login(
        "MyOIDC",
        subject="123",
        email="ext@example.com",
        name="Ext User",
        scope="openid email",
        nonce="n-1",
    )
    claims = _claims(tokens.id_token)
    assert claims["cognito:username"] == "MyOIDC_123"
    assert claims["email"] == "ext@example.com"
    assert claims["nonce"] == "n-1"
    assert "name" not in claims  # the email scope releases email only...
    (identity,) = claims["identities"]  # ...but identities come whatever the scopes
    assert identity == {
        "userId": "123",
        "providerName": "MyOIDC",
        "providerType": "OIDC",
        "issuer": None,
        "primary": "true",
        "dateCreated": identity["dateCreated"],
    }
    assert identity["dateCreated"].isdigit()
    assert _claims(tokens.access_token)["username"] == "MyOIDC_123"

    status, attrs = _attributes(idp, site.pool, "MyOIDC_123")
    assert status == "EXTERNAL_PROVIDER"
    assert attrs["email"] == "ext@example.com"
    assert attrs["name"] == "Ext User"
    assert attrs["sub"] == claims["sub"]
    (stored,) = json.loads(attrs["identities"])
    assert stored["userId"] == "123"
    assert stored["primary"] is True
    # A federated user has no password: the API refuses it, as AWS does.
    with pytest.raises(
        idp.exceptions.NotAuthorizedException,
        match=r": User is not authorized to get auth details\.$",
    ):
        idp.admin_initiate_auth(
            UserPoolId=site.pool.id,
            ClientId=site.pool.create_client("api", flows=["ADMIN_USER_PASSWORD_AUTH"]).id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "MyOIDC_123", "PASSWORD": "x"},
        )


def test_the_cookie_serves_the_federated_user_again(cognito_fake, site, corp):
    browser = cognito_fake.hosted_ui(corp)
    first = browser.federated_login("MyOIDC", subject="123", email="ext@example.com")
    again = browser.authorize()  # no identity_provider: the cookie signs the user in
    assert again.tokens is not None
    assert _claims(again.tokens.id_token)["sub"] == _claims(first.id_token)["sub"]
    assert _claims(again.tokens.id_token)["cognito:username"] == "MyOIDC_123"
    assert _claims(browser.refresh(again.tokens.refresh_token).access_token)["username"] == (
        "MyOIDC_123"
    )


def test_signing_in_again_updates_mapped_attributes(cognito_fake, idp, site, corp):
    first = cognito_fake.hosted_ui(corp).federated_login(
        "MyOIDC", subject="123", email="old@example.com"
    )
    second = cognito_fake.hosted_ui(corp).federated_login(
        "MyOIDC",
        subject="123",
        email="new@example.com",
        claims={"given_name": "Ext", "unmapped": "ignored"},
    )
    assert _claims(second.id_token)["sub"] == _claims(first.id_token)["sub"]
    _, attrs = _attributes(idp, site.pool, "MyOIDC_123")
    assert attrs["email"] == "new@example.com"
    assert attrs["given_name"] == "Ext"
    assert "unmapped" not in attrs
    names = [u["Username"] for u in idp.list_users(UserPoolId=site.pool.id)["Users"]]
    assert sorted(names) == ["MyOIDC_123", "alice"]


def test_idp_identifier_names_the_provider(cognito_fake, site, corp):
    tokens = cognito_fake.hosted_ui(corp).federated_login(
        idp_identifier="corp.example.com", subject="u-7"
    )
    assert _claims(tokens.id_token)["cognito:username"] == "MyOIDC_u-7"
    unknown = _authorize(site, corp, idp_identifier="nosuch.example.com", state="s")
    query = parse_qs(urlsplit(unknown.headers["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["s"]


def test_provider_the_client_does_not_support_is_refused(cognito_fake, site, corp):
    response = _authorize(site, site.web, identity_provider="MyOIDC", state="s")
    location = response.headers["Location"]
    assert location.startswith(f"{site.callback}?")
    query = parse_qs(urlsplit(location).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["s"]
    with pytest.raises(
        HostedUIError, match=r"^invalid_request: identity provider not enabled for this client$"
    ):
        cognito_fake.hosted_ui(site.web).federated_login("MyOIDC", subject="1")


def test_deleted_provider_shows_the_error_page(cognito_fake, idp, site, corp):
    idp.delete_identity_provider(UserPoolId=site.pool.id, ProviderName="MyOIDC")
    response = _authorize(site, corp, identity_provider="MyOIDC")
    assert response.headers["Location"] == (
        f"/domain/shop/error?error=invalid_request&client_id={corp.id}"
    )


def test_the_idp_page_is_the_fakes_own(cognito_fake, site, corp):
    """The browser goes to the fake's simulated IdP on the same host, never to the issuer."""
    response = _authorize(site, corp, identity_provider="MyOIDC")
    location = urlsplit(response.headers["Location"])
    assert not location.netloc
    assert location.path == "/fake-idp/MyOIDC/authorize"
    query = parse_qs(location.query)
    assert query["client_id"] == ["corp-client"]
    assert query["redirect_uri"] == ["/domain/shop/oauth2/idpresponse"]
    assert query["scope"] == ["openid email profile"]
    page = requests.get(f"{site.fake_url}{response.headers['Location']}")
    assert page.status_code == 200
    assert 'id="fakeIdpSubject"' in page.text
    empty = requests.post(page.url, data={"subject": ""}, allow_redirects=False)
    assert "Subject is required." in empty.text
    # It answers only to the fake itself, never to another host.
    for elsewhere in ("//evil.example/oauth2/idpresponse", "https://evil.example/x"):
        off = requests.post(
            f"{site.fake_url}/fake-idp/MyOIDC/authorize",
            params={"redirect_uri": elsewhere, "state": "x"},
            data={"subject": "1"},
            allow_redirects=False,
        )
        assert off.status_code == 400
        assert "Location" not in off.headers


def test_state_and_code_are_single_use(cognito_fake, site, corp):
    response = _authorize(site, corp, identity_provider="MyOIDC", state="app-state")
    idp_page = f"{site.fake_url}{response.headers['Location']}"
    back = requests.post(idp_page, data={"subject": "9"}, allow_redirects=False)
    callback = f"{site.fake_url}{back.headers['Location']}"
    landed = requests.get(callback, allow_redirects=False)
    query = parse_qs(urlsplit(landed.headers["Location"]).query)
    assert query["state"] == ["app-state"]
    assert "code" in query
    assert "cognito" in landed.cookies
    replay = requests.get(callback, allow_redirects=False)
    assert replay.status_code == 400
    # A fresh state with a code the IdP never issued: an error back to the app.
    response = _authorize(site, corp, identity_provider="MyOIDC", state="s2")
    token = parse_qs(urlsplit(response.headers["Location"]).query)["state"][0]
    forged = requests.get(
        f"{site.base}/oauth2/idpresponse",
        params={"code": "nope", "state": token},
        allow_redirects=False,
    )
    query = parse_qs(urlsplit(forged.headers["Location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["s2"]


def test_linked_identity_signs_in_the_local_user(cognito_fake, idp, site):
    idp.create_identity_provider(
        UserPoolId=site.pool.id,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails=GOOGLE,
        AttributeMapping={"email": "email"},
    )
    idp.admin_link_provider_for_user(
        UserPoolId=site.pool.id,
        DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
        SourceUser={
            "ProviderName": "Google",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "109876",
        },
    )
    app = site.client("g-app", SupportedIdentityProviders=["COGNITO", "Google"])
    browser = cognito_fake.hosted_ui(app)
    tokens = browser.federated_login("Google", subject="109876", email="g@example.com")
    claims = _claims(tokens.id_token)
    assert claims["cognito:username"] == "alice"
    assert claims["sub"] == site.alice.sub
    assert claims["identities"][0]["providerName"] == "Google"
    assert claims["identities"][0]["primary"] == "false"
    names = [u["Username"] for u in idp.list_users(UserPoolId=site.pool.id)["Users"]]
    assert names == ["alice"]
    assert browser.authorize().tokens is not None  # the cookie serves the linked user too


def test_unlinked_subject_of_a_social_provider(cognito_fake, idp, site):
    """Facebook maps ``username`` to its ``id`` claim; the page's subject stands for it."""
    idp.create_identity_provider(
        UserPoolId=site.pool.id,
        ProviderName="Facebook",
        ProviderType="Facebook",
        ProviderDetails={"client_id": "fb", "client_secret": "s", "authorize_scopes": "email"},
    )
    app = site.client("fb-app", SupportedIdentityProviders=["Facebook"])
    tokens = cognito_fake.hosted_ui(app).federated_login("Facebook", subject="4242")
    assert _claims(tokens.id_token)["cognito:username"] == "Facebook_4242"


def test_required_attribute_missing_changes_nothing(cognito_fake, idp):
    pool = cognito_fake.create_user_pool(
        "strict",
        Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True}],
    )
    idp.create_identity_provider(
        UserPoolId=pool.id, ProviderName="MyOIDC", ProviderType="OIDC", ProviderDetails=OIDC
    )
    app = pool.create_client(
        "app",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid"],
        CallbackURLs=["http://127.0.0.1:9/callback"],
        SupportedIdentityProviders=["MyOIDC"],
    )
    browser = cognito_fake.hosted_ui(app)  # no domain: the bare host
    with pytest.raises(
        HostedUIError,
        match=r"^invalid_request: Invalid user attributes: email: The attribute is required\.$",
    ):
        browser.federated_login("MyOIDC", subject="1", email="x@example.com")  # not mapped
    assert idp.list_users(UserPoolId=pool.id)["Users"] == []
    assert browser.cookie is None

    idp.update_identity_provider(
        UserPoolId=pool.id, ProviderName="MyOIDC", AttributeMapping={"email": "email"}
    )
    tokens = browser.federated_login("MyOIDC", subject="1", email="x@example.com")
    assert _claims(tokens.id_token)["email"] == "x@example.com"
    (cookie,) = [c for c in browser.http.cookies if c.name == "cognito"]
    assert cookie.path == "/"


def test_disabled_federated_user_is_refused(cognito_fake, idp, site, corp):
    cognito_fake.hosted_ui(corp).federated_login("MyOIDC", subject="123")
    idp.admin_disable_provider_for_user(
        UserPoolId=site.pool.id,
        User={
            "ProviderName": "MyOIDC",
            "ProviderAttributeName": "Cognito_Subject",
            "ProviderAttributeValue": "123",
        },
    )
    browser = cognito_fake.hosted_ui(corp)
    with pytest.raises(HostedUIError, match=r"^invalid_request: User is disabled\.$"):
        browser.federated_login("MyOIDC", subject="123")
    assert browser.cookie is None


def test_federated_login_in_the_browser(page, cognito_fake, site, corp, app_url):
    """Chromium: the login page's provider button, the fake IdP's form, back to the app."""
    app = site.client(
        "corp-spa",
        CallbackURLs=[f"{app_url}/callback"],
        SupportedIdentityProviders=["COGNITO", "MyOIDC"],
        AllowedOAuthFlows=["implicit"],
    )
    page.goto(
        f"{site.base}/oauth2/authorize?response_type=token&client_id={app.id}"
        f"&redirect_uri={app_url}/callback&scope=openid&state=st"
    )
    page.click("#idp-MyOIDC")
    assert page.text_content("#fakeIdpProvider") == "MyOIDC"
    page.fill("#fakeIdpSubject", "browser-1")
    page.fill("#fakeIdpEmail", "b@example.com")
    page.click("#fakeIdpSubmit")
    page.wait_for_url(f"{app_url}/callback#**")
    fragment = parse_qs(urlsplit(page.url).fragment)
    assert fragment["state"] == ["st"]
    claims = _claims(fragment["id_token"][0])
    assert claims["cognito:username"] == "MyOIDC_browser-1"
    assert claims["email"] == "b@example.com"
    # The login page of a client without other providers has no such button.
    page.goto(
        f"{site.base}/login?response_type=code&client_id={site.web.id}&redirect_uri={site.callback}"
    )
    assert page.locator(".idpButton").count() == 0


def test_a_subject_that_signed_in_cannot_be_linked(cognito_fake, idp, site, corp):
    cognito_fake.hosted_ui(corp).federated_login("MyOIDC", subject="123")
    with pytest.raises(
        idp.exceptions.InvalidParameterException,
        match=r"^An error occurred .*: Merging is not currently supported, provide a SourceUser"
        r" that has not been linked or signed in before\.$",
    ):
        idp.admin_link_provider_for_user(
            UserPoolId=site.pool.id,
            DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "alice"},
            SourceUser={
                "ProviderName": "MyOIDC",
                "ProviderAttributeName": "Cognito_Subject",
                "ProviderAttributeValue": "123",
            },
        )
    _, attrs = _attributes(idp, site.pool, "alice")
    assert "identities" not in attrs
