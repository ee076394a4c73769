"""Sphinx settings for the pytest-cognito-fake documentation (Markdown pages via MyST)."""

from __future__ import annotations

project = "pytest-cognito-fake"
author = "pytest-cognito-fake contributors"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
html_theme = "alabaster"
html_title = project
# Snippets are included from tests/examples/ (literalinclude), so every example runs in CI.
highlight_language = "python"
