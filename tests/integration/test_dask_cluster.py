"""Grading and scheduling on Dask equal the single-process calls — on a real cluster too.

The small tests run Dask's synchronous scheduler.  The integration test starts a
``LocalCluster`` of two worker processes, grades 1,000,000 generated customers in 8
partitions (each partition generated on its worker from its own seed, nothing shipped) and
compares with ``grade_portfolio`` over the same million in this process: ABC cut-offs, class
and grade counts, and a checksum over every customer's class, rank, score and grade.  Deselect
it with ``-m "not integration"``.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest

from keyaccount.domain.customer import AccountFigures, CreditLevel, Customer
from keyaccount.domain.values import Grade, Money, Period
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.grading import AbcClass, AbcMeasure, CustomerGrading, grade_portfolio
from keyaccount.policies.grading_presets import CREDIT_LEVELS, KEY_ACCOUNT_SCORECARD, PARETO_ABC
from keyaccount.policies.scheduling import SEED_SCHEDULING, CapacityRule, plan_portfolio
from keyaccount.sample import generate_portfolio
from keyaccount.scaleout import assemble_grading, grading_basis, manager_partition

dask = pytest.importorskip(
    "dask", reason="Dask is not installed: pip install 'keyaccount[dask]' to run these tests"
)
distributed = pytest.importorskip(
    "distributed",
    reason="dask.distributed is not installed: pip install 'keyaccount[dask]' to run this test",
)

# Only once Dask is known to be there:
import dask.bag as db  # noqa: E402

from keyaccount.on_dask import (  # noqa: E402
    collect_grading,
    collect_plan,
    grade_on_dask,
    grade_portfolio_on_dask,
    grading_tally_on_dask,
    plan_on_dask,
)

YEAR = Period.of_year(2025)
PARTITIONS = 8
PER_PARTITION = 125_000
_LEVELS = (None, CreditLevel.A, CreditLevel.B, CreditLevel.C, CreditLevel.D)
_CENT = Decimal("0.01")
_FIRST_DAY = date(2005, 1, 1)


def partition_rows(number: int, size: int = PER_PARTITION) -> list[tuple[Customer, AccountFigures]]:
    """Partition ``number``'s customers and yearly figures, from the partition's own seed.

    Lean on purpose (only what grading reads), so a million are made in seconds per worker;
    revenue follows a Pareto law in whole cents, so the tally holds about one value per
    customer and ties still occur.
    """
    rnd = random.Random(2025_0000 + number)
    rows = []
    for index in range(size):
        customer_id = f"P{number}-{index:06d}"
        revenue = Decimal(int(rnd.paretovariate(1.2) * 30_000_000)).scaleb(-2)
        margin = Decimal(rnd.randrange(-5, 35))
        previous = rnd.randrange(70, 170)
        customer = Customer(
            id=customer_id,
            name=customer_id,
            manager_id=f"M{number}-{index % 64:02d}",
            credit_level=rnd.choice(_LEVELS),
            industry_leader=rnd.random() < 0.2,
            encouraged_industry=rnd.random() < 0.3,
            cooperation_since=_FIRST_DAY + timedelta(days=rnd.randrange(7300)),
        )
        figures = AccountFigures(
            customer_id=customer_id,
            period=YEAR,
            revenue=Money(amount=revenue),
            gross_profit=Money(amount=(revenue * margin / 100).quantize(_CENT)),
            previous_revenue=(
                Money(amount=(revenue * previous / 100).quantize(_CENT)) if previous < 150 else None
            ),
        )
        rows.append((customer, figures))
    return rows


def _rows_of(numbers: Iterable[int]) -> list[tuple[Customer, AccountFigures]]:
    return [row for number in numbers for row in partition_rows(number)]


Checks = tuple[tuple[int, ...], tuple[int, ...], int]
"""Customers per ABC class (A, B, C), per grade (A–D), and an order-free checksum."""


def checks(gradings: Iterable[CustomerGrading]) -> Checks:
    """Count classes and grades and sum a 64-bit hash of every customer's full result."""
    classes = dict.fromkeys(AbcClass, 0)
    grades = dict.fromkeys(Grade, 0)
    checksum = 0
    for grading in gradings:
        abc, score = grading.abc, grading.score
        classes[abc.abc_class] += 1
        grades[score.grade] += 1
        line = f"{grading.customer_id}|{abc.abc_class.value}|{abc.rank}|{score.score}|{score.grade}"
        digest = hashlib.blake2b(line.encode(), digest_size=8).digest()
        checksum = (checksum + int.from_bytes(digest, "big")) % 2**64
    return tuple(classes.values()), tuple(grades.values()), checksum


def combine(parts: Iterable[Checks]) -> Checks:
    """The checks of several partitions together."""
    classes, grades, checksum = [0] * 3, [0] * 4, 0
    for part_classes, part_grades, part_checksum in parts:
        classes = [a + b for a, b in zip(classes, part_classes, strict=True)]
        grades = [a + b for a, b in zip(grades, part_grades, strict=True)]
        checksum = (checksum + part_checksum) % 2**64
    return tuple(classes), tuple(grades), checksum


@pytest.mark.integration
def test_a_million_customers_graded_on_two_worker_processes_equal_one_process() -> None:
    """8 partitions on a 2-process LocalCluster grade exactly as grade_portfolio in one process."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        # Each partition generates its own customers on its worker: nothing is shipped.
        rows = db.from_sequence(range(PARTITIONS), npartitions=PARTITIONS).map_partitions(_rows_of)
        graded = grade_portfolio_on_dask(
            rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        summary = graded.customers.reduction(checks, combine)
        # Started, not awaited: the cluster grades while this process computes the reference.
        # Unoptimized, each partition is generated once and feeds both passes.
        futures = client.compute([graded.cutoffs, summary], optimize_graph=False)

        customers, figures = zip(*_rows_of(range(PARTITIONS)), strict=True)
        expected = grade_portfolio(
            customers, figures, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        del customers, figures
        cutoffs, (classes, grades, checksum) = client.gather(futures)

    assert len(expected) == PARTITIONS * PER_PARTITION
    assert cutoffs == expected.abc.cutoffs
    assert classes == tuple(count for _, count in expected.abc.counts())
    assert (classes, grades, checksum) == checks(expected.customers)
    assert 0 < classes[0] < classes[1] + classes[2]  # a real Pareto split, not a degenerate one


# ---------------------------------------------------------------- synchronous scheduler


@pytest.fixture
def synchronous() -> Any:
    """Dask's single-threaded scheduler: the same graph, no processes."""
    with dask.config.set(scheduler="synchronous"):
        yield


@pytest.mark.usefixtures("synchronous")
def test_grading_a_bag_equals_grade_portfolio_with_credit() -> None:
    """Gross-profit ABC, scorecard and credit over 5 partitions: the very PortfolioGrading."""
    portfolio = generate_portfolio(150, 6, history=False, seed=4)
    figures = portfolio.figures_for(portfolio.periods()[-1])
    rows = db.from_sequence([(c, figures[c.id]) for c in portfolio.customers], npartitions=5)
    policy = attrs.evolve(PARETO_ABC, measure=AbcMeasure.GROSS_PROFIT)
    options = {"scorecard_policy": KEY_ACCOUNT_SCORECARD, "credit_policy": CREDIT_LEVELS}
    graded = grade_portfolio_on_dask(rows, abc_policy=policy, split_every=2, **options)
    expected = grade_portfolio(portfolio.customers, figures.values(), abc_policy=policy, **options)
    assert collect_grading(graded) == expected
    assert graded.cutoffs.compute() == expected.abc.cutoffs


@pytest.mark.usefixtures("synchronous")
def test_the_two_passes_run_one_by_one_with_the_basis_brought_home() -> None:
    """Pass 1 computed, the basis built here and sent with pass 2: grade_portfolio again."""
    portfolio = generate_portfolio(80, 4, history=False, seed=6)
    figures = portfolio.figures_for(portfolio.periods()[-1])
    rows = db.from_sequence([(c, figures[c.id]) for c in portfolio.customers], npartitions=3)
    tally = grading_tally_on_dask(rows, measure=PARETO_ABC.measure).compute()
    basis = grading_basis(tally, PARETO_ABC)
    graded = grade_on_dask(rows, basis, scorecard_policy=KEY_ACCOUNT_SCORECARD).compute()
    expected = grade_portfolio(
        portfolio.customers,
        figures.values(),
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
    )
    assert assemble_grading(basis, [graded]) == expected


@pytest.mark.usefixtures("synchronous")
def test_partition_checks_of_a_bag_equal_those_of_one_process() -> None:
    """The per-partition checks the integration test relies on, on a small portfolio."""
    rows = db.from_sequence(range(3), npartitions=3).map_partitions(
        lambda numbers: [row for n in numbers for row in partition_rows(n, 400)]
    )
    graded = grade_portfolio_on_dask(
        rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
    )
    items = [row for n in range(3) for row in partition_rows(n, 400)]
    expected = grade_portfolio(
        [c for c, _ in items],
        [f for _, f in items],
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
    )
    assert graded.customers.reduction(checks, combine).compute() == checks(expected.customers)


@pytest.mark.usefixtures("synchronous")
def test_each_partition_is_loaded_once_for_both_passes() -> None:
    """The tally pass and the grading pass share each loaded partition."""
    loads: list[int] = []

    def load(numbers: list[int]) -> list[tuple[Customer, AccountFigures]]:
        loads.extend(numbers)
        return [row for n in numbers for row in partition_rows(n, 50)]

    rows = db.from_sequence(range(4), npartitions=4).map_partitions(load)
    graded = grade_portfolio_on_dask(
        rows, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
    )
    summary = graded.customers.reduction(checks, combine)
    dask.compute(graded.cutoffs, summary, optimize_graph=False)
    assert sorted(loads) == [0, 1, 2, 3]


@pytest.mark.usefixtures("synchronous")
def test_planning_a_bag_partitioned_by_manager_equals_plan_portfolio() -> None:
    """Histories partitioned by manager, planned per partition, joined: plan_portfolio's plan."""
    histories = list(generate_portfolio(60, 5, seed=7).histories().values())
    policy = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=1))
    parts: list[list[Any]] = [[] for _ in range(3)]
    for history in histories:
        parts[manager_partition(history.customer.manager_id, 3)].append(history)
    bag = db.concat([db.from_sequence(part, npartitions=1) for part in parts])
    start, end = date(2026, 1, 1), date(2026, 3, 31)
    plans = plan_on_dask(bag, policy, start=start, end=end)
    expected = plan_portfolio([h for part in parts for h in part], policy, start=start, end=end)
    assert collect_plan(plans, policy) == expected
    assert expected.moved


@pytest.mark.usefixtures("synchronous")
def test_planning_a_bag_split_across_managers_is_refused_under_a_capacity() -> None:
    """A manager's customers in two partitions cannot share their capacity: PolicyError."""
    histories = list(generate_portfolio(12, 1, seed=7).histories().values())
    policy = attrs.evolve(SEED_SCHEDULING, capacity=CapacityRule(max_on_site_per_day=1))
    plans = plan_on_dask(
        db.from_sequence(histories, npartitions=2),
        policy,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
    )
    with pytest.raises(PolicyError, match="must be planned in one part"):
        collect_plan(plans, policy)


def test_the_dask_functions_want_a_bag() -> None:
    """A list is not a bag: the error says what was expected."""
    with pytest.raises(ValidationError) as error:
        grade_portfolio_on_dask([], abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD)
    assert str(error.value) == "rows: expected a dask.bag.Bag, got []"
    with pytest.raises(ValidationError) as error:
        collect_grading("graded")  # type: ignore[arg-type]
    assert str(error.value) == "graded: expected a DaskGrading, got 'graded'"
