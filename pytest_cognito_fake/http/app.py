"""The WSGI app: POST / for the API, well-known documents, and the hosted UI routes."""

from __future__ import annotations

import json
import traceback
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .. import errors, model
from ..core import tokens
from ..service import Service
from . import aws_hosts, protocol

View = Callable[[Service, Request], Response]

#: Extra routes (the hosted UI adds its own): endpoint name -> (rules, view).
EXTRA_ROUTES: dict[str, tuple[list[Rule], View]] = {}


def api(service: Service, request: Request) -> Response:
    """One AWS JSON 1.1 call."""
    request_id = str(uuid.uuid4())
    try:
        if request.method != "POST":
            raise errors.UnknownOperationException("")
        operation = protocol.operation_of(request)
        headers = {k.lower(): v for k, v in request.headers.items()}
        ctx = service.context(operation, headers)
        ctx.request_id = request_id
        ctx.source_ip = request.remote_addr or "127.0.0.1"

        if model.is_signed(operation) and "authorization" not in headers:
            raise errors.MissingAuthenticationTokenException()
        body = protocol.decode_body(request)
        ctx.request_bytes = request.content_length or 0
        result = service.invoke(operation, body, ctx, wire=True)
    except errors.CognitoError as exc:
        return protocol.error_response(exc, request_id)
    return protocol.json_response(result, request_id)


def _pool_unknown(service: Service, request: Request, pool_id: str) -> Response | None:
    """AWS's answer for a pool it does not hold, or None. On an AWS host name (requests the
    plugin answers in process) a pool of another region is unknown too. (unconfirmed body)"""
    region = aws_hosts.service_region(request.host)
    known = pool_id in service.state.pools and (region is None or pool_id.startswith(region + "_"))
    return None if known else _json({"message": f"User pool {pool_id} does not exist."}, 404)


def jwks(service: Service, request: Request, pool_id: str) -> Response:
    with service.lock:
        unknown = _pool_unknown(service, request, pool_id)
        if unknown is not None:
            return unknown
        keys = tokens.jwks(service.state.pools[pool_id])
    return _json({"keys": keys})


def openid_configuration(service: Service, request: Request, pool_id: str) -> Response:
    ctx = service.context()
    with service.lock:
        unknown = _pool_unknown(service, request, pool_id)
        if unknown is not None:
            return unknown
        doc = tokens.discovery_document(service.state.pools[pool_id], ctx)
    return _json(doc)


#: Response headers a browser script may read (Amplify reads the request id and error type).
EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date"


def _cors(request: Request) -> bool:
    """Single-page apps call the API and the OAuth2/OIDC endpoints from their own origin;
    the HTML pages are navigated to, never fetched."""
    path = request.path
    return "Origin" in request.headers and (
        path == "/" or "/oauth2/" in path or "/.well-known/" in path
    )


def _preflight(request: Request) -> Response:
    response = Response(status=200)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    asked = request.headers.get("Access-Control-Request-Headers", "*")
    # Echo what the page asks for (a wildcard does not cover Authorization), unless a hostile
    # page asks for so much that the answer would be a giant header.
    response.headers["Access-Control-Allow-Headers"] = asked if len(asked) <= 1024 else "*"
    response.headers["Access-Control-Max-Age"] = "172800"
    return response


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def make_app(service: Service) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    """The WSGI callable serving ``service``."""
    views: dict[str, Callable[..., Response]] = {
        "api": api,
        "jwks": jwks,
        "openid": openid_configuration,
    }
    rules = [
        Rule("/", endpoint="api"),
        Rule("/<pool_id>/.well-known/jwks.json", endpoint="jwks", methods=["GET"]),
        Rule("/<pool_id>/.well-known/openid-configuration", endpoint="openid", methods=["GET"]),
    ]
    for name, (extra_rules, view) in EXTRA_ROUTES.items():
        views[name] = view
        rules.extend(rule.empty() for rule in extra_rules)  # a Rule binds to one Map
    url_map = Map(rules, strict_slashes=False)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        cors = _cors(request)
        if (
            cors
            and request.method == "OPTIONS"
            and "Access-Control-Request-Method" in (request.headers)
        ):
            return _preflight(request)(environ, start_response)
        adapter = url_map.bind_to_environ(environ)
        try:
            endpoint, args = adapter.match()
            response = views[endpoint](service, request, **args)
        except HTTPException as exc:
            response = exc.get_response(environ)  # type: ignore[assignment]
        except Exception:
            service.bugs.append(f"{request.method} {request.path}:\n{traceback.format_exc()}")
            response = protocol.error_response(errors.InternalErrorException(), str(uuid.uuid4()))
        if cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response(environ, start_response)

    return app


# The hosted UI registers its routes in EXTRA_ROUTES when imported (after the names above).
from ..hosted_ui import routes as _hosted_ui_routes  # noqa: E402, F401
