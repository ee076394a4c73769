"""HTTP for the hosted UI: werkzeug rules, the domain a request is for, and the views.

How a user-pool domain maps onto the fake's URL (``http://127.0.0.1:<port>``):

* path prefix: ``<fake>/domain/<domain>/oauth2/authorize`` (``<domain>`` is the prefix
  ``myapp``, the full ``myapp.auth.<region>.amazoncognito.com``, or a custom domain);
* ``Host`` header: ``myapp.auth.<region>.amazoncognito.com``, a custom domain, or
  ``myapp.localhost`` (which browsers resolve to 127.0.0.1 by themselves) on the fake's port;
* neither (plain ``<fake>/oauth2/authorize``): any pool's client, found by its client_id.

The session cookie is scoped as AWS scopes it to the domain: by host, or by the path prefix.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any
from urllib.parse import urlencode

from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from .. import app
from ..api import domains
from ..context import Ctx
from ..service import Service
from ..state.store import State, UserPool
from . import login, oauth2, pages, store

COOKIE = "cognito"
CSRF_COOKIE = "XSRF-TOKEN"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PREFIX = "/domain/<domain>"


class UnknownDomain(Exception):
    """A domain (by path or Host) that no pool has."""


def _domain_pool(state: State, name: str) -> UserPool | None:
    pool = domains.pool_of_domain(state, name)
    if pool is None and ".auth." in name and name.endswith(".amazoncognito.com"):
        pool = domains.pool_of_domain(state, name.split(".", 1)[0])
    if pool is None and name.endswith(".localhost"):
        pool = domains.pool_of_domain(state, name.removesuffix(".localhost"))
    return pool


def resolve(state: State, request: Request, domain: str | None) -> tuple[UserPool | None, str]:
    """(the pool the domain names, or None for the bare host; the path prefix to link with)."""
    if domain is not None:
        pool = _domain_pool(state, domain.lower())
        if pool is None:
            raise UnknownDomain(domain)
        return pool, f"/domain/{domain}"
    host = request.host.lower()
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if host in LOOPBACK_HOSTS:
        return None, ""
    pool = _domain_pool(state, host)
    if pool is None and (host.endswith((".amazoncognito.com", ".localhost"))):
        raise UnknownDomain(host)
    return pool, ""


# ------------------------------------------------------------------------ responses


def _redirect(location: str) -> Response:
    response = Response(status=302)
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(prefix: str, error: str, client_id: str = "") -> Response:
    query = {"error": error}
    if client_id:
        query["client_id"] = client_id
    return _redirect(f"{prefix}/error?{urlencode(query)}")


def _json(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    response = Response(
        json.dumps(body), status=status, content_type="application/json;charset=UTF-8"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _oauth_error(exc: oauth2.OAuthError) -> Response:
    body = {"error": exc.error}
    if exc.description:
        body["error_description"] = exc.description
    return _json(body, exc.status)


def _set_session_cookie(
    response: Response, prefix: str, session: store.LoginSession, ctx: Ctx
) -> None:
    response.set_cookie(
        COOKIE,
        session.cookie,
        max_age=int(session.expires - ctx.now),
        path=prefix or "/",
        httponly=True,
        samesite="Lax",
    )


def _args(request: Request) -> dict[str, str]:
    return {key: request.args.get(key, "") for key in request.args}


# ----------------------------------------------------------------------- the pages


def authorize(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET /oauth2/authorize: straight back with a code while the cookie lives, else /login."""
    ctx = service.context()
    params = _args(request)
    with service.lock:
        state = service.state
        try:
            hint, prefix = resolve(state, request, domain)
        except UnknownDomain:
            return pages.error("invalid_request", status=404)
        try:
            req = oauth2.check_authorize(state, hint, params)
            provider = params.get("identity_provider") or params.get("idp_identifier") or ""
            if provider and (url := oauth2.federate(state, req, provider, ctx)):
                return _redirect(url)
        except oauth2.PageError as exc:
            return _error_page(prefix, exc.error, exc.client_id)
        except oauth2.RedirectError as exc:
            return _redirect(exc.location)
        if not oauth2.native_login_allowed(req.client):
            return _error_page(prefix, "invalid_request", req.client.client_id)
        live = store.live_session(state, request.cookies.get(COOKIE), req.pool, ctx)
        if live is not None and req.prompt != "login":
            return _redirect(oauth2.complete(state, req, live[0], ctx))
    return _redirect(f"{prefix}/login?{request.query_string.decode('latin-1')}")


def login_page(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET shows the form; POST signs in (password, "sign in as", or a challenge answer)."""
    ctx = service.context()
    with service.lock:
        state = service.state
        try:
            hint, prefix = resolve(state, request, domain)
            req = oauth2.check_authorize(state, hint, _args(request))
        except UnknownDomain:
            return pages.error("invalid_request", status=404)
        except oauth2.PageError as exc:
            return _error_page(f"{prefix}", exc.error, exc.client_id)
        except oauth2.RedirectError as exc:
            return _redirect(exc.location)
        if not oauth2.native_login_allowed(req.client):
            return _error_page(prefix, "invalid_request", req.client.client_id)
        page = _LoginPage(state, request, req, prefix, ctx)
        response = page.post() if request.method == "POST" else page.show()
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, page.csrf, path=prefix or "/", samesite="Lax")
    return response


class _LoginPage:
    """One /login request: its form, its outcome, and the page or redirect that follows."""

    def __init__(
        self, state: State, request: Request, req: oauth2.AuthRequest, prefix: str, ctx: Ctx
    ) -> None:
        self.state, self.request, self.req, self.prefix, self.ctx = state, request, req, prefix, ctx
        self.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        self.action = f"{prefix}/login?{request.query_string.decode('latin-1')}"
        self.live = store.live_session(state, request.cookies.get(COOKIE), req.pool, ctx)

    def show(self, error: str = "", username: str = "") -> Response:
        query = urlencode({k: v for k, v in self.req.query.items() if k != "prompt"})
        admin_only = self.req.pool.settings.get("AdminCreateUserConfig", {}).get(
            "AllowAdminCreateUserOnly"
        )
        return pages.login(
            self.action,
            self.csrf,
            error=error,
            username=username,
            signed_in_as=self.live[1].username if self.live else "",
            signup_url="" if admin_only else f"{self.prefix}/signup?{query}",
            forgot_url=f"{self.prefix}/forgotPassword?{query}",
        )

    def post(self) -> Response:
        form = self.request.form
        if form.get("_csrf") != self.request.cookies.get(CSRF_COOKIE):
            return pages.error("invalid_request", "Invalid CSRF token.", status=403)
        pool, client = self.req.pool, self.req.client
        if form.get("action") == "continue" and self.live is not None:
            return self._signed_in(self.live[1].username, auth_time=self.live[0].auth_time)
        if form.get("challenge"):
            name = form["challenge"]
            if name == "NEW_PASSWORD_REQUIRED" and form.get("answer") != form.get("confirm"):
                return pages.challenge(
                    self.action, self.csrf, name, form.get("session", ""), "Passwords do not match"
                )
            outcome = login.answer(
                self.state,
                pool,
                client,
                form.get("session", ""),
                name,
                form.get("answer", ""),
                self.ctx,
            )
        else:
            username = form.get("username", "").strip()
            outcome = login.with_password(
                self.state, pool, client, username, form.get("password", ""), self.ctx
            )
        if outcome.user is not None:
            return self._signed_in(outcome.user.username)
        if outcome.challenge:
            return pages.challenge(
                self.action, self.csrf, outcome.challenge, outcome.session, outcome.error
            )
        return self.show(outcome.error, form.get("username", ""))

    def _signed_in(self, username: str, auth_time: int | None = None) -> Response:
        """A (renewed) one-hour cookie, and the redirect with a code or tokens."""
        store.end_session(self.state, self.request.cookies.get(COOKIE))
        user = self.req.pool.users[username]
        session = store.start_session(self.state, self.req.pool, user, self.ctx)
        if auth_time is not None:
            session.auth_time = auth_time
        response = _redirect(oauth2.complete(self.state, self.req, session, self.ctx))
        _set_session_cookie(response, self.prefix, session, self.ctx)
        return response


def logout(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET /logout: the cookie ends now; then logout_uri, or /login again (redirect_uri)."""
    params = _args(request)
    with service.lock:
        state = service.state
        try:
            hint, prefix = resolve(state, request, domain)
        except UnknownDomain:
            return pages.error("invalid_request", status=404)
        client_id = params.get("client_id", "")
        client = oauth2.find_client(state, client_id, hint)
        if client is None:
            return _error_page(prefix, "invalid_request", client_id)
        if params.get("logout_uri"):
            if params["logout_uri"] not in client.settings.get("LogoutURLs", []):
                return _error_page(prefix, "redirect_mismatch", client_id)
            location = params["logout_uri"]
        elif params.get("redirect_uri") and params.get("response_type"):
            if params["redirect_uri"] not in client.settings.get("CallbackURLs", []):
                return _error_page(prefix, "redirect_mismatch", client_id)
            keep = ("client_id", "redirect_uri", "response_type", "state", "scope")
            query = {k: params[k] for k in keep if k in params}
            location = f"{prefix}/login?{urlencode(query)}"
        else:
            return _error_page(prefix, "invalid_request", client_id)
        store.end_session(state, request.cookies.get(COOKIE))
    response = _redirect(location)
    response.delete_cookie(COOKIE, path=prefix or "/", httponly=True, samesite="Lax")
    return response


def _known(service: Service, request: Request, domain: str | None) -> bool:
    with service.lock:
        try:
            resolve(service.state, request, domain)
        except UnknownDomain:
            return False
    return True


def error_page(service: Service, request: Request, domain: str | None = None) -> Response:
    if not _known(service, request, domain):
        return pages.error("invalid_request", status=404)
    return pages.error(request.args.get("error", "invalid_request"), status=400)


def unbuilt(service: Service, request: Request, domain: str | None = None) -> Response:
    if not _known(service, request, domain):
        return pages.error("invalid_request", status=404)
    what = "sign-up" if request.path.endswith("/signup") else "forgot-password"
    return pages.not_built(what)


# ------------------------------------------------------------------ the JSON endpoints


def _basic(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        client_id, _, secret = base64.b64decode(header[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return ("", "")
    return client_id, secret


def _form(request: Request) -> dict[str, str] | None:
    if request.mimetype != "application/x-www-form-urlencoded":
        return None
    return {key: request.form.get(key, "") for key in request.form}


def token(service: Service, request: Request, domain: str | None = None) -> Response:
    """POST /oauth2/token: authorization_code, refresh_token, client_credentials."""
    if request.method != "POST":
        raise MethodNotAllowed(["POST"])
    ctx = service.context()
    form = _form(request)
    if form is None:
        return _json({"error": "invalid_request"}, 400)
    with service.lock:
        try:
            hint, _ = resolve(service.state, request, domain)
            client = oauth2.authenticate_client(service.state, hint, form, _basic(request))
            body = oauth2.token(service.state, client, form, ctx)
        except UnknownDomain:
            return _json({"error": "invalid_request"}, 404)
        except oauth2.OAuthError as exc:
            return _oauth_error(exc)
    return _json(body)


def user_info(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET/POST /oauth2/userInfo with ``Authorization: Bearer <access token>``."""
    ctx = service.context()
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    bearer = value.strip() if scheme.lower() == "bearer" else ""
    with service.lock:
        try:
            claims = oauth2.user_info(service.state, bearer, ctx)
        except oauth2.OAuthError as exc:
            challenge = f'error="{exc.error}", error_description="{exc.description}"'
            response = _oauth_error(exc)
            response.headers["WWW-Authenticate"] = challenge
            return response
    return _json(claims)


def revoke(service: Service, request: Request, domain: str | None = None) -> Response:
    """POST /oauth2/revoke: 200 with an empty body, also for unknown tokens."""
    if request.method != "POST":
        raise MethodNotAllowed(["POST"])
    form = _form(request)
    if form is None:
        return _json({"error": "invalid_request"}, 400)
    with service.lock:
        try:
            hint, _ = resolve(service.state, request, domain)
            try:
                client = oauth2.authenticate_client(service.state, hint, form, _basic(request))
            except oauth2.OAuthError:
                raise oauth2.OAuthError("invalid_client", 401) from None
            oauth2.revoke(service.state, client, form)
        except UnknownDomain:
            return _json({"error": "invalid_request"}, 404)
        except oauth2.OAuthError as exc:
            return _oauth_error(exc)
    return Response(b"", status=200)


# ----------------------------------------------------------------------- registration

_PAGES: dict[str, tuple[str, list[str], Any]] = {
    "hosted_ui_authorize": ("/oauth2/authorize", ["GET"], authorize),
    "hosted_ui_login": ("/login", ["GET", "POST"], login_page),
    "hosted_ui_logout": ("/logout", ["GET"], logout),
    "hosted_ui_error": ("/error", ["GET"], error_page),
    "hosted_ui_signup": ("/signup", ["GET"], unbuilt),
    "hosted_ui_forgot": ("/forgotPassword", ["GET"], unbuilt),
    "hosted_ui_token": ("/oauth2/token", ["GET", "POST"], token),
    "hosted_ui_userinfo": ("/oauth2/userInfo", ["GET", "POST"], user_info),
    "hosted_ui_revoke": ("/oauth2/revoke", ["GET", "POST"], revoke),
}


def register() -> None:
    """Add the hosted UI's routes (bare and under ``/domain/<domain>``) to the app."""
    for name, (path, methods, view) in _PAGES.items():
        rules = [
            Rule(path, endpoint=name, methods=methods),
            Rule(PREFIX + path, endpoint=name, methods=methods),
        ]
        app.EXTRA_ROUTES[name] = (rules, view)


register()
