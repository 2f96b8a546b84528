"""Bulk builds with Python's cyclic garbage collector paused.

A portfolio call builds one small result object per customer.  Each is a container the cyclic
collector tracks, and while a million of them are being built the collector runs again and
again, each time re-scanning the results built so far: time that grows faster than the
portfolio.  None of these objects can form a reference cycle, so reference counting alone frees
them; pausing the collector for the build loses nothing and keeps the cost linear.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk build of acyclic objects.

    Reference counting still frees every object; only the collector of reference cycles
    waits.  If it was already off (by the caller, or by another thread in this block), it is
    left as it was.  This is process-wide state, as ``timeit`` also sets it.
    """
    running = gc.isenabled()
    if running:
        gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
