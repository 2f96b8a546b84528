"""keyaccount — the rules of a key-account department (大客户部) as a pure Python library.

``import keyaccount`` is cheap: the names below are loaded on first use.  The domain model lives
in :mod:`keyaccount.domain`, the rules in :mod:`keyaccount.policies`, the business calendar in
:mod:`keyaccount.calendar` and plain-data conversion in :mod:`keyaccount.serialization`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from keyaccount.errors import KeyAccountError, PolicyError, TransitionError, ValidationError

__version__ = "0.1.0"

__all__ = [
    "KeyAccountError",
    "PolicyError",
    "TransitionError",
    "ValidationError",
    "__version__",
    "from_dict",
    "to_dict",
]

_LAZY = {
    "to_dict": "keyaccount.serialization",
    "from_dict": "keyaccount.serialization",
}

if TYPE_CHECKING:
    from keyaccount.serialization import from_dict, to_dict


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'keyaccount' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
