"""Small helpers the boto3 tests share: sign-in and sign-up calls, AWS error checks, attribute
and claim readers. Imported relatively (``from ..helpers import sign_in``), as the suite runs
with ``--import-mode=importlib``."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jwt
import pytest

PASSWORD = "Passw0rd!"


@contextmanager
def aws_error(idp: Any, name: str, message: str) -> Iterator[None]:
    """The call inside raises AWS error ``name`` with exactly ``message``."""
    with pytest.raises(getattr(idp.exceptions, name)) as err:
        yield
    assert err.value.response["Error"]["Message"] == message


def raises(idp: Any, error: str, message: str) -> Any:
    """pytest.raises for a Cognito error class with exactly ``message`` (botocore puts the
    message last in the exception's text)."""
    return pytest.raises(getattr(idp.exceptions, error), match=f": {re.escape(message)}$")


def error_of(exc: Any) -> tuple[str, str]:
    """(code, message) of a caught botocore ClientError (``pytest.raises`` info)."""
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


def sign_in(
    idp: Any, client: Any, username: str = "alice", password: str = PASSWORD, **extra: str
) -> Any:
    """InitiateAuth with USER_PASSWORD_AUTH: the whole response (tokens or a challenge)."""
    return idp.initiate_auth(
        ClientId=client.id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password, **extra},
    )


def auth_result(
    idp: Any, client: Any, username: str = "alice", password: str = PASSWORD, **extra: str
) -> dict[str, Any]:
    """The tokens of a USER_PASSWORD_AUTH sign-in that needs no challenge."""
    result: dict[str, Any] = sign_in(idp, client, username, password, **extra)[
        "AuthenticationResult"
    ]
    return result


def respond(idp: Any, client: Any, name: str, session: str, **responses: str) -> Any:
    """RespondToAuthChallenge for alice (unless ``USERNAME`` is given) with ``responses``."""
    return idp.respond_to_auth_challenge(
        ClientId=client.id,
        ChallengeName=name,
        Session=session,
        ChallengeResponses={"USERNAME": "alice", **responses},
    )


def answer_totp(fake: Any, idp: Any, client: Any, session: str, user: Any) -> Any:
    """Answer SOFTWARE_TOKEN_MFA with the current code of ``user``'s software token."""
    return respond(
        idp, client, "SOFTWARE_TOKEN_MFA", session, SOFTWARE_TOKEN_MFA_CODE=fake.totp_code(user)
    )


def sign_up(
    idp: Any,
    client: Any,
    username: str = "alice",
    email: str | None = "alice@example.com",
    **kwargs: Any,
) -> Any:
    """SignUp with the shared password and, unless ``email`` is None, an email attribute."""
    attrs = [{"Name": "email", "Value": email}] if email else []
    return idp.sign_up(
        ClientId=client.id, Username=username, Password=PASSWORD, UserAttributes=attrs, **kwargs
    )


def attrs(out: dict[str, Any], key: str = "UserAttributes") -> dict[str, str]:
    """A user's attribute list (``UserAttributes`` or ``Attributes``) as a dict."""
    return {a["Name"]: a["Value"] for a in out[key]}


def claims(token: str) -> dict[str, Any]:
    """A JWT's claims, unverified (the tests that check signatures use PyJWKClient)."""
    return jwt.decode(token, options={"verify_signature": False})


def username_of(access_token: str) -> str:
    """Whom an access token is for (its ``username`` claim)."""
    return str(claims(access_token)["username"])


def signed_in_user(idp: Any, client: Any, username: str = "alice", password: str = PASSWORD) -> str:
    """Sign in with USER_PASSWORD_AUTH (no challenge expected); whom the tokens are for."""
    return username_of(auth_result(idp, client, username, password)["AccessToken"])


def other_than(code: str) -> str:
    """A six-digit code that is surely not ``code``."""
    return "000000" if code != "000000" else "111111"


def pad(n: int) -> str:
    """An SRP number as Cognito's clients hash it: even-length hex, with a leading 00 where the
    top bit is set (so it reads as positive)."""
    h = format(n, "x")
    return "0" + h if len(h) % 2 else ("00" + h if h[0] in "89abcdef" else h)


def h_int(hex_string: str) -> int:
    """SHA-256 of the bytes ``hex_string`` spells, as an integer (SRP's H)."""
    return int(hashlib.sha256(bytes.fromhex(hex_string)).hexdigest(), 16)


def recorder(events: list[dict[str, Any]], **response: Any) -> Any:
    """A trigger that records its events and sets ``response`` members."""

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        events.append(event)
        event["response"].update(response)
        return event

    return handler


#: What the ``shift`` fixture gives: move the frozen clock forward by N seconds.
Shift = Callable[[float], Any]
