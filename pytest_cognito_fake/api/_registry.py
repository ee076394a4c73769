"""``@operation("Name")``: the table from API names to the functions that serve them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..context import Ctx
from ..model import operation_names
from ..state.store import State

Handler = Callable[[State, dict[str, Any], Ctx], dict[str, Any]]

OPERATIONS: dict[str, Handler] = {}


def operation(name: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the implementation of the model's operation ``name``."""
    if name not in operation_names():
        raise ValueError(f"{name!r} is not an operation of botocore's cognito-idp model")

    def register(fn: Handler) -> Handler:
        if name in OPERATIONS:
            raise ValueError(f"{name} is registered twice")
        OPERATIONS[name] = fn
        return fn

    return register
