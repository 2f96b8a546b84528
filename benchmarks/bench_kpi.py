"""KPI scoring: ``score_appraisal`` and ``compare_schemes`` against hand-written Decimal loops.

Workload: 100,000 monthly appraisals of account specialists (4 indicators each, the preset
客户专员月度考核表), scaled by ``scale``.  The baseline is the loop an HR tool would write by
hand: the same Decimal arithmetic (rate, 4-place half-up rounding, 120 % cap, 0 floor, weight,
total, band) on plain tuples, without validation, explanation objects or veto handling.  Both
sides must agree on every total and band before anything is timed.

Run alone with ``python -m benchmarks.bench_kpi [scale]``.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP, Decimal

from benchmarks.harness import Row, side_by_side
from keyaccount.domain.appraisal import Appraisal, IndicatorResult
from keyaccount.domain.values import Period
from keyaccount.policies.kpi import (
    SPECIALIST_MONTHLY,
    AppraisalScheme,
    compare_schemes,
    score_appraisal,
)

APPRAISALS = 100_000
PERIOD = Period.month(2025, 3)

Figures = tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]
"""visit plan, visit actual, expansion plan, expansion actual, deal plan, deal actual, rating."""


def _figures(count: int) -> list[Figures]:
    """Deterministic, varied figures: every band and the cap are reached."""
    return [
        (
            Decimal(40),
            Decimal(n % 53),
            Decimal(10),
            Decimal(n % 13),
            Decimal(5),
            Decimal(n % 7),
            Decimal(50 + n % 51),
        )
        for n in range(count)
    ]


def _appraisals(figures: list[Figures]) -> list[Appraisal]:
    return [
        Appraisal(
            staff_id=f"S-{n}",
            period=PERIOD,
            results=(
                IndicatorResult.measured("visit", plan=f[0], actual=f[1]),
                IndicatorResult.measured("expansion", plan=f[2], actual=f[3]),
                IndicatorResult.measured("deal", plan=f[4], actual=f[5]),
                IndicatorResult.rated("daily-work", f[6]),
            ),
        )
        for n, f in enumerate(figures)
    ]


_QUANTUM = Decimal("0.0001")
_CAP = Decimal("1.2")
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_BANDS = (
    (Decimal(90), "excellent"),
    (Decimal(80), "good"),
    (Decimal(60), "qualified"),
    (Decimal(50), "needs-improvement"),
    (_ZERO, "unqualified"),
)


def _hand_written(
    figures: list[Figures], weights: tuple[Decimal, Decimal, Decimal, Decimal]
) -> list[tuple[Decimal, str]]:
    """The same arithmetic as the library, written inline for one known scheme."""
    w_visit, w_expansion, w_deal, w_daily = weights
    out = []
    for vp, va, ep, ea, dp, da, rating in figures:
        total = _ZERO
        for plan, actual, weight in ((vp, va, w_visit), (ep, ea, w_expansion), (dp, da, w_deal)):
            rate = (actual / plan).quantize(_QUANTUM, ROUND_HALF_UP) if plan else Decimal(1)
            total += min(max(rate, _ZERO), _CAP) * weight
        total += (rating / _HUNDRED).quantize(_QUANTUM, ROUND_HALF_UP) * w_daily
        band = next(name for threshold, name in _BANDS if total >= threshold)
        out.append((total, band))
    return out


def _weights(scheme: AppraisalScheme) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    visit, expansion, deal, daily = (i.weight for i in scheme.indicators)
    return visit, expansion, deal, daily


def run(scale: float = 1.0) -> list[Row]:
    """Score ``100,000 × scale`` appraisals; compare two schemes over the same appraisals."""
    count = max(1, round(APPRAISALS * scale))
    figures = _figures(count)
    appraisals = _appraisals(figures)
    old = SPECIALIST_MONTHLY
    new = old.with_weights({"visit": 30, "daily-work": 25}, version="2")
    old_weights, new_weights = _weights(old), _weights(new)

    def library() -> list[tuple[Decimal, str]]:
        return [
            (score.total, score.band.key)
            for score in (score_appraisal(old, appraisal) for appraisal in appraisals)
        ]

    def baseline() -> list[tuple[Decimal, str]]:
        return _hand_written(figures, old_weights)

    if library() != baseline():
        raise AssertionError("library and baseline disagree on a total or band")

    def library_compare() -> object:
        return compare_schemes(old, new, appraisals)

    def baseline_compare() -> object:
        before = _hand_written(figures, old_weights)
        after = _hand_written(figures, new_weights)
        return [(b, a, a[0] - b[0]) for b, a in zip(before, after, strict=True)]

    lib_score, base_score = side_by_side(library, baseline, repeat=3)
    lib_compare, base_compare = side_by_side(library_compare, baseline_compare, repeat=3)
    note = f"{count:,} appraisals x 4 indicators; library results carry explanations"
    return [
        Row(
            benchmark="KPI scoring (score_appraisal)",
            library=count / lib_score,
            baseline=count / base_score,
            unit="appraisals/s",
            baseline_name="hand-written Decimal loop",
            note=note,
        ),
        Row(
            benchmark="KPI scheme change impact (compare_schemes)",
            library=count / lib_compare,
            baseline=count / base_compare,
            unit="appraisals/s",
            baseline_name="hand-written loop, twice",
            note=note + " and a band migration matrix",
        ),
    ]


if __name__ == "__main__":
    for row in run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0):
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "n/a"
        print(
            f"{row.benchmark}: {row.library:,.0f} {row.unit} vs {row.baseline or 0:,.0f} "
            f"({row.baseline_name}) = {ratio}  [{row.note}]"
        )
