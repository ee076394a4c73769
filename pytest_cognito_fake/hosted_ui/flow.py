"""What every hosted-UI page of one authorize request shares: the domain it is served under,
the checked authorize request, the CSRF token, the links to the other pages, and the end of
the road (a cookie and the redirect with a code) or a challenge page on the way there.

Sign-in, sign-up confirmation and the MFA pages all end through ``Page.outcome`` so that
whatever the sign-in pipeline asks next (new password, MFA, MFA setup) shows the same page.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from ..api import domains
from ..context import Ctx
from ..errors import CognitoError
from ..service import Service
from ..state.hosted_ui import LoginSession
from ..state.store import State, User, UserPool
from . import accounts, login, oauth2, pages, store

COOKIE = "cognito"
CSRF_COOKIE = "XSRF-TOKEN"
LANG_COOKIE = "lang"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
#: Query members the pages add to the authorize request's own; dropped when linking on.
PAGE_MEMBERS = ("prompt", "username", "destination")


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


def redirect(location: str) -> Response:
    response = Response(status=302)
    response.headers["Location"] = location
    response.headers["Cache-Control"] = "no-store"
    return response


def error_redirect(prefix: str, error: str, client_id: str = "") -> Response:
    """Cognito's own error page, for requests whose client or redirect_uri is unusable."""
    query = {"error": error}
    if client_id:
        query["client_id"] = client_id
    return redirect(f"{prefix}/error?{urlencode(query)}")


def set_session_cookie(response: Response, prefix: str, kept: list[LoginSession], ctx: Ctx) -> None:
    """The ``cognito`` cookie holding ``kept`` (one session per pool), or its deletion."""
    if not kept:
        response.delete_cookie(COOKIE, path=prefix or "/", httponly=True, samesite="Lax")
        return
    response.set_cookie(
        COOKIE,
        store.cookie_value(kept),
        max_age=int(max(session.expires for session in kept) - ctx.now),
        path=prefix or "/",
        httponly=True,
        samesite="Lax",
    )


def browser_context(service: Service, request: Request) -> Ctx:
    """The context of a browser's (or a backend's) request: its User-Agent and address are
    what session tracking records."""
    ctx = service.context(headers={"user-agent": request.headers.get("User-Agent", "")})
    ctx.source_ip = request.remote_addr or ctx.source_ip
    return ctx


def query_args(request: Request) -> dict[str, str]:
    return {key: request.args.get(key, "") for key in request.args}


# -------------------------------------------------------------------------- the page


class Page:
    """One request to a page of an authorize request (login, sign-up, confirm, reset)."""

    def __init__(
        self,
        service: Service,
        request: Request,
        req: oauth2.AuthRequest,
        prefix: str,
        ctx: Ctx,
    ) -> None:
        self.service, self.state, self.request = service, service.state, request
        self.req, self.prefix, self.ctx = req, prefix, ctx
        self.csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        self.cookies: list[tuple[str, str, int]] = []  # (name, value, max_age) to set

    def url(self, path: str, **extra: str) -> str:
        """``path`` on this domain with the authorize request's query (and ``extra``)."""
        query = {k: v for k, v in self.req.query.items() if k not in PAGE_MEMBERS}
        query.update(extra)
        return f"{self.prefix}{path}?{urlencode(query)}"

    @property
    def csrf_ok(self) -> bool:
        """A form POST carries the token of the ``XSRF-TOKEN`` cookie."""
        sent = self.request.form.get("_csrf")
        return bool(sent) and sent == self.request.cookies.get(CSRF_COOKIE)

    def signed_in(self, user: User, auth_time: int | None = None) -> Response:
        """A (renewed) one-hour cookie, and the redirect with a code or tokens."""
        cookie = self.request.cookies.get(COOKIE)
        live = store.live_session(self.state, cookie, self.req.pool, self.ctx)
        others = store.end_session(self.state, cookie, self.req.pool, self.ctx)
        session = store.start_session(
            self.state,
            self.req.pool,
            user,
            self.ctx,
            self.req.client.client_id,
            previous=live[0] if live else None,
        )
        if auth_time is not None:
            session.auth_time = auth_time
        response = redirect(oauth2.complete(self.state, self.req, session, self.ctx))
        set_session_cookie(response, self.prefix, [*others, session], self.ctx)
        return response

    def outcome(self, outcome: login.Outcome, on_error: Callable[[str], Response]) -> Response:
        """Signed in, the next challenge page, or ``on_error`` with the error text."""
        if outcome.user is not None:
            return self.signed_in(outcome.user)
        if not outcome.challenge:
            return on_error(outcome.error)
        if outcome.challenge == "MFA_SETUP" and not outcome.error:
            return self._start_totp_setup(outcome, on_error)
        return self.challenge(outcome.challenge, outcome.session, outcome.error)

    def challenge(self, name: str, session: str, error: str = "") -> Response:
        """The page of challenge ``name``; it posts back to /login."""
        choices = login.mfa_choices(self.state, session) if name == "SELECT_MFA_TYPE" else []
        secret = login.pending_secret(self.state, session) if name == "MFA_SETUP" else ""
        return pages.challenge(
            self.url("/login"),
            self.csrf,
            name,
            session,
            error,
            choices=choices,
            secret=secret,
            account=self._account_label(session),
        )

    def _start_totp_setup(
        self, outcome: login.Outcome, on_error: Callable[[str], Response]
    ) -> Response:
        """MFA_SETUP: AssociateSoftwareToken with the challenge's Session, then the page that
        shows the secret and asks for the first code."""
        try:
            session = accounts.associate_software_token(self.service, outcome.session, self.ctx)
        except CognitoError as exc:
            return on_error(exc.message)
        return self.challenge("MFA_SETUP", session)

    def _account_label(self, session: str) -> str:
        found = self.state.sessions.get(session)
        return f"{self.req.pool.name}:{found.username}" if found else ""


def checked_request(
    state: State,
    request: Request,
    domain: str | None,
    params: dict[str, str],
    first: Callable[[oauth2.AuthRequest, str], Response | None] | None = None,
) -> tuple[oauth2.AuthRequest, str] | Response:
    """The checked authorize request and the domain's path prefix, or the response that ends
    the request: 404 for an unknown domain, Cognito's error page, an error redirect, or a
    client without the native login. ``first`` (federation) may answer before that last check,
    under the same error handling."""
    try:
        hint, prefix = resolve(state, request, domain)
    except UnknownDomain:
        return pages.error("invalid_request", status=404)
    try:
        req = oauth2.check_authorize(state, hint, params)
        early = first(req, prefix) if first is not None else None
        if early is not None:
            return early
    except oauth2.PageError as exc:
        return error_redirect(prefix, exc.error, exc.client_id)
    except oauth2.RedirectError as exc:
        return redirect(exc.location)
    if not oauth2.native_login_allowed(req.client):
        return error_redirect(prefix, "invalid_request", req.client.client_id)
    return req, prefix


def serve(
    service: Service, request: Request, domain: str | None, handler: Callable[[Page], Response]
) -> Response:
    """Check the authorize request the page belongs to (as /login does), then ``handler``."""
    ctx = browser_context(service, request)
    with service.lock:
        checked = checked_request(service.state, request, domain, query_args(request))
        if isinstance(checked, Response):
            return checked
        req, prefix = checked
        page = Page(service, request, req, prefix, ctx)
        if request.method == "POST" and not page.csrf_ok:
            return pages.error("invalid_request", "Invalid CSRF token.", status=403)
        response = handler(page)
    lang = pages.language(request.args.get("lang"), request.cookies.get(LANG_COOKIE))
    pages.set_language(response, lang)
    if request.args.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, path=prefix or "/", samesite="Lax")
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, page.csrf, path=prefix or "/", samesite="Lax")
    for name, value, max_age in page.cookies:
        response.set_cookie(
            name, value, max_age=max_age, path=prefix or "/", httponly=True, samesite="Lax"
        )
    return response
