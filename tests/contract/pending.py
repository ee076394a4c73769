"""Operations of the shipped model that the fake does not implement yet: none today (153 of
153). When ``tools/ship_model.py`` moves the model to a newer botocore, list its new operations
here: each answers the clear 400 ``UnknownOperationException`` until it lands, and the contract
tests fail until this list and the code agree."""

from __future__ import annotations

PENDING: frozenset[str] = frozenset()
