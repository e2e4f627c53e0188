"""What a simulation says: mean, P10/P50/P90 and standard error of each figure, P(cheaper),
P(cheapest) and the samples behind a loss-exceedance curve.

Reported means use conditional expectation (``mean_basis``): the average over worlds of each
world's expected loss given its drawn beliefs, so the rare large events add no noise to the mean;
each mean carries its Monte Carlo standard error. The percentiles come from the draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from accesscost.model.simulation import PatternDraws, Simulation

SIMULATED_FIGURES = (
    "implementation_usd",
    "cash_usd_per_year",
    "labour_usd_per_year",
    "operations_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)


PERCENTILE_KEYS = ("mean", "p10", "p50", "p90", "se")


V = TypeVar("V", float, np.ndarray)  # a summary at one service count, or arrays per count


@dataclass(frozen=True)
class Percentiles(Generic[V]):
    """Mean, P10, P50 and P90 of a figure over the simulated worlds (floats, or arrays per count),
    and ``se``, the Monte Carlo standard error of the mean."""

    mean: V
    p10: V
    p50: V
    p90: V
    se: V

    def as_dict(self, digits: int = 2) -> dict[str, float]:
        """Plain numbers for JSON and tables (for a summary at one service count)."""
        return {key: round(float(getattr(self, key)), digits) for key in PERCENTILE_KEYS}


PERCENTILE_RANKS = np.array([10.0, 50.0, 90.0])
MIN_DRAWS_FOR_SE = 2  # a standard error needs at least two draws


def percentiles(
    sample: np.ndarray, basis: np.ndarray | None = None, *, with_se: bool = True
) -> Percentiles[np.ndarray]:
    """Mean and P10 / P50 / P90 over the first axis (the draws).

    The mean and its standard error come from ``basis`` when given (each draw's conditional
    expectation of the figure, same shape), else from the sample itself. numpy's default
    ("linear") percentiles, read off each count's draws partitioned around the six ranks they
    need (the same values a full sort puts there): about twice as fast as a sort, which was
    itself twice as fast as ``np.percentile`` along the draws' axis (benchmarks/, item 2).
    """
    basis = sample if basis is None else basis
    ordered = np.array(sample.T, order="C")  # a copy, each count's draws side by side
    position = PERCENTILE_RANKS / 100 * (ordered.shape[-1] - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, ordered.shape[-1] - 1)
    ordered.partition(
        sorted({*below.tolist(), *above.tolist()}), axis=-1
    )  # np.unique imports np.ma
    low, high = ordered[..., below], ordered[..., above]
    p10, p50, p90 = np.moveaxis(low + (high - low) * (position - below), -1, 0)
    mean = np.mean(basis, axis=0)
    if not with_se or basis.shape[0] < MIN_DRAWS_FOR_SE:  # not asked for (a chart's band)
        return Percentiles(mean, p10, p50, p90, np.full(mean.shape, np.nan))
    se = np.std(basis, axis=0, ddof=1) / np.sqrt(basis.shape[0])
    return Percentiles(mean, p10, p50, p90, se)


def mean_basis(draws: PatternDraws, figure: str) -> np.ndarray:
    """Each draw's expected value of ``figure`` given the world's beliefs: the loss replaced by
    its conditional expectation (``expected_compliance``), everything else as drawn."""
    expected = draws.expected_compliance_usd_per_year
    if figure == "compliance_usd_per_year":
        return expected
    if figure == "annual_usd":
        return draws.operations_usd_per_year + expected
    if figure == "tco_usd":
        yearly = draws.operations_usd_per_year + expected
        return draws.implementation_usd + draws.annuity * yearly
    return getattr(draws, figure)


def figure_summary(
    sim: Simulation, pattern_id: str, figure: str, index: int = 0
) -> Percentiles[float]:
    """One figure (``SIMULATED_FIGURES``) of one pattern at ``sim.services[index]``."""
    draws = sim.patterns[pattern_id]
    sample = getattr(draws, figure)[:, index : index + 1]
    summary = percentiles(sample, mean_basis(draws, figure)[:, index : index + 1])
    return Percentiles(*(float(getattr(summary, key)[0]) for key in PERCENTILE_KEYS))


def pattern_summary(
    sim: Simulation, pattern_id: str, index: int = 0
) -> dict[str, Percentiles[float]]:
    """Every simulated figure of one pattern at one service count."""
    return {figure: figure_summary(sim, pattern_id, figure, index) for figure in SIMULATED_FIGURES}


def annual_loss(sim: Simulation, pattern_id: str, index: int = 0) -> np.ndarray:
    """The compliance loss of each simulated year at one service count (loss-exceedance sample)."""
    return sim.patterns[pattern_id].compliance_usd_per_year[:, index]


def inherent_losses(
    unguarded: Simulation,
    toggles: Mapping[str, Sequence[str]],
    pattern_ids: Sequence[str],
    index: int = 0,
) -> dict[str, np.ndarray]:
    """Inherent risk: the annual-loss sample of each of ``pattern_ids`` that has a guardrail
    switched on in ``toggles`` (a scenario's ``guardrails:``), from ``unguarded``, the same
    assumptions simulated without those guardrails. With the seed of the guarded simulation it
    has the same worlds and threat events (common random numbers), so the two samples differ only
    by what the guardrails do, world by world."""
    return {pid: annual_loss(unguarded, pid, index) for pid in pattern_ids if toggles.get(pid)}


def _tco(sim: Simulation, pattern_ids: list[str], index: int) -> np.ndarray:
    return np.stack([sim.patterns[pid].tco_usd[:, index] for pid in pattern_ids])


def probability_cheaper(sim: Simulation, first: str, second: str, index: int = 0) -> float:
    """P(``first`` costs less than ``second`` over the horizon), TCO draw by draw; a tie counts
    half, so P(A cheaper than B) + P(B cheaper than A) = 1."""
    a, b = _tco(sim, [first, second], index)
    return float(np.mean(a < b) + 0.5 * np.mean(a == b))


def cheaper_matrix(
    sim: Simulation, pattern_ids: list[str], index: int = 0
) -> dict[str, dict[str, float]]:
    """``matrix[a][b]`` = P(a cheaper than b over the horizon), for each pair of ``pattern_ids``."""
    return {
        a: {b: probability_cheaper(sim, a, b, index) for b in pattern_ids if b != a}
        for a in pattern_ids
    }


def p_cheapest(sim: Simulation, pattern_ids: list[str], index: int = 0) -> dict[str, float]:
    """P(each pattern has the lowest TCO among ``pattern_ids``), draw by draw; ties are shared,
    so the probabilities sum to 1."""
    tco = _tco(sim, pattern_ids, index)
    lowest = tco == tco.min(axis=0)
    share = lowest / lowest.sum(axis=0)
    return {pid: float(value) for pid, value in zip(pattern_ids, share.mean(axis=1), strict=True)}


def uncertainty_records(sim: Simulation, pattern_ids: list[str], index: int = 0) -> list[dict]:
    """Per pattern: P(cheapest) among ``pattern_ids`` and mean / P10 / P50 / P90 of each figure."""
    cheapest = p_cheapest(sim, pattern_ids, index)
    return [
        {
            "id": pid,
            "p_cheapest": cheapest[pid],
            "percentiles": {
                figure: summary.as_dict()
                for figure, summary in pattern_summary(sim, pid, index).items()
            },
        }
        for pid in pattern_ids
    ]
