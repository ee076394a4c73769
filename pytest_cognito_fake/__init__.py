"""pytest-cognito-fake: a faithful, fast, in-memory Amazon Cognito user-pools service."""

from __future__ import annotations

from . import errors
from .calls import Call, CallLog
from .errors import CognitoError
from .fake import AppClient, CognitoFake, Pool, Tokens, User
from .faults import FaultRule
from .hosted_ui.agent import HostedUI, HostedUIError
from .outbox import Message, Outbox

__version__ = "0.1.0"

__all__ = [
    "AppClient",
    "Call",
    "CallLog",
    "CognitoError",
    "CognitoFake",
    "FaultRule",
    "HostedUI",
    "HostedUIError",
    "Message",
    "Outbox",
    "Pool",
    "Tokens",
    "User",
    "__version__",
    "errors",
]
