"""Worked grading examples from the sources (SPEC §3.1), computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import CreditLevel, Grade, Money, Period
from keyaccount.policies.grading import (
    AbcClass,
    GradeHistory,
    PaymentRecord,
    ScorecardResult,
    StabilityRule,
    abc_classify,
    credit_headroom,
    credit_rating,
    grade_portfolio,
    scorecard,
    stable_grade,
)
from keyaccount.policies.grading_presets import (
    CREDIT_LEVELS,
    GRADE_STABILITY,
    HEAD_COUNT_ABC,
    KEY_ACCOUNT_SCORECARD,
    PARETO_ABC,
)

YEAR = Period.of_year(2024)
AS_OF = date(2024, 12, 31)

# Ten customers' gross profit (in 10,000 CNY): two of them make 80 % of it.
PROFITS = {
    "C-01": 50,
    "C-02": 30,
    "C-03": 4,
    "C-04": 4,
    "C-05": 3,
    "C-06": 3,
    "C-07": 2,
    "C-08": 2,
    "C-09": 1,
    "C-10": 1,
}


def _profits() -> dict[str, Money]:
    return {key: Money.of(value * 10_000) for key, value in PROFITS.items()}


def test_seed_004_eighty_percent_of_profit_from_twenty_percent_of_customers() -> None:
    """[seed 004 篇6 §3] "80%的利润是由20%的大客户贡献": the two customers making 80 % are A."""
    result = abc_classify(_profits(), PARETO_ABC)
    a_class = result.in_class(AbcClass.A)
    assert [item.customer_id for item in a_class] == ["C-01", "C-02"]
    assert a_class[-1].cumulative_share == Decimal("0.8")
    # B: the customers needed to reach 95 %.  C-07 and C-08 tie with 94 % ranked ahead of
    # them: both are B, both rank 7.  C-09 and C-10 have 98 % ahead: C.
    assert [item.customer_id for item in result.in_class(AbcClass.B)] == [
        "C-03",
        "C-04",
        "C-05",
        "C-06",
        "C-07",
        "C-08",
    ]
    assert (result["C-07"].rank, result["C-08"].rank) == (7, 7)
    assert [item.customer_id for item in result.in_class(AbcClass.C)] == ["C-09", "C-10"]


def test_seed_004_each_outlet_takes_its_top_20_percent_as_core_customers() -> None:
    """[seed 004 篇6 §4.3] "按自身客户20%来作为...核心客户": top 20 % by head count are A."""
    result = abc_classify(_profits(), HEAD_COUNT_ABC)
    assert [item.customer_id for item in result.in_class(AbcClass.A)] == ["C-01", "C-02"]
    fifteen = {f"C-{n:02d}": Decimal(100 - n) for n in range(15)}
    assert len(abc_classify(fifteen, HEAD_COUNT_ABC).in_class(AbcClass.A)) == 3


def _customer(customer_id: str, **changes: Any) -> Customer:
    return Customer(id=customer_id, name=f"Customer {customer_id}", manager_id="M-1", **changes)


def _figures(customer_id: str, revenue: int, profit: int, previous: int, **changes: Any) -> Any:
    return AccountFigures(
        customer_id=customer_id,
        period=YEAR,
        revenue=Money.of(revenue),
        gross_profit=Money.of(profit),
        previous_revenue=Money.of(previous),
        **changes,
    )


def test_seed_002_customers_are_layered_a_b_c_d() -> None:
    """[seed 002 "按照 a/b/cd 集团客户分类"]: four customers land on the four grades.

    Hand computation with the preset scorecard (weights 30/25/15/15/10/5):

    * A: every factor at its top — 100.
    * B: revenue 6.2 m (60 points) 18 + profit 1.24 m (60) 15 + growth 10 % (80) 12 + credit A
      (100) 15 + one mark (60) 6 + 5 years (100) 5 = 71.
    * C: revenue 4.3 m (40) 12 + profit 0.86 m (40) 10 + growth 5 % (60) 9 + credit B (70) 10.5
      + one mark 6 + 3 years (60) 3 = 50.5.
    * D: nothing reaches a curve's first step but 1 year of cooperation (20 points) — 1.
    """
    since = {"A": date(2010, 1, 1), "B": date(2019, 6, 1), "C": date(2021, 6, 1)}
    customers = {
        "A": _customer("C-A", credit_level=CreditLevel.A, industry_leader=True,
                       encouraged_industry=True, cooperation_since=since["A"]),
        "B": _customer("C-B", credit_level=CreditLevel.A, industry_leader=True,
                       cooperation_since=since["B"]),
        "C": _customer("C-C", credit_level=CreditLevel.B, encouraged_industry=True,
                       cooperation_since=since["C"]),
        "D": _customer("C-D", credit_level=CreditLevel.D, cooperation_since=date(2023, 7, 1)),
    }  # fmt: skip
    figures = {
        "A": _figures("C-A", 12_000_000, 2_500_000, 9_000_000),
        "B": _figures("C-B", 6_200_000, 1_240_000, 5_636_363),
        "C": _figures("C-C", 4_300_000, 860_000, 4_095_238),
        "D": _figures("C-D", 500_000, 100_000, 530_000),
    }
    scores = {key: scorecard(figures[key], customers[key], KEY_ACCOUNT_SCORECARD) for key in "ABCD"}
    assert {key: result.score for key, result in scores.items()} == {
        "A": 100,
        "B": 71,
        "C": Decimal("50.5"),
        "D": 1,
    }
    assert [scores[key].grade for key in "ABCD"] == [Grade.A, Grade.B, Grade.C, Grade.D]


def test_seed_004_strategic_value_adds_ten_points() -> None:
    """[seed 004 篇6 §4.3] industry advantage and an encouraged industry: the full 10 points."""
    plain = _customer("C-1")
    strategic = attrs.evolve(plain, industry_leader=True, encouraged_industry=True)
    figures = _figures("C-1", 3_000_000, 400_000, 3_000_000)
    gain = (
        scorecard(figures, strategic, KEY_ACCOUNT_SCORECARD).score
        - scorecard(figures, plain, KEY_ACCOUNT_SCORECARD).score
    )
    assert gain == 10


def _record(customer_id: str, **changes: Any) -> PaymentRecord:
    fields: dict[str, Any] = {
        "customer_id": customer_id,
        "as_of": AS_OF,
        "on_time_payment_rate": Decimal("0.99"),
        "max_days_overdue": 0,
        "overdue_share": Decimal(0),
        "years_of_cooperation": 6,
    }
    fields.update(changes)
    return PaymentRecord(**fields)


def test_seed_003_excellent_and_dangerous_customer_lists() -> None:
    """[seed 003 4.71 优秀客户统计表, 4.72 危险客户统计表]: the lists come from the ratings."""
    records = [
        _record("C-1"),
        _record("C-2", on_time_payment_rate=Decimal("0.90"), max_days_overdue=25),
        _record("C-3", on_time_payment_rate=Decimal("0.60"), max_days_overdue=120),
        _record("C-4", overdue_share=Decimal("0.40")),
    ]
    ratings = [credit_rating(record, CREDIT_LEVELS) for record in records]
    assert [r.level for r in ratings] == [
        CreditLevel.A,
        CreditLevel.B,
        CreditLevel.D,
        CreditLevel.D,
    ]
    assert [r.customer_id for r in ratings if r.excellent] == ["C-1"]
    assert [r.customer_id for r in ratings if r.dangerous] == ["C-3", "C-4"]


def test_seed_003_credit_change_list() -> None:
    """[seed 003 4.70 客户信用度变更表]: a line for every customer whose level changes."""
    records = [
        _record("C-1", current_level=CreditLevel.A),
        _record("C-2", current_level=CreditLevel.A, max_days_overdue=45),
        _record("C-3", current_level=CreditLevel.C),
    ]
    changes = [
        rating.change
        for rating in (credit_rating(r, CREDIT_LEVELS) for r in records)
        if rating.change is not None
    ]
    assert [(c.customer_id, c.previous_level, c.new_level) for c in changes] == [
        ("C-2", CreditLevel.A, CreditLevel.C),
        ("C-3", CreditLevel.C, CreditLevel.A),
    ]
    assert changes[0].new_limit == Money.of(500_000)


def test_seed_000_a_new_order_is_checked_against_the_credit_limit() -> None:
    """[seed 000 "应收账款的管理及客户信用等级监控"]: an order beyond the limit is flagged."""
    rating = credit_rating(_record("C-1", years_of_cooperation=1), CREDIT_LEVELS)
    assert rating.level is CreditLevel.B
    outstanding = Money.of(1_200_000)
    assert credit_headroom(rating, outstanding=outstanding, amount=Money.of(800_000)).fits
    over = credit_headroom(rating, outstanding=outstanding, amount=Money.of(900_000))
    assert not over.fits
    assert over.excess == Money.of(100_000)


def _proposal(base: ScorecardResult, grade: Grade, score: str, year: int) -> ScorecardResult:
    return attrs.evolve(base, grade=grade, score=Decimal(score), period=Period.of_year(year))


def test_grade_stability_over_five_years() -> None:
    """A B customer: a one-year dip to C is ignored; two C years in a row apply C [default]."""
    base = scorecard(_figures("C-1", 1, 1, 1), _customer("C-1"), KEY_ACCOUNT_SCORECARD)
    history = GradeHistory(customer_id="C-1", current=Grade.B)
    steps = [
        (Grade.C, "63", Grade.B, StabilityRule.HELD_BACK),
        (Grade.B, "70", Grade.B, StabilityRule.UNCHANGED),
        (Grade.C, "62", Grade.B, StabilityRule.HELD_BACK),
        (Grade.C, "61", Grade.C, StabilityRule.HELD),
        (Grade.A, "86", Grade.A, StabilityRule.MARGIN),
    ]
    for year, (proposed, score, applied, rule) in enumerate(steps, 2020):
        outcome = stable_grade(history, _proposal(base, proposed, score, year), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule) == (applied, rule), year
        history = history.after(outcome)
    assert history.current is Grade.A


def test_portfolio_grading_in_one_call() -> None:
    """The whole portfolio: ABC class, scorecard grade and credit level per customer."""
    customers = [_customer(key) for key in PROFITS]
    figures = [
        AccountFigures(
            customer_id=key,
            period=YEAR,
            revenue=Money.of(value * 50_000),
            gross_profit=Money.of(value * 10_000),
            on_time_payment_rate=Decimal("0.97"),
        )
        for key, value in PROFITS.items()
    ]
    result = grade_portfolio(
        customers,
        figures,
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
        credit_policy=CREDIT_LEVELS,
    )
    assert [result[key].abc.abc_class.value for key in PROFITS] == list("AABBBBBBCC")
    assert result["C-01"].score.grade is Grade.D  # unrated, new customer: value alone is not A
    credit = result["C-01"].credit
    assert credit is not None
    assert credit.level is CreditLevel.C
