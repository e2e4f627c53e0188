"""The threat events a simulation keeps are bounded (``MAX_EVENTS``): too many draws for the
count and horizon are refused with the most that fit, instead of taking gigabytes (CI/CD's leak
frequency at 10,000 pipelines drew 135 million events at 100,000 draws, about 15 GB)."""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.decisions import decision_folder
from accesscost.inputs.loading import load_assumptions
from accesscost.model import world
from accesscost.model.bands import sweep_bands
from accesscost.model.simulation import simulate
from benchmarks.single_risk import single_threat_assumptions
from tests.conftest import ASSUMPTIONS


def test_the_events_a_world_draws_and_the_draws_that_fit_by_hand(default_assumptions):
    # One threat, TEF PERT(0.01, 0.05, 0.20) a service a year: mean (0.01 + 4 x 0.05 + 0.20) / 6
    # = 0.068333. At 10,000 services over 3 years a world draws 3 x 683.33 = 2,050 events;
    # 15,000,000 // 2,050 = 7,317 draws fit.
    single = single_threat_assumptions(default_assumptions)
    assert world.events_per_world(single, 10_000, 3) == pytest.approx(2_050)
    assert world.affordable_draws(single, 10_000, 3) == 7_317
    assert world.affordable_draws(single, 10, 1) == world.MAX_DRAWS  # 0.68 a world: no limit


@pytest.mark.slow  # simulates the 15 million events the budget allows (about 4 s)
def test_too_many_draws_are_refused_with_the_most_that_fit(default_assumptions):
    single = single_threat_assumptions(default_assumptions)
    with pytest.raises(AssumptionErrors) as refused:
        simulate(single, 10_000, 7_318, np.random.default_rng(1), horizon_years=3)
    (problem,) = refused.value.problems
    assert problem.file == "draws"
    assert "use at most 7,317 draws" in problem.reason and "10,000 services" in problem.reason
    sim = simulate(single, 10_000, 7_317, np.random.default_rng(1), horizon_years=3)
    assert sim.draws == 7_317


def test_the_annual_band_counts_the_first_year_only(default_assumptions):
    # 683.33 events a world in one year: 21,951 draws fit where the horizon's three years allow
    # 7,317, so a band of 10,000 draws at 10,000 services runs
    single = single_threat_assumptions(default_assumptions)
    bands = sweep_bands(
        single, [10_000], 10_000, np.random.default_rng(1), horizon_years=3, with_tco=False
    )
    assert bands.draws == 10_000
    with pytest.raises(AssumptionErrors):
        sweep_bands(single, [10_000], 10_000, np.random.default_rng(1), horizon_years=3)


def test_the_shipped_decisions_run_their_defaults_at_the_largest_count():
    for decision in ("ecs-s3", "eks-pods", "cicd"):
        assumptions = load_assumptions(decision_folder(ASSUMPTIONS, decision))
        draws = assumptions.org.simulation.draws
        assert world.affordable_draws(assumptions, 10_000) >= draws, decision
