"""The in-process route: while the fixture is active, every botocore client of the test process
addressed to the fake skips the socket (and only those); a marker or ini option keeps real HTTP."""

from __future__ import annotations

import pytest

from pytest_cognito_fake.api import load_all

load_all()  # see test_fixture.py: an inner run must not register the operations again

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")

#: Counts what botocore hands to its socket-backed HTTP session, per destination port.
CONFTEST = """
import collections

import botocore.httpsession
import pytest

SOCKET_SENDS = collections.Counter()


@pytest.fixture(autouse=True)
def socket_sends(monkeypatch):
    real = botocore.httpsession.URLLib3Session.send

    def counting(self, request):
        SOCKET_SENDS[request.url.split("/")[2]] += 1
        return real(self, request)

    SOCKET_SENDS.clear()
    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", counting)
    return SOCKET_SENDS
"""

#: App code as users write it: its own client, found through the environment.
APP_CALLS = """
import boto3

def sign_in_flow(cognito_fake):
    pool = cognito_fake.create_user_pool("app")
    web = pool.create_client("web", flows=["USER_PASSWORD_AUTH"])
    pool.create_user("alice", password="Passw0rd!")
    idp = boto3.client("cognito-idp")
    out = idp.initiate_auth(ClientId=web.id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "alice", "PASSWORD": "Passw0rd!"})
    user = idp.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
    assert user["Username"] == "alice"
    assert [c.operation for c in cognito_fake.calls()] == ["InitiateAuth", "GetUser"]
    with __import__("pytest").raises(idp.exceptions.UserNotFoundException):
        idp.admin_get_user(UserPoolId=pool.id, Username="nobody")
    return cognito_fake.url.split("/")[2]
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:benchmark", *args)


def test_app_code_clients_skip_the_socket(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        APP_CALLS
        + """
def test_own_client(cognito_fake, socket_sends):
    sign_in_flow(cognito_fake)
    assert socket_sends == {}

def test_boto3_client_too(cognito_fake, socket_sends):
    cognito_fake.boto3_client().list_user_pools(MaxResults=1)
    assert socket_sends == {}

def test_boto3_client_http_uses_the_socket(cognito_fake, socket_sends):
    cognito_fake.boto3_client(http=True).list_user_pools(MaxResults=1)
    assert socket_sends == {cognito_fake.url.split("/")[2]: 1}
"""
    )
    run(pytester).assert_outcomes(passed=3)


def test_other_addresses_still_go_to_the_socket(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        """
        import boto3
        import botocore.config
        import botocore.exceptions
        import pytest

        def test_elsewhere(cognito_fake, socket_sends):
            once = botocore.config.Config(retries={"total_max_attempts": 1})
            idp = boto3.client("cognito-idp", endpoint_url="http://127.0.0.1:9", config=once)
            with pytest.raises(botocore.exceptions.EndpointConnectionError):
                idp.list_user_pools(MaxResults=1)
            assert socket_sends == {"127.0.0.1:9": 1}
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_marker_forces_real_http(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(
        APP_CALLS
        + """
import pytest

@pytest.mark.cognito_fake(http=True)
def test_marked(cognito_fake, socket_sends):
    address = sign_in_flow(cognito_fake)
    assert socket_sends == {address: 3}
    cognito_fake.boto3_client().list_user_pools(MaxResults=1)
    assert socket_sends == {address: 4}
"""
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_ini_option_forces_real_http_unless_a_marker_says_otherwise(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makeini("[pytest]\ncognito_fake_http = true\n")
    pytester.makepyfile(
        APP_CALLS
        + """
import pytest

def test_by_ini(cognito_fake, socket_sends):
    address = sign_in_flow(cognito_fake)
    assert socket_sends == {address: 3}

@pytest.mark.cognito_fake(http=False)
def test_marked_in_process(cognito_fake, socket_sends):
    sign_in_flow(cognito_fake)
    assert socket_sends == {}
"""
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_bad_http_value_is_reported(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.cognito_fake(http="yes")
        def test_bad(cognito_fake):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*cognito_fake http must be True or False, not 'yes'*"])


def test_botocore_is_left_as_it_was_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import botocore.endpoint

        original = botocore.endpoint.Endpoint._send

        def test_during(cognito_fake):
            assert botocore.endpoint.Endpoint._send is not original

        def test_after():
            assert botocore.endpoint.Endpoint._send is original
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_first_use_does_not_import_botocore(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_seed_only(cognito_fake):
            pool = cognito_fake.create_user_pool("app")
            pool.create_user("alice", password="Passw0rd!").sign_in(pool.create_client("web"))
            assert "botocore" not in sys.modules
            # The API's path needs no werkzeug; the hosted UI's routes load on first request.
            assert "werkzeug" not in sys.modules
            # The signing keys load from their numbers, without the PEM machinery.
            assert "cryptography.hazmat.primitives.serialization" not in sys.modules

        def test_app_code_importing_boto3_now_still_reaches_the_fake(cognito_fake):
            import boto3  # first imported here: this test's calls go over HTTP

            assert boto3.client("cognito-idp").list_user_pools(MaxResults=1)["UserPools"] == []

        def test_the_first_routed_request_loads_the_routes(cognito_fake):
            import json, urllib.request

            pool = cognito_fake.create_user_pool("app")
            url = f"{cognito_fake.url}/{pool.id}/.well-known/jwks.json"
            with urllib.request.urlopen(url) as response:
                assert [key["alg"] for key in json.load(response)["keys"]] == ["RS256"] * 2
            assert "werkzeug" in sys.modules
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:benchmark", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    heavy = ["werkzeug", "botocore", "boto3", "cryptography", "jwt", "regex", "requests"]
    probe = (
        "import sys, pytest, pytest_cognito_fake.plugin, pytest_cognito_fake; "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
