"""The documentation's table of every operation in the shipped model and where the fake
serves it.

``python -m pytest_cognito_fake.optable`` rewrites the table in docs/operations.md in place;
``tests/contract`` fails when that copy is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import model
from .api import load_all

START = "<!-- operations:start -->"
END = "<!-- operations:end -->"


def table() -> str:
    """The markdown table (between the markers, markers included)."""
    handlers = load_all()
    names = sorted(model.operation_names())
    done = sum(1 for name in names if name in handlers)
    lines = [
        START,
        f"{done} of {len(names)} operations of the cognito-idp model of botocore"
        f" {model.release()} are implemented.",
        "",
        "| Operation | Module | Caller proof |",
        "| --- | --- | --- |",
    ]
    for name in names:
        handler = handlers.get(name)
        where = f"`api/{handler.__module__.rsplit('.', 1)[-1]}.py`" if handler else "—"
        proof = "SigV4 (IAM)" if model.is_signed(name) else "token / client id"
        lines.append(f"| {name} | {where} | {proof} |")
    lines.append(END)
    return "\n".join(lines)


def splice(text: str) -> str:
    """``text`` with its table replaced by a fresh one."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + table() + tail


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else "docs/operations.md")
    text = path.read_text()
    if START not in text or END not in text:
        print(f"{path} has no {START} ... {END} markers", file=sys.stderr)
        return 1
    path.write_text(splice(text))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
