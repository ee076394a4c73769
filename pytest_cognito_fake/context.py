"""The request context an operation receives: the time, the region, who is calling, and
the Lambda code the test registered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A Lambda trigger's code: ``fn(event)`` or ``fn(event, context)``.
Trigger = Callable[..., Any]


@dataclass
class Lambdas:
    """The code of the test's Lambda triggers: by pool and trigger name, and by Lambda ARN.
    Kept beside the state, not in it (the state holds data only); reset with it."""

    by_pool: dict[str, dict[str, Trigger]] = field(default_factory=dict)
    by_arn: dict[str, Trigger] = field(default_factory=dict)


@dataclass
class Ctx:
    now: float  # clock.now(), read once per request
    region: str = "us-east-1"
    account: str = "123456789012"
    #: The fake's base URL as the client reached it (scheme://host:port), no trailing slash.
    base_url: str = "http://127.0.0.1"
    request_id: str = ""
    operation: str = ""
    source_ip: str = "127.0.0.1"
    #: "local" (base URL + pool id) or "aws" (https://cognito-idp.<region>.amazonaws.com).
    issuer_mode: str = "local"
    #: Size of the request body on the wire (the call log's bound counts it).
    request_bytes: int = 0
    #: The caller's User-Agent (session tracking's DeviceType); "" when none was sent.
    user_agent: str = ""
    #: Whether the request carried a SigV4 Authorization header (IAM-authorised).
    signed: bool = False
    lambdas: Lambdas = field(default_factory=Lambdas)
    #: The request's ClientId and ClientMetadata, for the Lambda triggers that report them
    #: (CustomMessage's callerContext.clientId and request.clientMetadata).
    client_id: str | None = None
    client_metadata: dict[str, str] = field(default_factory=dict)

    def issuer(self, pool_id: str, *, updated: bool = False) -> str:
        """The ``iss`` of a pool's tokens. In "aws" mode an IssuerConfiguration of type
        UPDATED gives AWS's newer form (``issuer-cognito-idp.<region>...``); the local issuer
        is the fake's URL either way (it has no host of its own to vary)."""
        region = pool_id.split("_", 1)[0]
        if self.issuer_mode == "aws":
            host = "issuer-cognito-idp" if updated else "cognito-idp"
            return f"https://{host}.{region}.amazonaws.com/{pool_id}"
        return f"{self.base_url}/{pool_id}"
