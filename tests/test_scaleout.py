"""Mergeable summaries: split any portfolio any way, merge, apply — the single-process result.

Property tests split generated inputs into arbitrary partitions (not only contiguous slices)
and compare with the single-process functions; example tests use generated sample portfolios
and check the exact error messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.domain import Grade, Money, Period, Portfolio
from keyaccount.domain.customer import AccountFigures, CreditLevel, Customer
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.evaluation import evaluate
from keyaccount.impact import _grade_matrix, compare
from keyaccount.policies.grading import (
    AbcMeasure,
    AbcMode,
    AbcPolicy,
    ScoreBands,
    abc_classify,
    abc_cutoffs,
    grade_portfolio,
)
from keyaccount.policies.grading_presets import CREDIT_LEVELS, KEY_ACCOUNT_SCORECARD, PARETO_ABC
from keyaccount.policies.kpi import (
    SPECIALIST_MONTHLY,
    AppraisalScore,
    compare_schemes,
    summarize_team,
)
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicySet
from keyaccount.policies.scheduling import SEED_SCHEDULING, CapacityRule, plan_portfolio
from keyaccount.sample import generate_portfolio
from keyaccount.scaleout import (
    AbcTally,
    GradingTally,
    MigrationTally,
    TeamTally,
    abc_cutoffs_from,
    abc_ranking,
    abc_tally,
    assemble_grading,
    band_matrix,
    band_migration_tally,
    grade_matrix,
    grade_migration_tally,
    grade_partition,
    grading_basis,
    grading_tally,
    manager_partition,
    merge_all,
    merge_plans,
    team_summary,
    team_tally,
)
from keyaccount.serialization import from_dict, to_dict

T = TypeVar("T")
YEAR = Period.of_year(2024)
TODAY = date(2026, 1, 5)

# ------------------------------------------------------------------------------ strategies

# Few distinct values, so that ties are common (also across partitions); zero and negatives.
amounts = st.integers(-20, 400).map(Decimal)
portfolios = st.dictionaries(st.integers(0, 999).map("C-{}".format), amounts, max_size=30)


@st.composite
def abc_policies(draw: st.DrawFn) -> AbcPolicy:
    """Either mode, any limits 0 < a <= b <= 1, either measure."""
    a = draw(st.integers(1, 100))
    return AbcPolicy(
        name="generated",
        version="1",
        mode=draw(st.sampled_from(AbcMode)),
        measure=draw(st.sampled_from(AbcMeasure)),
        a_limit=Decimal(a) / 100,
        b_limit=Decimal(draw(st.integers(a, 100))) / 100,
    )


@st.composite
def splits(draw: st.DrawFn, items: Sequence[T]) -> list[list[T]]:
    """``items`` dealt into 1–5 partitions in any way (some may be empty), order kept."""
    count = draw(st.integers(1, 5))
    owners = draw(st.lists(st.integers(0, count - 1), min_size=len(items), max_size=len(items)))
    parts: list[list[T]] = [[] for _ in range(count)]
    for item, owner in zip(items, owners, strict=True):
        parts[owner].append(item)
    return parts


def _tallies(parts: list[list[tuple[str, Any]]]) -> list[AbcTally]:
    return [abc_tally(dict(part)) for part in parts]


# ====================================================================================== ABC


@given(portfolios, abc_policies(), st.data())
def test_merged_abc_tallies_give_the_single_process_cutoffs(
    values: dict[str, Decimal], policy: AbcPolicy, data: st.DataObject
) -> None:
    """Tally each partition, merge, apply: exactly abc_cutoffs over all values, ties included."""
    parts = data.draw(splits(list(values.items())))
    merged = merge_all(_tallies(parts), empty=AbcTally())
    assert abc_cutoffs_from(merged, policy) == abc_cutoffs(values, policy)


@given(portfolios, abc_policies(), st.data())
def test_merged_abc_ranking_gives_every_item_of_abc_classify(
    values: dict[str, Decimal], policy: AbcPolicy, data: st.DataObject
) -> None:
    """Each customer's class, rank, share and cumulative share equal abc_classify's."""
    parts = data.draw(splits(list(values.items())))
    ranking = abc_ranking(merge_all(_tallies(parts), empty=AbcTally()), policy)
    expected = abc_classify(values, policy)
    for customer_id, value in values.items():
        assert ranking.item(customer_id, value) == expected[customer_id]
    assert ranking.cutoffs == expected.cutoffs


@given(portfolios, abc_policies(), st.data())
def test_merged_abc_tallies_of_money_give_the_single_process_cutoffs(
    values: dict[str, Decimal], policy: AbcPolicy, data: st.DataObject
) -> None:
    """The same holds for Money values: the currency travels with the tally."""
    money = {cid: Money(amount=value / 100, currency="EUR") for cid, value in values.items()}
    parts = data.draw(splits(list(money.items())))
    merged = merge_all([abc_tally(dict(part)) for part in parts], empty=AbcTally())
    assert abc_cutoffs_from(merged, policy) == abc_cutoffs(money, policy)


@given(st.lists(portfolios, min_size=3, max_size=3), st.permutations([0, 1, 2]))
def test_abc_tally_merge_is_associative_and_order_free(
    values: list[dict[str, Decimal]], order: list[int]
) -> None:
    """(a + b) + c == a + (b + c) == the tallies merged in any order, and AbcTally() is neutral."""
    a, b, c = (abc_tally(v) for v in values)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    shuffled = [(a, b, c)[i] for i in order]
    assert merge_all(shuffled) == a.merge(b).merge(c)
    assert a.merge(AbcTally()) == AbcTally().merge(a) == a


def test_pareto_example_split_in_two_keeps_the_tie_together() -> None:
    """[seed 004 篇6 §3] 80/20: the tie at 10 straddles the partitions and stays one class."""
    left = {"C-1": Decimal(50), "C-2": Decimal(20), "C-3": Decimal(10)}
    right = {"C-4": Decimal(10), "C-5": Decimal(6), "C-6": Decimal(4)}
    ranking = abc_ranking(abc_tally(left).merge(abc_tally(right)), PARETO_ABC)
    assert ranking.cutoffs == abc_cutoffs({**left, **right}, PARETO_ABC)
    classes = {cid: ranking.item(cid, v).abc_class.value for cid, v in {**left, **right}.items()}
    assert classes == {"C-1": "A", "C-2": "A", "C-3": "A", "C-4": "A", "C-5": "B", "C-6": "C"}
    assert ranking.item("C-4", Decimal(10)).rank == 3


def test_abc_tally_counts_equal_values_once_highest_first() -> None:
    """A tally holds each distinct value with its count, highest first, negatives included."""
    tally = abc_tally([Decimal(5), 7, Decimal(5), Decimal(-1)])
    assert tally == AbcTally(values=(Decimal(7), Decimal(5), Decimal(-1)), counts=(1, 2, 1))
    assert tally.customers == 4
    assert (
        tally.explain()
        == "ABC tally: 4 customers, 3 distinct values (plain numbers) from 7 down to -1"
    )
    assert AbcTally().explain() == "ABC tally: no customers"


def test_tallies_of_different_currencies_do_not_merge() -> None:
    """One ranking cannot mix currencies, across partitions as within one."""
    cny = abc_tally([Money.of(5, "CNY")])
    with pytest.raises(PolicyError) as error:
        cny.merge(abc_tally([Money.of(5, "USD")]))
    assert str(error.value) == (
        "other.currency: expected Money in CNY like this tally (one ranking cannot mix "
        "currencies), got 'USD'"
    )
    with pytest.raises(PolicyError) as error:
        cny.merge(abc_tally([Decimal(5)]))
    assert str(error.value) == (
        "other.currency: expected Money in CNY like this tally (one ranking cannot mix "
        "currencies), got None"
    )


def test_abc_tally_refuses_floats_like_abc_cutoffs() -> None:
    """A float value is refused with the message abc_cutoffs gives."""
    with pytest.raises(ValidationError) as error:
        abc_tally([Decimal(1), 2.5])  # type: ignore[list-item]
    assert str(error.value) == (
        "values[1]: expected Money or an exact number (Decimal or int, not float), got 2.5"
    )


def test_abc_tally_checks_its_columns() -> None:
    """Values must be distinct and highest first, counts one per value and at least 1."""
    with pytest.raises(ValidationError) as error:
        AbcTally(values=(Decimal(1), Decimal(2)), counts=(1, 1))
    assert str(error.value) == (
        "values[1]: expected less than the value before it (1): values are distinct, highest "
        "first, got '2'"
    )
    with pytest.raises(ValidationError) as error:
        AbcTally(values=(Decimal(2), Decimal(1)), counts=(1, 0))
    assert str(error.value) == "counts[1]: expected a whole number >= 1, got 0"
    with pytest.raises(ValidationError) as error:
        AbcTally(values=(Decimal(2),), counts=(1, 1))
    assert str(error.value) == "counts: expected 1, one per value, got '2 counts'"


def test_ranking_refuses_a_value_the_tally_did_not_count() -> None:
    """A customer left out of the tally cannot be ranked against it."""
    ranking = abc_ranking(abc_tally([Decimal(3), Decimal(1)]), PARETO_ABC)
    with pytest.raises(ValidationError) as error:
        ranking.item("C-9", Decimal(2))
    assert (
        str(error.value)
        == "values['C-9']: expected a value counted in the portfolio's tally, got '2'"
    )


# ================================================================================== Grading


def _customer(number: int, draw: st.DrawFn) -> tuple[Customer, AccountFigures]:
    customer_id = f"C-{number:03d}"
    revenue = Decimal(draw(st.integers(0, 40))) * 250_000
    customer = Customer(
        id=customer_id,
        name=f"Customer {number}",
        manager_id="M-1",
        credit_level=draw(st.sampled_from([None, *CreditLevel])),
        industry_leader=draw(st.booleans()),
        cooperation_since=draw(st.sampled_from([None, date(2015, 3, 1), date(2022, 7, 1)])),
    )
    figures = AccountFigures(
        customer_id=customer_id,
        period=YEAR,
        revenue=Money(amount=revenue),
        gross_profit=Money(amount=revenue * Decimal(draw(st.integers(-5, 30))) / 100),
        previous_revenue=draw(st.sampled_from([None, Money.of(1_000_000)])),
        on_time_payment_rate=draw(st.sampled_from([None, Decimal("0.9"), Decimal(1)])),
        max_days_overdue=draw(st.sampled_from([0, 45, 120])),
    )
    return customer, figures


@st.composite
def rows(draw: st.DrawFn) -> list[tuple[Customer, AccountFigures]]:
    """Up to 12 customers with yearly figures; revenues on a coarse grid, so ties are common."""
    return [_customer(n, draw) for n in range(draw(st.integers(0, 12)))]


def _one_customer() -> tuple[Customer, AccountFigures]:
    customer = Customer(id="C-001", name="Customer 1", manager_id="M-1")
    figures = AccountFigures(
        customer_id="C-001", period=YEAR, revenue=Money.of(900), gross_profit=Money.of(90)
    )
    return customer, figures


def _grade_in_parts(
    parts: list[list[tuple[Customer, AccountFigures]]], policy: AbcPolicy, **options: Any
) -> Any:
    tallies = [grading_tally([f for _, f in p], measure=policy.measure) for p in parts]
    basis = grading_basis(merge_all(tallies, empty=GradingTally.empty(policy.measure)), policy)
    graded = [
        grade_partition([c for c, _ in p], [f for _, f in p], basis, **options) for p in parts
    ]
    return assemble_grading(basis, graded)


@given(rows(), abc_policies(), st.data())
def test_partitions_graded_against_the_basis_equal_grade_portfolio(
    items: list[tuple[Customer, AccountFigures]], policy: AbcPolicy, data: st.DataObject
) -> None:
    """Tally, merge, basis, grade each partition, assemble: exactly grade_portfolio."""
    parts = data.draw(splits(items))
    options = {"scorecard_policy": KEY_ACCOUNT_SCORECARD, "credit_policy": CREDIT_LEVELS}
    expected = grade_portfolio(
        [c for c, _ in items], [f for _, f in items], abc_policy=policy, **options
    )
    assert _grade_in_parts(parts, policy, **options) == expected


def test_sample_portfolio_graded_in_four_parts_equals_grade_portfolio() -> None:
    """A generated portfolio ranked by gross profit, credit included, graded in four parts."""
    portfolio = generate_portfolio(120, 6, history=False, seed=9)
    figures = portfolio.figures_for(portfolio.periods()[-1])
    items = [(c, figures[c.id]) for c in portfolio.customers]
    policy = attrs.evolve(PARETO_ABC, measure=AbcMeasure.GROSS_PROFIT)
    options = {"scorecard_policy": KEY_ACCOUNT_SCORECARD, "credit_policy": CREDIT_LEVELS}
    parts = [items[i::4] for i in range(4)]
    expected = grade_portfolio(portfolio.customers, figures.values(), abc_policy=policy, **options)
    assert _grade_in_parts(parts, policy, **options) == expected


def test_grading_tallies_of_different_periods_do_not_merge() -> None:
    """grade_portfolio grades one period; so does a merged tally."""
    _, figures = _one_customer()
    one = grading_tally([figures])
    other = grading_tally([attrs.evolve(figures, period=Period.of_year(2025))])
    with pytest.raises(ValidationError) as error:
        one.merge(other)
    assert str(error.value) == "other.period: expected 2024 like the other figures, got '2025'"
    with pytest.raises(PolicyError) as error:
        one.merge(GradingTally.empty(AbcMeasure.GROSS_PROFIT))
    assert str(error.value) == "other.measure: expected revenue like this tally, got 'gross-profit'"


def test_grading_basis_refuses_a_policy_ranking_another_figure() -> None:
    """The ABC policy must rank the figure the tally counted."""
    policy = attrs.evolve(PARETO_ABC, measure=AbcMeasure.GROSS_PROFIT)
    with pytest.raises(PolicyError) as error:
        grading_basis(GradingTally.empty(AbcMeasure.REVENUE), policy)
    assert str(error.value) == (
        "abc_policy.measure: expected revenue, the figure the tally ranked, got 'gross-profit'"
    )


def test_grade_partition_refuses_figures_of_another_period() -> None:
    """A partition whose figures are not of the tallied period was not in the tally."""
    customer, figures = _one_customer()
    basis = grading_basis(grading_tally([figures], measure=PARETO_ABC.measure), PARETO_ABC)
    later = attrs.evolve(figures, period=Period.of_year(2025))
    with pytest.raises(ValidationError) as error:
        grade_partition([customer], [later], basis, scorecard_policy=KEY_ACCOUNT_SCORECARD)
    assert str(error.value) == "figures[0].period: expected 2024 like the others, got '2025'"


# ============================================================================ Team roll-ups


@st.composite
def team_scores(draw: st.DrawFn) -> list[AppraisalScore]:
    """Up to 12 scores of the specialist scheme, totals to the cent, some vetoed."""
    scheme = SPECIALIST_MONTHLY
    scores = []
    for number in range(draw(st.integers(0, 12))):
        total = Decimal(draw(st.integers(0, 12_000))) / 100
        band = scheme.band_for(total)
        scores.append(
            AppraisalScore(
                scheme_name=scheme.name,
                scheme_version=scheme.version,
                staff_id=f"S-{number}",
                period=Period.month(2025, 3),
                indicators=(),
                total=total,
                score_band=band,
                band=scheme.bands[-1] if draw(st.booleans()) else band,
            )
        )
    return scores


@given(team_scores(), st.data())
def test_merged_team_tallies_give_summarize_team(
    scores: list[AppraisalScore], data: st.DataObject
) -> None:
    """Band counts, shares and the rounded average equal summarize_team over every score."""
    parts = data.draw(splits(scores))
    tallies = [team_tally(part, SPECIALIST_MONTHLY) for part in parts]
    merged = merge_all(tallies, empty=TeamTally.empty(SPECIALIST_MONTHLY))
    assert team_summary(merged, SPECIALIST_MONTHLY) == summarize_team(scores, SPECIALIST_MONTHLY)


@given(st.lists(team_scores(), min_size=3, max_size=3), st.permutations([0, 1, 2]))
def test_team_tally_merge_is_associative_and_order_free(
    groups: list[list[AppraisalScore]], order: list[int]
) -> None:
    """Merging team tallies in any grouping and order gives one tally; empty is neutral."""
    a, b, c = (team_tally(g, SPECIALIST_MONTHLY) for g in groups)
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == merge_all([(a, b, c)[i] for i in order])
    assert a.merge(TeamTally.empty(SPECIALIST_MONTHLY)) == a


def test_team_tallies_of_different_schemes_do_not_merge() -> None:
    """A roll-up adds up scores of one scheme only."""
    other = attrs.evolve(SPECIALIST_MONTHLY, version="2")
    with pytest.raises(PolicyError) as error:
        TeamTally.empty(SPECIALIST_MONTHLY).merge(TeamTally.empty(other))
    assert str(error.value) == (
        "other.scheme: expected 'specialist-monthly 1' with bands ('excellent', 'good', "
        "'qualified', 'needs-improvement', 'unqualified'), got 'specialist-monthly 2'"
    )
    with pytest.raises(PolicyError) as error:
        team_summary(TeamTally.empty(other), SPECIALIST_MONTHLY)
    assert str(error.value) == (
        "tally.scheme: expected a tally of scheme 'specialist-monthly 1', "
        "got 'specialist-monthly 2'"
    )


def test_team_tally_refuses_a_score_of_another_scheme() -> None:
    """A score made with another scheme is refused as summarize_team refuses it."""
    other = attrs.evolve(SPECIALIST_MONTHLY, version="2")
    score = AppraisalScore(
        scheme_name=other.name,
        scheme_version=other.version,
        staff_id="S-1",
        period=Period.month(2025, 3),
        indicators=(),
        total=Decimal(70),
        score_band=other.bands[2],
        band=other.bands[2],
    )
    with pytest.raises(PolicyError) as error:
        team_tally([score], SPECIALIST_MONTHLY)
    assert str(error.value) == (
        "scores[0]: expected a score made with scheme 'specialist-monthly' 1, "
        "got 'specialist-monthly 2'"
    )


# ========================================================================= Impact matrices

grades_by_customer = st.dictionaries(
    st.integers(0, 60).map("C-{}".format), st.sampled_from(Grade), max_size=25
)


@given(grades_by_customer, grades_by_customer, st.data())
def test_merged_grade_migration_tallies_give_the_impact_matrix(
    before: dict[str, Grade], after: dict[str, Grade], data: st.DataObject
) -> None:
    """Partitioned by customer, summed migration counts equal the single-process matrix."""
    customers = sorted(before.keys() | after.keys())
    parts = data.draw(splits(customers))
    tallies = [
        grade_migration_tally(
            {c: before[c] for c in part if c in before}, {c: after[c] for c in part if c in after}
        )
        for part in parts
    ]
    merged = merge_all(tallies, empty=MigrationTally.empty_grades())

    def graded(grades: dict[str, Grade]) -> Any:
        return SimpleNamespace(
            grades=[SimpleNamespace(customer_id=c, grade=g) for c, g in grades.items()]
        )

    assert grade_matrix(merged) == _grade_matrix(graded(before), graded(after))


@given(st.lists(grades_by_customer, min_size=4, max_size=4), st.permutations([0, 1, 2]))
def test_migration_tally_merge_is_associative_and_order_free(
    grades: list[dict[str, Grade]], order: list[int]
) -> None:
    """Counts add up in any grouping and order; the empty tally is neutral."""
    a, b, c = (grade_migration_tally(grades[i], grades[i + 1]) for i in range(3))
    assert a.merge(b).merge(c) == a.merge(b.merge(c)) == merge_all([(a, b, c)[i] for i in order])
    assert MigrationTally.empty_grades().merge(a) == a


def _part_of(portfolio: Portfolio, ids: set[str]) -> Portfolio:
    """The sub-portfolio of customers ``ids``: their figures and history, all the staff."""

    def mine(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(item for item in items if item.customer_id in ids)

    return attrs.evolve(
        portfolio,
        customers=tuple(c for c in portfolio.customers if c.id in ids),
        figures=mine(portfolio.figures),
        visits=mine(portfolio.visits),
        services=mine(portfolio.services),
        complaints=mine(portfolio.complaints),
        contracts=mine(portfolio.contracts),
    )


def _with_bands(a: int, b: int, c: int) -> PolicySet:
    grading = DEFAULT_POLICY_SET.grading
    scorecard = attrs.evolve(grading.scorecard, bands=ScoreBands(a=a, b=b, c=c))
    return attrs.evolve(
        DEFAULT_POLICY_SET, version="2", grading=attrs.evolve(grading, scorecard=scorecard)
    )


def test_grade_migration_of_partitions_equals_compare() -> None:
    """Evaluating three partitions under both policy sets gives compare()'s grade matrix."""
    portfolio = generate_portfolio(45, 4, seed=11)
    old, new = DEFAULT_POLICY_SET, _with_bands(85, 70, 55)
    ids = [c.id for c in portfolio.customers]
    tallies = []
    for number in range(3):
        part = _part_of(portfolio, set(ids[number::3]))
        before = evaluate(part, old, today=TODAY)
        after = evaluate(part, new, today=TODAY)
        tallies.append(grade_migration_tally(before.grades, after.grades))
    expected = compare(old, new, portfolio, TODAY).grade_matrix
    assert grade_matrix(merge_all(tallies)) == expected
    assert any(cell.count for cell in expected if cell.old != cell.new)


def test_band_migration_of_partitions_equals_compare_schemes() -> None:
    """Appraisals split in two give compare_schemes' band migration matrix."""
    appraisals = list(generate_portfolio(40, 6, seed=3).appraisals)
    old = SPECIALIST_MONTHLY
    new = old.with_weights({"visit": 25, "expansion": 25, "deal": 35, "daily-work": 15})
    tallies = [band_migration_tally(old, new, appraisals[i::2]) for i in range(2)]
    merged = merge_all(tallies)
    assert band_matrix(merged) == compare_schemes(old, new, appraisals).matrix
    assert merged.explain().splitlines()[0].split() == [
        "old",
        "\\",
        "new",
        "excellent",
        "good",
        "qualified",
        "needs-improvement",
        "unqualified",
    ]


def test_migration_tallies_of_different_classes_do_not_merge() -> None:
    """Grade counts and band counts are different matrices."""
    bands = MigrationTally.empty(("good", "bad"), ("good", "bad"))
    with pytest.raises(PolicyError) as error:
        MigrationTally.empty_grades().merge(bands)
    assert str(error.value) == (
        "other: expected a tally from A, B, C, D to A, B, C, D, got 'good, bad to good, bad'"
    )
    with pytest.raises(PolicyError):
        grade_matrix(bands)


# ============================================================================== Scheduling

START, END = date(2026, 1, 1), date(2026, 3, 31)
TIGHT = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=1))


def test_plans_of_manager_partitions_merge_into_plan_portfolio() -> None:
    """Partitioned by manager, the parts' plans join into plan_portfolio's, capacity included."""
    histories = list(generate_portfolio(60, 5, seed=7).histories().values())
    parts: list[list[Any]] = [[] for _ in range(3)]
    for history in histories:
        parts[manager_partition(history.customer.manager_id, 3)].append(history)
    plans = [plan_portfolio(p, TIGHT, start=START, end=END) for p in parts]
    expected = plan_portfolio([h for p in parts for h in p], TIGHT, start=START, end=END)
    assert merge_plans(plans, TIGHT) == expected
    # The capacity rule was at work: visits moved, and some could not.
    assert expected.moved
    assert expected.conflicts


def test_merge_plans_refuses_a_manager_split_across_parts_when_capacity_is_set() -> None:
    """Capacity moves a manager's visits between their days: one manager, one part."""
    histories = list(generate_portfolio(10, 1, seed=7).histories().values())
    manager = histories[0].customer.manager_id
    plans = [plan_portfolio(histories[i::2], TIGHT, start=START, end=END) for i in range(2)]
    with pytest.raises(PolicyError) as error:
        merge_plans(plans, TIGHT)
    assert str(error.value) == (
        f"manager {manager!r} has customers in parts 0 and 1: with a capacity of 1 on-site "
        "visits a day, each manager's customers must be planned in one part (see "
        "manager_partition)"
    )
    free = attrs.evolve(TIGHT, capacity=CapacityRule(max_on_site_per_day=None))
    loose = [plan_portfolio(histories[i::2], free, start=START, end=END) for i in range(2)]
    assert merge_plans(loose, free) == plan_portfolio(
        histories[0::2] + histories[1::2], free, start=START, end=END
    )


def test_merge_plans_refuses_parts_of_another_range() -> None:
    """Every part must plan the same days with the same policy."""
    histories = list(generate_portfolio(4, 1, seed=7).histories().values())
    one = plan_portfolio(histories, TIGHT, start=START, end=END)
    other = plan_portfolio([], TIGHT, start=START, end=END + timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        merge_plans([one, other], TIGHT)
    assert str(error.value) == (
        "parts[1]: expected 2026-01-01 to 2026-03-31, policy seed-scheduling 1, got "
        "'2026-01-01 to 2026-04-01, policy seed-scheduling 1'"
    )


def test_manager_partition_is_stable_and_in_range() -> None:
    """The same manager always lands in the same partition (no salted hash)."""
    assert manager_partition("M-001", 8) == manager_partition("M-001", 8)
    assert {manager_partition(f"M-{n:03d}", 8) for n in range(100)} == set(range(8))
    assert manager_partition("M-001", 1) == 0
    with pytest.raises(ValidationError) as error:
        manager_partition("M-001", 0)
    assert str(error.value) == "partitions: expected a whole number >= 1, got 0"


def test_merge_all_needs_a_tally_or_an_empty_one() -> None:
    """With nothing to merge and no identity given, there is no answer."""
    with pytest.raises(ValidationError) as error:
        merge_all([])
    assert str(error.value) == "tallies: expected at least one tally (or an empty one), got []"
    assert merge_all([], empty=AbcTally()) == AbcTally()


def test_tallies_are_plain_data() -> None:
    """Every tally (and the ranking built from one) survives to_dict and from_dict."""
    tally = abc_tally({"C-1": Money.of(5), "C-2": Money.of(3), "C-3": Money.of(5)})
    values = (
        tally,
        grading_tally([_one_customer()[1]]),
        team_tally([], SPECIALIST_MONTHLY),
        MigrationTally.empty_grades(),
        abc_ranking(tally, PARETO_ABC),
    )
    for value in values:
        assert from_dict(type(value), to_dict(value)) == value
    assert to_dict(tally) == {"currency": "CNY", "values": ["5", "3"], "counts": [2, 1]}
