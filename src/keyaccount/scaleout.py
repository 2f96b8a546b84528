"""Scale-out 分布式汇总: the whole-portfolio policies in mergeable form.

Most rules look at one customer at a time and run anywhere.  A few need the whole portfolio:
the ABC cut-offs (a customer's class depends on everyone's value), team roll-ups (an average
over everyone) and impact matrices (counts over everyone).  For each of them this module gives
a **tally** — a small frozen value summarizing one partition of the portfolio — and the same
three steps:

1. **summarize** each partition where it lives: :func:`abc_tally`, :func:`grading_tally`,
   :func:`team_tally`, :func:`grade_migration_tally`, :func:`band_migration_tally`;
2. **merge** the tallies: ``a.merge(b)`` is associative, does not depend on the order and has
   an empty identity (``AbcTally()``, ``GradingTally.empty(measure)``,
   ``TeamTally.empty(scheme)``, ``MigrationTally.empty_grades()`` …); :func:`merge_all`
   merges any number;
3. **apply** the merged tally: :func:`abc_cutoffs_from` and :func:`abc_ranking` (then
   :func:`grade_partition` per partition and :func:`assemble_grading`), :func:`team_summary`,
   :func:`grade_matrix`, :func:`band_matrix`.

The results are *equal* to the single-process calls (``abc_cutoffs``, ``abc_classify``,
``grade_portfolio``, ``summarize_team``, ``compare_schemes(...).matrix``,
``compare(...).grade_matrix``) however the portfolio is split, as long as every sum fits the
28 significant digits of Python's decimal context — any money total below 10^24 at cent
precision does (beyond that the single-process sums themselves round).

Scheduling needs no tally: each customer is planned alone, and the capacity rule only looks at
one manager's customers.  Plan each partition with ``plan_portfolio`` — keeping every
manager's customers in one partition when a capacity is set (:func:`manager_partition`) — and
join the parts with :func:`merge_plans`.

Nothing here imports an engine; :mod:`keyaccount.on_dask` runs these steps on Dask.  Like the
policies, every function is pure: no clock, no files, no randomness.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from itertools import accumulate, chain, compress, islice, repeat
from operator import eq, gt, itemgetter, mul, ne, neg, sub, truediv
from typing import Any, Protocol, TypeVar

import attrs
from attrs import frozen

from keyaccount._text import counted
from keyaccount.domain.appraisal import Appraisal
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import Grade, Money, Period
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.impact import GradeCell
from keyaccount.policies._collector import collector_paused
from keyaccount.policies._portfolio_inputs import match_portfolio, read_figures

# Package-internal helpers shared with grade_portfolio, so both grade alike.
from keyaccount.policies.grading import (
    AbcClassification,
    AbcCutoffs,
    AbcItem,
    AbcMeasure,
    AbcMode,
    AbcPolicy,
    CreditPolicy,
    CustomerGrading,
    PortfolioGrading,
    ScorecardPolicy,
    StableGrade,
    _grade_each,
    abc_apply,
)
from keyaccount.policies.grading import _read_values as _read_abc_values
from keyaccount.policies.kpi import (
    AppraisalScheme,
    AppraisalScore,
    BandCount,
    MigrationCell,
    TeamSummary,
    score_appraisal,
)
from keyaccount.policies.scheduling import PortfolioPlan, SchedulingPolicy
from keyaccount.validation import instance_of, non_negative, optional, text, to_tuple

__all__ = [
    "AbcRanking",
    "AbcTally",
    "GradingBasis",
    "GradingTally",
    "MigrationTally",
    "TeamTally",
    "abc_cutoffs_from",
    "abc_ranking",
    "abc_tally",
    "assemble_grading",
    "band_matrix",
    "band_migration_tally",
    "grade_matrix",
    "grade_migration_tally",
    "grade_partition",
    "grading_basis",
    "grading_tally",
    "manager_partition",
    "merge_all",
    "merge_plans",
    "team_summary",
    "team_tally",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_CENT = Decimal("0.01")
_RATE_QUANTUM = Decimal("0.0001")  # the share rounding of kpi.summarize_team
_GRADE_KEYS = tuple(grade.value for grade in Grade)
_value_of = itemgetter(0)
_count_of = itemgetter(1)

Value = Money | Decimal | int
"""A value to rank: Money (one currency per portfolio) or a plain exact number."""

_currency_code = text(
    max_length=3,
    pattern=r"[A-Z]{3}",
    what="an ISO 4217 currency code of three capital letters, e.g. 'CNY'",
)


def _check(value: object, cls: type, name: str) -> None:
    if not isinstance(value, cls):
        article = "an" if cls.__name__[0] in "AEIOU" else "a"
        raise ValidationError.of(name, value, f"{article} {cls.__name__}")


def _unit(currency: str | None) -> str:
    return "plain numbers" if currency is None else f"Money in {currency}"


# ====================================================================================== ABC


def _descending_values(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Finite Decimals, each once, highest first (the checks run at C speed on big tallies)."""
    if not isinstance(value, tuple):
        raise ValidationError.of(attribute.name, value, "a tuple of Decimal values")
    if set(map(type, value)) - {Decimal} or not all(map(Decimal.is_finite, value)):
        index, bad = next(
            (i, v) for i, v in enumerate(value) if type(v) is not Decimal or not v.is_finite()
        )
        raise ValidationError.of(f"{attribute.name}[{index}]", bad, "a finite Decimal")
    if not all(map(gt, value, islice(value, 1, None))):
        index = next(i for i in range(1, len(value)) if not value[i - 1] > value[i])
        raise ValidationError.of(
            f"{attribute.name}[{index}]",
            value[index],
            f"less than the value before it ({value[index - 1]}): values are distinct, "
            "highest first",
        )


def _counts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Whole numbers >= 1, one per value."""
    if not isinstance(value, tuple):
        raise ValidationError.of(attribute.name, value, "a tuple of counts")
    if set(map(type, value)) - {int} or (value and min(value) < 1):
        index = next(i for i, c in enumerate(value) if type(c) is not int or c < 1)
        raise ValidationError.of(f"{attribute.name}[{index}]", value[index], "a whole number >= 1")
    if len(value) != len(instance.values):
        raise ValidationError.of(
            attribute.name, f"{len(value)} counts", f"{len(instance.values)}, one per value"
        )


@frozen(kw_only=True)
class AbcTally:
    """A partial ABC summary 分区ABC汇总: every value of a partition, counted, highest first.

    The tally of a whole portfolio is all :func:`abc_cutoffs_from` and :func:`abc_ranking`
    need to reproduce ``abc_cutoffs`` and ``abc_classify`` exactly: equal values share one
    entry (so ties stay ties across partitions), and zero or negative values are counted too
    (they take part in the ranks).  It holds one entry per distinct value — for money amounts
    about one per customer, a hundred-odd bytes each in memory.

    Fields:
        currency: the currency of the values (Money), ``None`` for plain numbers or when the
            tally is empty.
        values: the distinct values, highest first.
        counts: how many customers have each value (>= 1), aligned with ``values``.

    ``AbcTally()`` is the empty tally, the identity of :meth:`merge`.
    """

    currency: str | None = attrs.field(default=None, validator=optional(_currency_code))
    values: tuple[Decimal, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_descending_values
    )
    counts: tuple[int, ...] = attrs.field(default=(), converter=to_tuple, validator=_counts)

    def __attrs_post_init__(self) -> None:
        if self.currency is not None and not self.values:
            raise ValidationError.of("currency", self.currency, "None for an empty tally")

    @property
    def customers(self) -> int:
        """How many customers (values) were counted."""
        return sum(self.counts)

    def merge(self, other: AbcTally) -> AbcTally:
        """The tally of both partitions together (associative, order-free; ``AbcTally()`` is
        the identity).

        Raises :class:`PolicyError` when one holds Money and the other plain numbers or
        another currency: one ranking cannot mix currencies.
        """
        _check(other, AbcTally, "other")
        if not other.values:
            return self
        if not self.values:
            return other
        if other.currency != self.currency:
            raise PolicyError.of(
                "other.currency",
                other.currency,
                f"{_unit(self.currency)} like this tally (one ranking cannot mix currencies)",
            )
        # Both sides are sorted, so sorting them together merges two runs in linear time; a
        # value present on both sides then sits twice in a row and is counted once.
        pairs = sorted(
            chain(
                zip(self.values, self.counts, strict=True),
                zip(other.values, other.counts, strict=True),
            ),
            key=_value_of,
            reverse=True,
        )
        values = list(map(_value_of, pairs))
        counts = list(map(_count_of, pairs))
        keep = [True] * len(values)
        for position in compress(range(1, len(values)), map(eq, islice(values, 1, None), values)):
            counts[position - 1] += counts[position]
            keep[position] = False
        return AbcTally(
            currency=self.currency,
            values=tuple(compress(values, keep)),
            counts=tuple(compress(counts, keep)),
        )

    def explain(self) -> str:
        """One line: customers, distinct values, unit and range."""
        if not self.values:
            return "ABC tally: no customers"
        return (
            f"ABC tally: {counted(self.customers, 'customer')}, "
            f"{counted(len(self.values), 'distinct value')} "
            f"({_unit(self.currency)}) from {self.values[0]} down to {self.values[-1]}"
        )


def abc_tally(values: Mapping[str, Value] | Iterable[Value]) -> AbcTally:
    """Summarize one partition's values for the ABC pass (the *summarize* step).

    ``values`` are read as ``abc_cutoffs`` reads them: a mapping of customer id to value, or
    just the values; Money of one currency or plain exact numbers.  Raises
    :class:`PolicyError` for mixed currencies and :class:`ValidationError` for a value that is
    neither Money nor an exact number (a float, say).
    """
    amounts, currency = _read_abc_values(values)
    amounts.sort(reverse=True)
    # Runs of equal values start where a value differs from the one before (comparing, not
    # hashing: hashing a Decimal costs more than sorting it).
    size = len(amounts)
    starts = [0, *compress(range(1, size), map(ne, islice(amounts, 1, None), amounts))]
    return AbcTally(
        currency=currency if amounts else None,
        values=tuple(map(amounts.__getitem__, starts)) if amounts else (),
        counts=tuple(map(sub, [*starts[1:], size], starts)) if amounts else (),
    )


def _positive_groups(tally: AbcTally) -> int:
    """How many of the tally's distinct values are above zero (they come first)."""
    return bisect_left(tally.values, _ZERO, key=neg)


def _group_totals(tally: AbcTally, positive: int) -> list[Decimal]:
    """The running total of the positive values through the end of each group of equal ones."""
    return list(accumulate(map(mul, tally.values[:positive], tally.counts)))


def abc_cutoffs_from(tally: AbcTally, policy: AbcPolicy) -> AbcCutoffs:
    """The ABC thresholds of the tallied portfolio (the *apply* step).

    Equal to ``abc_cutoffs(all values, policy)`` for any split of the values into tallies,
    in both modes, ties included: the rule is ``AbcPolicy``'s — value share: the threshold
    is the value of the first customer, highest first, at which the running total reaches
    ``limit × total``; head count: the value at position ``ceil(limit × customers)``.
    """
    _check(tally, AbcTally, "tally")
    _check(policy, AbcPolicy, "policy")
    return _cutoffs(tally, policy, _positive_groups(tally))


def _cutoffs(tally: AbcTally, policy: AbcPolicy, positive: int) -> AbcCutoffs:
    totals = _group_totals(tally, positive)
    total = totals[-1] if totals else _ZERO
    customers = tally.customers
    # Where each group of equal values ends in the ranking (exclusive), for head count.
    ends = list(accumulate(tally.counts[:positive]))

    def threshold(limit: Decimal) -> Decimal | None:
        if not positive:
            return None
        if policy.mode is AbcMode.VALUE_SHARE:
            # The first position whose running total reaches the cap lies in the first group
            # whose running total at its end does.
            group = bisect_left(totals, limit * total)
        else:
            last = int((limit * customers).to_integral_value(ROUND_CEILING)) - 1
            group = bisect_right(ends, min(last, ends[-1] - 1))
        return tally.values[min(group, positive - 1)]

    return AbcCutoffs(
        policy_name=policy.name,
        policy_version=policy.version,
        mode=policy.mode,
        a_limit=policy.a_limit,
        b_limit=policy.b_limit,
        currency=tally.currency,
        customers=customers,
        total=total,
        a_threshold=threshold(policy.a_limit),
        b_threshold=threshold(policy.b_limit),
    )


@frozen(kw_only=True)
class AbcRanking:
    """The ABC pass of a whole portfolio, ready to classify any of its customers anywhere.

    Built by :func:`abc_ranking` from the merged tally; :meth:`item` gives a customer's
    :class:`~keyaccount.policies.grading.AbcItem` — class, rank, share and cumulative share —
    equal to the one ``abc_classify`` gives over the whole portfolio.  When only the classes
    are needed, the small ``cutoffs`` (``abc_apply``) are enough.

    Fields:
        cutoffs: the thresholds and the policy of the pass.
        values: the portfolio's distinct values, highest first.
        ranks: the rank of each value (1 for the highest; equal values share the best rank).
        cumulative_shares: the share of the value held by the customers ranked ahead plus
            all those with that value (1 for zero/negative values when the total is positive).
    """

    cutoffs: AbcCutoffs
    values: tuple[Decimal, ...] = ()
    ranks: tuple[int, ...] = ()
    cumulative_shares: tuple[Decimal, ...] = ()

    def __attrs_post_init__(self) -> None:
        count = len(self.values)
        for name in ("ranks", "cumulative_shares"):
            column = getattr(self, name)
            if len(column) != count:
                raise ValidationError.of(
                    name, f"{len(column)} entries", f"{count} entries, one per value"
                )

    def item(self, customer_id: str, value: Value) -> AbcItem:
        """The ABC item of customer ``customer_id`` whose value is ``value``.

        ``value`` must be one the tally counted (same currency); anything else raises
        :class:`ValidationError` (:class:`PolicyError` for another currency), since a
        customer left out of the tally would be ranked against a portfolio it is not in.
        """
        cutoffs = self.cutoffs
        abc_class = abc_apply(value, cutoffs)  # also checks the type and the currency
        amount = value.amount if isinstance(value, Money) else Decimal(value)
        position = bisect_left(self.values, -amount, key=neg)
        if position == len(self.values) or self.values[position] != amount:
            raise ValidationError.of(
                f"values[{customer_id!r}]", value, "a value counted in the portfolio's tally"
            )
        total = cutoffs.total
        return AbcItem(
            customer_id=customer_id,
            value=amount,
            abc_class=abc_class,
            rank=self.ranks[position],
            share=amount / total if amount > 0 else _ZERO,
            cumulative_share=self.cumulative_shares[position],
            cutoffs=cutoffs,
        )

    def explain(self) -> str:
        """The thresholds and the size of the ranking, for people."""
        return f"{self.cutoffs.explain()}\n  ranking of {len(self.values)} distinct values"


def abc_ranking(tally: AbcTally, policy: AbcPolicy) -> AbcRanking:
    """The whole portfolio's ABC pass from its merged tally (the *apply* step, full form).

    ``abc_ranking(tally, policy).item(id, value)`` equals ``abc_classify(values, policy)[id]``
    for every customer counted; ``.cutoffs`` equals :func:`abc_cutoffs_from`.
    """
    _check(tally, AbcTally, "tally")
    _check(policy, AbcPolicy, "policy")
    positive = _positive_groups(tally)
    cutoffs = _cutoffs(tally, policy, positive)
    total = cutoffs.total
    # A value's rank is one more than the customers with a higher value.
    ahead = islice(accumulate(tally.counts, initial=0), len(tally.counts))
    ranks = tuple(count + 1 for count in ahead)
    cumulative = list(map(truediv, _group_totals(tally, positive), repeat(total)))
    cumulative.extend([_ONE if positive else _ZERO] * (len(tally.values) - positive))
    return AbcRanking(
        cutoffs=cutoffs, values=tally.values, ranks=ranks, cumulative_shares=tuple(cumulative)
    )


# ================================================================================== Grading


@frozen(kw_only=True)
class GradingTally:
    """What grading needs from the whole portfolio 分级全量汇总: the ranked figure, the period.

    Fields:
        measure: the figure ranked by the ABC pass (revenue or gross profit).
        period: the period of every figure counted (``None`` while empty).
        abc: the tally of the ranked figure.

    ``GradingTally.empty(measure)`` is the identity of :meth:`merge`.
    """

    measure: AbcMeasure = attrs.field(validator=instance_of(AbcMeasure))
    period: Period | None = attrs.field(default=None, validator=optional(instance_of(Period)))
    abc: AbcTally = attrs.field(factory=AbcTally, validator=instance_of(AbcTally))

    @classmethod
    def empty(cls, measure: AbcMeasure = AbcMeasure.REVENUE) -> GradingTally:
        """The tally of no figures."""
        return cls(measure=measure)

    def merge(self, other: GradingTally) -> GradingTally:
        """Both partitions together (associative, order-free, identity ``empty(measure)``).

        Raises :class:`PolicyError` when the measures differ and :class:`ValidationError`
        when the periods do (``grade_portfolio`` grades figures of one period).
        """
        _check(other, GradingTally, "other")
        if other.measure is not self.measure:
            raise PolicyError.of(
                "other.measure", other.measure.value, f"{self.measure.value} like this tally"
            )
        if self.period is not None and other.period is not None and other.period != self.period:
            raise ValidationError.of(
                "other.period", str(other.period), f"{self.period} like the other figures"
            )
        return GradingTally(
            measure=self.measure,
            period=self.period if self.period is not None else other.period,
            abc=self.abc.merge(other.abc),
        )

    def explain(self) -> str:
        """One line: measure, period and the ABC tally."""
        period = "no period" if self.period is None else str(self.period)
        return f"grading tally of {self.measure.value}, {period}: {self.abc.explain()}"


def grading_tally(
    figures: Iterable[AccountFigures], *, measure: AbcMeasure = AbcMeasure.REVENUE
) -> GradingTally:
    """Summarize one partition's figures for :func:`grade_portfolio`-equal grading.

    ``measure`` must be the ABC policy's ``measure``.  The figures are checked as
    ``grade_portfolio`` checks them (AccountFigures, each customer once, one period).
    """
    _check(measure, AbcMeasure, "measure")
    by_id, period = read_figures(figures)
    use_profit = measure is AbcMeasure.GROSS_PROFIT
    values = {cid: (f.gross_profit if use_profit else f.revenue) for cid, f in by_id.items()}
    return GradingTally(measure=measure, period=period, abc=abc_tally(values))


@frozen(kw_only=True)
class GradingBasis:
    """The whole-portfolio part of grading, computed once and sent to every partition.

    Fields:
        measure: the figure ranked.
        period: the period graded (``None`` for an empty portfolio).
        ranking: the ABC pass over the whole portfolio.
    """

    measure: AbcMeasure
    period: Period | None
    ranking: AbcRanking

    @property
    def cutoffs(self) -> AbcCutoffs:
        """The ABC thresholds."""
        return self.ranking.cutoffs

    def explain(self) -> str:
        """The period, the measure and the ABC thresholds, for people."""
        period = "no period" if self.period is None else str(self.period)
        return f"grading of {period} by {self.measure.value}\n{self.ranking.explain()}"


def grading_basis(tally: GradingTally, abc_policy: AbcPolicy) -> GradingBasis:
    """Apply ``abc_policy`` to the merged tally of the whole portfolio.

    Raises :class:`PolicyError` when the tally ranked another figure than the policy's
    ``measure``.
    """
    _check(tally, GradingTally, "tally")
    _check(abc_policy, AbcPolicy, "abc_policy")
    if abc_policy.measure is not tally.measure:
        raise PolicyError.of(
            "abc_policy.measure",
            abc_policy.measure.value,
            f"{tally.measure.value}, the figure the tally ranked",
        )
    return GradingBasis(
        measure=tally.measure, period=tally.period, ranking=abc_ranking(tally.abc, abc_policy)
    )


def grade_partition(
    customers: Iterable[Customer],
    figures: Iterable[AccountFigures],
    basis: GradingBasis,
    *,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None = None,
    as_of: date | None = None,
) -> tuple[CustomerGrading, ...]:
    """Grade one partition against the whole portfolio's ``basis`` (the per-partition apply).

    ``customers`` and ``figures`` match one to one, as for ``grade_portfolio``; every figure
    must be of ``basis.period`` and counted in the tally the basis came from.  Each
    customer's :class:`~keyaccount.policies.grading.CustomerGrading` — ABC item, scorecard
    and optional credit rating — equals the one ``grade_portfolio`` gives over the whole
    portfolio.  ``as_of`` defaults to the period's last day.  Ordered by customer id.
    """
    _check(basis, GradingBasis, "basis")
    _check(scorecard_policy, ScorecardPolicy, "scorecard_policy")
    if credit_policy is not None:
        _check(credit_policy, CreditPolicy, "credit_policy")
    profiles, by_id, period = match_portfolio(customers, figures)
    if by_id and period != basis.period:
        expected = "no figures (the tally counted none)" if basis.period is None else basis.period
        raise ValidationError.of("figures[0].period", str(period), f"{expected} like the others")
    use_profit = basis.measure is AbcMeasure.GROSS_PROFIT
    day = as_of if as_of is not None or basis.period is None else basis.period.end
    ranking = basis.ranking
    with collector_paused():  # as grade_portfolio does
        return _grade_each(
            profiles,
            by_id,
            lambda customer_id, item: ranking.item(
                customer_id, item.gross_profit if use_profit else item.revenue
            ),
            scorecard_policy=scorecard_policy,
            credit_policy=credit_policy,
            as_of=day,
        )


def assemble_grading(
    basis: GradingBasis, parts: Iterable[Iterable[CustomerGrading]]
) -> PortfolioGrading:
    """Join the partitions' gradings into the one ``grade_portfolio`` gives.

    Use it when the whole result fits one process (it holds every customer); at scale, keep
    the partitions' results where they are.  Raises :class:`ValidationError` for a customer
    graded twice or a grading of another pass.
    """
    _check(basis, GradingBasis, "basis")
    found: dict[str, CustomerGrading] = {}
    for number, part in enumerate(parts):
        for index, grading in enumerate(part):
            path = f"parts[{number}][{index}]"
            if not isinstance(grading, CustomerGrading):
                raise ValidationError.of(path, grading, "a CustomerGrading")
            if grading.customer_id in found:
                raise ValidationError.of(
                    f"{path}.customer_id", grading.customer_id, "each customer graded once"
                )
            if grading.abc.cutoffs != basis.cutoffs:
                raise ValidationError.of(
                    f"{path}.abc.cutoffs", grading.abc.cutoffs, "the cut-offs of the basis"
                )
            found[grading.customer_id] = grading
    ordered = sorted(found.values(), key=lambda g: (g.abc.rank, g.customer_id))
    items = [g.abc for g in ordered]
    abc = AbcClassification(
        cutoffs=basis.cutoffs,
        customer_ids=tuple(i.customer_id for i in items),
        values=tuple(i.value for i in items),
        classes=tuple(i.abc_class for i in items),
        ranks=tuple(i.rank for i in items),
        shares=tuple(i.share for i in items),
        cumulative_shares=tuple(i.cumulative_share for i in items),
    )
    customers = tuple(found[customer_id] for customer_id in sorted(found))
    return PortfolioGrading(period=basis.period, abc=abc, customers=customers)


# ============================================================================ Team roll-ups


def _keys(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not value or set(map(type, value)) - {str}:
        raise ValidationError.of(attribute.name, value, "a non-empty tuple of keys (texts)")


@frozen(kw_only=True)
class TeamTally:
    """A partial team roll-up 分区团队汇总: scores counted per band, their totals summed.

    Fields:
        scheme: ``"name version"`` of the appraisal scheme.
        bands: the scheme's band keys, highest first.
        size: how many scores.
        total: the sum of their totals 总分之和.
        counts: how many scores got each band (after vetoes), aligned with ``bands``.

    ``TeamTally.empty(scheme)`` is the identity of :meth:`merge`.
    """

    scheme: str = attrs.field(validator=text(max_length=200))
    bands: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_keys)
    size: int = attrs.field(default=0, validator=non_negative)
    total: Decimal = attrs.field(default=_ZERO, validator=instance_of(Decimal))
    counts: tuple[int, ...] = attrs.field(converter=to_tuple)

    @counts.default
    def _no_counts(self) -> tuple[int, ...]:
        return (0,) * len(self.bands)

    @counts.validator
    def _check_counts(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if (
            not isinstance(value, tuple)
            or len(value) != len(self.bands)
            or set(map(type, value)) - {int}
            or min(value) < 0
        ):
            raise ValidationError.of(
                "counts", value, f"{len(self.bands)} whole numbers >= 0, one per band"
            )
        if sum(value) > self.size:
            raise ValidationError.of("counts", value, f"at most {self.size} scores in all")

    @classmethod
    def empty(cls, scheme: AppraisalScheme) -> TeamTally:
        """The tally of no scores under ``scheme``."""
        _check(scheme, AppraisalScheme, "scheme")
        return cls(scheme=f"{scheme.name} {scheme.version}", bands=_keys_of(scheme))

    def merge(self, other: TeamTally) -> TeamTally:
        """Both partitions together (associative, order-free, identity ``empty(scheme)``).

        Raises :class:`PolicyError` when the tallies are of different schemes.
        """
        _check(other, TeamTally, "other")
        if (other.scheme, other.bands) != (self.scheme, self.bands):
            raise PolicyError.of(
                "other.scheme", other.scheme, f"{self.scheme!r} with bands {self.bands}"
            )
        return TeamTally(
            scheme=self.scheme,
            bands=self.bands,
            size=self.size + other.size,
            total=self.total + other.total,
            counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
        )

    def explain(self) -> str:
        """One line: scheme, size and the count per band."""
        counts = ", ".join(f"{k} {n}" for k, n in zip(self.bands, self.counts, strict=True))
        return f"team tally {self.scheme}: {self.size} scores, total {self.total}; {counts}"


def _keys_of(scheme: AppraisalScheme) -> tuple[str, ...]:
    return tuple(band.key for band in scheme.bands)


def team_tally(scores: Iterable[AppraisalScore], scheme: AppraisalScheme) -> TeamTally:
    """Summarize one partition's appraisal scores (all made with ``scheme``).

    Raises :class:`PolicyError` for an item that is not an AppraisalScore or a score made with
    another scheme, as ``summarize_team`` does.
    """
    tally = TeamTally.empty(scheme)
    if isinstance(scores, str) or not isinstance(scores, Iterable):
        raise PolicyError.of("scores", scores, "an iterable of AppraisalScore")
    position = {key: index for index, key in enumerate(tally.bands)}
    counts = [0] * len(tally.bands)
    size = 0
    total = _ZERO
    for index, score in enumerate(scores):
        if not isinstance(score, AppraisalScore):
            raise PolicyError.of(f"scores[{index}]", score, "an AppraisalScore")
        if (score.scheme_name, score.scheme_version) != (scheme.name, scheme.version):
            raise PolicyError.of(
                f"scores[{index}]",
                f"{score.scheme_name} {score.scheme_version}",
                f"a score made with scheme {scheme}",
            )
        size += 1
        total += score.total
        slot = position.get(score.band.key)
        if slot is not None:
            counts[slot] += 1
    return attrs.evolve(tally, size=size, total=total, counts=tuple(counts))


def team_summary(tally: TeamTally, scheme: AppraisalScheme) -> TeamSummary:
    """The team roll-up of the merged tally: equal to ``summarize_team`` over every score.

    Average rounded to 2 places and shares to 4, half up; an empty team has no average.
    Raises :class:`PolicyError` when ``tally`` is of another scheme.
    """
    _check(tally, TeamTally, "tally")
    _check(scheme, AppraisalScheme, "scheme")
    label = f"{scheme.name} {scheme.version}"
    if (tally.scheme, tally.bands) != (label, _keys_of(scheme)):
        raise PolicyError.of("tally.scheme", tally.scheme, f"a tally of scheme {label!r}")
    size = tally.size
    average = None
    if size:
        average = (tally.total / size).quantize(_CENT, ROUND_HALF_UP)
    bands = tuple(
        BandCount(
            band=band,
            count=count,
            share=(Decimal(count) / size).quantize(_RATE_QUANTUM, ROUND_HALF_UP) if size else _ZERO,
        )
        for band, count in zip(scheme.bands, tally.counts, strict=True)
    )
    return TeamSummary(scheme=label, size=size, average=average, bands=bands)


# ========================================================================= Impact matrices


@frozen(kw_only=True)
class MigrationTally:
    """Migration counts 迁移矩阵计数: how many moved from each old class to each new class.

    Fields:
        old_keys: the classes before (rows), e.g. grades ``A``–``D`` or band keys.
        new_keys: the classes after (columns).
        counts: one count per (old, new) pair, row by row (``len(old) × len(new)``).

    ``MigrationTally.empty_grades()`` (or ``empty(old_keys, new_keys)``) is the identity of
    :meth:`merge`.
    """

    old_keys: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_keys)
    new_keys: tuple[str, ...] = attrs.field(converter=to_tuple, validator=_keys)
    counts: tuple[int, ...] = attrs.field(converter=to_tuple)

    @counts.default
    def _no_counts(self) -> tuple[int, ...]:
        return (0,) * (len(self.old_keys) * len(self.new_keys))

    @counts.validator
    def _check_counts(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        cells = len(self.old_keys) * len(self.new_keys)
        if (
            not isinstance(value, tuple)
            or len(value) != cells
            or set(map(type, value)) - {int}
            or min(value) < 0
        ):
            raise ValidationError.of(
                "counts", value, f"{cells} whole numbers >= 0, one per (old, new) pair"
            )

    @classmethod
    def empty(cls, old_keys: Iterable[str], new_keys: Iterable[str]) -> MigrationTally:
        """No migrations between these classes."""
        return cls(old_keys=tuple(old_keys), new_keys=tuple(new_keys))

    @classmethod
    def empty_grades(cls) -> MigrationTally:
        """No migrations between grades A–D."""
        return cls(old_keys=_GRADE_KEYS, new_keys=_GRADE_KEYS)

    def count(self, old: str, new: str) -> int:
        """How many moved from ``old`` to ``new`` (0 for unknown keys)."""
        if old not in self.old_keys or new not in self.new_keys:
            return 0
        return self.counts[self.old_keys.index(old) * len(self.new_keys) + self.new_keys.index(new)]

    def merge(self, other: MigrationTally) -> MigrationTally:
        """Both partitions together: counts added (associative, order-free).

        Raises :class:`PolicyError` when the classes differ.
        """
        _check(other, MigrationTally, "other")
        if (other.old_keys, other.new_keys) != (self.old_keys, self.new_keys):
            raise PolicyError.of(
                "other",
                f"{', '.join(other.old_keys)} to {', '.join(other.new_keys)}",
                f"a tally from {', '.join(self.old_keys)} to {', '.join(self.new_keys)}",
            )
        return attrs.evolve(
            self, counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True))
        )

    def explain(self) -> str:
        """The matrix as a text table (rows: before, columns: after)."""
        width = max(len(k) for k in (*self.old_keys, *self.new_keys, "old \\ new"))
        lines = [" ".join(k.rjust(width) for k in ("old \\ new", *self.new_keys))]
        for old in self.old_keys:
            counts = [str(self.count(old, new)).rjust(width) for new in self.new_keys]
            lines.append(" ".join([old.rjust(width), *counts]))
        return "\n".join(lines)


def _grades_by_customer(
    grades: Iterable[StableGrade] | Mapping[str, Grade], name: str
) -> dict[str, str]:
    if isinstance(grades, Mapping):
        found: dict[str, str] = {}
        for customer_id, grade in grades.items():
            if not isinstance(grade, Grade):
                raise ValidationError.of(f"{name}[{customer_id!r}]", grade, "a Grade")
            found[customer_id] = grade.value
        return found
    if isinstance(grades, str) or not isinstance(grades, Iterable):
        raise ValidationError.of(name, grades, "StableGrade results or a mapping id -> Grade")
    found = {}
    for index, item in enumerate(grades):
        if not isinstance(item, StableGrade):
            raise ValidationError.of(f"{name}[{index}]", item, "a StableGrade")
        found[item.customer_id] = item.grade.value
    return found


def grade_migration_tally(
    before: Iterable[StableGrade] | Mapping[str, Grade],
    after: Iterable[StableGrade] | Mapping[str, Grade],
) -> MigrationTally:
    """Count one partition's grade migrations 等级迁移 between two evaluations.

    ``before`` and ``after`` are the applied grades of the partition's customers under the
    old and the new policies — ``evaluate(part, old, today=...).grades`` and the same under
    the new ones, or mappings of customer id to grade.  Customers graded on one side only
    are left out, as in ``keyaccount.impact.compare``.  Each customer must be in one
    partition only.
    """
    old = _grades_by_customer(before, "before")
    new = _grades_by_customer(after, "after")
    width = len(_GRADE_KEYS)
    index = {key: position for position, key in enumerate(_GRADE_KEYS)}
    counts = [0] * (width * width)
    for customer_id in old.keys() & new.keys():
        counts[index[old[customer_id]] * width + index[new[customer_id]]] += 1
    return MigrationTally(old_keys=_GRADE_KEYS, new_keys=_GRADE_KEYS, counts=tuple(counts))


def grade_matrix(tally: MigrationTally) -> tuple[GradeCell, ...]:
    """The grade migration matrix of the merged tally, as ``Impact.grade_matrix`` has it.

    Every (old grade, new grade) pair A–D by A–D, zeros included.
    """
    _check(tally, MigrationTally, "tally")
    if (tally.old_keys, tally.new_keys) != (_GRADE_KEYS, _GRADE_KEYS):
        raise PolicyError.of("tally.old_keys", tally.old_keys, f"the grades {_GRADE_KEYS}")
    return tuple(
        GradeCell(old=o, new=n, count=tally.count(o, n)) for o in _GRADE_KEYS for n in _GRADE_KEYS
    )


def band_migration_tally(
    old: AppraisalScheme, new: AppraisalScheme, appraisals: Iterable[Appraisal]
) -> MigrationTally:
    """Count one partition's band migrations when scheme ``old`` is replaced by ``new``.

    Every appraisal is scored under both schemes as ``compare_schemes`` does (invalid ones
    raise its :class:`PolicyError`); ``(band before, band after)`` pairs are counted.
    """
    _check(old, AppraisalScheme, "old")
    _check(new, AppraisalScheme, "new")
    tally = MigrationTally.empty(_keys_of(old), _keys_of(new))
    width = len(tally.new_keys)
    rows = {key: position for position, key in enumerate(tally.old_keys)}
    columns = {key: position for position, key in enumerate(tally.new_keys)}
    counts = list(tally.counts)
    for appraisal in appraisals:
        before = score_appraisal(old, appraisal).band.key
        after = score_appraisal(new, appraisal).band.key
        counts[rows[before] * width + columns[after]] += 1
    return attrs.evolve(tally, counts=tuple(counts))


def band_matrix(tally: MigrationTally) -> tuple[MigrationCell, ...]:
    """The band migration matrix of the merged tally, as ``SchemeComparison.matrix`` has it."""
    _check(tally, MigrationTally, "tally")
    return tuple(
        MigrationCell(from_band=o, to_band=n, count=tally.count(o, n))
        for o in tally.old_keys
        for n in tally.new_keys
    )


# ============================================================================== Scheduling


def manager_partition(manager_id: str, partitions: int) -> int:
    """The partition (``0 … partitions − 1``) of an account manager's customers.

    Stable across processes and runs (a CRC-32 of the id, not Python's salted ``hash``), so
    every process routes a manager's customers to the same partition — what the capacity
    rule needs (it moves a manager's visits between that manager's own days).
    """
    if not isinstance(manager_id, str) or not manager_id:
        raise ValidationError.of("manager_id", manager_id, "a staff id (a non-blank text)")
    if isinstance(partitions, bool) or not isinstance(partitions, int) or partitions < 1:
        raise ValidationError.of("partitions", partitions, "a whole number >= 1")
    return zlib.crc32(manager_id.encode("utf-8")) % partitions


def merge_plans(parts: Iterable[PortfolioPlan], policy: SchedulingPolicy) -> PortfolioPlan:
    """Join the plans of several partitions into the one ``plan_portfolio`` gives.

    Each part is ``plan_portfolio`` over one partition with ``policy`` and the same range.
    The result equals ``plan_portfolio`` over the partitions' histories one after the other:
    plans in that order, conflicts by manager and day, moves summed.  When ``policy`` caps
    on-site visits a day, each manager's customers must all be in one part (see
    :func:`manager_partition`), else :class:`PolicyError`; a customer in two parts raises
    :class:`ValidationError`.
    """
    _check(policy, SchedulingPolicy, "policy")
    if isinstance(parts, str) or not isinstance(parts, Iterable):
        raise ValidationError.of("parts", parts, "an iterable of PortfolioPlan")
    checked = list(parts)
    if not checked:
        raise ValidationError.of("parts", checked, "at least one PortfolioPlan")
    first = checked[0]
    _check(first, PortfolioPlan, "parts[0]")
    capped = policy.capacity.max_on_site_per_day is not None
    owner: dict[str, int] = {}
    seen: set[str] = set()
    for number, part in enumerate(checked):
        _check(part, PortfolioPlan, f"parts[{number}]")
        shape = (part.start, part.end, part.policy_name, part.policy_version)
        expected = (first.start, first.end, policy.name, policy.version)
        if shape != expected:
            raise ValidationError.of(
                f"parts[{number}]",
                f"{part.start} to {part.end}, policy {part.policy_name} {part.policy_version}",
                f"{first.start} to {first.end}, policy {policy.name} {policy.version}",
            )
        for plan in part.plans:
            if plan.customer_id in seen:
                raise ValidationError.of(
                    f"parts[{number}].plans", plan.customer_id, "a customer in one part only"
                )
            seen.add(plan.customer_id)
            if capped and owner.setdefault(plan.manager_id, number) != number:
                raise PolicyError(
                    f"manager {plan.manager_id!r} has customers in parts {owner[plan.manager_id]} "
                    f"and {number}: with a capacity of {policy.capacity.max_on_site_per_day} "
                    "on-site visits a day, each manager's customers must be planned in one part "
                    "(see manager_partition)"
                )
    conflicts = sorted(
        (conflict for part in checked for conflict in part.conflicts),
        key=lambda c: (c.manager_id, c.day),
    )
    return PortfolioPlan(
        start=first.start,
        end=first.end,
        policy_name=first.policy_name,
        policy_version=first.policy_version,
        plans=tuple(plan for part in checked for plan in part.plans),
        conflicts=tuple(conflicts),
        moved=sum(part.moved for part in checked),
    )


# ============================================================================== Merging


class _Mergeable(Protocol):
    def merge(self, other: Any) -> Any: ...


M = TypeVar("M", bound=_Mergeable)


def merge_all(tallies: Iterable[M], *, empty: M | None = None) -> M:
    """Merge any number of tallies of one kind, pairwise (as a tree, like a cluster does).

    ``empty`` is returned when there are no tallies (and is otherwise merged in first);
    without it, no tallies raise :class:`ValidationError`.
    """
    level: list[M] = list(tallies)
    if empty is not None:
        level.insert(0, empty)
    if not level:
        raise ValidationError.of("tallies", level, "at least one tally (or an empty one)")
    while len(level) > 1:
        paired = [a.merge(b) for a, b in zip(level[::2], level[1::2], strict=False)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]
