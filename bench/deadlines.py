"""Benchmark: ``response_deadlines`` for 10,000 requests, with a cold cache on every run.

Run from the repository root: ``python bench/deadlines.py``. The receipt dates are spread over
2025–2028 (fixed seed), about one in four with a suspension (Awb 4:15, 1–30 days). Before each
repeat every package cache is cleared (per-year holiday sets and cached results), so each
figure includes building the calendar and computing every distinct input once. Prints the
median and minimum of the repeats and ends with one ``RESULT`` line (target: under 0.2 s).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from avg_service.deadlines import clear_caches, response_deadlines  # noqa: E402

N_REQUESTS = 10_000
REPEATS = 7
TARGET_S = 0.2


def _workload(seed: int = 20250101) -> list[tuple[date, int]]:
    rng = random.Random(seed)
    first, span = date(2025, 1, 1), (date(2028, 12, 31) - date(2025, 1, 1)).days + 1
    return [
        (first + timedelta(days=rng.randrange(span)), rng.randint(1, 30) if rng.random() < 0.25 else 0)
        for _ in range(N_REQUESTS)
    ]


def _run(workload: list[tuple[date, int]]) -> float:
    clear_caches()
    start = time.perf_counter()
    for received_on, suspended in workload:
        response_deadlines(received_on, suspended_days=suspended)
    return time.perf_counter() - start


def main() -> None:
    workload = _workload()
    distinct = len(set(workload))
    timings = [_run(workload) for _ in range(REPEATS)]
    median, best = statistics.median(timings), min(timings)
    print(f"response_deadlines x {N_REQUESTS} ({distinct} distinct inputs), cold cache, {REPEATS} repeats")
    print(f"  median {median:.4f} s  min {best:.4f} s  ({median / N_REQUESTS * 1e6:.1f} us per request)")
    ok = "true" if median < TARGET_S else "false"
    print(f"RESULT deadlines_10k_median_s={median:.4f} target_s={TARGET_S} ok={ok}")


if __name__ == "__main__":
    main()
