"""Small helpers for the sentences that results explain themselves with."""

from __future__ import annotations

__all__ = ["counted"]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, the noun plural unless the count is one.

    >>> counted(1, "touchpoint"), counted(3, "touchpoint"), counted(1, "person", "people")
    ('1 touchpoint', '3 touchpoints', '1 person')
    """
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural or noun + 's'}"
