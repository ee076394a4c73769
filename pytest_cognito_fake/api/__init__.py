"""The operations, one module per area of the API. Importing this package registers them all."""

from __future__ import annotations

import importlib
import pkgutil

from ._registry import OPERATIONS, Handler


def load_all() -> dict[str, Handler]:
    """Import every area module (each registers its operations) and return the table."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return dict(OPERATIONS)
