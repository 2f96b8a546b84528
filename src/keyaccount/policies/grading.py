"""Customer grading 客户分级: ABC/Pareto classes, the weighted scorecard, credit rating, stability.

The department grades its customers and serves each grade differently (SPEC §3.1).  Four
policies live here, each a frozen, validated configuration object plus pure functions; the
seed-derived presets are in :mod:`keyaccount.policies.grading_presets`.

* **ABC / Pareto** — :func:`abc_classify` ranks a portfolio by value (revenue or gross profit)
  and gives every customer a class A, B or C [seed 004 篇6 §3 "80%的利润是由20%的大客户贡献"].
  :func:`abc_cutoffs` and :func:`abc_apply` are the same pass split in two, for portfolios too
  large for one process: compute the value thresholds once, classify anywhere.
* **Scorecard 大客户评定表** — :func:`scorecard` turns the figures and profile of one customer
  into weighted factor points, a score 0–100 and a grade A–D.
* **Credit rating 客户信用评估** — :func:`credit_rating` turns a payment record into a credit
  level with its limit and payment terms, flags dangerous 危险客户 and excellent 优秀客户
  customers and records credit changes 客户信用度变更表 [seed 003 4.69–4.72];
  :func:`credit_headroom` tells whether a new amount fits the limit.
* **Stability** — :func:`stable_grade` applies a new grade only when it has held for several
  periods or the score is well past the band edge, so customers do not flap between grades.

:func:`grade_portfolio` grades a whole portfolio in one call.

Every result carries its explanation as plain data (the rule, the inputs, the thresholds) and
renders it with ``explain()``.  Nothing here reads a clock: dates are parameters.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from itertools import accumulate, compress, islice, repeat
from operator import eq, itemgetter, neg
from typing import Any, ClassVar

import attrs
from attrs import frozen

from keyaccount._text import counted
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import (
    MAX_AMOUNT_DIGITS,
    CreditLevel,
    Grade,
    Identifier,
    LabelledEnum,
    Money,
    Period,
    PeriodKind,
    identifier,
)
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies._collector import collector_paused
from keyaccount.policies._portfolio_inputs import match_portfolio
from keyaccount.validation import (
    between,
    each,
    instance_of,
    non_negative,
    optional,
    plain_date,
    positive,
    require_number,
    text,
    to_decimal,
    to_optional_decimal,
    to_tuple,
)

__all__ = [
    "AbcClass",
    "AbcClassification",
    "AbcCutoffs",
    "AbcItem",
    "AbcMeasure",
    "AbcMode",
    "AbcPolicy",
    "Band",
    "Bands",
    "CreditChange",
    "CreditCriterion",
    "CreditHeadroom",
    "CreditLevelRule",
    "CreditPolicy",
    "CreditRating",
    "CreditShortfall",
    "CustomerGrading",
    "Factor",
    "FactorRule",
    "FactorScore",
    "GradeHistory",
    "GradeObservation",
    "PaymentRecord",
    "PortfolioGrading",
    "Ramp",
    "ScoreBands",
    "ScorecardPolicy",
    "ScorecardResult",
    "StabilityPolicy",
    "StabilityRule",
    "StableGrade",
    "abc_apply",
    "abc_classify",
    "abc_cutoffs",
    "credit_headroom",
    "credit_rating",
    "grade_portfolio",
    "score_portfolio",
    "scorecard",
    "stable_grade",
]

_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")

_policy_name = text(max_length=100, what="a policy name of 1-100 characters")
_policy_version = text(max_length=40, what="a version text of 1-40 characters")
_currency_code = text(
    max_length=3,
    pattern=r"[A-Z]{3}",
    what="an ISO 4217 currency code of three capital letters, e.g. 'CNY'",
)


# ------------------------------------------------------------------------ display helpers


def _num(value: Decimal | int) -> str:
    """A number without exponent or trailing zeros: ``Decimal('80.00')`` → ``80``."""
    if isinstance(value, int):
        return str(value)
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _pct(value: Decimal) -> str:
    """A fraction as a percentage with one decimal: ``Decimal('0.8')`` → ``80.0 %``."""
    return f"{value * _HUNDRED:.1f} %"


def _money(amount: Decimal, currency: str) -> str:
    return str(Money(amount=amount, currency=currency))


# =============================================================================== ABC / Pareto


class AbcClass(LabelledEnum):
    """ABC class of a customer in its portfolio (客户ABC分类), A the core customers."""

    A = "A", "A类(核心客户)"
    B = "B", "B类(重要客户)"
    C = "C", "C类(一般客户)"

    @property
    def rank(self) -> int:
        """0 for A, 1 for B, 2 for C: lower is better."""
        return _ABC_RANK[self]


_ABC_RANK = {c: i for i, c in enumerate(AbcClass)}


class AbcMode(LabelledEnum):
    """How the A and B limits are read: as shares of value or as shares of head count."""

    VALUE_SHARE = "value-share", "按价值累计占比"
    HEAD_COUNT = "head-count", "按客户数占比"


class AbcMeasure(LabelledEnum):
    """Which figure ranks a portfolio in :func:`grade_portfolio`."""

    REVENUE = "revenue", "销售额"
    GROSS_PROFIT = "gross-profit", "毛利"


@frozen(kw_only=True)
class AbcPolicy:
    """ABC / Pareto classification policy 客户ABC分类 [seed 004 篇6 §3, §4.3].

    Customers are sorted by value, highest first.  A customer's class depends on what the
    customers ranked *strictly ahead* of it already hold:

    * ``mode=value-share``: the share of the portfolio's positive value held by customers with
      a higher value.  Class **A** while that share is below ``a_limit``, **B** while it is
      below ``b_limit``, **C** otherwise.  So A is the smallest set of top customers that
      together reach ``a_limit`` of the value (the customer who crosses the line is still A),
      and B the further customers needed to reach ``b_limit``.
    * ``mode=head-count``: the same with the share of customers (all customers, whatever
      their value) ranked ahead: with ``a_limit=0.2`` the top 20 % of customers are A.

    Rules common to both modes: equal values get the same class (and the same rank); a
    customer whose value is zero or negative is always C; raising one customer's value never
    lowers its class.

    Fields:
        name, version: identify the policy in results.
        mode: value share (Pareto) or head count.
        measure: which figure :func:`grade_portfolio` ranks by (revenue or gross profit).
        a_limit: share (0–1, exclusive of 0) that class A reaches, e.g. ``0.8``.
        b_limit: share (``a_limit``–1) that classes A and B reach together, e.g. ``0.95``.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=_policy_name)
    version: str = attrs.field(validator=_policy_version)
    mode: AbcMode = attrs.field(default=AbcMode.VALUE_SHARE, validator=instance_of(AbcMode))
    measure: AbcMeasure = attrs.field(default=AbcMeasure.REVENUE, validator=instance_of(AbcMeasure))
    a_limit: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1))
    b_limit: Decimal = attrs.field(converter=to_decimal, validator=between(0, 1))

    def __attrs_post_init__(self) -> None:
        if self.a_limit <= 0:
            raise PolicyError.of("a_limit", self.a_limit, "a share above 0 and at most 1")
        if self.b_limit < self.a_limit:
            raise PolicyError.of(
                "b_limit", self.b_limit, f"a share from a_limit ({_num(self.a_limit)}) to 1"
            )


@frozen(kw_only=True)
class AbcCutoffs:
    """The value thresholds of one ABC pass over a whole portfolio (ABC分类界限).

    A customer whose value is at least ``a_threshold`` is A, at least ``b_threshold`` B, and
    anything else C (values of zero or less are always C).  A threshold is ``None`` when no
    customer reaches that class (an empty portfolio, or no positive value).  Thresholds are
    values that occur in the portfolio, so applying them to the portfolio's own customers
    gives exactly the classes of :func:`abc_classify`.

    Fields:
        policy_name, policy_version, mode, a_limit, b_limit: the policy applied.
        currency: the currency of the values, ``None`` for plain numbers.
        customers: how many customers (values) the portfolio has.
        total: the sum of the positive values.
        a_threshold, b_threshold: the lowest value in class A / in class B or better.
    """

    policy_name: str
    policy_version: str
    mode: AbcMode
    a_limit: Decimal
    b_limit: Decimal
    currency: str | None
    customers: int
    total: Decimal
    a_threshold: Decimal | None
    b_threshold: Decimal | None

    def classify(self, value: Money | Decimal | int) -> AbcClass:
        """The class of ``value`` under these thresholds (see :func:`abc_apply`)."""
        return abc_apply(value, self)

    def show(self, amount: Decimal) -> str:
        """``amount`` in the portfolio's unit: money with its currency, else a plain number."""
        return _num(amount) if self.currency is None else _money(amount, self.currency)

    def rule(self) -> str:
        """The rule in words, with the limits."""
        if self.mode is AbcMode.VALUE_SHARE:
            return (
                f"A while the customers ranked ahead hold less than {_pct(self.a_limit)} of "
                f"the value, B while they hold less than {_pct(self.b_limit)}, else C"
            )
        return (
            f"A while fewer than {_pct(self.a_limit)} of the customers are ranked ahead, "
            f"B while fewer than {_pct(self.b_limit)}, else C"
        )

    def explain(self) -> str:
        """The thresholds and the rule, for people."""
        a = "none" if self.a_threshold is None else f"from {self.show(self.a_threshold)}"
        b = "none" if self.b_threshold is None else f"from {self.show(self.b_threshold)}"
        return (
            f"ABC policy {self.policy_name!r} v{self.policy_version} ({self.mode.value}) over "
            f"{counted(self.customers, 'customer')}, positive total {self.show(self.total)}: "
            f"A {a}; B {b}; C below; zero or negative values are C.\n"
            f"  rule: {self.rule()}"
        )


@frozen(kw_only=True)
class AbcItem:
    """One customer's place in an ABC classification.

    Fields:
        customer_id: the customer.
        value: the value ranked (an amount in ``cutoffs.currency``, or a plain number).
        abc_class: A, B or C.
        rank: 1 for the highest value; equal values share the best rank (1, 2, 2, 4 …).
        share: the customer's share of the positive total, 0–1 (0 for zero/negative values).
        cumulative_share: the share of the customers ranked ahead plus that of the customer
            and everyone tied with it, 0–1 (1 for zero/negative values when the total is
            positive).
        cutoffs: the thresholds and the policy of the pass (the class is ``value`` against
            them).

    Shares are exact quotients to 28 significant digits, for display; the class is decided
    by exact comparisons (``value ranked ahead < limit × total``), never by a rounded share.
    """

    customer_id: Identifier
    value: Decimal
    abc_class: AbcClass
    rank: int
    share: Decimal
    cumulative_share: Decimal
    cutoffs: AbcCutoffs

    def explain(self) -> str:
        """Why the customer has its class, with the rule's limits, for people."""
        cutoffs = self.cutoffs
        what = "of the value" if cutoffs.mode is AbcMode.VALUE_SHARE else "of the customers"
        return (
            f"{self.line()} (A while less than {_pct(cutoffs.a_limit)} {what} is ranked ahead, "
            f"B while less than {_pct(cutoffs.b_limit)})"
        )

    def line(self) -> str:
        """One line: class, rank, value, shares and the threshold reached."""
        cutoffs = self.cutoffs
        shown = cutoffs.show(self.value)
        a, b = cutoffs.a_threshold, cutoffs.b_threshold
        if self.value <= 0:
            reason = "a value of zero or less is always C"
        elif self.abc_class is AbcClass.A and a is not None:
            reason = f"at least the A threshold {cutoffs.show(a)}"
        elif self.abc_class is AbcClass.B and b is not None:
            reason = f"at least the B threshold {cutoffs.show(b)}, below the A threshold"
        elif b is not None:
            reason = f"below the B threshold {cutoffs.show(b)}"
        else:
            reason = "no customer reaches class B"
        return (
            f"{self.customer_id}: class {self.abc_class.value} ({self.abc_class.label_zh}), "
            f"rank {self.rank}, value {shown}, share {_pct(self.share)}, "
            f"cumulative {_pct(self.cumulative_share)}: {reason}"
        )


def _index_by_customer(items: tuple[Any, ...]) -> dict[str, Any]:
    return {item.customer_id: item for item in items}


def _same_lengths(instance: AbcClassification) -> None:
    count = len(instance.customer_ids)
    for name in ("values", "classes", "ranks", "shares", "cumulative_shares"):
        column = getattr(instance, name)
        if len(column) != count:
            raise ValidationError.of(
                name, f"{len(column)} entries", f"{count} entries, one per customer id"
            )


@frozen(kw_only=True)
class AbcClassification:
    """The ABC classes of a whole portfolio, keyed by customer id.

    Stored as columns — one entry per customer, aligned by position, ordered by rank and
    then customer id whatever the input order — so a portfolio of a million customers is
    seven tuples, not a million objects.  Read it per customer: ``result["C-001"]`` (or
    :meth:`get`) gives an :class:`AbcItem` with its explanation; :attr:`items` gives them
    all; :meth:`class_of` just the class.

    Fields:
        cutoffs: the thresholds and the policy of the pass.
        customer_ids, values, classes, ranks, shares, cumulative_shares: the columns (see
            :class:`AbcItem` for each one's meaning).
    """

    cutoffs: AbcCutoffs
    customer_ids: tuple[Identifier, ...] = ()
    values: tuple[Decimal, ...] = ()
    classes: tuple[AbcClass, ...] = ()
    ranks: tuple[int, ...] = ()
    shares: tuple[Decimal, ...] = ()
    cumulative_shares: tuple[Decimal, ...] = ()
    _index: dict[str, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _same_lengths(self)
        # A lookup table, built once; not a field of the data (to_dict leaves it out).
        index = dict(zip(self.customer_ids, range(len(self.customer_ids)), strict=True))
        if len(index) != len(self.customer_ids):
            raise ValidationError.of(
                "customer_ids", f"{len(self.customer_ids)} ids", "each customer id once"
            )
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.customer_ids)

    def __contains__(self, customer_id: object) -> bool:
        return customer_id in self._index

    def __iter__(self) -> Iterator[AbcItem]:
        return (self._item(position) for position in range(len(self.customer_ids)))

    def __getitem__(self, customer_id: str) -> AbcItem:
        position = self._index.get(customer_id)
        if position is None:
            raise ValidationError.of("customer_id", customer_id, "a customer of the portfolio")
        return self._item(position)

    def _item(self, position: int) -> AbcItem:
        return AbcItem(
            customer_id=self.customer_ids[position],
            value=self.values[position],
            abc_class=self.classes[position],
            rank=self.ranks[position],
            share=self.shares[position],
            cumulative_share=self.cumulative_shares[position],
            cutoffs=self.cutoffs,
        )

    @property
    def items(self) -> tuple[AbcItem, ...]:
        """Every customer's item, in rank order (built on each access)."""
        return tuple(self)

    def get(self, customer_id: str) -> AbcItem | None:
        """The customer's item, or ``None`` when it is not in the portfolio."""
        position = self._index.get(customer_id)
        return None if position is None else self._item(position)

    def class_of(self, customer_id: str) -> AbcClass:
        """The customer's class (a customer not in the portfolio raises ValidationError)."""
        position = self._index.get(customer_id)
        if position is None:
            raise ValidationError.of("customer_id", customer_id, "a customer of the portfolio")
        return self.classes[position]

    def by_customer(self) -> dict[str, AbcItem]:
        """A new dict from customer id to item."""
        return {item.customer_id: item for item in self}

    def in_class(self, abc_class: AbcClass) -> tuple[AbcItem, ...]:
        """The items of one class, in rank order."""
        return tuple(
            self._item(position)
            for position, found in enumerate(self.classes)
            if found is abc_class
        )

    def counts(self) -> tuple[tuple[AbcClass, int], ...]:
        """How many customers each class has: ``((A, 2), (B, 3), (C, 5))``."""
        return tuple((abc_class, self.classes.count(abc_class)) for abc_class in AbcClass)

    def explain(self) -> str:
        """The thresholds, the class counts and one line per customer."""
        counts = ", ".join(f"{cls.value} {n}" for cls, n in self.counts())
        lines = [self.cutoffs.explain(), f"  classes: {counts}"]
        lines.extend(f"  {item.line()}" for item in self)
        return "\n".join(lines)


Value = Money | Decimal | int
"""A value to rank: Money (one currency per portfolio) or a plain exact number."""


def _read_amount(
    value: object, path: str, currency: str | None, plain: bool | None
) -> tuple[Decimal, str | None, bool]:
    """The amount of ``value``; checks it agrees with what came before (currency, or plain)."""
    if isinstance(value, Money):
        if plain is True:
            raise PolicyError.of(path, value, "a plain number like the other values, not Money")
        if currency is not None and value.currency != currency:
            raise PolicyError.of(
                f"{path}.currency",
                value.currency,
                f"{currency} like the other values (one ranking cannot mix currencies)",
            )
        return value.amount, value.currency, False
    if isinstance(value, Decimal) or (isinstance(value, int) and not isinstance(value, bool)):
        amount = value if isinstance(value, Decimal) else Decimal(value)
        if not amount.is_finite():
            raise ValidationError.of(path, value, "a finite number")
        if amount.adjusted() > MAX_AMOUNT_DIGITS:
            raise ValidationError.of(path, value, _PLAIN_BOUND)
        if plain is False:
            raise PolicyError.of(path, value, f"Money in {currency} like the other values")
        return amount, None, True
    raise ValidationError.of(path, value, "Money or an exact number (Decimal or int, not float)")


_PLAIN_BOUND = f"a number below 10^{MAX_AMOUNT_DIGITS + 1} in size, as money amounts are"


def _read_amounts(values: list[Any], ids: list[str] | None) -> tuple[list[Decimal], str | None]:
    """The amounts of ``values`` and their common currency (``None`` for plain numbers).

    The common cases — all Money of one currency, all Decimal — are checked in bulk; anything
    else goes value by value so that the error names the first bad one.
    """
    kinds = set(map(type, values))
    if kinds == {Money}:
        currencies = {value.currency for value in values}
        if len(currencies) == 1:
            return [value.amount for value in values], currencies.pop()
    elif kinds == {Decimal} and all(
        value.is_finite() and value.adjusted() <= MAX_AMOUNT_DIGITS for value in values
    ):
        return values, None
    amounts: list[Decimal] = []
    currency: str | None = None
    plain: bool | None = None
    for index, value in enumerate(values):
        path = f"values[{index}]" if ids is None else f"values[{ids[index]!r}]"
        amount, currency, plain = _read_amount(value, path, currency, plain)
        amounts.append(amount)
    return amounts, currency


def _check_ids(ids: list[Any]) -> None:
    """Every id is a non-blank text (checked before ids are hashed or sorted)."""
    if set(map(type, ids)) - {str} or "" in ids:
        bad = next(i for i in ids if type(i) is not str or not i)
        raise ValidationError.of("values", bad, "a customer id (a non-blank text)")


def _read_pairs(
    values: Mapping[str, Value] | Iterable[tuple[str, Value]],
) -> tuple[list[str], list[Decimal], str | None]:
    """Customer ids, their amounts and the common currency; duplicate ids are refused."""
    if isinstance(values, Mapping):
        ids = list(values.keys())
        raw = list(values.values())
        _check_ids(ids)
    elif isinstance(values, Iterable) and not isinstance(values, str | bytes):
        ids, raw = [], []
        for pair in values:
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise ValidationError.of("values", pair, "a (customer id, value) pair")
            ids.append(pair[0])
            raw.append(pair[1])
        _check_ids(ids)
        if len(set(ids)) != len(ids):
            seen: set[object] = set()
            for customer_id in ids:
                if customer_id in seen:
                    raise ValidationError.of("values", customer_id, "each customer id at most once")
                seen.add(customer_id)
    else:
        raise ValidationError.of("values", values, "a mapping (or pairs) of customer id to value")
    amounts, currency = _read_amounts(raw, ids)
    return ids, amounts, currency


def _read_values(
    values: Mapping[str, Value] | Iterable[Value],
) -> tuple[list[Decimal], str | None]:
    if isinstance(values, Mapping):
        _, amounts, common = _read_pairs(values)
        return amounts, common
    if not isinstance(values, Iterable) or isinstance(values, str | bytes):
        raise ValidationError.of("values", values, "an iterable of values")
    return _read_amounts(list(values), None)


_Ranking = tuple[list[Decimal], int, list[Decimal]]
"""Amounts sorted highest first, how many of them are positive, and the running totals of
the positive ones (``running[i] = amounts[0] + … + amounts[i]``)."""


def _ranking(amounts_desc: list[Decimal]) -> _Ranking:
    positive = len(amounts_desc)
    while positive and amounts_desc[positive - 1] <= 0:
        positive -= 1
    return amounts_desc, positive, list(accumulate(islice(amounts_desc, positive)))


def _cutoffs_of(ranking: _Ranking, currency: str | None, policy: AbcPolicy) -> AbcCutoffs:
    """The thresholds of a ranking (the one place the ABC rule is coded).

    Value mode: the customer at position ``i`` has ``running[i - 1]`` (0 for the first) ranked
    ahead, so positions ``0 … m`` are ahead of less than the cap, where ``m`` is the number of
    running totals below the cap.  Head-count mode: position ``i`` has ``i`` customers ahead,
    so positions below the cap qualify.  The threshold is the value at the last qualifying
    position: customers tied with it share its class.
    """
    amounts, positive, running = ranking
    total = running[-1] if running else _ZERO

    def last_position(limit: Decimal) -> int:
        if policy.mode is AbcMode.VALUE_SHARE:
            return bisect_left(running, limit * total)
        cap = limit * len(amounts)
        return int(cap.to_integral_value(ROUND_CEILING)) - 1

    def threshold(limit: Decimal) -> Decimal | None:
        if not positive:
            return None
        return amounts[min(last_position(limit), positive - 1)]

    return AbcCutoffs(
        policy_name=policy.name,
        policy_version=policy.version,
        mode=policy.mode,
        a_limit=policy.a_limit,
        b_limit=policy.b_limit,
        currency=currency,
        customers=len(amounts),
        total=total,
        a_threshold=threshold(policy.a_limit),
        b_threshold=threshold(policy.b_limit),
    )


def _check_policy(policy: object, cls: type, name: str = "policy") -> None:
    if not isinstance(policy, cls):
        article = "an" if cls.__name__[0] in "AEIOU" else "a"
        raise ValidationError.of(name, policy, f"{article} {cls.__name__}")


def abc_cutoffs(values: Mapping[str, Value] | Iterable[Value], policy: AbcPolicy) -> AbcCutoffs:
    """The ABC value thresholds of a whole portfolio (the first half of :func:`abc_classify`).

    ``values`` are the portfolio's values — a mapping of customer id to value, or just the
    values (ids are not needed for the thresholds).  Use it with :func:`abc_apply` to
    classify customers elsewhere (another process, another shard) exactly as
    :func:`abc_classify` would.

    Raises :class:`PolicyError` when values mix currencies (or Money and plain numbers) and
    :class:`ValidationError` for a value that is neither Money nor an exact number.
    """
    _check_policy(policy, AbcPolicy)
    amounts, currency = _read_values(values)
    amounts.sort(reverse=True)
    return _cutoffs_of(_ranking(amounts), currency, policy)


def _class_of(
    amount: Decimal, a_threshold: Decimal | None, b_threshold: Decimal | None
) -> AbcClass:
    if amount <= 0:
        return AbcClass.C
    if a_threshold is not None and amount >= a_threshold:
        return AbcClass.A
    if b_threshold is not None and amount >= b_threshold:
        return AbcClass.B
    return AbcClass.C


def abc_apply(value: Value, cutoffs: AbcCutoffs) -> AbcClass:
    """The ABC class of one ``value`` under ``cutoffs`` from :func:`abc_cutoffs`.

    A at or above ``a_threshold``, B at or above ``b_threshold``, else C; zero or negative is
    C.  ``value`` must be in the cutoffs' currency (Money), or a plain number when the cutoffs
    came from plain numbers; otherwise :class:`PolicyError`.
    """
    _check_policy(cutoffs, AbcCutoffs, "cutoffs")
    amount, _, _ = _read_amount(
        value,
        "value",
        cutoffs.currency,
        None if cutoffs.customers == 0 else cutoffs.currency is None,
    )
    return _class_of(amount, cutoffs.a_threshold, cutoffs.b_threshold)


def abc_classify(
    values: Mapping[str, Value] | Iterable[tuple[str, Value]], policy: AbcPolicy
) -> AbcClassification:
    """ABC / Pareto classes of a portfolio (客户ABC分类) [seed 004 篇6 §3, §4.3].

    ``values`` maps each customer id to its value — revenue or gross profit as Money (one
    currency) or plain exact numbers; pairs ``(id, value)`` are accepted too.  The rule is
    :class:`AbcPolicy`'s; the thresholds are those of :func:`abc_cutoffs` and each class that
    of :func:`abc_apply`, so the three always agree.

    The result does not depend on the input order.  An empty portfolio gives an empty
    result.  Raises :class:`PolicyError` for mixed currencies and :class:`ValidationError`
    for a duplicate id or a value that is not Money or an exact number.
    """
    _check_policy(policy, AbcPolicy)
    given_ids, given_amounts, currency = _read_pairs(values)
    # Stable sort, highest value first; equal values are put in id order below so the result
    # never depends on the input order.
    ranked = sorted(zip(given_amounts, given_ids, strict=True), key=_amount_of, reverse=True)
    ranking = _ranking(list(map(_amount_of, ranked)))
    cutoffs = _cutoffs_of(ranking, currency, policy)
    amounts, positive, running = ranking
    total, count = cutoffs.total, len(amounts)
    ids = list(map(_id_of, ranked))
    ranks = list(range(1, count + 1))
    # Columns in bulk: each share, and the running share through each position.
    shares = [value / total for value in islice(amounts, positive)]
    cumulative = [part / total for part in running]
    shares.extend(repeat(_ZERO, count - positive))
    cumulative.extend(repeat(_ONE if positive else _ZERO, count - positive))
    # Equal values form one group: the group's best rank, the cumulative share through the
    # whole group, ids in order.
    tied = compress(range(1, count), map(eq, islice(amounts, 1, None), amounts))
    start = end = -1
    for position in tied:
        if position != end:
            if end > 0:
                _settle_tie(start, end, ids, ranks, cumulative)
            start = position - 1
        end = position + 1
    if end > 0:
        _settle_tie(start, end, ids, ranks, cumulative)
    return AbcClassification(
        cutoffs=cutoffs,
        customer_ids=tuple(ids),
        values=tuple(amounts),
        classes=_classes_of(amounts, cutoffs),
        ranks=tuple(ranks),
        shares=tuple(shares),
        cumulative_shares=tuple(cumulative),
    )


def _settle_tie(
    start: int, end: int, ids: list[str], ranks: list[int], cumulative: list[Decimal]
) -> None:
    """Positions ``start`` to ``end`` (exclusive) hold one value: one rank, one cumulative."""
    size = end - start
    ids[start:end] = sorted(ids[start:end])
    ranks[start:end] = repeat(start + 1, size)
    cumulative[start:end] = repeat(cumulative[end - 1], size)


def _classes_of(amounts: list[Decimal], cutoffs: AbcCutoffs) -> tuple[AbcClass, ...]:
    """:func:`abc_apply` over amounts sorted highest first: a run of A, a run of B, then C.

    Applying the thresholds to sorted values gives runs, so only the run lengths are
    searched (values at or above a threshold are positive, as thresholds are).
    """
    count = len(amounts)
    a_count = _at_least(amounts, cutoffs.a_threshold)
    b_count = max(a_count, _at_least(amounts, cutoffs.b_threshold))
    return (
        (AbcClass.A,) * a_count
        + (AbcClass.B,) * (b_count - a_count)
        + (AbcClass.C,) * (count - b_count)
    )


def _at_least(amounts: list[Decimal], threshold: Decimal | None) -> int:
    """How many leading amounts (sorted highest first) are at least ``threshold``."""
    if threshold is None:
        return 0
    return bisect_right(amounts, -threshold, key=neg)


_amount_of = itemgetter(0)
_id_of = itemgetter(1)


# ================================================================================= Scorecard


class Factor(LabelledEnum):
    """A factor of the key-account scorecard 大客户评定表, with what it measures.

    * ``revenue`` 销售额 — the period's revenue, in the policy's currency [seed 003 4.64–4.65].
    * ``gross-profit`` 毛利 — the period's gross profit, in the policy's currency
      [seed 003 4.66 客户销售毛利排名表].
    * ``growth`` 业务增长 — revenue growth vs the previous period as a fraction (0.1 = +10 %);
      unknown without a previous revenue [seed 000 第五条 "扩大客户的业务规模"].
    * ``credit`` 信用状况 — the customer's credit level as a number: A 3, B 2, C 1, D 0;
      unknown when not rated [seed 000 "客户信用等级监控"].
    * ``strategic-value`` 战略价值 — how many of two marks hold: a clear competitive advantage
      in its industry, an industry the state encourages (0–2) [seed 004 篇6 §4.3].
    * ``loyalty`` 合作年限 — whole years of cooperation [seed 000 第五条 "保持客户的忠诚度"].
    """

    REVENUE = "revenue", "销售额"
    GROSS_PROFIT = "gross-profit", "毛利"
    GROWTH = "growth", "业务增长"
    CREDIT = "credit", "信用状况"
    STRATEGIC_VALUE = "strategic-value", "战略价值"
    LOYALTY = "loyalty", "合作年限"

    @property
    def in_money(self) -> bool:
        """True for the factors measured in money (revenue, gross profit)."""
        return self in (Factor.REVENUE, Factor.GROSS_PROFIT)


def _show_measure(factor: Factor, value: Decimal, currency: str) -> str:
    """A factor's measure in its unit, for explanations."""
    if factor.in_money:
        return _money(value, currency)
    if factor is Factor.GROWTH:
        return f"{value * _HUNDRED:+.1f} %"
    if factor is Factor.CREDIT:
        for level in CreditLevel:
            if Decimal(3 - level.rank) == value:
                return f"level {level.value} ({_num(value)})"
        return _num(value)
    if factor is Factor.STRATEGIC_VALUE:
        return f"{_num(value)} of 2 marks"
    return f"{_num(value)} years"


@frozen(kw_only=True)
class Band:
    """One step of a step curve: ``points`` for a measure of at least ``at_least``."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    at_least: Decimal = attrs.field(converter=to_decimal)
    points: Decimal = attrs.field(converter=to_decimal, validator=between(0, 100))


@frozen(kw_only=True)
class Bands:
    """A step scoring curve 分档计分: the points of the highest step the measure reaches.

    ``steps`` are ordered by ``at_least``, strictly ascending, with points never decreasing
    (so more of a factor never scores less); a measure below the first step scores
    ``below`` (at most the first step's points).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    steps: tuple[Band, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(Band), container="bands")
    )
    below: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=between(0, 100))
    # Defaults keep private fields out of cattrs' choice between Bands and Ramp.
    _descending: tuple[Band, ...] = attrs.field(default=(), init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not self.steps:
            raise PolicyError.of("steps", self.steps, "at least one band")
        previous = None
        for index, step in enumerate(self.steps):
            if previous is not None and step.at_least <= previous.at_least:
                raise PolicyError.of(
                    f"steps[{index}].at_least",
                    step.at_least,
                    f"more than the previous band's {_num(previous.at_least)}",
                )
            if previous is not None and step.points < previous.points:
                raise PolicyError.of(
                    f"steps[{index}].points",
                    step.points,
                    f"at least the previous band's {_num(previous.points)} points",
                )
            previous = step
        if self.below > self.steps[0].points:
            raise PolicyError.of(
                "below", self.below, f"at most the first band's {_num(self.steps[0].points)} points"
            )
        object.__setattr__(self, "_descending", tuple(reversed(self.steps)))

    def points(self, measure: Decimal) -> Decimal:
        """The points (0–100) for ``measure``."""
        for step in self._descending:
            if measure >= step.at_least:
                return step.points
        return self.below

    def describe(self, show: Any) -> str:
        """The curve in words; ``show`` renders a bound in the factor's unit."""
        steps = ", ".join(f">= {show(s.at_least)}: {_num(s.points)}" for s in self.steps)
        return f"bands {steps}, below: {_num(self.below)}"


@frozen(kw_only=True)
class Ramp:
    """A linear scoring curve 线性计分: 0 points at or below ``low``, 100 at or above ``high``.

    Between the bounds the points are ``100 × (measure − low) / (high − low)``, rounded to
    0.01 half away from zero (so the score is exact to four decimals).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    low: Decimal = attrs.field(converter=to_decimal)
    high: Decimal = attrs.field(converter=to_decimal)
    _span: Decimal = attrs.field(default=_ONE, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.high <= self.low:
            raise PolicyError.of("high", self.high, f"more than low ({_num(self.low)})")
        object.__setattr__(self, "_span", self.high - self.low)

    def points(self, measure: Decimal) -> Decimal:
        """The points (0–100) for ``measure``."""
        if measure <= self.low:
            return _ZERO
        if measure >= self.high:
            return _HUNDRED
        return (_HUNDRED * (measure - self.low) / self._span).quantize(_CENT, ROUND_HALF_UP)

    def describe(self, show: Any) -> str:
        """The curve in words; ``show`` renders a bound in the factor's unit."""
        return f"linear from {show(self.low)} (0) to {show(self.high)} (100)"


Curve = Bands | Ramp


@frozen(kw_only=True)
class FactorRule:
    """One factor of a scorecard: its weight (points out of 100) and its scoring curve.

    ``weight`` > 0; the factor contributes ``weight × points / 100``.  ``when_missing`` are
    the points (0–100) given when the measure is unknown (growth without a previous revenue,
    credit without a rating).  For ``revenue`` and ``gross-profit`` the curve's bounds are
    amounts in the scorecard policy's currency.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    factor: Factor = attrs.field(validator=instance_of(Factor))
    weight: Decimal = attrs.field(converter=to_decimal, validator=[positive, between(0, 100)])
    curve: Bands | Ramp = attrs.field(validator=instance_of(Bands, Ramp))
    when_missing: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=between(0, 100)
    )


@frozen(kw_only=True)
class ScoreBands:
    """Grade bands of the scorecard 评级档次: the minimum score of grades A, B and C.

    ``100 >= a > b > c >= 0``; a score below ``c`` is grade D.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    a: Decimal = attrs.field(converter=to_decimal, validator=between(0, 100))
    b: Decimal = attrs.field(converter=to_decimal, validator=between(0, 100))
    c: Decimal = attrs.field(converter=to_decimal, validator=between(0, 100))

    def __attrs_post_init__(self) -> None:
        if not self.a > self.b:
            raise PolicyError.of("b", self.b, f"less than a ({_num(self.a)})")
        if not self.b > self.c:
            raise PolicyError.of("c", self.c, f"less than b ({_num(self.b)})")

    def grade(self, score: Decimal | int) -> Grade:
        """The grade of ``score``: A at or above ``a``, B at or above ``b``, C at or above ``c``.

        ``score`` is a finite number (Decimal or int); anything else raises
        :class:`ValidationError` at ``score``.
        """
        if type(score) is not Decimal or not score.is_finite():
            score = require_number(score, "score")
        if score >= self.a:
            return Grade.A
        if score >= self.b:
            return Grade.B
        if score >= self.c:
            return Grade.C
        return Grade.D

    def floor(self, grade: Grade) -> Decimal:
        """The lowest score of ``grade`` (0 for D)."""
        return (self.a, self.b, self.c, _ZERO)[grade.rank]

    def describe(self) -> str:
        """``A >= 80, B >= 65, C >= 50, else D``."""
        return f"A >= {_num(self.a)}, B >= {_num(self.b)}, C >= {_num(self.c)}, else D"


_MEASURE_CODES = {factor: index for index, factor in enumerate(Factor)}
_CANONICAL = tuple(range(len(Factor)))
_ALL_FACTORS = (True,) * len(Factor)


def _plan_entry(rule: FactorRule) -> tuple[Any, ...]:
    """``(measure code, weight / 100, points when missing, steps, below, low, high, span)``.

    Steps are ``(at_least, points)`` pairs, highest first, for a step curve (``None`` for a
    ramp); ``low``, ``high`` and ``span`` describe a ramp (``None`` for steps).
    """
    code, share, missing = _MEASURE_CODES[rule.factor], rule.weight / _HUNDRED, rule.when_missing
    curve = rule.curve
    if isinstance(curve, Ramp):
        return (code, share, missing, None, None, curve.low, curve.high, curve.high - curve.low)
    steps = tuple((step.at_least, step.points) for step in reversed(curve.steps))
    return (code, share, missing, steps, curve.below, None, None, None)


@frozen(kw_only=True)
class ScorecardPolicy:
    """The key-account scorecard 大客户评定表: weighted factors, a score 0–100, grades A–D.

    Fields:
        name, version: identify the policy in results.
        currency: the unit of the money factors' curves (ISO code); figures in another
            currency raise :class:`PolicyError`.
        period_kind: when set, figures must be for a period of this kind (money bounds for a
            year mean nothing for a month).
        factors: the factors, each at most once, weights summing to exactly 100.
        bands: the grade bands.

    The score is the sum of the factor contributions, so it lies in [0, 100] and every curve
    being non-decreasing makes it non-decreasing in every factor.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=_policy_name)
    version: str = attrs.field(validator=_policy_version)
    currency: str = attrs.field(default="CNY", validator=_currency_code)
    period_kind: PeriodKind | None = attrs.field(
        default=None, validator=optional(instance_of(PeriodKind))
    )
    factors: tuple[FactorRule, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(FactorRule), container="factor rules")
    )
    bands: ScoreBands = attrs.field(validator=instance_of(ScoreBands))
    # (measure code, weight / 100, curve, points when missing) per factor, computed once.
    _plan: tuple[tuple[Any, ...], ...] = attrs.field(init=False, eq=False, repr=False)
    _in_money: bool = attrs.field(init=False, eq=False, repr=False)
    # The measure code of each factor, in the policy's order, and which codes are used
    # (``_ALL_FACTORS`` itself when the policy lists every factor in Factor's order).
    _codes: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    _uses: tuple[bool, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        seen: set[Factor] = set()
        for index, rule in enumerate(self.factors):
            if rule.factor in seen:
                raise PolicyError.of(
                    f"factors[{index}].factor", rule.factor.value, "each factor at most once"
                )
            seen.add(rule.factor)
        if not self.factors:
            raise PolicyError.of("factors", self.factors, "at least one factor")
        total = sum((rule.weight for rule in self.factors), _ZERO)
        if total != _HUNDRED:
            parts = " + ".join(f"{r.factor.value} {_num(r.weight)}" for r in self.factors)
            raise PolicyError(f"weights must sum to 100, got {_num(total)} ({parts})")
        plan = tuple(_plan_entry(rule) for rule in self.factors)
        object.__setattr__(self, "_plan", plan)
        object.__setattr__(self, "_in_money", any(r.factor.in_money for r in self.factors))
        codes = tuple(entry[0] for entry in plan)
        uses = tuple(code in codes for code in range(len(Factor)))
        object.__setattr__(self, "_codes", codes)
        object.__setattr__(self, "_uses", _ALL_FACTORS if codes == _CANONICAL else uses)

    def rule_for(self, factor: Factor) -> FactorRule | None:
        """The rule of ``factor``, or ``None`` when the policy does not use it."""
        for rule in self.factors:
            if rule.factor is factor:
                return rule
        return None


@frozen(kw_only=True)
class FactorScore:
    """One factor's line in a scorecard result: measure → points → contribution.

    ``measure`` is ``None`` when unknown (then ``points`` are the rule's ``when_missing``);
    ``contribution = weight × points / 100``.
    """

    factor: Factor
    weight: Decimal
    curve: Bands | Ramp
    measure: Decimal | None
    points: Decimal
    contribution: Decimal


@frozen(kw_only=True)
class ScorecardResult:
    """A customer's scorecard 大客户评定结果: score 0–100, grade, each factor's contribution.

    ``measures``, ``points`` and ``contributions`` are aligned with ``policy.factors`` (one
    entry per factor, in the policy's order); :meth:`factor_scores` pairs them up.
    ``score`` is exactly the sum of ``contributions``; ``grade`` is ``policy.bands`` applied
    to it.

    Fields:
        customer_id, period: whose figures, for which period.
        policy: the scorecard applied (its factors, curves and bands are the thresholds).
        measures: each factor's measure (money amounts in ``policy.currency``), ``None`` if
            unknown.
        points: each factor's points 0–100.
        contributions: each factor's contribution to the score.
        score: the total, 0–100.
        grade: the grade of the score.
    """

    customer_id: Identifier
    period: Period
    policy: ScorecardPolicy
    measures: tuple[Decimal | None, ...]
    points: tuple[Decimal, ...]
    contributions: tuple[Decimal, ...]
    score: Decimal
    grade: Grade

    def factor_scores(self) -> tuple[FactorScore, ...]:
        """One :class:`FactorScore` per factor, in the policy's order."""
        return tuple(
            FactorScore(
                factor=rule.factor,
                weight=rule.weight,
                curve=rule.curve,
                measure=measure,
                points=points,
                contribution=contribution,
            )
            for rule, measure, points, contribution in zip(
                self.policy.factors, self.measures, self.points, self.contributions, strict=True
            )
        )

    def contribution(self, factor: Factor) -> Decimal:
        """The contribution of ``factor`` (0 when the policy does not use it)."""
        for rule, contribution in zip(self.policy.factors, self.contributions, strict=True):
            if rule.factor is factor:
                return contribution
        return _ZERO

    def explain(self) -> str:
        """The score, the grade and one line per factor, for people."""
        policy = self.policy
        lines = [
            f"Scorecard {policy.name!r} v{policy.version} for {self.customer_id}, {self.period}: "
            f"score {_num(self.score)} -> grade {self.grade.value} ({policy.bands.describe()})"
        ]
        for line in self.factor_scores():
            factor = line.factor

            def show(value: Decimal, factor: Factor = factor) -> str:
                return _show_measure(factor, value, policy.currency)

            measure = "unknown" if line.measure is None else show(line.measure)
            lines.append(
                f"  {factor.value} {factor.label_zh}: {measure} -> {_num(line.points)} points "
                f"x weight {_num(line.weight)} = {_num(line.contribution)} "
                f"[{line.curve.describe(show)}]"
            )
        return "\n".join(lines)


def _check_scorecard_inputs(figures: object, profile: object, policy: object) -> None:
    if type(figures) is not AccountFigures and not isinstance(figures, AccountFigures):
        raise ValidationError.of("figures", figures, "AccountFigures")
    if type(profile) is not Customer and not isinstance(profile, Customer):
        raise ValidationError.of("profile", profile, "a Customer")
    _check_policy(policy, ScorecardPolicy)


def scorecard(
    figures: AccountFigures,
    profile: Customer,
    policy: ScorecardPolicy,
    *,
    as_of: date | None = None,
) -> ScorecardResult:
    """Score one customer on the weighted scorecard 大客户评定表 (SPEC §3.1).

    ``figures`` are the customer's figures for a period; ``profile`` is the customer (credit
    level, strategic marks, cooperation start); ``as_of`` is the day years of cooperation are
    counted to — by default the last day of ``figures.period``.

    Each factor's measure goes through its curve to points 0–100 (unknown → the rule's
    ``when_missing``); contribution = weight × points / 100; score = Σ contributions, in
    [0, 100]; grade from ``policy.bands``.  No rounding except the ramp points (to 0.01).

    Raises :class:`ValidationError` when ``profile`` is not the customer of ``figures`` and
    :class:`PolicyError` when the figures' currency or period kind is not the policy's.
    """
    if (
        type(figures) is not AccountFigures
        or type(profile) is not Customer
        or type(policy) is not ScorecardPolicy
    ):
        _check_scorecard_inputs(figures, profile, policy)
    if profile.id != figures.customer_id:
        raise ValidationError.of(
            "profile.id", profile.id, f"the customer of the figures ({figures.customer_id!r})"
        )
    revenue = figures.revenue
    if policy._in_money and revenue.currency != policy.currency:
        raise PolicyError.of(
            "figures.revenue.currency",
            revenue.currency,
            f"{policy.currency}, the currency of scorecard {policy.name!r}",
        )
    if policy.period_kind is not None and figures.period.kind is not policy.period_kind:
        raise PolicyError.of(
            "figures.period",
            str(figures.period),
            f"a {policy.period_kind.value} period, as scorecard {policy.name!r} requires",
        )
    # Every measure the policy uses, by code (the order of Factor: revenue, gross profit,
    # growth, credit, strategic value, loyalty); the two dear ones only when used.
    amount = revenue.amount
    uses = policy._uses
    growth = None
    if uses[2]:
        previous = figures.previous_revenue
        if previous is not None and previous.amount:
            growth = amount / previous.amount - _ONE
    years = None
    if uses[5]:
        if as_of is None:
            as_of = figures.period.end
        years = _whole_number(profile.years_of_cooperation(as_of))
    level = profile.credit_level
    found = (
        amount,
        figures.gross_profit.amount,
        growth,
        None if level is None else _CREDIT_MEASURE[level],
        _STRATEGIC_MEASURE[profile.industry_leader + profile.encouraged_industry],
        years,
    )
    points: list[Decimal] = []
    contributions: list[Decimal] = []
    score = _ZERO
    for code, share, when_missing, steps, below, low, high, span in policy._plan:
        measure = found[code]
        # The curves of Ramp.points and Bands.points, inlined: this loop runs once per factor
        # and customer, and a method call would cost as much as the arithmetic.
        if measure is None:
            earned = when_missing
        elif steps is None:
            if measure <= low:
                earned = _ZERO
            elif measure >= high:
                earned = _HUNDRED
            else:
                earned = (_HUNDRED * (measure - low) / span).quantize(_CENT, ROUND_HALF_UP)
        else:
            earned = below
            for at_least, step_points in steps:
                if measure >= at_least:
                    earned = step_points
                    break
        contribution = earned * share
        score += contribution
        points.append(earned)
        contributions.append(contribution)
    measures = found if uses is _ALL_FACTORS else tuple(map(found.__getitem__, policy._codes))
    return ScorecardResult(
        customer_id=figures.customer_id,
        period=figures.period,
        policy=policy,
        measures=tuple(measures),
        points=tuple(points),
        contributions=tuple(contributions),
        score=score,
        grade=policy.bands.grade(score),
    )


_CREDIT_MEASURE = {level: Decimal(3 - level.rank) for level in CreditLevel}
_STRATEGIC_MEASURE = (Decimal(0), Decimal(1), Decimal(2))
_YEARS = tuple(Decimal(years) for years in range(100))


def _whole_number(count: int) -> Decimal:
    """``Decimal(count)``, from a table for the usual counts (years of cooperation)."""
    return _YEARS[count] if count < 100 else Decimal(count)


# ============================================================================= Credit rating


class CreditCriterion(LabelledEnum):
    """A criterion of a credit level 信用评估指标 [seed 004 "客户货款进度, 客户信用记录"]."""

    ON_TIME_RATE = "on-time-rate", "按时付款率"
    DAYS_OVERDUE = "max-days-overdue", "最长逾期天数"
    OVERDUE_SHARE = "overdue-share", "逾期应收占比"
    YEARS = "years-of-cooperation", "合作年限"


@frozen(kw_only=True)
class CreditLevelRule:
    """What a credit level requires and grants 信用等级标准.

    Requirements (``None`` = no requirement): ``min_on_time_rate`` (0–1),
    ``max_days_overdue`` (days), ``max_overdue_share`` (0–1), ``min_years`` (years of
    cooperation).  Grants: ``credit_limit`` 信用额度 (Money, >= 0) and
    ``payment_terms_days`` 账期 (days, >= 0; 0 = payment before delivery).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    level: CreditLevel = attrs.field(validator=instance_of(CreditLevel))
    credit_limit: Money = attrs.field(validator=instance_of(Money))
    payment_terms_days: int = attrs.field(validator=between(0, 3660))
    min_on_time_rate: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(between(0, 1))
    )
    max_days_overdue: int | None = attrs.field(default=None, validator=optional(non_negative))
    max_overdue_share: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(between(0, 1))
    )
    min_years: int | None = attrs.field(default=None, validator=optional(non_negative))

    def __attrs_post_init__(self) -> None:
        if self.credit_limit.amount < 0:
            raise PolicyError.of("credit_limit", self.credit_limit, "an amount >= 0")

    def requirements(self) -> tuple[tuple[CreditCriterion, Decimal | int], ...]:
        """The criteria this level sets, with their thresholds."""
        found: list[tuple[CreditCriterion, Decimal | int]] = []
        if self.min_on_time_rate is not None:
            found.append((CreditCriterion.ON_TIME_RATE, self.min_on_time_rate))
        if self.max_days_overdue is not None:
            found.append((CreditCriterion.DAYS_OVERDUE, self.max_days_overdue))
        if self.max_overdue_share is not None:
            found.append((CreditCriterion.OVERDUE_SHARE, self.max_overdue_share))
        if self.min_years is not None:
            found.append((CreditCriterion.YEARS, self.min_years))
        return tuple(found)


def _looser(better: Any, worse: Any, higher_is_stricter: bool) -> bool:
    """True when the better level's requirement is looser than the worse level's."""
    if worse is None:
        return False
    if better is None:
        return True
    return bool(better < worse) if higher_is_stricter else bool(better > worse)


@frozen(kw_only=True)
class CreditPolicy:
    """Credit rating policy 客户信用评估 (SPEC §3.1).

    ``levels`` are the rules of A, B, C and D, in that order.  A customer gets the best level
    whose requirements it all meets; D must require nothing (everyone else lands there).  A
    better level is at least as strict as a worse one on every criterion and grants at least
    the same limit and terms, so a worse payment record never gives a better level.

    Flags: **dangerous customer** 危险客户 — level D, or anything overdue more than
    ``dangerous_days_overdue`` days [seed 003 4.72]; **excellent customer** 优秀客户 — level A
    with at least ``excellent_min_years`` of cooperation and nothing overdue more than
    ``excellent_max_days_overdue`` days [seed 003 4.71].
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=_policy_name)
    version: str = attrs.field(validator=_policy_version)
    levels: tuple[CreditLevelRule, ...] = attrs.field(
        converter=to_tuple, validator=each(instance_of(CreditLevelRule), container="level rules")
    )
    dangerous_days_overdue: int = attrs.field(default=90, validator=non_negative)
    excellent_min_years: int = attrs.field(default=3, validator=non_negative)
    excellent_max_days_overdue: int = attrs.field(default=0, validator=non_negative)

    def __attrs_post_init__(self) -> None:
        found = tuple(rule.level for rule in self.levels)
        if found != tuple(CreditLevel):
            raise PolicyError.of(
                "levels",
                tuple(level.value for level in found),
                "the rules of levels A, B, C and D, in that order",
            )
        if self.levels[-1].requirements():
            raise PolicyError.of(
                "levels[3]",
                self.levels[-1].level.value,
                "no requirements for level D (every customer meeting no better level lands there)",
            )
        currency = self.levels[0].credit_limit.currency
        for index, rule in enumerate(self.levels):
            if rule.credit_limit.currency != currency:
                raise PolicyError.of(
                    f"levels[{index}].credit_limit.currency",
                    rule.credit_limit.currency,
                    f"{currency} like level A's limit",
                )
        for index in range(1, len(self.levels)):
            better, worse = self.levels[index - 1], self.levels[index]
            path = f"levels[{index - 1}]"
            for field, stricter_high in (
                ("min_on_time_rate", True),
                ("max_days_overdue", False),
                ("max_overdue_share", False),
                ("min_years", True),
            ):
                if _looser(getattr(better, field), getattr(worse, field), stricter_high):
                    raise PolicyError.of(
                        f"{path}.{field}",
                        getattr(better, field),
                        f"at least as strict as level {worse.level.value}'s "
                        f"({_num(getattr(worse, field))})",
                    )
            if better.credit_limit.amount < worse.credit_limit.amount:
                raise PolicyError.of(
                    f"{path}.credit_limit",
                    better.credit_limit.amount,
                    f"at least level {worse.level.value}'s limit ({worse.credit_limit.amount})",
                )
            if better.payment_terms_days < worse.payment_terms_days:
                raise PolicyError.of(
                    f"{path}.payment_terms_days",
                    better.payment_terms_days,
                    f"at least level {worse.level.value}'s terms ({worse.payment_terms_days})",
                )

    @property
    def currency(self) -> str:
        """The currency of the credit limits."""
        return self.levels[0].credit_limit.currency

    def rule_of(self, level: CreditLevel) -> CreditLevelRule:
        """The rule of ``level`` (a :class:`CreditLevel` or its value, e.g. ``"B"``)."""
        return self.levels[CreditLevel.parse(level, field="level").rank]


@frozen(kw_only=True)
class PaymentRecord:
    """A customer's payment record 客户付款记录 [seed 004 "客户货款进度, 客户信用记录"].

    Fields:
        customer_id: the customer.
        as_of: the day the record was taken (credit changes are dated by it).
        on_time_payment_rate: share of payments made on time, 0–1; ``None`` when nothing
            fell due (the on-time requirement is then not applied).
        max_days_overdue: the longest any payment was overdue, in days.
        overdue_share: overdue receivables as a share of receivables, 0–1.
        years_of_cooperation: whole years of business with the company.
        current_level: the credit level in force, ``None`` if never rated.

    Build one from a period's figures with :meth:`from_figures`.
    """

    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    as_of: date = attrs.field(validator=plain_date)
    on_time_payment_rate: Decimal | None = attrs.field(
        converter=to_optional_decimal, validator=optional(between(0, 1))
    )
    max_days_overdue: int = attrs.field(default=0, validator=non_negative)
    overdue_share: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=between(0, 1)
    )
    years_of_cooperation: int = attrs.field(default=0, validator=non_negative)
    current_level: CreditLevel | None = attrs.field(
        default=None, validator=optional(instance_of(CreditLevel))
    )

    @classmethod
    def from_figures(
        cls, figures: AccountFigures, customer: Customer, *, as_of: date | None = None
    ) -> PaymentRecord:
        """The record of ``customer`` from its ``figures``, as of ``as_of``.

        ``as_of`` defaults to the last day of the figures' period; years of cooperation are
        counted to it; the current level is the customer's ``credit_level``.
        """
        if not isinstance(figures, AccountFigures):
            raise ValidationError.of("figures", figures, "AccountFigures")
        if not isinstance(customer, Customer):
            raise ValidationError.of("customer", customer, "a Customer")
        if customer.id != figures.customer_id:
            raise ValidationError.of(
                "customer.id", customer.id, f"the customer of the figures ({figures.customer_id!r})"
            )
        day = figures.period.end if as_of is None else as_of
        return cls(
            customer_id=figures.customer_id,
            as_of=day,
            on_time_payment_rate=figures.on_time_payment_rate,
            max_days_overdue=figures.max_days_overdue,
            overdue_share=figures.overdue_share,
            years_of_cooperation=customer.years_of_cooperation(day),
            current_level=customer.credit_level,
        )

    def describe(self) -> str:
        """The record in words."""
        rate = (
            "no payment due"
            if self.on_time_payment_rate is None
            else f"on time {_pct(self.on_time_payment_rate)}"
        )
        return (
            f"{rate}, max {self.max_days_overdue} days overdue, "
            f"overdue share {_pct(self.overdue_share)}, "
            f"{self.years_of_cooperation} years of cooperation"
        )


@frozen(kw_only=True)
class CreditShortfall:
    """A requirement of a better level that the record misses: ``actual`` vs ``required``."""

    level: CreditLevel
    criterion: CreditCriterion
    required: Decimal
    actual: Decimal

    def describe(self) -> str:
        """``on-time-rate 90.0 % < 95.0 %``-style text."""
        if self.criterion in (CreditCriterion.ON_TIME_RATE, CreditCriterion.OVERDUE_SHARE):
            actual, required = _pct(self.actual), _pct(self.required)
        else:
            actual, required = _num(self.actual), _num(self.required)
        relation = "<" if self.criterion in _AT_LEAST else ">"
        return f"{self.criterion.value} {actual} {relation} {required}"


_AT_LEAST = (CreditCriterion.ON_TIME_RATE, CreditCriterion.YEARS)


@frozen(kw_only=True)
class CreditChange:
    """A line of the credit change list 客户信用度变更表 [seed 003 4.70].

    Produced when a rating differs from the level in force.  ``reasons`` are the
    requirements of the previous level that the record now misses (empty for an upgrade).
    """

    customer_id: Identifier
    on: date
    previous_level: CreditLevel
    new_level: CreditLevel
    previous_limit: Money
    new_limit: Money
    reasons: tuple[CreditShortfall, ...]

    @property
    def upgrade(self) -> bool:
        """True when the new level is better than the previous one."""
        return self.new_level.rank < self.previous_level.rank

    def explain(self) -> str:
        """The change in one line."""
        direction = "upgrade" if self.upgrade else "downgrade"
        why = "; ".join(r.describe() for r in self.reasons)
        tail = f" because {why}" if why else ""
        return (
            f"credit change for {self.customer_id} on {self.on.isoformat()}: "
            f"{self.previous_level.value} -> {self.new_level.value} ({direction}), "
            f"limit {self.previous_limit} -> {self.new_limit}{tail}"
        )


@frozen(kw_only=True)
class CreditRating:
    """A customer's credit rating 客户信用评估结果.

    Fields:
        record: the payment record rated (the inputs).
        policy: the credit policy applied (its level rules are the thresholds).
        level: the credit level.
        credit_limit, payment_terms_days: what the level grants.
        shortfalls: for every better level, the requirements the record misses.
        dangerous: a dangerous customer 危险客户 (level D or overdue beyond the policy's days).
        excellent: an excellent customer 优秀客户.
        change: the credit change 信用度变更 when the level differs from the one in force.
    """

    record: PaymentRecord
    policy: CreditPolicy
    level: CreditLevel
    credit_limit: Money
    payment_terms_days: int
    shortfalls: tuple[CreditShortfall, ...]
    dangerous: bool
    excellent: bool
    change: CreditChange | None

    @property
    def customer_id(self) -> str:
        """The customer rated."""
        return self.record.customer_id

    def explain(self) -> str:
        """The level, what it grants, why not better, and the flags, for people."""
        policy = self.policy
        lines = [
            f"Credit rating of {self.customer_id} as of {self.record.as_of.isoformat()} under "
            f"{policy.name!r} v{policy.version}: level {self.level.value} "
            f"({self.level.label_zh}), limit {self.credit_limit}, "
            f"payment terms {self.payment_terms_days} days",
            f"  record: {self.record.describe()}",
        ]
        for level in CreditLevel:
            if level.rank >= self.level.rank:
                break
            missed = "; ".join(s.describe() for s in self.shortfalls if s.level is level)
            lines.append(f"  not {level.value}: {missed}")
        dangerous = "yes" if self.dangerous else "no"
        if self.dangerous:
            reasons = []
            if self.level is CreditLevel.D:
                reasons.append("level D")
            if self.record.max_days_overdue > policy.dangerous_days_overdue:
                reasons.append(
                    f"{self.record.max_days_overdue} days overdue > {policy.dangerous_days_overdue}"
                )
            dangerous += f" ({', '.join(reasons)})"
        lines.append(
            f"  dangerous customer 危险客户: {dangerous}; "
            f"excellent customer 优秀客户: {'yes' if self.excellent else 'no'}"
        )
        if self.change is not None:
            lines.append(f"  {self.change.explain()}")
        return "\n".join(lines)


def _shortfalls(record: PaymentRecord, rule: CreditLevelRule) -> list[CreditShortfall]:
    missed: list[CreditShortfall] = []
    level = rule.level
    rate = record.on_time_payment_rate
    if rule.min_on_time_rate is not None and rate is not None and rate < rule.min_on_time_rate:
        missed.append(
            CreditShortfall(
                level=level,
                criterion=CreditCriterion.ON_TIME_RATE,
                required=rule.min_on_time_rate,
                actual=rate,
            )
        )
    if rule.max_days_overdue is not None and record.max_days_overdue > rule.max_days_overdue:
        missed.append(
            CreditShortfall(
                level=level,
                criterion=CreditCriterion.DAYS_OVERDUE,
                required=Decimal(rule.max_days_overdue),
                actual=Decimal(record.max_days_overdue),
            )
        )
    if rule.max_overdue_share is not None and record.overdue_share > rule.max_overdue_share:
        missed.append(
            CreditShortfall(
                level=level,
                criterion=CreditCriterion.OVERDUE_SHARE,
                required=rule.max_overdue_share,
                actual=record.overdue_share,
            )
        )
    if rule.min_years is not None and record.years_of_cooperation < rule.min_years:
        missed.append(
            CreditShortfall(
                level=level,
                criterion=CreditCriterion.YEARS,
                required=Decimal(rule.min_years),
                actual=Decimal(record.years_of_cooperation),
            )
        )
    return missed


def credit_rating(record: PaymentRecord, policy: CreditPolicy) -> CreditRating:
    """Rate a payment record 客户信用评估 (SPEC §3.1; [seed 003 4.69–4.72]).

    The level is the best of A–D whose requirements the record all meets (an unknown
    on-time rate skips that requirement); it grants the level's credit limit and payment
    terms.  Dangerous 危险客户: level D or ``max_days_overdue`` above the policy's days.
    Excellent 优秀客户: level A, enough years, nothing overdue beyond the policy's days.
    When ``record.current_level`` is set and differs, the result carries a
    :class:`CreditChange` for the change list 客户信用度变更表.
    """
    _check_policy(record, PaymentRecord, "record")
    _check_policy(policy, CreditPolicy)
    shortfalls: list[CreditShortfall] = []
    chosen = policy.levels[-1]
    for rule in policy.levels:
        missed = _shortfalls(record, rule)
        if not missed:
            chosen = rule
            break
        shortfalls.extend(missed)
    level = chosen.level
    dangerous = level is CreditLevel.D or record.max_days_overdue > policy.dangerous_days_overdue
    excellent = (
        level is CreditLevel.A
        and not dangerous
        and record.years_of_cooperation >= policy.excellent_min_years
        and record.max_days_overdue <= policy.excellent_max_days_overdue
    )
    change = None
    current = record.current_level
    if current is not None and current is not level:
        previous_rule = policy.rule_of(current)
        change = CreditChange(
            customer_id=record.customer_id,
            on=record.as_of,
            previous_level=current,
            new_level=level,
            previous_limit=previous_rule.credit_limit,
            new_limit=chosen.credit_limit,
            reasons=tuple(_shortfalls(record, previous_rule)),
        )
    return CreditRating(
        record=record,
        policy=policy,
        level=level,
        credit_limit=chosen.credit_limit,
        payment_terms_days=chosen.payment_terms_days,
        shortfalls=tuple(shortfalls),
        dangerous=dangerous,
        excellent=excellent,
        change=change,
    )


@frozen(kw_only=True)
class CreditHeadroom:
    """Whether a new amount fits the credit limit 信用额度检查.

    ``fits`` when ``outstanding + amount <= credit_limit``; ``headroom`` is what is left
    before the new amount (negative when already over), ``excess`` how far the new total
    would go over (zero when it fits).
    """

    customer_id: Identifier
    level: CreditLevel
    credit_limit: Money
    outstanding: Money
    amount: Money
    headroom: Money
    excess: Money
    fits: bool
    dangerous: bool

    def explain(self) -> str:
        """The check in one line."""
        verdict = "fits" if self.fits else f"exceeds the limit by {self.excess}"
        warning = "; the customer is a dangerous customer 危险客户" if self.dangerous else ""
        return (
            f"{self.customer_id}: {self.amount} on top of {self.outstanding} outstanding "
            f"{verdict} (level {self.level.value} limit {self.credit_limit}, "
            f"headroom {self.headroom}){warning}"
        )


def credit_headroom(rating: CreditRating, *, outstanding: Money, amount: Money) -> CreditHeadroom:
    """Check a new ``amount`` (an order, a contract) against the rating's credit limit.

    ``outstanding`` is what the customer already owes (its receivables).  Both must be in the
    limit's currency (else :class:`PolicyError`) and not negative.  Over the limit is a
    result (``fits=False``), not an error.
    """
    _check_policy(rating, CreditRating, "rating")
    limit = rating.credit_limit
    for name, money in (("outstanding", outstanding), ("amount", amount)):
        if not isinstance(money, Money):
            raise ValidationError.of(name, money, f"Money in {limit.currency}")
        if money.currency != limit.currency:
            raise PolicyError.of(
                f"{name}.currency", money.currency, f"{limit.currency}, the credit limit's currency"
            )
        if money.amount < 0:
            raise ValidationError.of(name, money.amount, "an amount >= 0")
    after = outstanding + amount
    excess = after - limit
    return CreditHeadroom(
        customer_id=rating.customer_id,
        level=rating.level,
        credit_limit=limit,
        outstanding=outstanding,
        amount=amount,
        headroom=limit - outstanding,
        excess=excess if excess.amount > 0 else Money.zero(limit.currency),
        fits=after <= limit,
        dangerous=rating.dangerous,
    )


# ================================================================================= Stability


class StabilityRule(LabelledEnum):
    """Which stability rule decided the grade."""

    FIRST = "first-grading", "首次评级"
    UNCHANGED = "unchanged", "等级未变"
    HELD = "held", "连续保持"
    MARGIN = "margin", "越界幅度"
    HELD_BACK = "held-back", "暂缓调整"


@frozen(kw_only=True)
class StabilityPolicy:
    """Grade stability 等级稳定 [default]: no flapping between grades (SPEC §3.1).

    A proposed grade different from the one in force is applied when either

    * it has held for ``periods_to_hold`` consecutive periods (this one included), all on the
      same side of the current grade — then the grade nearest to the current one among those
      periods applies; or
    * the score is past the edge of the current grade's band by at least ``margin`` points
      (``None`` disables this rule) — then the proposed grade applies at once.

    Otherwise the current grade stays.  ``periods_to_hold=1`` applies every change at once.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=_policy_name)
    version: str = attrs.field(validator=_policy_version)
    periods_to_hold: int = attrs.field(validator=between(1, 120))
    margin: Decimal | None = attrs.field(
        converter=to_optional_decimal, validator=optional(between(0, 100))
    )


@frozen(kw_only=True)
class GradeObservation:
    """The grade the scorecard proposed for one period (before stability)."""

    period: Period = attrs.field(validator=instance_of(Period))
    grade: Grade = attrs.field(validator=instance_of(Grade))


def _ordered_observations(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(GradeObservation), container="grade observations")(instance, attribute, value)
    for index in range(1, len(value)):
        before, after = value[index - 1].period, value[index].period
        if after.kind is not before.kind or not before < after:
            raise ValidationError.of(
                f"observations[{index}].period",
                str(after),
                f"a {before.kind.value} period after {before}",
            )


@frozen(kw_only=True)
class GradeHistory:
    """A customer's grading history: the grade in force and past proposed grades, oldest first.

    ``observations`` are in strictly increasing periods of one kind; a gap (a period not
    graded) breaks a run of consecutive periods.  :meth:`after` gives the next history.
    """

    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    current: Grade | None = attrs.field(default=None, validator=optional(instance_of(Grade)))
    observations: tuple[GradeObservation, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_ordered_observations
    )

    def after(self, outcome: StableGrade) -> GradeHistory:
        """The history once ``outcome`` is applied: its grade in force, its proposal recorded."""
        if not isinstance(outcome, StableGrade):
            raise ValidationError.of("outcome", outcome, "a StableGrade from stable_grade()")
        if outcome.customer_id != self.customer_id:
            raise ValidationError.of(
                "outcome.customer_id", outcome.customer_id, f"{self.customer_id!r}"
            )
        return GradeHistory(
            customer_id=self.customer_id,
            current=outcome.grade,
            observations=(
                *self.observations,
                GradeObservation(period=outcome.period, grade=outcome.proposed),
            ),
        )


@frozen(kw_only=True)
class StableGrade:
    """The grade to apply after the stability rule, with the reason.

    Fields:
        customer_id, period: whose grade, for which period.
        policy: the stability policy applied.
        previous: the grade in force before (``None`` if never graded).
        proposed: the scorecard's grade this period; ``score`` its score.
        grade: the grade to apply.
        rule: which rule decided.
        held_periods: consecutive periods (this one included) proposing a change in the
            same direction.
        edge: the band edge the score was measured against (``None`` when no change was
            proposed or on a first grading); ``distance``: how far past it the score is.
    """

    customer_id: Identifier
    period: Period
    policy: StabilityPolicy
    previous: Grade | None
    proposed: Grade
    score: Decimal
    grade: Grade
    rule: StabilityRule
    held_periods: int
    edge: Decimal | None
    distance: Decimal | None

    @property
    def changed(self) -> bool:
        """True when the applied grade differs from the one in force."""
        return self.previous is not None and self.grade is not self.previous

    def explain(self) -> str:
        """The decision and its reason, for people."""
        policy = self.policy
        head = (
            f"{self.customer_id} {self.period}: proposed {self.proposed.value} "
            f"(score {_num(self.score)}), "
        )
        current = "none" if self.previous is None else self.previous.value
        if self.rule is StabilityRule.FIRST:
            return head + f"grade {self.grade.value}: first grading, applied at once"
        if self.rule is StabilityRule.UNCHANGED:
            return head + f"grade {self.grade.value} unchanged"
        held = (
            f"proposed {self.held_periods} consecutive period(s), {policy.periods_to_hold} needed"
        )
        if policy.margin is None:
            margin = "no margin rule"
        else:
            side = "above" if self.proposed.rank < _rank_or_none(self.previous) else "below"
            margin = (
                f"score {_num(abs(self.distance or _ZERO))} {side} the band edge "
                f"{_num(self.edge or _ZERO)} (margin {_num(policy.margin)})"
            )
        if self.rule is StabilityRule.MARGIN:
            return head + f"grade {current} -> {self.grade.value}: {margin}"
        if self.rule is StabilityRule.HELD:
            return head + f"grade {current} -> {self.grade.value}: {held}"
        return head + f"grade {current} kept (stability policy {policy.name!r}): {held}; {margin}"


def _rank_or_none(grade: Grade | None) -> int:
    """The rank of ``grade``, 4 (below D) when there is none."""
    return 4 if grade is None else grade.rank


def stable_grade(
    history: GradeHistory, proposed: ScorecardResult, policy: StabilityPolicy
) -> StableGrade:
    """The grade to apply this period under the stability policy [default] (SPEC §3.1).

    ``history`` is the customer's grade in force and its past proposed grades;
    ``proposed`` the scorecard result of the period after the last observation.  The margin
    is measured from the edge of the current grade's band in ``proposed.policy.bands``: the
    floor of the next better grade for an upgrade, the current grade's floor for a
    downgrade.  A single period's blip within the margin never changes the grade (when
    ``periods_to_hold`` >= 2).
    """
    _check_policy(history, GradeHistory, "history")
    _check_policy(proposed, ScorecardResult, "proposed")
    _check_policy(policy, StabilityPolicy)
    if proposed.customer_id != history.customer_id:
        raise ValidationError.of(
            "proposed.customer_id", proposed.customer_id, f"{history.customer_id!r} (the history's)"
        )
    period = proposed.period
    if history.observations:
        last = history.observations[-1].period
        if period.kind is not last.kind or not last < period:
            raise ValidationError.of(
                "proposed.period", str(period), f"a {last.kind.value} period after {last}"
            )
    current = history.current
    grade = proposed.grade

    def result(
        applied: Grade,
        rule: StabilityRule,
        held: int,
        edge: Decimal | None = None,
        distance: Decimal | None = None,
    ) -> StableGrade:
        return StableGrade(
            customer_id=proposed.customer_id,
            period=period,
            policy=policy,
            previous=current,
            proposed=grade,
            score=proposed.score,
            grade=applied,
            rule=rule,
            held_periods=held,
            edge=edge,
            distance=distance,
        )

    if current is None:
        return result(grade, StabilityRule.FIRST, 1)
    if grade is current:
        return result(grade, StabilityRule.UNCHANGED, 0)
    upward = grade.rank < current.rank
    # The run of consecutive periods, newest first, proposing a change the same way.
    run = [grade]
    expected = period.previous()
    for observation in reversed(history.observations):
        if observation.period != expected:
            break
        if (observation.grade.rank < current.rank) != upward or observation.grade is current:
            break
        run.append(observation.grade)
        expected = expected.previous()
    held = len(run)
    bands = proposed.policy.bands
    if upward:
        edge = bands.floor(_GRADES[current.rank - 1])
        distance = proposed.score - edge
    else:
        edge = bands.floor(current)
        distance = edge - proposed.score
    if policy.margin is not None and distance >= policy.margin:
        return result(grade, StabilityRule.MARGIN, held, edge, distance)
    if held >= policy.periods_to_hold:
        window = run[: policy.periods_to_hold]
        nearest = max(window, key=lambda g: g.rank) if upward else min(window, key=lambda g: g.rank)
        return result(nearest, StabilityRule.HELD, held, edge, distance)
    return result(current, StabilityRule.HELD_BACK, held, edge, distance)


_GRADES = tuple(Grade)


# ================================================================================= Portfolio


@frozen(kw_only=True)
class CustomerGrading:
    """One customer's grading in a portfolio: ABC class, scorecard and (optionally) credit."""

    customer_id: Identifier
    abc: AbcItem
    score: ScorecardResult
    credit: CreditRating | None

    def explain(self) -> str:
        """The three results, for people."""
        parts = [self.abc.explain(), self.score.explain()]
        if self.credit is not None:
            parts.append(self.credit.explain())
        return "\n".join(parts)


@frozen(kw_only=True)
class PortfolioGrading:
    """A graded portfolio, keyed by customer id; independent of the input order.

    ``customers`` are ordered by customer id; ``abc`` is the portfolio's ABC pass.  Look one
    customer up with ``result["C-001"]`` or :meth:`get`.
    """

    period: Period | None
    abc: AbcClassification
    customers: tuple[CustomerGrading, ...]
    _index: dict[str, CustomerGrading] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _index_by_customer(self.customers))

    def __len__(self) -> int:
        return len(self.customers)

    def __contains__(self, customer_id: object) -> bool:
        return customer_id in self._index

    def __getitem__(self, customer_id: str) -> CustomerGrading:
        item = self._index.get(customer_id)
        if item is None:
            raise ValidationError.of("customer_id", customer_id, "a customer of the portfolio")
        return item

    def get(self, customer_id: str) -> CustomerGrading | None:
        """The customer's grading, or ``None`` when it is not in the portfolio."""
        return self._index.get(customer_id)

    def by_customer(self) -> dict[str, CustomerGrading]:
        """A new dict from customer id to grading."""
        return dict(self._index)

    def explain(self) -> str:
        """A summary: ABC classes and scorecard grades counted, then one line per customer."""
        grades = dict.fromkeys(Grade, 0)
        for item in self.customers:
            grades[item.score.grade] += 1
        abc = ", ".join(f"{cls.value} {n}" for cls, n in self.abc.counts())
        graded = ", ".join(f"{g.value} {n}" for g, n in grades.items())
        period = "no period" if self.period is None else str(self.period)
        lines = [
            f"Portfolio of {counted(len(self.customers), 'customer')}, {period}: "
            f"ABC classes {abc}; scorecard grades {graded}"
        ]
        for item in self.customers:
            credit = "" if item.credit is None else f", credit {item.credit.level.value}"
            lines.append(
                f"  {item.customer_id}: class {item.abc.abc_class.value}, "
                f"score {_num(item.score.score)} grade {item.score.grade.value}{credit}"
            )
        return "\n".join(lines)


def score_portfolio(
    customers: Iterable[Customer],
    figures: Iterable[AccountFigures],
    policy: ScorecardPolicy,
    *,
    as_of: date | None = None,
) -> dict[str, ScorecardResult]:
    """Score every customer of a portfolio on the scorecard, keyed by customer id.

    ``customers`` and ``figures`` must match one to one (each customer exactly once, all
    figures for the same period); each pair is scored as :func:`scorecard` scores it, with
    ``as_of`` (default: the period's last day) for years of cooperation.  The dict follows the
    order of ``figures``; the results do not depend on that order.

    Python's cyclic garbage collector is paused while the results are built and restored as it
    was before returning: results hold no reference cycles, and without the pause the collector
    re-scans every result built so far, again and again, in a large portfolio.
    """
    _check_policy(policy, ScorecardPolicy)
    profiles, by_id, period = match_portfolio(customers, figures)
    day = as_of if as_of is not None or period is None else period.end
    with collector_paused():
        return {
            customer_id: scorecard(item, profiles[customer_id], policy, as_of=day)
            for customer_id, item in by_id.items()
        }


def _grade_each(
    profiles: Mapping[str, Customer],
    by_id: Mapping[str, AccountFigures],
    abc_of: Callable[[str, AccountFigures], AbcItem],
    *,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None,
    as_of: date | None,
) -> tuple[CustomerGrading, ...]:
    """Each customer's grading, ordered by customer id (``grade_portfolio`` and the scale-out's
    ``grade_partition`` differ only in where the ABC item comes from: ``abc_of``)."""
    graded: list[CustomerGrading] = []
    for customer_id in sorted(by_id):
        item = by_id[customer_id]
        profile = profiles[customer_id]
        credit = None
        if credit_policy is not None:
            record = PaymentRecord.from_figures(item, profile, as_of=as_of)
            credit = credit_rating(record, credit_policy)
        graded.append(
            CustomerGrading(
                customer_id=customer_id,
                abc=abc_of(customer_id, item),
                score=scorecard(item, profile, scorecard_policy, as_of=as_of),
                credit=credit,
            )
        )
    return tuple(graded)


def grade_portfolio(
    customers: Iterable[Customer],
    figures: Iterable[AccountFigures],
    *,
    abc_policy: AbcPolicy,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None = None,
    as_of: date | None = None,
) -> PortfolioGrading:
    """Grade a whole portfolio in one call: ABC classes, scorecards and optionally credit.

    ``customers`` and ``figures`` must match one to one (each customer exactly once, all
    figures for the same period).  The ABC pass ranks by ``abc_policy.measure`` (revenue or
    gross profit); each customer is scored with ``scorecard_policy`` and, when given, rated
    with ``credit_policy`` (payment record from the figures).  ``as_of`` (default: the
    period's last day) counts years of cooperation.

    The result is keyed by customer id and does not depend on the input order.  The cyclic
    garbage collector is paused while the results are built, as in :func:`score_portfolio`.
    """
    _check_policy(abc_policy, AbcPolicy, "abc_policy")
    _check_policy(scorecard_policy, ScorecardPolicy, "scorecard_policy")
    if credit_policy is not None:
        _check_policy(credit_policy, CreditPolicy, "credit_policy")
    profiles, by_id, period = match_portfolio(customers, figures)
    use_profit = abc_policy.measure is AbcMeasure.GROSS_PROFIT
    values = {
        cid: (item.gross_profit if use_profit else item.revenue) for cid, item in by_id.items()
    }
    day = as_of if as_of is not None or period is None else period.end
    with collector_paused():
        abc = abc_classify(values, abc_policy)
        graded = _grade_each(
            profiles,
            by_id,
            lambda customer_id, _: abc[customer_id],
            scorecard_policy=scorecard_policy,
            credit_policy=credit_policy,
            as_of=day,
        )
        return PortfolioGrading(period=period, abc=abc, customers=graded)
