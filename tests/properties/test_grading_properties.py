"""Invariants of the grading policies (SPEC §4, grading), for generated portfolios and policies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import CreditLevel, Grade, Money, Period
from keyaccount.policies.grading import (
    AbcMode,
    AbcPolicy,
    Band,
    Bands,
    Factor,
    FactorRule,
    GradeHistory,
    GradeObservation,
    PaymentRecord,
    Ramp,
    ScoreBands,
    ScorecardPolicy,
    ScorecardResult,
    StabilityPolicy,
    StabilityRule,
    abc_apply,
    abc_classify,
    abc_cutoffs,
    credit_rating,
    grade_portfolio,
    scorecard,
    stable_grade,
)
from keyaccount.policies.grading_presets import (
    CREDIT_LEVELS,
    GRADE_STABILITY,
    KEY_ACCOUNT_SCORECARD,
    PARETO_ABC,
)
from keyaccount.serialization import from_dict, to_dict
from keyaccount.testing import strategies as kst

YEAR = Period.of_year(2024)
AS_OF = date(2024, 12, 31)

# ------------------------------------------------------------------------------ strategies

# Few distinct values, so that ties are common; some zero and negative ones.
amounts = st.integers(-20, 400).map(Decimal)
portfolios = st.dictionaries(st.integers(0, 999).map("C-{}".format), amounts, max_size=25)
percents = st.integers(1, 100)
rates = st.integers(0, 100).map(lambda n: Decimal(n) / 100)


@st.composite
def abc_policies(draw: st.DrawFn, modes: tuple[AbcMode, ...] = tuple(AbcMode)) -> AbcPolicy:
    """Value-share or head-count policies with any limits 0 < a <= b <= 1."""
    a = draw(percents)
    b = draw(st.integers(a, 100))
    return AbcPolicy(
        name="generated",
        version="1",
        mode=draw(st.sampled_from(modes)),
        a_limit=Decimal(a) / 100,
        b_limit=Decimal(b) / 100,
    )


# Measure ranges per factor, for generated curve bounds.
_BOUNDS = {
    Factor.REVENUE: (0, 10**9),
    Factor.GROSS_PROFIT: (-(10**8), 10**9),
    Factor.GROWTH: (-1, 5),
    Factor.CREDIT: (0, 3),
    Factor.STRATEGIC_VALUE: (0, 2),
    Factor.LOYALTY: (0, 30),
}


@st.composite
def curves(draw: st.DrawFn, factor: Factor) -> Bands | Ramp:
    """A ramp or 1–4 ascending bands with non-decreasing points, in the factor's range."""
    low, high = _BOUNDS[factor]
    cuts = sorted(draw(st.sets(st.integers(low, high), min_size=1, max_size=4)))
    if draw(st.booleans()):
        top = draw(st.integers(low + 1, high + 1))
        return Ramp(low=top - 1 - draw(st.integers(0, high - low)), high=top)
    points = sorted(draw(st.lists(st.integers(0, 100), min_size=len(cuts), max_size=len(cuts))))
    below = draw(st.integers(0, points[0]))
    return Bands(
        steps=tuple(Band(at_least=c, points=p) for c, p in zip(cuts, points, strict=True)),
        below=below,
    )


@st.composite
def score_bands(draw: st.DrawFn) -> ScoreBands:
    """Any bands 100 >= a > b > c >= 0 in whole points."""
    c = draw(st.integers(0, 97))
    b = draw(st.integers(c + 1, 98))
    return ScoreBands(a=draw(st.integers(b + 1, 100)), b=b, c=c)


@st.composite
def scorecard_policies(draw: st.DrawFn) -> ScorecardPolicy:
    """Any non-empty set of factors with positive whole weights summing to 100."""
    factors = draw(st.lists(st.sampled_from(Factor), min_size=1, max_size=6, unique=True))
    count = len(factors) - 1
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count, max_size=count)))
    weights = [b - a for a, b in pairwise([0, *cuts, 100])]
    return ScorecardPolicy(
        name="generated",
        version="1",
        factors=tuple(
            FactorRule(
                factor=factor,
                weight=weight,
                curve=draw(curves(factor)),
                when_missing=draw(st.integers(0, 100)),
            )
            for factor, weight in zip(factors, weights, strict=True)
        ),
        bands=draw(score_bands()),
    )


policies = st.one_of(st.just(KEY_ACCOUNT_SCORECARD), scorecard_policies())


_ONE_ID = st.just("C-1")


def profiles(ids: st.SearchStrategy[str] = _ONE_ID) -> st.SearchStrategy[Customer]:
    """Customers with only what grading reads drawn (credit level, marks, cooperation)."""
    return st.builds(
        Customer,
        id=ids,
        name=st.just("Generated"),
        manager_id=st.just("M-1"),
        credit_level=_maybe_levels,
        industry_leader=st.booleans(),
        encouraged_industry=st.booleans(),
        cooperation_since=st.none() | kst.dates(min_value=date(1991, 1, 1)),
    )


_cny = kst.money(min_value=0, max_value=10**9, places=2)
_maybe_cny = st.none() | _cny
_profits = kst.money(min_value=-(10**8), max_value=10**9, places=2)
_maybe_rates = st.none() | rates
_days = st.integers(0, 400)
_maybe_levels = st.none() | st.sampled_from(CreditLevel)


@st.composite
def figures_of_year(draw: st.DrawFn) -> AccountFigures:
    """Yearly figures with what grading and credit read drawn."""
    receivables = draw(_maybe_cny)
    overdue = None
    if receivables is not None:
        overdue = Money.of(receivables.amount * draw(rates))
    return AccountFigures(
        customer_id="C-1",
        period=YEAR,
        revenue=draw(_cny),
        gross_profit=draw(_profits),
        previous_revenue=draw(_maybe_cny),
        receivables=receivables,
        overdue_receivables=overdue,
        on_time_payment_rate=draw(_maybe_rates),
        max_days_overdue=draw(_days),
    )


@st.composite
def payment_records(draw: st.DrawFn) -> PaymentRecord:
    """Payment records with any rate, days overdue, overdue share and years."""
    return PaymentRecord(
        customer_id="C-1",
        as_of=AS_OF,
        on_time_payment_rate=draw(rates),
        max_days_overdue=draw(st.integers(0, 400)),
        overdue_share=draw(rates),
        years_of_cooperation=draw(st.integers(0, 30)),
        current_level=draw(_maybe_levels),
    )


def _ordered(values: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    return sorted(values.items(), key=lambda item: (-item[1], item[0]))


# ===================================================================================== ABC


@given(portfolios, abc_policies())
def test_every_customer_gets_exactly_one_class(
    values: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """Each customer appears once in the result, with one class."""
    result = abc_classify(values, policy)
    assert sorted(result.customer_ids) == sorted(values)
    assert len(result.classes) == len(values)


@given(portfolios, abc_policies(), st.randoms(use_true_random=False))
def test_classification_is_independent_of_input_order(
    values: dict[str, Decimal], policy: AbcPolicy, rnd: Any
) -> None:
    """Shuffled pairs give exactly the same result."""
    pairs = list(values.items())
    rnd.shuffle(pairs)
    assert abc_classify(pairs, policy) == abc_classify(values, policy)


@given(portfolios, abc_policies())
def test_a_set_is_a_prefix_of_the_value_sorted_list(
    values: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """Down the value-sorted list the class never improves: A, then B, then C."""
    result = abc_classify(values, policy)
    ranks = [result.class_of(customer_id).rank for customer_id, _ in _ordered(values)]
    assert ranks == sorted(ranks)


@given(portfolios, abc_policies(), st.data())
def test_raising_value_never_lowers_class(
    values: dict[str, Decimal], policy: AbcPolicy, data: st.DataObject
) -> None:
    """Raising one customer's value (the others unchanged) never gives it a worse class."""
    assume(values)
    customer_id = data.draw(st.sampled_from(sorted(values)))
    raised = {**values, customer_id: values[customer_id] + data.draw(st.integers(1, 300))}
    before = abc_classify(values, policy).class_of(customer_id)
    after = abc_classify(raised, policy).class_of(customer_id)
    assert after.rank <= before.rank


@given(portfolios, abc_policies())
def test_equal_values_get_equal_class(values: dict[str, Decimal], policy: AbcPolicy) -> None:
    """Customers with the same value have the same class and rank."""
    result = abc_classify(values, policy)
    seen: dict[Decimal, tuple[Any, int]] = {}
    for item in result:
        key = (item.abc_class, item.rank)
        assert seen.setdefault(item.value, key) == key


@given(portfolios, abc_policies())
def test_shares_lie_in_unit_interval_and_accumulate(
    values: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """Shares are in [0, 1], sum to 1, and cumulative shares rise to 1 along the ranking."""
    result = abc_classify(values, policy)
    assert all(0 <= share <= 1 for share in result.shares)
    assert all(0 <= share <= 1 for share in result.cumulative_shares)
    assert list(result.cumulative_shares) == sorted(result.cumulative_shares)
    if any(value > 0 for value in values.values()):
        assert abs(sum(result.shares) - 1) < Decimal("1e-20")
        assert result.cumulative_shares[-1] == 1


@given(portfolios, abc_policies())
def test_cutoffs_and_apply_reproduce_classify(
    values: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """Thresholds computed from the bare values classify every customer as abc_classify does."""
    result = abc_classify(values, policy)
    cutoffs = abc_cutoffs(list(values.values()), policy)
    assert cutoffs == result.cutoffs
    for customer_id, value in values.items():
        assert abc_apply(value, cutoffs) is result.class_of(customer_id)


@given(portfolios, abc_policies(modes=(AbcMode.VALUE_SHARE,)))
def test_class_a_is_the_smallest_top_set_reaching_the_a_limit(
    values: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """In value mode, A holds at least the A limit, and without its last tie group less."""
    total = sum((v for v in values.values() if v > 0), Decimal(0))
    assume(total > 0)
    result = abc_classify(values, policy)
    a_values = [item.value for item in result if item.abc_class.rank == 0]
    assert sum(a_values) >= policy.a_limit * total
    lowest = min(a_values)
    assert sum(v for v in a_values if v > lowest) < policy.a_limit * total


@given(st.lists(amounts, max_size=20), abc_policies())
def test_money_and_plain_numbers_classify_alike(
    amount_list: list[Decimal], policy: AbcPolicy
) -> None:
    """Ranking Money gives the same classes as ranking its amounts."""
    plain = {f"C-{n}": amount for n, amount in enumerate(amount_list)}
    money = {key: Money(amount=amount) for key, amount in plain.items()}
    assert abc_classify(money, policy).classes == abc_classify(plain, policy).classes


# =============================================================================== Scorecard


@given(figures_of_year(), profiles(), policies)
def test_score_lies_between_0_and_100(
    figures: AccountFigures, profile: Customer, policy: ScorecardPolicy
) -> None:
    """Every score is within [0, 100]."""
    result = scorecard(figures, profile, attrs.evolve(policy, period_kind=None), as_of=AS_OF)
    assert 0 <= result.score <= 100


@given(figures_of_year(), profiles(), policies)
def test_total_equals_the_sum_of_contributions(
    figures: AccountFigures, profile: Customer, policy: ScorecardPolicy
) -> None:
    """The score is exactly the sum of the factor contributions, each weight × points / 100."""
    result = scorecard(figures, profile, attrs.evolve(policy, period_kind=None), as_of=AS_OF)
    assert result.score == sum(result.contributions, Decimal(0))
    for line in result.factor_scores():
        assert line.contribution == line.weight * line.points / 100


@given(figures_of_year(), profiles(), policies)
def test_points_follow_the_policy_curves(
    figures: AccountFigures, profile: Customer, policy: ScorecardPolicy
) -> None:
    """Each factor's points are its curve applied to its measure (or the missing points)."""
    result = scorecard(figures, profile, attrs.evolve(policy, period_kind=None), as_of=AS_OF)
    for rule, line in zip(policy.factors, result.factor_scores(), strict=True):
        expected = rule.when_missing if line.measure is None else rule.curve.points(line.measure)
        assert line.points == expected


_IMPROVEMENTS = (
    "revenue",
    "gross-profit",
    "growth",
    "credit",
    "strategic-value",
    "loyalty",
)


def _improve(
    figures: AccountFigures, profile: Customer, how: str, step: int
) -> tuple[AccountFigures, Customer]:
    """The same customer, better on one factor only (revenue also lifts growth, never lowers)."""
    delta = Money(amount=Decimal(step), currency=figures.revenue.currency)
    if how == "revenue":
        return attrs.evolve(figures, revenue=figures.revenue + delta), profile
    if how == "gross-profit":
        return attrs.evolve(figures, gross_profit=figures.gross_profit + delta), profile
    if how == "growth":
        previous = figures.previous_revenue
        assume(previous is not None and previous.amount > step)
        assert previous is not None
        return attrs.evolve(figures, previous_revenue=previous - delta), profile
    if how == "credit":
        level = profile.credit_level
        assume(level is not None and level is not CreditLevel.A)
        assert level is not None
        better = list(CreditLevel)[level.rank - 1]
        return figures, attrs.evolve(profile, credit_level=better)
    if how == "strategic-value":
        assume(not profile.industry_leader)
        return figures, attrs.evolve(profile, industry_leader=True)
    since = profile.cooperation_since
    assume(since is not None and since.year > 1990)
    assert since is not None
    return figures, attrs.evolve(profile, cooperation_since=since.replace(year=since.year - 1))


@given(
    figures_of_year(),
    profiles(),
    policies,
    st.sampled_from(_IMPROVEMENTS),
    st.integers(1, 10**6),
)
def test_score_is_monotone_in_every_factor(
    figures: AccountFigures,
    profile: Customer,
    policy: ScorecardPolicy,
    how: str,
    step: int,
) -> None:
    """Improving one factor's measure never lowers the score."""
    assume(profile.cooperation_since is None or profile.cooperation_since.month != 2)
    policy = attrs.evolve(policy, period_kind=None)
    better_figures, better_profile = _improve(figures, profile, how, step)
    before = scorecard(figures, profile, policy, as_of=AS_OF)
    after = scorecard(better_figures, better_profile, policy, as_of=AS_OF)
    assert after.score >= before.score


@given(score_bands(), st.integers(0, 10_000), st.integers(0, 10_000))
def test_grade_is_a_monotone_step_function_of_score(bands: ScoreBands, low: int, high: int) -> None:
    """A higher score never gets a worse grade, and each grade starts at its floor."""
    low, high = sorted((low, high))
    assert bands.grade(Decimal(high) / 100).rank <= bands.grade(Decimal(low) / 100).rank
    for grade in (Grade.A, Grade.B, Grade.C):
        assert bands.grade(bands.floor(grade)) is grade


@given(scorecard_policies())
def test_generated_policies_round_trip_through_plain_data(policy: ScorecardPolicy) -> None:
    """from_dict(to_dict(policy)) == policy for any valid scorecard policy."""
    assert from_dict(ScorecardPolicy, to_dict(policy)) == policy


# ============================================================================ Credit rating


@given(
    payment_records(),
    rates,
    st.integers(0, 200),
    rates,
    st.integers(0, 30),
)
def test_worse_payment_record_never_gives_a_better_level(
    record: PaymentRecord,
    rate_drop: Decimal,
    more_days: int,
    share_rise: Decimal,
    fewer_years: int,
) -> None:
    """Lower on-time rate, more days overdue, higher overdue share, fewer years: never better."""
    rate = record.on_time_payment_rate
    assert rate is not None
    worse = attrs.evolve(
        record,
        on_time_payment_rate=max(Decimal(0), rate - rate_drop),
        max_days_overdue=record.max_days_overdue + more_days,
        overdue_share=min(Decimal(1), record.overdue_share + share_rise),
        years_of_cooperation=max(0, record.years_of_cooperation - fewer_years),
    )
    before = credit_rating(record, CREDIT_LEVELS)
    after = credit_rating(worse, CREDIT_LEVELS)
    assert after.level.rank >= before.level.rank
    assert after.credit_limit <= before.credit_limit
    assert not (before.dangerous and not after.dangerous)


@given(payment_records())
def test_credit_change_exactly_when_level_differs(record: PaymentRecord) -> None:
    """A change line is produced exactly when a current level exists and differs."""
    rating = credit_rating(record, CREDIT_LEVELS)
    differs = record.current_level is not None and record.current_level is not rating.level
    assert (rating.change is not None) == differs
    assert not (rating.excellent and rating.dangerous)


# =============================================================================== Stability


def _proposal(grade: Grade, score: Decimal, period: Period) -> ScorecardResult:
    base = scorecard(
        AccountFigures(
            customer_id="C-1", period=YEAR, revenue=Money.of(0), gross_profit=Money.of(0)
        ),
        Customer(id="C-1", name="Generated", manager_id="M-1"),
        KEY_ACCOUNT_SCORECARD,
    )
    return attrs.evolve(base, grade=grade, score=score, period=period)


_BANDS = KEY_ACCOUNT_SCORECARD.bands
_BAND_SCORES = {
    grade: st.integers(
        int(_BANDS.floor(grade) * 100),
        int((_BANDS.floor(list(Grade)[grade.rank - 1]) if grade.rank else Decimal(100)) * 100)
        - (1 if grade.rank else 0),
    ).map(lambda n: Decimal(n) / 100)
    for grade in Grade
}


@given(
    st.sampled_from(Grade),
    st.integers(1, 5),
    st.booleans(),
    st.integers(1, 499).map(lambda n: Decimal(n) / 100),
    st.integers(2, 4),
)
def test_stability_never_changes_a_grade_on_a_single_periods_blip(
    current: Grade, steady: int, upward: bool, offset: Decimal, hold: int
) -> None:
    """One period proposing a neighbouring grade, within the margin, then back: grade kept."""
    rank = current.rank - 1 if upward else current.rank + 1
    assume(0 <= rank <= 3)
    blip = list(Grade)[rank]
    edge = _BANDS.floor(blip) if upward else _BANDS.floor(current)
    score = edge + offset - Decimal("0.01") if upward else edge - offset
    assert _BANDS.grade(score) is blip
    policy = StabilityPolicy(name="s", version="1", periods_to_hold=hold, margin=Decimal(5))
    history = GradeHistory(
        customer_id="C-1",
        current=current,
        observations=tuple(
            GradeObservation(period=Period.of_year(2020 - n), grade=current)
            for n in reversed(range(steady))
        ),
    )
    outcome = stable_grade(history, _proposal(blip, score, Period.of_year(2021)), policy)
    assert outcome.grade is current
    assert outcome.rule is StabilityRule.HELD_BACK
    back = stable_grade(
        history.after(outcome), _proposal(current, edge, Period.of_year(2022)), policy
    )
    assert back.grade is current


@given(
    st.lists(st.sampled_from(Grade), min_size=1, max_size=8),
    st.sampled_from(Grade),
    st.integers(1, 4),
    st.data(),
)
def test_a_change_without_margin_needs_n_consecutive_proposals(
    proposals: list[Grade], start: Grade, hold: int, data: st.DataObject
) -> None:
    """With no margin rule a grade changes only after N proposals beyond it on one side."""
    policy = StabilityPolicy(name="s", version="1", periods_to_hold=hold, margin=None)
    history = GradeHistory(customer_id="C-1", current=start)
    for year, proposed in enumerate(proposals, 2001):
        score = data.draw(_BAND_SCORES[proposed])
        previous = history.current
        outcome = stable_grade(history, _proposal(proposed, score, Period.of_year(year)), policy)
        assert previous is not None
        if outcome.grade is not previous:
            recent = [o.grade for o in history.observations[-(hold - 1) :]] if hold > 1 else []
            window = [*recent, proposed]
            assert len(window) == hold
            up = proposed.rank < previous.rank
            assert all((g.rank < previous.rank) == up and g is not previous for g in window)
        lo, hi = sorted((previous.rank, proposed.rank))
        assert lo <= outcome.grade.rank <= hi
        history = history.after(outcome)


@given(st.sampled_from(Grade), st.sampled_from(Grade), st.data())
def test_applied_grade_lies_between_current_and_proposed(
    current: Grade, proposed: Grade, data: st.DataObject
) -> None:
    """Stability never invents a grade outside the current and proposed ones."""
    score = data.draw(_BAND_SCORES[proposed])
    history = GradeHistory(customer_id="C-1", current=current)
    outcome = stable_grade(history, _proposal(proposed, score, YEAR), GRADE_STABILITY)
    lo, hi = sorted((current.rank, proposed.rank))
    assert lo <= outcome.grade.rank <= hi


# =============================================================================== Portfolio


@given(
    st.lists(
        st.tuples(
            st.integers(0, 99),
            st.integers(0, 10**7),
            st.integers(-(10**5), 10**7),
            _maybe_levels,
            _maybe_rates,
        ),
        max_size=6,
        unique_by=lambda row: row[0],
    ),
    st.randoms(use_true_random=False),
)
def test_portfolio_grading_is_independent_of_input_order(
    rows: list[tuple[int, int, int, CreditLevel | None, Decimal | None]], rnd: Any
) -> None:
    """Shuffled customers and figures give the same graded portfolio."""
    customers = [
        Customer(id=f"C-{n}", name="Generated", manager_id="M-1", credit_level=level)
        for n, _, _, level, _ in rows
    ]
    figures = [
        AccountFigures(
            customer_id=f"C-{n}",
            period=YEAR,
            revenue=Money.of(revenue),
            gross_profit=Money.of(profit),
            on_time_payment_rate=rate,
        )
        for n, revenue, profit, _, rate in rows
    ]
    grade = {
        "abc_policy": PARETO_ABC,
        "scorecard_policy": KEY_ACCOUNT_SCORECARD,
        "credit_policy": CREDIT_LEVELS,
        "as_of": AS_OF,
    }
    expected = grade_portfolio(customers, figures, **grade)
    rnd.shuffle(customers)
    rnd.shuffle(figures)
    assert grade_portfolio(customers, figures, **grade) == expected
    assert sorted(expected.by_customer()) == sorted(c.id for c in customers)
