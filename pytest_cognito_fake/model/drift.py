"""How the installed botocore's cognito-idp model differs from the one the fake ships.

    python -m pytest_cognito_fake.model.drift

A maintainer's view (CI prints it too): operations, structure members and error shapes that
one model has and the other lacks. It never fails: a newer botocore is normal, and the fake
answers an operation it lacks with a clear 400 (``model.unknown_operation``).
"""

from __future__ import annotations

import sys
from typing import Any

from .shapes import shipped


def _installed() -> tuple[str, dict[str, Any]]:
    import botocore
    import botocore.session

    loader = botocore.session.get_session().get_component("data_loader")
    return botocore.__version__, loader.load_service_model("cognito-idp", "service-2")


def _members(service: dict[str, Any]) -> set[str]:
    return {
        f"{name}.{member}"
        for name, spec in service["shapes"].items()
        if spec.get("type") == "structure" and not spec.get("exception")
        for member in spec.get("members", {})
    }


def _errors(service: dict[str, Any]) -> set[str]:
    return {name for name, spec in service["shapes"].items() if spec.get("exception")}


def report(installed_release: str, installed: dict[str, Any]) -> list[str]:
    """Lines saying what differs (just a heading and "no differences" when none does)."""
    ours = shipped()
    lines = [
        f"cognito-idp model: shipped from botocore {ours.release}"
        f" ({len(ours.operation_names)} operations); installed botocore {installed_release}"
        f" ({len(installed['operations'])} operations)"
    ]
    kinds = (
        ("operations", set(ours.service["operations"]), set(installed["operations"])),
        ("members", _members(ours.service), _members(installed)),
        ("error shapes", _errors(ours.service), _errors(installed)),
    )
    for kind, shipped_names, installed_names in kinds:
        for label, names in (
            ("only in installed botocore", installed_names - shipped_names),
            ("only in the shipped model", shipped_names - installed_names),
        ):
            if names:
                lines.append(f"{kind} {label} ({len(names)}): {', '.join(sorted(names))}")
    if len(lines) == 1:
        lines.append("no differences")
    return lines


def main() -> int:
    print("\n".join(report(*_installed())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
