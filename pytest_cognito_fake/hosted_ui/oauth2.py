"""The OAuth 2.0 side of the hosted UI: checking an authorize request, finishing it with a code
or implicit tokens, and the token, userInfo and revoke endpoints. No HTTP here: ``routes``
turns the results and the errors below into responses.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from .. import clock
from ..api import client_tokens
from ..api import idp as idps
from ..api.resource_servers import custom_scopes, servers
from ..context import Ctx
from ..core import cimd, pre_token, sessions, tokens
from ..core.signin import attempt
from ..crypto import jwt as jwt_keys
from ..crypto.text import same
from ..errors import CognitoError
from ..state.hosted_ui import LoginSession
from ..state.store import AppClient, State, TokenFamily, User, UserPool
from . import store

SYSTEM_SCOPES = ("openid", "email", "phone", "profile", tokens.ADMIN_SCOPE)
#: Scopes AWS grants only together with ``openid``.
OPENID_SCOPES = ("email", "phone", "profile")


class PageError(Exception):
    """A request Cognito answers with its own error page: the client or redirect is unusable."""

    def __init__(self, error: str, client_id: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.client_id = client_id


class RedirectError(Exception):
    """An error sent back to a valid redirect_uri as ``?error=...``."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.description = description
        self.location = ""  # set once the request's redirect_uri is known


class OAuthError(Exception):
    """A JSON error of the token, userInfo or revoke endpoint."""

    def __init__(self, error: str, status: int = 400, description: str = "") -> None:
        super().__init__(error)
        self.error = error
        self.status = status
        self.description = description


@dataclass
class AuthRequest:
    """A checked /oauth2/authorize (or /login) request."""

    pool: UserPool
    client: AppClient
    response_type: str
    redirect_uri: str
    scopes: list[str]
    state: str | None = None
    challenge: str | None = None
    nonce: str | None = None
    prompt: str | None = None
    #: RFC 8707 ``resource``: the resource server the access token is bound to.
    resource: str | None = None
    query: dict[str, str] = field(default_factory=dict)


def find_client(state: State, client_id: str, pool: UserPool | None) -> AppClient | None:
    """The app client, if it exists (and belongs to ``pool`` when the domain named one); for a
    metadata URL, the stand-in of a CIMD policy's app client (its document is fetched here)."""
    if client_id.startswith("https://"):
        return cimd.find(state, client_id, pool, clock.now())
    pool_id = state.client_index.get(client_id)
    if pool_id is None or (pool is not None and pool.pool_id != pool_id):
        return None
    return state.pools[pool_id].clients[client_id]


def check_authorize(state: State, pool: UserPool | None, params: dict[str, str]) -> AuthRequest:
    """AWS's checks, in order: client and redirect_uri (error page), then the rest (redirect)."""
    client_id = params.get("client_id", "")
    client = find_client(state, client_id, pool)
    if client is None:
        raise PageError("invalid_request", client_id)
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in client.settings.get("CallbackURLs", []):
        raise PageError("redirect_mismatch", client_id)
    req = AuthRequest(
        pool=state.pools[client.pool_id],
        client=client,
        response_type=params.get("response_type", ""),
        redirect_uri=redirect_uri,
        scopes=[],
        state=params.get("state"),
        nonce=params.get("nonce"),
        prompt=params.get("prompt"),
        query=dict(params),
    )
    try:
        _check_request(req, params)
    except RedirectError as exc:
        exc.location = error_location(req, exc.error, exc.description)
        raise
    return req


def _check_request(req: AuthRequest, params: dict[str, str]) -> None:
    settings = req.client.settings
    if req.response_type not in ("code", "token"):
        raise RedirectError("invalid_request")
    flow = "code" if req.response_type == "code" else "implicit"
    if not settings.get("AllowedOAuthFlowsUserPoolClient") or flow not in settings.get(
        "AllowedOAuthFlows", []
    ):
        raise RedirectError("unauthorized_client")
    req.scopes = granted_scopes(req.pool, req.client, params.get("scope"))
    method, req.challenge = params.get("code_challenge_method"), params.get("code_challenge")
    if (method or req.challenge) and (method != "S256" or not req.challenge):
        raise RedirectError("invalid_request")
    if cimd.is_metadata_client(req.client) and flow == "code" and not req.challenge:
        raise RedirectError("invalid_request")  # public clients: PKCE required (unconfirmed)
    req.resource = params.get("resource") or None
    if req.resource is not None and not _is_resource_server(req.pool, req.resource):
        raise RedirectError("invalid_request")


def _is_resource_server(pool: UserPool, resource: str) -> bool:
    """``resource`` must name one of the pool's resource servers by a URL identifier
    (developer guide, resource binding); the error AWS gives otherwise is unconfirmed."""
    if urlsplit(resource).scheme not in ("http", "https"):
        return False
    return resource in servers(pool)


def granted_scopes(pool: UserPool, client: AppClient, requested: str | None) -> list[str]:
    """Scopes of the request that the client may have; no scope asks for all of them.

    An unknown scope is ``invalid_scope``, and so is email, phone or profile without openid; a
    known one the client lacks is dropped (AWS's authorize page says it is ignored), and
    nothing left is ``invalid_scope`` again."""
    allowed = client.settings.get("AllowedOAuthScopes", [])
    known = set(SYSTEM_SCOPES) | custom_scopes(pool)
    if not requested or not requested.split():
        return [s for s in allowed if s in known]
    asked = list(dict.fromkeys(requested.split()))
    if any(scope not in known for scope in asked):
        raise RedirectError("invalid_scope")
    if set(OPENID_SCOPES) & set(asked) and "openid" not in asked:
        raise RedirectError("invalid_scope")  # AWS: they "can only be requested" with openid
    granted = [scope for scope in asked if scope in allowed]
    if not granted:
        raise RedirectError("invalid_scope")
    return granted


def error_location(req: AuthRequest, error: str, description: str = "") -> str:
    query = {"error": error}
    if description:
        query["error_description"] = description
    if req.state is not None:
        query["state"] = req.state
    return _join(req.redirect_uri, "?", query)


def _join(base: str, sep: str, query: dict[str, Any]) -> str:
    if sep == "?" and "?" in base:
        sep = "&"
    return f"{base}{sep}{urlencode(query)}"


def requested_provider(req: AuthRequest) -> str:
    """``identity_provider``, or the provider whose IdpIdentifiers hold ``idp_identifier``
    (an identifier no provider has is ``invalid_request``); "" when neither is given."""
    provider = req.query.get("identity_provider", "")
    identifier = req.query.get("idp_identifier", "")
    if provider or not identifier:
        return provider
    found = idps.provider_of_identifier(req.pool, identifier)
    if found is None:
        raise redirect_error(req, "invalid_request", "identity provider not found")
    return found


def redirect_error(req: AuthRequest, error: str, description: str) -> RedirectError:
    exc = RedirectError(error, description)
    exc.location = error_location(req, error, description)
    return exc


def managed_login(pool: UserPool) -> bool:
    """Whether the pool's domain serves managed login (ManagedLoginVersion 2) rather than the
    classic hosted UI; only managed login honours ``prompt`` (developer guide)."""
    record = pool.domain or {}
    return bool(record.get("ManagedLoginVersion") == 2)


def prompt_of(req: AuthRequest) -> str | None:
    """The request's ``prompt`` where it applies (managed login), else None."""
    return req.prompt if managed_login(req.pool) else None


def login_again_query(client: AppClient, params: dict[str, str]) -> dict[str, str]:
    """/logout with redirect_uri: every parameter goes on to /login (nonce, state, PKCE...),
    and without ``scope`` the client's scopes are asked for (developer guide)."""
    query = dict(params)
    if not query.get("scope"):
        query["scope"] = " ".join(client.settings.get("AllowedOAuthScopes", []))
    return query


def native_login_allowed(client: AppClient) -> bool:
    return "COGNITO" in client.settings.get("SupportedIdentityProviders", [])


def complete(state: State, req: AuthRequest, session: LoginSession, ctx: Ctx) -> str:
    """The redirect that ends a signed-in authorize request: a code, or implicit tokens."""
    user = req.pool.users[session.username]
    if session.session is not None:
        sessions.touch(session.session, ctx)
    if req.response_type == "code":
        code = store.new_code(
            state,
            ctx,
            pool_id=req.pool.pool_id,
            client_id=req.client.client_id,
            redirect_uri=req.redirect_uri,
            username=user.username,
            sub=user.sub,
            auth_time=session.auth_time,
            scopes=list(req.scopes),
            challenge=req.challenge,
            nonce=req.nonce,
            resource=req.resource,
            sso_session_id=session.session.session_id if session.session else None,
        )
        query = {"code": code.code}
        if req.state is not None:
            query["state"] = req.state
        return _join(req.redirect_uri, "?", query)
    family = _family(
        state, req.pool, req.client, user, req.scopes, req.nonce, session.auth_time, ctx
    )
    family.audience = req.resource
    body = mint(state, req.pool, req.client, user, family, ctx, refresh=False)
    fragment = {k: v for k, v in body.items() if k != "token_type"}
    fragment["token_type"] = "bearer"  # lower case here, as the docs show it
    if req.state is not None:
        fragment["state"] = req.state
    return _join(req.redirect_uri, "#", fragment)


def _family(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    scopes: list[str],
    nonce: str | None,
    auth_time: int,
    ctx: Ctx,
) -> TokenFamily:
    family = tokens.new_family(state, pool, client, user, ctx, scopes=scopes, nonce=nonce)
    family.auth_time = auth_time  # the hosted-UI sign-in, not this code exchange
    family.hosted_ui = True
    return family


def scoped_attributes(client: AppClient, user: User, scopes: list[str]) -> dict[str, str]:
    """Attributes the scopes release: profile (or openid alone) all readable ones; email and
    phone their own pairs."""
    readable = tokens.readable_attributes(client, user.attributes)
    if "profile" in scopes or not {"email", "phone"} & set(scopes):
        return readable
    names = {"sub"}
    if "email" in scopes:
        names |= {"email", "email_verified"}
    if "phone" in scopes:
        names |= {"phone_number", "phone_number_verified"}
    return {k: v for k, v in readable.items() if k in names}


def _at_hash(access_token: str) -> str:
    digest = hashlib.sha256(access_token.encode()).digest()[:16]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def mint(
    state: State,
    pool: UserPool,
    client: AppClient,
    user: User,
    family: TokenFamily,
    ctx: Ctx,
    *,
    refresh: bool,
    id_token: bool = False,
    source: str = "TokenGeneration_HostedAuth",
) -> dict[str, Any]:
    """The token endpoint's JSON body for ``family``: an ID token with ``openid`` (or
    ``id_token``: refreshing a family that the API's sign-in started)."""
    adjust = pre_token.adjustment(state, pool, client, user, family, ctx, source)
    access = tokens.signed(
        "access", state, pool, client, user, family, ctx, adjust=adjust, version=2
    )
    body: dict[str, Any] = {}
    if "openid" in family.scopes or id_token:
        attributes = scoped_attributes(client, user, family.scopes)
        body["id_token"] = tokens.signed(
            "id",
            state,
            pool,
            client,
            user,
            family,
            ctx,
            attributes,
            adjust=adjust,
            at_hash=_at_hash(access),
        )
    body["access_token"] = access
    if refresh:
        body["refresh_token"] = tokens.new_refresh_token(state, client, family, ctx)
    body["expires_in"] = client.validity_seconds("AccessToken")
    body["token_type"] = "Bearer"
    return body


# ------------------------------------------------------------------------ /oauth2/token


def authenticate_client(
    state: State, pool: UserPool | None, form: dict[str, str], basic: tuple[str, str] | None
) -> AppClient:
    """HTTP Basic or client_id/client_secret in the body; a secret client must send its
    secret, a public one must not send any."""
    client_id, secret = basic if basic else (form.get("client_id", ""), form.get("client_secret"))
    if basic and form.get("client_id") not in (None, client_id):
        raise OAuthError("invalid_client")
    client = find_client(state, client_id, pool) if client_id else None
    if client is None:
        raise OAuthError("invalid_client")
    if client.secrets:
        if not secret or not attempt.secret_matches(client, secret):
            raise OAuthError("invalid_client")
    elif secret:
        raise OAuthError("invalid_client")
    return client


def _require(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthError("invalid_request")
    return value


def _oauth_allowed(client: AppClient, flow: str) -> None:
    settings = client.settings
    if not settings.get("AllowedOAuthFlowsUserPoolClient") or flow not in settings.get(
        "AllowedOAuthFlows", []
    ):
        raise OAuthError("unauthorized_client")


def token(state: State, client: AppClient, form: dict[str, str], ctx: Ctx) -> dict[str, Any]:
    grant = _require(form, "grant_type")
    handler = GRANTS.get(grant)
    if handler is None:
        raise OAuthError("unsupported_grant_type")
    return handler(state, client, form, ctx)


def _authorization_code(
    state: State, client: AppClient, form: dict[str, str], ctx: Ctx
) -> dict[str, Any]:
    _oauth_allowed(client, "code")
    value = _require(form, "code")
    code = store.take_code(state, value, ctx)
    if code is None or code.client_id != client.client_id:
        raise OAuthError("invalid_grant")
    redirect_uri = _require(form, "redirect_uri")
    if redirect_uri != code.redirect_uri:
        raise OAuthError("unauthorized_client", description="invalid_redirect")
    if code.challenge is not None:
        verifier = form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if not verifier or not same(code.challenge, expected):
            raise OAuthError("invalid_grant")
    pool = state.pools[code.pool_id]
    user = pool.users.get(code.username)
    if user is None or user.sub != code.sub or not user.enabled:
        raise OAuthError("invalid_grant")
    _check_readable_scopes(client, code.scopes)
    family = _family(state, pool, client, user, code.scopes, code.nonce, code.auth_time, ctx)
    family.audience = code.resource
    body = mint(state, pool, client, user, family, ctx, refresh=True)
    if family.session is not None:
        family.session.origin_id = code.sso_session_id
    return body


def _check_readable_scopes(client: AppClient, scopes: list[str]) -> None:
    """The ``email`` scope needs ``email_verified`` among the client's ReadAttributes (when it
    names any): AWS answers invalid_grant at the token endpoint."""
    readable = client.settings.get("ReadAttributes")
    if readable and "email" in scopes and "email_verified" not in readable:
        raise OAuthError("invalid_grant")


def _refresh_token(
    state: State, client: AppClient, form: dict[str, str], ctx: Ctx
) -> dict[str, Any]:
    value = _require(form, "refresh_token")
    try:
        attempt.check_flow_allowed(client, "REFRESH_TOKEN_AUTH")
    except CognitoError:
        raise OAuthError("unauthorized_client") from None
    try:
        record, family = tokens.use_refresh_token(state, value, client, ctx)
    except CognitoError:
        raise OAuthError("invalid_grant") from None
    pool = state.pools[family.pool_id]
    user = pool.users[family.username]
    api_family = not family.hosted_ui
    body = mint(
        state,
        pool,
        client,
        user,
        family,
        ctx,
        refresh=False,
        id_token=api_family,
        source="TokenGeneration_RefreshTokens",
    )
    if tokens.rotates(client):
        body["refresh_token"] = tokens.rotate(state, record, client, ctx)
    return body


def _client_credentials(
    state: State, client: AppClient, form: dict[str, str], ctx: Ctx
) -> dict[str, Any]:
    if not client.secrets:
        raise OAuthError("invalid_client")
    _oauth_allowed(client, "client_credentials")
    pool = state.pools[client.pool_id]
    try:
        scopes = client_tokens.client_scopes(pool, client, form.get("scope", "").split())
    except CognitoError:
        raise OAuthError("invalid_scope") from None
    metadata = _client_metadata(form)
    return {
        "access_token": client_tokens.m2m_token(state, pool, client, scopes, ctx, metadata),
        "expires_in": client.validity_seconds("AccessToken"),
        "token_type": "Bearer",
    }


def _client_metadata(form: dict[str, str]) -> dict[str, str]:
    """``aws_client_metadata``: a JSON object of strings for the pre token trigger; anything
    else is ``invalid_request`` (unconfirmed)."""
    raw = form.get("aws_client_metadata")
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise OAuthError("invalid_request") from None
    if not isinstance(value, dict):
        raise OAuthError("invalid_request")
    return {str(k): str(v) for k, v in value.items()}


#: RFC 8693 token type URIs and the API's names for them.
TOKEN_TYPES = {
    "urn:ietf:params:oauth:token-type:access_token": "ACCESS_TOKEN",
    "urn:ietf:params:oauth:token-type:id_token": "ID_TOKEN",
    "urn:ietf:params:oauth:token-type:saml2": "SAML2",
}
TOKEN_TYPE_URIS = {name: uri for uri, name in TOKEN_TYPES.items()}


def _token_type(form: dict[str, str], name: str, default: str | None = None) -> str | None:
    value = form.get(name) or default
    if value is None:
        return None
    if value not in TOKEN_TYPES:
        raise OAuthError("invalid_request")
    return TOKEN_TYPES[value]


def _token_exchange(
    state: State, client: AppClient, form: dict[str, str], ctx: Ctx
) -> dict[str, Any]:
    """RFC 8693 at the token endpoint: the same exchange as GetDerivedToken, its errors as
    RFC 8693 §2.2.2 names them (the Cognito-specific details are unconfirmed)."""
    actor = form.get("actor_token") or None
    exchange = client_tokens.Exchange(
        subject_token=_require(form, "subject_token"),
        subject_type=_token_type(form, "subject_token_type") or "",
        actor_token=actor,
        actor_type=_token_type(form, "actor_token_type") if actor else None,
        scopes=form["scope"].split() if form.get("scope") else None,
        audiences=[form["audience"]] if form.get("audience") else [],
        resources=[form["resource"]] if form.get("resource") else [],
        requested_type=_token_type(form, "requested_token_type", TOKEN_TYPE_URIS["ACCESS_TOKEN"])
        or "",
    )
    if not exchange.subject_type:
        raise OAuthError("invalid_request")
    try:
        derived = client_tokens.derive(state, client, exchange, ctx)
    except CognitoError as exc:
        raise OAuthError(getattr(exc, "oauth_error", "invalid_request")) from None
    return {
        "access_token": derived.token,
        "issued_token_type": TOKEN_TYPE_URIS[derived.token_type],
        "token_type": "Bearer" if derived.token_type == "ACCESS_TOKEN" else "N_A",
        "expires_in": derived.expires_in,
        "scope": " ".join(derived.scopes),
    }


Grant = Callable[[State, AppClient, dict[str, str], Ctx], dict[str, Any]]
GRANTS: dict[str, Grant] = {
    "authorization_code": _authorization_code,
    "refresh_token": _refresh_token,
    "client_credentials": _client_credentials,
    "urn:ietf:params:oauth:grant-type:token-exchange": _token_exchange,
}


# ----------------------------------------------------------------- userInfo and revoke

USERINFO_BAD_REQUEST = "Bad OAuth2 request at UserInfo Endpoint"
USERINFO_BAD_TOKEN = (
    "Access token is expired, disabled, or deleted, or the user has globally signed out."
)


def user_info(
    state: State, access_token: str | None, ctx: Ctx, pool: UserPool | None = None
) -> dict[str, Any]:
    """Claims of the token's user, with ``*_verified`` as the strings AWS sends here; on a
    pool's domain (``pool``), only that pool's tokens are accepted."""
    if not access_token:
        raise OAuthError("invalid_request", 400, USERINFO_BAD_REQUEST)
    try:
        caller = tokens.verify_access_token(state, access_token, ctx, scope="openid", pool=pool)
    except CognitoError:
        raise OAuthError("invalid_token", 401, USERINFO_BAD_TOKEN) from None
    client = find_client(state, str(caller.claims.get("client_id")), caller.pool)
    if client is None:
        raise OAuthError("invalid_token", 401, USERINFO_BAD_TOKEN)
    scopes = str(caller.claims.get("scope", "")).split()
    claims: dict[str, Any] = {"sub": caller.user.sub}
    for name, value in scoped_attributes(client, caller.user, scopes).items():
        claims[name] = value
    claims["username"] = caller.user.username
    return claims


def revoke(state: State, client: AppClient, form: dict[str, str]) -> None:
    """/oauth2/revoke: the refresh token's family ends; unknown tokens are no error."""
    value = _require(form, "token")
    if not client.settings.get("EnableTokenRevocation", True):
        raise OAuthError("invalid_request")
    record = state.refresh_tokens.get(value)
    if record is None:
        try:
            jwt_keys.verify(value, state.pools)
        except jwt_keys.InvalidToken:
            return
        raise OAuthError("unsupported_token_type")
    if record.client_id != client.client_id:
        raise OAuthError("invalid_request")
    state.families[record.event_id].revoked = True
