"""Every route but the API's fast path, in one werkzeug ``Map``: the API as a routed view (a
browser's CORS call), the well-known documents, the hosted UI (bare and under
``/domain/<domain>``), the fake IdP, and the URLs the API hands out.

``http/app.py`` imports this module on the first request that is not an SDK call, so a
session whose tests only use boto3 never imports werkzeug or the hosted UI.
"""

from __future__ import annotations

import json
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule, Submount
from werkzeug.wrappers import Request, Response

from .. import errors
from ..api.branding import IMAGE_PATH
from ..api.import_jobs import UPLOAD_PATH
from ..core import tokens
from ..hosted_ui import routes as hosted_ui
from ..service import Service
from . import aws_hosts, fake_urls, protocol
from .app import api

#: A view: the service, the request, and the URL's parts as keywords.
View = Callable[..., Response]


def _api_view(service: Service, request: Request) -> Response:
    """The API as a routed view (a browser's CORS call needs headers added)."""
    return protocol.response(api(service, request.environ))


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


def url_map() -> tuple[Map, dict[str, View]]:
    """Every route of the fake, and the view of each endpoint."""
    pages = [
        Rule(path, endpoint=name, methods=methods)
        for name, (path, methods, _) in hosted_ui.PAGES.items()
    ]
    rules = [
        Rule("/", endpoint="api"),
        Rule("/<pool_id>/.well-known/jwks.json", endpoint="jwks", methods=["GET"]),
        Rule("/<pool_id>/.well-known/openid-configuration", endpoint="openid", methods=["GET"]),
        *pages,
        Submount(hosted_ui.PREFIX, [rule.empty() for rule in pages]),
        Rule(hosted_ui.FAKE_IDP_PATH, endpoint="fake_idp", methods=["GET", "POST"]),
        Rule(f"{IMAGE_PATH}/<pool_id>/<key>/<version>", endpoint="ui_image", methods=["GET"]),
        Rule(f"{UPLOAD_PATH}/<pool_id>/<job_id>", endpoint="import_upload", methods=["PUT"]),
    ]
    views: dict[str, View] = {
        "api": _api_view,
        "jwks": jwks,
        "openid": openid_configuration,
        **{name: view for name, (_, _, view) in hosted_ui.PAGES.items()},
        "fake_idp": hosted_ui.fake_idp,
        "ui_image": fake_urls.ui_image,
        "import_upload": fake_urls.import_upload,
    }
    return Map(rules, strict_slashes=False), views


class Routed:
    """The routed part of one app: its map, built once, and the dispatch of a request."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.routes, self.views = url_map()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        service = self.service
        request = Request(environ)
        cors = _cors(request)
        if (
            cors
            and request.method == "OPTIONS"
            and "Access-Control-Request-Method" in (request.headers)
        ):
            return _preflight(request)(environ, start_response)
        adapter = self.routes.bind_to_environ(environ)
        try:
            endpoint, args = adapter.match()
            response = self.views[endpoint](service, request, **args)
        except HTTPException as exc:
            response = exc.get_response(environ)
        except Exception:
            service.bugs.append(f"{request.method} {request.path}:\n{traceback.format_exc()}")
            response = protocol.error_response(errors.InternalErrorException(), str(uuid.uuid4()))
        if cors:
            response.headers["Access-Control-Allow-Origin"] = "*"
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response(environ, start_response)
