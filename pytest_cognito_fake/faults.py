"""Error injection: rules that answer an operation with an error, exactly as AWS sends it."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from . import errors, model

When = Callable[[dict[str, Any]], bool]


@dataclass
class FaultRule:
    """One injected error. ``hits`` counts the calls it answered; ``remaining`` what is left."""

    operation: str
    error: str
    message: str | None
    times: int | None
    when: When | None
    hits: int = 0
    _rules: list[FaultRule] | None = field(default=None, repr=False)

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(self.times - self.hits, 0)

    @property
    def active(self) -> bool:
        return self.times is None or self.hits < self.times

    def matches(self, operation: str, request: dict[str, Any]) -> bool:
        if operation != self.operation or not self.active:
            return False
        return self.when is None or bool(self.when(request))

    def make_error(self) -> errors.CognitoError:
        cls = errors.error_class(self.error)
        assert cls is not None
        return cls(self.message)

    def remove(self) -> None:
        """Stop injecting this error."""
        if self._rules is not None and self in self._rules:
            self._rules.remove(self)

    def __enter__(self) -> FaultRule:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    return f" Did you mean {', '.join(close)}?" if close else ""


def make_rule(
    rules: list[FaultRule],
    operation: str,
    error: str,
    message: str | None,
    times: int | None,
    when: When | None,
    unmodeled: bool,
) -> FaultRule:
    """Check the names at once (a typo must fail the test here, not silently never match)."""
    ops = sorted(model.operation_names())
    if operation not in ops:
        raise ValueError(f"{operation!r} is not a cognito-idp operation.{_suggest(operation, ops)}")
    allowed = sorted(model.error_names(operation) | errors.COMMON_ERRORS)
    if errors.error_class(error) is None:
        known = [n for n in dir(errors) if errors.error_class(n)]
        raise ValueError(f"{error!r} is not a Cognito error.{_suggest(error, known)}")
    if error not in allowed and not unmodeled:
        raise ValueError(
            f"{operation} cannot raise {error} (its model lists {', '.join(allowed)});"
            f" pass unmodeled=True to inject it anyway.{_suggest(error, allowed)}"
        )
    if times is not None and times < 1:
        raise ValueError("times must be a positive number or None (for ever)")
    rule = FaultRule(operation, error, message, times, when, _rules=rules)
    rules.append(rule)
    return rule


def pick(rules: list[FaultRule], operation: str, request: dict[str, Any]) -> FaultRule | None:
    for rule in rules:
        if rule.matches(operation, request):
            rule.hits += 1
            return rule
    return None
