"""The README's promises about itself: every Python/TOML snippet is a test here, and the
quick start's test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_cognito_fake import plugin

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.MULTILINE | re.DOTALL)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _sources() -> dict[str, list[str]]:
    return {
        str(path.relative_to(ROOT)): _lines(path.read_text())
        for path in sorted((ROOT / "tests").rglob("*.py"))
    }


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack)))


SNIPPETS = [(lang, body) for lang, body in BLOCKS if lang in ("python", "toml")]


@pytest.mark.parametrize(
    "snippet",
    [body for _, body in SNIPPETS],
    ids=[f"{lang}-{n}" for n, (lang, _) in enumerate(SNIPPETS)],
)
def test_snippet_lives_in_a_test(snippet: str) -> None:
    """Its imports are in the file, the rest is there as one piece."""
    lines = _lines(snippet)
    imports = [line for line in lines if line.startswith(("import ", "from "))]
    body = [line for line in lines if line not in imports]
    homes = [
        name
        for name, source in _sources().items()
        if _contains(source, body) and set(imports) <= set(source)
    ]
    assert homes, f"this README snippet is in no test file under tests/:\n{snippet}"


def test_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    lang, quick = BLOCKS[0]
    assert lang == "bash"
    assert quick.splitlines() == [
        "pip install -e . && python -m pytest_cognito_fake --demo",
        "pip install -e '.[test]' && python -m pytest -n 2",
    ]
    assert README.index("## Quick start") < 600
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -q -e '.[test]'" in ci
    assert re.search(r"^python -m pytest -n 2\b", ci, re.MULTILINE)


def test_every_environment_variable_the_fixture_touches_is_documented() -> None:
    for name in (*plugin.ENV, *plugin.UNSET):
        assert f"`{name}`" in README, name
