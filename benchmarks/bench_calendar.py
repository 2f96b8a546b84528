"""Calendar queries side by side with direct ``holidays`` look-ups, over ten years of dates.

Both sides answer the same questions and are checked to agree before timing: "is this a
working day?" for every date of 2020–2029 (``BusinessCalendar.is_working_day`` against
``holidays.China.is_working_day``) and "which is the third working day after it?" for every
working day of 2020–2028 (``add_working_days`` against ``get_nth_working_day``).  The
``holidays`` object is built for the ten years beforehand, so neither side pays for building
tables while timed.

Run alone with ``python -m benchmarks.bench_calendar [--scale 0.1]``.
"""

from __future__ import annotations

import argparse
from datetime import date, timedelta

import holidays

from benchmarks.harness import Row, side_by_side
from keyaccount.calendar import BusinessCalendar

YEARS = range(2020, 2030)
STEP = 3  # working days added in the add_working_days benchmark


def _dates() -> list[date]:
    first = date(YEARS[0], 1, 1)
    count = (date(YEARS[-1] + 1, 1, 1) - first).days
    return [first + timedelta(days=i) for i in range(count)]


def run(scale: float = 1.0) -> list[Row]:
    """Queries per second for ``is_working_day`` and ``add_working_days``, library vs holidays."""
    dates = _dates()
    rounds = max(1, round(20 * scale))
    calendar = BusinessCalendar()
    reference = holidays.China(years=YEARS)

    # Same answers first (and every table built) so that only look-ups are timed.  The two
    # count differently from a rest day (holidays counts the next working day as the first),
    # so working days are added to working days only, where they agree.
    for day in dates:
        assert calendar.is_working_day(day) == reference.is_working_day(day), day
    add_dates = [d for d in dates if d.year < YEARS[-1] and calendar.is_working_day(d)]
    for day in add_dates:
        assert calendar.add_working_days(day, STEP) == reference.get_nth_working_day(day, STEP)

    def library_is_working() -> None:
        check = calendar.is_working_day
        for _ in range(rounds):
            for day in dates:
                check(day)

    def baseline_is_working() -> None:
        check = reference.is_working_day
        for _ in range(rounds):
            for day in dates:
                check(day)

    def library_add() -> None:
        add = calendar.add_working_days
        for _ in range(max(1, rounds // 4)):
            for day in add_dates:
                add(day, STEP)

    def baseline_add() -> None:
        nth = reference.get_nth_working_day
        for _ in range(max(1, rounds // 4)):
            for day in add_dates:
                nth(day, STEP)

    rows = []
    lib, base = side_by_side(library_is_working, baseline_is_working)
    queries = rounds * len(dates)
    rows.append(
        Row(
            benchmark="calendar: is_working_day, 10 years of dates",
            library=queries / lib,
            baseline=queries / base,
            unit="queries/s",
            baseline_name="holidays.China.is_working_day",
        )
    )
    lib, base = side_by_side(library_add, baseline_add)
    queries = max(1, rounds // 4) * len(add_dates)
    rows.append(
        Row(
            benchmark=f"calendar: add_working_days(d, {STEP}), 10 years of working days",
            library=queries / lib,
            baseline=queries / base,
            unit="queries/s",
            baseline_name="holidays.China.get_nth_working_day",
        )
    )
    return rows


def _print(rows: list[Row]) -> None:
    print(f"{'benchmark':<62} {'library':>14} {'baseline':>14} {'ratio':>7}  unit")
    for row in rows:
        ratio = f"{row.ratio:.1f}x" if row.ratio is not None else "-"
        baseline = f"{row.baseline:,.0f}" if row.baseline is not None else "-"
        print(f"{row.benchmark:<62} {row.library:>14,.0f} {baseline:>14} {ratio:>7}  {row.unit}")
        print(f"{'':<62} baseline: {row.baseline_name}")


def main() -> None:
    """Print the calendar benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink the workload")
    _print(run(parser.parse_args().scale))


if __name__ == "__main__":
    main()
