"""``cognito-fake`` / ``python -m pytest_cognito_fake``: the fixture's service, standalone.

For front-end work, trying the fake by hand, or code under test that runs in another process.
Every email and SMS is printed as one line with its code and served at
``/_cognito_fake/outbox``. ``--seed`` creates pools, clients, groups and users with fixed ids;
``--tls`` serves HTTPS with a local CA. Ctrl-C (SIGINT) or SIGTERM stops it cleanly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

from . import __version__, persist
from .crypto import jwt as jwt_keys
from .fake import CognitoFake
from .http.app import make_app
from .http.server import LOOPBACK, Server
from .service import Config, Service
from .standalone import OUTBOX_PATH, Standalone

DEFAULT_PORT = 9229
DEMO_PASSWORD = "Passw0rd!"
#: Where front-end dev servers usually run (create-react-app / Next.js, Vite).
DEMO_CALLBACKS = ("http://localhost:3000/", "http://localhost:5173/")
#: The demo's ids never change, so a front end configured for them keeps working.
DEMO_POOL_SUFFIX = "DemoPool1"
DEMO_CLIENT_ID = "demoappclient0000000000000"
DEMO_SUB = "00000000-0000-4000-8000-000000000001"


class _Stop(BaseException):
    """Raised by the SIGINT/SIGTERM handler to leave serve_forever. A BaseException, as
    KeyboardInterrupt is: socketserver swallows any Exception raised while it starts a request
    thread, so a signal landing there would otherwise be lost."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cognito-fake",
        description="Serve an in-memory Amazon Cognito user-pools service (127.0.0.1:9229).",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    parser.add_argument(
        "--host",
        default=LOOPBACK,
        help=f"address to listen on (default {LOOPBACK}; 0.0.0.0: every interface, so a dev"
        " container's host or a phone on the LAN can reach it)",
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
    parser.add_argument(
        "--seed",
        metavar="FILE",
        type=Path,
        help="create the pools, app clients, groups and users a JSON or TOML file describes",
    )
    parser.add_argument(
        "--state",
        metavar="FILE",
        type=Path,
        help="keep everything (users, ids, signing keys, sessions) in FILE: loaded at start,"
        " saved after every change",
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a certificate from a local CA made at first start",
    )
    parser.add_argument(
        "--tls-dir",
        metavar="DIR",
        type=Path,
        help="where --tls keeps its CA and certificate (default: beside --state, else"
        " ~/.cache/pytest-cognito-fake/tls)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def demo_seed(region: str, callbacks: Iterable[str] = DEMO_CALLBACKS) -> dict[str, Any]:
    """The demo in the seed format: a pool that verifies email (so the hosted UI's sign-up
    and password-reset pages work), an app client for password and SRP sign-in and the code
    flow (for a front end on ``callbacks``), and a confirmed user; all with fixed ids."""
    urls = list(callbacks)
    return {
        "pools": [
            {
                "id": f"{region}_{DEMO_POOL_SUFFIX}",
                "name": "demo",
                "AutoVerifiedAttributes": ["email"],
                "clients": [
                    {
                        "id": DEMO_CLIENT_ID,
                        "name": "demo-app",
                        "flows": ["USER_PASSWORD_AUTH", "USER_SRP_AUTH"],
                        "AllowedOAuthFlowsUserPoolClient": True,
                        "AllowedOAuthFlows": ["code"],
                        "AllowedOAuthScopes": [
                            "openid",
                            "email",
                            "profile",
                            "aws.cognito.signin.user.admin",
                        ],
                        "CallbackURLs": urls,
                        "LogoutURLs": urls,
                        "SupportedIdentityProviders": ["COGNITO"],
                    }
                ],
                "users": [
                    {
                        "username": "demo",
                        "password": DEMO_PASSWORD,
                        "sub": DEMO_SUB,
                        "attributes": {"email": "demo@example.com"},
                    }
                ],
            }
        ]
    }


def seed_demo(fake: CognitoFake, callbacks: Iterable[str] = DEMO_CALLBACKS) -> dict[str, str]:
    """Seed the demo (``demo_seed``); what ``demo_text`` prints about it."""
    urls = list(callbacks)
    seeded = fake.seed(demo_seed(fake.region, urls))
    pool = seeded.pools["demo"]
    return {
        "pool_id": pool.id,
        "client_id": seeded.clients["demo-app"].id,
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

Hosted UI (the login page, with sign-up and password reset; after sign-in the browser lands
on {demo["callback"]}?code=...):
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


def tls_dir(args: argparse.Namespace) -> Path:
    """Where --tls keeps its files: --tls-dir, beside --state, or the user's cache."""
    if args.tls_dir is not None:
        return Path(args.tls_dir)
    state = getattr(args, "state", None)
    if state is not None:
        return Path(state).with_name(Path(state).stem + "-tls")
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "pytest-cognito-fake" / "tls"


def main(argv: list[str] | None = None) -> int:
    """Run the standalone server until SIGINT or SIGTERM; 0 when it stopped cleanly."""
    args = _parser().parse_args(argv)
    service = Service(Config(region=args.region, issuer=args.issuer))
    loaded = args.state is not None and args.state.exists()
    if loaded:
        try:
            service.state = persist.load(args.state)
        except persist.StateFileError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    certificate = None
    if args.tls:
        from . import tls

        try:
            certificate = tls.ensure(tls_dir(args), (args.host,))
        except (OSError, ValueError) as exc:
            print(f"error: --tls: {exc}", file=sys.stderr)
            return 2
    saver = persist.Saver(service, args.state) if args.state is not None else None
    console = Standalone(service, make_app(service), after_request=saver)
    try:
        server = Server(
            console,
            port=args.port,
            host=args.host,
            ssl_context=certificate.context() if certificate else None,
            allow_remote=True,
        )
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 1
    service.url = server.url
    try:
        demo = _seed(service, args, loaded)
        if saver is not None:
            saver()  # the starting state is on disk before the first request
    except (ValueError, persist.StateFileError) as exc:  # SeedError, or an unwritable file
        server.stop()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # Both signals explicitly: a background process may have inherited SIGINT as ignored.
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    with contextlib.suppress(KeyboardInterrupt, _Stop):
        try:
            _announce(server, args, demo, certificate)
            server.serve_forever()
        finally:
            server.stop()
    print("stopped", flush=True)
    return 0


def _seed(service: Service, args: argparse.Namespace, loaded: bool) -> dict[str, str] | None:
    """Apply --demo and --seed to a fresh state (a loaded one already has what they made);
    what the demo text needs, if any."""
    fake = CognitoFake(service, service.url)
    if loaded:
        print(f"state loaded from {args.state}", flush=True)
        if args.seed is not None:
            print(f"  --seed {args.seed} not applied: it seeds a fresh state only", flush=True)
    demo_pool = f"{args.region}_{DEMO_POOL_SUFFIX}"
    demo = None
    if args.demo and demo_pool in service.state.pools:
        client = service.state.pools[demo_pool].clients[DEMO_CLIENT_ID]
        demo = {
            "pool_id": demo_pool,
            "client_id": DEMO_CLIENT_ID,
            "username": "demo",
            "callback": client.settings["CallbackURLs"][0],
            "issuer": fake.pool(demo_pool).issuer,
        }
    elif args.demo:
        demo = seed_demo(fake, args.callback or DEMO_CALLBACKS)
    if args.seed is not None and not loaded:
        fake.seed(args.seed)
    return demo


def _announce(
    server: Server, args: argparse.Namespace, demo: dict[str, str] | None, certificate: Any
) -> None:
    jwt_keys.warm_up()
    print(f"pytest-cognito-fake {__version__} listening on {server.url}", flush=True)
    if args.host not in (LOOPBACK, "localhost", "::1"):
        print(f"  bound to {args.host}: other machines on your network can reach it", flush=True)
    if certificate is not None:
        print(certificate.trust_text(server.url), flush=True)
    if demo is not None:
        print(demo_text(server.url, args.region, demo), flush=True)
    print(
        f"Every email and SMS is printed below, one line each with its code, and served at"
        f" {server.url}{OUTBOX_PATH}",
        flush=True,
    )
    print("Ctrl-C stops it.", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
