"""The argument checks of ``keyaccount.validation``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import require_day, require_time


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


def test_require_time_takes_a_time_of_day_without_a_zone() -> None:
    assert require_time(time(8, 30), "start") == time(8, 30)


@pytest.mark.parametrize("value", [time(8, tzinfo=UTC), "08:00", None, 800])
def test_require_time_refuses_anything_else_under_the_arguments_name(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        require_time(value, "start")
    assert str(caught.value) == f"start: expected a time of day without time zone, got {value!r}"
    with pytest.raises(PolicyError):
        require_time(value, "start", error=PolicyError)
