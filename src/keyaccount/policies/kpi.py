"""KPI weighting and appraisal 绩效考核: schemes as data, scoring that explains every number.

An :class:`AppraisalScheme` is the configuration an HR tool loads, shows and evaluates: its
indicators (weight, direction, quantitative or rated, cap, floor), its rating bands and its veto
items.  :func:`score_appraisal` applies it to one :class:`~keyaccount.domain.appraisal.Appraisal`
and returns an :class:`AppraisalScore` carrying every rate, point and threshold it used;
:func:`compare_schemes` shows what a change of scheme does to a set of appraisals before it is
applied.  Team roll-ups, a forced-distribution check, the performance record 业绩档案 and the
key-account qualification rule complete the family.

**Scoring rule.** For each indicator:

* *completion rate* 完成率 — ``actual ÷ plan`` when higher is better; when lower is better,
  ``plan ÷ actual`` (formula ``ratio``) or ``2 − actual ÷ plan`` (formula ``deviation``);
  ``rating ÷ scale maximum`` for a rated indicator;
* a plan of 0 is *counted as met* (100 %) when nothing more was asked — any actual for
  higher-is-better, an actual of 0 for lower-is-better — and scores 0 % when a lower-is-better
  actual exceeds it; with ``zero_plan="reject"`` a plan of 0 is refused instead;
* a lower-is-better actual of 0 against a positive plan (``ratio`` formula) is the best
  possible result and scores the cap;
* the rate is **rounded to 4 decimal places (0.01 %) half up**, then held within
  ``[floor, cap]`` (preset floor 0 %, cap 120 %);
* *points* = rate × weight, exactly (no further rounding); *total* = the exact sum of points.

The rating band is the first band, from the top, whose threshold the total reaches; a veto
item triggered gives the lowest band whatever the total.

All presets (the seeds' tables and our defaults) are at the end of this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any, ClassVar

import attrs
from attrs import frozen

from keyaccount._text import counted
from keyaccount.domain.appraisal import Appraisal, IndicatorResult
from keyaccount.domain.customer import Customer
from keyaccount.domain.staff import AccountManager, Qualification
from keyaccount.domain.values import Grade, LabelledEnum, Period, PeriodKind, identifier
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import (
    between,
    each,
    fail,
    instance_of,
    optional,
    positive,
    require,
    require_items,
    require_number,
    text,
    to_decimal,
    to_tuple,
)

__all__ = [
    "ANNUAL_EVALUATION",
    "AT_MOST_20_PERCENT_EXCELLENT",
    "CUSTOMER_DATA_DISCLOSURE",
    "DEFAULT_CAP",
    "KEY_ACCOUNT_RULE",
    "PERCENT_SCALE",
    "PERFORMANCE_POINTS",
    "QUARTERLY_EVALUATION",
    "RATE_PLACES",
    "SPECIALIST_MONTHLY",
    "STANDARD_BANDS",
    "AppraisalScheme",
    "AppraisalScore",
    "BandCount",
    "BandPoints",
    "BandQuota",
    "BandTally",
    "CompletionFormula",
    "Direction",
    "DistributionCheck",
    "ForcedDistribution",
    "Indicator",
    "IndicatorKind",
    "IndicatorScore",
    "KeyAccountRule",
    "ManagementCheck",
    "MigrationCell",
    "PerformancePolicy",
    "PerformanceRecord",
    "QuotaCheck",
    "RateRule",
    "RatingBand",
    "RatingScale",
    "SchemeComparison",
    "ScoreChange",
    "TeamSummary",
    "VetoItem",
    "ZeroPlanRule",
    "check_forced_distribution",
    "compare_schemes",
    "may_manage",
    "performance_records",
    "score_appraisal",
    "specialist_areas_scheme",
    "summarize_team",
]

RATE_PLACES = 4
"""Completion rates are rounded to this many decimal places (0.0001 = 0.01 %), half up."""

_RATE_QUANTUM = Decimal(1).scaleb(-RATE_PLACES)
_CENT = Decimal("0.01")
_ONE = Decimal(1)
_TWO = Decimal(2)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def _num(value: Decimal) -> str:
    """A number as people write it: no exponent, no trailing zeros (``36.0`` → ``36``)."""
    return format(value.normalize(), "f")


def _trim(value: Decimal) -> Decimal:
    """The same number without trailing fractional zeros: ``36.0000`` → ``36``, ``40.00`` → ``40``.

    Rates are rounded to 4 places, so products would otherwise show ``36.0000``; the value is
    unchanged, only its written form is shortened (never to an exponent such as ``4E+1``).
    """
    if not value:
        return _ZERO  # also turns -0 (from rounding a tiny negative rate) into 0
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()  # a fractional value never normalizes to an exponent


def _pct(rate: Decimal) -> str:
    """A rate as a percentage: ``0.9`` → ``90 %``."""
    return f"{_num(rate * _HUNDRED)} %"


def _rate_places(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, Decimal) and value != value.quantize(_RATE_QUANTUM):
        raise fail(instance, attribute.name, value, f"at most {RATE_PLACES} decimal places")


def _key(what: str) -> Any:
    return identifier(what=what)


def _unique_keys(what: str, items: Iterable[Any], path: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.key in seen:
            raise PolicyError.of(
                f"{path}[{index}].key", item.key, f"a key not used by another {what}"
            )
        seen.add(item.key)


# ------------------------------------------------------------------------------ vocabulary


class Direction(LabelledEnum):
    """Whether more is better 越高越好 (visits, deals) or less 越低越好 (complaints, delays)."""

    HIGHER_IS_BETTER = "higher-is-better", "越高越好"
    LOWER_IS_BETTER = "lower-is-better", "越低越好"


class IndicatorKind(LabelledEnum):
    """Quantitative 定量 (a plan and an actual) or qualitative 定性 (a superior's rating)."""

    QUANTITATIVE = "quantitative", "定量指标"
    QUALITATIVE = "qualitative", "定性指标"


class CompletionFormula(LabelledEnum):
    """How a lower-is-better indicator's completion rate 完成率 is computed.

    Higher-is-better indicators always use ``actual ÷ plan``.  For lower-is-better ones:

    * ``ratio`` 比率法 — ``plan ÷ actual``: half the allowed complaints gives 200 % (before the
      cap), twice the allowed gives 50 %;
    * ``deviation`` 偏差法 — ``2 − actual ÷ plan``: every 1 % over the plan costs 1 % of rate,
      so twice the allowed gives 0 %.
    """

    RATIO = "ratio", "比率法"
    DEVIATION = "deviation", "偏差法"


class ZeroPlanRule(LabelledEnum):
    """What a plan of 0 means for a quantitative indicator.

    * ``met`` 视为完成 — nothing more was asked, so the plan is met: 100 % for any
      higher-is-better actual and for a lower-is-better actual of 0; a lower-is-better actual
      above 0 exceeds the allowance and scores 0 %.
    * ``reject`` 不允许 — a plan of 0 is an input error: :func:`score_appraisal` raises
      :class:`~keyaccount.errors.PolicyError`.
    """

    MET = "met", "视为完成"
    REJECT = "reject", "不允许"


class RateRule(LabelledEnum):
    """Which rule produced a completion rate (part of every :class:`IndicatorScore`)."""

    ACTUAL_OVER_PLAN = "actual-over-plan", "实际÷计划"
    PLAN_OVER_ACTUAL = "plan-over-actual", "计划÷实际"
    DEVIATION = "deviation", "2−实际÷计划"
    RATING = "rating", "评分÷满分"
    ZERO_PLAN_MET = "zero-plan-met", "计划为0,视为完成"
    ZERO_PLAN_EXCEEDED = "zero-plan-exceeded", "计划为0,实际超出"
    ZERO_ACTUAL_BEST = "zero-actual-best", "实际为0,按上限计"


# --------------------------------------------------------------------------- configuration


@frozen(kw_only=True)
class RatingScale:
    """The scale a qualitative indicator is rated on 评分标准, e.g. 0–100 or 1–5.

    Fields:
        minimum: the lowest rating allowed (≥ 0).
        maximum: the highest rating allowed (> minimum); a rating of ``maximum`` is 100 %.

    The completion rate of a rating is ``rating ÷ maximum`` — "90 of 100" is 90 %, "4 of 5"
    is 80 %; ``minimum`` only bounds what may be entered.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    minimum: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=between(0, 1_000_000)
    )
    maximum: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1_000_000))

    def __attrs_post_init__(self) -> None:
        if self.maximum <= self.minimum:
            raise PolicyError.of(
                "maximum", self.maximum, f"a number above the minimum {_num(self.minimum)}"
            )

    def __str__(self) -> str:
        return f"{_num(self.minimum)}–{_num(self.maximum)}"


@frozen(kw_only=True)
class Indicator:
    """One indicator 考核指标 of a scheme: what is measured and how much it weighs.

    Fields:
        key: short identifier used by results (``"visit"``).
        name: English name (``"visit target"``).
        label_zh: Chinese label (``"拜访目标指标"``).
        weight: weight 权重 in percent, > 0; the weights of a scheme sum to exactly 100.
        kind: ``quantitative`` (plan and actual) or ``qualitative`` (rated).
        direction: ``higher-is-better`` or ``lower-is-better``; a rated indicator is always
            higher-is-better.
        scale: the rating scale — required for a qualitative indicator, absent otherwise.
        cap: the highest completion rate that counts, as a fraction (1.2 = 120 %), 1–10.
        floor: the lowest completion rate that counts, as a fraction, 0–1 (preset 0).
        formula: how a lower-is-better rate is computed (``ratio`` or ``deviation``).
        zero_plan: what a plan of 0 means (``met`` or ``reject``).
        standard: the appraisal standard 考核标准 in words (what counts, how it is reported).
        unit: what plan and actual count, e.g. ``"groups 组"``.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    key: str = attrs.field(validator=_key("indicator key"))
    name: str = attrs.field(validator=text(max_length=100))
    label_zh: str = attrs.field(validator=text(max_length=100))
    weight: Decimal = attrs.field(converter=to_decimal, validator=[positive, between(0, 100)])
    kind: IndicatorKind = attrs.field(
        default=IndicatorKind.QUANTITATIVE,
        validator=instance_of(IndicatorKind, expected=IndicatorKind.expected()),
    )
    direction: Direction = attrs.field(
        default=Direction.HIGHER_IS_BETTER,
        validator=instance_of(Direction, expected=Direction.expected()),
    )
    scale: RatingScale | None = attrs.field(
        default=None, validator=optional(instance_of(RatingScale))
    )
    cap: Decimal = attrs.field(
        default=Decimal("1.2"), converter=to_decimal, validator=[between(1, 10), _rate_places]
    )
    floor: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=[between(0, 1), _rate_places]
    )
    formula: CompletionFormula = attrs.field(
        default=CompletionFormula.RATIO,
        validator=instance_of(CompletionFormula, expected=CompletionFormula.expected()),
    )
    zero_plan: ZeroPlanRule = attrs.field(
        default=ZeroPlanRule.MET,
        validator=instance_of(ZeroPlanRule, expected=ZeroPlanRule.expected()),
    )
    standard: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))
    unit: str | None = attrs.field(default=None, validator=optional(text(max_length=40)))

    def __attrs_post_init__(self) -> None:
        if self.kind is IndicatorKind.QUALITATIVE:
            if self.scale is None:
                raise PolicyError.of("scale", None, "a rating scale for a qualitative indicator")
            if self.direction is not Direction.HIGHER_IS_BETTER:
                raise PolicyError.of(
                    "direction", self.direction.value, "'higher-is-better' for a rated indicator"
                )
        elif self.scale is not None:
            raise PolicyError.of(
                "scale", self.scale, "no rating scale for a quantitative indicator"
            )

    @property
    def is_rated(self) -> bool:
        """True for a qualitative indicator (scored from a rating)."""
        return self.kind is IndicatorKind.QUALITATIVE


@frozen(kw_only=True)
class RatingBand:
    """A rating band 考核等级 reached from a threshold of the total, e.g. excellent 优秀 ≥ 90.

    Fields:
        key: short identifier (``"excellent"``).
        name: English name.
        label_zh: Chinese label.
        min_score: the lowest total in the band (inclusive), ≥ 0.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    key: str = attrs.field(validator=_key("identifier"))
    name: str = attrs.field(validator=text(max_length=100))
    label_zh: str = attrs.field(validator=text(max_length=100))
    min_score: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1000))

    def __str__(self) -> str:
        return f"{self.name} {self.label_zh} (≥ {_num(self.min_score)})"


@frozen(kw_only=True)
class VetoItem:
    """A veto item 一票否决项: if triggered in the period, the result is the lowest band.

    Fields:
        key: short identifier used by appraisals (``"customer-data-disclosure"``).
        name: English name.
        label_zh: Chinese label.
        description: optional words on what counts as triggered.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    key: str = attrs.field(validator=_key("identifier"))
    name: str = attrs.field(validator=text(max_length=100))
    label_zh: str = attrs.field(validator=text(max_length=100))
    description: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))


# How an indicator's completion rate is computed, decided once per scheme (see _rate).
_RATED, _HIGHER, _LOWER_RATIO, _LOWER_DEVIATION = range(4)


def _mode(indicator: Indicator) -> int:
    if indicator.kind is IndicatorKind.QUALITATIVE:
        return _RATED
    if indicator.direction is Direction.HIGHER_IS_BETTER:
        return _HIGHER
    if indicator.formula is CompletionFormula.DEVIATION:
        return _LOWER_DEVIATION
    return _LOWER_RATIO


def _check_bands(bands: tuple[RatingBand, ...]) -> None:
    if not bands:
        raise PolicyError.of("bands", bands, "at least one rating band")
    _unique_keys("band", bands, "bands")
    for higher, lower in pairwise(bands):
        if lower.min_score >= higher.min_score:
            raise PolicyError(
                "bands must be listed from the highest threshold down, got "
                f"{lower.key} {_num(lower.min_score)} after {higher.key} {_num(higher.min_score)}"
            )
    last = bands[-1]
    if last.min_score != 0:
        raise PolicyError(
            "the last band must start at 0 so that every total has a band, got "
            f"{last.key} from {_num(last.min_score)}"
        )


@frozen(kw_only=True)
class AppraisalScheme:
    """An appraisal scheme 考核方案: indicators with weights, rating bands and veto items.

    Fields:
        name: the scheme's name (``"specialist-monthly"``).
        version: its version; a changed scheme gets a new version.
        period_kind: the period it appraises: month, quarter or year.
        indicators: the indicators, at least one, unique keys; weights sum to exactly 100.
        bands: rating bands from the highest threshold down; the last starts at 0.
        vetoes: veto items 一票否决; any one triggered gives the last (lowest) band.
        label_zh: the scheme's Chinese title (``"客户专员月度考核表"``), optional.

    A scheme whose weights do not sum to 100 is rejected with a
    :class:`~keyaccount.errors.PolicyError` naming the sum and its terms.  Load one from plain
    data with ``keyaccount.serialization.from_dict(AppraisalScheme, data)``.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    period_kind: PeriodKind = attrs.field(
        validator=instance_of(PeriodKind, expected=PeriodKind.expected())
    )
    indicators: tuple[Indicator, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(Indicator), container="indicators")
    )
    bands: tuple[RatingBand, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(RatingBand), container="rating bands")
    )
    vetoes: tuple[VetoItem, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(VetoItem), container="veto items"),
    )
    label_zh: str | None = attrs.field(default=None, validator=optional(text(max_length=100)))
    # Lookups built once in __attrs_post_init__, so scoring never scans the tuples.
    _indicator_index: Mapping[str, Indicator] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )
    _veto_index: Mapping[str, VetoItem] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _steps: tuple[tuple[str, Indicator, int], ...] = attrs.field(
        init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not self.indicators:
            raise PolicyError.of("indicators", self.indicators, "at least one indicator")
        _unique_keys("indicator", self.indicators, "indicators")
        total = sum((i.weight for i in self.indicators), _ZERO)
        if total != _HUNDRED:
            terms = " + ".join(f"{i.key} {_num(i.weight)}" for i in self.indicators)
            raise PolicyError(f"weights must sum to 100, got {_num(total)} ({terms})")
        _check_bands(self.bands)
        _unique_keys("veto item", self.vetoes, "vetoes")
        object.__setattr__(self, "_indicator_index", {i.key: i for i in self.indicators})
        object.__setattr__(self, "_veto_index", {v.key: v for v in self.vetoes})
        object.__setattr__(self, "_steps", tuple((i.key, i, _mode(i)) for i in self.indicators))

    def __str__(self) -> str:
        return f"{self.name!r} {self.version}"

    @property
    def lowest_band(self) -> RatingBand:
        """The last band (threshold 0): the result of any veto."""
        return self.bands[-1]

    def indicator(self, key: str) -> Indicator | None:
        """The indicator with ``key``, or ``None``."""
        return self._indicator_index.get(key)

    def band(self, key: str) -> RatingBand | None:
        """The band with ``key``, or ``None``."""
        for band in self.bands:
            if band.key == key:
                return band
        return None

    def band_for(self, total: Decimal) -> RatingBand:
        """The first band, from the top, whose threshold ``total`` reaches (the lowest if none)."""
        require_number(total, "total")
        for band in self.bands:
            if total >= band.min_score:
                return band
        return self.bands[-1]

    def with_weights(
        self, weights: Mapping[str, Decimal | int | str], *, version: str | None = None
    ) -> AppraisalScheme:
        """A copy with the weights of the indicators named in ``weights`` changed.

        The new scheme is validated like any other (weights must still sum to 100); ``version``
        names it (default: the same version).  Unknown keys raise PolicyError; a bad weight is
        reported at ``weights['key']``.
        """
        if not isinstance(weights, Mapping):
            raise ValidationError.of("weights", weights, "a mapping of indicator key to weight")
        for key in weights:
            require(key, "weights", str, expected="indicator keys (text)", error=PolicyError)
        unknown = [key for key in weights if key not in self._indicator_index]
        if unknown:
            raise PolicyError(
                f"unknown indicators: {', '.join(unknown)} "
                f"(scheme {self} has {', '.join(self._indicator_index)})"
            )
        indicators = tuple(
            _with_weight(i, weights[i.key], f"weights[{i.key!r}]") if i.key in weights else i
            for i in self.indicators
        )
        return attrs.evolve(self, indicators=indicators, version=version or self.version)


def _with_weight(indicator: Indicator, weight: Any, path: str) -> Indicator:
    """``indicator`` with ``weight``; a bad weight is reported at ``path`` (an argument)."""
    try:
        return attrs.evolve(indicator, weight=weight)
    except PolicyError as error:
        expected = error.problems[0].expected if error.problems else str(error)
        raise PolicyError.of(path, weight, expected) from None


# --------------------------------------------------------------------------------- scores


@frozen(kw_only=True)
class IndicatorScore:
    """The score of one indicator 指标得分, with what it was computed from.

    Fields:
        indicator: the scheme's indicator (weight, direction, cap, floor …).
        result: the result scored (plan and actual, or rating).
        rule: which rule gave the completion rate (:class:`RateRule`).
        completion: the completion rate 完成率 before cap and floor, rounded to 4 places.
        rate: the rate that counts: ``completion`` held within ``[floor, cap]``.
        points: ``rate × weight`` 得分, exact.
    """

    indicator: Indicator
    result: IndicatorResult
    rule: RateRule
    completion: Decimal
    rate: Decimal
    points: Decimal

    @property
    def key(self) -> str:
        """The indicator's key."""
        return self.indicator.key

    def explain(self) -> str:
        """One line: how the rate and the points were obtained."""
        indicator, result = self.indicator, self.result
        plan = _num(result.plan) if result.plan is not None else ""
        actual = _num(result.actual) if result.actual is not None else ""
        rate = _pct(self.completion)
        if self.rule is RateRule.RATING:
            rating = _num(result.rating) if result.rating is not None else ""
            top = _num(indicator.scale.maximum) if indicator.scale is not None else ""
            how = f"rating {rating} of {top} = {rate}"
        elif self.rule is RateRule.ACTUAL_OVER_PLAN:
            how = f"actual {actual} ÷ plan {plan} = {rate}"
        elif self.rule is RateRule.PLAN_OVER_ACTUAL:
            how = f"plan {plan} ÷ actual {actual} = {rate}"
        elif self.rule is RateRule.DEVIATION:
            how = f"2 − actual {actual} ÷ plan {plan} = {rate}"
        elif self.rule is RateRule.ZERO_PLAN_MET:
            how = f"plan 0, actual {actual}: a plan of 0 counts as met = {rate}"
        elif self.rule is RateRule.ZERO_PLAN_EXCEEDED:
            how = f"plan 0, actual {actual}: above a plan of 0 = {rate}"
        else:
            how = f"actual 0 against plan {plan}: the best result, the cap = {rate}"
        if self.completion > indicator.cap:
            how += f", capped at {_pct(indicator.cap)}"
        elif self.completion < indicator.floor:
            how += f", floored at {_pct(indicator.floor)}"
        return (
            f"{indicator.name} {indicator.label_zh}: {how} → {_pct(self.rate)} × weight "
            f"{_num(indicator.weight)} = {_num(self.points)} points"
        )


@frozen(kw_only=True)
class AppraisalScore:
    """The scored appraisal 考核结果: points per indicator, total, band, vetoes, stars.

    Fields:
        scheme_name, scheme_version: the scheme that scored it.
        staff_id: whose appraisal.
        period: the period appraised.
        indicators: one :class:`IndicatorScore` per indicator, in the scheme's order.
        total: the exact sum of points 总分.
        score_band: the band the total reaches.
        band: the band given — ``score_band``, or the lowest band when a veto was triggered.
        vetoes: the veto items triggered (empty when none).
        stars: commendation stars 嘉奖 earned in the period (counted in the performance
            record, not in the total).
    """

    scheme_name: str
    scheme_version: str
    staff_id: str
    period: Period
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    score_band: RatingBand
    band: RatingBand
    vetoes: tuple[VetoItem, ...] = ()
    stars: int = 0

    @property
    def vetoed(self) -> bool:
        """True when a veto item was triggered."""
        return bool(self.vetoes)

    def indicator(self, key: str) -> IndicatorScore | None:
        """The score of indicator ``key``, or ``None``."""
        for score in self.indicators:
            if score.indicator.key == key:
                return score
        return None

    def explain(self) -> str:
        """Every number, one line each: indicators, total, band, vetoes and stars."""
        lines = [
            f"{self.scheme_name!r} {self.scheme_version}: staff {self.staff_id}, "
            f"period {self.period}"
        ]
        lines += [f"- {score.explain()}" for score in self.indicators]
        terms = " + ".join(_num(score.points) for score in self.indicators)
        lines.append(f"total {terms} = {_num(self.total)} → {self.score_band}")
        for veto in self.vetoes:
            lines.append(
                f"veto {veto.name} {veto.label_zh} → {self.band.name} {self.band.label_zh}, "
                "whatever the total"
            )
        if self.stars:
            lines.append(f"commendation stars 嘉奖: {self.stars}")
        return "\n".join(lines)


_RULE_RATING = RateRule.RATING
_RULE_ACTUAL_OVER_PLAN = RateRule.ACTUAL_OVER_PLAN
_RULE_PLAN_OVER_ACTUAL = RateRule.PLAN_OVER_ACTUAL
_RULE_DEVIATION = RateRule.DEVIATION
_RULE_ZERO_PLAN_MET = RateRule.ZERO_PLAN_MET
_RULE_ZERO_PLAN_EXCEEDED = RateRule.ZERO_PLAN_EXCEEDED
_RULE_ZERO_ACTUAL_BEST = RateRule.ZERO_ACTUAL_BEST


def _rate(indicator: Indicator, mode: int, result: IndicatorResult) -> tuple[RateRule, Decimal]:
    """The completion rate of ``result`` before rounding, cap and floor, and its rule."""
    if mode == _RATED:
        scale = indicator.scale
        assert scale is not None  # guaranteed by Indicator for a rated indicator
        rating = result.rating
        if rating is None:
            raise PolicyError.of(
                f"results.{indicator.key}.rating",
                None,
                f"a rating on the {scale} scale: {indicator.name} is rated",
            )
        if rating < scale.minimum or rating > scale.maximum:
            raise PolicyError.of(
                f"results.{indicator.key}.rating",
                rating,
                f"a rating on the {scale} scale of {indicator.name}",
            )
        return _RULE_RATING, rating / scale.maximum
    plan, actual = result.plan, result.actual
    if plan is None or actual is None:
        raise PolicyError.of(
            f"results.{indicator.key}.plan",
            None,
            f"a plan and an actual: {indicator.name} is measured, not rated",
        )
    if not plan:
        if indicator.zero_plan is ZeroPlanRule.REJECT:
            raise PolicyError.of(
                f"results.{indicator.key}.plan",
                plan,
                f"a plan > 0: {indicator.name} does not accept a plan of 0",
            )
        if mode == _HIGHER or not actual:
            return _RULE_ZERO_PLAN_MET, _ONE
        return _RULE_ZERO_PLAN_EXCEEDED, _ZERO
    if mode == _HIGHER:
        return _RULE_ACTUAL_OVER_PLAN, actual / plan
    if mode == _LOWER_DEVIATION:
        return _RULE_DEVIATION, _TWO - actual / plan
    if not actual:
        return _RULE_ZERO_ACTUAL_BEST, indicator.cap
    return _RULE_PLAN_OVER_ACTUAL, plan / actual


def _mismatch(scheme: AppraisalScheme, appraisal: Appraisal) -> PolicyError:
    results = appraisal.results_by_key
    missing = [i.key for i in scheme.indicators if i.key not in results]
    unknown = [key for key in results if scheme.indicator(key) is None]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if unknown:
        parts.append(f"unknown {', '.join(unknown)}")
    keys = ", ".join(i.key for i in scheme.indicators)
    return PolicyError(
        f"results of {appraisal.staff_id} for {appraisal.period} do not match scheme {scheme}: "
        f"{'; '.join(parts)} (the scheme's indicators are {keys})"
    )


def score_appraisal(scheme: AppraisalScheme, appraisal: Appraisal) -> AppraisalScore:
    """Score ``appraisal`` under ``scheme``: rates, points, total, band, vetoes, stars.

    See the module docstring for the rule.  Raises :class:`~keyaccount.errors.PolicyError` when
    the appraisal's period is not of the scheme's kind, when a result is missing or unknown
    (all are named), when a rated indicator has a plan and an actual or the reverse, when a
    rating is off the scale, when a plan of 0 is refused, and when a veto key is unknown.
    """
    require(scheme, "scheme", AppraisalScheme)
    require(appraisal, "appraisal", Appraisal)
    if appraisal.period.kind is not scheme.period_kind:
        raise PolicyError.of(
            "period", str(appraisal.period), f"a {scheme.period_kind.value} period for {scheme}"
        )
    results = appraisal.results_by_key
    if results.keys() != scheme._indicator_index.keys():
        raise _mismatch(scheme, appraisal)
    scores = []
    total = _ZERO
    for key, indicator, mode in scheme._steps:
        result = results[key]
        rule, raw = _rate(indicator, mode, result)
        completion = _trim(raw.quantize(_RATE_QUANTUM, ROUND_HALF_UP))
        if completion > indicator.cap:
            rate = indicator.cap
        elif completion < indicator.floor:
            rate = indicator.floor
        else:
            rate = completion
        points = _trim(rate * indicator.weight)
        total += points
        scores.append(
            IndicatorScore(
                indicator=indicator,
                result=result,
                rule=rule,
                completion=completion,
                rate=rate,
                points=points,
            )
        )
    vetoes: tuple[VetoItem, ...] = ()
    if appraisal.vetoes:
        unknown = [key for key in appraisal.vetoes if key not in scheme._veto_index]
        if unknown:
            known = ", ".join(scheme._veto_index) or "none"
            raise PolicyError(
                f"unknown veto items: {', '.join(unknown)} (scheme {scheme} has {known})"
            )
        vetoes = tuple(scheme._veto_index[key] for key in appraisal.vetoes)
    score_band = scheme.band_for(total)
    return AppraisalScore(
        scheme_name=scheme.name,
        scheme_version=scheme.version,
        staff_id=appraisal.staff_id,
        period=appraisal.period,
        indicators=tuple(scores),
        total=_trim(total),
        score_band=score_band,
        band=scheme.bands[-1] if vetoes else score_band,
        vetoes=vetoes,
        stars=appraisal.stars,
    )


# ------------------------------------------------------------------ impact of a scheme change


@frozen(kw_only=True)
class ScoreChange:
    """One appraisal under the old and the new scheme.

    Fields:
        staff_id, period: whose appraisal, for which period.
        old_total, new_total: the totals; ``delta`` = new − old.
        old_band, new_band: the bands given (after vetoes).
    """

    staff_id: str
    period: Period
    old_total: Decimal
    new_total: Decimal
    old_band: RatingBand
    new_band: RatingBand

    @property
    def delta(self) -> Decimal:
        """``new_total − old_total``."""
        return self.new_total - self.old_total

    @property
    def band_changed(self) -> bool:
        """True when the band key differs."""
        return self.old_band.key != self.new_band.key

    @property
    def changed(self) -> bool:
        """True when the total or the band differs."""
        return self.delta != 0 or self.band_changed


@frozen(kw_only=True)
class MigrationCell:
    """How many appraisals moved from band ``from_band`` (old) to ``to_band`` (new)."""

    from_band: str
    to_band: str
    count: int


@frozen(kw_only=True)
class SchemeComparison:
    """What replacing one scheme by another does 方案变更影响, person by person.

    Fields:
        old_scheme, new_scheme: ``"name version"`` of each scheme.
        changes: one :class:`ScoreChange` per appraisal, in input order.
        old_bands, new_bands: the band keys of each scheme, highest first.
        matrix: the band migration matrix — one :class:`MigrationCell` for every
            (old band, new band) pair, rows in ``old_bands`` order, columns in ``new_bands``
            order, zeros included.
    """

    old_scheme: str
    new_scheme: str
    changes: tuple[ScoreChange, ...]
    old_bands: tuple[str, ...]
    new_bands: tuple[str, ...]
    matrix: tuple[MigrationCell, ...]

    @property
    def changed(self) -> tuple[ScoreChange, ...]:
        """The appraisals whose total or band changes."""
        return tuple(c for c in self.changes if c.changed)

    @property
    def has_changes(self) -> bool:
        """True when any total or band changes."""
        return any(c.changed for c in self.changes)

    def count(self, from_band: str, to_band: str) -> int:
        """Appraisals moving from ``from_band`` to ``to_band`` (0 for unknown keys)."""
        for cell in self.matrix:
            if cell.from_band == from_band and cell.to_band == to_band:
                return cell.count
        return 0

    def explain(self) -> str:
        """The changed appraisals, then the migration matrix as a text table."""
        changes = counted(len(self.changes), "appraisal")
        lines = [f"{self.old_scheme} → {self.new_scheme}: {changes}"]
        changed = self.changed
        if not changed:
            lines.append("no total or band changes")
        for c in changed:
            sign = "+" if c.delta >= 0 else "−"
            lines.append(
                f"- {c.staff_id} {c.period}: {_num(c.old_total)} {c.old_band.key} → "
                f"{_num(c.new_total)} {c.new_band.key} ({sign}{_num(abs(c.delta))})"
            )
        width = max(len(k) for k in (*self.old_bands, *self.new_bands, "old \\ new"))
        lines.append(" ".join(k.rjust(width) for k in ("old \\ new", *self.new_bands)))
        for old in self.old_bands:
            counts = [str(self.count(old, new)).rjust(width) for new in self.new_bands]
            lines.append(" ".join([old.rjust(width), *counts]))
        return "\n".join(lines)


def compare_schemes(
    old: AppraisalScheme, new: AppraisalScheme, appraisals: Iterable[Appraisal]
) -> SchemeComparison:
    """Score every appraisal under ``old`` and ``new`` and report the differences.

    Nothing is applied: the result lists each person's old and new totals and bands and the
    band migration matrix.  Every appraisal must be valid under both schemes (otherwise
    :class:`~keyaccount.errors.PolicyError` names what is missing).
    """
    require(old, "old", AppraisalScheme)
    require(new, "new", AppraisalScheme)
    changes: list[ScoreChange] = []
    counts: dict[tuple[str, str], int] = {}
    for appraisal in require_items(appraisals, "appraisals", Appraisal):
        before = score_appraisal(old, appraisal)
        after = score_appraisal(new, appraisal)
        changes.append(
            ScoreChange(
                staff_id=appraisal.staff_id,
                period=appraisal.period,
                old_total=before.total,
                new_total=after.total,
                old_band=before.band,
                new_band=after.band,
            )
        )
        pair = (before.band.key, after.band.key)
        counts[pair] = counts.get(pair, 0) + 1
    old_bands = tuple(b.key for b in old.bands)
    new_bands = tuple(b.key for b in new.bands)
    matrix = tuple(
        MigrationCell(from_band=o, to_band=n, count=counts.get((o, n), 0))
        for o in old_bands
        for n in new_bands
    )
    return SchemeComparison(
        old_scheme=f"{old.name} {old.version}",
        new_scheme=f"{new.name} {new.version}",
        changes=tuple(changes),
        old_bands=old_bands,
        new_bands=new_bands,
        matrix=matrix,
    )


# --------------------------------------------------------------------------- team roll-ups


def _check_scheme(
    scores: Iterable[AppraisalScore], scheme: AppraisalScheme
) -> list[AppraisalScore]:
    require(scheme, "scheme", AppraisalScheme)
    checked = list(require_items(scores, "scores", AppraisalScore, error=PolicyError))
    for index, score in enumerate(checked):
        if (score.scheme_name, score.scheme_version) != (scheme.name, scheme.version):
            raise PolicyError.of(
                f"scores[{index}]",
                f"{score.scheme_name} {score.scheme_version}",
                f"a score made with scheme {scheme}",
            )
    return checked


@frozen(kw_only=True)
class BandCount:
    """How many in a team got ``band``, and their share of the team (0–1, 4 places)."""

    band: RatingBand
    count: int
    share: Decimal


@frozen(kw_only=True)
class TeamSummary:
    """A team roll-up 团队汇总: size, average total and the distribution over bands.

    Fields:
        scheme: ``"name version"`` of the scheme.
        size: number of scores.
        average: mean total rounded to 2 places half up; ``None`` for an empty team.
        bands: one :class:`BandCount` per band of the scheme, highest first, zeros included.
    """

    scheme: str
    size: int
    average: Decimal | None
    bands: tuple[BandCount, ...]

    def explain(self) -> str:
        """Size, average and one line per band."""
        average = "none" if self.average is None else _num(self.average)
        lines = [f"{self.scheme}: {counted(self.size, 'person', 'people')}, average {average}"]
        lines += [
            f"- {b.band.name} {b.band.label_zh}: {b.count} ({_pct(b.share)})" for b in self.bands
        ]
        return "\n".join(lines)


def summarize_team(scores: Iterable[AppraisalScore], scheme: AppraisalScheme) -> TeamSummary:
    """Average total and band distribution of ``scores`` (all made with ``scheme``).

    The average is rounded to 2 places and each share to 4 places, half up; an empty team has
    no average and zero counts.  Bands are those given (after vetoes).
    """
    checked = _check_scheme(scores, scheme)
    size = len(checked)
    counts: dict[str, int] = {}
    for score in checked:
        counts[score.band.key] = counts.get(score.band.key, 0) + 1
    average = None
    if size:
        average = (sum((s.total for s in checked), _ZERO) / size).quantize(_CENT, ROUND_HALF_UP)
    bands = tuple(
        BandCount(
            band=band,
            count=counts.get(band.key, 0),
            share=(Decimal(counts.get(band.key, 0)) / size).quantize(_RATE_QUANTUM, ROUND_HALF_UP)
            if size
            else _ZERO,
        )
        for band in scheme.bands
    )
    return TeamSummary(
        scheme=f"{scheme.name} {scheme.version}", size=size, average=average, bands=bands
    )


@frozen(kw_only=True)
class BandQuota:
    """At most ``max_share`` (0–1) of a team may be in band ``band`` (a band key)."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    band: str = attrs.field(validator=_key("identifier"))
    max_share: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1))


@frozen(kw_only=True)
class ForcedDistribution:
    """A forced-distribution rule 强制分布: quotas on bands, checked and reported, never applied.

    Fields:
        name, version: identify the rule.
        quotas: one :class:`BandQuota` per band limited, each band at most once.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    quotas: tuple[BandQuota, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(BandQuota), container="band quotas")
    )

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for index, quota in enumerate(self.quotas):
            if quota.band in seen:
                raise PolicyError.of(f"quotas[{index}].band", quota.band, "each band at most once")
            seen.add(quota.band)


@frozen(kw_only=True)
class QuotaCheck:
    """One quota checked against a team.

    Fields:
        band: the band limited.
        max_share: the quota as a share of the team.
        allowed: ``floor(max_share × team size)`` people.
        count: people in the band.
        within: staff ids within the quota — the highest totals first (ties by staff id).
        over_quota: staff ids beyond the quota, in the same order; empty when the quota holds.
    """

    band: RatingBand
    max_share: Decimal
    allowed: int
    count: int
    within: tuple[str, ...]
    over_quota: tuple[str, ...]

    @property
    def holds(self) -> bool:
        """True when nobody is over the quota."""
        return not self.over_quota


@frozen(kw_only=True)
class DistributionCheck:
    """A team checked against a forced distribution: what exceeds which quota. Bands unchanged.

    Fields:
        rule: ``"name version"`` of the rule.
        size: team size.
        quotas: one :class:`QuotaCheck` per quota of the rule.
    """

    rule: str
    size: int
    quotas: tuple[QuotaCheck, ...]

    @property
    def holds(self) -> bool:
        """True when every quota holds."""
        return all(q.holds for q in self.quotas)

    @property
    def over_quota(self) -> tuple[str, ...]:
        """Every staff id over some quota."""
        return tuple(staff for q in self.quotas for staff in q.over_quota)

    def explain(self) -> str:
        """One line per quota, naming the people over it."""
        lines = [f"{self.rule}: team of {self.size}"]
        for q in self.quotas:
            line = (
                f"- {q.band.name} {q.band.label_zh}: {q.count} of at most {q.allowed} "
                f"({_pct(q.max_share)} of {self.size})"
            )
            if q.over_quota:
                line += f"; over quota: {', '.join(q.over_quota)}"
            lines.append(line)
        return "\n".join(lines)


def check_forced_distribution(
    scores: Iterable[AppraisalScore],
    scheme: AppraisalScheme,
    rule: ForcedDistribution | None = None,
) -> DistributionCheck:
    """Check a team's bands against ``rule`` (default :data:`AT_MOST_20_PERCENT_EXCELLENT`).

    One score per person (a duplicate staff id raises PolicyError).  A quota of share ``s``
    allows ``floor(s × size)`` people — "at most 20 %" of 4 people is 0.  The people in the
    band are ranked by total, highest first, ties by staff id; those past the allowance are
    reported as over quota.  Nothing is changed: deciding who moves is HR's business.
    """
    rule = AT_MOST_20_PERCENT_EXCELLENT if rule is None else rule
    require(rule, "rule", ForcedDistribution)
    checked = _check_scheme(scores, scheme)
    seen: set[str] = set()
    for index, score in enumerate(checked):
        if score.staff_id in seen:
            raise PolicyError.of(
                f"scores[{index}].staff_id", score.staff_id, "one score per person"
            )
        seen.add(score.staff_id)
    size = len(checked)
    results = []
    for index, quota in enumerate(rule.quotas):
        band = scheme.band(quota.band)
        if band is None:
            raise PolicyError.of(
                f"quotas[{index}].band",
                quota.band,
                f"a band of scheme {scheme}: {', '.join(b.key for b in scheme.bands)}",
            )
        members = sorted(
            (s for s in checked if s.band.key == band.key), key=lambda s: (-s.total, s.staff_id)
        )
        allowed = int((quota.max_share * size).to_integral_value(ROUND_FLOOR))
        ids = tuple(s.staff_id for s in members)
        results.append(
            QuotaCheck(
                band=band,
                max_share=quota.max_share,
                allowed=allowed,
                count=len(members),
                within=ids[:allowed],
                over_quota=ids[allowed:],
            )
        )
    return DistributionCheck(rule=f"{rule.name} {rule.version}", size=size, quotas=tuple(results))


# ------------------------------------------------------------------------ performance record


@frozen(kw_only=True)
class BandPoints:
    """Record points 积分 earned by an appraisal in band ``band`` (a band key)."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    band: str = attrs.field(validator=_key("identifier"))
    points: Decimal = attrs.field(converter=to_decimal, validator=between(-1000, 1000))


@frozen(kw_only=True)
class PerformancePolicy:
    """Appraisal points 积分考评 building the performance record 业绩档案 [seed 004 篇6 4.2].

    "通过积分考评的方法建立业绩档案, 对业绩积分较高的人进行提拔重用、加薪奖励".

    Fields:
        name, version: identify the policy.
        band_points: points per appraisal by band; every band met must be listed.
        star_points: points per commendation star 嘉奖 (stars count into the year-end
            record [seed 004 嘉奖管理规定]).
        intermediate_points: points at which the record supports intermediate 中级.
        senior_points: points at which it supports senior 高级 (> intermediate_points).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    band_points: tuple[BandPoints, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(BandPoints), container="band points")
    )
    star_points: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1000))
    intermediate_points: Decimal = attrs.field(converter=to_decimal, validator=between(0, None))
    senior_points: Decimal = attrs.field(converter=to_decimal, validator=between(0, None))

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for index, item in enumerate(self.band_points):
            if item.band in seen:
                raise PolicyError.of(f"band_points[{index}].band", item.band, "each band once")
            seen.add(item.band)
        if self.senior_points <= self.intermediate_points:
            raise PolicyError.of(
                "senior_points",
                self.senior_points,
                f"more than intermediate_points ({_num(self.intermediate_points)})",
            )

    def points_for(self, band: str) -> Decimal | None:
        """The points of an appraisal in ``band``, or ``None`` if the band is not listed."""
        require(band, "band", str, expected="a band key (text)")
        for item in self.band_points:
            if item.band == band:
                return item.points
        return None

    def qualification_for(self, points: Decimal) -> Qualification:
        """The qualification a record of ``points`` supports."""
        require_number(points, "points")
        if points >= self.senior_points:
            return Qualification.SENIOR
        if points >= self.intermediate_points:
            return Qualification.INTERMEDIATE
        return Qualification.JUNIOR


@frozen(kw_only=True)
class BandTally:
    """Appraisals of one person in ``band``: how many, and the points they earned."""

    band: str
    count: int
    points: Decimal


@frozen(kw_only=True)
class PerformanceRecord:
    """One person's performance record 业绩档案: appraisal points plus commendation stars.

    Fields:
        staff_id: whose record.
        policy: ``"name version"`` of the :class:`PerformancePolicy`.
        periods: the periods counted, in input order.
        bands: appraisals and points per band, in the policy's band order (zeros left out).
        appraisal_points: the sum of band points.
        stars: commendation stars 嘉奖 counted.
        star_points: ``stars × policy.star_points``.
        points: ``appraisal_points + star_points``.
        qualification: the qualification these points support (junior / intermediate /
            senior) — a basis for promotion, not a promotion.
    """

    staff_id: str
    policy: str
    periods: tuple[Period, ...]
    bands: tuple[BandTally, ...]
    appraisal_points: Decimal
    stars: int
    star_points: Decimal
    points: Decimal
    qualification: Qualification

    def explain(self) -> str:
        """The record in one paragraph."""
        tallies = ", ".join(f"{t.band} ×{t.count} = {_num(t.points)}" for t in self.bands)
        count = len(self.periods)
        return (
            f"{self.staff_id} ({self.policy}): {counted(count, 'appraisal')} "
            f"({tallies or 'none'}) + {counted(self.stars, 'star')} = "
            f"{_num(self.star_points)} → {_num(self.points)} points, "
            f"supports {self.qualification.value} {self.qualification.label_zh}"
        )


def performance_records(
    scores: Iterable[AppraisalScore], policy: PerformancePolicy | None = None
) -> tuple[PerformanceRecord, ...]:
    """Accumulate appraisal points and stars into one record per person, by staff id.

    ``policy`` defaults to :data:`PERFORMANCE_POINTS`.  The caller chooses the window (e.g.
    the twelve monthly scores of a year and the annual one).  A person appraised twice for the
    same period under the same scheme, or a band without points in the policy, raises
    :class:`~keyaccount.errors.PolicyError`.
    """
    policy = PERFORMANCE_POINTS if policy is None else policy
    require(policy, "policy", PerformancePolicy)
    grouped: dict[str, list[AppraisalScore]] = {}
    seen: set[tuple[str, str, str]] = set()
    for index, score in enumerate(require_items(scores, "scores", object)):
        if not isinstance(score, AppraisalScore):
            raise PolicyError.of(f"scores[{index}]", score, "an AppraisalScore")
        once = (score.staff_id, str(score.period), score.scheme_name)
        if once in seen:
            raise PolicyError.of(
                f"scores[{index}]",
                f"{score.staff_id} {score.period}",
                f"one score per person and period under scheme {score.scheme_name!r}",
            )
        seen.add(once)
        if policy.points_for(score.band.key) is None:
            known = ", ".join(b.band for b in policy.band_points)
            raise PolicyError.of(
                f"scores[{index}].band", score.band.key, f"a band with points: {known}"
            )
        grouped.setdefault(score.staff_id, []).append(score)
    records = []
    for staff_id in sorted(grouped):
        own = grouped[staff_id]
        tallies = []
        for item in policy.band_points:
            count = sum(1 for s in own if s.band.key == item.band)
            if count:
                tallies.append(BandTally(band=item.band, count=count, points=item.points * count))
        appraisal_points = sum((t.points for t in tallies), _ZERO)
        stars = sum(s.stars for s in own)
        star_points = policy.star_points * stars
        points = appraisal_points + star_points
        records.append(
            PerformanceRecord(
                staff_id=staff_id,
                policy=f"{policy.name} {policy.version}",
                periods=tuple(s.period for s in own),
                bands=tuple(tallies),
                appraisal_points=appraisal_points,
                stars=stars,
                star_points=star_points,
                points=points,
                qualification=policy.qualification_for(points),
            )
        )
    return tuple(records)


# ----------------------------------------------------------------- key-account qualification


def _unique_enum(cls: type[LabelledEnum], what: str) -> Any:
    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        each(instance_of(cls, expected=cls.expected()), container=what)(instance, attribute, value)
        if not value:
            raise fail(instance, attribute.name, value, f"at least one {what[:-1]}")
        if len(set(value)) != len(value):
            raise fail(instance, attribute.name, value, f"{what} without repeats")

    return check


@frozen(kw_only=True)
class KeyAccountRule:
    """Who may manage a key account 大客户管理资格 [seed 004 篇6 4.2].

    "惟有具有中、高级资格的客户经理才有权管理大客户" — only intermediate or senior account
    managers may manage key accounts.

    Fields:
        name, version: identify the rule.
        key_grades: customer grades that make a key account (preset A and B [default]);
            an ungraded customer is not a key account.
        qualifications: qualifications allowed to manage key accounts.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    key_grades: tuple[Grade, ...] = attrs.field(
        converter=to_tuple, validator=_unique_enum(Grade, "grades")
    )
    qualifications: tuple[Qualification, ...] = attrs.field(
        converter=to_tuple, validator=_unique_enum(Qualification, "qualifications")
    )

    def is_key_account(self, customer: Customer) -> bool:
        """True when the customer's grade is one of ``key_grades``."""
        require(customer, "customer", Customer)
        return customer.grade is not None and customer.grade in self.key_grades


@frozen(kw_only=True)
class ManagementCheck:
    """Whether a manager may manage a customer, and why.

    Fields:
        manager_id, customer_id: who and whom.
        allowed: the answer.
        key_account: whether the customer is a key account under the rule.
        grade: the customer's grade (``None`` if ungraded).
        qualification: the manager's qualification.
        rule: ``"name version"`` of the rule.
        reason: the answer in words.
    """

    manager_id: str
    customer_id: str
    allowed: bool
    key_account: bool
    grade: Grade | None
    qualification: Qualification
    rule: str
    reason: str

    def explain(self) -> str:
        """The reason."""
        return self.reason


def may_manage(
    manager: AccountManager, customer: Customer, rule: KeyAccountRule | None = None
) -> ManagementCheck:
    """May ``manager`` manage ``customer``?  Key accounts need a qualified manager.

    ``rule`` defaults to :data:`KEY_ACCOUNT_RULE` (key accounts: grades A and B; qualified:
    intermediate and senior [seed 004 篇6 4.2]).  A "no" is a result with its reason, not an
    exception.
    """
    rule = KEY_ACCOUNT_RULE if rule is None else rule
    require(rule, "rule", KeyAccountRule)
    if not isinstance(manager, AccountManager):
        raise ValidationError.of("manager", manager, "an AccountManager")
    if not isinstance(customer, Customer):
        raise ValidationError.of("customer", customer, "a Customer")
    grade = customer.grade
    grades = ", ".join(g.value for g in rule.key_grades)
    level = f"{manager.qualification.value} {manager.qualification.label_zh}"
    who = f"manager {manager.id} ({level})"
    if grade is None or grade not in rule.key_grades:
        graded = "ungraded" if grade is None else f"grade {grade.value}"
        key_account, allowed = False, True
        reason = (
            f"customer {customer.id} ({graded}) is not a key account (key grades: {grades}): "
            f"{who} may manage it"
        )
    else:
        key_account = True
        allowed = manager.qualification in rule.qualifications
        needed = " or ".join(q.value for q in rule.qualifications)
        verdict = "may manage it" if allowed else "may not manage it"
        reason = (
            f"customer {customer.id} (grade {grade.value}) is a key account: only {needed} "
            f"account managers may manage key accounts; {who} {verdict}"
        )
    return ManagementCheck(
        manager_id=manager.id,
        customer_id=customer.id,
        allowed=allowed,
        key_account=key_account,
        grade=grade,
        qualification=manager.qualification,
        rule=f"{rule.name} {rule.version}",
        reason=reason,
    )


# ================================================================================== presets
#
# Every seed-derived or default value of the KPI family, in one place.  [seed NNN] cites the
# source document; [default] marks a number that is ours (the seeds name the practice only).

DEFAULT_CAP = Decimal("1.2")
"""Completion rates count up to 120 % [default; SPEC §3.3 "capped (preset 120 %)"]."""

PERCENT_SCALE = RatingScale(minimum=0, maximum=100)
"""Ratings from 0 to 100 ("rated 90 of 100") [default]."""

STANDARD_BANDS: tuple[RatingBand, ...] = (
    RatingBand(key="excellent", name="excellent", label_zh="优秀", min_score=90),
    RatingBand(key="good", name="good", label_zh="良好", min_score=80),
    RatingBand(key="qualified", name="qualified", label_zh="合格", min_score=60),
    RatingBand(key="needs-improvement", name="needs improvement", label_zh="待改进", min_score=50),
    RatingBand(key="unqualified", name="unqualified", label_zh="不合格", min_score=0),
)
"""≥ 90 excellent 优秀, ≥ 80 good 良好, ≥ 60 qualified 合格, ≥ 50 needs improvement 待改进,
else unqualified 不合格 [default; SPEC §2.5 names the bands, the seeds give no thresholds]."""

CUSTOMER_DATA_DISCLOSURE = VetoItem(
    key="customer-data-disclosure",
    name="disclosure of customer data",
    label_zh="泄露客户资料",
    description=(
        "customer data or records shown to anyone but the customer's own manager and their "
        "superiors (不得向其他任何人透露所辖客户的一切信息和通信记录)"
    ),
)
"""Veto: disclosing customer data makes the result unqualified [default veto; the duty of
confidentiality is [seed 002 "集团客户所有的资料和相关信息只能由客户经理本人进行管理和维护"]]."""

SPECIALIST_MONTHLY = AppraisalScheme(
    name="specialist-monthly",
    version="1",
    label_zh="客户专员月度考核表",
    period_kind=PeriodKind.MONTH,
    indicators=(
        Indicator(
            key="visit",
            name="visit target",
            label_zh="拜访目标指标",
            weight=40,
            unit="groups 组",
            cap=DEFAULT_CAP,
            standard=(
                "next month's visit plan reported on the last working day of the month "
                "(本月最后一个工作日上报次月拜访工作计划); planned vs actual visits"
            ),
        ),
        Indicator(
            key="expansion",
            name="expansion target",
            label_zh="拓展目标指标",
            weight=25,
            unit="groups 组",
            cap=DEFAULT_CAP,
            standard=(
                "next month's expansion plan reported on the last working day of the month "
                "(次月拓展工作计划); planned vs actual"
            ),
        ),
        Indicator(
            key="deal",
            name="deal target",
            label_zh="成交目标指标",
            weight=20,
            unit="customers 组",
            cap=DEFAULT_CAP,
            standard=(
                "customers delivered to the sales site (次月输送客户到案场工作计划); "
                "planned vs actual"
            ),
        ),
        Indicator(
            key="daily-work",
            name="daily work",
            label_zh="日常工作指标",
            weight=15,
            kind=IndicatorKind.QUALITATIVE,
            scale=PERCENT_SCALE,
            cap=DEFAULT_CAP,
            standard="teamwork, customer maintenance, everyday conduct, attendance "
            "(团队合作、客户维护、平时表现、出勤), rated by the superior",
        ),
    ),
    bands=STANDARD_BANDS,
    vetoes=(CUSTOMER_DATA_DISCLOSURE,),
)
"""The account specialist's monthly appraisal 客户专员月度考核表 [seed 000/001].

Visit 40 %, expansion 25 %, deal 20 % (plan vs actual, in groups 组) and daily work 15 %
rated 0–100.  The seeds' table is OCR-garbled: 40 %, 25 % and 20 % are legible; the daily-work
weight is illegible and 15 % is the remainder to 100 (our reading, SPEC §3.3).  Bands, cap and
veto are our defaults.
"""


def specialist_areas_scheme(
    *,
    business_management: Decimal | int | str,
    customer_service: Decimal | int | str,
    front_desk_support: Decimal | int | str,
    back_office_response: Decimal | int | str,
    conduct: Decimal | int | str,
    name: str = "specialist-monthly-areas",
    version: str = "1",
) -> AppraisalScheme:
    """The second specialist form: five rated areas whose weights the user supplies [seed 001].

    Business management 业务管理, customer service 客户服务, front-desk support 前台支持,
    back-office response 后台响应 and everyday conduct 平时表现, each rated 0–100 by the
    superior.  The seed prints "()" where the weights belong, so every weight is required and
    they must sum to 100.  Bands and veto as in :data:`SPECIALIST_MONTHLY` [default].
    """
    areas = (
        ("business-management", "business management", "业务管理", business_management),
        ("customer-service", "customer service", "客户服务", customer_service),
        ("front-desk-support", "front-desk support", "前台支持", front_desk_support),
        ("back-office-response", "back-office response", "后台响应", back_office_response),
        ("conduct", "everyday conduct", "平时表现", conduct),
    )
    indicators = tuple(
        _with_weight(
            Indicator(
                key=key,
                name=english,
                label_zh=chinese,
                weight=1,
                kind=IndicatorKind.QUALITATIVE,
                scale=PERCENT_SCALE,
                cap=DEFAULT_CAP,
            ),
            weight,
            key.replace("-", "_"),  # the argument's name
        )
        for key, english, chinese, weight in areas
    )
    return AppraisalScheme(
        name=name,
        version=version,
        label_zh="客户专员月度考核表(分项)",
        period_kind=PeriodKind.MONTH,
        indicators=indicators,
        bands=STANDARD_BANDS,
        vetoes=(CUSTOMER_DATA_DISCLOSURE,),
    )


def _written_evaluation(kind: PeriodKind, name: str, label_zh: str) -> AppraisalScheme:
    aspects = (
        ("loyalty", "loyalty", "忠诚度", 30),
        ("work-attitude", "work attitude", "工作态度", 30),
        ("work-results", "work results", "工作成绩", 40),
    )
    return AppraisalScheme(
        name=name,
        version="1",
        label_zh=label_zh,
        period_kind=kind,
        indicators=tuple(
            Indicator(
                key=key,
                name=english,
                label_zh=chinese,
                weight=weight,
                kind=IndicatorKind.QUALITATIVE,
                scale=PERCENT_SCALE,
                cap=DEFAULT_CAP,
            )
            for key, english, chinese, weight in aspects
        ),
        bands=STANDARD_BANDS,
        vetoes=(CUSTOMER_DATA_DISCLOSURE,),
    )


QUARTERLY_EVALUATION = _written_evaluation(
    PeriodKind.QUARTER, "quarterly-evaluation", "季度书面考评"
)
"""The quarterly written evaluation 季度书面考评 on loyalty 忠诚度, work attitude 工作态度 and
work results 工作成绩 — the basis of promotion and raises [seed 004 办公室行为规范 九
"每季度、每年度进行一次以'忠诚度、工作态度、工作成绩'为内容的书面考评"].  Weights 30/30/40 and
the 0–100 rating are our defaults [default]."""

ANNUAL_EVALUATION = _written_evaluation(PeriodKind.YEAR, "annual-evaluation", "年度书面考评")
"""The annual written evaluation 年度书面考评, same content as :data:`QUARTERLY_EVALUATION`
[seed 004 办公室行为规范 九]; weights 30/30/40 [default]."""

KEY_ACCOUNT_RULE = KeyAccountRule(
    name="key-account-qualification",
    version="1",
    key_grades=(Grade.A, Grade.B),
    qualifications=(Qualification.INTERMEDIATE, Qualification.SENIOR),
)
"""Only intermediate or senior managers may manage key accounts [seed 004 篇6 4.2
"惟有具有中、高级资格的客户经理才有权管理大客户"]; key accounts are grades A and B [default]."""

AT_MOST_20_PERCENT_EXCELLENT = ForcedDistribution(
    name="at-most-20-percent-excellent",
    version="1",
    quotas=(BandQuota(band="excellent", max_share=Decimal("0.2")),),
)
"""At most 20 % of a team excellent 优秀 [default; an optional check, reported only]."""

PERFORMANCE_POINTS = PerformancePolicy(
    name="performance-points",
    version="1",
    band_points=(
        BandPoints(band="excellent", points=3),
        BandPoints(band="good", points=2),
        BandPoints(band="qualified", points=1),
        BandPoints(band="needs-improvement", points=0),
        BandPoints(band="unqualified", points=0),
    ),
    star_points=1,
    intermediate_points=24,
    senior_points=60,
)
"""Record points 积分考评 [seed 004 篇6 4.2 names the method, not the numbers]: excellent 3,
good 2, qualified 1, otherwise 0 per appraisal; 1 per commendation star [seed 004 嘉奖管理规定
counts stars into the year-end appraisal]; intermediate from 24 points (a year of good monthly
appraisals), senior from 60 [default]."""
