"""A small HTML form reader for the page tests: what a browser would submit, and no more."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin


@dataclass
class Form:
    name: str
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    #: Radio groups: name -> the values offered.
    options: dict[str, list[str]] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.texts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if "id" in attr:
            self.ids[attr["id"]] = attr
            self._open = attr["id"]
            self.texts.setdefault(attr["id"], "")
        if tag == "form":
            self.forms.append(Form(attr.get("name", ""), attr["action"], attr["method"]))
        elif tag == "input" and self.forms and attr.get("name"):
            form = self.forms[-1]
            if attr.get("type") == "radio":
                form.options.setdefault(attr["name"], []).append(attr["value"])
                if "checked" in attr:
                    form.fields[attr["name"]] = attr["value"]
            elif attr.get("type") != "submit":
                form.fields[attr["name"]] = attr.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.texts[self._open] += data


class Page:
    """A fetched page: its forms by name, elements by id, and their text."""

    def __init__(self, response: Any) -> None:
        self.response = response
        reader = _Reader()
        reader.feed(response.text)
        self.forms = {form.name: form for form in reader.forms}
        self.ids = reader.ids
        self.texts = reader.texts

    def text(self, element_id: str) -> str:
        return self.texts[element_id].strip()

    def submit(self, http: Any, form_name: str, **values: str) -> Any:
        """POST the form as a browser would (its fields, changed by ``values``), no redirects."""
        form = self.forms[form_name]
        data = {**form.fields, **values}
        url = urljoin(self.response.url, form.action)
        return http.post(url, data=data, allow_redirects=False)
