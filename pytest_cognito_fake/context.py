"""The request context an operation receives: the time, the region, who is calling."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    headers: dict[str, str] = field(default_factory=dict)
    #: Settings of the service (see service.Config) that operations may read.
    config: Any = None
    #: Size of the request body on the wire (the call log's bound counts it).
    request_bytes: int = 0

    def issuer(self, pool_id: str) -> str:
        region = pool_id.split("_", 1)[0]
        if self.issuer_mode == "aws":
            return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"
        return f"{self.base_url}/{pool_id}"
