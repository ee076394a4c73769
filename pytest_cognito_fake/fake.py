"""``CognitoFake``: the face a test sees — seed helpers, error injection, the call log, the
outbox, and a boto3 client bound to the fake."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import errors
from .api import _signin, _tokens
from .calls import CallLog
from .faults import FaultRule, When, make_rule
from .outbox import Outbox, outbox_of
from .service import Service
from .state.store import AppClient as AppClientRecord
from .state.store import State
from .state.store import User as UserRecord
from .state.store import UserPool as UserPoolRecord

_boto3_clients: dict[tuple[str, str], Any] = {}
_boto3_lock = threading.Lock()

#: Short flow names a test may use in ``create_client(flows=[...])``.
_FLOW_ALIASES = {
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "USER_AUTH": "ALLOW_USER_AUTH",
}


@dataclass(frozen=True)
class Tokens:
    """What a successful sign-in returns."""

    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Tokens:
        return cls(
            result["AccessToken"],
            result["IdToken"],
            result.get("RefreshToken"),
            int(result["ExpiresIn"]),
        )


class User:
    """A user of a seeded pool. ``record`` is the fake's live record of it."""

    def __init__(self, fake: CognitoFake, pool: Pool, username: str) -> None:
        self._fake = fake
        self.pool = pool
        self.username = username

    @property
    def record(self) -> UserRecord:
        return self.pool.record.users[self.username]

    @property
    def sub(self) -> str:
        return self.record.sub

    @property
    def attributes(self) -> dict[str, str]:
        return dict(self.record.attributes)

    @property
    def status(self) -> str:
        return self.record.status

    def sign_in(self, client: AppClient) -> Tokens:
        """Tokens as after a successful sign-in on ``client`` (no flow checks, no MFA)."""
        service = self._fake.service
        ctx = service.context("AdminInitiateAuth")
        with service.lock:
            pool, user = self.pool.record, self.record
            signin = _signin.SignIn(service.state, pool, client.record, ctx, {}, admin=True)
            result = _signin.issue(signin, user)
        return Tokens.from_result(result["AuthenticationResult"])

    def __repr__(self) -> str:
        return f"<User {self.username} of {self.pool.id}>"


class AppClient:
    """An app client of a seeded pool (the boto3 client is ``boto3_client()``)."""

    def __init__(self, fake: CognitoFake, pool: Pool, client_id: str) -> None:
        self._fake = fake
        self.pool = pool
        self.id = client_id

    @property
    def record(self) -> AppClientRecord:
        return self.pool.record.clients[self.id]

    @property
    def secret(self) -> str | None:
        return self.record.secret

    @property
    def name(self) -> str:
        return self.record.name

    def secret_hash(self, username: str) -> str | None:
        """The SECRET_HASH a client computes for ``username`` (None without a secret)."""
        secret = self.secret
        return None if secret is None else _signin.secret_hash(secret, username, self.id)

    def __repr__(self) -> str:
        return f"<AppClient {self.name} {self.id}>"


class Pool:
    """A seeded user pool."""

    def __init__(self, fake: CognitoFake, pool_id: str) -> None:
        self._fake = fake
        self.id = pool_id

    @property
    def record(self) -> UserPoolRecord:
        return self._fake.service.state.pools[self.id]

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def arn(self) -> str:
        return self.record.arn

    @property
    def issuer(self) -> str:
        """The ``iss`` of this pool's tokens."""
        return self._fake.service.context().issuer(self.id)

    @property
    def jwks_url(self) -> str:
        return f"{self._fake.url}/{self.id}/.well-known/jwks.json"

    @property
    def users(self) -> dict[str, UserRecord]:
        return self.record.users

    def create_client(
        self,
        name: str = "app",
        *,
        flows: Iterable[str] | None = None,
        secret: bool = False,
        **members: Any,
    ) -> AppClient:
        """An app client. ``flows`` takes ExplicitAuthFlows, with or without ``ALLOW_``;
        other CreateUserPoolClient members pass through (``PreventUserExistenceErrors=...``)."""
        req: dict[str, Any] = {"UserPoolId": self.id, "ClientName": name, **members}
        if flows is not None:
            req["ExplicitAuthFlows"] = [_FLOW_ALIASES.get(f, f) for f in flows]
            if "ALLOW_REFRESH_TOKEN_AUTH" not in req["ExplicitAuthFlows"]:
                req["ExplicitAuthFlows"].append("ALLOW_REFRESH_TOKEN_AUTH")
        if secret:
            req["GenerateSecret"] = True
        out = self._fake.call("CreateUserPoolClient", req)
        return AppClient(self._fake, self, out["UserPoolClient"]["ClientId"])

    def create_user(
        self,
        username: str,
        password: str | None = None,
        *,
        status: str | None = None,
        enabled: bool = True,
        attributes: dict[str, str] | None = None,
        **attrs: str,
    ) -> User:
        """A user. With a password it is CONFIRMED (``status="FORCE_CHANGE_PASSWORD"`` makes
        it temporary; ``status="UNCONFIRMED"`` as after SignUp). Attributes as keywords
        (``email="a@b.c"``) or in ``attributes`` for names like ``custom:plan``."""
        merged = {**(attributes or {}), **attrs}
        if merged.get("email") and "email_verified" not in merged:
            merged["email_verified"] = "true"
        if merged.get("phone_number") and "phone_number_verified" not in merged:
            merged["phone_number_verified"] = "true"
        req: dict[str, Any] = {
            "UserPoolId": self.id,
            "Username": username,
            "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": k, "Value": str(v)} for k, v in merged.items()],
        }
        target = status or ("CONFIRMED" if password else "FORCE_CHANGE_PASSWORD")
        if password and target == "FORCE_CHANGE_PASSWORD":
            req["TemporaryPassword"] = password
        out = self._fake.call("AdminCreateUser", req)
        internal = out["User"]["Username"]
        service = self._fake.service
        with service.lock:
            record = self.record.users[internal]
            if password and target != "FORCE_CHANGE_PASSWORD":
                record.password = password
            record.status = target
            record.enabled = enabled
        return User(self._fake, self, internal)

    def user(self, username: str) -> User:
        """A handle on an existing user (by username, or alias where the pool allows)."""
        from .state import lookups

        with self._fake.service.lock:
            record = lookups.get_user(self._fake.service.state, self.id, username)
        return User(self._fake, self, record.username)

    def __repr__(self) -> str:
        return f"<Pool {self.name} {self.id}>"


class CognitoFake:
    """The in-memory Cognito of one test."""

    def __init__(self, service: Service, url: str) -> None:
        self.service = service
        self.url = url

    @property
    def region(self) -> str:
        return self.service.config.region

    @property
    def state(self) -> State:
        """Everything the fake holds (read it; change it only if you know why)."""
        return self.service.state

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run an operation in-process (validated, but not logged and never faulted)."""
        return self.service.invoke(operation, params, self.service.context(operation))

    def boto3_client(self, **kwargs: Any) -> Any:
        """A boto3 ``cognito-idp`` client bound to the fake (cached: creating one costs ~50 ms)."""
        import boto3
        import botocore.config

        region = kwargs.pop("region_name", self.region)
        key = (self.url, region) if not kwargs else None
        if key is not None and key in _boto3_clients:
            return _boto3_clients[key]
        with _boto3_lock:
            client = boto3.session.Session().client(
                "cognito-idp",
                region_name=region,
                endpoint_url=self.url,
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                config=kwargs.pop(
                    "config", botocore.config.Config(retries={"mode": "legacy", "max_attempts": 5})
                ),
                **kwargs,
            )
            if key is not None:
                _boto3_clients[key] = client
        return client

    def create_user_pool(self, name: str = "pool", **members: Any) -> Pool:
        """A user pool; CreateUserPool members pass through (``UsernameAttributes=["email"]``)."""
        out = self.call("CreateUserPool", {"PoolName": name, **members})
        return Pool(self, out["UserPool"]["Id"])

    def pool(self, pool_id: str) -> Pool:
        if pool_id not in self.service.state.pools:
            raise errors.ResourceNotFoundException(f"User pool {pool_id} does not exist.")
        return Pool(self, pool_id)

    def fail(
        self,
        operation: str,
        error: str,
        message: str | None = None,
        *,
        times: int | None = None,
        when: When | None = None,
        unmodeled: bool = False,
    ) -> FaultRule:
        """Answer ``operation`` with ``error`` (``times`` times, or for ever; only requests for
        which ``when(request)`` is true). Usable as a context manager."""
        return make_rule(self.service.faults, operation, error, message, times, when, unmodeled)

    def calls(self, operation: str | None = None) -> CallLog:
        """The calls that reached the fake over the wire, oldest first."""
        return self.service.calls.of(operation)

    @property
    def outbox(self) -> Outbox:
        """Every email and SMS the service sent in this test."""
        return outbox_of(self.service.state)

    def jwks(self, pool: Pool | str) -> dict[str, Any]:
        pool_id = pool.id if isinstance(pool, Pool) else pool
        return {"keys": _tokens.jwks(pool_id)}
