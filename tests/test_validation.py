"""The argument checks of ``keyaccount.validation``."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import require_day


class _Day(date):
    """A subclass of date, as some libraries hand out."""


def test_require_day_takes_a_date_and_its_subclasses() -> None:
    assert require_day(date(2025, 3, 1), "today") == date(2025, 3, 1)
    assert require_day(_Day(2025, 3, 1), "today") == date(2025, 3, 1)


@pytest.mark.parametrize("value", [datetime(2025, 3, 1, tzinfo=UTC), "2025-03-01", None, 20250301])
def test_require_day_refuses_anything_else_under_the_arguments_name(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        require_day(value, "today")
    assert str(caught.value) == f"today: expected a date, got {value!r}"


def test_require_day_raises_the_error_class_asked_for() -> None:
    with pytest.raises(PolicyError):
        require_day("x", "day", error=PolicyError)
