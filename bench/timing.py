"""Timing helper shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], runs: int, *, warm: bool = True) -> float:
    """The median wall time of `fn` over `runs` calls, in milliseconds."""
    if warm:
        fn()  # imports, caches (fonts, QR tables) out of the way
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
