"""Grading a large portfolio: ``abc_classify`` + ``scorecard`` vs a hand-written loop.

1,000,000 generated customers (``scale`` shrinks the number) with yearly figures are graded
twice per round:

* **library** — ``abc_classify`` over the gross profits (the ``PARETO_ABC`` preset) and
  ``scorecard`` for every customer (the ``KEY_ACCOUNT_SCORECARD`` preset), results keyed by
  customer id;
* **baseline** — a straightforward pure-Python loop doing the same arithmetic on the same
  objects: one sort, running sums and exact ``Decimal`` comparisons for the classes and shares,
  and the six factor curves written out inline, results as tuples in dicts.

Both sides are checked to give the same classes, shares, points and scores before timing, so
only the grading is timed; the generated inputs are frozen out of the garbage collector's way
(``gc.freeze``) so neither side pays for traversing them.  The target is the library within
1.5x of the baseline.

Two rows are reported.  The first times both sides as they run in a program, with Python's
cyclic garbage collector on: the library's million result objects are tracked by the
collector and are traversed again at every older-generation collection, while the
baseline's tuples of numbers are untracked at their first collection.  The second pauses the
collector while timing (as ``timeit`` does), which isolates the grading work itself.

Run alone with ``python -m benchmarks.bench_grading [--scale 0.1]``.
"""

from __future__ import annotations

import argparse
import gc
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any

from benchmarks.harness import Row, side_by_side, timed
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import CreditLevel, Money, Period
from keyaccount.policies.grading import AbcClassification, abc_classify, score_portfolio
from keyaccount.policies.grading_presets import KEY_ACCOUNT_SCORECARD, PARETO_ABC

CUSTOMERS = 1_000_000
PERIOD = Period.of_year(2024)
AS_OF = date(2024, 12, 31)
LEVELS = (None, CreditLevel.A, CreditLevel.B, CreditLevel.C, CreditLevel.D)


def generate(count: int, seed: int = 2024) -> tuple[list[Customer], list[AccountFigures]]:
    """``count`` customers with yearly figures; revenue follows a Pareto law."""
    rnd = random.Random(seed)
    customers: list[Customer] = []
    figures: list[AccountFigures] = []
    first_day = date(2005, 1, 1)
    for number in range(count):
        customer_id = f"C-{number:07d}"
        cents = int(rnd.paretovariate(1.2) * 30_000_000)
        revenue = Decimal(cents).scaleb(-2)
        margin = Decimal(rnd.randrange(2, 35)) / 100
        growth = Decimal(rnd.randrange(-30, 60)) / 100
        previous = None
        if rnd.random() < 0.9:
            previous = Money(amount=(revenue / (1 + growth)).quantize(Decimal("0.01")))
        since = None
        if rnd.random() < 0.95:
            since = first_day + timedelta(days=rnd.randrange(0, 7300))
        customers.append(
            Customer(
                id=customer_id,
                name=f"Customer {number}",
                manager_id=f"M-{number % 500:03d}",
                credit_level=rnd.choice(LEVELS),
                industry_leader=rnd.random() < 0.2,
                encouraged_industry=rnd.random() < 0.3,
                cooperation_since=since,
            )
        )
        figures.append(
            AccountFigures(
                customer_id=customer_id,
                period=PERIOD,
                revenue=Money(amount=revenue),
                gross_profit=Money(amount=(revenue * margin).quantize(Decimal("0.01"))),
                previous_revenue=previous,
            )
        )
    return customers, figures


def library(
    customers: list[Customer], figures: list[AccountFigures]
) -> tuple[AbcClassification, dict[str, Any]]:
    """The library's way: one ABC pass, then the portfolio's scorecards in one call."""
    abc = abc_classify({f.customer_id: f.gross_profit for f in figures}, PARETO_ABC)
    scores = score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD, as_of=AS_OF)
    return abc, scores


def baseline(
    customers: list[Customer], figures: list[AccountFigures]
) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    """A hand-written loop with the same arithmetic (the presets' numbers written out)."""
    zero, one, hundred, cent = Decimal(0), Decimal(1), Decimal(100), Decimal("0.01")
    # --- ABC: A while the value ranked ahead is below 80 % of the total, B below 95 %.
    pairs = [(f.gross_profit.amount, f.customer_id) for f in figures]
    pairs.sort(key=itemgetter(0), reverse=True)
    total = sum((v for v, _ in pairs if v > 0), zero)
    a_cap, b_cap = Decimal("0.80") * total, Decimal("0.95") * total
    abc: dict[str, tuple[Any, ...]] = {}
    ahead = zero
    count = len(pairs)
    i = 0
    while i < count:
        value = pairs[i][0]
        j = i + 1
        while j < count and pairs[j][0] == value:
            j += 1
        if value > 0:
            klass = "A" if ahead < a_cap else "B" if ahead < b_cap else "C"
            ahead += value * (j - i)
            share, cumulative = value / total, ahead / total
        else:
            klass, share, cumulative = "C", zero, one if total > 0 else zero
        for k in range(i, j):
            abc[pairs[k][1]] = (klass, i + 1, share, cumulative)
        i = j
    # --- Scorecard: 30 revenue, 25 gross profit, 15 growth, 15 credit, 10 strategic, 5 loyalty.
    r_lo, r_hi, r_span = Decimal(500_000), Decimal(10_000_000), Decimal(9_500_000)
    g_lo, g_hi, g_span = Decimal(100_000), Decimal(2_000_000), Decimal(1_900_000)
    y_lo, y_hi, y_span = zero, Decimal(5), Decimal(5)
    w_rev, w_gp, w_growth = Decimal("0.30"), Decimal("0.25"), Decimal("0.15")
    w_credit, w_strategic, w_loyalty = Decimal("0.15"), Decimal("0.10"), Decimal("0.05")
    five, ten, twenty = Decimal("0.05"), Decimal("0.10"), Decimal("0.20")
    p40, p60, p70, p80 = Decimal(40), Decimal(60), Decimal(70), Decimal(80)
    credit_measure = {CreditLevel.A: 3, CreditLevel.B: 2, CreditLevel.C: 1, CreditLevel.D: 0}
    credit_points = {3: hundred, 2: p70, 1: p40, 0: zero}
    strategic_points = (zero, p60, hundred)
    scores: dict[str, tuple[Any, ...]] = {}
    for customer, fig in zip(customers, figures, strict=True):
        revenue = fig.revenue.amount
        if revenue <= r_lo:
            p_rev = zero
        elif revenue >= r_hi:
            p_rev = hundred
        else:
            p_rev = (hundred * (revenue - r_lo) / r_span).quantize(cent, ROUND_HALF_UP)
        profit = fig.gross_profit.amount
        if profit <= g_lo:
            p_gp = zero
        elif profit >= g_hi:
            p_gp = hundred
        else:
            p_gp = (hundred * (profit - g_lo) / g_span).quantize(cent, ROUND_HALF_UP)
        previous = fig.previous_revenue
        if previous is None or not previous.amount:
            growth, p_growth = None, p40
        else:
            growth = revenue / previous.amount - one
            if growth >= twenty:
                p_growth = hundred
            elif growth >= ten:
                p_growth = p80
            elif growth >= five:
                p_growth = p60
            elif growth >= zero:
                p_growth = p40
            else:
                p_growth = zero
        level = customer.credit_level
        if level is None:
            credit, p_credit = None, p40
        else:
            credit = credit_measure[level]
            p_credit = credit_points[credit]
        marks = customer.industry_leader + customer.encouraged_industry
        p_strategic = strategic_points[marks]
        years = Decimal(customer.years_of_cooperation(AS_OF))
        if years <= y_lo:
            p_loyalty = zero
        elif years >= y_hi:
            p_loyalty = hundred
        else:
            p_loyalty = (hundred * (years - y_lo) / y_span).quantize(cent, ROUND_HALF_UP)
        contributions = (
            p_rev * w_rev,
            p_gp * w_gp,
            p_growth * w_growth,
            p_credit * w_credit,
            p_strategic * w_strategic,
            p_loyalty * w_loyalty,
        )
        score = zero
        for part in contributions:
            score += part
        grade = "A" if score >= p80 else "B" if score >= 65 else "C" if score >= 50 else "D"
        scores[fig.customer_id] = (
            score,
            grade,
            (revenue, profit, growth, credit, marks, years),
            (p_rev, p_gp, p_growth, p_credit, p_strategic, p_loyalty),
            contributions,
        )
    return abc, scores


def to_arrays(customers: list[Customer], figures: list[AccountFigures]) -> dict[str, Any]:
    """The inputs as float64 columns, as a data-frame user would hold them (not timed)."""
    import numpy as np

    credit_points = {
        None: 40.0,
        CreditLevel.A: 100.0,
        CreditLevel.B: 70.0,
        CreditLevel.C: 40.0,
        CreditLevel.D: 0.0,
    }
    growth = [f.growth for f in figures]
    return {
        "revenue": np.array([float(f.revenue.amount) for f in figures]),
        "profit": np.array([float(f.gross_profit.amount) for f in figures]),
        "growth": np.array([float(g) if g is not None else np.nan for g in growth]),
        "credit": np.array([credit_points[c.credit_level] for c in customers]),
        "strategic": np.array(
            [int(c.encouraged_industry) + int(c.industry_leader) for c in customers], dtype=float
        ),
        "years": np.array([float(c.years_of_cooperation(AS_OF)) for c in customers]),
    }


def vectorised(columns: dict[str, Any]) -> tuple[Any, Any]:
    """ABC classes and scorecard scores with numpy, in float64 (not exact: reported only)."""
    import numpy as np

    profit = columns["profit"]
    order = np.argsort(-profit, kind="stable")
    ranked = np.where(profit[order] > 0, profit[order], 0.0)
    total = ranked.sum()
    ahead = np.concatenate(([0.0], np.cumsum(ranked)[:-1]))
    classes = np.empty(len(profit), dtype="<U1")
    classes[order] = np.where(ahead < 0.8 * total, "A", np.where(ahead < 0.95 * total, "B", "C"))
    classes[profit <= 0] = "C"

    def ramp(x: Any, low: float, high: float) -> Any:
        return np.clip((x - low) / (high - low), 0.0, 1.0) * 100.0

    growth = columns["growth"]
    growth_points = np.select(
        [np.isnan(growth), growth >= 0.2, growth >= 0.1, growth >= 0.05, growth >= 0],
        [40.0, 100.0, 80.0, 60.0, 40.0],
        0.0,
    )
    strategic = np.select([columns["strategic"] >= 2, columns["strategic"] >= 1], [100.0, 60.0])
    score = (
        ramp(columns["revenue"], 500_000, 10_000_000) * 0.30
        + ramp(profit, 100_000, 2_000_000) * 0.25
        + growth_points * 0.15
        + columns["credit"] * 0.15
        + strategic * 0.10
        + ramp(columns["years"], 0, 5) * 0.05
    )
    return classes, score


def check_same(
    lib: tuple[AbcClassification, dict[str, Any]],
    base: tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]],
) -> None:
    """Both sides give the same classes, ranks, shares, points, contributions and grades."""
    abc, scores = lib
    base_abc, base_scores = base
    assert len(abc) == len(base_abc) == len(scores) == len(base_scores)
    for item in abc:
        expected = base_abc[item.customer_id]
        got = (item.abc_class.value, item.rank, item.share, item.cumulative_share)
        assert got == expected, (item.customer_id, got, expected)
    for customer_id, result in scores.items():
        score, grade, _, points, contributions = base_scores[customer_id]
        assert result.score == score, (customer_id, result.score, score)
        assert result.grade.value == grade, customer_id
        assert result.points == points, customer_id
        assert result.contributions == contributions, customer_id


def _paused(fn: Callable[[], object]) -> Callable[[], object]:
    """``fn`` run with the cyclic garbage collector paused (as ``timeit`` does)."""

    def run() -> object:
        gc.disable()
        try:
            return fn()
        finally:
            gc.enable()

    return run


def run(scale: float = 1.0) -> list[Row]:
    """Customers graded per second, library vs the hand-written loop, with and without GC."""
    count = max(1_000, round(CUSTOMERS * scale))
    customers, figures = generate(count)
    check_same(library(customers, figures), baseline(customers, figures))
    gc.collect()
    gc.freeze()  # the inputs live throughout; keep collections from re-scanning them
    repeat = 3 if count > 100_000 else 5

    def lib() -> object:
        return library(customers, figures)

    def base() -> object:
        return baseline(customers, figures)

    try:
        lib_gc, base_gc = side_by_side(lib, base, repeat=repeat)
        lib_paused, base_paused = side_by_side(_paused(lib), _paused(base), repeat=repeat)
    finally:
        gc.unfreeze()
    name = f"grading: abc_classify + scorecard, {count:,} customers"
    return [
        *_numpy_row(customers, figures, name, lib_gc, repeat),
        Row(
            benchmark=name,
            library=count / lib_gc,
            baseline=count / base_gc,
            unit="customers/s",
            baseline_name="hand-written loop, same arithmetic",
            note="target: within 1.5x; GC on (result objects are collector-tracked)",
        ),
        Row(
            benchmark=f"{name}, GC paused",
            library=count / lib_paused,
            baseline=count / base_paused,
            unit="customers/s",
            baseline_name="hand-written loop, same arithmetic",
            note="cyclic GC paused while timed, as timeit does",
        ),
    ]


def _numpy_row(
    customers: list[Customer],
    figures: list[AccountFigures],
    name: str,
    library_seconds: float,
    repeat: int,
) -> list[Row]:
    """The vectorised numpy version, when numpy is installed (``pip install .[bench]``)."""
    try:
        import numpy as np
    except ImportError:
        return []
    columns = to_arrays(customers, figures)
    classes, scores = vectorised(columns)
    abc, exact = library(customers, figures)
    reference = np.array([float(exact[f.customer_id].score) for f in figures])
    # The library rounds factor points to 0.01; the float version does not round at all.
    assert np.allclose(scores, reference, atol=0.01), "numpy scores disagree"
    assert [abc[f.customer_id].abc_class.value for f in figures] == list(classes)
    seconds = timed(lambda: vectorised(columns), repeat=repeat)
    count = len(figures)
    return [
        Row(
            benchmark=f"{name}, vs numpy",
            library=count / library_seconds,
            baseline=count / seconds,
            unit="customers/s",
            baseline_name="vectorised numpy (float64, inputs as columns)",
            note="reported, not a target: floats are not exact; column building not timed",
        )
    ]


def main() -> None:
    """Print the row (``--scale`` shrinks the portfolio)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_grading")
    parser.add_argument("--scale", type=float, default=1.0, help="workload multiplier")
    args = parser.parse_args()
    for row in run(args.scale):
        ratio = row.ratio or 0.0
        baseline_rate = row.baseline or 0.0
        print(
            f"{row.benchmark}: library {row.library:,.0f} {row.unit}, "
            f"baseline {baseline_rate:,.0f} {row.unit}, "
            f"library takes {1 / ratio if ratio else float('nan'):.2f}x the baseline's time"
        )


if __name__ == "__main__":
    main()
