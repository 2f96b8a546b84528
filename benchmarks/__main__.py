"""Run every benchmark and print one table: ``python -m benchmarks [--scale S] [--only NAME]``.

``--scale`` multiplies every workload (0.01 for a quick look; 1 for the figures in
docs/performance.md).  Each row shows the library's figure, its baseline's, and the ratio
(how many times better the library is; > 1 means faster or smaller).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

from benchmarks.harness import Row


def _format(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def render(rows: list[Row]) -> str:
    """The table as Markdown text."""
    header = ["benchmark", "library", "baseline", "unit", "ratio", "baseline is", "note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        ratio = row.ratio
        cells = [
            row.benchmark,
            _format(row.library),
            _format(row.baseline),
            row.unit,
            "-" if ratio is None else f"{ratio:.2f}x",
            row.baseline_name,
            row.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine_facts() -> str:
    """CPU count, Python version and platform, for the table's header."""
    return (
        f"CPUs: {os.cpu_count()} · Python {platform.python_version()} "
        f"({platform.python_implementation()}) · {platform.system()} {platform.machine()}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print machine facts and the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--scale", type=float, default=1.0, help="workload multiplier")
    parser.add_argument("--only", action="append", default=[], help="run only bench_NAME")
    args = parser.parse_args(argv)
    folder = Path(__file__).parent
    names = sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only or n in args.only]
    rows: list[Row] = []
    print(machine_facts(), f"· scale {args.scale}", flush=True)
    for name in names:
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        module_rows = module.run(args.scale)
        rows.extend(module_rows)
        print(
            f"  {name}: {len(module_rows)} rows in {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
            flush=True,
        )
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
