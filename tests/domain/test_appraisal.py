"""Appraisals and indicator results: construction, validation and lookups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyaccount.domain.appraisal import (
    Appraisal,
    Commendation,
    CommendationDeed,
    IndicatorResult,
)
from keyaccount.domain.values import Period
from keyaccount.errors import ValidationError

MARCH = Period.month(2025, 3)


def test_measured_result_converts_plan_and_actual_to_decimal() -> None:
    """Ints and numeric strings become exact Decimals."""
    result = IndicatorResult.measured("visit", plan=40, actual="36.5")
    assert result.plan == Decimal(40)
    assert result.actual == Decimal("36.5")
    assert result.rating is None
    assert not result.is_rated


def test_rated_result_holds_only_a_rating() -> None:
    """A qualitative result is a rating without plan or actual."""
    result = IndicatorResult.rated("daily-work", 90, note="good teamwork")
    assert result.rating == Decimal(90)
    assert result.plan is None
    assert result.actual is None
    assert result.is_rated
    assert result.note == "good teamwork"


def test_plan_of_zero_is_a_valid_result() -> None:
    """A plan of 0 is allowed here; the scheme decides how it scores."""
    assert IndicatorResult.measured("deal", plan=0, actual=0).plan == 0


def test_rating_with_plan_is_rejected() -> None:
    """A result is either measured or rated, never both."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult(key="visit", plan=40, actual=36, rating=90)
    assert str(error.value) == (
        "rating: expected no rating when a plan and an actual are given, got '90'"
    )


def test_plan_without_actual_is_rejected() -> None:
    """A plan needs its actual."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult(key="visit", plan=40)
    assert str(error.value) == "actual: expected an actual to go with the plan, got None"


def test_actual_without_plan_is_rejected() -> None:
    """An actual needs its plan."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult(key="visit", actual=40)
    assert str(error.value) == "plan: expected a plan to go with the actual, got None"


def test_empty_result_is_rejected() -> None:
    """A result with neither form says what was expected."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult(key="visit")
    assert str(error.value) == "rating: expected a rating, or a plan and an actual, got None"


def test_negative_actual_is_rejected() -> None:
    """Figures are counts or amounts, never negative."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult.measured("visit", plan=40, actual=-1)
    assert str(error.value) == (
        "actual: expected a number from 0 to 1000000000000000 with at most 6 decimal places, "
        "got '-1'"
    )


def test_too_many_decimal_places_are_rejected() -> None:
    """More than 6 decimal places would make rates inexact."""
    with pytest.raises(ValidationError, match=r"^plan: expected a number from 0 to"):
        IndicatorResult.measured("visit", plan="0.0000001", actual=1)


def test_trailing_zeros_beyond_six_places_are_accepted() -> None:
    """Only the value counts: 1.50000000 has one decimal place."""
    assert IndicatorResult.measured("visit", plan="1.50000000", actual=1).plan == Decimal("1.5")


def test_float_figure_is_refused() -> None:
    """Floats are not exact and are refused."""
    with pytest.raises(ValidationError) as error:
        IndicatorResult.rated("daily-work", 90.5)  # type: ignore[arg-type]
    assert str(error.value) == "rating: expected a decimal number (Decimal, int or str), got 90.5"


def test_bad_indicator_key_is_rejected() -> None:
    """Keys are identifiers."""
    with pytest.raises(ValidationError, match=r"^key: expected an indicator key of 1-64"):
        IndicatorResult.rated("daily work", 90)


def _appraisal(**changes: object) -> Appraisal:
    fields: dict[str, object] = {
        "staff_id": "S-1",
        "period": MARCH,
        "results": [
            IndicatorResult.measured("visit", plan=40, actual=36),
            IndicatorResult.rated("daily-work", 90),
        ],
    }
    fields.update(changes)
    return Appraisal(**fields)  # type: ignore[arg-type]


def test_appraisal_turns_lists_into_tuples_and_finds_results_by_key() -> None:
    """Results given as a list are stored as a tuple and looked up by key."""
    appraisal = _appraisal()
    assert isinstance(appraisal.results, tuple)
    visit = appraisal.result("visit")
    assert visit is not None
    assert visit.actual == 36
    assert appraisal.result("deal") is None
    assert set(appraisal.results_by_key) == {"visit", "daily-work"}


def test_appraisal_rejects_two_results_for_one_key() -> None:
    """One result per indicator key."""
    with pytest.raises(ValidationError) as error:
        _appraisal(
            results=[
                IndicatorResult.rated("daily-work", 90),
                IndicatorResult.rated("daily-work", 80),
            ]
        )
    assert (
        str(error.value)
        == "results[1].key: expected one result per indicator key, got 'daily-work'"
    )


def test_appraisal_rejects_a_result_of_the_wrong_type() -> None:
    """Results are IndicatorResult objects; the index is named."""
    with pytest.raises(ValidationError, match=r"^results\[0\]: expected a IndicatorResult"):
        _appraisal(results=[{"key": "visit"}])


def test_stars_count_commendations() -> None:
    """Each commendation is one star [seed 004 嘉奖管理规定 "每次奖励一颗星"]."""
    appraisal = _appraisal(
        commendations=[
            Commendation(deed=CommendationDeed.FULL_ATTENDANCE),
            Commendation(deed=CommendationDeed.COST_SAVING, on=date(2025, 3, 14)),
        ]
    )
    assert appraisal.stars == 2
    assert _appraisal().stars == 0


def test_commendation_outside_the_period_is_rejected() -> None:
    """A commendation dated outside the appraised period belongs to another appraisal."""
    with pytest.raises(ValidationError) as error:
        _appraisal(commendations=[Commendation(deed=CommendationDeed.OTHER, on=date(2025, 4, 1))])
    assert str(error.value) == (
        "commendations[0].on: expected a day within the period 2025-03, "
        "got datetime.date(2025, 4, 1)"
    )


def test_commendation_deed_is_checked() -> None:
    """An unknown deed lists the valid ones."""
    with pytest.raises(ValidationError, match=r"^deed: expected one of 'service-contribution'"):
        Commendation(deed="heroism")  # type: ignore[arg-type]


def test_commendation_deeds_follow_the_seed_list() -> None:
    """The 14 deeds of the seed plus 'other', each with a Chinese label."""
    assert len(CommendationDeed) == 15
    assert CommendationDeed.FULL_ATTENDANCE.label_zh == "严格遵守考勤制度、全勤"
    assert all(deed.label_zh for deed in CommendationDeed)


def test_repeated_veto_key_is_rejected() -> None:
    """Each veto item is triggered at most once per appraisal."""
    with pytest.raises(ValidationError) as error:
        _appraisal(vetoes=["customer-data-disclosure", "customer-data-disclosure"])
    assert str(error.value) == (
        "vetoes: expected each veto item key at most once, "
        "got ('customer-data-disclosure', 'customer-data-disclosure')"
    )


def test_bad_veto_key_names_its_index() -> None:
    """Veto keys are identifiers."""
    with pytest.raises(ValidationError, match=r"^vetoes\[0\]: expected an identifier of 1-64"):
        _appraisal(vetoes=["no spaces allowed"])


def test_appraisals_compare_by_value() -> None:
    """Two appraisals with the same data are equal and hash alike."""
    assert _appraisal() == _appraisal()
    assert hash(_appraisal()) == hash(_appraisal())
    assert _appraisal() != _appraisal(staff_id="S-2")


def test_period_must_be_a_period() -> None:
    """The period is a Period, not text."""
    with pytest.raises(ValidationError, match=r"^period: expected a Period, got '2025-03'"):
        _appraisal(period="2025-03")
