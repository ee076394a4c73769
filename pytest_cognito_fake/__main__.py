"""``python -m pytest_cognito_fake``: the fixture's service, standalone on a port.

For trying the fake by hand, or for code under test that runs in another process. State lives
as long as the process; Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Any
from urllib.parse import quote

from . import __version__
from .crypto import jwt as jwt_keys
from .fake import CognitoFake
from .http.app import make_app
from .http.server import LOOPBACK, Server
from .service import Config, Service

DEFAULT_PORT = 9229
DEMO_PASSWORD = "Passw0rd!"
#: Where front-end dev servers usually run (create-react-app / Next.js, Vite).
DEMO_CALLBACKS = ("http://localhost:3000/", "http://localhost:5173/")


class _Stop(BaseException):
    """Raised by the SIGINT/SIGTERM handler to leave serve_forever. A BaseException, as
    KeyboardInterrupt is: socketserver swallows any Exception raised while it starts a request
    thread, so a signal landing there would otherwise be lost."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pytest_cognito_fake",
        description="Serve an in-memory Amazon Cognito user-pools service on 127.0.0.1.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    parser.add_argument("--region", default="us-east-1", help="region (default us-east-1)")
    parser.add_argument(
        "--issuer",
        choices=("local", "aws"),
        default="local",
        help="tokens' iss: the fake's URL (local, default) or AWS's (aws)",
    )
    parser.add_argument("--demo", action="store_true", help="seed a demo pool, app client and user")
    parser.add_argument(
        "--callback",
        action="append",
        metavar="URL",
        help="with --demo: a callback URL of the demo app client's hosted UI (repeatable;"
        f" default {' and '.join(DEMO_CALLBACKS)})",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _report_bugs(service: Service, app: Callable[..., Iterable[bytes]]) -> Callable[..., Any]:
    """The app, printing to stderr any traceback a request left (there is no teardown here)."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        result = app(environ, start_response)
        with service.lock:
            bugs, service.bugs[:] = list(service.bugs), []
        for bug in bugs:
            print(
                f"pytest-cognito-fake bug (client saw InternalErrorException):\n{bug}",
                file=sys.stderr,
                flush=True,
            )
        return result

    return wrapped


def seed_demo(fake: CognitoFake, callbacks: Iterable[str] = DEMO_CALLBACKS) -> dict[str, str]:
    """A pool, an app client allowing password and SRP sign-in and the hosted UI's code flow
    (for a front end on ``callbacks``), and a confirmed user."""
    pool = fake.create_user_pool("demo")
    urls = list(callbacks)
    client = pool.create_client(
        "demo-app",
        flows=["USER_PASSWORD_AUTH", "USER_SRP_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email", "profile", "aws.cognito.signin.user.admin"],
        CallbackURLs=urls,
        LogoutURLs=urls,
        SupportedIdentityProviders=["COGNITO"],
    )
    pool.create_user("demo", password=DEMO_PASSWORD, email="demo@example.com")
    return {
        "pool_id": pool.id,
        "client_id": client.id,
        "username": "demo",
        "callback": urls[0],
        "issuer": pool.issuer,
    }


def demo_text(url: str, region: str, demo: dict[str, str]) -> str:
    """How to reach the demo user from a shell and from Python."""
    client_id, username = demo["client_id"], demo["username"]
    login = (
        f"{url}/oauth2/authorize?client_id={client_id}&response_type=code&scope=openid+email"
        f"&redirect_uri={quote(demo['callback'], safe='')}"
    )
    params = f'{{"USERNAME": "{username}", "PASSWORD": "{DEMO_PASSWORD}"}}'
    return f"""
Demo data
  user pool   {demo["pool_id"]}
  app client  {client_id}
  user        {demo["username"]} / {DEMO_PASSWORD}  (demo@example.com)

Hosted UI (the login page; after sign-in the browser lands on {demo["callback"]}?code=...):
  {login}
OIDC authority for oidc-client-ts / Amplify (discovery, JWKS; CORS is open to any origin):
  {demo["issuer"]}

From a shell (AWS CLI v2):
  export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER={url}
  export AWS_DEFAULT_REGION={region} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
  aws cognito-idp initiate-auth --client-id {client_id} --auth-flow USER_PASSWORD_AUTH \\
      --auth-parameters 'USERNAME={demo["username"]},PASSWORD={DEMO_PASSWORD}'

From Python:
  import boto3
  idp = boto3.client("cognito-idp", endpoint_url="{url}", region_name="{region}",
                     aws_access_key_id="testing", aws_secret_access_key="testing")
  out = idp.initiate_auth(ClientId="{client_id}", AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={params})
  print(idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"]))
"""


def _on_signal(signum: int, frame: FrameType | None) -> None:
    raise _Stop()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    service = Service(Config(region=args.region, issuer=args.issuer))
    try:
        server = Server(_report_bugs(service, make_app(service)), port=args.port)
    except OSError as exc:
        print(f"cannot listen on {LOOPBACK}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    # Both signals explicitly: a background process may have inherited SIGINT as ignored.
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    with contextlib.suppress(KeyboardInterrupt, _Stop):
        try:
            _serve(server, service, args)
        finally:
            server.stop()
    print("stopped", flush=True)
    return 0


def _serve(server: Server, service: Service, args: argparse.Namespace) -> None:
    service.url = server.url
    jwt_keys.warm_up()
    print(f"pytest-cognito-fake {__version__} listening on {server.url}", flush=True)
    if args.demo:
        print(
            demo_text(
                server.url,
                args.region,
                seed_demo(CognitoFake(service, server.url), args.callback or DEMO_CALLBACKS),
            )
        )
    print("Ctrl-C stops it.", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    raise SystemExit(main())
