"""Cached loading and computing for the page, keyed on the inputs (file contents, not names).

Every function here is pure in its arguments: the folder snapshot (``FileText`` tuples holding
each file's text), the what-if scenario as YAML text ("" for the baseline), and plain numbers.

Results are kept with ``st.cache_resource``: one shared object per inputs, never copied. Nothing
mutates them (assumptions change through ``model_copy``, results are frozen dataclasses), and
``st.cache_data`` would unpickle a fresh copy on every call, several times a rerun (about a third
of the page's rerun went to copying and to hashing the file texts). A file is hashed by its path
and its text's hash, which Python computes once per string.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import Assumptions, assumptions_from_files
from accesscost.inputs.scenario import scenario_from_text
from accesscost.inputs.snapshot import FileText
from accesscost.model.bands import SweepBands, sweep_bands
from accesscost.model.count_matrix import CountMatrix, count_matrix
from accesscost.model.engine import Estimate, estimate
from accesscost.model.risk_matrix import RiskPoint, risk_points
from accesscost.model.simulation import Simulation, simulate
from accesscost.model.world import affordable_draws

WHATIF = "what-if"
# keyed as st.cache_resource's hash_funcs are: by type (or its qualified name)
BY_CONTENT: dict[str | type, Callable[[FileText], tuple[str, str, int]]] = {
    FileText: lambda file: (file.path, file.problem, hash(file.text))
}


def cached(max_entries: int):
    """``st.cache_resource`` keyed on file contents, scenario text and numbers."""
    return st.cache_resource(show_spinner=False, max_entries=max_entries, hash_funcs=BY_CONTENT)


@cached(max_entries=16)
def load_assumptions(files: tuple[FileText, ...]) -> Assumptions:
    """Validated baseline assumptions."""
    return assumptions_from_files(files)


@cached(max_entries=32)
def whatif_assumptions(files: tuple[FileText, ...], scenario_text: str) -> Assumptions:
    """The baseline with a scenario applied (the scenario given as its YAML text)."""
    scenario = scenario_from_text(scenario_text, WHATIF) if scenario_text else None
    if scenario is None or scenario.is_empty:  # the baseline: parse the files once, not again
        return load_assumptions(files)
    return apply_scenario(files, scenario, WHATIF)


@cached(max_entries=64)
def compute(files, scenario_text: str, services, horizon: int, reference: str) -> Estimate:
    """The model at one count or a sweep."""
    assumptions = whatif_assumptions(files, scenario_text)
    return estimate(assumptions, services, horizon_years=horizon, reference_id=reference)


@cached(max_entries=16)
def simulation(
    files, scenario_text: str, services: int, horizon: int, reference: str, draws: int, seed: int
) -> Simulation:
    """The Monte Carlo at one service count; the same seed gives the same draws. Fewer draws
    where the threats' events of that many would not fit in memory (the page says so: a
    simulation's ``draws`` is what it ran)."""
    assumptions = whatif_assumptions(files, scenario_text)
    draws = min(draws, affordable_draws(assumptions, services, horizon))
    rng = np.random.default_rng(seed)
    return simulate(
        assumptions, services, draws, rng, horizon_years=horizon, reference_id=reference
    )


@cached(max_entries=16)
def bands(
    files, scenario_text: str, counts: np.ndarray, horizon: int, draws: int, seed: int
) -> SweepBands:
    """P10-P90 bands of annual cost over a sweep of service counts (fewer draws where the
    first year's threat events would not fit in memory)."""
    assumptions = whatif_assumptions(files, scenario_text)
    draws = min(draws, affordable_draws(assumptions, counts, 1))
    rng = np.random.default_rng(seed)
    return sweep_bands(assumptions, counts, draws, rng, horizon_years=horizon, with_tco=False)


@cached(max_entries=16)
def pair_over_counts(
    files,
    scenario_text: str,
    counts: np.ndarray,
    horizon: int,
    pair: tuple[str, str],
    draws: int,
    seed: int,
) -> Simulation:
    """Two patterns simulated over a sweep of service counts, for their break-even."""
    assumptions = whatif_assumptions(files, scenario_text)
    draws = min(draws, affordable_draws(assumptions, counts, horizon))
    rng = np.random.default_rng(seed)
    return simulate(
        assumptions,
        counts,
        draws,
        rng,
        horizon_years=horizon,
        reference_id=pair[0],
        pattern_ids=list(pair),
    )


@cached(max_entries=32)
def services_matrix(
    files, scenario_text: str, chosen: int, figure: str, horizon: int, reference: str
) -> CountMatrix:
    """The pattern x service-count matrix of one figure (every pattern; the page picks rows)."""
    assumptions = whatif_assumptions(files, scenario_text)
    return count_matrix(assumptions, chosen, figure, horizon_years=horizon, reference_id=reference)


@cached(max_entries=16)
def risk_view(files, unguarded_text: str, services: int, guarded: bool) -> list[RiskPoint]:
    """Every (pattern, risk) point: inherent (``unguarded_text``: the what-if without its
    guardrails) or residual (every guardrail that applies switched on)."""
    assumptions = whatif_assumptions(files, unguarded_text)
    return risk_points(assumptions, services, guarded=guarded)
