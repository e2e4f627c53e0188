"""pyfair's side of benchmark item 6, run in its own process (pyfair reseeds numpy's global
generator). Prints one JSON object: {draws: {"seconds": [...], "mean_usd": ...}}.

    python benchmarks/pyfair_side.py 10000 100000 --repeats 15
"""

from __future__ import annotations

import argparse
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
    parser = argparse.ArgumentParser()
    parser.add_argument("draws", type=int, nargs="+")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    run(1_000)  # imports and first-call set-up, not timed
    out = {}
    for draws in args.draws:
        seconds, mean = [], 0.0
        for _ in range(args.repeats):
            start = time.perf_counter()
            mean = run(draws)
            seconds.append(time.perf_counter() - start)
        out[draws] = {"seconds": seconds, "mean_usd": mean}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
