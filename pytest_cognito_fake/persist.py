"""``--state FILE``: the standalone server's state and signing keys in one JSON file.

The state is saved generically: dataclasses by their fields, containers by their items, each
tagged with its type where JSON alone would lose it (``{"__type__": "module:Class", ...}``).
A record held in several places (point-in-time recovery images share unchanged users) is
written once and referred to after (``{"__ref__": n}``), so the file keeps the sharing the
memory has. Only this package's classes are ever rebuilt from a file. A save writes a temporary file
beside the target, syncs it and renames it over the target, so the file is always either the
old state or the new one; the server saves before it answers, so a crash loses nothing a
client was told had happened. A file that cannot be read is an error naming it — never a
silent fresh start.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import importlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from .crypto import jwt as jwt_keys
from .state.store import State

FORMAT = "pytest-cognito-fake state"
VERSION = 2
_PACKAGE = __name__.rsplit(".", 1)[0]
_BUILTINS = {"tuple": tuple, "set": set, "frozenset": frozenset}


class StateFileError(Exception):
    """A state file that cannot be loaded or saved; the message names the file."""


# ------------------------------------------------------------------------------ the codec


def encode(value: Any, where: str = "state", seen: dict[int, int] | None = None) -> Any:
    """``value`` as JSON-ready data; TypeError names where an unsavable value sits. ``seen``
    numbers the records already written (by identity), so a shared one is written once."""
    if value is None or _plain(value):
        return value
    seen = {} if seen is None else seen
    kind = type(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return {"__ref__": seen[id(value)]}
        seen[id(value)] = number = len(seen)
        fields = {
            f.name: encode(getattr(value, f.name), f"{where}.{f.name}", seen)
            for f in dataclasses.fields(value)
        }
        return {"__type__": _name(kind), "__id__": number, "fields": fields}
    if isinstance(value, enum.Enum):
        return {"__type__": _name(kind), "value": encode(value.value, where, seen)}
    if isinstance(value, dict):
        return _encode_dict(value, where, seen)
    if isinstance(value, (list, tuple)):
        items = [encode(item, f"{where}[{n}]", seen) for n, item in enumerate(value)]
        if kind is list:
            return items
        return {"__type__": "tuple" if kind is tuple else _name(kind), "items": items}
    if isinstance(value, (set, frozenset)):
        items = sorted((encode(item, where, seen) for item in value), key=_sort_key)
        return {"__type__": "set" if kind is set else "frozenset", "items": items}
    if isinstance(value, (bytes, bytearray)):
        return {"__type__": "bytes", "base64": base64.b64encode(value).decode()}
    raise TypeError(f"cannot save {kind.__qualname__} at {where}")


def _plain(value: Any) -> bool:
    """Built-in scalars only (a str or int subclass, an Enum member say, needs its type)."""
    return type(value) in (bool, int, float, str)


def _encode_dict(value: dict[Any, Any], where: str, seen: dict[int, int]) -> Any:
    plain = (
        type(value) is dict
        and all(type(k) is str for k in value)
        and "__type__" not in value
        and "__ref__" not in value
    )
    if plain:
        return {k: encode(v, f"{where}[{k!r}]", seen) for k, v in value.items()}
    items = [[encode(k, where, seen), encode(v, f"{where}[{k!r}]", seen)] for k, v in value.items()]
    return {"__type__": "dict" if type(value) is dict else _name(type(value)), "items": items}


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True)


def _name(kind: type) -> str:
    if not kind.__module__.startswith(_PACKAGE):
        raise TypeError(f"cannot save {kind.__module__}.{kind.__qualname__}")
    return f"{kind.__module__}:{kind.__qualname__}"


def decode(data: Any, refs: dict[int, Any] | None = None) -> Any:
    """The value ``encode`` made ``data`` from (shared records shared again)."""
    refs = {} if refs is None else refs
    if isinstance(data, list):
        return [decode(item, refs) for item in data]
    if not isinstance(data, dict):
        return data
    tag = data.get("__type__")
    if tag is None:
        if "__ref__" in data:
            return refs[data["__ref__"]]
        return {k: decode(v, refs) for k, v in data.items()}
    if tag == "bytes":
        return base64.b64decode(data["base64"])
    if tag == "dict":
        return {decode(k, refs): decode(v, refs) for k, v in data["items"]}
    if tag in _BUILTINS:
        return _BUILTINS[tag](decode(item, refs) for item in data["items"])
    kind = _resolve(tag)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        obj = object.__new__(kind)
        refs[data["__id__"]] = obj  # before its fields: they may refer back to it
        for name, value in data["fields"].items():
            object.__setattr__(obj, name, decode(value, refs))
        return obj
    if issubclass(kind, enum.Enum):
        return kind(decode(data["value"], refs))
    items = data["items"]
    if issubclass(kind, dict):
        return kind({decode(k, refs): decode(v, refs) for k, v in items})
    if issubclass(kind, tuple):
        return kind(*(decode(item, refs) for item in items))
    return kind(decode(item, refs) for item in items)


def _resolve(tag: str) -> Any:
    module_name, _, qualname = str(tag).partition(":")
    if not (module_name == _PACKAGE or module_name.startswith(f"{_PACKAGE}.")) or not qualname:
        raise ValueError(f"unknown type {tag!r}")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    if not isinstance(obj, type):
        raise ValueError(f"unknown type {tag!r}")
    return obj


# -------------------------------------------------------------------------------- the file


def dumps(state: State) -> str:
    """The file's text: the format, the signing keys and the state."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "keys": jwt_keys.export_keys(),
            "state": encode(state),
        },
        separators=(",", ":"),  # compact: indenting would triple the time of a save
    )


def load(path: Path) -> State:
    """The state saved in ``path``, installing its signing keys; StateFileError otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StateFileError(f"cannot read the state file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise StateFileError(f"the state file {path} is not text (corrupt?)") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise StateFileError(f"the state file {path} is not valid JSON (corrupt?): {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StateFileError(f"{path} is not a pytest-cognito-fake state file")
    if data.get("version") != VERSION:
        raise StateFileError(
            f"the state file {path} has format version {data.get('version')!r};"
            f" this version reads {VERSION}"
        )
    try:
        state = decode(data["state"])
        if not isinstance(state, State):
            raise ValueError("no state in it")
        jwt_keys.import_keys(data["keys"])
    except (KeyError, TypeError, ValueError, AttributeError, ImportError) as exc:
        raise StateFileError(f"the state file {path} is damaged: {exc!r}") from None
    return state


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old or the new file whole."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StateFileError(f"cannot save the state file {path}: {exc.strerror}") from None
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


class Saver:
    """Saves the service's state to ``path`` whenever it differs from what was saved last
    (called after every request, before the response goes out)."""

    def __init__(self, service: Any, path: Path) -> None:
        self.service = service
        self.path = path
        self._lock = threading.Lock()
        self._saved: str | None = None

    def __call__(self) -> None:
        with self._lock:
            with self.service.lock:
                text = dumps(self.service.state)
            if text != self._saved:
                write_atomically(self.path, text)
                self._saved = text
