"""Client ID metadata documents: the policies that map metadata URLs to an app client, the
documents a policy has cached, and the documents "the internet" serves to the fake."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CachedDocument:
    """A metadata document fetched for one URL under one policy."""

    url: str
    document: dict[str, Any]
    cached: float
    expires: float


@dataclass
class CimdPolicy:
    policy_id: str
    client_id: str
    name: str
    url_patterns: list[str]
    cache_duration: int  # seconds
    created: float
    modified: float
    cache: dict[str, CachedDocument] = field(default_factory=dict)  # by URL


@dataclass
class ServedDocument:
    """What a test registered as served at a URL (the fake never reaches the internet)."""

    document: dict[str, Any]
    #: The Cache-Control max-age the "server" sends with it (None: no header).
    max_age: int | None = None
