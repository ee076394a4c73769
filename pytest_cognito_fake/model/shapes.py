"""The service model the fake implements, read from the JSON the package ships.

The fake's surface is a property of the package, not of the installed botocore: validation,
dispatch, the output check and the operations table all read ``cognito-idp.json`` (written by
``tools/ship_model.py`` from a named botocore release). These classes are the small part of
botocore's model API the fake needs, so the server side never imports botocore.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("cognito-idp.json")


#: A fix-up of the model: AWS's API docs and its own samples configure M2M clients with
#: ALLOW_CLIENT_TOKEN_AUTH (GetClientToken), which botocore 1.44.18's enum lacks.
_EXTRA_ENUM_VALUES = {"ExplicitAuthFlowsType": ("ALLOW_CLIENT_TOKEN_AUTH",)}


@dataclass(eq=False)
class Shape:
    """One shape of the model; structure members, list members and map keys/values resolve
    lazily (shapes may refer to each other in cycles)."""

    name: str
    spec: dict[str, Any] = field(repr=False)
    model: ServiceModel = field(repr=False)

    @property
    def type_name(self) -> str:
        kind: str = self.spec["type"]
        return kind

    @property
    def metadata(self) -> dict[str, Any]:
        """Constraints and traits (min, max, pattern, sensitive, document, exception, …)."""
        return self.spec

    @property
    def enum(self) -> list[str]:
        return list(self.spec.get("enum", ())) + list(_EXTRA_ENUM_VALUES.get(self.name, ()))

    @functools.cached_property
    def members(self) -> dict[str, Shape]:
        return {k: self.model.shape(v["shape"]) for k, v in self.spec.get("members", {}).items()}

    @property
    def required_members(self) -> list[str]:
        return list(self.spec.get("required", ()))

    @property
    def member(self) -> Shape:
        return self.model.shape(self.spec["member"]["shape"])

    @property
    def key(self) -> Shape:
        return self.model.shape(self.spec["key"]["shape"])

    @property
    def value(self) -> Shape:
        return self.model.shape(self.spec["value"]["shape"])

    @property
    def is_sensitive(self) -> bool:
        return bool(self.spec.get("sensitive"))

    @property
    def is_document(self) -> bool:
        return bool(self.spec.get("document"))

    @property
    def is_fault(self) -> bool:
        """``fault: true``: a server-side error (HTTP 500); other error shapes are 400."""
        return bool(self.spec.get("fault"))


@dataclass(eq=False)
class Operation:
    name: str
    spec: dict[str, Any] = field(repr=False)
    model: ServiceModel = field(repr=False)

    def _ref(self, key: str) -> Shape | None:
        ref = self.spec.get(key)
        return self.model.shape(ref["shape"]) if ref else None

    @functools.cached_property
    def input_shape(self) -> Shape | None:
        return self._ref("input")

    @functools.cached_property
    def output_shape(self) -> Shape | None:
        return self._ref("output")

    @functools.cached_property
    def error_shapes(self) -> list[Shape]:
        return [self.model.shape(ref["shape"]) for ref in self.spec.get("errors", ())]

    @property
    def is_signed(self) -> bool:
        """True for operations AWS authorises by SigV4 (IAM), not by a token or client id."""
        return self.spec.get("authtype") != "none" and "smithy.api#noAuth" not in self.spec.get(
            "auth", ()
        )


class ServiceModel:
    """The shipped model: ``release`` names the botocore release it was taken from."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.release: str = document["botocore"]
        self.service: dict[str, Any] = document["service"]
        self.paginators: dict[str, Any] = document["paginators"]
        self.metadata: dict[str, Any] = self.service["metadata"]
        self.operation_names: frozenset[str] = frozenset(self.service["operations"])
        self._shapes: dict[str, Shape] = {}
        self._operations: dict[str, Operation] = {}

    def shape(self, name: str) -> Shape:
        found = self._shapes.get(name)
        if found is None:
            found = self._shapes[name] = Shape(name, self.service["shapes"][name], self)
        return found

    def operation(self, name: str) -> Operation:
        found = self._operations.get(name)
        if found is None:
            found = self._operations[name] = Operation(name, self.service["operations"][name], self)
        return found

    @property
    def error_shape_names(self) -> frozenset[str]:
        """Every shape of the model that is an error (``exception: true``)."""
        return frozenset(n for n, s in self.service["shapes"].items() if s.get("exception"))


@functools.cache
def shipped() -> ServiceModel:
    """The model in the package (read once per process)."""
    return ServiceModel(json.loads(MODEL_FILE.read_text()))
