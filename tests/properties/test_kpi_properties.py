"""Invariants of KPI schemes and scoring (SPEC §4, KPI), for generated schemes and results."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from keyaccount.domain.appraisal import Appraisal, IndicatorResult
from keyaccount.domain.values import Period, PeriodKind
from keyaccount.errors import PolicyError
from keyaccount.policies.kpi import (
    CUSTOMER_DATA_DISCLOSURE,
    STANDARD_BANDS,
    AppraisalScheme,
    AppraisalScore,
    CompletionFormula,
    Direction,
    Indicator,
    IndicatorKind,
    RatingScale,
    check_forced_distribution,
    compare_schemes,
    score_appraisal,
    summarize_team,
)
from keyaccount.serialization import from_dict, to_dict

MARCH = Period.month(2025, 3)

# Figures with 2 decimal places, so that scaling by a 2-place factor stays within 6 places.
figures = st.integers(0, 100_000).map(lambda n: Decimal(n) / 100)
positive_figures = st.integers(1, 100_000).map(lambda n: Decimal(n) / 100)
factors = positive_figures
plans = st.one_of(st.just(Decimal(0)), figures)
# Cut points in hundredths of 100: n distinct cuts give n + 1 positive weights summing to 100.
cut_points = st.lists(st.integers(1, 9_999), max_size=4, unique=True)
caps = st.sampled_from(["1", "1.2", "1.5", "2"])
floors = st.sampled_from(["0", "0", "0.3"])
scales = st.sampled_from([(0, 5), (1, 5), (0, 10), (0, 100), (1, 100)])
fractions = st.integers(0, 10_000).map(lambda n: Decimal(n) / 10_000)
veto_choices = st.sampled_from([(), (), (), ("customer-data-disclosure",)])

# Strategies are module-level and parameter-free so that Hypothesis builds them once.


def _draw_indicator(
    draw: st.DrawFn, key: str, weight: Decimal, direction: Direction | None = None
) -> Indicator:
    """Any indicator: measured in either direction and formula, or rated on some scale.

    With ``direction`` the indicator is measured, in that direction.
    """
    if direction is None and draw(st.booleans()):
        low, high = draw(scales)
        return Indicator(
            key=key,
            name=key,
            label_zh=key,
            weight=weight,
            kind=IndicatorKind.QUALITATIVE,
            scale=RatingScale(minimum=low, maximum=high),
            cap=draw(caps),
        )
    return Indicator(
        key=key,
        name=key,
        label_zh=key,
        weight=weight,
        direction=direction or draw(st.sampled_from(Direction)),
        formula=draw(st.sampled_from(CompletionFormula)),
        floor=draw(floors),
        cap=draw(caps),
    )


@st.composite
def schemes(draw: st.DrawFn, min_size: int = 1, first: Direction | None = None) -> AppraisalScheme:
    """A valid monthly scheme of 1–5 indicators with the standard bands and one veto item.

    With ``first``, indicator ``k0`` is measured in that direction (so tests need not filter).
    """
    cuts = draw(cut_points)
    if len(cuts) + 1 < min_size:
        cuts = [*cuts, *(c for c in (2_500, 5_000, 7_500) if c not in cuts)][: min_size - 1]
    bounds = [0, *sorted(cuts), 10_000]
    weights = [Decimal(high - low) / 100 for low, high in pairwise(bounds)]
    return AppraisalScheme(
        name="generated",
        version="1",
        period_kind=PeriodKind.MONTH,
        indicators=tuple(
            _draw_indicator(draw, f"k{n}", w, first if n == 0 else None)
            for n, w in enumerate(weights)
        ),
        bands=STANDARD_BANDS,
        vetoes=(CUSTOMER_DATA_DISCLOSURE,),
    )


def _draw_result(draw: st.DrawFn, indicator: Indicator) -> IndicatorResult:
    """A valid result: a rating on the indicator's scale, or a plan (maybe 0) and an actual."""
    scale = indicator.scale
    if scale is not None:
        rating = scale.minimum + (scale.maximum - scale.minimum) * draw(fractions)
        return IndicatorResult.rated(indicator.key, rating)
    return IndicatorResult.measured(indicator.key, plan=draw(plans), actual=draw(figures))


def _draw_appraisal(draw: st.DrawFn, scheme: AppraisalScheme, staff_id: str = "S-1") -> Appraisal:
    """A valid appraisal for ``scheme``, sometimes with the veto triggered."""
    return Appraisal(
        staff_id=staff_id,
        period=MARCH,
        results=tuple(_draw_result(draw, i) for i in scheme.indicators),
        vetoes=draw(veto_choices),
    )


@st.composite
def scored(
    draw: st.DrawFn, min_size: int = 1, first: Direction | None = None
) -> tuple[AppraisalScheme, Appraisal]:
    """A scheme and an appraisal valid under it (see :func:`schemes` for ``first``)."""
    scheme = draw(schemes(min_size, first))
    return scheme, _draw_appraisal(draw, scheme)


@st.composite
def teams(draw: st.DrawFn, max_size: int) -> tuple[AppraisalScheme, list[Appraisal]]:
    """A scheme and up to ``max_size`` appraisals of different people under it."""
    scheme = draw(schemes())
    size = draw(st.integers(0, max_size))
    return scheme, [_draw_appraisal(draw, scheme, f"S-{n}") for n in range(size)]


def _with_result(appraisal: Appraisal, result: IndicatorResult) -> Appraisal:
    others = tuple(r for r in appraisal.results if r.key != result.key)
    return attrs.evolve(appraisal, results=(*others, result))


def _measured(scheme: AppraisalScheme, direction: Direction) -> list[Indicator]:
    return [i for i in scheme.indicators if not i.is_rated and i.direction is direction]


@given(st.lists(positive_figures.filter(lambda w: w <= 100), min_size=1, max_size=6))
def test_scheme_whose_weights_do_not_sum_to_100_is_rejected(values: list[Decimal]) -> None:
    """Any weights summing to something other than 100 are refused, naming the sum."""
    total = sum(values, Decimal(0))
    assume(total != 100)
    with pytest.raises(PolicyError, match=r"^weights must sum to 100, got "):
        AppraisalScheme(
            name="bad",
            version="1",
            period_kind=PeriodKind.MONTH,
            indicators=tuple(
                Indicator(key=f"k{n}", name="k", label_zh="k", weight=w)
                for n, w in enumerate(values)
            ),
            bands=STANDARD_BANDS,
        )


@given(scored())
def test_total_stays_within_zero_and_100_times_the_cap(
    case: tuple[AppraisalScheme, Appraisal],
) -> None:
    """0 ≤ total ≤ 100 × the largest cap, and total is the sum of the points."""
    scheme, appraisal = case
    score = score_appraisal(scheme, appraisal)
    assert 0 <= score.total <= 100 * max(i.cap for i in scheme.indicators)
    assert score.total == sum(s.points for s in score.indicators)
    for item in score.indicators:
        assert item.indicator.floor <= item.rate <= item.indicator.cap


@given(scored(first=Direction.HIGHER_IS_BETTER), st.data())
def test_raising_a_higher_is_better_actual_never_lowers_the_total(
    case: tuple[AppraisalScheme, Appraisal], data: st.DataObject
) -> None:
    """More visits (or deals) never give fewer points, nor a lower band."""
    scheme, appraisal = case
    candidates = _measured(scheme, Direction.HIGHER_IS_BETTER)
    indicator = data.draw(st.sampled_from(candidates))
    before = appraisal.result(indicator.key)
    assert before is not None
    assert before.actual is not None
    raised = attrs.evolve(before, actual=before.actual + data.draw(positive_figures))
    old = score_appraisal(scheme, appraisal)
    new = score_appraisal(scheme, _with_result(appraisal, raised))
    assert new.total >= old.total
    assert scheme.bands.index(new.band) <= scheme.bands.index(old.band)


@given(scored(first=Direction.LOWER_IS_BETTER), st.data())
def test_raising_a_lower_is_better_actual_never_raises_the_total(
    case: tuple[AppraisalScheme, Appraisal], data: st.DataObject
) -> None:
    """More complaints never give more points, nor a better band."""
    scheme, appraisal = case
    candidates = _measured(scheme, Direction.LOWER_IS_BETTER)
    indicator = data.draw(st.sampled_from(candidates))
    before = appraisal.result(indicator.key)
    assert before is not None
    assert before.actual is not None
    raised = attrs.evolve(before, actual=before.actual + data.draw(positive_figures))
    old = score_appraisal(scheme, appraisal)
    new = score_appraisal(scheme, _with_result(appraisal, raised))
    assert new.total <= old.total
    assert scheme.bands.index(new.band) >= scheme.bands.index(old.band)


@given(scored(first=Direction.HIGHER_IS_BETTER), st.data())
def test_scaling_a_plan_and_its_actual_leaves_the_score_unchanged(
    case: tuple[AppraisalScheme, Appraisal], data: st.DataObject
) -> None:
    """Counting in pairs instead of units (plan and actual × k) changes no rate, total or band."""
    scheme, appraisal = case
    candidates = [i for i in scheme.indicators if not i.is_rated]
    indicator = data.draw(st.sampled_from(candidates))
    factor = data.draw(factors)
    before = appraisal.result(indicator.key)
    assert before is not None
    assert before.plan is not None
    assert before.actual is not None
    scaled = attrs.evolve(before, plan=before.plan * factor, actual=before.actual * factor)
    old = score_appraisal(scheme, appraisal)
    new = score_appraisal(scheme, _with_result(appraisal, scaled))
    assert [s.rate for s in new.indicators] == [s.rate for s in old.indicators]
    assert (new.total, new.band) == (old.total, old.band)


@given(scored())
def test_a_veto_always_gives_the_lowest_band(case: tuple[AppraisalScheme, Appraisal]) -> None:
    """Whatever the results, a triggered veto item gives the last band."""
    scheme, appraisal = case
    vetoed = attrs.evolve(appraisal, vetoes=("customer-data-disclosure",))
    score = score_appraisal(scheme, vetoed)
    assert score.band == scheme.lowest_band
    assert score.score_band == scheme.band_for(score.total)


@given(scored(min_size=2), st.data())
def test_changing_a_weight_and_changing_it_back_restores_every_score(
    case: tuple[AppraisalScheme, Appraisal], data: st.DataObject
) -> None:
    """Moving weight between two indicators and back gives the same scheme and the same score."""
    scheme, appraisal = case
    giver, taker = scheme.indicators[0], scheme.indicators[1]
    moved = giver.weight * data.draw(fractions)
    assume(0 < moved < giver.weight)
    changed = scheme.with_weights(
        {giver.key: giver.weight - moved, taker.key: taker.weight + moved}, version="2"
    )
    restored = changed.with_weights(
        {giver.key: giver.weight, taker.key: taker.weight}, version=scheme.version
    )
    assert restored == scheme
    assert score_appraisal(restored, appraisal) == score_appraisal(scheme, appraisal)


@given(teams(max_size=4))
def test_comparing_a_scheme_with_itself_reports_no_change(
    case: tuple[AppraisalScheme, list[Appraisal]],
) -> None:
    """compare_schemes(s, s, …): every delta 0, every band kept, only the diagonal filled."""
    scheme, team = case
    comparison = compare_schemes(scheme, scheme, team)
    assert not comparison.has_changes
    assert all(c.delta == 0 for c in comparison.changes)
    assert all(cell.count == 0 for cell in comparison.matrix if cell.from_band != cell.to_band)
    assert sum(cell.count for cell in comparison.matrix) == len(team)


@given(st.lists(st.integers(0, 15_000).map(lambda n: Decimal(n) / 100), min_size=2, max_size=2))
def test_band_never_falls_as_the_total_rises(totals: list[Decimal]) -> None:
    """The band is a monotone step function of the total."""
    low, high = sorted(totals)
    bands = list(STANDARD_BANDS)
    scheme = AppraisalScheme(
        name="s",
        version="1",
        period_kind=PeriodKind.MONTH,
        indicators=(Indicator(key="k", name="k", label_zh="k", weight=100),),
        bands=STANDARD_BANDS,
    )
    assert bands.index(scheme.band_for(high)) <= bands.index(scheme.band_for(low))


@given(teams(max_size=8))
def test_team_band_counts_add_up_to_the_team_size(
    case: tuple[AppraisalScheme, list[Appraisal]],
) -> None:
    """Every person is in exactly one band; a forced-distribution check changes no band."""
    scheme, team = case
    scores: list[AppraisalScore] = [score_appraisal(scheme, a) for a in team]
    summary = summarize_team(scores, scheme)
    assert sum(b.count for b in summary.bands) == len(team)
    check = check_forced_distribution(scores, scheme)
    (quota,) = check.quotas
    assert len(quota.over_quota) == max(0, quota.count - quota.allowed)
    assert [score_appraisal(scheme, a) for a in team] == scores


@given(schemes())
def test_scheme_round_trips_through_plain_data(scheme: AppraisalScheme) -> None:
    """from_dict(to_dict(scheme)) == scheme."""
    assert from_dict(AppraisalScheme, to_dict(scheme)) == scheme
