"""``import keyaccount`` time from ``python -X importtime``, next to ``import attrs``."""

from __future__ import annotations

import statistics
import subprocess
import sys

from benchmarks.harness import Row


def import_microseconds(module: str) -> int:
    """Cumulative import time of ``module`` in a fresh interpreter, in microseconds."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    )
    for line in result.stderr.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1])
    raise RuntimeError(f"no importtime line for {module}")


def run(scale: float = 1.0) -> list[Row]:
    """Median of several fresh processes for each import (target: keyaccount < 150 ms)."""
    repeat = 7 if scale >= 0.1 else 3
    ours: list[int] = []
    attrs_times: list[int] = []
    for _ in range(repeat):
        ours.append(import_microseconds("keyaccount"))
        attrs_times.append(import_microseconds("attrs"))
    heavy = []
    for module in ("keyaccount.domain", "keyaccount.serialization", "keyaccount.calendar"):
        try:
            heavy.append((module, statistics.median(import_microseconds(module) for _ in range(3))))
        except subprocess.CalledProcessError:
            continue
    rows = [
        Row(
            "import keyaccount",
            statistics.median(ours) / 1000,
            statistics.median(attrs_times) / 1000,
            "ms",
            "import attrs",
            lower_is_better=True,
            note="target < 150 ms",
        )
    ]
    rows += [
        Row(f"import {name}", value / 1000, None, "ms", lower_is_better=True)
        for name, value in heavy
    ]
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import render

    print(render(run()))
