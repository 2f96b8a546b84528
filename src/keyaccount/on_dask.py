"""Grading and scheduling on Dask 分布式运行: the mergeable tallies of :mod:`keyaccount.scaleout`
run over a ``dask.bag``, on one machine or on a ``dask.distributed`` cluster.

Install the optional extra (``pip install 'keyaccount[dask]'``); this module is the only one
that imports Dask, and only when it is imported.

Grading takes two passes over a bag whose items are ``(Customer, AccountFigures)`` pairs:

1. :func:`grading_tally_on_dask` tallies every partition and merges the tallies as a tree
   (``Bag.reduction``); :func:`grading_basis` of the merged tally is the whole-portfolio part
   (ABC cut-offs, ranks, period) — computed once, on a worker;
2. :func:`grade_on_dask` grades every partition against that basis (``Bag.map_partitions``).

:func:`grade_portfolio_on_dask` wires both into one lazy graph; nothing runs until it is
computed.  Compute what you need in one call with ``optimize_graph=False`` —
``dask.compute(graded.cutoffs, summary, optimize_graph=False)`` — so that each partition is
loaded once and feeds both passes (Dask's graph optimizer fuses the loading task into one of
them and would load some partitions twice); or ``rows.persist()`` first.  The gradings equal
``grade_portfolio``'s customer by customer; :func:`collect_grading` gathers them into the very
``PortfolioGrading`` when the result fits one process.

Scheduling needs one pass: :func:`plan_on_dask` plans every partition with ``plan_portfolio``
and :func:`collect_plan` joins the parts with :func:`~keyaccount.scaleout.merge_plans`.

Which scheduler runs the graph is Dask's business: the synchronous one for tests
(``dask.config.set(scheduler="synchronous")``), a ``distributed.Client`` for a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

import dask.bag
import dask.base
from attrs import frozen
from dask.base import is_dask_collection
from dask.highlevelgraph import HighLevelGraph

from keyaccount.calendar import CHINA_CALENDAR, BusinessCalendar
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.errors import ValidationError
from keyaccount.policies.grading import (
    AbcMeasure,
    AbcPolicy,
    CreditPolicy,
    CustomerGrading,
    PortfolioGrading,
    ScorecardPolicy,
)
from keyaccount.policies.scheduling import PortfolioPlan, SchedulingPolicy, plan_portfolio
from keyaccount.scaleout import (
    GradingBasis,
    GradingTally,
    assemble_grading,
    grade_partition,
    grading_basis,
    grading_tally,
    merge_all,
    merge_plans,
)

__all__ = [
    "DaskGrading",
    "collect_grading",
    "collect_plan",
    "grade_on_dask",
    "grade_portfolio_on_dask",
    "grading_tally_on_dask",
    "plan_on_dask",
]

# Dask's compute() and tokenize() have no type annotations; they are called through Any.
_compute: Any = dask.base.compute
_tokenize: Any = dask.base.tokenize

Row = tuple[Customer, AccountFigures]
"""One item of a grading bag: a customer and its figures for the period graded."""


def _check_bag(value: object, name: str) -> Any:
    if not isinstance(value, dask.bag.Bag):
        raise ValidationError.of(name, value, "a dask.bag.Bag")
    return value


def _split_rows(rows: Iterable[Row]) -> tuple[list[Customer], list[AccountFigures]]:
    customers: list[Customer] = []
    figures: list[AccountFigures] = []
    for index, row in enumerate(rows):
        if not isinstance(row, tuple) or len(row) != 2:
            raise ValidationError.of(f"rows[{index}]", row, "a (Customer, AccountFigures) pair")
        customers.append(row[0])
        figures.append(row[1])
    return customers, figures


def _tally_rows(rows: Iterable[Any], measure: AbcMeasure) -> GradingTally:
    return grading_tally(_split_rows(rows)[1], measure=measure)


def _merge_tallies(tallies: Iterable[GradingTally], measure: AbcMeasure) -> GradingTally:
    return merge_all(tallies, empty=GradingTally.empty(measure))


def _grade_rows(
    rows: Iterable[Any],
    basis: GradingBasis,
    *,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None,
    as_of: date | None,
) -> list[CustomerGrading]:
    customers, figures = _split_rows(rows)
    return list(
        grade_partition(
            customers,
            figures,
            basis,
            scorecard_policy=scorecard_policy,
            credit_policy=credit_policy,
            as_of=as_of,
        )
    )


def grading_tally_on_dask(
    rows: dask.bag.Bag,
    *,
    measure: AbcMeasure = AbcMeasure.REVENUE,
    split_every: int | None = None,
) -> Any:
    """Pass 1, lazily: the merged :class:`~keyaccount.scaleout.GradingTally` of ``rows``.

    ``rows`` is a bag of ``(Customer, AccountFigures)`` pairs; ``measure`` the ABC policy's.
    Each partition is tallied where it lives and the tallies are merged ``split_every`` at a
    time (Dask's default 8).  Returns a ``dask.bag.Item``.
    """
    bag = _check_bag(rows, "rows")
    return bag.reduction(
        partial(_tally_rows, measure=measure),
        partial(_merge_tallies, measure=measure),
        split_every=split_every,
        name="keyaccount-grading-tally",
    )


def grade_on_dask(
    rows: dask.bag.Bag,
    basis: GradingBasis | Any,
    *,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None = None,
    as_of: date | None = None,
) -> Any:
    """Pass 2, lazily: grade every partition of ``rows`` against the whole portfolio's basis.

    ``basis`` is a :class:`~keyaccount.scaleout.GradingBasis` or a Dask object computing one
    (a ``dask.bag.Item`` or ``Delayed``, kept on the cluster).  Returns a bag of
    ``CustomerGrading``, each equal to ``grade_portfolio``'s for that customer; within a
    partition they are ordered by customer id.
    """
    bag = _check_bag(rows, "rows")
    grade = partial(
        _grade_rows, scorecard_policy=scorecard_policy, credit_policy=credit_policy, as_of=as_of
    )
    if not is_dask_collection(basis):
        return bag.map_partitions(grade, basis)
    lazy: Any = basis
    # Bag.map_partitions would optimize a lazy basis on its own, renaming the tasks that load
    # the partitions: every partition would then be loaded twice, once for the tally and once
    # for the grading.  One layer whose tasks name the bag's partitions and the basis keeps a
    # single graph, each partition loaded once.
    name = f"keyaccount-grade-{_tokenize(bag, basis, grade)}"
    tasks: dict[Any, Any] = {
        (name, index): (grade, (bag.name, index), lazy.key) for index in range(bag.npartitions)
    }
    graph = HighLevelGraph.from_collections(name, tasks, dependencies=[bag, lazy])
    return dask.bag.Bag(graph, name, bag.npartitions)


@frozen(kw_only=True)
class DaskGrading:
    """A portfolio graded on Dask, still lazy: compute what you need, together.

    Fields:
        basis: a ``dask.bag.Item`` computing the
            :class:`~keyaccount.scaleout.GradingBasis` (ABC cut-offs, ranks, period).
        customers: a ``dask.bag.Bag`` of ``CustomerGrading``, one per customer.

    Compute what you need in one call, unoptimized, so that each partition is loaded once:
    ``dask.compute(graded.cutoffs, summary_of(graded.customers), optimize_graph=False)``.
    """

    basis: Any
    customers: Any

    @property
    def cutoffs(self) -> Any:
        """A ``dask.bag.Item`` computing the ABC cut-offs (small: safe to bring home)."""
        return self.basis.apply(_cutoffs_of)


def _cutoffs_of(basis: GradingBasis) -> Any:
    return basis.cutoffs


def grade_portfolio_on_dask(
    rows: dask.bag.Bag,
    *,
    abc_policy: AbcPolicy,
    scorecard_policy: ScorecardPolicy,
    credit_policy: CreditPolicy | None = None,
    as_of: date | None = None,
    split_every: int | None = None,
) -> DaskGrading:
    """``grade_portfolio`` over a bag of ``(Customer, AccountFigures)`` pairs, as one lazy graph.

    The arguments are ``grade_portfolio``'s; ``split_every`` is how many tallies are merged
    at a time.  Customer ids must be unique across the whole bag (each partition checks its
    own; the tally cannot see ids).  Compute the results with ``optimize_graph=False``, or
    persist ``rows`` first (``rows.persist()``), so that each partition is loaded once.
    """
    if not isinstance(abc_policy, AbcPolicy):
        raise ValidationError.of("abc_policy", abc_policy, "an AbcPolicy")
    tally = grading_tally_on_dask(rows, measure=abc_policy.measure, split_every=split_every)
    basis = tally.apply(partial(grading_basis, abc_policy=abc_policy))
    customers = grade_on_dask(
        rows,
        basis,
        scorecard_policy=scorecard_policy,
        credit_policy=credit_policy,
        as_of=as_of,
    )
    return DaskGrading(basis=basis, customers=customers)


def collect_grading(graded: DaskGrading) -> PortfolioGrading:
    """Compute ``graded`` and gather it into the ``PortfolioGrading`` of ``grade_portfolio``.

    Brings every customer's grading into this process: for portfolios that fit in it.
    """
    if not isinstance(graded, DaskGrading):
        raise ValidationError.of("graded", graded, "a DaskGrading")
    basis, items = _compute(graded.basis, graded.customers, optimize_graph=False)
    return assemble_grading(basis, [items])


def _plan_rows(
    rows: Iterable[Any],
    policy: SchedulingPolicy,
    start: date,
    end: date,
    calendar: BusinessCalendar,
    at_risk_since: Mapping[str, date] | None,
) -> list[PortfolioPlan]:
    return [
        plan_portfolio(
            list(rows),
            policy,
            start=start,
            end=end,
            calendar=calendar,
            at_risk_since=at_risk_since,
        )
    ]


def plan_on_dask(
    histories: dask.bag.Bag,
    policy: SchedulingPolicy,
    *,
    start: date,
    end: date,
    calendar: BusinessCalendar = CHINA_CALENDAR,
    at_risk_since: Mapping[str, date] | None = None,
) -> Any:
    """``plan_portfolio`` on every partition of ``histories``, lazily: one plan per partition.

    ``histories`` is a bag of ``CustomerHistory`` (or bare ``Customer``) items.  When
    ``policy`` caps on-site visits a day, keep each manager's customers in one partition
    (:func:`~keyaccount.scaleout.manager_partition`); :func:`collect_plan` checks it.
    Returns a bag with one ``PortfolioPlan`` per partition, in partition order.
    """
    bag = _check_bag(histories, "histories")
    return bag.map_partitions(
        _plan_rows,
        policy=policy,
        start=start,
        end=end,
        calendar=calendar,
        at_risk_since=at_risk_since,
    )


def collect_plan(parts: dask.bag.Bag, policy: SchedulingPolicy) -> PortfolioPlan:
    """Compute the partition plans of :func:`plan_on_dask` and join them.

    Equal to ``plan_portfolio`` over the partitions' histories one after the other (see
    :func:`~keyaccount.scaleout.merge_plans`).
    """
    bag = _check_bag(parts, "parts")
    plans: list[PortfolioPlan] = list(bag.compute())
    return merge_plans(plans, policy)
