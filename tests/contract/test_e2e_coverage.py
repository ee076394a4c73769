"""Every operation of the model is called through boto3 by at least one end-to-end test."""

from __future__ import annotations

import re
from pathlib import Path

from botocore import xform_name

from pytest_cognito_fake import model

from .pending import PENDING

TESTS = Path(__file__).resolve().parents[1]
E2E = ("e2e", "hosted_ui", "examples")


def test_every_operation_has_a_boto3_test() -> None:
    text = "\n".join(
        path.read_text() for folder in E2E for path in (TESTS / folder).rglob("test_*.py")
    )
    missing = [
        name
        for name in sorted(model.operation_names() - PENDING)
        if not re.search(rf"\.{xform_name(name)}\(", text)
    ]
    assert not missing, f"no boto3 call in tests/{{{','.join(E2E)}}} for: {missing}"
