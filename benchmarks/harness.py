"""Side-by-side timing: library and baseline alternate in one process; medians are reported.

A benchmark module in this folder is named ``bench_*.py`` and exposes
``run(scale: float) -> list[Row]``; ``scale`` shrinks the workload for a quick run
(``python -m benchmarks --scale 0.01``).
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of the benchmark table.

    ``library`` and ``baseline`` are rates (``unit`` per second, higher is better) unless
    ``lower_is_better`` is set (for times and sizes).  ``baseline`` may be ``None`` when the
    figure stands alone.
    """

    benchmark: str
    library: float
    baseline: float | None
    unit: str
    baseline_name: str = ""
    lower_is_better: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """How many times better the library is than the baseline (>1: library better)."""
        if self.baseline is None or self.baseline == 0 or self.library == 0:
            return None
        if self.lower_is_better:
            return self.baseline / self.library
        return self.library / self.baseline


def side_by_side(
    library: Callable[[], object],
    baseline: Callable[[], object],
    *,
    repeat: int = 5,
) -> tuple[float, float]:
    """Median seconds of ``library()`` and ``baseline()``, run alternately ``repeat`` times."""
    lib_times: list[float] = []
    base_times: list[float] = []
    for _ in range(repeat):
        for fn, times in ((library, lib_times), (baseline, base_times)):
            gc.collect()
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(lib_times), statistics.median(base_times)


def timed(fn: Callable[[], object], *, repeat: int = 5) -> float:
    """Median seconds of ``fn()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
