"""Speed and memory of the model, against the targets a review needs (what-if in seconds).

    python benchmarks/bench.py     # one line per measurement; exit 1 if a target is missed

Timed here, not in the tests, so a busy machine never fails the test suite. Each figure is the best
of a few runs; memory is the peak traced by tracemalloc during that measurement.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.engine import estimate  # noqa: E402
from models.loading import load_assumptions  # noqa: E402
from models.sensitivity import Output, tornado  # noqa: E402
from models.simulation import simulate, sweep_bands  # noqa: E402

ASSUMPTIONS = load_assumptions(ROOT / "assumptions")
SEED = 20261129

# name, function, target seconds, target peak MiB
CASES = [
    ("estimate: 6 patterns at 1 count", lambda: estimate(ASSUMPTIONS, 50), 0.05, 5),
    ("estimate: sweep 1..10,000", lambda: estimate(ASSUMPTIONS, np.arange(1, 10_001)), 0.5, 50),
    (
        "simulate: 10,000 draws at 1 count",
        lambda: simulate(ASSUMPTIONS, 50, 10_000, np.random.default_rng(SEED)),
        1.0,
        100,
    ),
    (
        "sweep bands: 1..1,000 x 10,000 draws",
        lambda: sweep_bands(ASSUMPTIONS, np.arange(1, 1001), 10_000, np.random.default_rng(SEED)),
        15.0,
        600,
    ),
    (
        "sweep bands as on the page: 200 counts x 4,000 draws",
        lambda: sweep_bands(ASSUMPTIONS, np.arange(1, 201), 4_000, np.random.default_rng(SEED)),
        2.0,
        200,
    ),
    (
        "tornado: B's saving against D",
        lambda: tornado(ASSUMPTIONS, Output("b-task-role", "d-iam-user-keys"), 50),
        0.5,
        50,
    ),
]


def measure(function, repeats: int = 3) -> tuple[float, float]:
    best, peak = float("inf"), 0.0
    for _ in range(repeats):
        tracemalloc.start()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return best, peak


def main() -> int:
    missed = 0
    for name, function, target_s, target_mib in CASES:
        seconds, mib = measure(function)
        ok = seconds <= target_s and mib <= target_mib
        missed += not ok
        verdict = "ok" if ok else "MISSED"
        print(f"{verdict:6} {name}: {seconds:.3f} s (target {target_s} s), "
              f"peak {mib:.0f} MiB (target {target_mib} MiB)")  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
