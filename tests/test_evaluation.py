"""The monthly cycle over a portfolio: every policy, recorded policy versions, dates."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from keyaccount.domain import Period
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.evaluation import evaluate, grading_period
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicyHistory
from keyaccount.sample import generate_portfolio

TODAY = date(2026, 1, 5)
PORTFOLIO = generate_portfolio(40, 4, seed=11)


def test_evaluation_runs_every_policy_and_records_the_policy_set() -> None:
    """Grades, plan, overdue, SLAs, appraisals, retention and receivables are all there."""
    result = evaluate(PORTFOLIO, DEFAULT_POLICY_SET, today=TODAY)
    assert result.policy == "keyaccount-presets@1"
    assert result.period == Period.of_year(2025)
    assert len(result.grades) == 40
    assert sum(result.grade_counts().values()) == 40
    assert result.plan.start == TODAY
    assert result.plan.end == date(2026, 2, 3)
    assert len(result.retention) == 40
    assert {a.period for a in result.appraisals} <= {
        Period.month(2025, 10),
        Period.month(2025, 11),
        Period.month(2025, 12),
    }
    assert result.ageing.as_of == TODAY
    assert all(r.customer_id in {c.id for c in PORTFOLIO.customers} for r in result.complaints)


def test_evaluation_is_deterministic() -> None:
    """Evaluating twice gives equal results."""
    assert evaluate(PORTFOLIO, DEFAULT_POLICY_SET, today=TODAY) == evaluate(
        PORTFOLIO, DEFAULT_POLICY_SET, today=TODAY
    )


def test_plan_follows_the_grades_just_applied() -> None:
    """A customer regraded this period is planned with the new grade's cadence."""
    result = evaluate(PORTFOLIO, DEFAULT_POLICY_SET, today=TODAY)
    applied = {g.customer_id: g.grade for g in result.grades}
    regraded = [c for c in PORTFOLIO.customers if applied[c.id] is not c.grade]
    assert regraded, "the sample has customers whose grade changes"
    plan = result.plan.by_customer()
    for customer in regraded:
        cadence = [t for t in plan[customer.id].touchpoints if t.rule.value == "cadence"]
        if applied[customer.id].value == "A":
            assert cadence, f"{customer.id} is now A and gets routine contacts"


def test_grading_period_is_the_latest_ended_by_today() -> None:
    """The graded figures are those of the latest period that ended by today."""
    assert grading_period(PORTFOLIO, date(2025, 12, 31)) == Period.of_year(2025)
    assert grading_period(PORTFOLIO, date(2025, 12, 30)) == Period.of_year(2024)
    assert grading_period(PORTFOLIO, date(2000, 1, 1)) == Period.of_year(2023)


def test_each_event_is_judged_by_the_policy_in_force_on_its_date() -> None:
    """Appraisals of 2025 use the 2025 set; grading on a 2026 day uses the 2026 set."""
    old = attrs.evolve(DEFAULT_POLICY_SET, version="2025", valid_until=date(2025, 12, 31))
    new = attrs.evolve(DEFAULT_POLICY_SET, version="2026", valid_from=date(2026, 1, 1))
    result = evaluate(PORTFOLIO, PolicyHistory(versions=[old, new]), today=TODAY)
    assert result.policy == "keyaccount-presets@2026"
    assert result.policies == ("keyaccount-presets@2025", "keyaccount-presets@2026")
    assert {s.scheme_name for s in result.appraisals} == {DEFAULT_POLICY_SET.appraisal.name}


def test_a_day_without_a_policy_in_force_is_refused() -> None:
    """A history with no version covering today raises PolicyError naming the day."""
    only_2024 = attrs.evolve(DEFAULT_POLICY_SET, valid_until=date(2024, 12, 31))
    with pytest.raises(PolicyError, match=r"^day: expected a day within a policy set's dates"):
        evaluate(PORTFOLIO, PolicyHistory(versions=[only_2024]), today=TODAY)


def test_bad_arguments_raise_validation_errors() -> None:
    """Wrong argument types are reported by name."""
    with pytest.raises(ValidationError, match=r"^portfolio: expected a Portfolio"):
        evaluate("book.json", DEFAULT_POLICY_SET, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^policies: expected a PolicySet"):
        evaluate(PORTFOLIO, {}, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^today: expected a date"):
        evaluate(PORTFOLIO, DEFAULT_POLICY_SET, today="2026-01-05")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^horizon_days: expected a whole number >= 1"):
        evaluate(PORTFOLIO, DEFAULT_POLICY_SET, today=TODAY, horizon_days=0)
