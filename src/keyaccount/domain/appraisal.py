"""Appraisals 考核: what one member of staff achieved in one period, indicator by indicator.

An :class:`Appraisal` holds *results* only — plans, actuals, ratings, veto items triggered and
commendations earned.  How those results are weighted, capped and banded is the business of an
appraisal *scheme* (:class:`keyaccount.policies.kpi.AppraisalScheme`), so one appraisal can be
scored under an old and a new scheme and the two compared.

Numbers are exact ``Decimal`` values (an ``int`` or a numeric ``str`` is converted; a ``float``
is refused).  Plans, actuals and ratings are between 0 and 10¹⁵ with at most 6 decimal places,
which keeps every completion rate exactly computable.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from keyaccount.domain.values import Identifier, LabelledEnum, Period, identifier
from keyaccount.errors import ValidationError
from keyaccount.validation import (
    each,
    fail,
    instance_of,
    optional,
    plain_date,
    text,
    to_optional_decimal,
    to_tuple,
)

__all__ = [
    "MAX_FIGURE",
    "Appraisal",
    "Commendation",
    "CommendationDeed",
    "IndicatorResult",
]

MAX_FIGURE = Decimal(10) ** 15
"""The largest plan, actual or rating accepted (10¹⁵)."""

_MICRO = Decimal("0.000001")


def _figure(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A number from 0 to 10¹⁵ with at most 6 decimal places (keeps rates exactly computable)."""
    if (
        not isinstance(value, Decimal)
        or value < 0
        or value > MAX_FIGURE
        or value != value.quantize(_MICRO)
    ):
        raise fail(
            instance,
            attribute.name,
            value,
            "a number from 0 to 1000000000000000 with at most 6 decimal places",
        )


@frozen(kw_only=True)
class IndicatorResult:
    """The result of one indicator 指标 for one period: a plan and an actual, or a rating.

    A *quantitative* indicator is measured as a plan 计划 and an actual 实际 (visits planned and
    made, complaints allowed and received …); a *qualitative* one is rated 评分 by a superior on
    the scale the scheme states (e.g. 0–100).  Exactly one of the two forms is given.

    Fields:
        key: the indicator's key in the scheme (e.g. ``"visit"``).
        plan: the planned figure, ≥ 0 (``None`` for a rated indicator).  A plan of 0 is
            allowed; the scheme says how it is scored.
        actual: the achieved figure, ≥ 0 (``None`` for a rated indicator).
        rating: the superior's rating, ≥ 0 (``None`` for a measured indicator); the scheme
            checks it against the indicator's scale.
        note: optional free text (why the plan was missed, what the rating rests on).

    Build one with :meth:`measured` or :meth:`rated`.
    """

    key: Identifier = attrs.field(validator=identifier(what="indicator key"))
    plan: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_figure)
    )
    actual: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_figure)
    )
    rating: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(_figure)
    )
    note: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))

    def __attrs_post_init__(self) -> None:
        measured = self.plan is not None or self.actual is not None
        if measured and self.rating is not None:
            raise ValidationError.of(
                "rating", self.rating, "no rating when a plan and an actual are given"
            )
        if self.plan is not None and self.actual is None:
            raise ValidationError.of("actual", None, "an actual to go with the plan")
        if self.actual is not None and self.plan is None:
            raise ValidationError.of("plan", None, "a plan to go with the actual")
        if not measured and self.rating is None:
            raise ValidationError.of("rating", None, "a rating, or a plan and an actual")

    @classmethod
    def measured(
        cls,
        key: str,
        *,
        plan: Decimal | int | str,
        actual: Decimal | int | str,
        note: str | None = None,
    ) -> IndicatorResult:
        """A quantitative result: ``plan`` and ``actual``."""
        return cls(key=key, plan=plan, actual=actual, note=note)

    @classmethod
    def rated(
        cls, key: str, rating: Decimal | int | str, *, note: str | None = None
    ) -> IndicatorResult:
        """A qualitative result: the superior's ``rating``."""
        return cls(key=key, rating=rating, note=note)

    @property
    def is_rated(self) -> bool:
        """True for a qualitative result (a rating), False for a plan and an actual."""
        return self.rating is not None


class CommendationDeed(LabelledEnum):
    """A deed that earns a commendation star 嘉奖 [seed 004 嘉奖管理规定 三、嘉奖标准 1–14].

    "凡符合以下条款者,每次奖励一颗星,并记入年底员工考标准,做为年终奖的发放标准" — each
    qualifying deed earns one star, counted in the year-end appraisal and bonus.
    """

    SERVICE_CONTRIBUTION = "service-contribution", "对经营管理和提高服务质量有贡献"
    OUTSTANDING_RESULTS = "outstanding-results", "工作取得优异成绩,为公司取得良好声誉"
    COST_SAVING = "cost-saving", "爱护公物、节约费用、降低成本有贡献"
    PROTECTING_PEOPLE_OR_PROPERTY = "protecting-people-or-property", "保护公司财产和生命财产安全"
    ACCIDENT_PREVENTED = "accident-prevented", "发现事故苗头,避免重大事故发生"
    ADOPTED_IMPROVEMENT = "adopted-improvement", "技术革新、建议被采纳且效益明显"
    LOSS_PREVENTED = "loss-prevented", "检举或防止他人违规,使公司免遭损失"
    LEARNING_AND_HELPING = "learning-and-helping", "钻研业务知识,成绩优异并帮助同事"
    FULL_ATTENDANCE = "full-attendance", "严格遵守考勤制度、全勤"
    DRESS_CODE_KEPT = "dress-code-kept", "遵守工服、工牌规定,无违反"
    TIDY_WORKPLACE = "tidy-workplace", "注意办公区域卫生"
    FOCUSED_AT_WORK = "focused-at-work", "工作时间不做与工作无关的事"
    ALERT_AT_WORK = "alert-at-work", "工作时间精神饱满,不打瞌睡"
    NO_DISTRACTIONS = "no-distractions", "上班时间不上网聊天、不玩游戏"
    OTHER = "other", "其他"


@frozen(kw_only=True)
class Commendation:
    """One commendation 嘉奖: one qualifying deed earns one star [seed 004 嘉奖管理规定].

    Fields:
        deed: which kind of deed (the seed's list of 14, or ``other``).
        on: the day of the deed or of the award, if known; it must lie in the appraisal's
            period.
        note: optional free text (what was done).
    """

    deed: CommendationDeed = attrs.field(
        validator=instance_of(CommendationDeed, expected=CommendationDeed.expected())
    )
    on: date | None = attrs.field(default=None, validator=optional(plain_date))
    note: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))


def _unique_results(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(IndicatorResult), container="indicator results")(instance, attribute, value)
    seen: set[str] = set()
    for index, result in enumerate(value):
        if result.key in seen:
            raise ValidationError.of(
                f"results[{index}].key", result.key, "one result per indicator key"
            )
        seen.add(result.key)


def _unique_vetoes(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(identifier(), container="veto item keys")(instance, attribute, value)
    if len(set(value)) != len(value):
        raise ValidationError.of("vetoes", value, "each veto item key at most once")


@frozen(kw_only=True)
class Appraisal:
    """The appraisal 考核 of one member of staff for one period: results, vetoes, stars.

    Fields:
        staff_id: whose appraisal this is.
        period: the month, quarter or year appraised; it must be of the kind the scheme
            states (a monthly scheme scores monthly appraisals).
        results: one :class:`IndicatorResult` per indicator of the scheme, in any order;
            each key at most once.
        vetoes: keys of the veto items 一票否决 triggered in the period (e.g.
            ``"customer-data-disclosure"``); any one of them gives the scheme's lowest band.
        commendations: the commendations 嘉奖 earned in the period, one per deed; each is a
            star [seed 004 嘉奖管理规定].
        appraiser_id: the superior who rated the qualitative indicators, if recorded.
        note: optional free text.

    ``stars`` counts the commendations; :meth:`result` finds a result by key.
    """

    staff_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    period: Period = attrs.field(validator=instance_of(Period))
    results: tuple[IndicatorResult, ...] = attrs.field(
        converter=to_tuple, validator=_unique_results
    )
    vetoes: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=_unique_vetoes)
    commendations: tuple[Commendation, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(Commendation), container="commendations"),
    )
    appraiser_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="staff id"))
    )
    note: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))
    # Built once so that scoring 100,000 appraisals looks results up by key, not by scanning.
    _by_key: Mapping[str, IndicatorResult] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        for index, commendation in enumerate(self.commendations):
            if commendation.on is not None and not self.period.contains(commendation.on):
                raise ValidationError.of(
                    f"commendations[{index}].on",
                    commendation.on,
                    f"a day within the period {self.period}",
                )
        object.__setattr__(self, "_by_key", {result.key: result for result in self.results})

    @property
    def stars(self) -> int:
        """Commendation stars earned in the period: one per commendation."""
        return len(self.commendations)

    @property
    def results_by_key(self) -> Mapping[str, IndicatorResult]:
        """The results by indicator key (do not modify)."""
        return self._by_key

    def result(self, key: str) -> IndicatorResult | None:
        """The result for indicator ``key``, or ``None``."""
        return self._by_key.get(key)
