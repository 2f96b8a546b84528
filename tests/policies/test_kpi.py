"""KPI schemes, scoring, scheme comparison, team roll-ups, performance records, key accounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest

from keyaccount.domain.appraisal import Appraisal, Commendation, CommendationDeed, IndicatorResult
from keyaccount.domain.customer import Customer
from keyaccount.domain.staff import AccountManager, Qualification
from keyaccount.domain.values import Grade, Period, PeriodKind
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.kpi import (
    AT_MOST_20_PERCENT_EXCELLENT,
    KEY_ACCOUNT_RULE,
    PERFORMANCE_POINTS,
    SPECIALIST_MONTHLY,
    STANDARD_BANDS,
    AppraisalScheme,
    AppraisalScore,
    BandPoints,
    BandQuota,
    CompletionFormula,
    Direction,
    ForcedDistribution,
    Indicator,
    IndicatorKind,
    KeyAccountRule,
    PerformancePolicy,
    RateRule,
    RatingScale,
    ZeroPlanRule,
    check_forced_distribution,
    compare_schemes,
    may_manage,
    performance_records,
    score_appraisal,
    summarize_team,
)
from keyaccount.serialization import from_dict, to_dict

MARCH = Period.month(2025, 3)


def _indicator(**changes: Any) -> Indicator:
    fields: dict[str, Any] = {
        "key": "visit",
        "name": "visit target",
        "label_zh": "拜访",
        "weight": 100,
    }
    fields.update(changes)
    return Indicator(**fields)


def _scheme(*indicators: Indicator, **changes: Any) -> AppraisalScheme:
    fields: dict[str, Any] = {
        "name": "test",
        "version": "1",
        "period_kind": PeriodKind.MONTH,
        "indicators": indicators or (_indicator(),),
        "bands": STANDARD_BANDS,
    }
    fields.update(changes)
    return AppraisalScheme(**fields)


def _specialist(
    staff_id: str = "S-1",
    *,
    visits: int = 36,
    expansion: int = 10,
    deals: int = 4,
    daily: int = 90,
    period: Period = MARCH,
    **changes: Any,
) -> Appraisal:
    return Appraisal(
        staff_id=staff_id,
        period=period,
        results=(
            IndicatorResult.measured("visit", plan=40, actual=visits),
            IndicatorResult.measured("expansion", plan=10, actual=expansion),
            IndicatorResult.measured("deal", plan=5, actual=deals),
            IndicatorResult.rated("daily-work", daily),
        ),
        **changes,
    )


def _one(result: IndicatorResult, indicator: Indicator) -> AppraisalScore:
    scheme = _scheme(indicator)
    return score_appraisal(scheme, Appraisal(staff_id="S-1", period=MARCH, results=(result,)))


# ----------------------------------------------------------------------- scheme validation


def test_weights_not_summing_to_100_are_rejected_with_the_sum_and_terms() -> None:
    """The error names the sum and every term [SPEC §3.3]."""
    daily = attrs.evolve(SPECIALIST_MONTHLY.indicators[3], weight=10)
    with pytest.raises(PolicyError) as error:
        attrs.evolve(SPECIALIST_MONTHLY, indicators=(*SPECIALIST_MONTHLY.indicators[:3], daily))
    assert str(error.value) == (
        "weights must sum to 100, got 95 (visit 40 + expansion 25 + deal 20 + daily-work 10)"
    )


def test_decimal_weights_summing_exactly_to_100_are_accepted() -> None:
    """Weights are exact: 33.33 + 33.33 + 33.34 is 100."""
    scheme = _scheme(
        _indicator(key="a", weight="33.33"),
        _indicator(key="b", weight="33.33"),
        _indicator(key="c", weight="33.34"),
    )
    assert sum(i.weight for i in scheme.indicators) == 100


def test_zero_weight_is_rejected() -> None:
    """Every weight is positive."""
    with pytest.raises(PolicyError) as error:
        _indicator(weight=0)
    assert str(error.value) == "weight: expected a number > 0, got '0'"


def test_float_weight_is_refused() -> None:
    """Weights are exact decimals; a float is refused with PolicyError."""
    with pytest.raises(PolicyError) as error:
        _indicator(weight=40.5)
    assert str(error.value) == "weight: expected a decimal number (Decimal, int or str), got 40.5"


def test_policy_errors_are_validation_errors() -> None:
    """Callers catching ValidationError also catch bad schemes."""
    with pytest.raises(ValidationError):
        _indicator(weight=-1)


def test_repeated_indicator_key_is_rejected() -> None:
    """Indicator keys are unique within a scheme."""
    with pytest.raises(PolicyError) as error:
        _scheme(_indicator(weight=50), _indicator(weight=50))
    assert str(error.value) == (
        "indicators[1].key: expected a key not used by another indicator, got 'visit'"
    )


def test_scheme_without_indicators_is_rejected() -> None:
    """A scheme measures something."""
    with pytest.raises(PolicyError) as error:
        _scheme(indicators=())
    assert str(error.value) == "indicators: expected at least one indicator, got ()"


def test_qualitative_indicator_needs_a_scale() -> None:
    """A rated indicator says what it is rated on."""
    with pytest.raises(PolicyError) as error:
        _indicator(kind=IndicatorKind.QUALITATIVE)
    assert str(error.value) == (
        "scale: expected a rating scale for a qualitative indicator, got None"
    )


def test_qualitative_indicator_is_higher_is_better() -> None:
    """A higher rating is always better."""
    with pytest.raises(PolicyError) as error:
        _indicator(
            kind=IndicatorKind.QUALITATIVE,
            scale=RatingScale(maximum=5),
            direction=Direction.LOWER_IS_BETTER,
        )
    assert str(error.value) == (
        "direction: expected 'higher-is-better' for a rated indicator, got 'lower-is-better'"
    )


def test_quantitative_indicator_takes_no_scale() -> None:
    """A scale on a measured indicator is a configuration mistake."""
    with pytest.raises(PolicyError, match=r"^scale: expected no rating scale"):
        _indicator(scale=RatingScale(maximum=5))


def test_direction_must_be_a_direction() -> None:
    """The valid directions are listed."""
    with pytest.raises(PolicyError) as error:
        _indicator(direction="up")
    assert str(error.value) == (
        "direction: expected one of 'higher-is-better', 'lower-is-better', got 'up'"
    )


def test_cap_below_100_percent_is_rejected() -> None:
    """A cap under 100 % would make full marks unreachable."""
    with pytest.raises(PolicyError) as error:
        _indicator(cap="0.9")
    assert str(error.value) == "cap: expected a number from 1 to 10, got '0.9'"


def test_cap_finer_than_the_rate_rounding_is_rejected() -> None:
    """Caps have at most 4 decimal places, like the rates they bound."""
    with pytest.raises(PolicyError) as error:
        _indicator(cap="1.23456")
    assert str(error.value) == "cap: expected at most 4 decimal places, got '1.23456'"


def test_rating_scale_maximum_must_exceed_minimum() -> None:
    """An empty scale is rejected."""
    with pytest.raises(PolicyError) as error:
        RatingScale(minimum=5, maximum=5)
    assert str(error.value) == "maximum: expected a number above the minimum 5, got '5'"


def test_bands_must_descend() -> None:
    """Bands are listed from the highest threshold down."""
    bands = (STANDARD_BANDS[1], STANDARD_BANDS[0], *STANDARD_BANDS[2:])
    with pytest.raises(PolicyError) as error:
        _scheme(bands=bands)
    assert str(error.value) == (
        "bands must be listed from the highest threshold down, got excellent 90 after good 80"
    )


def test_last_band_must_start_at_zero() -> None:
    """Every total, however low, has a band."""
    with pytest.raises(PolicyError) as error:
        _scheme(bands=STANDARD_BANDS[:-1])
    assert str(error.value) == (
        "the last band must start at 0 so that every total has a band, "
        "got needs-improvement from 50"
    )


def test_repeated_band_key_is_rejected() -> None:
    """Band keys are unique."""
    twin = attrs.evolve(STANDARD_BANDS[-1], key="excellent")
    with pytest.raises(PolicyError, match=r"^bands\[4\]\.key: expected a key not used"):
        _scheme(bands=(*STANDARD_BANDS[:-1], twin))


@pytest.mark.parametrize(
    ("total", "band"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "good"),
        ("80", "good"),
        ("60", "qualified"),
        ("50", "needs-improvement"),
        ("49.9999", "unqualified"),
        ("0", "unqualified"),
    ],
)
def test_band_thresholds_are_inclusive(total: str, band: str) -> None:
    """≥ 90 excellent, ≥ 80 good, ≥ 60 qualified, ≥ 50 needs improvement, else unqualified."""
    assert SPECIALIST_MONTHLY.band_for(Decimal(total)).key == band


def test_with_weights_changes_only_the_named_weights() -> None:
    """A weight change yields a new, validated scheme."""
    changed = SPECIALIST_MONTHLY.with_weights({"visit": 35, "daily-work": 20}, version="2")
    assert [i.weight for i in changed.indicators] == [35, 25, 20, 20]
    assert changed.version == "2"
    assert SPECIALIST_MONTHLY.indicators[0].weight == 40


def test_with_weights_still_requires_100() -> None:
    """Changing one weight alone breaks the sum and is rejected."""
    with pytest.raises(PolicyError, match=r"^weights must sum to 100, got 105 \(visit 45"):
        SPECIALIST_MONTHLY.with_weights({"visit": 45})


def test_with_weights_names_unknown_indicators() -> None:
    """A weight for an indicator the scheme lacks is an error."""
    with pytest.raises(PolicyError) as error:
        SPECIALIST_MONTHLY.with_weights({"calls": 10})
    assert str(error.value) == (
        "unknown indicators: calls "
        "(scheme 'specialist-monthly' 1 has visit, expansion, deal, daily-work)"
    )


def test_scheme_loads_from_a_plain_mapping_with_defaults() -> None:
    """HR tools write only what differs from the defaults; enums and decimals are text."""
    data = {
        "name": "service-desk",
        "version": "2025.1",
        "period_kind": "quarter",
        "indicators": [
            {"key": "calls", "name": "calls answered", "label_zh": "接听量", "weight": "70"},
            {
                "key": "complaints",
                "name": "complaints",
                "label_zh": "投诉数",
                "weight": 30,
                "direction": "lower-is-better",
                "cap": "1.5",
            },
        ],
        "bands": [to_dict(band) for band in STANDARD_BANDS],
    }
    scheme = from_dict(AppraisalScheme, data)
    assert scheme.period_kind is PeriodKind.QUARTER
    complaints = scheme.indicator("complaints")
    assert complaints is not None
    assert complaints.direction is Direction.LOWER_IS_BETTER
    assert complaints.cap == Decimal("1.5")
    assert from_dict(AppraisalScheme, to_dict(scheme)) == scheme


def test_loading_a_bad_field_names_its_path() -> None:
    """A bad value inside an indicator is reported with its path, as PolicyError."""
    data = to_dict(SPECIALIST_MONTHLY)
    data["indicators"][2]["direction"] = "up"
    with pytest.raises(PolicyError) as error:
        from_dict(AppraisalScheme, data)
    assert str(error.value) == (
        "indicators[2].direction: expected one of 'higher-is-better', 'lower-is-better', got 'up'"
    )


# ---------------------------------------------------------------------------------- scoring


def test_score_carries_every_number_and_its_source() -> None:
    """Each indicator score holds the rule, the rate before and after the cap, and the points."""
    score = score_appraisal(SPECIALIST_MONTHLY, _specialist())
    visit = score.indicator("visit")
    assert visit is not None
    assert visit.rule is RateRule.ACTUAL_OVER_PLAN
    assert (visit.completion, visit.rate, visit.points) == (Decimal("0.9"), Decimal("0.9"), 36)
    daily = score.indicator("daily-work")
    assert daily is not None
    assert daily.rule is RateRule.RATING
    assert daily.points == Decimal("13.5")
    assert score.total == Decimal("90.5")
    assert score.band.key == "excellent"
    assert score.score_band == score.band
    assert score.indicator("nothing") is None


def test_completion_above_the_cap_counts_as_the_cap() -> None:
    """60 visits of 40 planned is 150 %, capped at the preset 120 %."""
    score = score_appraisal(SPECIALIST_MONTHLY, _specialist(visits=60))
    visit = score.indicator("visit")
    assert visit is not None
    assert (visit.completion, visit.rate, visit.points) == (Decimal("1.5"), Decimal("1.2"), 48)
    assert visit.explain() == (
        "visit target 拜访目标指标: actual 60 ÷ plan 40 = 150 %, capped at 120 % → 120 % × "
        "weight 40 = 48 points"
    )


def test_rate_is_rounded_to_four_places_half_up_before_weighting() -> None:
    """1 of 3 is 33.33 %; points are the exact product 0.3333 × 100."""
    score = _one(IndicatorResult.measured("visit", plan=3, actual=1), _indicator())
    (visit,) = score.indicators
    assert visit.completion == Decimal("0.3333")
    assert visit.points == Decimal("33.3300")
    two_thirds = _one(IndicatorResult.measured("visit", plan=3, actual=2), _indicator())
    assert two_thirds.indicators[0].rate == Decimal("0.6667")


def test_lower_is_better_ratio_is_plan_over_actual() -> None:
    """Twice the allowed complaints is 50 %."""
    indicator = _indicator(direction=Direction.LOWER_IS_BETTER)
    (score,) = _one(IndicatorResult.measured("visit", plan=4, actual=8), indicator).indicators
    assert (score.rule, score.rate) == (RateRule.PLAN_OVER_ACTUAL, Decimal("0.5"))


def test_lower_is_better_zero_actual_scores_the_cap() -> None:
    """No complaints against an allowance is the best result: the cap, not a division by 0."""
    indicator = _indicator(direction=Direction.LOWER_IS_BETTER)
    (score,) = _one(IndicatorResult.measured("visit", plan=4, actual=0), indicator).indicators
    assert (score.rule, score.rate) == (RateRule.ZERO_ACTUAL_BEST, Decimal("1.2"))
    assert "actual 0 against plan 4: the best result, the cap = 120 %" in score.explain()


def test_lower_is_better_deviation_is_floored_at_zero() -> None:
    """With the deviation formula, three times the allowance is 2 − 3 = −100 %, floored at 0."""
    indicator = _indicator(direction=Direction.LOWER_IS_BETTER, formula=CompletionFormula.DEVIATION)
    (score,) = _one(IndicatorResult.measured("visit", plan=10, actual=30), indicator).indicators
    assert (score.rule, score.completion, score.rate, score.points) == (
        RateRule.DEVIATION,
        Decimal(-1),
        0,
        0,
    )
    assert score.explain() == (
        "visit target 拜访: 2 − actual 30 ÷ plan 10 = -100 %, floored at 0 % → 0 % × weight 100 "
        "= 0 points"
    )


def test_lower_is_better_deviation_within_plan() -> None:
    """With the deviation formula, 12 against an allowance of 10 is 2 − 1.2 = 80 %."""
    indicator = _indicator(direction=Direction.LOWER_IS_BETTER, formula=CompletionFormula.DEVIATION)
    (score,) = _one(IndicatorResult.measured("visit", plan=10, actual=12), indicator).indicators
    assert score.rate == Decimal("0.8")


def test_floor_above_zero_lifts_low_rates() -> None:
    """A floor of 30 % gives at least 30 % of the weight."""
    (score,) = _one(
        IndicatorResult.measured("visit", plan=10, actual=1), _indicator(floor="0.3")
    ).indicators
    assert (score.completion, score.rate, score.points) == (Decimal("0.1"), Decimal("0.3"), 30)


def test_zero_plan_higher_is_better_counts_as_met() -> None:
    """Nothing was asked, so any actual meets the plan: 100 %."""
    (score,) = _one(IndicatorResult.measured("visit", plan=0, actual=3), _indicator()).indicators
    assert (score.rule, score.rate) == (RateRule.ZERO_PLAN_MET, 1)
    assert "plan 0, actual 3: a plan of 0 counts as met = 100 %" in score.explain()


def test_zero_plan_lower_is_better_is_met_only_by_zero() -> None:
    """With an allowance of 0, an actual of 0 is 100 % and anything more is 0 %."""
    indicator = _indicator(direction=Direction.LOWER_IS_BETTER)
    met = _one(IndicatorResult.measured("visit", plan=0, actual=0), indicator).indicators[0]
    missed = _one(IndicatorResult.measured("visit", plan=0, actual=2), indicator).indicators[0]
    assert (met.rule, met.rate) == (RateRule.ZERO_PLAN_MET, 1)
    assert (missed.rule, missed.rate) == (RateRule.ZERO_PLAN_EXCEEDED, 0)


def test_zero_plan_can_be_rejected() -> None:
    """With zero_plan='reject' a plan of 0 is an input error naming the indicator."""
    indicator = _indicator(zero_plan=ZeroPlanRule.REJECT)
    with pytest.raises(PolicyError) as error:
        _one(IndicatorResult.measured("visit", plan=0, actual=3), indicator)
    assert str(error.value) == (
        "results.visit.plan: expected a plan > 0: visit target does not accept a plan of 0, got '0'"
    )


def test_rating_is_divided_by_the_scale_maximum() -> None:
    """4 on a 1–5 scale is 80 %."""
    indicator = _indicator(kind=IndicatorKind.QUALITATIVE, scale=RatingScale(minimum=1, maximum=5))
    (score,) = _one(IndicatorResult.rated("visit", 4), indicator).indicators
    assert score.rate == Decimal("0.8")


def test_rating_off_the_scale_is_rejected() -> None:
    """A rating outside the indicator's scale names the scale."""
    indicator = _indicator(kind=IndicatorKind.QUALITATIVE, scale=RatingScale(minimum=1, maximum=5))
    with pytest.raises(PolicyError) as error:
        _one(IndicatorResult.rated("visit", 6), indicator)
    assert str(error.value) == (
        "results.visit.rating: expected a rating on the 1–5 scale of visit target, got '6'"
    )


def test_plan_and_actual_for_a_rated_indicator_are_rejected() -> None:
    """A rated indicator needs a rating."""
    with pytest.raises(PolicyError) as error:
        score_appraisal(
            SPECIALIST_MONTHLY,
            Appraisal(
                staff_id="S-1",
                period=MARCH,
                results=(
                    *_specialist().results[:3],
                    IndicatorResult.measured("daily-work", plan=100, actual=90),
                ),
            ),
        )
    assert str(error.value) == (
        "results.daily-work.rating: expected a rating on the 0–100 scale: daily work is rated, "
        "got None"
    )


def test_rating_for_a_measured_indicator_is_rejected() -> None:
    """A measured indicator needs a plan and an actual."""
    with pytest.raises(PolicyError) as error:
        _one(IndicatorResult.rated("visit", 90), _indicator())
    assert str(error.value) == (
        "results.visit.plan: expected a plan and an actual: visit target is measured, not rated, "
        "got None"
    )


def test_missing_and_unknown_indicators_are_all_named() -> None:
    """One error lists every missing and every unknown result."""
    appraisal = Appraisal(
        staff_id="S-1",
        period=MARCH,
        results=(
            IndicatorResult.measured("visit", plan=40, actual=36),
            IndicatorResult.measured("calls", plan=10, actual=9),
        ),
    )
    with pytest.raises(PolicyError) as error:
        score_appraisal(SPECIALIST_MONTHLY, appraisal)
    assert str(error.value) == (
        "results of S-1 for 2025-03 do not match scheme 'specialist-monthly' 1: "
        "missing expansion, deal, daily-work; unknown calls "
        "(the scheme's indicators are visit, expansion, deal, daily-work)"
    )


def test_missing_indicator_alone_is_named() -> None:
    """Only the missing part is reported when nothing is unknown."""
    appraisal = attrs.evolve(_specialist(), results=_specialist().results[:3])
    with pytest.raises(
        PolicyError, match=r"do not match scheme 'specialist-monthly' 1: missing daily-work \("
    ):
        score_appraisal(SPECIALIST_MONTHLY, appraisal)


def test_period_of_the_wrong_kind_is_rejected() -> None:
    """A monthly scheme scores monthly appraisals."""
    with pytest.raises(PolicyError) as error:
        score_appraisal(SPECIALIST_MONTHLY, _specialist(period=Period.quarter(2025, 1)))
    assert str(error.value) == (
        "period: expected a month period for 'specialist-monthly' 1, got '2025-Q1'"
    )


def test_unknown_veto_item_is_rejected() -> None:
    """Veto keys must name the scheme's veto items."""
    with pytest.raises(PolicyError) as error:
        score_appraisal(SPECIALIST_MONTHLY, _specialist(vetoes=("bribery",)))
    assert str(error.value) == (
        "unknown veto items: bribery (scheme 'specialist-monthly' 1 has customer-data-disclosure)"
    )


def test_veto_gives_the_lowest_band_and_keeps_the_score_band() -> None:
    """The total still shows; the band given is the lowest, and the explanation says why."""
    score = score_appraisal(SPECIALIST_MONTHLY, _specialist(vetoes=("customer-data-disclosure",)))
    assert score.total == Decimal("90.5")
    assert score.score_band.key == "excellent"
    assert score.band.key == "unqualified"
    assert score.vetoed
    assert score.explain().splitlines()[-1] == (
        "veto disclosure of customer data 泄露客户资料 → unqualified 不合格, whatever the total"
    )


def test_result_order_does_not_matter() -> None:
    """Results may come in any order; scores follow the scheme's order."""
    appraisal = _specialist()
    reversed_ = attrs.evolve(appraisal, results=tuple(reversed(appraisal.results)))
    assert score_appraisal(SPECIALIST_MONTHLY, reversed_) == score_appraisal(
        SPECIALIST_MONTHLY, appraisal
    )


def test_stars_are_reported_not_added_to_the_total() -> None:
    """Commendation stars travel with the score; the weighted total is unchanged."""
    appraisal = _specialist(
        commendations=(Commendation(deed=CommendationDeed.FULL_ATTENDANCE),) * 2
    )
    score = score_appraisal(SPECIALIST_MONTHLY, appraisal)
    assert score.stars == 2
    assert score.total == Decimal("90.5")
    assert score.explain().splitlines()[-1] == "commendation stars 嘉奖: 2"


def test_score_round_trips_through_plain_data() -> None:
    """Scores serialize with the library's converter."""
    score = score_appraisal(SPECIALIST_MONTHLY, _specialist(vetoes=("customer-data-disclosure",)))
    assert from_dict(AppraisalScore, to_dict(score)) == score


# ------------------------------------------------------------------------- compare schemes


def test_comparing_a_scheme_with_itself_changes_nothing() -> None:
    """Same scheme: equal totals, a diagonal matrix."""
    appraisals = [_specialist("S-1"), _specialist("S-2", visits=20)]
    comparison = compare_schemes(SPECIALIST_MONTHLY, SPECIALIST_MONTHLY, appraisals)
    assert not comparison.has_changes
    assert comparison.changed == ()
    assert comparison.count("excellent", "excellent") == 1
    assert sum(cell.count for cell in comparison.matrix) == 2
    assert len(comparison.matrix) == 25
    assert "no total or band changes" in comparison.explain()


def test_weight_change_moves_people_between_bands() -> None:
    """Moving weight from visits to daily work lifts a strong rater and lowers a strong visitor."""
    new = SPECIALIST_MONTHLY.with_weights({"visit": 30, "daily-work": 25}, version="2")
    appraisals = [
        _specialist("S-1", visits=40, daily=60),  # 40+25+16+9 = 90 → 30+25+16+15 = 86
        _specialist("S-2", visits=30, daily=100),  # 30+25+16+15 = 86 → 22.5+25+16+25 = 88.5
    ]
    comparison = compare_schemes(SPECIALIST_MONTHLY, new, appraisals)
    first, second = comparison.changes
    assert (first.old_total, first.new_total, first.delta) == (90, 86, -4)
    assert (first.old_band.key, first.new_band.key) == ("excellent", "good")
    assert (second.old_total, second.new_total) == (86, Decimal("88.5"))
    assert not second.band_changed
    assert comparison.count("excellent", "good") == 1
    assert comparison.count("good", "good") == 1
    assert comparison.count("nothing", "good") == 0
    lines = comparison.explain().splitlines()
    assert lines[0] == "specialist-monthly 1 → specialist-monthly 2: 2 appraisals"
    assert lines[1] == "- S-1 2025-03: 90 excellent → 86 good (−4)"
    assert lines[2] == "- S-2 2025-03: 86 good → 88.5 good (+2.5)"


def test_comparison_needs_appraisals_valid_under_both_schemes() -> None:
    """A new indicator without results is named as missing."""
    extra = Indicator(key="calls", name="calls", label_zh="电话", weight=10)
    visit = attrs.evolve(SPECIALIST_MONTHLY.indicators[0], weight=30)
    new = attrs.evolve(
        SPECIALIST_MONTHLY, indicators=(visit, *SPECIALIST_MONTHLY.indicators[1:], extra)
    )
    with pytest.raises(PolicyError, match=r"missing calls"):
        compare_schemes(SPECIALIST_MONTHLY, new, [_specialist()])


# ---------------------------------------------------------------------------- team roll-ups


def _scores(*totals: tuple[str, int, int]) -> list[AppraisalScore]:
    """Scores from (staff id, visits, daily rating) triples."""
    return [
        score_appraisal(SPECIALIST_MONTHLY, _specialist(staff, visits=visits, daily=daily))
        for staff, visits, daily in totals
    ]


def test_team_summary_averages_and_distributes() -> None:
    """Average rounded to 2 places; every band listed, zeros included."""
    scores = _scores(("S-1", 36, 90), ("S-2", 30, 100), ("S-3", 20, 50))
    summary = summarize_team(scores, SPECIALIST_MONTHLY)
    assert summary.size == 3
    # 90.5, 86 and 20 + 25 + 16 + 7.5 = 68.5 → (90.5 + 86 + 68.5) / 3 = 81.666…
    assert summary.average == Decimal("81.67")
    assert [(b.band.key, b.count) for b in summary.bands] == [
        ("excellent", 1),
        ("good", 1),
        ("qualified", 1),
        ("needs-improvement", 0),
        ("unqualified", 0),
    ]
    assert summary.bands[0].share == Decimal("0.3333")
    assert summary.explain().splitlines()[0] == "specialist-monthly 1: 3 people, average 81.67"


def test_empty_team_has_no_average() -> None:
    """No scores: no average, zero counts, no division by zero."""
    summary = summarize_team([], SPECIALIST_MONTHLY)
    assert summary.average is None
    assert all(b.count == 0 and b.share == 0 for b in summary.bands)


def test_team_scores_must_come_from_the_scheme() -> None:
    """Scores made with another scheme are rejected."""
    other = _scheme(name="other")
    with pytest.raises(PolicyError) as error:
        summarize_team(_scores(("S-1", 36, 90)), other)
    assert str(error.value) == (
        "scores[0]: expected a score made with scheme 'other' 1, got 'specialist-monthly 1'"
    )


def test_forced_distribution_reports_people_over_quota_without_changing_bands() -> None:
    """10 people, 20 % excellent allowed: 2 stay within, the lower-ranked third is reported."""
    rows = [("S-01", 40, 100), ("S-02", 36, 90), ("S-03", 38, 95)]
    rows += [(f"S-{n:02d}", 30, 80) for n in range(4, 11)]
    scores = _scores(*rows)
    check = check_forced_distribution(scores, SPECIALIST_MONTHLY)
    (quota,) = check.quotas
    assert (quota.allowed, quota.count) == (2, 3)
    assert quota.within == ("S-01", "S-03")
    assert quota.over_quota == ("S-02",)
    assert not check.holds
    assert check.over_quota == ("S-02",)
    assert [s.band.key for s in scores[:3]] == ["excellent"] * 3
    assert check.explain().splitlines()[1] == (
        "- excellent 优秀: 3 of at most 2 (20 % of 10); over quota: S-02"
    )


def test_forced_distribution_breaks_ties_by_staff_id() -> None:
    """Equal totals are ranked by staff id, so the report is deterministic."""
    scores = _scores(*[(f"S-{n}", 40, 100) for n in (3, 1, 2)], ("S-4", 0, 0), ("S-5", 0, 0))
    (quota,) = check_forced_distribution(scores, SPECIALIST_MONTHLY).quotas
    assert quota.within == ("S-1",)
    assert quota.over_quota == ("S-2", "S-3")


def test_forced_distribution_allowance_is_rounded_down() -> None:
    """'At most 20 %' of 4 people is 0 people."""
    scores = _scores(("S-1", 40, 100), ("S-2", 0, 0), ("S-3", 0, 0), ("S-4", 0, 0))
    (quota,) = check_forced_distribution(scores, SPECIALIST_MONTHLY).quotas
    assert (quota.allowed, quota.over_quota) == (0, ("S-1",))


def test_forced_distribution_holds_for_a_balanced_team() -> None:
    """No one over quota: the check holds."""
    check = check_forced_distribution(_scores(("S-1", 30, 80)), SPECIALIST_MONTHLY)
    assert check.holds
    assert check.over_quota == ()


def test_forced_distribution_rejects_duplicate_people() -> None:
    """One score per person in a distribution check."""
    with pytest.raises(PolicyError) as error:
        check_forced_distribution(_scores(("S-1", 30, 80), ("S-1", 30, 80)), SPECIALIST_MONTHLY)
    assert str(error.value) == "scores[1].staff_id: expected one score per person, got 'S-1'"


def test_forced_distribution_rejects_unknown_bands() -> None:
    """A quota on a band the scheme lacks is named."""
    rule = ForcedDistribution(
        name="stars", version="1", quotas=(BandQuota(band="star", max_share="0.1"),)
    )
    with pytest.raises(PolicyError) as error:
        check_forced_distribution([], SPECIALIST_MONTHLY, rule)
    assert str(error.value) == (
        "quotas[0].band: expected a band of scheme 'specialist-monthly' 1: excellent, good, "
        "qualified, needs-improvement, unqualified, got 'star'"
    )


def test_forced_distribution_quota_bands_are_unique() -> None:
    """Each band has one quota."""
    quota = BandQuota(band="excellent", max_share="0.2")
    with pytest.raises(PolicyError, match=r"^quotas\[1\]\.band: expected each band at most once"):
        ForcedDistribution(name="x", version="1", quotas=(quota, quota))


def test_preset_forced_distribution_is_20_percent_excellent() -> None:
    """The preset limits excellent to 20 % [default]."""
    (quota,) = AT_MOST_20_PERCENT_EXCELLENT.quotas
    assert (quota.band, quota.max_share) == ("excellent", Decimal("0.2"))


# ---------------------------------------------------------------------- performance records


def test_performance_record_adds_band_points_and_stars() -> None:
    """Points per band plus one per star build the record; the total supports a qualification."""
    star = Commendation(deed=CommendationDeed.OUTSTANDING_RESULTS)
    scores = [
        score_appraisal(
            SPECIALIST_MONTHLY,
            _specialist("S-1", period=Period.month(2025, m), commendations=(star,) * (m == 1)),
        )
        for m in range(1, 13)
    ]
    scores.append(score_appraisal(SPECIALIST_MONTHLY, _specialist("S-2", visits=30, daily=80)))
    first, second = performance_records(scores)
    assert first.staff_id == "S-1"
    assert (first.appraisal_points, first.stars, first.points) == (36, 1, 37)
    assert first.qualification is Qualification.INTERMEDIATE
    assert [(t.band, t.count) for t in first.bands] == [("excellent", 12)]
    assert len(first.periods) == 12
    assert (second.points, second.qualification) == (2, Qualification.JUNIOR)
    assert second.explain() == (
        "S-2 (performance-points 1): 1 appraisal (good ×1 = 2) + 0 stars = 0 → 2 points, "
        "supports junior 初级"
    )


def test_performance_record_rejects_the_same_period_twice() -> None:
    """A person is not counted twice for one period under one scheme."""
    scores = _scores(("S-1", 36, 90), ("S-1", 36, 90))
    with pytest.raises(PolicyError) as error:
        performance_records(scores)
    assert str(error.value) == (
        "scores[1]: expected one score per person and period under scheme "
        "'specialist-monthly', got 'S-1 2025-03'"
    )


def test_performance_record_needs_points_for_every_band() -> None:
    """A band the policy does not price is named."""
    policy = attrs.evolve(PERFORMANCE_POINTS, band_points=PERFORMANCE_POINTS.band_points[:1])
    with pytest.raises(PolicyError) as error:
        performance_records(_scores(("S-1", 30, 80)), policy)
    assert str(error.value) == "scores[0].band: expected a band with points: excellent, got 'good'"


def test_senior_threshold_must_exceed_intermediate() -> None:
    """Thresholds rise with the qualification."""
    with pytest.raises(PolicyError) as error:
        attrs.evolve(PERFORMANCE_POINTS, senior_points=24)
    assert str(error.value) == (
        "senior_points: expected more than intermediate_points (24), got '24'"
    )


def test_performance_policy_prices_each_band_once() -> None:
    """Band points are unique per band."""
    twice = (BandPoints(band="good", points=2), BandPoints(band="good", points=3))
    with pytest.raises(PolicyError, match=r"^band_points\[1\]\.band: expected each band once"):
        PerformancePolicy(
            name="p",
            version="1",
            band_points=twice,
            star_points=1,
            intermediate_points=1,
            senior_points=2,
        )


# ------------------------------------------------------------------------------ key accounts


def _manager(level: Qualification) -> AccountManager:
    return AccountManager(id="M-1", name="Li", qualification=level)


def _customer(grade: Grade | None) -> Customer:
    return Customer(id="C-1", name="Acme", manager_id="M-1", grade=grade)


def test_junior_manager_may_not_manage_a_key_account() -> None:
    """A grade-A customer needs an intermediate or senior manager [seed 004 篇6 4.2]."""
    check = may_manage(_manager(Qualification.JUNIOR), _customer(Grade.A))
    assert not check.allowed
    assert check.key_account
    assert check.explain() == (
        "customer C-1 (grade A) is a key account: only intermediate or senior account managers "
        "may manage key accounts; manager M-1 (junior 初级) may not manage it"
    )


@pytest.mark.parametrize("level", [Qualification.INTERMEDIATE, Qualification.SENIOR])
def test_qualified_manager_may_manage_a_key_account(level: Qualification) -> None:
    """Intermediate and senior managers may manage grade-B customers."""
    check = may_manage(_manager(level), _customer(Grade.B))
    assert check.allowed
    assert check.rule == "key-account-qualification 1"


@pytest.mark.parametrize("grade", [Grade.C, Grade.D, None])
def test_anyone_may_manage_other_customers(grade: Grade | None) -> None:
    """Grades C and D and ungraded customers are not key accounts."""
    check = may_manage(_manager(Qualification.JUNIOR), _customer(grade))
    assert check.allowed
    assert not check.key_account
    assert "is not a key account (key grades: A, B)" in check.reason


def test_key_grades_are_configurable() -> None:
    """With key accounts = grade A only, a junior may manage grade B."""
    rule = attrs.evolve(KEY_ACCOUNT_RULE, key_grades=(Grade.A,))
    assert may_manage(_manager(Qualification.JUNIOR), _customer(Grade.B), rule).allowed


def test_key_account_rule_needs_grades() -> None:
    """An empty list of key grades is a configuration mistake."""
    with pytest.raises(PolicyError) as error:
        KeyAccountRule(name="r", version="1", key_grades=(), qualifications=(Qualification.SENIOR,))
    assert str(error.value) == "key_grades: expected at least one grade, got ()"


def test_may_manage_checks_its_inputs() -> None:
    """A wrong argument type is a ValidationError, not an AttributeError."""
    with pytest.raises(ValidationError, match=r"^manager: expected an AccountManager"):
        may_manage("M-1", _customer(Grade.A))  # type: ignore[arg-type]
