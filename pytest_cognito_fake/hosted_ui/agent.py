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
from urllib.parse import parse_qs, urlencode, urlsplit

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
        pkce: bool = True,
        **params: str,
    ) -> OAuthTokens:
        """Sign in on the login page (form, new-password and MFA pages) and exchange the code.

        ``mfa_code`` may be a callable, called when the code page shows (read the outbox then).
        Raises HostedUIError with the page's error text when the hosted UI refuses."""
        verifier = secrets.token_urlsafe(48) if pkce else None
        query = self._query(scope, state, nonce, **params)
        if verifier:
            query["code_challenge_method"] = "S256"
            query["code_challenge"] = _challenge(verifier)
        url = f"{self.base_url}/login?{urlencode(query)}"
        page = self.http.get(url, allow_redirects=False)
        if page.status_code == 302:
            return self._tokens(
                self._landed(page.headers["Location"], query["redirect_uri"], verifier)
            )
        form = {
            "_csrf": self.http.cookies.get("XSRF-TOKEN", ""),
            "username": username,
            "password": password,
        }
        for _ in range(4):
            response = self.http.post(url, data=form, allow_redirects=False)
            if response.status_code == 302:
                result = self._landed(response.headers["Location"], query["redirect_uri"], verifier)
                return self._tokens(result)
            challenge = _hidden(response.text, "challenge")
            error = _page_error(response.text)
            if error or not challenge:
                raise HostedUIError(
                    error or f"unexpected page ({response.status_code})", response.status_code
                )
            answer = new_password if challenge == "NEW_PASSWORD_REQUIRED" else mfa_code
            if answer is None:
                raise HostedUIError(
                    f"the hosted UI asks for {challenge}: pass new_password= or mfa_code="
                )
            value = answer() if callable(answer) else answer
            form = {
                "_csrf": form["_csrf"],
                "challenge": challenge,
                "session": _hidden(response.text, "session") or "",
                "answer": value,
                "confirm": value,
            }
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
