"""Precision you can see: at the default draws and seed, every simulated mean is within 3% of the
deterministic engine's figure (its analytic value), and carries its Monte Carlo standard error.

On main, D's compliance mean was $13,902 against $16,180 (-14%) at 10,000 draws: a $4M breach at
p = 0.0005 a year happens about five times in 10,000 years, so the sample mean of the draws
swings with each of them. Means are now each world's expected loss given its drawn beliefs,
averaged (conditional expectation): the events' noise stays in the percentiles only.
"""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.model.engine import estimate
from accesscost.model.matrix import matrix_uncertainty
from accesscost.model.simulation import simulate
from accesscost.model.summaries import SIMULATED_FIGURES, figure_summary
from accesscost.text.report import add_uncertainty, estimate_summary

COUNTS = [1, 50, 1000]


@pytest.fixture(scope="module")
def default_run(default_assumptions):
    settings = default_assumptions.org.simulation
    rng = np.random.default_rng(settings.seed)
    sim = simulate(default_assumptions, COUNTS, settings.draws, rng)
    return sim, estimate(default_assumptions, COUNTS)


@pytest.mark.parametrize("figure", SIMULATED_FIGURES)
def test_every_simulated_mean_is_within_3_percent_of_the_engine(default_run, figure):
    sim, engine = default_run
    for pid in sim.patterns:
        for index, count in enumerate(COUNTS):
            analytic = float(getattr(engine.patterns[pid], figure)[index])
            summary = figure_summary(sim, pid, figure, index)
            assert summary.mean == pytest.approx(analytic, rel=0.03, abs=0.5), (pid, count)
            # and the standard error says how close: the gap is within 4 of them (or a cent)
            assert abs(summary.mean - analytic) <= 4 * summary.se + 0.01, (pid, count)


def test_the_standard_error_is_the_spread_of_the_means_over_the_root_of_the_draws(default_run):
    sim, _ = default_run
    draws = sim.patterns["d-iam-user-keys"]
    summary = figure_summary(sim, "d-iam-user-keys", "operations_usd_per_year", 1)
    sample = draws.operations_usd_per_year[:, 1]
    assert summary.se == pytest.approx(sample.std(ddof=1) / np.sqrt(sample.size))
    assert summary.se > 0  # D's tooling is a range


def test_the_cli_json_carries_the_standard_error(default_assumptions):
    summary = estimate_summary(default_assumptions, 50)
    sim = simulate(default_assumptions, 50, 2_000, np.random.default_rng(3))
    add_uncertainty(summary, sim)
    for pattern in summary["patterns"]:
        for figure, values in pattern["percentiles"].items():
            assert set(values) == {"mean", "p10", "p50", "p90", "se"}, figure
            assert values["se"] >= 0


def test_the_matrix_band_names_the_mean_and_its_standard_error(default_run):
    sim, _ = default_run
    ranges = matrix_uncertainty(sim, ["d-iam-user-keys"], index=1)["d-iam-user-keys"]["ranges"]
    text = ranges["operational_overhead"].precision
    assert text.startswith("simulated mean $") and "Monte Carlo standard error ±$" in text
