"""The documentation's promises about itself: every Python/TOML snippet in docs/ is included
from a test in tests/examples/, the README's own snippet is a test too, the README lists every
page, and the quick start's test command is the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_cognito_fake import plugin

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"^```(\w+)\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
PAGES = sorted(DOCS.glob("*.md"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack)))


SNIPPETS = [(lang, body) for lang, body in BLOCKS if lang in ("python", "toml")]


@pytest.mark.parametrize(
    "snippet",
    [body for _, body in SNIPPETS],
    ids=[f"{lang}-{n}" for n, (lang, _) in enumerate(SNIPPETS)],
)
def test_readme_snippet_lives_in_an_example(snippet: str) -> None:
    """Its imports are in the file, the rest is there as one piece."""
    lines = _lines(snippet)
    imports = [line for line in lines if line.startswith(("import ", "from "))]
    body = [line for line in lines if line not in imports]
    homes = [
        path
        for path in (ROOT / "tests" / "examples").glob("*.py")
        if _contains(_lines(path.read_text()), body)
        and set(imports) <= set(_lines(path.read_text()))
    ]
    assert homes, f"this README snippet is in no file under tests/examples/:\n{snippet}"


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_docs_code_is_included_from_examples(page: Path) -> None:
    text = page.read_text()
    inline = re.findall(r"^```(python|toml|py)\b", text, re.MULTILINE)
    assert not inline, f"{page.name}: write the snippet as a test and literalinclude it"
    for target in re.findall(r"^```\{literalinclude\} (\S+)", text, re.MULTILINE):
        path = (DOCS / target).resolve()
        assert path.parent == ROOT / "tests" / "examples", f"{page.name}: {target}"
        assert path.is_file(), f"{page.name}: {target} does not exist"


def test_readme_lists_every_page() -> None:
    for page in PAGES:
        assert f"(docs/{page.name})" in README or page.name in ("index.md", "changelog.md"), (
            f"README's table of contents lacks docs/{page.name}"
        )


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
    fixture_page = (DOCS / "fixture.md").read_text()
    for name in (*plugin.ENV, *plugin.UNSET):
        assert f"`{name}`" in fixture_page, name
