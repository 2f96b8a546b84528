"""The exception family of keyaccount, in one place.

Every error the library raises on purpose derives from :class:`KeyAccountError`, so a caller
can catch the library's errors with one ``except`` clause.  Each concrete error also derives
from the matching built-in exception, so code written against ``ValueError`` keeps working.

* :class:`ValidationError` — a value is invalid (bad field, bad data, bad argument).  The
  message names the field path, the value and what was expected.
* :class:`PolicyError` — a policy configuration is invalid, or inputs contradict the policy
  (for example weights that do not sum to 100, or mixed currencies in one ranking).
* :class:`TransitionError` — an illegal state change was requested (for example closing a
  complaint that was never handled).  The message names the current state, the requested one
  and the allowed ones.

Expected business "no" answers — over the credit limit, not allowed to view — are *results*
with reasons, never exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

__all__ = [
    "KeyAccountError",
    "PolicyError",
    "Problem",
    "TransitionError",
    "ValidationError",
]


class KeyAccountError(Exception):
    """Base of every error raised by keyaccount on purpose."""


class Problem:
    """One invalid value: where it is (``path``), what it was, and what was expected.

    A problem that is not about one value (``weights must sum to 100, got 95 …``) carries its
    own ``message`` instead; it is shown as ``path: message``.
    """

    __slots__ = ("expected", "message", "path", "value")

    def __init__(
        self, path: str, value: object, expected: str, *, message: str | None = None
    ) -> None:
        self.path = path
        self.value = value
        self.expected = expected
        self.message = message

    def __str__(self) -> str:
        if self.message is not None:
            return f"{self.path}: {self.message}" if self.path else self.message
        return f"{self.path}: expected {self.expected}, got {_show(self.value)}"

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.value!r}, {self.expected!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.expected) == (other.path, other.expected) and _show(
            self.value
        ) == _show(other.value)

    def __hash__(self) -> int:
        return hash((self.path, self.expected))

    def within(self, prefix: str) -> Problem:
        """The same problem, with its path placed under ``prefix`` (``prefix.path``)."""
        if not prefix:
            return self
        if not self.path or self.path == "(root)":
            path = prefix
        elif self.path.startswith("["):
            path = f"{prefix}{self.path}"
        else:
            path = f"{prefix}.{self.path}"
        return Problem(path, self.value, self.expected, message=self.message)


_MAX_SHOWN = 80


def _show(value: object) -> str:
    """``repr`` of a value (a Decimal as its quoted text), shortened for huge inputs."""
    try:
        text = repr(str(value)) if isinstance(value, Decimal) else repr(value)
    except (ValueError, RecursionError):  # a 5000-digit int, a list nested 5000 deep
        return f"a {type(value).__name__} too large to show"
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return text


class ValidationError(KeyAccountError, ValueError):
    """A value is invalid.

    Carries one or more :class:`Problem` items; ``str(error)`` lists each as
    ``path: expected <what>, got <value>``, one per line.

    Build one problem with ``ValidationError.of(path, value, expected)`` or several at once
    with ``ValidationError(problems)``.
    """

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            message = problems
        else:
            self.problems = tuple(problems)
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    @classmethod
    def of(cls, path: str, value: object, expected: str) -> ValidationError:
        """One problem: ``path`` held ``value`` but ``expected`` was expected."""
        return cls([Problem(path, value, expected)])

    @property
    def paths(self) -> Sequence[str]:
        """The paths of every problem, in order."""
        return [p.path for p in self.problems]

    def within(self, prefix: str) -> ValidationError:
        """The same error with every path placed under ``prefix``; keeps the class."""
        if not self.problems:
            return type(self)(f"{prefix}: {self}" if prefix else str(self))
        return type(self)(p.within(prefix) for p in self.problems)


class PolicyError(ValidationError):
    """A policy configuration is invalid, or inputs contradict the policy.

    A :class:`ValidationError` too: an invalid policy is invalid data.  Messages say what was
    expected, e.g. ``weights must sum to 100, got 95 (visit 40 + expansion 25 + ...)``.
    """


class TransitionError(KeyAccountError, ValueError):
    """An illegal state change was requested; the object is left unchanged.

    Attributes ``current``, ``requested`` and ``allowed`` hold the states involved.
    """

    def __init__(
        self,
        what: str,
        current: object,
        requested: object,
        allowed: Iterable[object],
    ) -> None:
        self.current = current
        self.requested = requested
        self.allowed = tuple(allowed)
        names = ", ".join(_state_name(s) for s in self.allowed) or "none (final state)"
        super().__init__(
            f"{what} cannot go from {_state_name(current)!r} to {_state_name(requested)!r}; "
            f"allowed from {_state_name(current)!r}: {names}"
        )


def _state_name(state: object) -> str:
    value = getattr(state, "value", state)
    try:
        text = str(value)
    except (ValueError, RecursionError):  # a 5000-digit int, a list nested 5000 deep
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."
