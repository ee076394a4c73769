"""Client ID metadata documents at sign-in: an https URL used as a ``client_id`` stands for the
app client of the first policy whose URL patterns match it, with the redirect URIs and grants
of the document served at that URL.

The fake has no internet: tests serve documents with ``CognitoFake.serve_client_metadata``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..state.cimd import CachedDocument, CimdPolicy
from ..state.store import AppClient, State, UserPool, clone

#: A Cache-Control max-age counts only within these bounds (one day to one year); outside them
#: the policy's CacheDuration applies (AWS's API reference).
MAX_AGE_RANGE = (86400, 31536000)


def is_metadata_client(client: AppClient) -> bool:
    """True for the stand-in of a CIMD client (its id is the metadata URL)."""
    return client.client_id.startswith("https://")


@lru_cache(maxsize=256)
def _pattern(url_pattern: str) -> re.Pattern[str]:
    # Unconfirmed: AWS does not document the wildcard. Here ``*`` matches a run of characters
    # without ``/`` and the pattern must match the whole URL; the alternative would be a ``*``
    # that crosses path segments (``.*``).
    parts = (re.escape(part) for part in url_pattern.split("*"))
    return re.compile("[^/]*".join(parts))


def matches(policy: CimdPolicy, url: str) -> bool:
    return any(_pattern(p).fullmatch(url) for p in policy.url_patterns)


def policy_for(pool: UserPool, url: str) -> CimdPolicy | None:
    """The policy that answers for ``url``: the first created one that matches it (unconfirmed:
    AWS allows overlapping patterns and does not say which wins)."""
    for policy in pool.cimd_policies.values():
        if policy.client_id in pool.clients and matches(policy, url):
            return policy
    return None


def valid_document(url: str, document: object) -> bool:
    """What the draft asks of a document, for a public client as Cognito allows it."""
    if not isinstance(document, dict) or document.get("client_id") != url:
        return False
    uris = document.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) for u in uris):
        return False
    # RFC 7591: an absent method means client_secret_basic, which a document cannot use.
    if document.get("token_endpoint_auth_method") != "none":
        return False
    grants = document.get("grant_types", ["authorization_code"])
    return isinstance(grants, list) and "client_credentials" not in grants


def fetch(state: State, policy: CimdPolicy, url: str, now: float) -> CachedDocument | None:
    """Fetch ``url``'s document into the policy's cache; None when nothing valid is served."""
    served = state.served_documents.get(url)
    if served is None or not valid_document(url, served.document):
        return None
    low, high = MAX_AGE_RANGE
    duration = policy.cache_duration
    if served.max_age is not None and low <= served.max_age <= high:
        duration = served.max_age
    entry = CachedDocument(url, clone(served.document), now, now + duration)
    policy.cache[url] = entry
    return entry


def document_for(state: State, policy: CimdPolicy, url: str, now: float) -> CachedDocument | None:
    """The cached document while it is fresh, else a new fetch."""
    entry = policy.cache.get(url)
    if entry is not None and now < entry.expires:
        return entry
    return fetch(state, policy, url, now)


def stand_in(pool: UserPool, app: AppClient, url: str, document: dict[str, object]) -> AppClient:
    """The app client as the CIMD client sees it: the app client's settings, the document's
    redirect URIs, the grants both allow, no secret, and the URL as its id."""
    settings = clone(app.settings)
    grants = document.get("grant_types", ["authorization_code"])
    assert isinstance(grants, list)
    wanted = {"authorization_code": "code", "implicit": "implicit"}
    allowed = {wanted[g] for g in grants if g in wanted}
    settings["AllowedOAuthFlows"] = [
        f for f in settings.get("AllowedOAuthFlows", []) if f in allowed
    ]
    if "refresh_token" not in grants:
        flows = settings.get("ExplicitAuthFlows", [])
        settings["ExplicitAuthFlows"] = [f for f in flows if f != "ALLOW_REFRESH_TOKEN_AUTH"]
    settings["CallbackURLs"] = list(document["redirect_uris"])  # type: ignore[call-overload]
    settings["LogoutURLs"] = list(document.get("post_logout_redirect_uris") or [])  # type: ignore[call-overload]
    return AppClient(url, pool.pool_id, settings, app.created, app.modified, secrets=[])


def find(state: State, url: str, pool: UserPool | None, now: float) -> AppClient | None:
    """The stand-in client for a metadata URL, fetching its document if needed; None when no
    policy matches or no valid document is served there."""
    pools = [pool] if pool is not None else list(state.pools.values())
    for candidate in pools:
        policy = policy_for(candidate, url)
        if policy is None:
            continue
        entry = document_for(state, policy, url, now)
        if entry is None:
            return None
        return stand_in(candidate, candidate.clients[policy.client_id], url, entry.document)
    return None
