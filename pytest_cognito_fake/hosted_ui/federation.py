"""Federated sign-in through a SIMULATED identity provider: no real IdP is ever contacted.

``/oauth2/authorize?identity_provider=<name>`` (or ``idp_identifier=``) for a provider the pool
has and the client supports sends the browser to the fake's own IdP page,
``/fake-idp/<name>/authorize``, on the same loopback host. Its form says who the external user
is (subject, email, name, and any ``claim:<name>`` field); submitting it redirects, as an
OIDC provider would, to ``<domain>/oauth2/idpresponse?code=...&state=...``. That endpoint maps
the provider's AttributeMapping onto pool attributes, creates or updates the user
``<ProviderName>_<subject>`` (status EXTERNAL_PROVIDER, ``identities`` attribute) or picks the
local user AdminLinkProviderForUser linked that identity to, starts the ``cognito`` session and
finishes the authorize request with a code or tokens. Every provider type (social, OIDC, SAML)
goes through this one page.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any
from urllib.parse import quote, urlencode

from werkzeug.wrappers import Request, Response

from ..api import idp as idps
from ..context import Ctx
from ..core import trigger_events, user_attributes
from ..errors import CognitoError
from ..service import Service
from ..state.hosted_ui import IdpCode, Pending
from ..state.store import AppClient, State, User, UserPool
from . import oauth2, pages
from .flow import Page, UnknownDomain, error_redirect, redirect, resolve

#: How long the browser may stay at the IdP (the fake's choice; AWS publishes no number).
PENDING_SECONDS = 900
#: The IdP's authorization code lifetime (the fake's choice).
IDP_CODE_SECONDS = 300
#: Form fields of the fake IdP page that become claims of the same name.
FORM_CLAIMS = ("email", "name")


class FederationError(Exception):
    """Why a federated sign-in fails: the ``error_description`` of the redirect."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


def _pending(state: State) -> dict[str, Pending]:
    return state.hosted_ui.federation


def _idp_codes(state: State) -> dict[str, IdpCode]:
    return state.hosted_ui.idp_codes


# ------------------------------------------------------------------ leaving for the IdP


def start(
    state: State, req: oauth2.AuthRequest, provider: str, prefix: str, ctx: Ctx
) -> str | None:
    """The fake IdP's authorize URL for ``provider`` (None: the pool has no such provider)."""
    idp = idps.find_provider(req.pool, provider)
    if idp is None:
        return None
    pending = Pending(
        secrets.token_urlsafe(32),
        req.pool.pool_id,
        provider,
        dict(req.query),
        prefix,
        ctx.now + PENDING_SECONDS,
    )
    _pending(state)[pending.token] = pending
    details = idp.get("ProviderDetails", {})
    query = {
        "client_id": details.get("client_id", ""),
        "redirect_uri": f"{prefix}/oauth2/idpresponse",
        "response_type": "code",
        "scope": details.get("authorize_scopes", ""),
        "state": pending.token,
    }
    return f"/fake-idp/{quote(provider, safe='')}/authorize?{urlencode(query)}"


def federate(state: State, req: oauth2.AuthRequest, provider: str, prefix: str, ctx: Ctx) -> str:
    """Where ``identity_provider=<provider>`` sends the browser (COGNITO: nowhere, "")."""
    if provider == "COGNITO":
        return ""
    if provider not in req.client.settings.get("SupportedIdentityProviders", []):
        raise oauth2.redirect_error(
            req, "invalid_request", "identity provider not enabled for this client"
        )
    url = start(state, req, provider, prefix, ctx)
    if url:
        return url
    raise oauth2.PageError("invalid_request", req.client.client_id)


def providers_of(pool: UserPool, client: AppClient) -> list[str]:
    """The client's identity providers the pool has (the login page's buttons)."""
    supported = client.settings.get("SupportedIdentityProviders", [])
    return [name for name in supported if idps.find_provider(pool, name) is not None]


# ------------------------------------------------------------------------ the fake IdP


def fake_idp(service: Service, request: Request, provider: str) -> Response:
    """The simulated provider's sign-in page; POST answers with a code to ``redirect_uri``."""
    redirect_uri = request.args.get("redirect_uri", "")
    if not _on_this_host(redirect_uri):
        return pages.error("invalid_request", "Unknown redirect_uri.", status=400)
    if request.method != "POST":
        return pages.fake_idp(request.full_path, provider)
    subject = request.form.get("subject", "").strip()
    if not subject:
        return pages.fake_idp(request.full_path, provider, error="Subject is required.")
    claims = {"sub": subject}
    for name in FORM_CLAIMS:
        if request.form.get(name):
            claims[name] = request.form[name]
    for key, value in request.form.items():
        if key.startswith("claim:") and len(key) > 6:
            claims[key[6:]] = value
    ctx = service.context()
    code = secrets.token_urlsafe(24)
    with service.lock:
        _idp_codes(service.state)[code] = IdpCode(provider, claims, ctx.now + IDP_CODE_SECONDS)
    query = {"code": code, "state": request.args.get("state", "")}
    return redirect(f"{redirect_uri}?{urlencode(query)}")


def _on_this_host(redirect_uri: str) -> bool:
    """The IdP only ever answers to a domain's /oauth2/idpresponse on the fake itself: a path,
    never another host (``//host`` or ``/\\host`` would leave it)."""
    return (
        redirect_uri.startswith("/")
        and not redirect_uri.startswith("//")
        and "\\" not in redirect_uri
        and redirect_uri.endswith("/oauth2/idpresponse")
    )


# ------------------------------------------------------------------ back from the IdP


def idp_response(service: Service, request: Request, domain: str | None = None) -> Response:
    """GET/POST /oauth2/idpresponse: the IdP's code and our state in, the app's redirect out."""
    ctx = service.context()
    with service.lock:
        state = service.state
        try:
            hint, prefix = resolve(state, request, domain)
        except UnknownDomain:
            return pages.error("invalid_request", status=404)
        pending = _pending(state).pop(request.values.get("state", ""), None)
        if (
            pending is None
            or pending.expires <= ctx.now
            or pending.prefix != prefix
            or (hint is not None and hint.pool_id != pending.pool_id)
        ):
            return pages.error("invalid_request", status=400)
        try:
            req = oauth2.check_authorize(state, hint, pending.query)
        except oauth2.PageError as exc:
            return error_redirect(prefix, exc.error, exc.client_id)
        except oauth2.RedirectError as exc:
            return redirect(exc.location)
        try:
            claims = _take_claims(state, request.values.get("code", ""), pending.provider, ctx)
            user = external_user(state, req, pending.provider, claims, ctx)
        except FederationError as exc:
            return redirect(oauth2.error_location(req, "invalid_request", exc.description))
        return Page(service, request, req, prefix, ctx).signed_in(user)


def _take_claims(state: State, code: str, provider: str, ctx: Ctx) -> dict[str, str]:
    found = _idp_codes(state).pop(code, None)
    if found is None or found.provider != provider or found.expires <= ctx.now:
        raise FederationError(f"{provider} Error - 400 invalid_grant")
    return found.claims


# ------------------------------------------------------------------ the pool's user


def external_user(
    state: State, req: oauth2.AuthRequest, provider: str, claims: dict[str, str], ctx: Ctx
) -> User:
    """The user this external identity signs in as: the linked local user, or the federated
    user ``<provider>_<id>`` (created, or its mapped attributes brought up to date)."""
    pool = req.pool
    idp = idps.find_provider(pool, provider)
    if idp is None or provider not in req.client.settings.get("SupportedIdentityProviders", []):
        raise FederationError("identity provider not enabled for this client")
    mapping: dict[str, str] = idp.get("AttributeMapping", {})
    user_id = claims.get(mapping.get("username", "sub")) or claims["sub"]
    owner = idps.linked_owner(pool, provider, user_id)
    if owner is not None:
        return _enabled(owner)
    attributes = _mapped(pool, mapping, claims)
    username = f"{provider}_{user_id}"
    user = pool.users.get(username)
    if user is not None:
        changed = {k: v for k, v in attributes.items() if user.attributes.get(k) != v}
        if changed:
            user.attributes.update(changed)
            user.modified = ctx.now
        return _enabled(user)
    _check_required(pool, attributes)
    _pre_sign_up(state, req, username, attributes, ctx)
    sub = str(uuid.uuid4())
    user = User(
        username=username,
        sub=sub,
        attributes={"sub": sub, **attributes},
        status="EXTERNAL_PROVIDER",
        enabled=True,
        created=ctx.now,
        modified=ctx.now,
    )
    pool.users[username] = user
    idps.add_identity(user, idp, user_id, ctx, primary=True)
    try:
        trigger_events.post_confirmation(
            state, pool, user, ctx, "PostConfirmation_ConfirmSignUp", {}, req.client.client_id
        )
    except CognitoError as exc:
        raise FederationError(exc.message) from None
    return user


def _pre_sign_up(
    state: State, req: oauth2.AuthRequest, username: str, attributes: dict[str, str], ctx: Ctx
) -> None:
    """A federated user's first sign-in runs PreSignUp_ExternalProvider; a failing trigger
    sends the browser back with its message, and no user is created."""
    try:
        trigger_events.pre_sign_up(
            state,
            req.pool,
            ctx,
            "PreSignUp_ExternalProvider",
            username,
            attributes,
            {},
            req.client.client_id,
        )
    except CognitoError as exc:
        raise FederationError(exc.message) from None


def _enabled(user: User) -> User:
    if not user.enabled:
        raise FederationError("User is disabled.")
    return user


def _mapped(pool: UserPool, mapping: dict[str, str], claims: dict[str, Any]) -> dict[str, str]:
    """Pool attributes from the IdP's claims, as the provider's AttributeMapping says."""
    attributes = {
        attribute: str(claims[claim])
        for attribute, claim in mapping.items()
        if attribute != "username" and claim in claims
    }
    try:
        user_attributes.check_attributes(pool, attributes, creating=True)
    except CognitoError as exc:
        first = exc.message.removeprefix("Attributes did not conform to the schema: ")
        raise FederationError(f"Invalid user attributes: {first.strip()}") from None
    return attributes


def _check_required(pool: UserPool, attributes: dict[str, str]) -> None:
    for name, entry in user_attributes.schema_names(pool).items():
        if entry.get("Required") and name != "sub" and not attributes.get(name):
            raise FederationError(f"Invalid user attributes: {name}: The attribute is required.")
