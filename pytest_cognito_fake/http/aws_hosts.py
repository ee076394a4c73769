"""The host names AWS serves Cognito user pools under, as patterns: which requests the plugin
answers in process (``intercept``) and which region a request to them is for."""

from __future__ import annotations

import re

#: The regional service: the API, and each pool's issuer, JWKS and discovery document
#: (``issuer-cognito-idp`` is the host of the "updated" issuer format).
SERVICE = re.compile(r"(?:issuer-)?cognito-idp(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com")
#: A prefix domain: ``<prefix>.auth.<region>.amazoncognito.com``.
PREFIX_DOMAIN = re.compile(r"([a-z0-9-]+)\.auth(?:-fips)?\.([a-z0-9-]+)\.amazoncognito\.com")
#: Every name under it belongs to Cognito; one no pool holds does not resolve.
DOMAIN_SUFFIX = ".amazoncognito.com"


def host_name(netloc: str) -> str:
    """``Host:port`` -> the lower-case host name (IPv6 brackets kept)."""
    host = netloc.lower().rsplit("@", 1)[-1]
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0].rstrip(".")


def service_region(netloc: str) -> str | None:
    """The region of a Cognito service host name, or None for any other host."""
    match = SERVICE.fullmatch(host_name(netloc))
    return match[1] if match else None
