"""Tests that kill surviving mutants of ``keyaccount.policies.grading``.

Each test pins a detail the example tests left open: the exact explanation of an ABC pass, a
scorecard, a credit rating or a portfolio, an exact error message, a boundary.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from grading_builders import AS_OF, YEAR, customer, figures
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import CreditLevel, Grade, Money, Period
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.grading import (
    AbcClass,
    AbcItem,
    AbcMeasure,
    AbcPolicy,
    Band,
    Bands,
    CreditCriterion,
    CreditLevelRule,
    CreditRating,
    Factor,
    FactorRule,
    GradeHistory,
    GradeObservation,
    PaymentRecord,
    Ramp,
    ScoreBands,
    ScorecardPolicy,
    ScorecardResult,
    abc_apply,
    abc_classify,
    abc_cutoffs,
    credit_headroom,
    credit_rating,
    grade_portfolio,
    score_portfolio,
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
from keyaccount.scaleout import grade_partition, grading_basis, grading_tally


def record(**changes: Any) -> PaymentRecord:
    """A clean payment record of C-1: 98 % on time, nothing overdue, 5 years."""
    fields: dict[str, Any] = {
        "customer_id": "C-1",
        "as_of": AS_OF,
        "on_time_payment_rate": Decimal("0.98"),
        "max_days_overdue": 0,
        "overdue_share": Decimal(0),
        "years_of_cooperation": 5,
    }
    fields.update(changes)
    return PaymentRecord(**fields)


# ==================================================================================== ABC


def test_abc_explanation_gives_each_customer_the_threshold_it_reached() -> None:
    """An ABC pass explains the thresholds, the class counts and, per customer, which
    threshold it reached or missed; zero and negative values are always C."""
    result = abc_classify(
        {"C-1": 700, "C-2": 200, "C-3": 60, "C-4": 40, "C-5": 0, "C-6": -5}, PARETO_ABC
    )
    assert result.explain().split("\n") == [
        "ABC policy 'pareto-abc' v1 (value-share) over 6 customers, positive total 1000: "
        "A from 200; B from 60; C below; zero or negative values are C.",
        "  rule: A while the customers ranked ahead hold less than 80.0 % of the value, "
        "B while they hold less than 95.0 %, else C",
        "  classes: A 2, B 1, C 3",
        "  C-1: class A (A类(核心客户)), rank 1, value 700, share 70.0 %, cumulative 70.0 %: "
        "at least the A threshold 200",
        "  C-2: class A (A类(核心客户)), rank 2, value 200, share 20.0 %, cumulative 90.0 %: "
        "at least the A threshold 200",
        "  C-3: class B (B类(重要客户)), rank 3, value 60, share 6.0 %, cumulative 96.0 %: "
        "at least the B threshold 60, below the A threshold",
        "  C-4: class C (C类(一般客户)), rank 4, value 40, share 4.0 %, cumulative 100.0 %: "
        "below the B threshold 60",
        "  C-5: class C (C类(一般客户)), rank 5, value 0, share 0.0 %, cumulative 100.0 %: "
        "a value of zero or less is always C",
        "  C-6: class C (C类(一般客户)), rank 6, value -5, share 0.0 %, cumulative 100.0 %: "
        "a value of zero or less is always C",
    ]


def test_abc_head_count_explanation_speaks_of_customers() -> None:
    """In head-count mode the rule counts customers ranked ahead, and money is shown with
    its currency."""
    result = abc_classify(
        {"C-1": Money.of(700), "C-2": Money.of(200), "C-3": Money.of(100)}, HEAD_COUNT_ABC
    )
    assert result.explain().split("\n")[:2] == [
        "ABC policy 'head-count-abc' v1 (head-count) over 3 customers, positive total "
        "1,000.00 CNY: A from 700.00 CNY; B from 200.00 CNY; C below; zero or negative "
        "values are C.",
        "  rule: A while fewer than 20.0 % of the customers are ranked ahead, B while fewer "
        "than 50.0 %, else C",
    ]
    assert result["C-3"].explain() == (
        "C-3: class C (C类(一般客户)), rank 3, value 100.00 CNY, share 10.0 %, cumulative "
        "100.0 %: below the B threshold 200.00 CNY (A while less than 20.0 % of the customers "
        "is ranked ahead, B while less than 50.0 %)"
    )
    assert (
        result["C-1"]
        .explain()
        .endswith(
            "(A while less than 20.0 % of the customers is ranked ahead, B while less than 50.0 %)"
        )
    )


def test_abc_thresholds_are_none_without_a_positive_value() -> None:
    """With no positive value there is no A or B threshold: the explanation says "none"."""
    assert abc_classify({"C-1": 0, "C-2": -1}, PARETO_ABC).cutoffs.explain().split("\n")[0] == (
        "ABC policy 'pareto-abc' v1 (value-share) over 2 customers, positive total 0: "
        "A none; B none; C below; zero or negative values are C."
    )


def test_abc_shows_money_in_the_portfolio_currency() -> None:
    """A portfolio in US dollars shows its thresholds and total in USD."""
    cutoffs = abc_cutoffs([Money.of(30, "USD"), Money.of(10, "USD")], PARETO_ABC)
    assert cutoffs.explain().split("\n")[0] == (
        "ABC policy 'pareto-abc' v1 (value-share) over 2 customers, positive total 40.00 USD: "
        "A from 10.00 USD; B from 10.00 USD; C below; zero or negative values are C."
    )


def test_a_value_between_zero_and_one_is_ranked_not_forced_to_c() -> None:
    """Only a value of zero or less is always C: a lone customer worth 0.5 is A."""
    item = abc_classify({"C-1": Decimal("0.5")}, PARETO_ABC)["C-1"]
    assert item.abc_class is AbcClass.A
    assert item.line().endswith(": at least the A threshold 0.5")


def test_a_positive_value_under_empty_cutoffs_reaches_no_class_b() -> None:
    """Thresholds taken from a portfolio without positive values classify a positive value
    elsewhere as C, because no customer reaches class B."""
    empty = abc_cutoffs([], PARETO_ABC)
    item = AbcItem(
        customer_id="C-7",
        value=Decimal(5),
        abc_class=empty.classify(5),
        rank=1,
        share=Decimal(0),
        cumulative_share=Decimal(0),
        cutoffs=empty,
    )
    assert item.line() == (
        "C-7: class C (C类(一般客户)), rank 1, value 5, share 0.0 %, cumulative 0.0 %: "
        "no customer reaches class B"
    )


def test_abc_get_finds_a_customer_or_gives_none() -> None:
    """``get`` returns the customer's item, the same as indexing, and ``None`` for a
    customer outside the portfolio."""
    result = abc_classify({"C-1": 700, "C-2": 200}, PARETO_ABC)
    found = result.get("C-2")
    assert found == result["C-2"]
    assert found is not None
    assert (found.customer_id, found.rank) == ("C-2", 2)
    assert result.get("C-9") is None


# ============================================================================== Scorecard


def test_scorecard_explanation_shows_growth_credit_and_loyalty_in_their_units() -> None:
    """Growth is shown as a signed percentage, credit as the level and its number, loyalty
    in years; the band bounds use the same units."""
    profile = customer(credit_level=CreditLevel.B, cooperation_since=date(2021, 3, 1))
    result = scorecard(
        figures(
            revenue=Money.of(4_500_000),
            gross_profit=Money.of(900_000),
            previous_revenue=Money.of(4_000_000),
        ),
        profile,
        KEY_ACCOUNT_SCORECARD,
    )
    assert result.explain().split("\n") == [
        "Scorecard 'key-account-scorecard' v1 for C-1, 2024: score 48.6605 -> grade D "
        "(A >= 80, B >= 65, C >= 50, else D)",
        "  revenue 销售额: 4,500,000.00 CNY -> 42.11 points x weight 30 = 12.633 "
        "[linear from 500,000.00 CNY (0) to 10,000,000.00 CNY (100)]",
        "  gross-profit 毛利: 900,000.00 CNY -> 42.11 points x weight 25 = 10.5275 "
        "[linear from 100,000.00 CNY (0) to 2,000,000.00 CNY (100)]",
        "  growth 业务增长: +12.5 % -> 80 points x weight 15 = 12 "
        "[bands >= +0.0 %: 40, >= +5.0 %: 60, >= +10.0 %: 80, >= +20.0 %: 100, below: 0]",
        "  credit 信用状况: level B (2) -> 70 points x weight 15 = 10.5 "
        "[bands >= level C (1): 40, >= level B (2): 70, >= level A (3): 100, below: 0]",
        "  strategic-value 战略价值: 0 of 2 marks -> 0 points x weight 10 = 0 "
        "[bands >= 1 of 2 marks: 60, >= 2 of 2 marks: 100, below: 0]",
        "  loyalty 合作年限: 3 years -> 60 points x weight 5 = 3 "
        "[linear from 0 years (0) to 5 years (100)]",
    ]


def test_scorecard_shows_an_unknown_measure_and_a_credit_bound_between_levels() -> None:
    """An unrated customer's credit is "unknown"; a credit band bound that is no level's
    number (2.5) is shown as the plain number."""
    policy = ScorecardPolicy(
        name="credit-only",
        version="2",
        factors=(
            FactorRule(
                factor=Factor.CREDIT,
                weight=100,
                curve=Bands(steps=(Band(at_least=Decimal("2.5"), points=100),), below=20),
            ),
        ),
        bands=ScoreBands(a=80, b=65, c=50),
    )
    assert scorecard(figures(), customer(), policy).explain().split("\n") == [
        "Scorecard 'credit-only' v2 for C-1, 2024: score 0 -> grade D "
        "(A >= 80, B >= 65, C >= 50, else D)",
        "  credit 信用状况: unknown -> 0 points x weight 100 = 0 [bands >= 2.5: 100, below: 20]",
    ]


def test_ramp_points_are_linear_and_rounded_half_up() -> None:
    """A ramp gives 0 at its low end, 100 at its high end, and in between
    100 x (measure - low) / (high - low) rounded to 0.01 half up (0.125 -> 0.13)."""
    ramp = Ramp(low=0, high=800)
    assert ramp.points(Decimal(0)) == 0
    assert ramp.points(Decimal(1)) == Decimal("0.13")
    assert ramp.points(Decimal(200)) == 25
    assert ramp.points(Decimal(800)) == 100
    assert Ramp(low=100, high=300).points(Decimal(150)) == 25


@attrs.frozen(kw_only=True)
class BranchFigures(AccountFigures):
    """Figures of a branch office, a subclass of AccountFigures."""


@attrs.frozen(kw_only=True)
class VipCustomer(Customer):
    """A subclass of Customer."""


def test_scorecard_accepts_subclasses_of_its_inputs() -> None:
    """Figures and a profile of subclasses score exactly as the base classes do."""
    base = scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD)
    sub_figures = BranchFigures(
        customer_id="C-1",
        period=YEAR,
        revenue=Money.of(6_000_000),
        gross_profit=Money.of(900_000),
    )
    sub_profile = VipCustomer(id="C-1", name="Huabei Steel", manager_id="M-1")
    assert scorecard(sub_figures, customer(), KEY_ACCOUNT_SCORECARD).score == base.score
    assert scorecard(figures(), sub_profile, KEY_ACCOUNT_SCORECARD).score == base.score


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ("figures", customer(), KEY_ACCOUNT_SCORECARD),
            "figures: expected AccountFigures, got 'figures'",
        ),
        ((figures(), "C-1", KEY_ACCOUNT_SCORECARD), "profile: expected a Customer, got 'C-1'"),
        ((figures(), customer(), "policy"), "policy: expected a ScorecardPolicy, got 'policy'"),
    ],
)
def test_scorecard_names_a_wrong_argument_and_its_value(arguments: Any, message: str) -> None:
    """A wrong argument type is reported with its name, its value and the type expected."""
    with pytest.raises(ValidationError) as caught:
        scorecard(*arguments)
    assert str(caught.value) == message


def test_a_history_takes_only_its_own_customers_outcome() -> None:
    """Applying C-2's outcome to C-1's history names the outcome's customer id."""
    proposed = scorecard(figures("C-2"), customer("C-2"), KEY_ACCOUNT_SCORECARD)
    outcome = stable_grade(GradeHistory(customer_id="C-2"), proposed, GRADE_STABILITY)
    with pytest.raises(ValidationError) as caught:
        GradeHistory(customer_id="C-1").after(outcome)
    assert str(caught.value) == "outcome.customer_id: expected 'C-1', got 'C-2'"


# ========================================================================== Credit rating


def test_credit_rating_explains_level_d_with_its_reasons_and_the_change() -> None:
    """A level-D rating lists what each better level missed, why the customer is dangerous
    (level D, and days overdue above the policy's 90), and the downgrade with its reasons;
    a record with nothing due says "no payment due"."""
    rating = credit_rating(
        record(
            on_time_payment_rate=None,
            max_days_overdue=120,
            overdue_share=Decimal("0.4"),
            current_level=CreditLevel.B,
        ),
        CREDIT_LEVELS,
    )
    assert rating.explain().split("\n") == [
        "Credit rating of C-1 as of 2024-12-31 under 'credit-levels' v1: level D (信用差), "
        "limit 0.00 CNY, payment terms 0 days",
        "  record: no payment due, max 120 days overdue, overdue share 40.0 %, "
        "5 years of cooperation",
        "  not A: max-days-overdue 120 > 15; overdue-share 40.0 % > 5.0 %",
        "  not B: max-days-overdue 120 > 30; overdue-share 40.0 % > 15.0 %",
        "  not C: max-days-overdue 120 > 60; overdue-share 40.0 % > 30.0 %",
        "  dangerous customer 危险客户: yes (level D, 120 days overdue > 90); "
        "excellent customer 优秀客户: no",
        "  credit change for C-1 on 2024-12-31: B -> D (downgrade), limit 2,000,000.00 CNY -> "
        "0.00 CNY because max-days-overdue 120 > 30; overdue-share 40.0 % > 15.0 %",
    ]


def test_credit_rating_explains_an_excellent_customer_and_an_upgrade() -> None:
    """A level-A rating is not dangerous, is excellent, and an upgrade has no reasons."""
    rating = credit_rating(record(current_level=CreditLevel.C), CREDIT_LEVELS)
    assert rating.explain().split("\n") == [
        "Credit rating of C-1 as of 2024-12-31 under 'credit-levels' v1: level A (信用优秀), "
        "limit 5,000,000.00 CNY, payment terms 90 days",
        "  record: on time 98.0 %, max 0 days overdue, overdue share 0.0 %, 5 years of cooperation",
        "  dangerous customer 危险客户: no; excellent customer 优秀客户: yes",
        "  credit change for C-1 on 2024-12-31: C -> A (upgrade), limit 500,000.00 CNY -> "
        "5,000,000.00 CNY",
    ]


def test_exactly_the_dangerous_days_overdue_is_not_a_reason() -> None:
    """A level-D customer exactly 90 days overdue is dangerous for its level only: the days
    count as a reason only above the policy's 90."""
    rating = credit_rating(
        record(on_time_payment_rate=Decimal("0.5"), max_days_overdue=90), CREDIT_LEVELS
    )
    assert rating.explain().split("\n")[-1] == (
        "  dangerous customer 危险客户: yes (level D); excellent customer 优秀客户: no"
    )


def test_days_overdue_alone_make_a_better_level_dangerous() -> None:
    """With the dangerous days lowered to 20, a level-B customer 25 days overdue is
    dangerous for the days alone."""
    policy = attrs.evolve(CREDIT_LEVELS, dangerous_days_overdue=20)
    rating = credit_rating(record(max_days_overdue=25), policy)
    assert rating.level is CreditLevel.B
    assert rating.explain().split("\n")[-1] == (
        "  dangerous customer 危险客户: yes (25 days overdue > 20); excellent customer 优秀客户: no"
    )


# =========================================================================== Credit headroom


def level_b() -> CreditRating:
    """A level-B rating (limit 2,000,000 CNY)."""
    rating = credit_rating(
        record(on_time_payment_rate=Decimal("0.9"), years_of_cooperation=1), CREDIT_LEVELS
    )
    assert rating.level is CreditLevel.B
    return rating


def test_headroom_fits_up_to_the_limit_and_exceeds_by_the_cent() -> None:
    """Reaching the limit exactly fits; 50 cents over it exceeds by 0.50 CNY."""
    rating = level_b()
    owed = Money.of("1999999.50")
    fitting = credit_headroom(rating, outstanding=owed, amount=Money.of("0.50"))
    assert fitting.explain() == (
        "C-1: 0.50 CNY on top of 1,999,999.50 CNY outstanding fits (level B limit "
        "2,000,000.00 CNY, headroom 0.50 CNY)"
    )
    over = credit_headroom(rating, outstanding=owed, amount=Money.of(1))
    assert over.excess == Money.of("0.50")
    assert over.explain() == (
        "C-1: 1.00 CNY on top of 1,999,999.50 CNY outstanding exceeds the limit by 0.50 CNY "
        "(level B limit 2,000,000.00 CNY, headroom 0.50 CNY)"
    )


def test_headroom_warns_of_a_dangerous_customer() -> None:
    """A check for a dangerous customer ends with the warning."""
    rating = credit_rating(record(on_time_payment_rate=Decimal("0.5")), CREDIT_LEVELS)
    assert credit_headroom(rating, outstanding=Money.of(0), amount=Money.of(0)).explain() == (
        "C-1: 0.00 CNY on top of 0.00 CNY outstanding fits (level D limit 0.00 CNY, "
        "headroom 0.00 CNY); the customer is a dangerous customer 危险客户"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outstanding": 100}, "outstanding: expected Money in CNY, got 100"),
        ({"amount": "5"}, "amount: expected Money in CNY, got '5'"),
        ({"outstanding": Money.of(-1)}, "outstanding: expected an amount >= 0, got '-1'"),
        ({"amount": Money.of(-2)}, "amount: expected an amount >= 0, got '-2'"),
    ],
)
def test_headroom_names_a_bad_amount(changes: dict[str, Any], message: str) -> None:
    """Outstanding and the new amount must be Money, not negative; the message names which."""
    arguments: dict[str, Any] = {"outstanding": Money.of(0), "amount": Money.of(0)}
    arguments.update(changes)
    with pytest.raises(ValidationError) as caught:
        credit_headroom(level_b(), **arguments)
    assert str(caught.value) == message


def test_headroom_refuses_what_is_not_a_rating() -> None:
    """The rating argument is named ``rating`` in the error."""
    with pytest.raises(ValidationError) as caught:
        credit_headroom("B", outstanding=Money.of(0), amount=Money.of(0))  # type: ignore[arg-type]
    assert str(caught.value) == "rating: expected a CreditRating, got 'B'"


def test_headroom_refuses_another_currency_as_a_policy_error() -> None:
    """An amount in another currency than the limit's is a PolicyError naming the field."""
    with pytest.raises(PolicyError) as caught:
        credit_headroom(level_b(), outstanding=Money.of(0), amount=Money.of(1, "USD"))
    assert (
        str(caught.value) == "amount.currency: expected CNY, the credit limit's currency, got 'USD'"
    )


# ============================================================================== Portfolio


def portfolio() -> tuple[list[Customer], list[AccountFigures]]:
    """Three customers: C-1 (credit A, since 2015), C-2 (credit B), C-3 (unrated)."""
    customers = [
        customer("C-1", credit_level=CreditLevel.A, cooperation_since=date(2015, 1, 1)),
        customer("C-2", credit_level=CreditLevel.B),
        customer("C-3"),
    ]
    rows = [
        figures("C-1", gross_profit=Money.of(800_000), on_time_payment_rate=Decimal(1)),
        figures("C-2", gross_profit=Money.of(150_000), revenue=Money.of(1_000_000)),
        figures("C-3", gross_profit=Money.of(50_000), revenue=Money.of(200_000)),
    ]
    return customers, rows


def test_portfolio_explanation_counts_classes_and_grades() -> None:
    """The portfolio summary counts ABC classes and grades, then one line per customer with
    its credit level when credit was rated."""
    customers, rows = portfolio()
    graded = grade_portfolio(
        customers,
        rows,
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
        credit_policy=CREDIT_LEVELS,
    )
    assert graded.explain().split("\n") == [
        "Portfolio of 3 customers, 2024: ABC classes A 1, B 1, C 1; "
        "scorecard grades A 0, B 0, C 1, D 2",
        "  C-1: class A, score 52.577 grade C, credit A",
        "  C-2: class B, score 18.7355 grade D, credit C",
        "  C-3: class C, score 12 grade D, credit C",
    ]
    one = graded["C-2"]
    assert one.explain() == "\n".join(
        [one.abc.explain(), one.score.explain(), one.credit.explain()]  # type: ignore[union-attr]
    )
    assert graded.get("C-2") is one


def test_portfolio_without_credit_or_customers() -> None:
    """Without a credit policy the lines carry no credit and a customer's explanation has two
    parts; an empty portfolio has no period."""
    customers, rows = portfolio()
    graded = grade_portfolio(
        customers, rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
    )
    assert graded.explain().split("\n")[1:] == [
        "  C-1: class A, score 52.577 grade C",
        "  C-2: class B, score 18.7355 grade D",
        "  C-3: class C, score 12 grade D",
    ]
    one = graded["C-3"]
    assert one.explain() == f"{one.abc.explain()}\n{one.score.explain()}"
    empty = grade_portfolio([], [], abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD)
    assert empty.explain() == (
        "Portfolio of 0 customers, no period: ABC classes A 0, B 0, C 0; "
        "scorecard grades A 0, B 0, C 0, D 0"
    )


def test_portfolio_lookup_of_a_stranger_names_the_customer() -> None:
    """Indexing a portfolio with an unknown id raises a ValidationError naming it."""
    customers, rows = portfolio()
    graded = grade_portfolio(
        customers, rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
    )
    with pytest.raises(ValidationError) as caught:
        graded["C-9"]
    assert str(caught.value) == "customer_id: expected a customer of the portfolio, got 'C-9'"


# ========================================================================= input messages


def _cny(values: dict[str, int]) -> dict[str, Money]:
    return {key: Money.of(value) for key, value in values.items()}


A, B, C, D = CREDIT_LEVELS.levels


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: AbcPolicy(name="p", version="1", a_limit=0, b_limit=1),
            "a_limit: expected a share above 0 and at most 1, got '0'",
        ),
        (
            lambda: Bands(steps=(Band(at_least=1, points=50),), below=60),
            "below: expected at most the first band's 50 points, got '60'",
        ),
        (lambda: Bands(steps=()), "steps: expected at least one band, got ()"),
        (lambda: ScoreBands(a=80, b=60, c=60), "c: expected less than b (60), got '60'"),
        (lambda: Ramp(low=5, high=4), "high: expected more than low (5), got '4'"),
        (
            lambda: attrs.evolve(CREDIT_LEVELS, levels=(A, B, C, attrs.evolve(D, min_years=1))),
            "levels[3]: expected no requirements for level D (every customer meeting no "
            "better level lands there), got 'D'",
        ),
        (
            lambda: attrs.evolve(
                CREDIT_LEVELS, levels=(attrs.evolve(A, credit_limit=Money.of(1)), B, C, D)
            ),
            "levels[0].credit_limit: expected at least level B's limit (2000000), got '1'",
        ),
        (
            lambda: attrs.evolve(
                CREDIT_LEVELS, levels=(A, B, C, attrs.evolve(D, credit_limit=Money.of(0, "USD")))
            ),
            "levels[3].credit_limit.currency: expected CNY like level A's limit, got 'USD'",
        ),
        (
            lambda: attrs.evolve(KEY_ACCOUNT_SCORECARD, factors=KEY_ACCOUNT_SCORECARD.factors[1:]),
            "weights must sum to 100, got 70 (gross-profit 25 + growth 15 + credit 15 + "
            "strategic-value 10 + loyalty 5)",
        ),
    ],
)
def test_grading_policies_say_what_was_expected(call: Any, message: str) -> None:
    """An inconsistent grading policy is a PolicyError naming the field, the bound it
    broke and the value."""
    with pytest.raises(PolicyError) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: abc_classify({1: Decimal(1)}, PARETO_ABC),  # type: ignore[arg-type]
            "values: expected a customer id (a non-blank text), got 1",
        ),
        (
            lambda: abc_classify(_cny({"a": 1}), PARETO_ABC)["zz"],
            "customer_id: expected a customer of the portfolio, got 'zz'",
        ),
        (
            lambda: abc_classify(_cny({"a": 1}), PARETO_ABC).class_of("zz"),
            "customer_id: expected a customer of the portfolio, got 'zz'",
        ),
        (
            lambda: abc_classify([("a", 1, 3)], PARETO_ABC),  # type: ignore[list-item]
            "values: expected a (customer id, value) pair, got ('a', 1, 3)",
        ),
        (
            lambda: abc_classify(5, PARETO_ABC),  # type: ignore[arg-type]
            "values: expected a mapping (or pairs) of customer id to value, got 5",
        ),
        (
            lambda: abc_classify("ab", PARETO_ABC),  # type: ignore[arg-type]
            "values: expected a mapping (or pairs) of customer id to value, got 'ab'",
        ),
        (
            lambda: abc_classify({"a": True}, PARETO_ABC),
            "values['a']: expected Money or an exact number (Decimal or int, not float), got True",
        ),
        (
            lambda: abc_cutoffs("abc", PARETO_ABC),  # type: ignore[arg-type]
            "values: expected an iterable of values, got 'abc'",
        ),
        (
            lambda: abc_cutoffs([1.5], PARETO_ABC),  # type: ignore[list-item]
            "values[0]: expected Money or an exact number (Decimal or int, not float), got 1.5",
        ),
        (
            lambda: abc_apply(Money.of(4), "x"),  # type: ignore[arg-type]
            "cutoffs: expected an AbcCutoffs, got 'x'",
        ),
        (
            lambda: PaymentRecord.from_figures("x", customer()),  # type: ignore[arg-type]
            "figures: expected AccountFigures, got 'x'",
        ),
        (
            lambda: PaymentRecord.from_figures(figures(), "y"),  # type: ignore[arg-type]
            "customer: expected a Customer, got 'y'",
        ),
        (
            lambda: PaymentRecord.from_figures(figures("C-1"), customer("C-2")),
            "customer.id: expected the customer of the figures ('C-1'), got 'C-2'",
        ),
        (
            lambda: credit_rating("r", CREDIT_LEVELS),  # type: ignore[arg-type]
            "record: expected a PaymentRecord, got 'r'",
        ),
        (
            lambda: credit_rating(record(), "c"),  # type: ignore[arg-type]
            "policy: expected a CreditPolicy, got 'c'",
        ),
        (
            lambda: stable_grade(
                "h",  # type: ignore[arg-type]
                scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD),
                GRADE_STABILITY,
            ),
            "history: expected a GradeHistory, got 'h'",
        ),
        (
            lambda: stable_grade(
                GradeHistory(customer_id="C-1"),
                "p",  # type: ignore[arg-type]
                GRADE_STABILITY,
            ),
            "proposed: expected a ScorecardResult, got 'p'",
        ),
        (
            lambda: stable_grade(
                GradeHistory(customer_id="C-1"),
                scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD),
                "s",  # type: ignore[arg-type]
            ),
            "policy: expected a StabilityPolicy, got 's'",
        ),
        (
            lambda: stable_grade(
                GradeHistory(customer_id="C-9"),
                scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD),
                GRADE_STABILITY,
            ),
            "proposed.customer_id: expected 'C-9' (the history's), got 'C-1'",
        ),
    ],
)
def test_grading_functions_name_a_bad_input(call: Any, message: str) -> None:
    """A bad argument is a ValidationError naming it, its value and what was expected."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("values", "cutoffs", "message"),
    [
        (
            [Money.of(1), Money.of(2, "USD")],
            None,
            "values[1].currency: expected CNY like the other values (one ranking cannot mix "
            "currencies), got 'USD'",
        ),
        (
            [Money.of(1), Decimal(2)],
            None,
            "values[1]: expected Money in CNY like the other values, got '2'",
        ),
        (
            [Decimal(2), Money.of(1)],
            None,
            "values[1]: expected a plain number like the other values, not Money, "
            "got Money(amount=Decimal('1'), currency='CNY')",
        ),
        (
            Money.of(4, "USD"),
            [Money.of(5)],
            "value.currency: expected CNY like the other values (one ranking cannot mix "
            "currencies), got 'USD'",
        ),
        (Decimal(4), [Money.of(5)], "value: expected Money in CNY like the other values, got '4'"),
        (
            Money.of(4),
            [Decimal(5)],
            "value: expected a plain number like the other values, not Money, "
            "got Money(amount=Decimal('4'), currency='CNY')",
        ),
    ],
)
def test_abc_refuses_mixed_units(values: Any, cutoffs: Any, message: str) -> None:
    """One ranking is in one currency or in plain numbers; a value that differs is a
    PolicyError naming its position."""

    def attempt() -> object:
        if cutoffs is None:
            return abc_cutoffs(values, PARETO_ABC)
        return abc_apply(values, abc_cutoffs(cutoffs, PARETO_ABC))

    with pytest.raises(PolicyError) as caught:
        attempt()
    assert str(caught.value) == message


# ============================================================================== Stability


def proposal(grade: str, score: str) -> ScorecardResult:
    """C-1's 2024 scorecard with the grade and score replaced."""
    base = scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD)
    return attrs.evolve(base, grade=Grade(grade), score=Decimal(score))


def past(current: str | None, *grades: tuple[int, str]) -> GradeHistory:
    """C-1's history: the grade in force and the grades proposed in past years."""
    return GradeHistory(
        customer_id="C-1",
        current=None if current is None else Grade(current),
        observations=tuple(
            GradeObservation(period=Period.of_year(year), grade=Grade(grade))
            for year, grade in grades
        ),
    )


NO_MARGIN = attrs.evolve(GRADE_STABILITY, margin=None)
HOLD_ONE = attrs.evolve(GRADE_STABILITY, periods_to_hold=1)
KEPT = "grade B kept (stability policy 'grade-stability'): proposed 1 consecutive period(s), "


@pytest.mark.parametrize(
    ("history", "proposed", "policy", "applied", "explanation"),
    [
        (
            past(None),
            proposal("B", "70"),
            GRADE_STABILITY,
            "B",
            "grade B: first grading, applied at once",
        ),
        (past("B"), proposal("B", "70"), GRADE_STABILITY, "B", "grade B unchanged"),
        (
            past("C"),
            proposal("A", "85"),
            GRADE_STABILITY,
            "A",
            "grade C -> A: score 20 above the band edge 65 (margin 5)",
        ),
        (
            past("B"),
            proposal("D", "40"),
            GRADE_STABILITY,
            "D",
            "grade B -> D: score 25 below the band edge 65 (margin 5)",
        ),
        (
            past("B"),
            proposal("A", "85"),
            GRADE_STABILITY,
            "A",
            "grade B -> A: score 5 above the band edge 80 (margin 5)",
        ),
        (
            past("B"),
            proposal("A", "84.99"),
            GRADE_STABILITY,
            "B",
            KEPT + "2 needed; score 4.99 above the band edge 80 (margin 5)",
        ),
        (
            past("B"),
            proposal("A", "82"),
            NO_MARGIN,
            "B",
            KEPT + "2 needed; no margin rule",
        ),
        (
            past("B", (2023, "A")),
            proposal("A", "82"),
            GRADE_STABILITY,
            "A",
            "grade B -> A: proposed 2 consecutive period(s), 2 needed",
        ),
        (
            past("B", (2022, "A")),
            proposal("A", "82"),
            GRADE_STABILITY,
            "B",
            KEPT + "2 needed; score 2 above the band edge 80 (margin 5)",
        ),
        (
            past("B"),
            proposal("A", "82"),
            HOLD_ONE,
            "A",
            "grade B -> A: proposed 1 consecutive period(s), 1 needed",
        ),
        (
            past("A", (2022, "B"), (2023, "C")),
            proposal("D", "48"),
            NO_MARGIN,
            "C",
            "grade A -> C: proposed 3 consecutive period(s), 2 needed",
        ),
        (
            past("D", (2023, "B")),
            proposal("A", "81"),
            NO_MARGIN,
            "B",
            "grade D -> B: proposed 2 consecutive period(s), 2 needed",
        ),
    ],
)
def test_stable_grade_explains_each_rule(
    history: GradeHistory,
    proposed: ScorecardResult,
    policy: Any,
    applied: str,
    explanation: str,
) -> None:
    """Each stability rule explains itself: first grading, unchanged, a move past the margin
    (exactly the margin is enough), two consecutive periods (a gap breaks the run; the
    nearest grade of the run applies), or the grade kept with both reasons."""
    outcome = stable_grade(history, proposed, policy)
    assert outcome.grade is Grade(applied)
    head = f"C-1 2024: proposed {proposed.grade.value} (score {proposed.score}), "
    assert outcome.explain() == head + explanation


# ========================================================================== Credit policy


def levels(**changes: dict[str, Any]) -> Any:
    """The preset's credit policy with rule fields changed, e.g. ``a={"min_years": None}``."""
    rules = [
        attrs.evolve(rule, **changes.get(name, {}))
        for name, rule in zip("abcd", CREDIT_LEVELS.levels, strict=True)
    ]
    return attrs.evolve(CREDIT_LEVELS, levels=rules)


def test_a_level_may_equal_the_next_one() -> None:
    """A better level may require exactly as much and grant exactly as much as the next."""
    same = levels(
        a={
            "min_on_time_rate": Decimal("0.85"),
            "max_days_overdue": 30,
            "max_overdue_share": Decimal("0.15"),
            "min_years": 1,
            "credit_limit": Money.of(2_000_000),
            "payment_terms_days": 60,
        }
    )
    assert same.levels[0].requirements() == same.levels[1].requirements()


def test_requirements_list_each_criterion_with_its_threshold() -> None:
    """Level A of the preset sets all four criteria, in order; level C three; D none."""
    assert CREDIT_LEVELS.levels[0].requirements() == (
        (CreditCriterion.ON_TIME_RATE, Decimal("0.95")),
        (CreditCriterion.DAYS_OVERDUE, 15),
        (CreditCriterion.OVERDUE_SHARE, Decimal("0.05")),
        (CreditCriterion.YEARS, 2),
    )
    assert CREDIT_LEVELS.levels[2].requirements() == (
        (CreditCriterion.ON_TIME_RATE, Decimal("0.70")),
        (CreditCriterion.DAYS_OVERDUE, 60),
        (CreditCriterion.OVERDUE_SHARE, Decimal("0.30")),
    )
    assert CREDIT_LEVELS.levels[3].requirements() == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"a": {"min_years": None}},
            "levels[0].min_years: expected at least as strict as level B's (1), got None",
        ),
        (
            {"a": {"max_days_overdue": 40}},
            "levels[0].max_days_overdue: expected at least as strict as level B's (30), got 40",
        ),
        (
            {"b": {"max_overdue_share": Decimal("0.4")}},
            "levels[1].max_overdue_share: expected at least as strict as level C's (0.3), "
            "got '0.4'",
        ),
        (
            {"b": {"payment_terms_days": 20}},
            "levels[1].payment_terms_days: expected at least level C's terms (30), got 20",
        ),
        (
            {"a": {"credit_limit": Money.of(5_000_000, "USD")}},
            "levels[1].credit_limit.currency: expected USD like level A's limit, got 'CNY'",
        ),
    ],
)
def test_a_better_level_is_never_looser(changes: dict[str, Any], message: str) -> None:
    """A better level that drops a requirement, allows more days or share overdue, grants
    shorter terms, or is in another currency than level A is refused by field."""
    with pytest.raises(PolicyError) as caught:
        levels(**changes)
    assert str(caught.value) == message


def test_a_negative_credit_limit_shows_the_limit() -> None:
    """A negative credit limit is refused; the message shows the Money given."""
    with pytest.raises(PolicyError) as caught:
        CreditLevelRule(level=CreditLevel.D, credit_limit=Money.of(-1), payment_terms_days=0)
    assert str(caught.value) == (
        "credit_limit: expected an amount >= 0, got Money(amount=Decimal('-1'), currency='CNY')"
    )


def test_zero_is_class_c_whatever_the_thresholds() -> None:
    """A value of zero is C even under thresholds of zero: zero or negative is always C."""
    cutoffs = attrs.evolve(
        abc_cutoffs([Decimal(5)], PARETO_ABC), a_threshold=Decimal(0), b_threshold=Decimal(0)
    )
    assert abc_apply(Decimal(0), cutoffs) is AbcClass.C
    assert abc_apply(Decimal("0.01"), cutoffs) is AbcClass.A


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ([Decimal("NaN")], "values[0]: expected a finite number, got 'NaN'"),
        ([Decimal(1), Decimal("Infinity")], "values[1]: expected a finite number, got 'Infinity'"),
        ({"a": Decimal("-Infinity")}, "values['a']: expected a finite number, got '-Infinity'"),
    ],
)
def test_abc_values_are_finite(values: Any, message: str) -> None:
    """NaN and infinities cannot be ranked: the value is named by position or customer id."""
    with pytest.raises(ValidationError) as caught:
        abc_cutoffs(values, PARETO_ABC)
    assert str(caught.value) == message


def test_empty_cutoffs_take_money_or_plain_numbers() -> None:
    """Thresholds of an empty portfolio have no unit yet: Money in any currency and plain
    numbers are all class C under them."""
    empty = abc_cutoffs([], PARETO_ABC)
    assert [abc_apply(value, empty) for value in (Money.of(5), Money.of(5, "USD"), Decimal(5))] == [
        AbcClass.C,
        AbcClass.C,
        AbcClass.C,
    ]


def test_numbers_are_shown_without_a_sign_on_zero() -> None:
    """A bound given as "-0" is shown as 0, and whole numbers without decimals."""
    assert ScoreBands(a=Decimal("80.00"), b=65, c="-0").describe() == (
        "A >= 80, B >= 65, C >= 0, else D"
    )


# ============================================================== Amounts, histories, portfolio


def test_a_plain_amount_may_have_thirty_one_digits_but_no_more() -> None:
    """A plain number up to 10^31 (exclusive) is ranked like a money amount; a larger one is
    refused, named by its customer id or position, with its value."""
    largest = 10**31 - 1
    assert abc_classify({"a": largest, "b": 10**30}, PARETO_ABC).class_of("a") is AbcClass.A
    with pytest.raises(ValidationError) as caught:
        abc_classify({"a": 10**30, "b": 10**31}, PARETO_ABC)
    assert str(caught.value) == (
        "values['b']: expected a number below 10^31 in size, as money amounts are, "
        "got 10000000000000000000000000000000"
    )
    with pytest.raises(ValidationError) as caught:
        abc_cutoffs([-(10**31)], PARETO_ABC)
    assert str(caught.value) == (
        "values[0]: expected a number below 10^31 in size, as money amounts are, "
        "got -10000000000000000000000000000000"
    )


def test_a_history_takes_only_a_stable_grade() -> None:
    """A history advances only by a ``StableGrade``; anything else is named with its value."""
    proposed = scorecard(figures(), customer(), KEY_ACCOUNT_SCORECARD)
    with pytest.raises(ValidationError) as caught:
        GradeHistory(customer_id="C-1").after(proposed)  # type: ignore[arg-type]
    assert str(caught.value).startswith(
        "outcome: expected a StableGrade from stable_grade(), got ScorecardResult("
    )
    with pytest.raises(ValidationError) as caught:
        GradeHistory(customer_id="C-1").after("B")  # type: ignore[arg-type]
    assert str(caught.value) == "outcome: expected a StableGrade from stable_grade(), got 'B'"


def test_score_portfolio_counts_loyalty_to_as_of_or_the_period_end() -> None:
    """Years of cooperation are counted to ``as_of`` when given, else to the last day of the
    figures' period; an empty portfolio scores to an empty dict either way."""
    since = customer(cooperation_since=date(2020, 6, 30))

    def years(**keywords: Any) -> Decimal | None:
        result = score_portfolio([since], [figures()], KEY_ACCOUNT_SCORECARD, **keywords)
        (loyalty,) = [s for s in result["C-1"].factor_scores() if s.factor is Factor.LOYALTY]
        return loyalty.measure

    assert years() == 4  # 2024-12-31
    assert years(as_of=AS_OF) == 4
    assert years(as_of=date(2024, 6, 29)) == 3
    assert years(as_of=date(2021, 1, 1)) == 0
    assert score_portfolio([], [], KEY_ACCOUNT_SCORECARD) == {}
    assert score_portfolio([], [], KEY_ACCOUNT_SCORECARD, as_of=AS_OF) == {}


@pytest.mark.parametrize(
    ("observations", "message"),
    [
        ("x", "observations: expected a tuple of grade observations, got 'x'"),
        (5, "observations: expected a tuple of grade observations, got 5"),
        (
            [GradeObservation(period=YEAR, grade=Grade.B), "A"],
            "observations[1]: expected a GradeObservation, got 'A'",
        ),
        (
            [
                GradeObservation(period=YEAR, grade=Grade.B),
                GradeObservation(period=Period.parse("2024"), grade=Grade.A),
            ],
            "observations[1].period: expected a year period after 2024, got '2024'",
        ),
        (
            [
                GradeObservation(period=YEAR, grade=Grade.B),
                GradeObservation(period=Period.parse("2025-Q1"), grade=Grade.A),
            ],
            "observations[1].period: expected a year period after 2024, got '2025-Q1'",
        ),
    ],
)
def test_a_history_lists_observations_in_strictly_increasing_periods(
    observations: Any, message: str
) -> None:
    """Observations are a tuple of ``GradeObservation``, one per period, oldest first, all of
    one kind: a second observation of the same period is refused like an earlier one."""
    with pytest.raises(ValidationError) as caught:
        GradeHistory(customer_id="C-1", observations=observations)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("history", "proposed", "policy", "facts"),
    [
        (past(None), proposal("B", "70"), GRADE_STABILITY, ("first-grading", 1, None, None)),
        (past("B"), proposal("B", "70"), GRADE_STABILITY, ("unchanged", 0, None, None)),
        (
            past("B", (2023, "A")),
            proposal("A", "82"),
            GRADE_STABILITY,
            ("held", 2, Decimal(80), Decimal(2)),
        ),
        (
            past("A", (2022, "B"), (2023, "C")),
            proposal("D", "48"),
            NO_MARGIN,
            ("held", 3, Decimal(80), Decimal(32)),
        ),
        (
            past("B"),
            proposal("A", "82"),
            GRADE_STABILITY,
            ("held-back", 1, Decimal(80), Decimal(2)),
        ),
    ],
)
def test_stable_grade_records_the_run_the_edge_and_the_distance(
    history: GradeHistory, proposed: ScorecardResult, policy: Any, facts: tuple[Any, ...]
) -> None:
    """A first grading counts one period held and an unchanged grade none, both without an
    edge; a change (held or held back) records its run, the band edge and the distance."""
    outcome = stable_grade(history, proposed, policy)
    assert (outcome.rule.value, outcome.held_periods, outcome.edge, outcome.distance) == facts


@pytest.mark.parametrize(
    ("policies", "message"),
    [
        ({"abc_policy": "x"}, "abc_policy: expected an AbcPolicy, got 'x'"),
        ({"scorecard_policy": "y"}, "scorecard_policy: expected a ScorecardPolicy, got 'y'"),
        ({"credit_policy": "z"}, "credit_policy: expected a CreditPolicy, got 'z'"),
    ],
)
def test_grade_portfolio_names_a_wrong_policy(policies: dict[str, Any], message: str) -> None:
    """A wrong policy argument is named by its keyword, with its value and the class expected."""
    arguments: dict[str, Any] = {
        "abc_policy": PARETO_ABC,
        "scorecard_policy": KEY_ACCOUNT_SCORECARD,
        **policies,
    }
    with pytest.raises(ValidationError) as caught:
        grade_portfolio([], [], **arguments)
    assert str(caught.value) == message


def test_grade_portfolio_counts_to_as_of_or_the_period_end() -> None:
    """Both the scorecard's loyalty and the payment record's years of cooperation (and its
    day) are counted to ``as_of`` when given, else to the last day of the period."""
    since = customer(cooperation_since=date(2020, 6, 30))

    def counted(**keywords: Any) -> tuple[Any, ...]:
        graded = grade_portfolio(
            [since],
            [figures()],
            abc_policy=PARETO_ABC,
            scorecard_policy=KEY_ACCOUNT_SCORECARD,
            credit_policy=CREDIT_LEVELS,
            **keywords,
        )["C-1"]
        (loyalty,) = [s for s in graded.score.factor_scores() if s.factor is Factor.LOYALTY]
        assert graded.credit is not None
        return (
            loyalty.measure,
            graded.credit.record.as_of,
            graded.credit.record.years_of_cooperation,
        )

    assert counted() == (Decimal(4), AS_OF, 4)
    assert counted(as_of=date(2024, 6, 29)) == (Decimal(3), date(2024, 6, 29), 3)


def test_a_payment_record_is_taken_as_of_the_day_given() -> None:
    """``PaymentRecord.from_figures`` counts to ``as_of`` when given, else to the period end."""
    since = customer(cooperation_since=date(2020, 6, 30))
    default = PaymentRecord.from_figures(figures(), since)
    assert (default.as_of, default.years_of_cooperation) == (AS_OF, 4)
    earlier = PaymentRecord.from_figures(figures(), since, as_of=date(2024, 6, 29))
    assert (earlier.as_of, earlier.years_of_cooperation) == (date(2024, 6, 29), 3)


def test_a_credit_policy_finds_a_rule_by_level_or_its_value() -> None:
    """``rule_of`` takes a level or its text; anything else names ``level`` and the levels."""
    assert CREDIT_LEVELS.rule_of("B") is CREDIT_LEVELS.rule_of(CreditLevel.B)
    assert CREDIT_LEVELS.rule_of("D").level is CreditLevel.D
    with pytest.raises(ValidationError) as caught:
        CREDIT_LEVELS.rule_of("Z")  # type: ignore[arg-type]
    assert str(caught.value) == "level: expected one of 'A', 'B', 'C', 'D', got 'Z'"


def test_a_record_exactly_at_a_levels_thresholds_reaches_that_level() -> None:
    """Each credit threshold is inclusive: on time exactly 95 %, exactly 15 days overdue and
    an overdue share of exactly 5 % still reach level A, with no shortfall."""
    rating = credit_rating(
        record(
            on_time_payment_rate=Decimal("0.95"),
            max_days_overdue=15,
            overdue_share=Decimal("0.05"),
            years_of_cooperation=2,
        ),
        CREDIT_LEVELS,
    )
    assert (rating.level, rating.shortfalls) == (CreditLevel.A, ())


@pytest.mark.parametrize(
    ("changes", "level", "excellent"),
    [
        ({"years_of_cooperation": 3}, CreditLevel.A, True),
        ({"years_of_cooperation": 2}, CreditLevel.A, False),
        (
            {"on_time_payment_rate": Decimal("0.90"), "years_of_cooperation": 10},
            CreditLevel.B,
            False,
        ),
        ({"max_days_overdue": 1}, CreditLevel.A, False),
    ],
)
def test_an_excellent_customer_is_level_a_with_three_years_and_nothing_overdue(
    changes: dict[str, Any], level: CreditLevel, excellent: bool
) -> None:
    """Excellent needs level A, at least the policy's 3 years (exactly 3 is enough) and no
    day overdue: a long-standing level-B customer with nothing overdue is not excellent."""
    rating = credit_rating(record(**changes), CREDIT_LEVELS)
    assert (rating.level, rating.dangerous, rating.excellent) == (level, False, excellent)


def test_a_scorecard_built_at_run_time_with_a_money_factor_checks_the_currency() -> None:
    """A policy with a money factor (built now, not imported) scores only figures in its
    currency; the error names the figures' currency and the scorecard."""
    policy = ScorecardPolicy(
        name="revenue-only",
        version="1",
        currency="CNY",
        factors=(
            FactorRule(factor=Factor.REVENUE, weight=100, curve=Ramp(low=0, high=10_000_000)),
        ),
        bands=KEY_ACCOUNT_SCORECARD.bands,
    )
    assert scorecard(figures(), customer(), policy).score == Decimal(60)
    usd = figures(revenue=Money.of(6_000_000, "USD"), gross_profit=Money.of(900_000, "USD"))
    with pytest.raises(PolicyError) as caught:
        scorecard(usd, customer(), policy)
    assert str(caught.value) == (
        "figures.revenue.currency: expected CNY, the currency of scorecard 'revenue-only', "
        "got 'USD'"
    )


@pytest.mark.parametrize(("since", "years"), [(2024, 0), (1925, 99), (1924, 100), (1900, 124)])
def test_loyalty_counts_any_number_of_whole_years(since: int, years: int) -> None:
    """Years of cooperation are measured as whole years, a century or more included."""
    profile = customer(cooperation_since=date(since, 1, 1))
    result = scorecard(figures(), profile, KEY_ACCOUNT_SCORECARD)
    (loyalty,) = [s for s in result.factor_scores() if s.factor is Factor.LOYALTY]
    assert loyalty.measure == Decimal(years)
    assert loyalty.points == (Decimal(0) if years == 0 else Decimal(100))


def test_a_scorecard_of_growth_alone_measures_growth() -> None:
    """A policy whose only factor is growth (no credit factor) still measures growth:
    6,000,000 after 5,000,000 is +20 %, the top band."""
    growth = KEY_ACCOUNT_SCORECARD.rule_for(Factor.GROWTH)
    assert growth is not None
    policy = ScorecardPolicy(
        name="growth-only",
        version="1",
        currency="CNY",
        factors=(attrs.evolve(growth, weight=100),),
        bands=KEY_ACCOUNT_SCORECARD.bands,
    )
    result = scorecard(figures(previous_revenue=Money.of(5_000_000)), customer(), policy)
    assert (result.measures, result.score) == ((Decimal("0.2"),), Decimal(100))


# =================================================================== Ids, duplicates, bands


@pytest.mark.parametrize(
    ("values", "bad"),
    [
        ({"C-1": Decimal(1), 2: Decimal(1)}, "2"),
        ({"C-1": Decimal(1), "": Decimal(2)}, "''"),
        ([("C-1", Decimal(1)), ("", Decimal(2))], "''"),
        ({"": Decimal(1)}, "''"),
    ],
)
def test_abc_names_the_first_id_that_is_not_a_non_blank_text(values: Any, bad: str) -> None:
    """Customer ids are non-blank texts: a blank or non-text id is refused, and the error
    names that id, not a good one before it."""
    with pytest.raises(ValidationError) as caught:
        abc_classify(values, PARETO_ABC)
    assert str(caught.value) == f"values: expected a customer id (a non-blank text), got {bad}"


def test_abc_names_the_repeated_id_of_pairs() -> None:
    """Pairs may name a customer only once; the error names the id that comes back, not the
    first id of the list."""
    with pytest.raises(ValidationError) as caught:
        abc_classify([("C-1", 1), ("C-2", 2), ("C-2", 3)], PARETO_ABC)
    assert str(caught.value) == "values: expected each customer id at most once, got 'C-2'"


def test_score_bands_grade_ints_and_refuse_what_is_not_a_finite_number() -> None:
    """``ScoreBands.grade`` takes an int as well as a Decimal (A at or above a, …); NaN,
    infinities and floats are a ValidationError naming ``score`` and the value."""
    bands = ScoreBands(a=80, b=65, c=50)
    assert [bands.grade(score) for score in (80, 79, 65, 64, 50, 49)] == [  # type: ignore[arg-type]
        Grade.A,
        Grade.B,
        Grade.B,
        Grade.C,
        Grade.C,
        Grade.D,
    ]
    for score, shown in (
        (Decimal("NaN"), "'NaN'"),
        (Decimal("-Infinity"), "'-Infinity'"),
        (1.5, "1.5"),
    ):
        with pytest.raises(ValidationError) as caught:
            bands.grade(score)  # type: ignore[arg-type]
        assert str(caught.value) == f"score: expected a number (int or Decimal), got {shown}"


@pytest.mark.parametrize(("revenue", "points"), [(1, "0.13"), (97, "12.13"), (99, "12.38")])
def test_a_scorecard_ramp_rounds_points_half_up(revenue: int, points: str) -> None:
    """A scorecard's linear factor rounds its points to 0.01 half away from zero, as
    ``Ramp`` documents: 1 of 800 is 0.125 → 0.13 and 97 of 800 is 12.125 → 12.13 (never to
    the even cent)."""
    policy = ScorecardPolicy(
        name="revenue-ramp",
        version="1",
        currency="CNY",
        factors=(FactorRule(factor=Factor.REVENUE, weight=100, curve=Ramp(low=0, high=800)),),
        bands=KEY_ACCOUNT_SCORECARD.bands,
    )
    rows = figures(revenue=Money.of(revenue), gross_profit=Money.of(0))
    result = scorecard(rows, customer(), policy)
    assert [score.points for score in result.factor_scores()] == [Decimal(points)]
    assert result.score == Decimal(points)


def profit_against_revenue() -> tuple[list[Customer], list[AccountFigures]]:
    """C-1 leads by revenue (6,000,000 against 1,000,000), C-2 by gross profit (900,000
    against 100,000)."""
    customers = [customer("C-1"), customer("C-2")]
    rows = [
        figures("C-1", gross_profit=Money.of(100_000)),
        figures("C-2", revenue=Money.of(1_000_000), gross_profit=Money.of(900_000)),
    ]
    return customers, rows


def test_grade_portfolio_ranks_by_the_measure_of_the_abc_policy() -> None:
    """``grade_portfolio`` ranks by the ABC policy's measure [seed 003 4.66 客户销售毛利排名表]:
    by gross profit (the preset) C-2's 900,000 beats C-1's 100,000, by revenue C-1's
    6,000,000 beats C-2's 1,000,000."""
    customers, rows = profit_against_revenue()

    def classes(abc_policy: AbcPolicy) -> list[tuple[str, AbcClass, Decimal]]:
        graded = grade_portfolio(
            customers, rows, abc_policy=abc_policy, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        return [(c.customer_id, c.abc.abc_class, c.abc.value) for c in graded.customers]

    assert classes(PARETO_ABC) == [
        ("C-1", AbcClass.B, Decimal(100_000)),
        ("C-2", AbcClass.A, Decimal(900_000)),
    ]
    assert classes(attrs.evolve(PARETO_ABC, measure=AbcMeasure.REVENUE)) == [
        ("C-1", AbcClass.A, Decimal(6_000_000)),
        ("C-2", AbcClass.B, Decimal(1_000_000)),
    ]


def test_a_partition_looks_up_each_customers_abc_item_by_its_own_figure() -> None:
    """A partition graded against the whole portfolio's basis gives each customer the grading
    ``grade_portfolio`` gives it: its ABC item is found by its own gross profit."""
    customers, rows = profit_against_revenue()
    basis = grading_basis(grading_tally(rows, measure=PARETO_ABC.measure), PARETO_ABC)
    whole = grade_portfolio(
        customers, rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
    )
    for index, customer_id in enumerate(("C-1", "C-2")):
        part = grade_partition(
            customers[index : index + 1],
            rows[index : index + 1],
            basis,
            scorecard_policy=KEY_ACCOUNT_SCORECARD,
        )
        assert part == (whole[customer_id],)
