"""State machines as data: a mapping from each state to the states it may move to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from keyaccount.errors import Problem, TransitionError, ValidationError

__all__ = ["check_transition", "renamed"]

S = TypeVar("S")


def check_transition(what: str, table: Mapping[S, frozenset[S]], current: S, requested: S) -> S:
    """Return ``requested`` if ``table`` allows ``current -> requested``, else raise.

    The :class:`~keyaccount.errors.TransitionError` names ``what`` (e.g. ``"complaint C-1"``),
    both states and the states allowed from ``current``, in the table's order.
    """
    allowed = table.get(current, frozenset())
    try:
        legal = requested in allowed
    except TypeError:  # an unhashable value (a list, a mapping) is no state at all
        legal = False
    if not legal:
        order = list(table)
        raise TransitionError(what, current, requested, [s for s in order if s in allowed])
    return requested


def renamed(error: ValidationError, names: Mapping[str, str]) -> ValidationError:
    """``error`` with paths renamed by ``names``: from a field to the argument that filled it.

    A transition builds its step from its arguments (``by`` becomes ``actor_id``); a bad
    argument is reported under the argument's own name.
    """
    problems = [
        Problem(names.get(p.path, p.path), p.value, p.expected, message=p.message)
        for p in error.problems
    ]
    return type(error)(problems or str(error))
