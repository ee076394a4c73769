"""HTTP for the hosted UI: the table of pages (``PAGES``, served by ``http/app.py``), the
domain a request is for, and the views.

How a user-pool domain maps onto the fake's URL (``http://127.0.0.1:<port>``):

* path prefix: ``<fake>/domain/<domain>/oauth2/authorize`` (``<domain>`` is the prefix
  ``myapp``, the full ``myapp.auth.<region>.amazoncognito.com``, or a custom domain);
* ``Host`` header: ``myapp.auth.<region>.amazoncognito.com``, a custom domain, or
  ``myapp.localhost`` (which browsers resolve to 127.0.0.1 by themselves) on the fake's port;
* neither (plain ``<fake>/oauth2/authorize``): any pool's client, found by its client_id.

The session cookie is scoped as AWS scopes it to the domain: by host, or by the path prefix.
On the bare host, where every pool shares the paths, the one cookie holds a session per pool.
``/oauth2/idpresponse`` and ``/fake-idp/<provider>/authorize`` are ``federation``'s.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import urlencode

from werkzeug.exceptions import MethodNotAllowed
from werkzeug.wrappers import Request, Response

from ..errors import CognitoError
from ..service import Service
from . import accounts, federation, login, oauth2, pages, selfservice, store
from .flow import (
    COOKIE,
    CSRF_COOKIE,
    Page,
    UnknownDomain,
    browser_context,
    checked_request,
    error_redirect,
    query_args,
    redirect,
    resolve,
    serve,
    set_session_cookie,
)

__all__ = [
    "COOKIE",
    "CSRF_COOKIE",
    "FAKE_IDP_PATH",
    "PAGES",
    "PREFIX",
    "UnknownDomain",
    "fake_idp",
    "resolve",
]
PREFIX = "/domain/<domain>"


# ------------------------------------------------------------------------ responses


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


# ----------------------------------------------------------------------- the pages


def authorize(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET /oauth2/authorize: straight back with a code while the cookie lives, else /login."""
    ctx = browser_context(service, request)
    params = query_args(request)
    with service.lock:
        state = service.state

        def federate(req: oauth2.AuthRequest, prefix: str) -> Response | None:
            provider = oauth2.requested_provider(req)
            if provider and (url := federation.federate(state, req, provider, prefix, ctx)):
                return redirect(url)
            return None

        checked = checked_request(state, request, domain, params, federate)
        if isinstance(checked, Response):
            return checked
        req, prefix = checked
        live = store.live_session(state, request.cookies.get(COOKIE), req.pool, ctx)
        if live is not None and not store.reusable(live[0], req.pool, req.client, ctx):
            live = None
        prompt = oauth2.prompt_of(req)
        if live is not None and prompt not in ("login", "select_account"):
            return redirect(oauth2.complete(state, req, live[0], ctx))
        if prompt == "none":  # no session, and no page may be shown: silent renewal fails
            return redirect(oauth2.error_location(req, "login_required"))
    return redirect(f"{prefix}/login?{request.query_string.decode('latin-1')}")


def login_page(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET shows the form; POST signs in (password, "sign in as", or a challenge answer)."""
    return serve(service, request, domain, lambda page: _LoginPage(page).respond())


class _LoginPage:
    """One /login request: its form, its outcome, and the page or redirect that follows."""

    def __init__(self, page: Page) -> None:
        self.page, self.form = page, page.request.form
        query = page.request.query_string.decode("latin-1")
        self.action = f"{page.prefix}/login?{query}"
        self.live = store.live_session(
            page.state, page.request.cookies.get(COOKIE), page.req.pool, page.ctx
        )
        if self.live and not store.reusable(self.live[0], page.req.pool, page.req.client, page.ctx):
            self.live = None  # outside this client's reuse window: the password again

    def respond(self) -> Response:
        return self.post() if self.page.request.method == "POST" else self.show()

    def show(self, error: str = "", username: str = "") -> Response:
        page, pool = self.page, self.page.req.pool
        return pages.login(
            self.action,
            page.csrf,
            error=error,
            username=username or page.req.query.get("login_hint", ""),
            signed_in_as=self.live[1].username if self.live else "",
            signup_url=page.url("/signup") if accounts.sign_up_allowed(pool) else "",
            forgot_url=page.url("/forgotPassword") if accounts.recovery_allowed(pool) else "",
            providers=[
                (name, page.url("/oauth2/authorize", identity_provider=name))
                for name in federation.providers_of(pool, page.req.client)
            ],
        )

    def post(self) -> Response:
        page, form = self.page, self.form
        pool, client = page.req.pool, page.req.client
        if form.get("action") == "continue" and self.live is not None:
            return page.signed_in(self.live[1], auth_time=self.live[0].auth_time)
        if form.get("challenge"):
            return self._answer(form["challenge"], form.get("session", ""))
        username = form.get("username", "").strip()
        outcome = login.with_password(
            page.state, pool, client, username, form.get("password", ""), page.ctx
        )
        return page.outcome(outcome, lambda error: self.show(error, form.get("username", "")))

    def _answer(self, name: str, session: str) -> Response:
        page, form = self.page, self.form
        if name == "NEW_PASSWORD_REQUIRED" and form.get("answer") != form.get("confirm"):
            return page.challenge(name, session, "Passwords do not match")
        if name == "MFA_SETUP":
            try:
                session = accounts.verify_software_token(
                    page.service,
                    session,
                    form.get("answer", "").strip(),
                    form.get("device_name", "").strip(),
                    page.ctx,
                )
            except CognitoError as exc:
                return page.challenge(name, session, exc.message)
        value = form.get("answer", "")
        outcome = login.answer(
            page.state, page.req.pool, page.req.client, session, name, value, page.ctx
        )
        return page.outcome(outcome, lambda error: self.show(error))


def logout(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET /logout: the cookie ends now; then logout_uri, or /login again (redirect_uri)."""
    params = query_args(request)
    ctx = service.context()
    with service.lock:
        state = service.state
        try:
            hint, prefix = resolve(state, request, domain)
        except UnknownDomain:
            return pages.error("invalid_request", status=404)
        client_id = params.get("client_id", "")
        client = oauth2.find_client(state, client_id, hint)
        if client is None:
            return error_redirect(prefix, "invalid_request", client_id)
        if params.get("logout_uri"):
            if params["logout_uri"] not in client.settings.get("LogoutURLs", []):
                return error_redirect(prefix, "redirect_mismatch", client_id)
            location = params["logout_uri"]
        elif params.get("redirect_uri") and params.get("response_type"):
            if params["redirect_uri"] not in client.settings.get("CallbackURLs", []):
                return error_redirect(prefix, "redirect_mismatch", client_id)
            location = f"{prefix}/login?{urlencode(oauth2.login_again_query(client, params))}"
        else:
            return error_redirect(prefix, "invalid_request", client_id)
        pool = state.pools[client.pool_id]
        others = store.end_session(state, request.cookies.get(COOKIE), pool, ctx)
    response = redirect(location)
    set_session_cookie(response, prefix, others, ctx)
    return response


def known(service: Service, request: Request, domain: str | None) -> bool:
    with service.lock:
        try:
            resolve(service.state, request, domain)
        except UnknownDomain:
            return False
    return True


def error_page(service: Service, request: Request, domain: str | None = None) -> Response:
    if not known(service, request, domain):
        return pages.error("invalid_request", status=404)
    return pages.error(request.args.get("error", "invalid_request"), status=400)


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
    """The url-encoded body of a POST (None for another content type); 405 for other methods."""
    if request.method != "POST":
        raise MethodNotAllowed(["POST"])
    if request.mimetype != "application/x-www-form-urlencoded":
        return None
    return {key: request.form.get(key, "") for key in request.form}


def token(service: Service, request: Request, domain: str | None = None) -> Response:
    """POST /oauth2/token: authorization_code, refresh_token, client_credentials."""
    form = _form(request)
    if form is None:
        return _json({"error": "invalid_request"}, 400)
    ctx = browser_context(service, request)
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
            pool, _ = resolve(service.state, request, domain)
            claims = oauth2.user_info(service.state, bearer, ctx, pool)
        except UnknownDomain:
            return _json({"error": "invalid_request"}, 404)
        except oauth2.OAuthError as exc:
            challenge = f'error="{exc.error}", error_description="{exc.description}"'
            response = _oauth_error(exc)
            response.headers["WWW-Authenticate"] = challenge
            return response
    return _json(claims)


def revoke(service: Service, request: Request, domain: str | None = None) -> Response:
    """POST /oauth2/revoke: 200 with an empty body, also for unknown tokens."""
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


# ----------------------------------------------------------------------- the table

#: Endpoint -> (path, methods, view); ``http/app.py`` serves each bare and under ``PREFIX``.
PAGES: dict[str, tuple[str, list[str], Any]] = {
    "hosted_ui_authorize": ("/oauth2/authorize", ["GET"], authorize),
    "hosted_ui_login": ("/login", ["GET", "POST"], login_page),
    "hosted_ui_logout": ("/logout", ["GET"], logout),
    "hosted_ui_error": ("/error", ["GET"], error_page),
    "hosted_ui_signup": ("/signup", ["GET", "POST"], selfservice.sign_up),
    "hosted_ui_confirm": ("/confirmUser", ["GET", "POST"], selfservice.confirm_user),
    "hosted_ui_forgot": ("/forgotPassword", ["GET", "POST"], selfservice.forgot_password),
    "hosted_ui_reset": (
        "/confirmForgotPassword",
        ["GET", "POST"],
        selfservice.confirm_forgot_password,
    ),
    "hosted_ui_token": ("/oauth2/token", ["GET", "POST"], token),
    "hosted_ui_userinfo": ("/oauth2/userInfo", ["GET", "POST"], user_info),
    "hosted_ui_revoke": ("/oauth2/revoke", ["GET", "POST"], revoke),
    "hosted_ui_idpresponse": ("/oauth2/idpresponse", ["GET", "POST"], federation.idp_response),
}

#: The simulated identity provider is "elsewhere": never under a domain's prefix.
FAKE_IDP_PATH = "/fake-idp/<provider>/authorize"
fake_idp = federation.fake_idp
