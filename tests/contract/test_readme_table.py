"""The operations table in docs/operations.md is generated; it must match the code."""

from __future__ import annotations

from pathlib import Path

from pytest_cognito_fake import model, optable

PAGE = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_operations_table_is_fresh() -> None:
    text = PAGE.read_text()
    assert optable.START in text, "docs/operations.md lacks the generated operations table"
    assert optable.splice(text) == text, (
        "docs/operations.md's table is stale: run `python -m pytest_cognito_fake.optable`"
    )


def test_table_lists_every_model_operation() -> None:
    rows = [line for line in optable.table().splitlines() if line.startswith("| ")][2:]
    assert len(rows) == len(model.operation_names())
