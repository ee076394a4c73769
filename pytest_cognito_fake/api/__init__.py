"""The operations, one module per area of the API. ``load_all`` builds the table of them from
the list below (imported on first use: the plugin loads none of this until a test runs)."""

from __future__ import annotations

import importlib

from ._registry import Handler, table

#: Every module that defines operations.
MODULES = (
    "account",
    "auth",
    "auth_events",
    "branding",
    "certificates",
    "cimd",
    "client_secrets",
    "client_tokens",
    "clients",
    "devices",
    "domains",
    "groups",
    "idp",
    "import_jobs",
    "limits",
    "mfa",
    "pools",
    "recovery",
    "replicas",
    "resource_servers",
    "sessions",
    "settings",
    "sign_out",
    "signup",
    "tags",
    "terms",
    "user_auth",
    "users",
    "verification",
    "webauthn",
)


def load_all() -> dict[str, Handler]:
    """API name -> the function that serves it."""
    return table(importlib.import_module(f"{__name__}.{name}") for name in MODULES)
