"""The public surface: every name in ``__all__`` resolves, and what the facade hands a test is
among them."""

from __future__ import annotations

import typing

import pytest_cognito_fake as package
from pytest_cognito_fake.fake import CognitoFake
from pytest_cognito_fake.hosted_ui.agent import HostedUI


def test_every_public_name_resolves() -> None:
    for name in package.__all__:
        assert getattr(package, name) is not None, name


def test_what_a_test_receives_is_public() -> None:
    public = {name: getattr(package, name) for name in package.__all__}
    returned = [
        typing.get_type_hints(method, localns=public)["return"]
        for method in (CognitoFake.hosted_ui, CognitoFake.seed, HostedUI.login, HostedUI.authorize)
    ]
    for kind in returned:
        assert getattr(package, kind.__name__) is kind
