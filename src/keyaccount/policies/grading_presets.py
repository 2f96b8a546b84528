"""Grading presets 客户分级预设: every number of the grading policies, with its source.

``[seed NNN]`` marks a number stated in a source document; ``[default]`` a number the sources
do not give, chosen by us (SPEC §3.1) — override it with your own policy object, e.g.
``attrs.evolve(KEY_ACCOUNT_SCORECARD, bands=ScoreBands(a=85, b=70, c=50))``.
"""

from __future__ import annotations

from decimal import Decimal

from keyaccount.domain.values import CreditLevel, Money, PeriodKind
from keyaccount.policies.grading import (
    AbcMeasure,
    AbcMode,
    AbcPolicy,
    Band,
    Bands,
    CreditLevelRule,
    CreditPolicy,
    Factor,
    FactorRule,
    Ramp,
    ScoreBands,
    ScorecardPolicy,
    StabilityPolicy,
)

__all__ = [
    "CREDIT_LEVELS",
    "GRADE_STABILITY",
    "HEAD_COUNT_ABC",
    "KEY_ACCOUNT_SCORECARD",
    "PARETO_ABC",
]

PARETO_ABC = AbcPolicy(
    name="pareto-abc",
    version="1",
    mode=AbcMode.VALUE_SHARE,
    measure=AbcMeasure.GROSS_PROFIT,
    a_limit=Decimal("0.80"),
    b_limit=Decimal("0.95"),
)
"""ABC by gross-profit share: A until 80 %, B until 95 %, C the rest.

* 80 % — [seed 004 篇6 §3] "往往是企业80%的利润是由20%的大客户贡献, 即80/20原则".
* ranked by gross profit — the seed speaks of profit 利润; the handbook ranks customers by
  gross profit [seed 003 4.66 客户销售毛利排名表].  Rank by revenue with
  ``attrs.evolve(PARETO_ABC, measure=AbcMeasure.REVENUE)``.
* 95 % for B — [default] (SPEC §3.1).
"""

HEAD_COUNT_ABC = AbcPolicy(
    name="head-count-abc",
    version="1",
    mode=AbcMode.HEAD_COUNT,
    measure=AbcMeasure.GROSS_PROFIT,
    a_limit=Decimal("0.20"),
    b_limit=Decimal("0.50"),
)
"""ABC by head count: the top 20 % of customers are A, the next 30 % B, the rest C.

* 20 % — [seed 004 篇6 §4.3] "每个物流网点要按自身客户20%来作为网点的全方位负责管理核心客户".
* 50 % for B — [default].
"""

KEY_ACCOUNT_SCORECARD = ScorecardPolicy(
    name="key-account-scorecard",
    version="1",
    currency="CNY",
    period_kind=PeriodKind.YEAR,
    factors=(
        FactorRule(
            factor=Factor.REVENUE,
            weight=30,
            curve=Ramp(low=500_000, high=10_000_000),
        ),
        FactorRule(
            factor=Factor.GROSS_PROFIT,
            weight=25,
            curve=Ramp(low=100_000, high=2_000_000),
        ),
        FactorRule(
            factor=Factor.GROWTH,
            weight=15,
            curve=Bands(
                steps=(
                    Band(at_least=0, points=40),
                    Band(at_least=Decimal("0.05"), points=60),
                    Band(at_least=Decimal("0.10"), points=80),
                    Band(at_least=Decimal("0.20"), points=100),
                ),
                below=0,
            ),
            when_missing=40,
        ),
        FactorRule(
            factor=Factor.CREDIT,
            weight=15,
            curve=Bands(
                steps=(
                    Band(at_least=1, points=40),
                    Band(at_least=2, points=70),
                    Band(at_least=3, points=100),
                ),
                below=0,
            ),
            when_missing=40,
        ),
        FactorRule(
            factor=Factor.STRATEGIC_VALUE,
            weight=10,
            curve=Bands(steps=(Band(at_least=1, points=60), Band(at_least=2, points=100))),
        ),
        FactorRule(
            factor=Factor.LOYALTY,
            weight=5,
            curve=Ramp(low=0, high=5),
        ),
    ),
    bands=ScoreBands(a=80, b=65, c=50),
)
"""The key-account scorecard 大客户评定表 for yearly figures in CNY.

* The factors — named by the sources: purchase volume and gross profit [seed 003 4.64–4.66],
  growth of the customer's business [seed 000 第五条 "扩大客户的业务规模"], credit
  [seed 000 "客户信用等级监控"], competitive advantage and encouraged industry
  [seed 004 篇6 §4.3], loyalty [seed 000 第五条 "保持客户的忠诚度"].
* The weights 30/25/15/15/10/5 and the bands A >= 80, B >= 65, C >= 50 — [default] (SPEC §3.1).
* The curves — [default]: revenue linear from 500,000 to 10,000,000 CNY a year; gross profit
  linear from 100,000 to 2,000,000 CNY; growth in steps (shrinking 0, flat 40, +5 % 60,
  +10 % 80, +20 % 100; unknown 40 as if flat); credit A 100, B 70, C 40, D 0 (unrated 40 as
  if C); strategic value one mark 60, both 100; loyalty 20 points a year up to 5 years.
"""

_CNY = "CNY"

CREDIT_LEVELS = CreditPolicy(
    name="credit-levels",
    version="1",
    levels=(
        CreditLevelRule(
            level=CreditLevel.A,
            min_on_time_rate=Decimal("0.95"),
            max_days_overdue=15,
            max_overdue_share=Decimal("0.05"),
            min_years=2,
            credit_limit=Money.of(5_000_000, _CNY),
            payment_terms_days=90,
        ),
        CreditLevelRule(
            level=CreditLevel.B,
            min_on_time_rate=Decimal("0.85"),
            max_days_overdue=30,
            max_overdue_share=Decimal("0.15"),
            min_years=1,
            credit_limit=Money.of(2_000_000, _CNY),
            payment_terms_days=60,
        ),
        CreditLevelRule(
            level=CreditLevel.C,
            min_on_time_rate=Decimal("0.70"),
            max_days_overdue=60,
            max_overdue_share=Decimal("0.30"),
            credit_limit=Money.of(500_000, _CNY),
            payment_terms_days=30,
        ),
        CreditLevelRule(
            level=CreditLevel.D,
            credit_limit=Money.of(0, _CNY),
            payment_terms_days=0,
        ),
    ),
    dangerous_days_overdue=90,
    excellent_min_years=3,
    excellent_max_days_overdue=0,
)
"""Credit levels A–D with limits and payment terms 客户信用评估 [seed 003 4.69–4.72].

* The criteria — on-time payment rate, maximum days overdue, overdue share of receivables,
  years of cooperation — from the payment record the sources ask to keep
  [seed 004 "客户货款进度, 客户信用记录"]; the thresholds are [default]:
  A: on time >= 95 %, <= 15 days overdue, overdue share <= 5 %, >= 2 years;
  B: >= 85 %, <= 30 days, <= 15 %, >= 1 year; C: >= 70 %, <= 60 days, <= 30 %; D: the rest.
* Limits and terms — [default]: A 5,000,000 CNY / 90 days, B 2,000,000 / 60, C 500,000 / 30,
  D 0 / 0 (payment before delivery).
* Dangerous customer 危险客户 — level D or anything overdue more than 90 days: the list is
  [seed 003 4.72 危险客户统计表], the 90 days SPEC §3.1 (the last receivables ageing bucket,
  SPEC §3.5) [default].
* Excellent customer 优秀客户 — level A, at least 3 years, nothing overdue: the list is
  [seed 003 4.71 优秀客户统计表], the criteria [default].
"""

GRADE_STABILITY = StabilityPolicy(
    name="grade-stability",
    version="1",
    periods_to_hold=2,
    margin=Decimal(5),
)
"""A grade change applies after 2 consecutive periods, or at once 5 points past the band edge.

Both numbers [default] (SPEC §3.1 "so customers do not flap between grades").
"""
