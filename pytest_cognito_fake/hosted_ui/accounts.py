"""The self-service pages' calls into the API: SignUp, ConfirmSignUp, ResendConfirmationCode,
ForgotPassword, ConfirmForgotPassword, AssociateSoftwareToken and VerifySoftwareToken run
through ``Service.invoke`` (validated like a boto3 call, never logged or faulted), so codes,
the outbox, the password policy, triggers and error texts are exactly the API's.

The hosted UI holds the app client's secret and signs for the user (SecretHash), as AWS's
own pages do. No HTTP here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..context import Ctx
from ..core.signin import attempt
from ..service import Service
from ..state.store import AppClient, UserPool

SIGN_UP_NOT_PERMITTED = "SignUp is not permitted for this user pool"
#: Labels of the standard attributes the sign-up form may ask for.
LABELS = {
    "email": "Email",
    "phone_number": "Phone Number",
    "name": "Name",
    "given_name": "Given Name",
    "family_name": "Family Name",
    "middle_name": "Middle Name",
    "nickname": "Nickname",
    "preferred_username": "Preferred Username",
    "birthdate": "Birthdate",
    "address": "Address",
    "gender": "Gender",
    "locale": "Locale",
    "picture": "Picture",
    "profile": "Profile",
    "website": "Website",
    "zoneinfo": "Zoneinfo",
    "updated_at": "Updated At",
}
INPUT_TYPES = {"email": "email", "phone_number": "tel", "password": "password"}


@dataclass(frozen=True)
class Field:
    """One attribute input of the sign-up form."""

    name: str
    label: str
    required: bool
    input_type: str = "text"


def sign_up_allowed(pool: UserPool) -> bool:
    return not (pool.settings.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly")


def recovery_allowed(pool: UserPool) -> bool:
    """Self-service reset, unless AccountRecoverySetting says ``admin_only``."""
    mechanisms = (pool.settings.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms")
    return not any(m.get("Name") == "admin_only" for m in mechanisms or [])


def username_label(pool: UserPool) -> str:
    names = pool.settings.get("UsernameAttributes") or []
    if names == ["email"]:
        return "Email"
    if names == ["phone_number"]:
        return "Phone Number"
    return "Email or Phone Number" if names else "Username"


def sign_up_fields(pool: UserPool) -> list[Field]:
    """Email (always offered) and every other required schema attribute, except those the
    username itself stands for (an email-username pool takes the email from the username)."""
    by_username = set(pool.settings.get("UsernameAttributes") or [])
    required = [
        entry["Name"]
        for entry in pool.settings.get("SchemaAttributes", [])
        if entry.get("Required") and entry["Name"] != "sub"
    ]
    names = list(dict.fromkeys(["email", *required]))
    return [
        Field(
            name,
            LABELS.get(name, name.removeprefix("custom:")),
            name in required,
            INPUT_TYPES.get(name, "text"),
        )
        for name in names
        if name not in by_username
    ]


def form_attributes(pool: UserPool, form: Any) -> list[dict[str, str]]:
    """UserAttributes from the form's ``requiredAttributes[<name>]`` inputs (filled ones)."""
    out = []
    for field in sign_up_fields(pool):
        value = str(form.get(f"requiredAttributes[{field.name}]", "")).strip()
        if value:
            out.append({"Name": field.name, "Value": value})
    return out


def _client_request(client: AppClient, username: str, **members: Any) -> dict[str, Any]:
    req: dict[str, Any] = {"ClientId": client.client_id, "Username": username, **members}
    if client.secret:
        req["SecretHash"] = attempt.secret_hash(client.secret, username, client.client_id)
    return req


def sign_up(
    service: Service,
    client: AppClient,
    username: str,
    password: str,
    attributes: list[dict[str, str]],
    ctx: Ctx,
) -> dict[str, Any]:
    members: dict[str, Any] = {}
    if password:
        members["Password"] = password
    if attributes:
        members["UserAttributes"] = attributes
    return service.invoke("SignUp", _client_request(client, username, **members), ctx)


def confirm_sign_up(
    service: Service, client: AppClient, username: str, code: str, ctx: Ctx
) -> dict[str, Any]:
    req = _client_request(client, username, ConfirmationCode=code)
    return service.invoke("ConfirmSignUp", req, ctx)


def resend_code(service: Service, client: AppClient, username: str, ctx: Ctx) -> dict[str, Any]:
    return service.invoke("ResendConfirmationCode", _client_request(client, username), ctx)


def forgot_password(service: Service, client: AppClient, username: str, ctx: Ctx) -> dict[str, Any]:
    return service.invoke("ForgotPassword", _client_request(client, username), ctx)


def confirm_forgot_password(
    service: Service, client: AppClient, username: str, code: str, password: str, ctx: Ctx
) -> dict[str, Any]:
    req = _client_request(client, username, ConfirmationCode=code, Password=password)
    return service.invoke("ConfirmForgotPassword", req, ctx)


def associate_software_token(service: Service, session: str, ctx: Ctx) -> str:
    """A new secret for the MFA_SETUP sign-in ``session``; returns the renewed Session."""
    out = service.invoke("AssociateSoftwareToken", {"Session": session}, ctx)
    return str(out["Session"])


def verify_software_token(
    service: Service, session: str, code: str, device_name: str, ctx: Ctx
) -> str:
    """The first code of the new token; returns the renewed Session."""
    req: dict[str, Any] = {"Session": session, "UserCode": code}
    if device_name:
        req["FriendlyDeviceName"] = device_name
    out = service.invoke("VerifySoftwareToken", req, ctx)
    return str(out["Session"])
