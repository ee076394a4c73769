"""``@operation("Name")``: marks the function that serves a model operation; ``table`` builds
the map from API names to those functions, from an explicit list of modules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any

from ..context import Ctx
from ..model import operation_names
from ..state.store import State

Handler = Callable[[State, dict[str, Any], Ctx], dict[str, Any]]

#: The attribute ``@operation`` sets on the function it marks.
MARK = "cognito_operation"


def operation(name: str) -> Callable[[Handler], Handler]:
    """Mark ``fn`` as the implementation of the model's operation ``name``."""
    if name not in operation_names():
        raise ValueError(f"{name!r} is not an operation of the cognito-idp model this fake ships")

    def mark(fn: Handler) -> Handler:
        fn.__dict__[MARK] = name
        return fn

    return mark


def table(modules: Iterable[ModuleType]) -> dict[str, Handler]:
    """API name -> function, for the functions ``modules`` define and ``@operation`` marked."""
    operations: dict[str, Handler] = {}
    for module in modules:
        for value in vars(module).values():
            name = getattr(value, MARK, None)
            if name is None or getattr(value, "__module__", None) != module.__name__:
                continue
            if name in operations:
                raise ValueError(f"{name} is registered twice")
            operations[name] = value
    return operations
