"""The hosted UI's HTML: a few ``string.Template`` files, every value HTML-escaped.

Field names and ids follow the classic hosted UI (``username``/``password``,
``signInFormUsername``, ``signInFormPassword``, ``signInSubmitButton``, ``_csrf``) so scripts
written against it find their way here too. The sign-up form's attribute inputs are named
``requiredAttributes[<name>]``; the other ids are the fake's own and stable (tests use them).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from html import escape
from importlib import resources
from string import Template
from urllib.parse import quote, urlencode

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
    "SELECT_MFA_TYPE": ("Verify", "Choose how you want to receive your sign-in code.", "Continue"),
    "MFA_SETUP": (
        "Set up MFA",
        "Add this secret key to your authenticator app, then enter the code it shows.",
        "Sign in",
    ),
}
#: How the MFA choice page names each factor.
FACTOR_LABELS = {
    "SMS_MFA": "Text message (SMS)",
    "SOFTWARE_TOKEN_MFA": "Authenticator app",
    "EMAIL_OTP": "Email",
}
ERROR_TEXT = "An error was encountered with the requested page."


@functools.cache
def _template(name: str) -> Template:
    text = resources.files(__package__).joinpath("templates").joinpath(name).read_text("utf-8")
    return Template(text)


#: The languages of managed login's pages (developer guide); ``lang`` picks one.
LANGUAGES = ("de", "en", "es", "fr", "id", "it", "ja", "ko", "pt-BR", "zh-CN", "zh-TW")
DEFAULT_LANGUAGE = "en"


def language(asked: str | None, remembered: str | None) -> str:
    """The page language: ``lang`` of the request, else the ``lang`` cookie, else English
    (the fake's texts stay English; the page says which language was chosen)."""
    for value in (asked, remembered):
        if value in LANGUAGES:
            return str(value)
    return DEFAULT_LANGUAGE


def set_language(response: Response, lang: str) -> None:
    """Mark an HTML page of ours with ``lang`` (``<html lang>``)."""
    if response.mimetype != "text/html" or lang == DEFAULT_LANGUAGE:
        return
    html = response.get_data(as_text=True)
    marker = f'<html lang="{DEFAULT_LANGUAGE}">'
    response.set_data(html.replace(marker, f'<html lang="{escape(lang)}">', 1))


def _page(title: str, body: str, status: int = 200) -> Response:
    html = _template("base.html").substitute(title=escape(title), body=body, lang=DEFAULT_LANGUAGE)
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
    providers: Sequence[tuple[str, str]] = (),
) -> Response:
    """The sign-in form; with a live session, a "Sign in as <user>" button above it; a link
    per identity provider of the client ((name, authorize URL)) as AWS's buttons."""
    cont = _idp_links(providers)
    if signed_in_as:
        cont += _template("continue.html").substitute(
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


def _idp_links(providers: Sequence[tuple[str, str]]) -> str:
    if not providers:
        return ""
    links = "".join(
        f'<p><a class="idpButton" id="idp-{escape(name)}" href="{escape(url)}">'
        f"Continue with {escape(name)}</a></p>"
        for name, url in providers
    )
    return f"{links}<p>or</p>"


_CODE_INPUT = (
    '<label for="mfaCode">Code</label>'
    '<input id="mfaCode" name="answer" type="text" inputmode="numeric"'
    ' autocomplete="one-time-code">'
)


def _challenge_fields(name: str, choices: Sequence[str], secret: str, account: str) -> str:
    if name == "NEW_PASSWORD_REQUIRED":
        return (
            '<label for="new_password">New Password</label>'
            '<input id="new_password" name="answer" type="password" autocomplete="new-password">'
            '<label for="confirm_password">Enter New Password Again</label>'
            '<input id="confirm_password" name="confirm" type="password">'
        )
    if name == "SELECT_MFA_TYPE":
        return "".join(
            f'<p><input type="radio" id="mfaType_{escape(c)}" name="answer" value="{escape(c)}"'
            f"{' checked' if i == 0 else ''}>"
            f' <label for="mfaType_{escape(c)}" style="display:inline">'
            f"{escape(FACTOR_LABELS.get(c, c))}</label></p>"
            for i, c in enumerate(choices)
        )
    if name == "MFA_SETUP":
        # The otpauth URI is what AWS's page shows as a QR code; the label is the fake's.
        uri = f"otpauth://totp/{quote(account)}?" + urlencode(
            {"secret": secret, "issuer": account.split(":", 1)[0]}
        )
        return (
            f'<p>Secret key: <code id="totpSecret">{escape(secret)}</code></p>'
            f'<p><a id="totpUri" href="{escape(uri)}">{escape(uri)}</a></p>'
            + _CODE_INPUT
            + '<label for="deviceName">Device name (optional)</label>'
            '<input id="deviceName" name="device_name" type="text">'
        )
    return _CODE_INPUT


def challenge(
    action: str,
    csrf: str,
    name: str,
    session: str,
    error: str = "",
    *,
    choices: Sequence[str] = (),
    secret: str = "",
    account: str = "",
) -> Response:
    """The page after the password: a new password, an MFA code, the MFA choice, or the
    software-token setup (its secret and the first code)."""
    title, prompt, button = PROMPTS[name]
    fields = _challenge_fields(name, choices, secret, account)
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


def sign_up(
    action: str,
    csrf: str,
    *,
    username_label: str,
    fields: Sequence[tuple[str, str, bool, str]],
    login_url: str,
    values: dict[str, str] | None = None,
    error: str = "",
) -> Response:
    """The sign-up form: username, the attributes (name, label, required, input type),
    password. Attribute inputs are named ``requiredAttributes[<name>]``."""
    values = values or {}
    inputs = []
    for name, label, required, input_type in fields:
        key = f"requiredAttributes[{name}]"
        element = "attr-" + name.replace(":", "-")
        inputs.append(
            f'<label for="{escape(element)}">{escape(label)}</label>'
            f'<input id="{escape(element)}" name="{escape(key)}" type="{escape(input_type)}"'
            f' value="{escape(values.get(key, ""))}"{" required" if required else ""}>'
        )
    body = _template("signup.html").substitute(
        action=escape(action),
        csrf=escape(csrf),
        error_block=_error_block(error, "signUpErrorMessage"),
        username_label=escape(username_label),
        username=escape(values.get("username", "")),
        fields="".join(inputs),
        login_url=escape(login_url),
    )
    return _page("Sign up", body)


def confirm(action: str, csrf: str, username: str, prompt: str, error: str = "") -> Response:
    """/confirmUser: the code sent at sign-up, and a button to send another."""
    body = _template("confirm.html").substitute(
        action=escape(action),
        csrf=escape(csrf),
        prompt=escape(prompt),
        error_block=_error_block(error, "confirmErrorMessage"),
        username=escape(username),
    )
    return _page("Confirm your account", body)


def forgot(
    action: str, csrf: str, username_label: str, login_url: str, username: str = "", error: str = ""
) -> Response:
    """/forgotPassword: who forgot it."""
    body = _template("forgot.html").substitute(
        action=escape(action),
        csrf=escape(csrf),
        username_label=escape(username_label),
        username=escape(username),
        login_url=escape(login_url),
        error_block=_error_block(error, "forgotPasswordErrorMessage"),
    )
    return _page("Forgot your password?", body)


def reset(action: str, csrf: str, username: str, prompt: str, error: str = "") -> Response:
    """/confirmForgotPassword: the code and the new password (twice)."""
    body = _template("reset.html").substitute(
        action=escape(action),
        csrf=escape(csrf),
        prompt=escape(prompt),
        username=escape(username),
        error_block=_error_block(error, "resetPasswordErrorMessage"),
    )
    return _page("Reset your password", body)


def message(title: str, text: str, link: tuple[str, str] | None = None) -> Response:
    """A page that only says something (the account is confirmed...)."""
    anchor = ""
    if link is not None:
        anchor = f'<p><a id="continueLink" href="{escape(link[0])}">{escape(link[1])}</a></p>'
    body = _template("message.html").substitute(message=escape(text), link=anchor)
    return _page(title, body)


def fake_idp(action: str, provider: str, error: str = "") -> Response:
    """The simulated identity provider's page: who the external user is."""
    body = _template("fake_idp.html").substitute(
        action=escape(action),
        provider=escape(provider),
        error_block=_error_block(error, "fakeIdpErrorMessage"),
    )
    return _page(f"Sign in with {provider}", body)
