"""Worked examples of SPEC §3.3 (KPI weighting 绩效考核), each citing its seed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keyaccount.domain.appraisal import Appraisal, Commendation, CommendationDeed, IndicatorResult
from keyaccount.domain.customer import Customer
from keyaccount.domain.staff import AccountManager, Qualification
from keyaccount.domain.values import Grade, Period, PeriodKind
from keyaccount.errors import PolicyError
from keyaccount.policies.kpi import (
    ANNUAL_EVALUATION,
    QUARTERLY_EVALUATION,
    SPECIALIST_MONTHLY,
    IndicatorKind,
    compare_schemes,
    may_manage,
    performance_records,
    score_appraisal,
    specialist_areas_scheme,
)

MARCH = Period.month(2025, 3)


def _specialist_month(
    staff_id: str, month: int, *, visits: int = 36, daily: int = 90, **changes: object
) -> Appraisal:
    return Appraisal(
        staff_id=staff_id,
        period=Period.month(2025, month),
        results=(
            IndicatorResult.measured("visit", plan=40, actual=visits),
            IndicatorResult.measured("expansion", plan=10, actual=10),
            IndicatorResult.measured("deal", plan=5, actual=4),
            IndicatorResult.rated("daily-work", daily),
        ),
        **changes,  # type: ignore[arg-type]
    )


def test_seed_000_001_specialist_example_scores_90_5_excellent() -> None:
    """客户专员月度考核表 [seed 000/001]: 36 + 25 + 16 + 13.5 = 90.5 → excellent 优秀."""
    score = score_appraisal(SPECIALIST_MONTHLY, _specialist_month("S-1", 3))
    assert [s.points for s in score.indicators] == [36, 25, 16, Decimal("13.5")]
    assert score.total == Decimal("90.5")
    assert (score.band.key, score.band.label_zh) == ("excellent", "优秀")
    assert score.explain() == "\n".join(
        [
            "'specialist-monthly' 1: staff S-1, period 2025-03",
            "- visit target 拜访目标指标: actual 36 ÷ plan 40 = 90 % → 90 % × weight 40 = "
            "36 points",
            "- expansion target 拓展目标指标: actual 10 ÷ plan 10 = 100 % → 100 % × weight 25 = "
            "25 points",
            "- deal target 成交目标指标: actual 4 ÷ plan 5 = 80 % → 80 % × weight 20 = 16 points",
            "- daily work 日常工作指标: rating 90 of 100 = 90 % → 90 % × weight 15 = 13.5 points",
            "total 36 + 25 + 16 + 13.5 = 90.5 → excellent 优秀 (≥ 90)",
        ]
    )


def test_seed_000_001_specialist_table_reads_40_25_20_15() -> None:
    """Visit 40 %, expansion 25 %, deal 20 %, daily work 15 % (the illegible remainder)."""
    weights = {i.key: i.weight for i in SPECIALIST_MONTHLY.indicators}
    assert weights == {"visit": 40, "expansion": 25, "deal": 20, "daily-work": 15}
    assert SPECIALIST_MONTHLY.period_kind is PeriodKind.MONTH
    assert SPECIALIST_MONTHLY.label_zh == "客户专员月度考核表"
    visit = SPECIALIST_MONTHLY.indicator("visit")
    assert visit is not None
    assert visit.standard is not None
    assert "本月最后一个工作日上报" in visit.standard
    daily = SPECIALIST_MONTHLY.indicator("daily-work")
    assert daily is not None
    assert daily.kind is IndicatorKind.QUALITATIVE


def test_seed_001_second_form_takes_the_users_weights() -> None:
    """The second form [seed 001] prints no weights: the user supplies all five."""
    scheme = specialist_areas_scheme(
        business_management=30,
        customer_service=25,
        front_desk_support=15,
        back_office_response=15,
        conduct=15,
    )
    assert [i.label_zh for i in scheme.indicators] == [
        "业务管理",
        "客户服务",
        "前台支持",
        "后台响应",
        "平时表现",
    ]
    appraisal = Appraisal(
        staff_id="S-1",
        period=MARCH,
        results=tuple(IndicatorResult.rated(i.key, 80) for i in scheme.indicators),
    )
    assert score_appraisal(scheme, appraisal).total == 80


def test_seed_001_second_form_weights_must_sum_to_100() -> None:
    """Weights the user supplies are checked like any scheme's."""
    with pytest.raises(PolicyError) as error:
        specialist_areas_scheme(
            business_management=30,
            customer_service=30,
            front_desk_support=15,
            back_office_response=15,
            conduct=15,
        )
    assert str(error.value) == (
        "weights must sum to 100, got 105 (business-management 30 + customer-service 30 + "
        "front-desk-support 15 + back-office-response 15 + conduct 15)"
    )


def test_seed_004_quarterly_and_annual_written_evaluation() -> None:
    """忠诚度、工作态度、工作成绩 each quarter and each year [seed 004 办公室行为规范 九]."""
    assert QUARTERLY_EVALUATION.period_kind is PeriodKind.QUARTER
    assert ANNUAL_EVALUATION.period_kind is PeriodKind.YEAR
    assert [i.label_zh for i in ANNUAL_EVALUATION.indicators] == ["忠诚度", "工作态度", "工作成绩"]
    appraisal = Appraisal(
        staff_id="S-1",
        period=Period.quarter(2025, 1),
        results=(
            IndicatorResult.rated("loyalty", 90),
            IndicatorResult.rated("work-attitude", 80),
            IndicatorResult.rated("work-results", 70),
        ),
    )
    score = score_appraisal(QUARTERLY_EVALUATION, appraisal)
    assert score.total == 79  # 27 + 24 + 28
    assert score.band.key == "qualified"


def test_default_veto_disclosing_customer_data_is_unqualified() -> None:
    """泄露客户资料 → unqualified 不合格, even with an excellent total [default; seed 002]."""
    appraisal = _specialist_month("S-1", 3, vetoes=("customer-data-disclosure",))
    score = score_appraisal(SPECIALIST_MONTHLY, appraisal)
    assert score.total == Decimal("90.5")
    assert (score.band.key, score.band.label_zh) == ("unqualified", "不合格")


def test_seed_004_each_deed_earns_one_star_counted_at_year_end() -> None:
    """嘉奖: one star per deed, counted in the year-end record [seed 004 嘉奖管理规定]."""
    deeds = (
        Commendation(deed=CommendationDeed.FULL_ATTENDANCE),
        Commendation(deed=CommendationDeed.ADOPTED_IMPROVEMENT),
    )
    months = [
        score_appraisal(
            SPECIALIST_MONTHLY,
            _specialist_month("S-1", m, commendations=deeds if m == 6 else ()),
        )
        for m in range(1, 13)
    ]
    annual = score_appraisal(
        ANNUAL_EVALUATION,
        Appraisal(
            staff_id="S-1",
            period=Period.of_year(2025),
            results=(
                IndicatorResult.rated("loyalty", 95),
                IndicatorResult.rated("work-attitude", 90),
                IndicatorResult.rated("work-results", 90),
            ),
            commendations=(Commendation(deed=CommendationDeed.COST_SAVING),),
        ),
    )
    (record,) = performance_records([*months, annual])
    assert record.stars == 3
    assert record.star_points == 3
    assert record.appraisal_points == 39  # 13 excellent appraisals × 3
    assert record.points == 42


def test_seed_004_points_build_the_record_that_qualifies_a_manager() -> None:
    """积分考评 builds the 业绩档案 used for promotion [seed 004 篇6 4.2]."""
    good_year = [
        score_appraisal(SPECIALIST_MONTHLY, _specialist_month("S-1", m, visits=30, daily=80))
        for m in range(1, 13)
    ]
    (record,) = performance_records(good_year)
    assert record.points == 24  # twelve "good" months × 2
    assert record.qualification is Qualification.INTERMEDIATE


def test_seed_004_only_intermediate_or_senior_managers_manage_key_accounts() -> None:
    """惟有具有中、高级资格的客户经理才有权管理大客户 [seed 004 篇6 4.2]."""
    key_account = Customer(id="C-1", name="Acme", manager_id="M-1", grade=Grade.A)
    junior = AccountManager(id="M-1", name="Li", qualification=Qualification.JUNIOR)
    senior = AccountManager(id="M-2", name="Wang", qualification=Qualification.SENIOR)
    assert not may_manage(junior, key_account).allowed
    assert may_manage(senior, key_account).allowed


def test_weight_change_is_shown_before_it_is_applied() -> None:
    """Policy owners see who changes band when visit weight moves to daily work (SPEC §0, §3.3)."""
    new = SPECIALIST_MONTHLY.with_weights({"visit": 30, "daily-work": 25}, version="2")
    team = [
        _specialist_month("S-1", 3, visits=40, daily=60),
        _specialist_month("S-2", 3, visits=36, daily=90),
    ]
    comparison = compare_schemes(SPECIALIST_MONTHLY, new, team)
    assert [(c.staff_id, c.old_band.key, c.new_band.key) for c in comparison.changes] == [
        ("S-1", "excellent", "good"),
        ("S-2", "excellent", "excellent"),
    ]
    assert [c.delta for c in comparison.changes] == [-4, 0]  # 90 → 86; 90.5 → 90.5
    assert comparison.count("excellent", "good") == 1
    assert comparison.count("excellent", "excellent") == 1
