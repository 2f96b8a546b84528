"""The impact of a policy change: grade migration, moved touchpoints, changed appraisals."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from keyaccount.impact import compare
from keyaccount.policies.grading import ScoreBands
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicySet
from keyaccount.sample import generate_portfolio
from keyaccount.serialization import to_dict

TODAY = date(2026, 1, 5)
PORTFOLIO = generate_portfolio(40, 4, seed=11)


def _with_bands(a: int, b: int, c: int) -> PolicySet:
    grading = DEFAULT_POLICY_SET.grading
    scorecard = attrs.evolve(grading.scorecard, bands=ScoreBands(a=a, b=b, c=c))
    return attrs.evolve(
        DEFAULT_POLICY_SET, version="2", grading=attrs.evolve(grading, scorecard=scorecard)
    )


def test_comparing_a_policy_with_itself_reports_no_change() -> None:
    """compare(s, s) has no changes and a diagonal migration matrix."""
    impact = compare(DEFAULT_POLICY_SET, DEFAULT_POLICY_SET, PORTFOLIO, TODAY)
    assert not impact.has_changes
    assert all(cell.count == 0 for cell in impact.grade_matrix if cell.old != cell.new)
    assert sum(cell.count for cell in impact.grade_matrix) == 40
    assert "No customer, touchpoint or appraisal changes." in impact.explain()


def test_raising_the_a_band_moves_customers_down_and_their_schedules() -> None:
    """A stricter A band only ever lowers grades, and regraded customers' contacts move."""
    impact = compare(DEFAULT_POLICY_SET, _with_bands(90, 65, 50), PORTFOLIO, TODAY)
    grades = "ABCD"
    for cell in impact.grade_matrix:
        assert grades.index(cell.new) >= grades.index(cell.old) or cell.count == 0
    changed = [c for c in impact.customer_changes if c.aspect == "grade"]
    assert changed
    assert impact.moved("A", "B") == len([c for c in changed if (c.old, c.new) == ("A", "B")])
    assert all("proposed" in c.old_explanation and "proposed" in c.new_explanation for c in changed)
    regraded = {c.customer_id for c in changed}
    assert {t.customer_id for t in impact.touchpoint_changes} <= regraded
    assert impact.touchpoint_changes
    assert not impact.appraisal_changes


def test_a_weight_change_shows_in_appraisals_only() -> None:
    """Moving KPI weight changes appraisal totals and nothing else."""
    scheme = DEFAULT_POLICY_SET.appraisal.with_weights(
        {"visit": 30, "expansion": 35, "deal": 20, "daily-work": 15}
    )
    new = attrs.evolve(DEFAULT_POLICY_SET, version="2", appraisal=scheme)
    impact = compare(DEFAULT_POLICY_SET, new, PORTFOLIO, TODAY)
    assert impact.appraisal_changes
    assert not impact.customer_changes
    assert not impact.touchpoint_changes
    assert impact.counts()["appraisals"] == len(impact.appraisal_changes)


def test_impact_is_plain_data() -> None:
    """The impact serializes to JSON-ready data."""
    data = to_dict(compare(DEFAULT_POLICY_SET, _with_bands(85, 70, 50), PORTFOLIO, TODAY))
    assert data["old_policy"] == "keyaccount-presets@1"
    assert data["new_policy"] == "keyaccount-presets@2"
    assert len(data["grade_matrix"]) == 16


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=81, max_value=99))
def test_a_higher_a_band_never_raises_a_grade(a: int) -> None:
    """For any stricter A threshold, no customer moves to a better grade."""
    impact = compare(DEFAULT_POLICY_SET, _with_bands(a, 65, 50), PORTFOLIO, TODAY)
    grades = "ABCD"
    assert all(
        grades.index(c.new) >= grades.index(c.old)
        for c in impact.customer_changes
        if c.aspect == "grade"
    )
