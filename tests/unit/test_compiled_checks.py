"""The per-shape predicates that let a valid request and a well-formed answer pass without
building messages must agree with the checks that word AWS's messages, on every operation:
a predicate that says "valid" where the full check finds a violation would let bad input in."""

from __future__ import annotations

import importlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_cognito_fake import errors
from pytest_cognito_fake.model.shapes import Shape, shipped

# The package re-exports a function under the module's name.
validate = importlib.import_module("pytest_cognito_fake.model.validate")
MODEL = shipped()
OPERATIONS = sorted(MODEL.operation_names)
WRONG = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=3), st.just([]))


def _text(shape: Shape) -> st.SearchStrategy[str]:
    meta = shape.metadata
    low, high = meta.get("min", 0), meta.get("max", 8)
    sizes = sorted({0, low, max(low - 1, 0), min(high, low + 3), high, high + 1})
    if shape.enum:
        return st.one_of(st.sampled_from(shape.enum), st.just(shape.enum[0] + "x"))
    alphabet = st.sampled_from("aZ9_-.@+ é\n")
    return st.sampled_from(sizes).flatmap(
        lambda n: st.text(alphabet, min_size=min(n, 300), max_size=min(n, 300))
    )


def values(shape: Shape, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values near every bound of ``shape``, with a wrong type now and then."""
    t = shape.type_name
    meta = shape.metadata
    if depth > 3:
        return WRONG
    if t == "structure" and not shape.is_document:
        members = shape.members
        if not members:
            return st.fixed_dictionaries({})
        required = set(shape.required_members)
        return st.fixed_dictionaries(  # required members mostly present, so the rest counts
            {name: values(m, depth + 1) for name, m in members.items() if name in required},
            optional={n: values(m, depth + 1) for n, m in members.items() if n not in required},
        )
    if t == "list":
        return st.lists(values(shape.member, depth + 1), max_size=3)
    if t == "map":
        return st.dictionaries(_text(shape.key), values(shape.value, depth + 1), max_size=2)
    if t in ("integer", "long"):
        low, high = meta.get("min", -5), meta.get("max", 5)
        return st.sampled_from([low - 1, low, high, high + 1, 0])
    if t == "boolean":
        return st.booleans()
    if t in ("string", "blob"):
        return _text(shape)
    return st.integers(0, 10**9)


def _full_check_passes(operation: str, params: Any) -> bool:
    try:
        shape = MODEL.operation(operation).input_shape
        assert shape is not None
        return not list(validate._violations(shape, params, ""))
    except errors.SerializationException:
        return False


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_input_predicate_agrees_with_the_full_check(data: st.DataObject) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS))
    shape = MODEL.operation(operation).input_shape
    if shape is None:
        return
    params = data.draw(st.one_of(values(shape), WRONG.filter(lambda v: v is not None)))
    assert validate._valid(shape)(params) == _full_check_passes(operation, params)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_output_predicate_agrees_with_the_full_check(data: st.DataObject) -> None:
    operation = data.draw(st.sampled_from(OPERATIONS))
    shape = MODEL.operation(operation).output_shape
    if shape is None:
        return
    answer = data.draw(values(shape))
    try:
        validate._check(shape, answer, operation)
        full = True
    except validate.OutputShapeError:
        full = False
    assert validate._fits(shape)(answer) == full
