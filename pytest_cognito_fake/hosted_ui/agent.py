"""``HostedUI``: a user agent for tests — a browser without the browser.

It holds its own cookie jar (a ``requests.Session``), so the ``cognito`` session cookie lives
and dies exactly as in a browser, and it does the app's part of the code flow (PKCE, the code
exchange) so a test reads tokens, not redirects.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

COOKIE = "cognito"


@dataclass(frozen=True)
class OAuthTokens:
    """The token endpoint's answer (no ``id_token`` without the openid scope)."""

    access_token: str
    id_token: str | None
    refresh_token: str | None
    expires_in: int
    token_type: str = "Bearer"

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> OAuthTokens:
        return cls(
            body["access_token"],
            body.get("id_token"),
            body.get("refresh_token"),
            int(body["expires_in"]),
            body.get("token_type", "Bearer"),
        )


class HostedUIError(Exception):
    """The hosted UI refused: a page error text, an ``error=`` redirect, or a JSON error."""

    def __init__(self, error: str, status: int = 0) -> None:
        super().__init__(error)
        self.error = error
        self.status = status


@dataclass(frozen=True)
class AuthorizeResult:
    """What /oauth2/authorize led to: ``tokens`` (a live cookie), ``login_required`` (the
    login page), or ``error`` (an ``error=`` redirect or the error page)."""

    tokens: OAuthTokens | None = None
    login_required: bool = False
    error: str | None = None
    state: str | None = None
    location: str = ""


@dataclass(frozen=True)
class _Flow:
    """One authorize request the agent started: its query, and (redirect_uri, verifier)."""

    query: dict[str, str]
    landing: tuple[str, str | None]


@dataclass(frozen=True)
class _Answers:
    """What the agent answers on the pages after the password."""

    new_password: str | None = None
    mfa_code: str | Callable[[], str] | None = None
    mfa_type: str | None = None
    totp_setup: Callable[[str], str] | None = None

    def answer(self, challenge: str, html: str) -> str:
        if challenge == "NEW_PASSWORD_REQUIRED":
            value: str | Callable[[], str] | None = self.new_password
        elif challenge == "SELECT_MFA_TYPE":
            value = self.mfa_type
        elif challenge == "MFA_SETUP":
            match = re.search(r'id="totpSecret">([^<]*)<', html)
            if self.totp_setup is None or match is None:
                raise HostedUIError("the hosted UI asks for MFA_SETUP: pass totp_setup=")
            return self.totp_setup(unescape(match.group(1)))
        else:
            value = self.mfa_code
        if value is None:
            hint = {"NEW_PASSWORD_REQUIRED": "new_password=", "SELECT_MFA_TYPE": "mfa_type="}
            raise HostedUIError(
                f"the hosted UI asks for {challenge}: pass {hint.get(challenge, 'mfa_code=')}"
            )
        return value() if callable(value) else value


class HostedUI:
    """A browser-like client of one app client's hosted UI, with its own cookie jar."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        redirect_uri: str,
        client_secret: str | None = None,
    ) -> None:
        import requests

        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.http = requests.Session()
        self.http.trust_env = False  # never a proxy between the test and 127.0.0.1
        #: The /confirmUser page this agent's last sign_up() led to, and its flow.
        self._confirming: tuple[str, _Flow] | None = None

    # ----------------------------------------------------------------- the cookie

    @property
    def cookie(self) -> str | None:
        """The ``cognito`` session cookie the jar holds, if any."""
        for cookie in self.http.cookies:
            if cookie.name == COOKIE:
                return cookie.value
        return None

    # -------------------------------------------------------------- browser steps

    def _query(
        self, scope: str | None, state: str | None, nonce: str | None, **extra: str
    ) -> dict[str, str]:
        query = {
            "response_type": extra.pop("response_type", "code"),
            "client_id": self.client_id,
            "redirect_uri": extra.pop("redirect_uri", None) or self.redirect_uri,
        }
        for key, value in (("scope", scope), ("state", state), ("nonce", nonce), *extra.items()):
            if value is not None:
                query[key] = value
        return query

    def authorize(
        self,
        *,
        scope: str | None = None,
        state: str | None = None,
        nonce: str | None = None,
        pkce: bool = True,
        **params: str,
    ) -> AuthorizeResult:
        """GET /oauth2/authorize as a browser would; with a live cookie the code comes back at
        once and is exchanged here. Extra OAuth parameters pass through (``prompt="login"``)."""
        verifier = (
            secrets.token_urlsafe(48)
            if pkce and params.get("response_type", "code") == "code"
            else None
        )
        query = self._query(scope, state, nonce, **params)
        if verifier:
            query["code_challenge_method"] = "S256"
            query["code_challenge"] = _challenge(verifier)
        response = self.http.get(
            f"{self.base_url}/oauth2/authorize", params=query, allow_redirects=False
        )
        location = response.headers.get("Location", "")
        if response.status_code != 302:
            return AuthorizeResult(error=_page_error(response.text) or str(response.status_code))
        path = urlsplit(location).path
        if path.endswith("/login"):
            return AuthorizeResult(login_required=True, location=location)
        if path.endswith("/error"):
            return AuthorizeResult(
                error=parse_qs(urlsplit(location).query)["error"][0], location=location
            )
        return self._landed(location, query["redirect_uri"], verifier)

    def login(
        self,
        username: str,
        password: str,
        *,
        scope: str | None = None,
        state: str | None = None,
        nonce: str | None = None,
        new_password: str | None = None,
        mfa_code: str | Callable[[], str] | None = None,
        mfa_type: str | None = None,
        totp_setup: Callable[[str], str] | None = None,
        pkce: bool = True,
        **params: str,
    ) -> OAuthTokens:
        """Sign in on the login page (form, new-password and MFA pages) and exchange the code.

        ``mfa_code`` may be a callable, called when the code page shows (read the outbox then);
        ``mfa_type`` answers the MFA choice page (``"SOFTWARE_TOKEN_MFA"``...);
        ``totp_setup(secret)`` answers the MFA setup page with the code for the secret it shows
        (``totp_setup=cognito_fake.totp_code``).
        Raises HostedUIError with the page's error text when the hosted UI refuses."""
        flow = self._start(scope, state, nonce, pkce, params)
        url = self._url("/login", flow.query)
        page = self.http.get(url, allow_redirects=False)
        if page.status_code == 302:
            return self._tokens(self._landed(page.headers["Location"], *flow.landing))
        form = {"_csrf": self._csrf(), "username": username, "password": password}
        response = self.http.post(url, data=form, allow_redirects=False)
        answers = _Answers(new_password, mfa_code, mfa_type, totp_setup)
        return self._through_pages(response, flow, answers)

    def federated_login(
        self,
        provider: str | None = None,
        *,
        subject: str,
        email: str | None = None,
        name: str | None = None,
        claims: dict[str, str] | None = None,
        idp_identifier: str | None = None,
        scope: str | None = None,
        state: str | None = None,
        nonce: str | None = None,
        pkce: bool = True,
        **params: str,
    ) -> OAuthTokens:
        """Sign in through identity provider ``provider`` (or the one ``idp_identifier`` names)
        as the external user ``subject``, on the fake's simulated IdP page: no real provider is
        contacted. ``claims`` are further IdP claims for the provider's AttributeMapping.
        Returns the tokens of ``<provider>_<subject>`` (or of the local user linked to that
        identity); raises HostedUIError with the ``error=`` (and description) on refusal."""
        chosen = {"idp_identifier": idp_identifier} if idp_identifier else {}
        if provider is not None or not chosen:
            chosen = {"identity_provider": provider or "", **chosen}
        flow = self._start(scope, state, nonce, pkce, {**chosen, **params})
        response = self.http.get(self._url("/oauth2/authorize", flow.query), allow_redirects=False)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/fake-idp/" not in urlsplit(location).path:
            return self._tokens(self._refused(response, location, flow))
        form = {"subject": subject, **({"email": email} if email else {})}
        form.update({"name": name} if name else {})
        form.update({f"claim:{key}": value for key, value in (claims or {}).items()})
        idp = self.http.post(self._absolute(location), data=form, allow_redirects=False)
        if idp.status_code != 302:
            raise HostedUIError(_page_error(idp.text) or str(idp.status_code), idp.status_code)
        back = self.http.get(self._absolute(idp.headers["Location"]), allow_redirects=False)
        location = back.headers.get("Location", "")
        return self._tokens(self._refused(back, location, flow))

    def _refused(self, response: Any, location: str, flow: _Flow) -> AuthorizeResult:
        """Where a redirect that did not go on to the IdP landed: the app, or an error."""
        if response.status_code != 302:
            raise HostedUIError(_page_error(response.text) or str(response.status_code))
        parts = urlsplit(location)
        if parts.path.endswith("/error") or parts.path.endswith("/login"):
            query = parse_qs(parts.query)
            raise HostedUIError(query.get("error", ["login_required"])[0], response.status_code)
        result = self._landed(location, *flow.landing)
        if result.error is not None:
            description = parse_qs(urlsplit(location).query).get("error_description", [""])[0]
            raise HostedUIError(f"{result.error}: {description}" if description else result.error)
        return result

    def sign_up(
        self,
        username: str,
        password: str,
        *,
        email: str | None = None,
        attributes: dict[str, str] | None = None,
        code: str | Callable[[], str] | None = None,
        scope: str | None = None,
        state: str | None = None,
        pkce: bool = True,
        **params: str,
    ) -> OAuthTokens | None:
        """Sign up on /signup (``attributes``: the form's other inputs by attribute name).

        With ``code`` (or a callable reading the outbox) the account is confirmed on
        /confirmUser too and the tokens of the redirect are returned; without it, None: call
        ``confirm(code)`` next. Tokens come at once when the pool confirms by itself (a
        PreSignUp trigger's autoConfirmUser). Raises HostedUIError with the page's error."""
        flow = self._start(scope, state, None, pkce, params)
        url = self._url("/signup", flow.query)
        page = self.http.get(url, allow_redirects=False)
        if page.status_code != 200:
            raise HostedUIError(_page_error(page.text) or str(page.status_code), page.status_code)
        form = {"_csrf": self._csrf(), "username": username, "password": password}
        for name, value in {**({"email": email} if email else {}), **(attributes or {})}.items():
            form[f"requiredAttributes[{name}]"] = value
        response = self.http.post(url, data=form, allow_redirects=False)
        location = response.headers.get("Location", "")
        if response.status_code == 302 and urlsplit(location).path.endswith("/confirmUser"):
            self._confirming = (self._absolute(location), flow)
            return None if code is None else self.confirm(code)
        return self._through_pages(response, flow, _Answers())

    def confirm(
        self,
        code: str | Callable[[], str],
        *,
        username: str | None = None,
        mfa_type: str | None = None,
        totp_setup: Callable[[str], str] | None = None,
        mfa_code: str | Callable[[], str] | None = None,
    ) -> OAuthTokens | None:
        """Enter the sign-up code on /confirmUser. After this agent's own ``sign_up`` it is
        signed in and the tokens are returned; otherwise (``username`` given, a sign-up made
        elsewhere) the hosted UI sends it to the login page and None is returned."""
        if self._confirming is not None and username is None:
            url, flow = self._confirming
        else:
            if username is None:
                raise HostedUIError("confirm() needs username= without a sign_up() before it")
            flow = self._start(None, None, None, True, {})
            url = self._url("/confirmUser", {**flow.query, "username": username})
            self.http.get(url, allow_redirects=False)  # the CSRF cookie
        value = code() if callable(code) else code
        name = username or parse_qs(urlsplit(url).query).get("username", [""])[0]
        form = {"_csrf": self._csrf(), "code": value, "username": name}
        response = self.http.post(url, data=form, allow_redirects=False)
        if response.status_code == 302:
            self._confirming = None  # confirmed: no more codes for this sign-up
            if urlsplit(response.headers["Location"]).path.endswith("/login"):
                return None
        return self._through_pages(response, flow, _Answers(None, mfa_code, mfa_type, totp_setup))

    def forgot_password(
        self, username: str, new_password: str, *, code: str | Callable[[], str]
    ) -> None:
        """Reset the password on /forgotPassword and /confirmForgotPassword; ``code`` may be
        a callable, called once the code is sent (``lambda: cognito_fake.outbox.code(...)``).
        Ends on the login page (sign in with ``login()`` next); HostedUIError on refusal."""
        flow = self._start(None, None, None, True, {})
        url = self._url("/forgotPassword", flow.query)
        page = self.http.get(url, allow_redirects=False)
        if page.status_code != 200:
            raise HostedUIError(_page_error(page.text) or str(page.status_code), page.status_code)
        form = {"_csrf": self._csrf(), "username": username}
        response = self.http.post(url, data=form, allow_redirects=False)
        if response.status_code != 302:
            raise HostedUIError(_page_error(response.text) or str(response.status_code))
        reset_url = self._absolute(response.headers["Location"])
        value = code() if callable(code) else code
        form = {
            "_csrf": form["_csrf"],
            "username": username,
            "code": value,
            "password": new_password,
            "confirm": new_password,
        }
        response = self.http.post(reset_url, data=form, allow_redirects=False)
        if response.status_code != 302:
            raise HostedUIError(_page_error(response.text) or str(response.status_code))

    # ------------------------------------------------------------ page plumbing

    def _start(
        self,
        scope: str | None,
        state: str | None,
        nonce: str | None,
        pkce: bool,
        params: dict[str, str],
    ) -> _Flow:
        """The authorize query of a new flow (with a PKCE challenge) and what landing needs."""
        verifier = secrets.token_urlsafe(48) if pkce else None
        query = self._query(scope, state, nonce, **params)
        if verifier:
            query["code_challenge_method"] = "S256"
            query["code_challenge"] = _challenge(verifier)
        return _Flow(query, (query["redirect_uri"], verifier))

    def _url(self, path: str, query: dict[str, str]) -> str:
        return f"{self.base_url}{path}?{urlencode(query)}"

    def _absolute(self, location: str) -> str:
        """A Location on the fake (``/domain/x/login?...``) as a full URL."""
        parts = urlsplit(self.base_url)
        return urljoin(f"{parts.scheme}://{parts.netloc}", location)

    def _csrf(self) -> str:
        return self.http.cookies.get("XSRF-TOKEN", "") or ""

    def _through_pages(self, response: Any, flow: _Flow, answers: _Answers) -> OAuthTokens:
        """Follow the challenge pages (each posts back to /login) to the app's redirect."""
        for _ in range(6):
            if response.status_code == 302:
                location = response.headers["Location"]
                return self._tokens(self._landed(location, *flow.landing))
            challenge = _hidden(response.text, "challenge")
            error = _page_error(response.text)
            if error or not challenge:
                raise HostedUIError(
                    error or f"unexpected page ({response.status_code})", response.status_code
                )
            value = answers.answer(challenge, response.text)
            form = {
                "_csrf": self._csrf(),
                "challenge": challenge,
                "session": _hidden(response.text, "session") or "",
                "answer": value,
                "confirm": value,
            }
            action = re.search(
                r'<form name="challengeForm" method="post" action="([^"]*)"', response.text
            )
            url = self._absolute(unescape(action.group(1))) if action else ""
            response = self.http.post(url, data=form, allow_redirects=False)
        raise HostedUIError("too many pages after the password")

    def logout(self, logout_uri: str | None = None, **params: str) -> str:
        """GET /logout (ends the cookie); returns where the hosted UI redirected to."""
        query = {"client_id": self.client_id, **params}
        if logout_uri is not None:
            query["logout_uri"] = logout_uri
        response = self.http.get(f"{self.base_url}/logout", params=query, allow_redirects=False)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or urlsplit(location).path.endswith("/error"):
            raise HostedUIError(location or str(response.status_code), response.status_code)
        return location

    # --------------------------------------------------------------- the app's part

    def exchange(
        self, code: str, *, verifier: str | None = None, redirect_uri: str | None = None
    ) -> OAuthTokens:
        """POST /oauth2/token with grant_type=authorization_code."""
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri or self.redirect_uri,
        }
        if verifier:
            form["code_verifier"] = verifier
        return OAuthTokens.from_json(self._token(form))

    def refresh(self, refresh_token: str) -> OAuthTokens:
        """POST /oauth2/token with grant_type=refresh_token (HostedUIError("invalid_grant")
        once the token is revoked, e.g. by GlobalSignOut)."""
        return OAuthTokens.from_json(
            self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})
        )

    def user_info(self, access_token: str) -> dict[str, Any]:
        """GET /oauth2/userInfo with ``access_token``: the claims an OIDC client reads."""
        response = self.http.get(
            f"{self.base_url}/oauth2/userInfo", headers={"Authorization": f"Bearer {access_token}"}
        )
        if response.status_code != 200:
            raise HostedUIError(response.json().get("error", ""), response.status_code)
        body: dict[str, Any] = response.json()
        return body

    def _token(self, form: dict[str, str]) -> dict[str, Any]:
        form = {**form, "client_id": self.client_id}
        if self.client_secret:
            form["client_secret"] = self.client_secret
        response = self.http.post(f"{self.base_url}/oauth2/token", data=form)
        body: dict[str, Any] = response.json()
        if response.status_code != 200:
            raise HostedUIError(body.get("error", ""), response.status_code)
        return body

    def _landed(self, location: str, redirect_uri: str, verifier: str | None) -> AuthorizeResult:
        """The redirect to the app: an error, implicit tokens, or a code to exchange."""
        parts = urlsplit(location)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        fragment = {k: v[0] for k, v in parse_qs(parts.fragment).items()}
        if "error" in query:
            return AuthorizeResult(
                error=query["error"], state=query.get("state"), location=location
            )
        if "access_token" in fragment:
            return AuthorizeResult(
                tokens=OAuthTokens.from_json(fragment),
                state=fragment.get("state"),
                location=location,
            )
        if "code" not in query:
            raise HostedUIError(f"unexpected redirect to {location}")
        tokens = self.exchange(query["code"], verifier=verifier, redirect_uri=redirect_uri)
        return AuthorizeResult(tokens=tokens, state=query.get("state"), location=location)

    @staticmethod
    def _tokens(result: AuthorizeResult) -> OAuthTokens:
        if result.tokens is None:
            raise HostedUIError(result.error or "no tokens")
        return result.tokens


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _hidden(html: str, name: str) -> str | None:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', html)
    return unescape(match.group(1)) if match else None


def _page_error(html: str) -> str | None:
    match = re.search(r'class="errorMessage">([^<]*)<', html)
    return unescape(match.group(1)) if match else None
