"""Error injection: rules that answer an operation with an error, exactly as AWS sends it.

A rule is checked after input validation (a fault never hides a bad request) and outside the
service lock, so a delayed call does not hold up the others. The newest matching rule answers.
"""

from __future__ import annotations

import difflib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from . import errors, model

When = Callable[[dict[str, Any]], bool]

_lock = threading.Lock()


class RuleError(Exception):
    """A test's ``when=`` function raised: the client sees InternalErrorException."""


@dataclass
class FaultRule:
    """One injected error (or delay). ``hits`` counts the calls it answered; ``remaining`` is
    how many it will still answer (None: for ever)."""

    operation: str
    #: The AWS error code to answer with; None for a rule that only delays.
    error: str | None
    message: str | None
    times: int | None
    when: When | None
    #: Seconds to wait before answering (real time: a client's read timeout can fire).
    delay: float = 0.0
    hits: int = 0
    _rules: list[FaultRule] | None = field(default=None, repr=False, compare=False)

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else max(self.times - self.hits, 0)

    @property
    def active(self) -> bool:
        return self.times is None or self.hits < self.times

    def matches(self, operation: str, request: dict[str, Any]) -> bool:
        if operation != self.operation or not self.active:
            return False
        if self.when is None:
            return True
        try:
            return bool(self.when(request))
        except Exception as exc:  # reported at teardown, with the test's own traceback
            raise RuleError(
                f"the when= function of cognito_fake.fail({self.operation!r}, {self.error!r})"
                f" raised {type(exc).__name__}: {exc}"
            ) from exc

    def make_error(self) -> errors.CognitoError:
        cls = errors.error_class(self.error or "")
        assert cls is not None
        if self.message is not None:
            return cls(self.message)
        # AWS always says something; a test that cares about the text passes message=.
        return cls(cls.default_message or f"{self.error} injected by cognito_fake.fail().")

    def remove(self) -> None:
        """Stop injecting this error."""
        with _lock:
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


def suggest(name: str, options: list[str] | set[str] | frozenset[str]) -> str:
    """ " Did you mean X, Y?" for the close names among ``options`` (or "")."""
    by_lower = {o.lower(): o for o in options}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6)
    return f" Did you mean {', '.join(by_lower[c] for c in close)}?" if close else ""


def check_operation(operation: str) -> str:
    """``operation`` if the shipped model has it, else ValueError naming the close ones."""
    ops = model.operation_names()
    if operation not in ops:
        raise ValueError(f"{operation!r} is not a cognito-idp operation.{suggest(operation, ops)}")
    return operation


def _error_name(error: str | type[errors.CognitoError]) -> str:
    if isinstance(error, type) and issubclass(error, errors.CognitoError):
        return error.__name__
    if not isinstance(error, str):
        raise TypeError(f"error must be an error name or class, not {error!r}")
    if errors.error_class(error) is None:
        known = {n for n in dir(errors) if errors.error_class(n)} - {"CognitoError"}
        raise ValueError(f"{error!r} is not a Cognito error.{suggest(error, known)}")
    return error


def make_rule(
    rules: list[FaultRule],
    operation: str,
    error: str | type[errors.CognitoError] | None,
    message: str | None = None,
    times: int | None = None,
    when: When | None = None,
    unmodeled: bool = False,
    delay: float = 0.0,
) -> FaultRule:
    """Check the names at once (a typo must fail the test here, not silently never match)."""
    check_operation(operation)
    name = None if error is None else _error_name(error)
    if name is not None and not unmodeled:
        allowed = model.error_names(operation) | errors.COMMON_ERRORS
        if name not in allowed:
            raise ValueError(
                f"{operation} cannot raise {name} (it can raise {', '.join(sorted(allowed))});"
                f" pass unmodeled=True to inject it anyway.{suggest(name, allowed)}"
            )
    if times is not None and times < 1:
        raise ValueError("times must be a positive number or None (for ever)")
    if delay < 0:
        raise ValueError("delay must be zero or more seconds")
    if when is not None and not callable(when):
        raise TypeError("when must be a callable taking the request dict")
    rule = FaultRule(operation, name, message, times, when, delay, _rules=rules)
    with _lock:
        rules.append(rule)
    return rule


def pick(rules: list[FaultRule], operation: str, request: dict[str, Any]) -> FaultRule | None:
    """The rule that answers this call (counted as hit), or None to run the operation.

    A delay-only rule waits, counts, and lets the operation run.
    """
    with _lock:
        rule = next((r for r in reversed(rules) if r.matches(operation, request)), None)
        if rule is not None:
            rule.hits += 1
    if rule is None:
        return None
    if rule.delay:
        time.sleep(rule.delay)
    return rule if rule.error is not None else None
