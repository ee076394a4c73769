"""The sign-in pipeline's order, pinned: a change here is a change of behaviour."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from pytest_cognito_fake import api
from pytest_cognito_fake.core import passkeys
from pytest_cognito_fake.core.signin import (
    attempt,
    auth_triggers,
    choice,
    custom_auth,
    events,
    mfa_challenges,
    password,
    password_srp,
    remembered_devices,
)
from pytest_cognito_fake.core.signin.pipeline import API, HOSTED_UI


def test_steps_run_in_this_order() -> None:
    assert API.before_checks == (auth_triggers.pre_authentication,)
    assert API.after_password == (remembered_devices.device_step, mfa_challenges.mfa_step)
    assert API.before_issue == (remembered_devices.new_device, auth_triggers.post_authentication)
    assert API.issue is attempt.issue
    assert API.on_event == (events.record,)


def test_the_hosted_ui_remembers_no_device_and_mints_no_tokens() -> None:
    assert HOSTED_UI.before_issue == (auth_triggers.post_authentication,)
    assert HOSTED_UI.issue is attempt.mark_authenticated
    assert HOSTED_UI.after_password == API.after_password
    assert HOSTED_UI.challenges == API.challenges


def test_every_flow_and_challenge() -> None:
    assert dict(API.flows) == {
        "USER_PASSWORD_AUTH": password.password_flow,
        "ADMIN_USER_PASSWORD_AUTH": password.password_flow,
        "ADMIN_NO_SRP_AUTH": password.password_flow,
        "USER_SRP_AUTH": password_srp.srp_flow,
        "REFRESH_TOKEN_AUTH": password.refresh_flow,
        "REFRESH_TOKEN": password.refresh_flow,
        "CUSTOM_AUTH": custom_auth.start,
        "USER_AUTH": choice.user_auth_flow,
    }
    assert set(API.challenges) == {
        "PASSWORD_VERIFIER",
        "NEW_PASSWORD_REQUIRED",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
        "SMS_MFA",
        "SOFTWARE_TOKEN_MFA",
        "EMAIL_OTP",
        "SMS_OTP",
        "SELECT_MFA_TYPE",
        "MFA_SETUP",
        "SELECT_CHALLENGE",
        "WEB_AUTHN",
        "CUSTOM_CHALLENGE",
    }
    assert API.challenges["WEB_AUTHN"] is passkeys.answer
    assert set(API.session_finders) == {
        "PASSWORD_VERIFIER",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
    }
    assert set(API.decoy_answers) == {
        "SELECT_CHALLENGE",
        "EMAIL_OTP",
        "SMS_OTP",
        "CUSTOM_CHALLENGE",
    }


def test_the_operation_table_lists_every_api_module() -> None:
    found = {m.name for m in pkgutil.iter_modules(api.__path__) if not m.name.startswith("_")}
    assert set(api.MODULES) == found
    assert api.load_all() == api.load_all()


def test_each_module_is_listed_with_the_operations_it_serves() -> None:
    """The service imports a module on the first call of an operation listed for it, so the
    list must say exactly what each module's ``@operation`` marks say."""
    served = {name: fn.__module__.rsplit(".", 1)[1] for name, fn in api.load_all().items()}
    assert served == api.MODULE_OF


def test_a_service_imports_the_modules_of_the_operations_it_is_asked_for() -> None:
    """Only those: a session that signs users in never pays for branding or import jobs."""
    code = (
        "import sys\n"
        "from pytest_cognito_fake.fake import CognitoFake\n"
        "from pytest_cognito_fake.service import Service\n"
        "service = Service()\n"
        "CognitoFake(service, 'http://127.0.0.1:9').create_user_pool('p')\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules\n"
        "             if m.startswith('pytest_cognito_fake.api.') and '._' not in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['pools']"]
