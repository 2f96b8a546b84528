"""Tests that kill surviving mutants of ``keyaccount.policies.kpi``.

Each test pins a detail the example tests left open: the exact explanation of a scheme
comparison, a team summary or a management check, an error message, the areas scheme's names.
"""

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
    CUSTOMER_DATA_DISCLOSURE,
    DEFAULT_CAP,
    KEY_ACCOUNT_RULE,
    PERCENT_SCALE,
    PERFORMANCE_POINTS,
    SPECIALIST_MONTHLY,
    STANDARD_BANDS,
    AppraisalScheme,
    AppraisalScore,
    BandPoints,
    BandQuota,
    Direction,
    ForcedDistribution,
    Indicator,
    IndicatorKind,
    IndicatorScore,
    KeyAccountRule,
    PerformancePolicy,
    PerformanceRecord,
    RateRule,
    RatingBand,
    RatingScale,
    VetoItem,
    check_forced_distribution,
    compare_schemes,
    may_manage,
    performance_records,
    score_appraisal,
    specialist_areas_scheme,
    summarize_team,
)

MARCH = Period.month(2025, 3)


def _two_indicators(weight_a: int, weight_b: int, high_from: int, version: str) -> AppraisalScheme:
    """A scheme of two measured indicators ``a`` and ``b`` and two bands ``hi`` and ``lo``."""
    return AppraisalScheme(
        name="s",
        version=version,
        period_kind=PeriodKind.MONTH,
        indicators=(
            Indicator(key="a", name="a", label_zh="甲", weight=weight_a),
            Indicator(key="b", name="b", label_zh="乙", weight=weight_b),
        ),
        bands=(
            RatingBand(key="hi", name="high", label_zh="高", min_score=high_from),
            RatingBand(key="lo", name="low", label_zh="低", min_score=0),
        ),
    )


def _appraisal(staff_id: str, actual_a: int, actual_b: int) -> Appraisal:
    """Plans of 100, so an actual is the completion rate in percent."""
    return Appraisal(
        staff_id=staff_id,
        period=MARCH,
        results=(
            IndicatorResult.measured("a", plan=100, actual=actual_a),
            IndicatorResult.measured("b", plan=100, actual=actual_b),
        ),
    )


VISITS = Indicator(key="visit", name="visit target", label_zh="拜访", weight=100)


def _scheme(indicator: Indicator = VISITS) -> AppraisalScheme:
    """A monthly scheme ``'t' 1`` of one indicator (weight 100) and the standard bands."""
    return AppraisalScheme(
        name="t",
        version="1",
        period_kind=PeriodKind.MONTH,
        indicators=(indicator,),
        bands=STANDARD_BANDS,
    )


def _one(indicator: Indicator, result: IndicatorResult) -> IndicatorScore:
    """The score of one result under a scheme of that one indicator."""
    appraisal = Appraisal(staff_id="S-1", period=MARCH, results=(result,))
    (score,) = score_appraisal(_scheme(indicator), appraisal).indicators
    return score


COMPLAINTS = Indicator(
    key="complaints",
    name="complaints",
    label_zh="投诉",
    weight=100,
    direction=Direction.LOWER_IS_BETTER,
)


# ----------------------------------------------------------------------- scoring explained


@pytest.mark.parametrize(
    ("indicator", "result", "line"),
    [
        (
            COMPLAINTS,
            IndicatorResult.measured("complaints", plan=4, actual=5),
            "complaints 投诉: plan 4 ÷ actual 5 = 80 % → 80 % × weight 100 = 80 points",
        ),
        (
            COMPLAINTS,
            IndicatorResult.measured("complaints", plan=0, actual=2),
            "complaints 投诉: plan 0, actual 2: above a plan of 0 = 0 % → 0 % × weight 100 "
            "= 0 points",
        ),
        (
            VISITS,
            IndicatorResult.measured("visit", plan=10, actual=12),
            "visit target 拜访: actual 12 ÷ plan 10 = 120 % → 120 % × weight 100 = 120 points",
        ),
        (
            Indicator(key="visit", name="visit target", label_zh="拜访", weight=100, floor="0.5"),
            IndicatorResult.measured("visit", plan=10, actual=5),
            "visit target 拜访: actual 5 ÷ plan 10 = 50 % → 50 % × weight 100 = 50 points",
        ),
    ],
)
def test_indicator_explanations_name_the_rule_and_the_limits_only_when_passed(
    indicator: Indicator, result: IndicatorResult, line: str
) -> None:
    """Plan ÷ actual and "above a plan of 0" are spelled out; a rate exactly at the cap (120 %)
    or at the floor (50 %) is neither "capped" nor "floored"."""
    assert _one(indicator, result).explain() == line


def test_an_inconsistent_score_still_explains_itself_with_blanks() -> None:
    """A score loaded with a result lacking the numbers its rule needs shows them blank."""
    rated = IndicatorResult.rated("visit", 90)
    measured = IndicatorResult.measured("visit", plan=10, actual=9)
    rate = Decimal("0.9")
    by_plan = IndicatorScore(
        indicator=VISITS,
        result=rated,
        rule=RateRule.ACTUAL_OVER_PLAN,
        completion=rate,
        rate=rate,
        points=Decimal(90),
    )
    by_rating = IndicatorScore(
        indicator=VISITS,
        result=measured,
        rule=RateRule.RATING,
        completion=rate,
        rate=rate,
        points=Decimal(90),
    )
    assert by_plan.explain() == (
        "visit target 拜访: actual  ÷ plan  = 90 % → 90 % × weight 100 = 90 points"
    )
    assert by_rating.explain() == (
        "visit target 拜访: rating  of  = 90 % → 90 % × weight 100 = 90 points"
    )


def test_results_that_do_not_match_the_scheme_list_every_unknown_key() -> None:
    """Several unknown results are listed, separated by commas."""
    appraisal = Appraisal(
        staff_id="S-1",
        period=MARCH,
        results=(
            IndicatorResult.measured("visit", plan=10, actual=9),
            IndicatorResult.measured("calls", plan=10, actual=9),
            IndicatorResult.measured("mails", plan=10, actual=9),
        ),
    )
    with pytest.raises(PolicyError) as caught:
        score_appraisal(_scheme(), appraisal)
    assert str(caught.value) == (
        "results of S-1 for 2025-03 do not match scheme 't' 1: unknown calls, mails "
        "(the scheme's indicators are visit)"
    )


# ------------------------------------------------------------------------- compare schemes


def test_comparison_explains_signs_and_a_right_aligned_matrix() -> None:
    """A change of 0 is "+0", of 0.1 "+0.1", of −0.1 "−0.1"; the matrix is right-aligned."""
    old = _two_indicators(50, 50, 90, "1")
    new = _two_indicators(40, 60, 95, "2")
    appraisals = [
        _appraisal("S-1", 100, 100),  # 100 hi → 100 hi: unchanged, not listed
        _appraisal("S-2", 92, 92),  # 92 hi → 92 lo: same total, band changes
        _appraisal("S-3", 99, 100),  # 49.5 + 50 = 99.5 → 39.6 + 60 = 99.6
        _appraisal("S-4", 100, 99),  # 50 + 49.5 = 99.5 → 40 + 59.4 = 99.4
    ]
    assert compare_schemes(old, new, appraisals).explain() == (
        "s 1 → s 2: 4 appraisals\n"
        "- S-2 2025-03: 92 hi → 92 lo (+0)\n"
        "- S-3 2025-03: 99.5 hi → 99.6 hi (+0.1)\n"
        "- S-4 2025-03: 99.5 hi → 99.4 hi (−0.1)\n"
        "old \\ new        hi        lo\n"
        "       hi         3         1\n"
        "       lo         0         0"
    )


def test_comparison_without_changes_says_so() -> None:
    """Comparing a scheme with itself reports "no total or band changes" above the matrix."""
    scheme = _two_indicators(50, 50, 90, "1")
    comparison = compare_schemes(
        scheme, scheme, [_appraisal("S-1", 100, 100), _appraisal("S-2", 10, 10)]
    )
    assert comparison.explain() == (
        "s 1 → s 1: 2 appraisals\n"
        "no total or band changes\n"
        "old \\ new        hi        lo\n"
        "       hi         1         0\n"
        "       lo         0         1"
    )


# ---------------------------------------------------------------------------- team roll-ups


def test_an_empty_team_summary_shows_no_average_and_zero_shares() -> None:
    """An empty team is "0 people, average none", every band at 0 (0 %)."""
    assert summarize_team([], SPECIALIST_MONTHLY).explain() == (
        "specialist-monthly 1: 0 people, average none\n"
        "- excellent 优秀: 0 (0 %)\n"
        "- good 良好: 0 (0 %)\n"
        "- qualified 合格: 0 (0 %)\n"
        "- needs improvement 待改进: 0 (0 %)\n"
        "- unqualified 不合格: 0 (0 %)"
    )


def test_a_band_quoted_twice_is_named_with_its_key() -> None:
    """A forced distribution limiting a band twice names the second quota and the band."""
    with pytest.raises(PolicyError) as caught:
        ForcedDistribution(
            name="f",
            version="1",
            quotas=(
                BandQuota(band="excellent", max_share="0.2"),
                BandQuota(band="excellent", max_share="0.3"),
            ),
        )
    assert str(caught.value) == "quotas[1].band: expected each band at most once, got 'excellent'"


def test_a_band_priced_twice_is_named_with_its_key() -> None:
    """A performance policy pricing a band twice names the second entry and the band."""
    with pytest.raises(PolicyError) as caught:
        PerformancePolicy(
            name="p",
            version="1",
            band_points=(BandPoints(band="good", points=2), BandPoints(band="good", points=3)),
            star_points=1,
            intermediate_points=1,
            senior_points=2,
        )
    assert str(caught.value) == "band_points[1].band: expected each band once, got 'good'"


# ------------------------------------------------------------------------------ key accounts


def _manager(level: Qualification) -> AccountManager:
    return AccountManager(id="M-1", name="Li", qualification=level)


def _customer(grade: Grade | None) -> Customer:
    return Customer(id="C-1", name="Acme", manager_id="M-1", grade=grade)


@pytest.mark.parametrize(
    ("grade", "key_account"),
    [(Grade.A, True), (Grade.B, True), (Grade.C, False), (Grade.D, False), (None, False)],
)
def test_key_accounts_are_grades_a_and_b(grade: Grade | None, key_account: bool) -> None:
    """Under the preset rule grades A and B are key accounts; C, D and ungraded are not."""
    assert KEY_ACCOUNT_RULE.is_key_account(_customer(grade)) is key_account


@pytest.mark.parametrize(
    ("level", "grade", "reason"),
    [
        (
            Qualification.JUNIOR,
            None,
            "customer C-1 (ungraded) is not a key account (key grades: A, B): "
            "manager M-1 (junior 初级) may manage it",
        ),
        (
            Qualification.JUNIOR,
            Grade.C,
            "customer C-1 (grade C) is not a key account (key grades: A, B): "
            "manager M-1 (junior 初级) may manage it",
        ),
        (
            Qualification.INTERMEDIATE,
            Grade.A,
            "customer C-1 (grade A) is a key account: only intermediate or senior account "
            "managers may manage key accounts; manager M-1 (intermediate 中级) may manage it",
        ),
    ],
)
def test_management_check_explains_who_may_manage(
    level: Qualification, grade: Grade | None, reason: str
) -> None:
    """The check carries who, whom, grade and qualification, and says why in one sentence."""
    check = may_manage(_manager(level), _customer(grade))
    assert check.allowed
    assert check.explain() == reason
    assert (check.manager_id, check.customer_id, check.grade, check.qualification) == (
        "M-1",
        "C-1",
        grade,
        level,
    )


def test_may_manage_names_a_wrong_argument_and_its_value() -> None:
    """A manager or customer of the wrong type is a ValidationError showing the value."""
    with pytest.raises(ValidationError) as caught:
        may_manage("M-1", _customer(Grade.A))  # type: ignore[arg-type]
    assert str(caught.value) == "manager: expected an AccountManager, got 'M-1'"
    with pytest.raises(ValidationError) as caught:
        may_manage(_manager(Qualification.SENIOR), "C-1")  # type: ignore[arg-type]
    assert str(caught.value) == "customer: expected a Customer, got 'C-1'"


def test_key_account_rule_messages_name_the_list() -> None:
    """Repeated or wrongly typed grades and qualifications are named as such."""
    with pytest.raises(PolicyError) as caught:
        KeyAccountRule(
            name="r",
            version="1",
            key_grades=(Grade.A, Grade.A),
            qualifications=(Qualification.SENIOR,),
        )
    assert str(caught.value) == (
        "key_grades: expected grades without repeats, got (<Grade.A: 'A'>, <Grade.A: 'A'>)"
    )
    with pytest.raises(PolicyError) as caught:
        KeyAccountRule(name="r", version="1", key_grades=(Grade.A,), qualifications=())
    assert str(caught.value) == "qualifications: expected at least one qualification, got ()"


# ------------------------------------------------------------------------------ presets


def test_areas_scheme_names_its_five_rated_areas() -> None:
    """The areas form [seed 001]: five areas rated 0–100 with the supplied weights, preset veto."""
    scheme = specialist_areas_scheme(
        business_management=30,
        customer_service=25,
        front_desk_support=15,
        back_office_response=15,
        conduct=15,
    )
    assert (scheme.name, scheme.version, scheme.label_zh) == (
        "specialist-monthly-areas",
        "1",
        "客户专员月度考核表(分项)",
    )
    assert [(i.key, i.name, i.label_zh, i.weight) for i in scheme.indicators] == [
        ("business-management", "business management", "业务管理", Decimal(30)),
        ("customer-service", "customer service", "客户服务", Decimal(25)),
        ("front-desk-support", "front-desk support", "前台支持", Decimal(15)),
        ("back-office-response", "back-office response", "后台响应", Decimal(15)),
        ("conduct", "everyday conduct", "平时表现", Decimal(15)),
    ]
    assert all(
        i.kind is IndicatorKind.QUALITATIVE and i.scale == PERCENT_SCALE and i.cap == DEFAULT_CAP
        for i in scheme.indicators
    )
    assert scheme.period_kind is PeriodKind.MONTH
    assert scheme.bands == STANDARD_BANDS
    assert scheme.vetoes == (CUSTOMER_DATA_DISCLOSURE,)


# ---------------------------------------------------------------------- performance records


def _visits(staff_id: str, actual: int, month: int = 3, stars: int = 0) -> AppraisalScore:
    """A score under ``'t' 1``: ``actual`` visits of 100 planned is the total."""
    star = Commendation(deed=CommendationDeed.OUTSTANDING_RESULTS)
    appraisal = Appraisal(
        staff_id=staff_id,
        period=Period.month(2025, month),
        results=(IndicatorResult.measured("visit", plan=100, actual=actual),),
        commendations=(star,) * stars,
    )
    return score_appraisal(_scheme(), appraisal)


def test_performance_record_explains_counts_in_singular_and_plural() -> None:
    """One appraisal and one star are singular; several bands are listed with commas."""
    one, several = performance_records(
        [
            _visits("S-1", 95, stars=1),
            _visits("S-2", 95, month=1),
            _visits("S-2", 85, month=2, stars=2),
        ]
    )
    assert one.explain() == (
        "S-1 (performance-points 1): 1 appraisal (excellent ×1 = 3) + 1 star = 1 → 4 points, "
        "supports junior 初级"
    )
    assert several.explain() == (
        "S-2 (performance-points 1): 2 appraisals (excellent ×1 = 3, good ×1 = 2) + 2 stars "
        "= 2 → 7 points, supports junior 初级"
    )


def test_an_empty_performance_record_says_none() -> None:
    """A record without appraisals shows "(none)" and 0 stars."""
    record = PerformanceRecord(
        staff_id="S-9",
        policy="performance-points 1",
        periods=(),
        bands=(),
        appraisal_points=Decimal(0),
        stars=0,
        star_points=Decimal(0),
        points=Decimal(0),
        qualification=Qualification.JUNIOR,
    )
    assert record.explain() == (
        "S-9 (performance-points 1): 0 appraisals (none) + 0 stars = 0 → 0 points, "
        "supports junior 初级"
    )


def test_qualification_thresholds_are_inclusive() -> None:
    """Exactly 60 points supports senior, exactly 24 intermediate, 23.5 junior."""
    assert PERFORMANCE_POINTS.qualification_for(Decimal(60)) is Qualification.SENIOR
    assert PERFORMANCE_POINTS.qualification_for(Decimal(24)) is Qualification.INTERMEDIATE
    assert PERFORMANCE_POINTS.qualification_for(Decimal("23.5")) is Qualification.JUNIOR


def test_performance_records_name_a_wrong_score_and_every_priced_band() -> None:
    """A non-score is named with its value; a band without points lists the priced ones."""
    with pytest.raises(PolicyError) as caught:
        performance_records(["S-1"])  # type: ignore[list-item]
    assert str(caught.value) == "scores[0]: expected an AppraisalScore, got 'S-1'"
    two_bands = PerformancePolicy(
        name="p",
        version="1",
        band_points=(BandPoints(band="excellent", points=3), BandPoints(band="good", points=2)),
        star_points=1,
        intermediate_points=24,
        senior_points=60,
    )
    with pytest.raises(PolicyError) as caught:
        performance_records([_visits("S-1", 70)], two_bands)
    assert str(caught.value) == (
        "scores[0].band: expected a band with points: excellent, good, got 'qualified'"
    )


def test_distribution_check_lists_everyone_over_quota() -> None:
    """Several people over a quota are named, highest total first, separated by commas."""
    scores = [_visits(f"S-{n}", 90 + n) for n in range(1, 4)]
    check = check_forced_distribution(scores, _scheme())
    assert check.explain() == (
        "at-most-20-percent-excellent 1: team of 3\n"
        "- excellent 优秀: 3 of at most 0 (20 % of 3); over quota: S-3, S-2, S-1"
    )


def test_team_shares_are_rounded_to_four_places_half_up() -> None:
    """1 excellent of 32 is a share of 0.03125, kept as 0.0313 (half up, not half even)."""
    scores = [_visits("S-00", 95)] + [_visits(f"S-{n:02d}", 70) for n in range(1, 32)]
    summary = summarize_team(scores, _scheme())
    assert [(b.band.key, b.count, b.share) for b in summary.bands[:3]] == [
        ("excellent", 1, Decimal("0.0313")),
        ("good", 0, Decimal(0)),
        ("qualified", 31, Decimal("0.9688")),
    ]
    assert summary.average == Decimal("70.78")  # (95 + 31 × 70) / 32 = 70.78125


def test_team_average_is_rounded_to_cents_half_up() -> None:
    """(71 + 7 × 70) / 8 = 70.125 is kept as 70.13 (half up, not half even)."""
    scores = [_visits("S-0", 71)] + [_visits(f"S-{n}", 70) for n in range(1, 8)]
    assert summarize_team(scores, _scheme()).average == Decimal("70.13")


def test_band_for_names_the_total_it_refuses() -> None:
    """A total that is not a number is refused with its name, ``total``."""
    with pytest.raises(ValidationError) as caught:
        SPECIALIST_MONTHLY.band_for("x")  # type: ignore[arg-type]
    assert str(caught.value) == "total: expected a number (int or Decimal), got 'x'"


@pytest.mark.parametrize("roll_up", [summarize_team, check_forced_distribution])
def test_team_roll_ups_name_an_item_that_is_not_a_score(roll_up: Any) -> None:
    """A team roll-up given something other than a score names its index and value."""
    with pytest.raises(PolicyError) as caught:
        roll_up([_visits("S-1", 95), "S-2"], _scheme())
    assert str(caught.value) == "scores[1]: expected an AppraisalScore, got 'S-2'"


def test_new_weights_for_unknown_indicators_are_all_named() -> None:
    """Every unknown key given to ``with_weights`` is listed, then the scheme's own keys."""
    with pytest.raises(PolicyError) as caught:
        _scheme().with_weights({"calls": 10, "mails": 20})
    assert str(caught.value) == "unknown indicators: calls, mails (scheme 't' 1 has visit)"


# ------------------------------------------------------------------- scheme configuration

ONE_TO_FIVE = Indicator(
    key="visit",
    name="visit target",
    label_zh="拜访",
    weight=100,
    kind=IndicatorKind.QUALITATIVE,
    scale=RatingScale(minimum=1, maximum=5),
)


@pytest.mark.parametrize(("rating", "percent"), [(1, "20"), (5, "100")])
def test_ratings_at_either_end_of_the_scale_are_accepted(rating: int, percent: str) -> None:
    """On a 1–5 scale, 1 and 5 are valid ratings."""
    score = _one(ONE_TO_FIVE, IndicatorResult.rated("visit", rating))
    assert score.explain() == (
        f"visit target 拜访: rating {rating} of 5 = {percent} % → {percent} % × weight 100 = "
        f"{percent} points"
    )


def test_a_rating_below_the_scale_minimum_is_refused() -> None:
    """On a 1–5 scale, 0 is off the scale."""
    with pytest.raises(PolicyError) as caught:
        _one(ONE_TO_FIVE, IndicatorResult.rated("visit", 0))
    assert str(caught.value) == (
        "results.visit.rating: expected a rating on the 1–5 scale of visit target, got '0'"
    )


def test_unknown_vetoes_are_all_named_and_a_scheme_without_vetoes_has_none() -> None:
    """Two unknown veto keys are listed; the scheme's veto items are "none"."""
    appraisal = Appraisal(
        staff_id="S-1",
        period=MARCH,
        results=(IndicatorResult.measured("visit", plan=1, actual=1),),
        vetoes=("bribery", "theft"),
    )
    with pytest.raises(PolicyError) as caught:
        score_appraisal(_scheme(), appraisal)
    assert str(caught.value) == "unknown veto items: bribery, theft (scheme 't' 1 has none)"


def _bands_scheme(**changes: Any) -> AppraisalScheme:
    fields: dict[str, Any] = {
        "name": "t",
        "version": "1",
        "period_kind": PeriodKind.MONTH,
        "indicators": (VISITS,),
        "bands": STANDARD_BANDS,
    }
    fields.update(changes)
    return AppraisalScheme(**fields)


def test_bands_with_equal_thresholds_are_refused() -> None:
    """Thresholds strictly descend: two bands from 90 are refused."""
    bands = (
        RatingBand(key="a", name="a", label_zh="甲", min_score=90),
        RatingBand(key="b", name="b", label_zh="乙", min_score=90),
        RatingBand(key="c", name="c", label_zh="丙", min_score=0),
    )
    with pytest.raises(PolicyError) as caught:
        _bands_scheme(bands=bands)
    assert str(caught.value) == (
        "bands must be listed from the highest threshold down, got b 90 after a 90"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bands": ()}, "bands: expected at least one rating band, got ()"),
        (
            {"bands": (*STANDARD_BANDS[:-1], attrs.evolve(STANDARD_BANDS[-1], key="excellent"))},
            "bands[4].key: expected a key not used by another band, got 'excellent'",
        ),
        (
            {"vetoes": (CUSTOMER_DATA_DISCLOSURE, CUSTOMER_DATA_DISCLOSURE)},
            "vetoes[1].key: expected a key not used by another veto item, "
            "got 'customer-data-disclosure'",
        ),
    ],
)
def test_scheme_configuration_errors_name_the_field(changes: dict[str, Any], message: str) -> None:
    """No bands, a band key or a veto item listed twice, is refused with the field's path."""
    with pytest.raises(PolicyError) as caught:
        _bands_scheme(**changes)
    assert str(caught.value) == message


def test_indicator_configuration_errors_show_the_value() -> None:
    """A scale on a measured indicator shows the scale; a floor finer than 0.01 % is refused."""
    with pytest.raises(PolicyError) as caught:
        Indicator(key="v", name="v", label_zh="v", weight=100, scale=RatingScale(maximum=5))
    assert str(caught.value) == (
        "scale: expected no rating scale for a quantitative indicator, "
        "got RatingScale(minimum=Decimal('0'), maximum=Decimal('5'))"
    )
    with pytest.raises(PolicyError) as caught:
        Indicator(key="v", name="v", label_zh="v", weight=100, floor="0.12345")
    assert str(caught.value) == "floor: expected at most 4 decimal places, got '0.12345'"


def test_a_total_below_every_threshold_gets_the_lowest_band() -> None:
    """``band_for`` of a negative total falls through to the last band, unqualified."""
    assert SPECIALIST_MONTHLY.band_for(Decimal(-5)).key == "unqualified"


def test_a_completion_rate_is_rounded_half_up_at_the_fifth_place() -> None:
    """1 of 32 is 0.03125, kept as 0.0313 (half up, not half even)."""
    score = _one(VISITS, IndicatorResult.measured("visit", plan=32, actual=1))
    assert (score.completion, score.points) == (Decimal("0.0313"), Decimal("3.13"))


def test_an_unknown_veto_lists_every_veto_item_of_the_scheme() -> None:
    """The scheme's veto items are listed with commas."""
    bribery = VetoItem(key="bribery", name="bribery", label_zh="受贿")
    scheme = _bands_scheme(vetoes=(CUSTOMER_DATA_DISCLOSURE, bribery))
    appraisal = Appraisal(
        staff_id="S-1",
        period=MARCH,
        results=(IndicatorResult.measured("visit", plan=1, actual=1),),
        vetoes=("theft",),
    )
    with pytest.raises(PolicyError) as caught:
        score_appraisal(scheme, appraisal)
    assert str(caught.value) == (
        "unknown veto items: theft (scheme 't' 1 has customer-data-disclosure, bribery)"
    )


# ------------------------------------------------------------------ arguments of the wrong type


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: score_appraisal("t 1", _appraisal("S-1", 100, 100)),  # type: ignore[arg-type]
            "scheme: expected an AppraisalScheme, got 't 1'",
        ),
        (
            lambda: score_appraisal(_scheme(), "S-1 2025-03"),  # type: ignore[arg-type]
            "appraisal: expected an Appraisal, got 'S-1 2025-03'",
        ),
        (
            lambda: compare_schemes("old", _scheme(), []),  # type: ignore[arg-type]
            "old: expected an AppraisalScheme, got 'old'",
        ),
        (
            lambda: compare_schemes(_scheme(), "new", []),  # type: ignore[arg-type]
            "new: expected an AppraisalScheme, got 'new'",
        ),
        (
            lambda: compare_schemes(_scheme(), _scheme(), 5),  # type: ignore[arg-type]
            "appraisals: expected an iterable of Appraisal, got 5",
        ),
        (
            lambda: compare_schemes(_scheme(), _scheme(), ["A-1"]),  # type: ignore[list-item]
            "appraisals[0]: expected an Appraisal, got 'A-1'",
        ),
        (
            lambda: summarize_team([], "t 1"),  # type: ignore[arg-type]
            "scheme: expected an AppraisalScheme, got 't 1'",
        ),
        (
            lambda: check_forced_distribution([], "t 1"),  # type: ignore[arg-type]
            "scheme: expected an AppraisalScheme, got 't 1'",
        ),
        (
            lambda: check_forced_distribution([], _scheme(), "20 %"),  # type: ignore[arg-type]
            "rule: expected a ForcedDistribution, got '20 %'",
        ),
        (
            lambda: PERFORMANCE_POINTS.points_for(5),  # type: ignore[arg-type]
            "band: expected a band key (text), got 5",
        ),
        (
            lambda: PERFORMANCE_POINTS.qualification_for("60"),  # type: ignore[arg-type]
            "points: expected a number (int or Decimal), got '60'",
        ),
        (
            lambda: performance_records([], "points"),  # type: ignore[arg-type]
            "policy: expected a PerformancePolicy, got 'points'",
        ),
        (
            lambda: performance_records(5),  # type: ignore[arg-type]
            "scores: expected an iterable of object, got 5",
        ),
        (
            lambda: KEY_ACCOUNT_RULE.is_key_account("C-1"),  # type: ignore[arg-type]
            "customer: expected a Customer, got 'C-1'",
        ),
        (
            lambda: may_manage(
                _manager(Qualification.SENIOR),
                _customer(Grade.A),
                "A and B",  # type: ignore[arg-type]
            ),
            "rule: expected a KeyAccountRule, got 'A and B'",
        ),
    ],
)
def test_kpi_functions_name_an_argument_of_the_wrong_type(call: Any, message: str) -> None:
    """Each function refuses an argument of the wrong type by its name, value and expectation."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_new_weights_must_be_a_mapping_keyed_by_text() -> None:
    """``with_weights`` takes a mapping (a list of pairs is refused) whose keys are text; a
    key of another type is a PolicyError."""
    with pytest.raises(ValidationError) as caught:
        _scheme().with_weights([("visit", 100)])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "weights: expected a mapping of indicator key to weight, got [('visit', 100)]"
    )
    with pytest.raises(PolicyError) as policy_error:
        _scheme().with_weights({5: 100})  # type: ignore[dict-item]
    assert str(policy_error.value) == "weights: expected indicator keys (text), got 5"


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0, "a number > 0"),
        (101, "a number from 0 to 100"),
        ("x", "a decimal number"),
        (1.5, "a decimal number (Decimal, int or str)"),
    ],
)
def test_a_bad_new_weight_is_reported_at_its_key_with_its_value(weight: Any, expected: str) -> None:
    """A bad weight given to ``with_weights`` is a PolicyError at ``weights['key']`` showing
    the value given and what a weight must be, not the indicator's own field."""
    with pytest.raises(PolicyError) as caught:
        SPECIALIST_MONTHLY.with_weights({"deal": weight})
    assert str(caught.value) == f"weights['deal']: expected {expected}, got {weight!r}"
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == ("weights['deal']", weight, expected)


def test_a_bad_area_weight_is_reported_under_the_argument_name() -> None:
    """A bad weight of the areas form is named by its keyword argument (``_`` for ``-``)."""
    with pytest.raises(PolicyError) as caught:
        specialist_areas_scheme(
            business_management=0,
            customer_service=25,
            front_desk_support=15,
            back_office_response=15,
            conduct=45,
        )
    assert str(caught.value) == "business_management: expected a number > 0, got 0"
    with pytest.raises(PolicyError) as caught:
        specialist_areas_scheme(
            business_management=30,
            customer_service=25,
            front_desk_support=15,
            back_office_response="x",
            conduct=15,
        )
    assert str(caught.value) == "back_office_response: expected a decimal number, got 'x'"


def test_a_team_of_one_is_one_person() -> None:
    """A team summary counts people in good English: "1 person", not "1 people"."""
    summary = summarize_team([_visits("S-1", 95)], _scheme())
    assert summary.explain().split("\n")[0].split(": ", 1)[1] == "1 person, average 95"
