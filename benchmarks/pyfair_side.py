"""pyfair's side of benchmark items 6 and 11, a worker in its own process (pyfair reseeds numpy's
global generator): each line read is a number of draws; for each it runs pyfair once and prints
one JSON line, {"draws": ..., "seconds": ..., "mean_usd": ...}. The benchmark sends it one line
at a time, between runs of its own side, both pinned to the same core (``benchmarks/versus.py``).

    printf '10000\\n100000\\n' | python benchmarks/pyfair_side.py
"""

from __future__ import annotations

import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.single_risk import FREQUENCY, IMPACT_USD


def run(draws: int) -> float:
    from pyfair import FairModel

    model = FairModel(name="Credential leak", n_simulations=draws, random_seed=20261129)
    model.input_data("Loss Event Frequency", **FREQUENCY)
    model.input_data("Loss Magnitude", **IMPACT_USD)
    model.calculate_all()
    return float(model.export_results()["Risk"].mean())


def main() -> None:
    warnings.simplefilter("ignore")
    run(1_000)  # imports and first-call set-up, not timed
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        draws, runs = map(int, line.split())
        seconds, mean = [], 0.0
        for _ in range(runs):
            start = time.perf_counter()
            mean = run(draws)
            seconds.append(time.perf_counter() - start)
        print(json.dumps({"draws": draws, "seconds": seconds, "mean_usd": mean}), flush=True)


if __name__ == "__main__":
    main()
