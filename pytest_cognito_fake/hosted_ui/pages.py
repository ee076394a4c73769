"""The hosted UI's HTML: a few ``string.Template`` files, every value HTML-escaped.

Field names and ids follow the classic hosted UI (``username``/``password``,
``signInFormUsername``, ``signInFormPassword``, ``signInSubmitButton``, ``_csrf``) so scripts
written against it find their way here too.
"""

from __future__ import annotations

import functools
from html import escape
from importlib import resources
from string import Template

from werkzeug.wrappers import Response

PROMPTS = {
    "NEW_PASSWORD_REQUIRED": ("Change Password", "Please enter a new password.", "Send"),
    "SMS_MFA": ("Verify", "We have sent a code by SMS. Enter it to sign in.", "Sign in"),
    "EMAIL_OTP": ("Verify", "We have sent a code by email. Enter it to sign in.", "Sign in"),
    "SOFTWARE_TOKEN_MFA": (
        "Verify",
        "Enter the code from your authenticator app.",
        "Sign in",
    ),
}
ERROR_TEXT = "An error was encountered with the requested page."


@functools.cache
def _template(name: str) -> Template:
    text = resources.files(__package__).joinpath("templates").joinpath(name).read_text("utf-8")
    return Template(text)


def _page(title: str, body: str, status: int = 200) -> Response:
    html = _template("base.html").substitute(title=escape(title), body=body)
    response = Response(html, status=status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_block(message: str, element_id: str = "loginErrorMessage") -> str:
    if not message:
        return ""
    return f'<p id="{element_id}" class="errorMessage">{escape(message)}</p>'


def login(
    action: str,
    csrf: str,
    *,
    error: str = "",
    username: str = "",
    signed_in_as: str = "",
    signup_url: str = "",
    forgot_url: str = "",
) -> Response:
    """The sign-in form; with a live session, a "Sign in as <user>" button above it."""
    cont = ""
    if signed_in_as:
        cont = _template("continue.html").substitute(
            action=escape(action), csrf=escape(csrf), username=escape(signed_in_as)
        )
    forgot = (
        f'<p><a id="forgotPasswordLink" href="{escape(forgot_url)}">Forgot your password?</a></p>'
    )
    signup = f'<p>Need an account? <a id="signUpLink" href="{escape(signup_url)}">Sign up</a></p>'
    body = _template("login.html").substitute(
        continue_block=cont,
        action=escape(action),
        csrf=escape(csrf),
        error_block=_error_block(error),
        username=escape(username),
        forgot_link=forgot if forgot_url else "",
        signup_link=signup if signup_url else "",
    )
    return _page("Sign in", body, status=200)


def challenge(action: str, csrf: str, name: str, session: str, error: str = "") -> Response:
    """The page after the password: a new password, or an MFA code."""
    title, prompt, button = PROMPTS[name]
    if name == "NEW_PASSWORD_REQUIRED":
        fields = (
            '<label for="new_password">New Password</label>'
            '<input id="new_password" name="answer" type="password" autocomplete="new-password">'
            '<label for="confirm_password">Enter New Password Again</label>'
            '<input id="confirm_password" name="confirm" type="password">'
        )
    else:
        fields = (
            '<label for="mfaCode">Code</label>'
            '<input id="mfaCode" name="answer" type="text" inputmode="numeric"'
            ' autocomplete="one-time-code">'
        )
    body = _template("challenge.html").substitute(
        action=escape(action),
        csrf=escape(csrf),
        session=escape(session),
        challenge=escape(name),
        prompt=escape(prompt),
        error_block=_error_block(error, "challengeErrorMessage"),
        fields=fields,
        button=escape(button),
    )
    return _page(title, body)


def error(error: str, message: str = ERROR_TEXT, status: int = 400) -> Response:
    body = _template("error.html").substitute(message=escape(message), error=escape(error))
    return _page("Error", body, status=status)


def not_built(what: str) -> Response:
    """Pages the fake does not serve (sign-up, forgot password): say so plainly."""
    return error("not_implemented", f"The fake's hosted UI has no {what} page.", status=501)
