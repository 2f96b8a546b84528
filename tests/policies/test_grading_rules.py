"""Customer grading 客户分级: edge cases of the ABC, scorecard, credit and stability rules."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from attrs import frozen

from grading_builders import AS_OF
from grading_builders import customer as _customer
from grading_builders import figures as _figures
from keyaccount.domain.customer import Customer
from keyaccount.domain.values import CreditLevel, Grade, Money
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.grading import (
    AbcClass,
    AbcClassification,
    CreditCriterion,
    Factor,
    FactorRule,
    GradeHistory,
    PaymentRecord,
    Ramp,
    ScoreBands,
    ScorecardPolicy,
    StabilityRule,
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

FIVE = {"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}
"""Five customers whose values sum to 100: c1-c3 are A, c4 B and c5 C under Pareto 80/95."""


def _cny(values: dict[str, int]) -> dict[str, Money]:
    return {key: Money.of(value) for key, value in values.items()}


# ==================================================================================== ABC


def test_head_count_cutoffs_state_the_rule_in_customers() -> None:
    """In head-count mode the rule counts customers ranked ahead: with five customers the top
    one is A (20 %) and the next two B (50 % rounded up to three)."""
    cutoffs = abc_cutoffs(_cny(FIVE), HEAD_COUNT_ABC)
    assert cutoffs.explain() == (
        "ABC policy 'head-count-abc' v1 (head-count) over 5 customers, positive total "
        "100.00 CNY: A from 50.00 CNY; B from 15.00 CNY; C below; zero or negative values "
        "are C.\n  rule: A while fewer than 20.0 % of the customers are ranked ahead, "
        "B while fewer than 50.0 %, else C"
    )


def test_a_c_customer_is_explained_by_the_b_threshold_it_misses() -> None:
    """A positive value below the B threshold is C, and the explanation names that threshold."""
    item = abc_classify(_cny(FIVE), PARETO_ABC)["c5"]
    assert item.abc_class is AbcClass.C
    assert item.line() == (
        "c5: class C (C类(一般客户)), rank 5, value 5.00 CNY, share 5.0 %, cumulative "
        "100.0 %: below the B threshold 10.00 CNY"
    )


def test_classification_explains_thresholds_counts_and_each_customer() -> None:
    """The explanation gives the thresholds, the class counts, then one line per customer in
    rank order; a class may be empty (no B here: c2 already reaches 100 %)."""
    result = abc_classify(_cny({"c1": 60, "c2": 40, "c3": 0}), PARETO_ABC)
    lines = result.explain().splitlines()
    assert lines[0] == result.cutoffs.explain().splitlines()[0]
    assert lines[2:] == [
        "  classes: A 2, B 0, C 1",
        "  c1: class A (A类(核心客户)), rank 1, value 60.00 CNY, share 60.0 %, cumulative "
        "60.0 %: at least the A threshold 40.00 CNY",
        "  c2: class A (A类(核心客户)), rank 2, value 40.00 CNY, share 40.0 %, cumulative "
        "100.0 %: at least the A threshold 40.00 CNY",
        "  c3: class C (C类(一般客户)), rank 3, value 0.00 CNY, share 0.0 %, cumulative "
        "100.0 %: a value of zero or less is always C",
    ]


def test_class_of_an_unknown_customer_is_refused() -> None:
    """Asking the class of a customer outside the portfolio raises ValidationError."""
    result = abc_classify(_cny(FIVE), PARETO_ABC)
    with pytest.raises(ValidationError) as caught:
        result.class_of("c9")
    assert str(caught.value) == "customer_id: expected a customer of the portfolio, got 'c9'"


def test_a_classification_built_with_an_id_twice_is_refused() -> None:
    """Each customer appears once in a classification, even one built by hand."""
    one = Decimal(1)
    with pytest.raises(ValidationError) as caught:
        AbcClassification(
            cutoffs=abc_cutoffs([], PARETO_ABC),
            customer_ids=("c1", "c1"),
            values=(one, one),
            classes=(AbcClass.A, AbcClass.A),
            ranks=(1, 1),
            shares=(one, one),
            cumulative_shares=(one, one),
        )
    assert str(caught.value) == "customer_ids: expected each customer id once, got '2 ids'"


def test_money_after_plain_numbers_raises_policy_error() -> None:
    """One ranking holds plain numbers or Money, not both: the first Money after plain
    numbers is named."""
    mixed: dict[str, Money | Decimal | int] = {"c1": 5, "c2": Money.of(3)}
    with pytest.raises(PolicyError) as caught:
        abc_classify(mixed, PARETO_ABC)
    assert str(caught.value) == (
        "values['c2']: expected a plain number like the other values, not Money, "
        "got Money(amount=Decimal('3'), currency='CNY')"
    )


def test_an_infinite_value_is_refused() -> None:
    """Values are finite numbers; infinity cannot be ranked."""
    with pytest.raises(ValidationError) as caught:
        abc_classify({"c1": Decimal("Infinity"), "c2": Decimal(1)}, PARETO_ABC)
    assert str(caught.value) == "values['c1']: expected a finite number, got 'Infinity'"


def test_a_bare_value_that_is_not_a_number_is_named_by_position() -> None:
    """Bare values (no ids) are named by their position: NaN at position 1."""
    with pytest.raises(ValidationError) as caught:
        abc_cutoffs([Decimal(1), Decimal("NaN")], PARETO_ABC)
    assert str(caught.value) == "values[1]: expected a finite number, got 'NaN'"


def test_a_pair_of_three_items_is_refused() -> None:
    """Pairs are (customer id, value); anything longer is refused whole."""
    with pytest.raises(ValidationError) as caught:
        abc_classify([("c1", Money.of(1), "extra")], PARETO_ABC)  # type: ignore[list-item]
    assert str(caught.value) == (
        "values: expected a (customer id, value) pair, "
        "got ('c1', Money(amount=Decimal('1'), currency='CNY'), 'extra')"
    )


def test_a_single_number_is_not_a_portfolio() -> None:
    """abc_classify needs a mapping or pairs; abc_cutoffs an iterable of values."""
    with pytest.raises(ValidationError) as caught:
        abc_classify(5, PARETO_ABC)  # type: ignore[arg-type]
    assert str(caught.value) == (
        "values: expected a mapping (or pairs) of customer id to value, got 5"
    )
    with pytest.raises(ValidationError) as caught:
        abc_cutoffs("c1", PARETO_ABC)  # type: ignore[arg-type]
    assert str(caught.value) == "values: expected an iterable of values, got 'c1'"


def test_an_id_that_is_a_list_is_refused_with_a_validation_error() -> None:
    """Customer ids are texts: a list as an id is a ValidationError naming it."""
    with pytest.raises(ValidationError) as caught:
        abc_classify([(["c1"], Money.of(1))], PARETO_ABC)  # type: ignore[list-item]
    assert str(caught.value) == "values: expected a customer id (a non-blank text), got ['c1']"


# ============================================================================= Scorecard


def test_grade_c_band_must_lie_below_grade_b() -> None:
    """Bands descend strictly: C's minimum above B's is refused."""
    with pytest.raises(PolicyError) as caught:
        ScoreBands(a=80, b=65, c=70)
    assert str(caught.value) == "c: expected less than b (65), got '70'"


def test_a_scorecard_needs_a_factor() -> None:
    """A scorecard without factors cannot score anyone."""
    with pytest.raises(PolicyError) as caught:
        ScorecardPolicy(name="s", version="1", factors=(), bands=ScoreBands(a=80, b=65, c=50))
    assert str(caught.value) == "factors: expected at least one factor, got ()"


def test_a_factor_the_policy_does_not_use_contributes_nothing() -> None:
    """The contribution of a factor outside the policy is 0; the used one gives the score."""
    policy = ScorecardPolicy(
        name="revenue-only",
        version="1",
        factors=(
            FactorRule(factor=Factor.REVENUE, weight=100, curve=Ramp(low=0, high=10_000_000)),
        ),
        bands=ScoreBands(a=80, b=65, c=50),
    )
    result = scorecard(_figures(), _customer(), policy)
    assert result.contribution(Factor.LOYALTY) == 0
    assert result.contribution(Factor.REVENUE) == result.score == 60


# ========================================================================= Credit rating


def test_level_a_requirements_list_every_criterion_of_the_preset() -> None:
    """Level A of the preset requires 95 % on time, at most 15 days and 5 % overdue, and two
    years of cooperation."""
    level_a = CREDIT_LEVELS.rule_of(CreditLevel.A)
    assert level_a.requirements() == (
        (CreditCriterion.ON_TIME_RATE, Decimal("0.95")),
        (CreditCriterion.DAYS_OVERDUE, 15),
        (CreditCriterion.OVERDUE_SHARE, Decimal("0.05")),
        (CreditCriterion.YEARS, 2),
    )


def test_a_better_level_may_not_drop_a_requirement_of_a_worse_one() -> None:
    """Level A without a years requirement would be looser than B, which asks for one year."""
    a, b, c, d = CREDIT_LEVELS.levels
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(CREDIT_LEVELS, levels=(attrs.evolve(a, min_years=None), b, c, d))
    assert str(caught.value) == (
        "levels[0].min_years: expected at least as strict as level B's (1), got None"
    )


def test_a_better_level_grants_at_least_the_payment_terms_of_a_worse_one() -> None:
    """Level A may not give shorter payment terms than B's 60 days."""
    a, b, c, d = CREDIT_LEVELS.levels
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(CREDIT_LEVELS, levels=(attrs.evolve(a, payment_terms_days=30), b, c, d))
    assert str(caught.value) == (
        "levels[0].payment_terms_days: expected at least level B's terms (60), got 30"
    )


def test_payment_record_from_figures_checks_its_arguments() -> None:
    """The figures and the customer are checked by type, each named."""
    with pytest.raises(ValidationError) as caught:
        PaymentRecord.from_figures("figures", _customer())  # type: ignore[arg-type]
    assert str(caught.value) == "figures: expected AccountFigures, got 'figures'"
    with pytest.raises(ValidationError) as caught:
        PaymentRecord.from_figures(_figures(), "C-1")  # type: ignore[arg-type]
    assert str(caught.value) == "customer: expected a Customer, got 'C-1'"


def test_a_dangerous_rating_explains_both_reasons() -> None:
    """Level D and 120 days overdue (> 90) are both given as reasons for the dangerous flag
    [seed 003 4.72]; with no level in force there is no change line."""
    record = PaymentRecord(
        customer_id="C-1",
        as_of=AS_OF,
        on_time_payment_rate=Decimal("0.5"),
        max_days_overdue=120,
        overdue_share=Decimal("0.4"),
        years_of_cooperation=3,
    )
    lines = credit_rating(record, CREDIT_LEVELS).explain().splitlines()
    assert [line.split(":")[0] for line in lines[2:5]] == ["  not A", "  not B", "  not C"]
    assert lines[-1] == (
        "  dangerous customer 危险客户: yes (level D, 120 days overdue > 90); "
        "excellent customer 优秀客户: no"
    )


def test_headroom_needs_money_for_what_is_outstanding() -> None:
    """What the customer owes is Money in the limit's currency, not a bare number."""
    record = PaymentRecord(customer_id="C-1", as_of=AS_OF, on_time_payment_rate=Decimal(1))
    rating = credit_rating(record, CREDIT_LEVELS)
    with pytest.raises(ValidationError) as caught:
        credit_headroom(rating, outstanding=0, amount=Money.of(1))  # type: ignore[arg-type]
    assert str(caught.value) == "outstanding: expected Money in CNY, got 0"


# ============================================================================= Stability


def test_a_first_grading_explains_that_it_applies_at_once() -> None:
    """A customer never graded takes the proposed grade, and the explanation says so."""
    proposed = scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD)
    outcome = stable_grade(GradeHistory(customer_id="C-1"), proposed, GRADE_STABILITY)
    assert outcome.rule is StabilityRule.FIRST
    assert outcome.explain() == (
        f"C-1 2024: proposed {proposed.grade.value} (score {proposed.score}), "
        f"grade {proposed.grade.value}: first grading, applied at once"
    )


def test_an_outcome_of_another_customer_cannot_extend_a_history() -> None:
    """A history only takes outcomes of its own customer."""
    proposed = scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD)
    outcome = stable_grade(GradeHistory(customer_id="C-1"), proposed, GRADE_STABILITY)
    with pytest.raises(ValidationError) as caught:
        GradeHistory(customer_id="C-2", current=Grade.B).after(outcome)
    assert str(caught.value) == "outcome.customer_id: expected 'C-2', got 'C-1'"


# ============================================================================= Portfolio


@frozen(kw_only=True)
class _OwnCustomer(Customer):
    """An application's own customer record, a subclass of Customer."""


def test_subclasses_of_customer_are_graded_like_customers() -> None:
    """Inputs are checked by isinstance: an application's Customer subclass scores exactly
    as the Customer it extends."""
    own = _OwnCustomer(id="C-1", name="Huabei Steel", manager_id="M-1")
    scores = score_portfolio([own], [_figures()], KEY_ACCOUNT_SCORECARD)
    assert scores["C-1"].score == scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD).score


def test_portfolio_grading_explains_each_customer_with_its_credit() -> None:
    """A customer's grading explains its ABC item, its scorecard and its credit rating, in
    that order; the portfolio counts its customers and refuses unknown ids."""
    customers = [_customer("C-1", credit_level=CreditLevel.A), _customer("C-2")]
    figures = [_figures("C-1"), _figures("C-2", gross_profit=Money.of(100_000))]
    graded = grade_portfolio(
        customers,
        figures,
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
        credit_policy=CREDIT_LEVELS,
    )
    assert len(graded) == 2
    first = graded["C-1"]
    assert first.credit is not None
    assert first.explain() == "\n".join(
        [first.abc.explain(), first.score.explain(), first.credit.explain()]
    )
    with pytest.raises(ValidationError) as caught:
        graded["C-9"]
    assert str(caught.value) == "customer_id: expected a customer of the portfolio, got 'C-9'"
