"""Memory of Customer objects vs the same data held in plain dicts."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable

from benchmarks.bench_serialization import make_customers
from benchmarks.harness import Row
from keyaccount.serialization import to_dict


def _allocated(build: Callable[[], object]) -> tuple[int, object]:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    built = build()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, built


def run(scale: float = 1.0) -> list[Row]:
    """Bytes per customer (with one key person) and the total for ``1,000,000 × scale``."""
    count = max(1000, int(1_000_000 * scale))
    lib_bytes, customers = _allocated(lambda: make_customers(count))
    assert isinstance(customers, list)
    dicts_bytes, _ = _allocated(lambda: [to_dict(c) for c in customers])
    mib = 1024 * 1024
    return [
        Row(
            "memory per Customer (1 key person)",
            lib_bytes / count,
            dicts_bytes / count,
            "bytes",
            "the same data as plain dicts",
            lower_is_better=True,
        ),
        Row(
            f"memory of {count:,} customers",
            lib_bytes / mib,
            dicts_bytes / mib,
            "MiB",
            "the same data as plain dicts",
            lower_is_better=True,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import render

    print(render(run()))
