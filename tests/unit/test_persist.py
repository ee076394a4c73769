"""The --state codec: any state the service holds comes back equal, and nothing outside the
package is saved or rebuilt."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from pytest_cognito_fake import persist
from pytest_cognito_fake.outbox import Message, Outbox
from pytest_cognito_fake.state.store import State


def _round_trip(value: object) -> object:
    return persist.decode(json.loads(json.dumps(persist.encode(value))))


def test_containers_and_records_come_back_equal_and_typed() -> None:
    state = State()
    state.spent_sessions["b"] = True
    state.domains["auth"] = "us-east-1_x"
    state.outbox.append(Message("a@b.c", "EMAIL", "sign_up", "123456", "t", None, "p", "u", 1.5))
    back = _round_trip(state)
    assert back == state
    assert isinstance(back, State)
    assert type(back.outbox) is Outbox
    for value in ({"b", "a"}, ("x", 1), b"\x00\xff", {1: "one"}, {"__type__": "not a tag"}):
        assert _round_trip(value) == value
    assert type(_round_trip(("x", 1))) is tuple


def test_the_same_state_encodes_the_same_way() -> None:
    one, two = {"s": {"x", "y", "z"}}, {"s": {"z", "y", "x"}}
    assert json.dumps(persist.encode(one)) == json.dumps(persist.encode(two))


def test_what_cannot_be_saved_is_named() -> None:
    state = State()
    state.domains["lock"] = threading.Lock()  # type: ignore[assignment]
    with pytest.raises(TypeError, match=r"at state\.domains\['lock'\]"):
        persist.encode(state)


def test_a_file_names_only_package_types(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "format": persist.FORMAT,
                "version": persist.VERSION,
                "keys": {},
                "state": {"__type__": "subprocess:Popen", "items": [["id"]]},
            }
        )
    )
    with pytest.raises(persist.StateFileError, match="unknown type 'subprocess:Popen'"):
        persist.load(path)
