"""Where two patterns' costs cross over a sweep of counts (break-even), and how likely a
year's loss is to exceed each amount (loss exceedance) against the org's risk tolerance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.inputs.org_schema import Org, RiskTolerance
from accesscost.model.simulation import Simulation


@dataclass(frozen=True)
class BreakEven:
    """Where the TCOs of ``first`` and ``second`` cross, over the simulated years.

    In each simulated year the break-even is the first service count of the sweep at which the
    cheaper of the two is no longer the one that was cheaper at the smallest count. P10 / P50 / P90
    are taken over the years where that happens (None if it never does); ``crossing_fraction`` is
    the share of such years, and ``first_cheaper_above`` the share of them in which ``first`` is
    the cheaper one past the break-even.
    """

    first: str
    second: str
    p10: float | None
    p50: float | None
    p90: float | None
    crossing_fraction: float
    first_cheaper_above: float | None
    services_range: tuple[int, int]
    first_always_cheaper: float = 0.0  # share of worlds where ``first`` is cheaper at every count

    @property
    def second_always_cheaper(self) -> float:
        return self.never_fraction - self.first_always_cheaper

    @property
    def never_fraction(self) -> float:
        """The share of simulated years in which the two never cross within the sweep."""
        return 1.0 - self.crossing_fraction


def break_even(sim: Simulation, first: str, second: str) -> BreakEven:
    """The break-even service count of two patterns in a simulation over a sweep of counts."""
    order = np.argsort(sim.services, kind="stable")
    counts = sim.services[order]
    gap = (sim.patterns[first].tco_usd - sim.patterns[second].tco_usd)[:, order]
    start = np.sign(gap[:, :1])
    flipped = gap * start < 0
    crossing = flipped.any(axis=1)
    at = counts[flipped.argmax(axis=1)][crossing]
    band = _count_percentiles(at)
    above = float(np.mean(start[crossing, 0] > 0)) if at.size else None
    span = (int(counts[0]), int(counts[-1]))
    always = float(np.mean(~crossing & (start[:, 0] < 0)))
    return BreakEven(first, second, *band, float(np.mean(crossing)), above, span, always)


def _count_percentiles(counts: np.ndarray) -> tuple[float | None, float | None, float | None]:
    """P10, P50 and P90 of the counts (None each if there are none)."""
    if counts.size == 0:
        return (None, None, None)
    p10, p50, p90 = np.percentile(counts, [10, 50, 90], method="inverted_cdf")
    return float(p10), float(p50), float(p90)


@dataclass(frozen=True)
class ExceedanceCurve:
    """P(a year's compliance loss exceeds ``loss_usd``), at each of the losses."""

    loss_usd: np.ndarray
    probability: np.ndarray


def loss_grid(samples: list[np.ndarray], points: int = 200) -> np.ndarray:
    """Log-spaced losses from the smallest to the largest positive loss of all ``samples``."""
    positive = np.concatenate([s[s > 0] for s in samples]) if samples else np.array([])
    if positive.size == 0:
        return np.array([])
    return np.geomspace(positive.min(), positive.max(), points)


def exceedance_probability(sample: np.ndarray, loss_usd) -> np.ndarray | float:
    """The share of simulated years whose loss is above ``loss_usd`` (a number or an array)."""
    ordered = np.sort(sample)
    return 1.0 - np.searchsorted(ordered, loss_usd, side="right") / ordered.size


def loss_exceedance(sample: np.ndarray, losses: np.ndarray | None = None) -> ExceedanceCurve:
    """The loss-exceedance curve of an annual-loss sample, on ``losses`` (default: log grid)."""
    grid = loss_grid([sample]) if losses is None else np.asarray(losses, dtype=float)
    return ExceedanceCurve(grid, np.asarray(exceedance_probability(sample, grid), dtype=float))


def tolerance_at(org: Org, services: int) -> RiskTolerance | None:
    """The org's risk tolerance at ``services``: its loss is set at ``org.default_services`` and
    grows in proportion with the service count, so a pattern whose loss per service is constant
    keeps the same standing against it at any scale."""
    tolerance = org.risk_tolerance
    if tolerance is None:
        return None
    scaled = tolerance.loss_usd * services / org.default_services
    return tolerance.model_copy(update={"loss_usd": scaled})


def exceeds_tolerance(sample: np.ndarray, tolerance: RiskTolerance) -> bool:
    """True when P(loss > tolerance.loss_usd) is above the probability the org accepts."""
    return float(exceedance_probability(sample, tolerance.loss_usd)) > tolerance.probability
