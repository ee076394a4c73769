"""The self-service pages: /signup, /confirmUser (the form and the CONFIRM_WITH_LINK link),
/forgotPassword and /confirmForgotPassword.

Every page but the link belongs to an authorize request (client_id, redirect_uri,
response_type... in its query, checked as /login checks them), so the flow can go on to the
app's callback: after /confirmUser the browser that signed up is signed in and sent back with
a code, as AWS's pages do; after a password reset it is sent to /login.
"""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from ..errors import CognitoError
from ..service import Service
from ..state import lookups
from ..state.store import User, UserPool
from . import accounts, flow, login, oauth2, pages, store
from .flow import Page

#: Ties a sign-up to the browser that made it (the fake's name; see store.SignUpTicket).
SIGN_UP_COOKIE = "cognito-signup"
LINK_CONFIRMED = "Your registration has been confirmed!"
#: AWS sends the browser to its error page when nobody but an administrator can confirm
#: the new account (no AutoVerifiedAttributes); the fake says why under the usual text.
ADMIN_MUST_CONFIRM = (
    f"{pages.ERROR_TEXT} The account was created UNCONFIRMED: the pool verifies no"
    " attribute, so only an administrator can confirm it."
)


def _user_by_sub(pool: UserPool, sub: str) -> User | None:
    return next((u for u in pool.users.values() if u.sub == sub), None)


def _here(page: Page) -> str:
    """The page's own URL (query included): forms post back to where they were shown."""
    return f"{page.request.path}?{page.request.query_string.decode('latin-1')}"


def _sent_to(page: Page, what: str, then: str, destination: str | None = None) -> str:
    where = destination or page.req.query.get("destination")
    return f"We have sent {what} to {where}. {then}" if where else f"We have sent {what}. {then}"


# ---------------------------------------------------------------------------- /signup


def sign_up(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET: the form; POST: SignUp, then /confirmUser (or signed in, if already confirmed)."""
    return flow.serve(service, request, domain, _sign_up)


def _sign_up_form(page: Page, values: dict[str, str], error: str = "") -> Response:
    pool = page.req.pool
    fields = [(f.name, f.label, f.required, f.input_type) for f in accounts.sign_up_fields(pool)]
    return pages.sign_up(
        page.url("/signup"),
        page.csrf,
        username_label=accounts.username_label(pool),
        fields=fields,
        login_url=page.url("/login"),
        values=values,
        error=error,
    )


def _sign_up(page: Page) -> Response:
    pool, client = page.req.pool, page.req.client
    if not accounts.sign_up_allowed(pool):
        return pages.error("invalid_request", accounts.SIGN_UP_NOT_PERMITTED)
    if page.request.method == "GET":
        return _sign_up_form(page, {})
    form = page.request.form
    values = {k: v for k, v in form.items() if k != "password"}
    username = form.get("username", "").strip()
    attributes = accounts.form_attributes(pool, form)
    try:
        out = accounts.sign_up(
            page.service, client, username, form.get("password", ""), attributes, page.ctx
        )
    except CognitoError as exc:
        return _sign_up_form(page, values, exc.message)
    user = _user_by_sub(pool, out["UserSub"])
    if user is None:  # a trigger removed it again
        return pages.error("invalid_request")
    if out["UserConfirmed"]:
        outcome = login.after_sign_up(page.state, pool, client, user, page.ctx)
        return page.outcome(outcome, lambda error: _sign_up_form(page, values, error))
    details = out.get("CodeDeliveryDetails")
    if details is None:
        return pages.error("invalid_request", ADMIN_MUST_CONFIRM)
    ticket = store.new_sign_up_ticket(page.state, pool, user.sub, page.ctx)
    page.cookies.append((SIGN_UP_COOKIE, ticket.ticket, store.SIGN_UP_SECONDS))
    return flow.redirect(
        page.url("/confirmUser", username=username, destination=details["Destination"])
    )


# ------------------------------------------------------------------------- /confirmUser


def confirm_user(service: Service, request: Request, domain: str | None = None) -> Response:
    """The sign-up code page (GET form, POST ConfirmSignUp or resend), or the
    CONFIRM_WITH_LINK link (GET with ``confirmation_code``)."""
    if request.method == "GET" and "confirmation_code" in request.args:
        return _confirm_by_link(service, request, domain)
    return flow.serve(service, request, domain, _confirm)


def _confirm(page: Page) -> Response:
    form = page.request.form
    username = (form.get("username") or page.req.query.get("username") or "").strip()
    then = "Enter it below to confirm your account."

    def show(error: str = "", destination: str | None = None) -> Response:
        prompt = _sent_to(page, "a code", then, destination)
        return pages.confirm(_here(page), page.csrf, username, prompt, error)

    if page.request.method == "GET":
        return show()
    pool, client = page.req.pool, page.req.client
    if form.get("action") == "resend":
        try:
            out = accounts.resend_code(page.service, client, username, page.ctx)
        except CognitoError as exc:
            return show(exc.message)
        return show(destination=out["CodeDeliveryDetails"]["Destination"])
    code = form.get("code", "").strip()
    try:
        accounts.confirm_sign_up(page.service, client, username, code, page.ctx)
    except CognitoError as exc:
        return show(exc.message)
    user = lookups.find_user(pool, username)
    ticket = page.request.cookies.get(SIGN_UP_COOKIE)
    page.cookies.append((SIGN_UP_COOKIE, "", 0))
    login_page = flow.redirect(page.url("/login"))
    if user is None or not store.take_sign_up_ticket(page.state, ticket, pool, user, page.ctx):
        return login_page  # confirmed from another browser: sign in as usual
    outcome = login.after_sign_up(page.state, pool, client, user, page.ctx)
    return page.outcome(outcome, lambda error: login_page)


def _confirm_by_link(service: Service, request: Request, domain: str | None) -> Response:
    """The link of a CONFIRM_WITH_LINK email: ``client_id``, ``user_name``,
    ``confirmation_code`` (messages.confirmation_link). It confirms and says so."""
    ctx = service.context()
    args = flow.query_args(request)
    with service.lock:
        try:
            hint, prefix = flow.resolve(service.state, request, domain)
        except flow.UnknownDomain:
            return pages.error("invalid_request", status=404)
        client = oauth2.find_client(service.state, args.get("client_id", ""), hint)
        if client is None:
            return flow.error_redirect(prefix, "invalid_request", args.get("client_id", ""))
        try:
            accounts.confirm_sign_up(
                service, client, args.get("user_name", ""), args["confirmation_code"], ctx
            )
        except CognitoError as exc:
            return pages.error(exc.code, exc.message)
    return pages.message("Account confirmed", LINK_CONFIRMED)


# ------------------------------------------------------- /forgotPassword, its code page


def forgot_password(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET: who forgot it; POST: ForgotPassword, then the code page."""
    return flow.serve(service, request, domain, _forgot)


def _forgot(page: Page) -> Response:
    pool, client = page.req.pool, page.req.client
    if not accounts.recovery_allowed(pool):
        return pages.error("invalid_request")
    label = accounts.username_label(pool)
    username = page.request.form.get("username", "").strip()

    def show(error: str = "") -> Response:
        action = page.url("/forgotPassword")
        return pages.forgot(action, page.csrf, label, page.url("/login"), username, error)

    if page.request.method == "GET":
        return show()
    try:
        out = accounts.forgot_password(page.service, client, username, page.ctx)
    except CognitoError as exc:
        return show(exc.message)
    destination = out["CodeDeliveryDetails"]["Destination"]
    return flow.redirect(
        page.url("/confirmForgotPassword", username=username, destination=destination)
    )


def confirm_forgot_password(
    service: Service, request: Request, domain: str | None = None
) -> Response:
    """GET: the code and new-password form; POST: ConfirmForgotPassword, then /login."""
    return flow.serve(service, request, domain, _reset)


def _reset(page: Page) -> Response:
    if not accounts.recovery_allowed(page.req.pool):
        return pages.error("invalid_request")
    form = page.request.form
    username = (form.get("username") or page.req.query.get("username") or "").strip()

    def show(error: str = "") -> Response:
        then = "Enter it below to reset your password."
        prompt = _sent_to(page, "a password reset code", then)
        return pages.reset(_here(page), page.csrf, username, prompt, error)

    if page.request.method == "GET":
        return show()
    if form.get("password", "") != form.get("confirm", ""):
        return show("Passwords do not match")
    try:
        accounts.confirm_forgot_password(
            page.service,
            page.req.client,
            username,
            form.get("code", "").strip(),
            form.get("password", ""),
            page.ctx,
        )
    except CognitoError as exc:
        return show(exc.message)
    return flow.redirect(page.url("/login"))
