"""``CognitoFake``: the face a test sees — seed helpers, error injection, the call log, the
outbox, and a boto3 client bound to the fake."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from . import errors, model
from .calls import CallLog
from .context import Trigger
from .core import tokens, triggers
from .core.signin import attempt
from .core.signin.pipeline import API
from .faults import FaultRule, When, check_operation, make_rule, suggest
from .http.server import WSGIApp
from .outbox import Outbox
from .service import Service
from .state.store import AppClient as AppClientRecord
from .state.store import Replica, State
from .state.store import User as UserRecord
from .state.store import UserPool as UserPoolRecord

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from .hosted_ui.agent import HostedUI
    from .seed import Seeded

_boto3_clients: dict[tuple[str, str, bool], Any] = {}
_boto3_lock = threading.Lock()

#: Short flow names a test may use in ``create_client(flows=[...])``.
_FLOW_ALIASES = {
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "USER_AUTH": "ALLOW_USER_AUTH",
    "CLIENT_TOKEN_AUTH": "ALLOW_CLIENT_TOKEN_AUTH",
    "TOKEN_EXCHANGE_IMPERSONATION": "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
    "TOKEN_EXCHANGE_DELEGATION": "ALLOW_TOKEN_EXCHANGE_DELEGATION",
}

#: User statuses a seeded user may start in.
_SEED_STATUSES = ("CONFIRMED", "UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED")


def _members(operation: str, given: dict[str, Any]) -> dict[str, Any]:
    """Request members from keywords: the model's names (``UsernameAttributes``) or their
    snake_case (``username_attributes``); anything else is a TypeError naming close members."""
    shape = model.operation(operation).input_shape
    names = list(shape.members) if shape else []
    folded = {n.lower(): n for n in names}
    out: dict[str, Any] = {}
    for key, value in given.items():
        name = key if key in names else folded.get(key.replace("_", "").lower())
        if name is None:
            raise TypeError(f"{operation} has no member {key!r}.{suggest(key, names)}")
        out[name] = value
    return out


@dataclass(frozen=True)
class Tokens:
    """What a successful sign-in returns."""

    access_token: str
    id_token: str
    refresh_token: str | None
    expires_in: int

    @classmethod
    def from_result(cls, result: dict[str, Any]) -> Tokens:
        """Tokens from an AuthenticationResult of the API."""
        return cls(
            result["AccessToken"],
            result["IdToken"],
            result.get("RefreshToken"),
            int(result["ExpiresIn"]),
        )

    @property
    def id_claims(self) -> dict[str, Any]:
        """The ID token's claims (signature not checked: verify with ``pool.jwks_url``)."""
        return _claims(self.id_token)

    @property
    def access_claims(self) -> dict[str, Any]:
        """The access token's claims (signature not checked)."""
        return _claims(self.access_token)


def _claims(token: str) -> dict[str, Any]:
    import jwt

    return dict(jwt.decode(token, options={"verify_signature": False}))


class User:
    """A user of a seeded pool. ``record`` is the fake's live record of it."""

    def __init__(self, fake: CognitoFake, pool: Pool, username: str) -> None:
        self._fake = fake
        self.pool = pool
        self.username = username

    @property
    def record(self) -> UserRecord:
        """The fake's live record of this user (read it; change state through the API)."""
        return self.pool.record.users[self.username]

    @property
    def sub(self) -> str:
        """The user's immutable ``sub``."""
        return self.record.sub

    @property
    def attributes(self) -> dict[str, str]:
        """A copy of the user's attributes, all strings as AWS keeps them."""
        return dict(self.record.attributes)

    @property
    def status(self) -> str:
        """The UserStatus (CONFIRMED, FORCE_CHANGE_PASSWORD, ...)."""
        return self.record.status

    @property
    def enabled(self) -> bool:
        """False after AdminDisableUser."""
        return self.record.enabled

    def sign_in(self, client: AppClient) -> Tokens:
        """Tokens as after a successful sign-in on ``client`` (no flow checks, no MFA)."""
        service = self._fake.service
        ctx = service.context("AdminInitiateAuth")
        with service.lock:
            pool, user = self.pool.record, self.record
            signin = attempt.SignIn(
                service.state, pool, client.record, ctx, {}, admin=True, pipeline=API
            )
            result = attempt.issue(signin, user)
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
        """The fake's live record of this app client."""
        return self.pool.record.clients[self.id]

    @property
    def secret(self) -> str | None:
        """The client secret (the first live one), or None for a public client."""
        return self.record.secret

    @property
    def name(self) -> str:
        """The ClientName."""
        return self.record.name

    def secret_hash(self, username: str) -> str | None:
        """The SECRET_HASH a client computes for ``username`` (None without a secret)."""
        secret = self.secret
        return None if secret is None else attempt.secret_hash(secret, username, self.id)

    def set_session_configuration(self, *, max_validity_minutes: int) -> None:
        """SetUserPoolClientSessionConfiguration: how long after a fresh hosted-UI sign-in
        this client may reuse the SSO session silently (0: never). The pool must track
        sessions (``pool.set_session_configuration()``)."""
        self._fake.call(
            "SetUserPoolClientSessionConfiguration",
            {
                "UserPoolId": self.pool.id,
                "ClientId": self.id,
                "SSOSession": {"MaxValidityMinutes": max_validity_minutes},
            },
        )

    def __repr__(self) -> str:
        return f"<AppClient {self.name} {self.id}>"


class Pool:
    """A seeded user pool."""

    def __init__(self, fake: CognitoFake, pool_id: str) -> None:
        self._fake = fake
        self.id = pool_id

    @property
    def record(self) -> UserPoolRecord:
        """The fake's live record of this pool."""
        return self._fake.service.state.pools[self.id]

    @property
    def name(self) -> str:
        """The PoolName."""
        return self.record.name

    @property
    def arn(self) -> str:
        """``arn:aws:cognito-idp:<region>:<account>:userpool/<id>``, as AWS forms it."""
        return self.record.arn

    @property
    def issuer(self) -> str:
        """The ``iss`` of this pool's tokens."""
        return self._fake.service.context().issuer(self.id, updated=self.record.updated_issuer)

    @property
    def jwks_url(self) -> str:
        """Where the pool's JWKS is served (what PyJWKClient fetches)."""
        return f"{self._fake.url}/{self.id}/.well-known/jwks.json"

    @property
    def users(self) -> dict[str, UserRecord]:
        """The user records, by internal username."""
        return self.record.users

    @property
    def clients(self) -> dict[str, AppClientRecord]:
        """The pool's app client records, by client id."""
        return self.record.clients

    @property
    def replicas(self) -> dict[str, Replica]:
        """The pool's secondary Regions (multi-Region replication), by Region."""
        return self.record.replicas

    def create_replica(
        self, region: str, *, active: bool = False, tags: dict[str, str] | None = None
    ) -> dict[str, Any]:
        """A secondary in ``region`` (CreateUserPoolReplica, so the pool needs what AWS asks:
        not LITE, a multi-Region customer managed ``KeyConfiguration``); INACTIVE, or ACTIVE
        with ``active=True``. Returns the replica's UserPoolReplicaType."""
        req: dict[str, Any] = {"UserPoolId": self.id, "RegionName": region}
        if tags:
            req["UserPoolTags"] = dict(tags)
        replica: dict[str, Any] = self._fake.call("CreateUserPoolReplica", req)["UserPoolReplica"]
        if active:
            status = {"UserPoolId": self.id, "RegionName": region, "Status": "ACTIVE"}
            replica = self._fake.call("UpdateUserPoolReplica", status)["UserPoolReplica"]
        return replica

    def client(self, client_id: str) -> AppClient:
        """A handle on an existing app client of this pool."""
        if client_id not in self.record.clients:
            raise errors.ResourceNotFoundException(f"User pool client {client_id} does not exist.")
        return AppClient(self._fake, self, client_id)

    def create_client(
        self,
        name: str = "app",
        *,
        flows: Iterable[str] | None = None,
        secret: bool = False,
        **members: Any,
    ) -> AppClient:
        """An app client. ``flows`` takes ExplicitAuthFlows, with or without ``ALLOW_``
        (ALLOW_REFRESH_TOKEN_AUTH is added, except to ALLOW_CLIENT_TOKEN_AUTH, which stands
        alone); ``secret=True`` generates a secret; other
        CreateUserPoolClient members pass through, by model or snake_case name
        (``PreventUserExistenceErrors="ENABLED"``, ``callback_urls=[...]``)."""
        req: dict[str, Any] = {
            "UserPoolId": self.id,
            "ClientName": name,
            **_members("CreateUserPoolClient", members),
        }
        if flows is not None:
            req["ExplicitAuthFlows"] = [_FLOW_ALIASES.get(f, f) for f in flows]
            flows_given = req["ExplicitAuthFlows"]
            if "ALLOW_REFRESH_TOKEN_AUTH" not in flows_given and (
                "ALLOW_CLIENT_TOKEN_AUTH" not in flows_given
            ):
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
        (``email="a@b.c"``) or in ``attributes`` for names like ``custom:plan``. A seeded
        email or phone number is verified unless ``email_verified="false"`` says otherwise."""
        if status is not None and status not in _SEED_STATUSES:
            raise ValueError(f"status must be one of {', '.join(_SEED_STATUSES)}, not {status!r}")
        merged = {**(attributes or {}), **attrs}
        for attr in self.record.settings.get("UsernameAttributes") or []:
            if attr == "email" and "@" in username:  # the username is copied into the email
                merged.setdefault("email", username)
            if attr == "phone_number" and username.startswith("+"):
                merged.setdefault("phone_number", username)
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
        elif password:
            from .core import passwords

            with self._fake.service.lock:  # a permanent password meets the policy too
                passwords.check_password(self.record, password)
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

    def fail_next_recovery(self, status: str = "PREVIEW_GENERATION_FAILED") -> None:
        """Make this pool's next point-in-time recovery preview end in ``status``
        (``PREVIEW_GENERATION_FAILED`` or ``AWS_ABORTED``) instead of ``PREVIEW_GENERATED``;
        nothing is restored and user-data writes resume."""
        from .core import recovery

        if status not in recovery.FAILURES:
            raise ValueError(
                f"status must be one of {', '.join(recovery.FAILURES)}, not {status!r}"
            )
        with self._fake.service.lock:
            self.record.recovery.forced_failure = status

    def create_cimd_policy(
        self,
        client: AppClient,
        url_patterns: Iterable[str],
        *,
        name: str = "cimd",
        cache_duration: int | None = None,
    ) -> str:
        """A client ID metadata document policy: metadata URLs matching ``url_patterns``
        (``*`` matches within one path segment) sign in with ``client``'s settings. Runs
        CreateCIMDPolicy; returns the CIMDPolicyId. Serve the documents with
        ``cognito_fake.serve_client_metadata``."""
        req: dict[str, Any] = {
            "UserPoolId": self.id,
            "ClientId": client.id,
            "PolicyName": name,
            "URLPatterns": list(url_patterns),
        }
        if cache_duration is not None:
            req["CacheDuration"] = cache_duration
        out = self._fake.call("CreateCIMDPolicy", req)
        return str(out["CIMDPolicy"]["CIMDPolicyId"])

    @overload
    def on(self, trigger: str, fn: Trigger) -> Trigger: ...

    @overload
    def on(self, trigger: str, fn: None = None) -> Callable[[Trigger], Trigger]: ...

    def on(self, trigger: str, fn: Trigger | None = None) -> Trigger | Callable[[Trigger], Trigger]:
        """Register ``fn`` as this pool's Lambda trigger ``trigger`` ("PreSignUp", ...) for
        this test; it is active even if the pool's LambdaConfig names no function. Without
        ``fn`` this is a decorator. See ``pytest_cognito_fake.core.triggers``."""

        def add(function: Trigger) -> Trigger:
            with self._fake.service.lock:
                triggers.register(self._fake.service.lambdas, self.id, trigger, function)
            return function

        return add if fn is None else add(fn)

    def set_session_configuration(self, *, tracking: bool = True, max_per_user: int = 20) -> None:
        """SetUserPoolSessionConfiguration: session tracking on (or off) and the cap of token
        sessions per user (1-100; the least recently used one is evicted at the next
        sign-in over it)."""
        self._fake.call(
            "SetUserPoolSessionConfiguration",
            {
                "UserPoolId": self.id,
                "UserSessionTracking": "ENABLED" if tracking else "DISABLED",
                "TokenSession": {"MaxPerUser": max_per_user},
            },
        )

    def __repr__(self) -> str:
        return f"<Pool {self.name} {self.id}>"


class CognitoFake:
    """The in-memory Cognito of one test."""

    def __init__(self, service: Service, url: str, app: WSGIApp | None = None) -> None:
        self.service = service
        self.url = url
        #: The WSGI app the server runs; with it, ``boto3_client()`` calls it in-process.
        self.app = app

    @property
    def region(self) -> str:
        """The test's region (marker, ini option, or us-east-1)."""
        return self.service.config.region

    @property
    def state(self) -> State:
        """Everything the fake holds (read it; change it only if you know why)."""
        return self.service.state

    def call(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run an operation in-process (validated, but not logged and never faulted)."""
        return self.service.invoke(operation, params, self.service.context(operation))

    def boto3_client(self, *, http: bool = False, **kwargs: Any) -> BaseClient:
        """A boto3 ``cognito-idp`` client bound to the fake, cached (creating one costs ~50 ms).

        botocore serialises, signs, retries and parses as it does against AWS; the request
        bytes go straight to the fake's WSGI app in-process (as for every botocore client of
        the test addressed to the fake), unless ``http=True`` or the test's ``http`` setting
        asks for a real loopback connection. Keyword arguments go to ``boto3.client`` (a
        client made with them is not cached)."""
        import boto3
        import botocore.config

        region = kwargs.pop("region_name", self.region)
        in_process = not http and self.app is not None
        key = (self.url, region, in_process) if not kwargs else None
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
                    "config",
                    botocore.config.Config(retries={"mode": "legacy", "total_max_attempts": 5}),
                ),
                **kwargs,
            )
            from .http import transport

            if in_process:
                assert self.app is not None
                transport.attach(client, self.app)
            else:
                transport.over_http(client)
            if key is not None:
                _boto3_clients[key] = client
        return client

    def create_user_pool(self, name: str = "pool", **members: Any) -> Pool:
        """A user pool; CreateUserPool members pass through, by model or snake_case name
        (``UsernameAttributes=["email"]`` or ``username_attributes=["email"]``)."""
        out = self.call("CreateUserPool", {"PoolName": name, **_members("CreateUserPool", members)})
        return Pool(self, out["UserPool"]["Id"])

    def secrets_manager_value(self, arn: str) -> str:
        """The client secret published under ``arn`` (an app client's ``ClientSecretArn``):
        what Secrets Manager's GetSecretValue would give the app (the fake has no Secrets
        Manager)."""
        with self.service.lock:
            for pool in self.service.state.pools.values():
                for client in pool.clients.values():
                    if client.secret_arn == arn and client.secret:
                        return client.secret
        raise LookupError(f"no app client publishes its secret under {arn}")

    def set_provisioned_limit(self, category: str, value: int) -> dict[str, Any]:
        """Buy ``value`` requests per second for API category ``category`` (as
        UpdateProvisionedLimit does, with its checks); the LimitType it answers."""
        definition = {"LimitClass": "API_CATEGORY", "Attributes": {"Category": category}}
        req = {"LimitDefinition": definition, "RequestedLimitValue": value}
        limit: dict[str, Any] = self.call("UpdateProvisionedLimit", req)["Limit"]
        return limit

    def set_service_quota(self, category: str, maximum: int) -> None:
        """The account's Service Quotas maximum for ``category``, above which
        UpdateProvisionedLimit answers ServiceQuotaExceededException (default: ten times the
        free rate)."""
        from .api.limits import CATEGORIES

        if category not in CATEGORIES:
            raise ValueError(f"{category!r} is not an API category: {', '.join(CATEGORIES)}")
        with self.service.lock:
            self.service.state.quota_maximums[category] = maximum

    def seed(self, source: str | Path | Mapping[str, Any]) -> Seeded:
        """Create the pools, app clients, groups and users a seed file (JSON or TOML, the
        standalone server's ``--seed`` format) or an equivalent dict describes, with the ids
        it fixes. Each item meets the API's validation; a SeedError names the file and item."""
        from . import seed

        if isinstance(source, Mapping):
            return seed.apply(self, source)
        return seed.apply(self, seed.load(source), str(source))

    @property
    def pools(self) -> dict[str, UserPoolRecord]:
        """Every user pool record the fake holds, by pool id."""
        return self.service.state.pools

    def pool(self, pool_id: str) -> Pool:
        """A handle on an existing pool (one the code under test created, say)."""
        if pool_id not in self.service.state.pools:
            raise errors.ResourceNotFoundException(f"User pool {pool_id} does not exist.")
        return Pool(self, pool_id)

    def fail(
        self,
        operation: str,
        error: str | type[errors.CognitoError],
        message: str | None = None,
        *,
        times: int | None = None,
        when: When | None = None,
        unmodeled: bool = False,
        delay: float = 0.0,
    ) -> FaultRule:
        """Answer ``operation`` with ``error`` as AWS sends it (status, headers, body):
        ``times`` times or for ever, only for requests where ``when(request)`` is true, after
        ``delay`` seconds. ``error`` is a name or an error class; one the operation's model
        does not list is refused unless ``unmodeled=True``. Usable as a context manager."""
        return make_rule(
            self.service.faults, operation, error, message, times, when, unmodeled, delay
        )

    def delay(
        self,
        operation: str,
        seconds: float,
        *,
        times: int | None = None,
        when: When | None = None,
    ) -> FaultRule:
        """Hold ``operation`` for ``seconds`` (real time) before it runs normally: to test a
        client's read timeout. Usable as a context manager."""
        return make_rule(self.service.faults, operation, None, None, times, when, delay=seconds)

    def trigger(self, pool: Pool | str, trigger: str, fn: Callable[..., Any]) -> None:
        """Register ``fn`` as Lambda trigger ``trigger`` of ``pool`` (see ``Pool.on``)."""
        pool_id = pool.id if isinstance(pool, Pool) else pool
        with self.service.lock:
            triggers.register(self.service.lambdas, pool_id, trigger, fn)

    def lambda_function(self, arn: str, fn: Callable[..., Any]) -> None:
        """Give Lambda ``arn`` code: ``fn`` runs wherever a pool's LambdaConfig names ``arn``."""
        with self.service.lock:
            triggers.register_arn(self.service.lambdas, arn, fn)

    def calls(self, operation: str | None = None) -> CallLog:
        """The calls that reached the fake over the wire, oldest first (of ``operation``,
        a name checked against the model, or all)."""
        if operation is not None:
            check_operation(operation)
        return self.service.calls.of(operation)

    @property
    def outbox(self) -> Outbox:
        """Every email and SMS the service sent in this test."""
        return self.service.state.outbox

    def totp_code(self, user: User | str, *, steps: int = 0) -> str:
        """The code an authenticator app shows now for ``user``'s software token (the one
        awaiting VerifySoftwareToken, else the verified one) or for a base32 secret. It moves
        with the (frozen) clock; ``steps=-1`` gives the previous 30-second code."""
        from . import clock
        from .crypto import totp

        secret = user
        if isinstance(user, User):
            with self.service.lock:
                token = user.record.software_token
                found = token.pending or token.secret
            if not found:
                raise LookupError(f"{user.username} has no software token (AssociateSoftwareToken)")
            secret = found
        return totp.code(str(secret), clock.now() + steps * totp.STEP)

    def serve_client_metadata(
        self, url: str, document: Mapping[str, Any] | None, *, max_age: int | None = None
    ) -> None:
        """Serve ``document`` as the client ID metadata document at ``url`` (the fake never
        reaches the internet: this is what /oauth2/authorize fetches for a CIMD client).
        ``max_age`` is the Cache-Control max-age sent with it; ``None`` as the document stops
        serving it, so the next fetch fails."""
        from .state.cimd import ServedDocument

        if not url.startswith("https://"):
            raise ValueError(f"client metadata URLs are https URLs, not {url!r}")
        with self.service.lock:
            if document is None:
                self.service.state.served_documents.pop(url, None)
            else:
                served = ServedDocument(json.loads(json.dumps(document)), max_age)
                self.service.state.served_documents[url] = served

    def jwks(self, pool: Pool | str) -> dict[str, Any]:
        """The pool's JWKS document, as served at ``pool.jwks_url``."""
        pool_id = pool.id if isinstance(pool, Pool) else pool
        with self.service.lock:
            return {"keys": tokens.jwks(self.service.state.pools[pool_id])}

    def hosted_ui(
        self, app_client: AppClient | str, *, redirect_uri: str | None = None
    ) -> HostedUI:
        """A browser-like user agent for ``app_client``'s hosted UI, with its own cookie jar
        (``hosted_ui.agent.HostedUI``): ``login()``, ``authorize()``, ``logout()``. It goes
        through the pool's domain (``<fake>/domain/<domain>``) when the pool has one.
        ``app_client`` may be a client ID metadata URL (a CIMD client: give ``redirect_uri``)."""
        from .hosted_ui.agent import HostedUI

        if isinstance(app_client, str):
            if redirect_uri is None:
                raise ValueError("a CIMD client needs the redirect_uri its document lists")
            return HostedUI(self.url, app_client, redirect_uri)
        settings = app_client.record.settings
        uri = redirect_uri or settings.get("DefaultRedirectURI")
        uri = uri or next(iter(settings.get("CallbackURLs", [])), None)
        if uri is None:
            raise ValueError(
                f"app client {app_client.name} has no CallbackURLs: create it with"
                " AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=['code'],"
                " AllowedOAuthScopes=['openid', ...], CallbackURLs=[...],"
                " SupportedIdentityProviders=['COGNITO']"
            )
        domain = app_client.pool.record.domain
        base = f"{self.url}/domain/{domain['Domain']}" if domain else self.url
        return HostedUI(base, app_client.id, uri, app_client.secret)
