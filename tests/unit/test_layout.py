"""The package's layers (docs/architecture.md): no import circle, and each layer imports only
those below it. Module-level imports count; imports inside functions are deferred on purpose."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest_cognito_fake

ROOT = Path(pytest_cognito_fake.__file__).parent
#: Layer -> the packages it must not import.
FORBIDDEN = {
    "state": {"core", "api", "http", "hosted_ui"},
    "core": {"api", "http", "hosted_ui"},
    "api": {"http", "hosted_ui"},
}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Module -> the package modules it imports at module level."""
    paths = {_module(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], node.module or ""])
                base = base.rstrip(".")
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    found.add(child if child in paths else base)
        graph[name] = {m for m in found if m in paths and m != name}
    return graph


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_no_import_circle() -> None:
    graph = _imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import circle: " + " -> ".join([*path, module]))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_layers_import_downwards() -> None:
    wrong = [
        f"{module} imports {imported}"
        for module, imports in _imports().items()
        for imported in imports
        if _layer(imported) in FORBIDDEN.get(_layer(module), set())
    ]
    assert wrong == []
