"""The service: state, lock, fault rules, call log, and ``invoke`` — one request's life.

Both the HTTP app and the test-side helpers go through ``invoke``, so seeding runs the same
validation and code as a boto3 call.
"""

from __future__ import annotations

import threading
import traceback
import uuid
from dataclasses import dataclass
from typing import Any

from . import api, clock, errors, model
from .api._registry import Handler
from .calls import BoundedCallLog, Call
from .context import Ctx, Lambdas
from .core import recovery, secondary
from .faults import FaultRule, pick
from .http import aws_hosts
from .state.store import State


@dataclass
class Config:
    region: str = "us-east-1"
    account: str = "123456789012"
    #: "local": tokens' iss is the fake's URL + pool id (discovery works);
    #: "aws": https://cognito-idp.<region>.amazonaws.com/<pool id>.
    issuer: str = "local"


class Service:
    """One in-memory Cognito. Thread-safe: one lock serialises operations."""

    def __init__(self, config: Config | None = None, url: str = "http://127.0.0.1") -> None:
        self.config = config or Config()
        self.url = url
        #: API name -> handler, filled as operations are first called (``_handler``).
        self.operations: dict[str, Handler] = {}
        self.lock = threading.RLock()
        self.state = State()
        #: The test's Lambda triggers (code, so not in the state).
        self.lambdas = Lambdas()
        self.faults: list[FaultRule] = []
        self.calls = BoundedCallLog()
        #: Tracebacks of exceptions that escaped an operation: bugs in the fake.
        self.bugs: list[str] = []

    def reset(self) -> None:
        """A clean service, as at start (the server and the keys stay)."""
        with self.lock:
            self.state = State()
            self.lambdas = Lambdas()
            self.faults.clear()
            self.calls.clear()
            self.bugs.clear()

    def context(
        self,
        operation: str = "",
        headers: dict[str, str] | None = None,
        request_id: str | None = None,
    ) -> Ctx:
        headers = headers or {}
        return Ctx(
            now=clock.now(),
            region=_region_of(headers)
            or aws_hosts.service_region(headers.get("host", ""))
            or self.config.region,
            account=self.config.account,
            base_url=self.url,
            request_id=request_id or str(uuid.uuid4()),
            operation=operation,
            issuer_mode=self.config.issuer,
            lambdas=self.lambdas,
            user_agent=headers.get("user-agent", "")[:1024],
            signed="authorization" in headers,
        )

    def invoke(
        self, operation: str, params: Any, ctx: Ctx, *, wire: bool = False
    ) -> dict[str, Any]:
        """Run one operation; raise CognitoError as the service would answer it.

        ``wire`` marks calls from a client: only those meet injected faults and are logged.
        """
        ctx.operation = operation
        request = params if isinstance(params, dict) else {}
        try:
            result = self._run(operation, params, ctx, wire)
        except errors.CognitoError as exc:
            if wire:
                self.calls.add(Call(operation, request, None, exc.code, ctx.now), ctx.request_bytes)
            raise
        if wire:
            self.calls.add(Call(operation, request, result, None, ctx.now), ctx.request_bytes)
        return result

    def _handler(self, operation: str) -> Handler | None:
        handler = self.operations.get(operation)
        if handler is None:
            # A handler a test put in place (or took out) stays as it is.
            for name, loaded in api.load(operation).items():
                self.operations.setdefault(name, loaded)
            handler = self.operations.get(operation)
        return handler

    def _run(self, operation: str, params: Any, ctx: Ctx, wire: bool) -> dict[str, Any]:
        handler = self._handler(operation)
        if operation not in model.operation_names():
            raise model.unknown_operation(operation)
        request = model.validate(operation, params)
        ctx.client_id = request.get("ClientId")
        ctx.client_metadata = dict(request.get("ClientMetadata") or {})
        if wire:
            rule = pick(self.faults, operation, request)
            if rule is not None:
                raise rule.make_error()
        if handler is None:
            raise model.unknown_operation(operation)
        try:
            with self.lock:
                recovery.before_operation(self.state, operation, request, ctx.now)
                secondary.check(self.state, operation, request, ctx)
                result = handler(self.state, request, ctx)
            # What goes to a client is checked against the output shape; seeding calls made
            # in-process (wire=False) skip it, to keep the per-test cost low.
            return model.check_output(operation, result) if wire else result
        except errors.CognitoError:
            raise
        except Exception:
            self.bugs.append(f"{operation}:\n{traceback.format_exc()}")
            raise errors.InternalErrorException() from None


def _region_of(headers: dict[str, str]) -> str | None:
    """The region from a SigV4 credential scope: Credential=AKID/date/<region>/service/..."""
    auth = headers.get("authorization", "")
    marker = "Credential="
    if marker not in auth:
        return None
    scope = auth.split(marker, 1)[1].split(",", 1)[0].split("/")
    return scope[2] if len(scope) >= 5 else None
