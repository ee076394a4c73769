"""Input validation with AWS's messages, and a strict check of every response against the
operation's output shape — both read from the model the package ships (``shapes.py``)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from typing import Any

import regex

from ..errors import (
    InvalidParameterException,
    SerializationException,
    UnknownOperationException,
)
from .shapes import Operation, Shape, shipped

TARGET_PREFIX = "AWSCognitoIdentityProviderService"
#: A fix-up of the model: ClientIdType is marked sensitive, yet AWS prints client ids.
_PRINTED_SENSITIVE = {"ClientIdType"}
#: Patterns AWS does not apply: custom domains contain dots that DomainType's pattern forbids
#: (api/domains.py checks prefix domains with AWS's own message).
_UNCHECKED_PATTERNS = {"DomainType"}


def release() -> str:
    """The botocore release whose cognito-idp model the fake implements."""
    return shipped().release


def operation_names() -> frozenset[str]:
    return shipped().operation_names


def shape(name: str) -> Shape:
    """A named shape of the model."""
    return shipped().shape(name)


@functools.cache
def member_names(name: str) -> frozenset[str]:
    """The member names of structure shape ``name``."""
    return frozenset(shape(name).members)


def operation(name: str) -> Operation:
    return shipped().operation(name)


#: A fix-up of the model: SigV4 in the model, yet AWS authorises them by the client id and
#: secret (GetClientToken: IAM is not evaluated; GetDerivedToken: IAM or the secret).
_SECRET_AUTHORISED = {"GetClientToken", "GetDerivedToken"}


def is_signed(name: str) -> bool:
    """True for operations that AWS authorises by SigV4 (IAM), not by a token or client id."""
    return operation(name).is_signed and name not in _SECRET_AUTHORISED


def unknown_operation(name: str) -> UnknownOperationException:
    """The answer to an operation a client knows but this fake's model lacks (or does not
    implement yet): a 400 that botocore does not retry, saying what to do about it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("pytest-cognito-fake")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ours = "(source tree)"
    model = shipped()
    where = "is not implemented by" if name in model.operation_names else "is newer than"
    return UnknownOperationException(
        f"{name} {where} pytest-cognito-fake {ours}, which implements the cognito-idp API of"
        f" botocore {model.release} ({len(model.operation_names)} operations)."
        " Upgrade pytest-cognito-fake (pip install -U pytest-cognito-fake) to get it."
    )


@functools.cache
def error_names(name: str) -> frozenset[str]:
    return frozenset(e.name for e in operation(name).error_shapes)


#: Java's \w, \s and \d are ASCII-only (no UNICODE_CHARACTER_CLASS), unlike Python's; \p{L}
#: and friends stay Unicode, so the ASCII flag cannot be used for the whole pattern.
_JAVA_CLASSES = {"w": "A-Za-z0-9_", "s": " \\t\\n\\x0B\\f\\r", "d": "0-9"}


def java_pattern(pattern: str) -> str:
    """``pattern`` (Java syntax, as in the model) for the ``regex`` module, same meaning."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            e = pattern[i + 1]
            if e in _JAVA_CLASSES:
                body = _JAVA_CLASSES[e]
                out.append(body if in_class else f"[{body}]")
            elif e.lower() in _JAVA_CLASSES and not in_class:
                out.append(f"[^{_JAVA_CLASSES[e.lower()]}]")
            elif e.lower() in _JAVA_CLASSES and pattern[i - 1 : i + 3] == f"[\\{e}]":
                out[-1] = f"[^{_JAVA_CLASSES[e.lower()]}"  # [\S] is the one negated form inside []
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


#: Model patterns whose plain translation backtracks (a 70,000-character value took over a
#: minute), each with an equivalent form that cannot: the whole value is first checked
#: against the pattern's character classes by a possessive lookahead, then the one place
#: that matters is found without retrying (the first ``@`` after the first character, the
#: last ``_``, the first ``{####}``). tests/unit/test_model.py checks the equivalence and
#: that every other pattern of the model is linear by its form.
_C = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]"
_LINEAR = {
    # EmailAddressType ("@" is in \p{P})
    r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+@[\p{L}\p{M}\p{S}\p{N}\p{P}]+": (
        r"(?s)(?=[\p{L}\p{M}\p{S}\p{N}\p{P}]*+\z).[^@]*+@.+"
    ),
    # UserPoolIdType, DeviceKeyType (the suffix class has no "_")
    r"[\w-]+_[0-9a-zA-Z]+": r"(?=[\w-]*+\z)(?>.+_)[0-9a-zA-Z]+",
    r"[\w-]+_[0-9a-f-]+": r"(?=[\w-]*+\z)(?>.+_)[0-9a-f-]+",
    # SmsVerificationMessageType ("." is anything but a line break)
    r".*\{####\}.*": r"(?=.*+\z)(?>.*?\{####\}).*",
    # EmailMfaMessageType, EmailVerificationMessageType, ...ByLinkType
    rf"{_C}*\{{####\}}{_C}*": rf"(?s)(?={_C}*+\z)(?>.*?\{{####\}}).*",
    rf"{_C}*\{{##{_C}*##\}}{_C}*": rf"(?s)(?={_C}*+\z)(?>.*?\{{##)(?>.*?\#\#\}}).*",
}


@functools.cache
def _pattern(pattern: str) -> Any:
    return regex.compile(java_pattern(_LINEAR.get(pattern, pattern)))


# ---------------------------------------------------------------------------- input


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _is_sensitive(shape: Shape) -> bool:
    return shape.is_sensitive and shape.name not in _PRINTED_SENSITIVE


def _render(value: Any) -> str:
    """A value as Java's toString prints it in AWS's validation messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_render(v)}" for k, v in value.items()) + "}"
    return str(value)


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "structure"
    if isinstance(value, list):
        return "list"
    return "scalar"


def _anything(value: Any) -> bool:
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_time(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_bool(value: Any) -> bool:
    return value is True or value is False


#: The JSON type each scalar shape takes (what ``_type_ok`` says), as a predicate.
_SCALAR_TYPE: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "blob": lambda value: isinstance(value, str),
    "boolean": _is_bool,
    "integer": _is_int,
    "long": _is_int,
    "timestamp": _is_time,
}


def _type_ok(shape: Shape, value: Any) -> bool:
    t = shape.type_name
    if t == "structure" and shape.is_document:
        return True
    if t in ("structure", "map"):
        return isinstance(value, dict)
    if t == "list":
        return isinstance(value, list)
    return _SCALAR_TYPE.get(t, _anything)(value)


def _serialization_error(shape: Shape, value: Any) -> SerializationException:
    kind = _json_kind(value)
    if kind == "structure":
        return SerializationException("Start of structure or map found where not expected.")
    if kind == "list":
        return SerializationException("Start of list found where not expected.")
    if shape.type_name in ("structure", "map", "list"):
        return SerializationException("Unexpected field type")
    return SerializationException("Unexpected field type")


def _own_constraints(shape: Shape) -> list[str]:
    """Every constraint of a scalar shape, in the order AWS lists them inside ``[...]``."""
    meta = shape.metadata
    out = []
    if shape.type_name in ("integer", "long"):
        if "max" in meta:
            out.append(f"Member must have value less than or equal to {meta['max']}")
        if "min" in meta:
            out.append(f"Member must have value greater than or equal to {meta['min']}")
    else:
        if "max" in meta:
            out.append(f"Member must have length less than or equal to {meta['max']}")
        if "min" in meta:
            out.append(f"Member must have length greater than or equal to {meta['min']}")
    if shape.enum:
        out.append(f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    if "pattern" in meta:
        out.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
    return out


def _scalar_constraints(shape: Shape, value: Any) -> Iterator[str]:
    """The constraint texts a scalar (string, number, blob) ``value`` breaks."""
    meta = shape.metadata
    t = shape.type_name
    if t in ("string", "blob"):
        size = len(value)
        if "min" in meta and size < meta["min"]:
            yield f"Member must have length greater than or equal to {meta['min']}"
        if "max" in meta and size > meta["max"]:
            yield f"Member must have length less than or equal to {meta['max']}"
    if t in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            yield f"Member must have value greater than or equal to {meta['min']}"
        if "max" in meta and value > meta["max"]:
            yield f"Member must have value less than or equal to {meta['max']}"
    if t == "string":
        if shape.enum and value not in shape.enum:
            yield f"Member must satisfy enum value set: [{', '.join(shape.enum)}]"
        pattern = meta.get("pattern")
        if (
            pattern
            and shape.name not in _UNCHECKED_PATTERNS
            and not _pattern(pattern).fullmatch(value)
        ):
            yield f"Member must satisfy regular expression pattern: {pattern}"


def _is_scalar(shape: Shape) -> bool:
    return shape.type_name not in ("structure", "list", "map")


def _violations(shape: Shape, value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, item) for each constraint ``value`` breaks; type errors raise at once."""
    if value is None:
        return
    if not _type_ok(shape, value):
        raise _serialization_error(shape, value)
    hidden = _is_sensitive(shape) or (shape.type_name == "list" and _is_sensitive(shape.member))

    def item(constraint: str) -> tuple[str, str]:
        # Rendered only for a broken constraint: a valid value costs nothing to print.
        shown = "Value at" if hidden else f"Value '{_render(value)}' at"
        return path, f"{shown} '{path}' failed to satisfy constraint: {constraint}"

    t = shape.type_name
    if t in ("list", "map"):
        size = len(value)
        meta = shape.metadata
        if "min" in meta and size < meta["min"]:
            yield item(f"Member must have length greater than or equal to {meta['min']}")
        if "max" in meta and size > meta["max"]:
            yield item(f"Member must have length less than or equal to {meta['max']}")
    else:
        for text in _scalar_constraints(shape, value):
            yield item(text)
    if t == "structure" and not shape.is_document:
        yield from _structure_violations(shape, value, path)
    elif t == "list":
        yield from _list_violations(shape, value, path, item)
    elif t == "map":
        yield from _map_violations(shape, value, path, item)


def _list_violations(
    shape: Shape, value: list[Any], path: str, item: Any
) -> Iterator[tuple[str, str]]:
    """Scalar elements: one item for the whole list, naming all the element's constraints
    (AWS: "Member must satisfy constraint: [Member must satisfy enum value set: [...]]")."""
    member = shape.member
    if not _is_scalar(member):
        for i, element in enumerate(value, 1):
            yield from _violations(member, element, f"{path}.{i}.member")
        return
    broken = False
    for element in value:
        if element is None:
            continue
        if not _type_ok(member, element):
            raise _serialization_error(member, element)
        broken = broken or any(True for _ in _scalar_constraints(member, element))
    if broken:
        yield item(f"Member must satisfy constraint: [{', '.join(_own_constraints(member))}]")


def _map_violations(
    shape: Shape, value: dict[str, Any], path: str, item: Any
) -> Iterator[tuple[str, str]]:
    """Keys and scalar values: "Map keys/value must satisfy constraint: [...]" (unconfirmed
    wording for Cognito; the standard Coral text)."""
    keys_broken = values_broken = False
    for key, element in value.items():
        keys_broken = keys_broken or any(True for _ in _scalar_constraints(shape.key, key))
        if element is None:
            continue
        if not _is_scalar(shape.value):
            yield from _violations(shape.value, element, f"{path}.{key}.member")
            continue
        if not _type_ok(shape.value, element):
            raise _serialization_error(shape.value, element)
        values_broken = values_broken or any(
            True for _ in _scalar_constraints(shape.value, element)
        )
    if keys_broken:
        yield item(f"Map keys must satisfy constraint: [{', '.join(_own_constraints(shape.key))}]")
    if values_broken:
        text = ", ".join(_own_constraints(shape.value))
        yield item(f"Map value must satisfy constraint: [{text}]")


def _structure_violations(
    shape: Shape, value: dict[str, Any], path: str
) -> Iterator[tuple[str, str]]:
    prefix = f"{path}." if path else ""
    for name in shape.required_members:
        if value.get(name) is None:
            member_path = prefix + _lower_first(name)
            yield (
                member_path,
                f"Value null at '{member_path}' failed to satisfy constraint: "
                "Member must not be null",
            )
    for name, member in shape.members.items():
        if name in value:
            yield from _violations(member, value[name], prefix + _lower_first(name))


def _clean(shape: Shape, value: Any) -> Any:
    """A copy of a valid ``value`` without nulls and without members the shape lacks, so an
    operation never stores (and later echoes) a key or a None the output shape rejects."""
    t = shape.type_name
    if t == "structure" and not shape.is_document:
        return {
            k: _clean(shape.members[k], v)
            for k, v in value.items()
            if v is not None and k in shape.members
        }
    if t == "list":
        return [_clean(shape.member, v) for v in value if v is not None]
    if t == "map":
        return {k: _clean(shape.value, v) for k, v in value.items() if v is not None}
    return value


def _member_checks(
    shape: Shape, check: Callable[[Shape], Callable[[Any], bool]]
) -> Callable[[], dict[str, Callable[[Any], bool]]]:
    """Member name -> its predicate, built on first use (shapes refer to each other in
    cycles, so a structure's predicate cannot build its members' when it is built)."""
    built: dict[str, Callable[[Any], bool]] = {}

    def checks() -> dict[str, Callable[[Any], bool]]:
        if not built and shape.members:
            built.update({name: check(member) for name, member in shape.members.items()})
        return built

    return checks


@functools.cache
def _valid(shape: Shape) -> Callable[[Any], bool]:
    """Whether ``_violations`` finds nothing (and no wrong type) in a value, as a predicate
    built once per shape; for an invalid value ``_violations`` then words AWS's message."""
    t = shape.type_name
    if t == "structure" and shape.is_document:
        return _anything
    if t == "structure":
        required = tuple(shape.required_members)
        checks = _member_checks(shape, _valid)

        def structure(value: Any) -> bool:
            if not isinstance(value, dict):
                return False
            for name in required:
                if value.get(name) is None:
                    return False
            members = checks()
            for name, item in value.items():
                fits = members.get(name)
                if fits is not None and item is not None and not fits(item):
                    return False
            return True

        return structure
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")

    def sized(value: Any, kind: type) -> bool:
        size = len(value) if isinstance(value, (list, dict)) else 0
        return isinstance(value, kind) and not (
            (low is not None and size < low) or (high is not None and size > high)
        )

    if t == "list":
        member = shape.member

        def list_(value: Any) -> bool:
            fits = _valid(member)
            return sized(value, list) and all(item is None or fits(item) for item in value)

        return list_
    if t == "map":
        key_shape, value_shape = shape.key, shape.value

        def map_(value: Any) -> bool:
            key_fits, value_fits = _in_bounds(key_shape), _valid(value_shape)
            return sized(value, dict) and all(
                key_fits(key) and (item is None or value_fits(item)) for key, item in value.items()
            )

        return map_
    bounds = _in_bounds(shape)
    kind = _SCALAR_TYPE.get(t, _anything)
    return lambda value: kind(value) and bounds(value)


@functools.cache
def _in_bounds(shape: Shape) -> Callable[[Any], bool]:
    """Whether a scalar of the right type meets its shape's constraints."""
    meta = shape.metadata
    t = shape.type_name
    low, high = meta.get("min"), meta.get("max")
    enum = frozenset(shape.enum) if t == "string" and shape.enum else None
    pattern = meta.get("pattern") if t == "string" else None
    matcher = (
        _pattern(pattern).fullmatch if pattern and shape.name not in _UNCHECKED_PATTERNS else None
    )
    measured = t in ("string", "blob")
    numeric = t in ("integer", "long")

    def bounds(value: Any) -> bool:
        if measured or numeric:
            size = len(value) if measured else value
            if (low is not None and size < low) or (high is not None and size > high):
                return False
        if enum is not None and value not in enum:
            return False
        return matcher is None or matcher(value) is not None

    return bounds


def validate(name: str, params: Any) -> dict[str, Any]:
    """Check ``params`` against the input shape of operation ``name``.

    Raises SerializationException for a wrong JSON type and InvalidParameterException listing
    every constraint broken, in AWS's words; returns the params without null members.
    """
    shape = operation(name).input_shape
    if not isinstance(params, dict):
        raise (
            _serialization_error(shape, params)
            if shape
            else SerializationException("Unexpected field type")
        )
    if shape is None:
        return {}
    if _valid(shape)(params):  # the common case, without building any message
        return dict(_clean(shape, params))
    items = sorted(_violations(shape, params, ""), key=lambda pair: pair[0])
    if items:
        count = len(items)
        head = (
            "1 validation error detected" if count == 1 else f"{count} validation errors detected"
        )
        raise InvalidParameterException(head + ": " + "; ".join(text for _, text in items))
    cleaned: dict[str, Any] = _clean(shape, params)
    return cleaned


# --------------------------------------------------------------------------- output


class OutputShapeError(AssertionError):
    """A response of the fake does not fit the model's output shape: a bug in the fake."""


def check_output(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """Fail on any key or type outside the operation's output shape; return ``data``."""
    shape = operation(name).output_shape
    if shape is None:
        if data:
            raise OutputShapeError(f"{name} has no output shape but returned {sorted(data)}")
        return data
    if not _fits(shape)(data):
        _check(shape, data, name)  # says what is wrong
    return data


@functools.cache
def _fits(shape: Shape) -> Callable[[Any], bool]:
    """Whether a value passes ``_check``, as a predicate built once per shape: every answer
    goes through it, so the shape's traits are read here rather than per value."""
    t = shape.type_name
    if t == "structure" and shape.is_document:
        return _anything
    if t == "structure":
        required = tuple(shape.required_members)
        checks = _member_checks(shape, _fits)

        def structure(value: Any) -> bool:
            if not isinstance(value, dict):
                return False
            for name in required:
                if name not in value:
                    return False
            members = checks()
            for key, item in value.items():
                fits = members.get(key)
                if fits is None or item is None or not fits(item):
                    return False
            return True

        return structure
    if t == "list":
        member = shape.member

        def list_(value: Any) -> bool:
            if not isinstance(value, list):
                return False
            fits = _fits(member)
            return all(item is not None and fits(item) for item in value)

        return list_
    if t == "map":
        key_shape, value_shape = shape.key, shape.value

        def map_(value: Any) -> bool:
            if not isinstance(value, dict):
                return False
            key_fits, value_fits = _fits(key_shape), _fits(value_shape)
            return all(
                key_fits(key) and item is not None and value_fits(item)
                for key, item in value.items()
            )

        return map_
    if t == "timestamp":
        return lambda value: _is_time(value) and math.isfinite(value)
    if t == "string" and shape.enum:
        enum = frozenset(shape.enum)
        return lambda value: isinstance(value, str) and value in enum
    return _SCALAR_TYPE.get(t, _anything)


def _check(shape: Shape, value: Any, path: str) -> None:
    if value is None:
        raise OutputShapeError(f"{path}: None must be left out, not sent")
    t = shape.type_name
    if t == "timestamp":
        ok = (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
    else:
        ok = _type_ok(shape, value)
    if not ok:
        raise OutputShapeError(f"{path}: {type(value).__name__} is not a {t} ({shape.name})")
    if t == "string" and shape.enum and value not in shape.enum:
        raise OutputShapeError(f"{path}: {value!r} is not in the enum of {shape.name}")
    if t == "structure" and not shape.is_document:
        unknown = set(value) - set(shape.members)
        if unknown:
            raise OutputShapeError(f"{path}: keys {sorted(unknown)} are not in {shape.name}")
        missing = [m for m in shape.required_members if m not in value]
        if missing:
            raise OutputShapeError(f"{path}: required {missing} missing from {shape.name}")
        for key, item in value.items():
            _check(shape.members[key], item, f"{path}.{key}")
    elif t == "list":
        for i, item in enumerate(value):
            _check(shape.member, item, f"{path}[{i}]")
    elif t == "map":
        for key, item in value.items():
            _check(shape.key, key, f"{path}.<key>")
            _check(shape.value, item, f"{path}[{key!r}]")
