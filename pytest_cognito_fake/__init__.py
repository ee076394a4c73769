"""pytest-cognito-fake: a faithful, fast, in-memory Amazon Cognito user-pools service.

pytest imports this package (for the plugin) in every run of a project that has it installed,
whether a test uses the fake or not; so the public names below load on first access, and a run
that never touches them pays nothing for werkzeug, cryptography or botocore.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import errors
    from .calls import Call, CallLog
    from .core.triggers import LambdaContext
    from .errors import CognitoError
    from .fake import AppClient, CognitoFake, Pool, Tokens, User
    from .faults import FaultRule
    from .hosted_ui.agent import AuthorizeResult, HostedUI, HostedUIError, OAuthTokens
    from .outbox import Message, Outbox
    from .seed import Seeded

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_HOMES = {
    "AppClient": ".fake",
    "AuthorizeResult": ".hosted_ui.agent",
    "Call": ".calls",
    "CallLog": ".calls",
    "CognitoError": ".errors",
    "CognitoFake": ".fake",
    "FaultRule": ".faults",
    "HostedUI": ".hosted_ui.agent",
    "HostedUIError": ".hosted_ui.agent",
    "LambdaContext": ".core.triggers",
    "Message": ".outbox",
    "OAuthTokens": ".hosted_ui.agent",
    "Outbox": ".outbox",
    "Pool": ".fake",
    "Seeded": ".seed",
    "Tokens": ".fake",
    "User": ".fake",
}


def __getattr__(name: str) -> Any:
    if name == "errors":
        return importlib.import_module(".errors", __name__)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "AppClient",
    "AuthorizeResult",
    "Call",
    "CallLog",
    "CognitoError",
    "CognitoFake",
    "FaultRule",
    "HostedUI",
    "HostedUIError",
    "LambdaContext",
    "Message",
    "OAuthTokens",
    "Outbox",
    "Pool",
    "Seeded",
    "Tokens",
    "User",
    "__version__",
    "errors",
]
