"""Operations of the shipped model that the fake does not implement yet (issue 10: the model
moved to botocore 1.44.18, 31 operations ahead of the fake). Each answers the clear 400
``UnknownOperationException`` until it lands; whoever implements one removes it here, and
the contract tests fail until the list and the code agree. The list ends empty."""

from __future__ import annotations

PENDING: frozenset[str] = frozenset()
