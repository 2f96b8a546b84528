"""State machines as data: a mapping from each state to the states it may move to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from keyaccount.errors import TransitionError

__all__ = ["check_transition"]

S = TypeVar("S")


def check_transition(what: str, table: Mapping[S, frozenset[S]], current: S, requested: S) -> S:
    """Return ``requested`` if ``table`` allows ``current -> requested``, else raise.

    The :class:`~keyaccount.errors.TransitionError` names ``what`` (e.g. ``"complaint C-1"``),
    both states and the states allowed from ``current``, in the table's order.
    """
    allowed = table.get(current, frozenset())
    if requested not in allowed:
        order = list(table)
        raise TransitionError(what, current, requested, [s for s in order if s in allowed])
    return requested
