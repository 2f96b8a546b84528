"""Scale-out overhead: the mergeable ABC pass against the single-process one, in one process.

Workload: 1,000,000 values in cents following a Pareto law (``scale`` shrinks the number),
dealt into 8 partitions.

* **library** — the scale-out form run serially: ``abc_tally`` per partition, ``merge_all``,
  ``abc_cutoffs_from`` (and, for the second row, ``abc_ranking``);
* **baseline** — ``abc_cutoffs`` (``abc_classify`` for the second row) over all the values at
  once.

On a cluster the eight tallies run in parallel and only the merge and the apply step are
serial; run serially, the rows show what the mergeable form costs over the direct pass.  Both
sides must give the same cut-offs before anything is timed.  A third row reports the size of
the merged tally and of the ranking built from it, pickled (what a cluster sends to each
worker), per customer.

Run alone with ``python -m benchmarks.bench_scaleout [scale]``.
"""

from __future__ import annotations

import pickle
import random
import sys
from decimal import Decimal

from benchmarks.harness import Row, side_by_side
from keyaccount.policies.grading import abc_classify, abc_cutoffs
from keyaccount.policies.grading_presets import PARETO_ABC
from keyaccount.scaleout import AbcTally, abc_cutoffs_from, abc_ranking, abc_tally, merge_all

VALUES = 1_000_000
PARTITIONS = 8


def _values(count: int, seed: int = 2025) -> list[Decimal]:
    """``count`` Pareto-distributed amounts in whole cents (ties occur, as in real books)."""
    rnd = random.Random(seed)
    return [Decimal(int(rnd.paretovariate(1.2) * 30_000_000)).scaleb(-2) for _ in range(count)]


def run(scale: float = 1.0) -> list[Row]:
    """Time the tally-merge-apply pass against the direct pass over ``1,000,000 × scale``."""
    count = max(PARTITIONS, round(VALUES * scale))
    values = _values(count)
    parts = [values[i::PARTITIONS] for i in range(PARTITIONS)]
    ids = [f"C-{n:07d}" for n in range(count)]
    by_id = dict(zip(ids, values, strict=True))
    id_parts = [dict(zip(ids[i::PARTITIONS], part, strict=True)) for i, part in enumerate(parts)]

    def merged() -> AbcTally:
        return merge_all([abc_tally(part) for part in parts], empty=AbcTally())

    def library_cutoffs() -> object:
        return abc_cutoffs_from(merged(), PARETO_ABC)

    def baseline_cutoffs() -> object:
        return abc_cutoffs(values, PARETO_ABC)

    if library_cutoffs() != baseline_cutoffs():
        raise AssertionError("the merged tallies and abc_cutoffs disagree")

    def library_ranking() -> object:
        tally = merge_all([abc_tally(part) for part in id_parts], empty=AbcTally())
        ranking = abc_ranking(tally, PARETO_ABC)
        return [ranking.item(cid, value) for cid, value in by_id.items()]

    def baseline_ranking() -> object:
        return abc_classify(by_id, PARETO_ABC).items

    lib_cut, base_cut = side_by_side(library_cutoffs, baseline_cutoffs, repeat=3)
    lib_rank, base_rank = side_by_side(library_ranking, baseline_ranking, repeat=3)
    tally = merged()
    tally_bytes = len(pickle.dumps(tally, protocol=pickle.HIGHEST_PROTOCOL))
    ranking_bytes = len(pickle.dumps(abc_ranking(tally, PARETO_ABC), pickle.HIGHEST_PROTOCOL))
    label = f"{count:,} values in {PARTITIONS} partitions"
    return [
        Row(
            benchmark=f"ABC cut-offs, tally + merge + apply, {label}",
            library=count / lib_cut,
            baseline=count / base_cut,
            unit="values/s",
            baseline_name="abc_cutoffs in one pass",
            note="run serially; a cluster runs the tallies in parallel",
        ),
        Row(
            benchmark=f"ABC items (class, rank, shares), via the ranking, {label}",
            library=count / lib_rank,
            baseline=count / base_rank,
            unit="customers/s",
            baseline_name="abc_classify in one pass",
            note="run serially",
        ),
        Row(
            benchmark=f"merged tally and ranking pickled, {label}",
            library=(tally_bytes + ranking_bytes) / count,
            baseline=None,
            unit="bytes/customer",
            lower_is_better=True,
            note=f"{len(tally.values):,} distinct values; sent once to each worker",
        ),
    ]


if __name__ == "__main__":
    for row in run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0):
        print(row)
