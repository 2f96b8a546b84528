"""Tests that kill surviving mutants of ``keyaccount.domain.appraisal``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from keyaccount.domain import Period
from keyaccount.domain.appraisal import MAX_FIGURE, Appraisal, IndicatorResult
from keyaccount.errors import ValidationError

MARCH = Period.month(2025, 3)


def problem(error: ValidationError) -> tuple[str, Any, str]:
    """The only problem of ``error`` as (path, value, expected)."""
    (only,) = error.problems
    return only.path, only.value, only.expected


def test_the_largest_figure_is_accepted() -> None:
    """A plan of exactly 10^15 is accepted; one more millionth is not."""
    assert IndicatorResult.measured("sales", plan=MAX_FIGURE, actual=0).plan == MAX_FIGURE
    with pytest.raises(ValidationError):
        IndicatorResult.measured("sales", plan=MAX_FIGURE + Decimal("0.000001"), actual=0)


def test_a_plan_with_a_rating_and_no_actual_is_refused_for_the_rating() -> None:
    """A plan with a rating is refused because of the rating, before the missing actual."""
    with pytest.raises(ValidationError) as caught:
        IndicatorResult(key="visit", plan=1, rating=5)
    assert problem(caught.value) == (
        "rating",
        Decimal(5),
        "no rating when a plan and an actual are given",
    )


def test_a_measured_result_keeps_its_note() -> None:
    """``IndicatorResult.measured`` records the note it was given."""
    result = IndicatorResult.measured("visit", plan=20, actual=18, note="two visits rained off")
    assert result.note == "two visits rained off"


def test_results_must_be_a_tuple_of_indicator_results() -> None:
    """Results that are not a sequence are refused as "a tuple of indicator results"."""
    with pytest.raises(ValidationError) as caught:
        Appraisal(staff_id="m-1", period=MARCH, results="x")  # type: ignore[arg-type]
    assert problem(caught.value) == ("results", "x", "a tuple of indicator results")


def test_vetoes_must_be_a_tuple_of_veto_item_keys() -> None:
    """Vetoes that are not a sequence are refused as "a tuple of veto item keys"."""
    with pytest.raises(ValidationError) as caught:
        Appraisal(staff_id="m-1", period=MARCH, results=[], vetoes="x")  # type: ignore[arg-type]
    assert problem(caught.value) == ("vetoes", "x", "a tuple of veto item keys")
