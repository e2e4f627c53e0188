"""Wide sweeps of service counts kept as percentile bands only (the page's P10-P90 band of
annual cost against the count): patterns are simulated one at a time and only their percentiles
kept, so draws x counts may go up to ``MAX_SWEEP_CELLS``."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Pattern
from accesscost.model.losses import compliance_loss
from accesscost.model.simulation import chosen_ids, horizon_losses
from accesscost.model.summaries import Percentiles, percentiles
from accesscost.model.world import MAX_SWEEP_CELLS, World, make_world, spread, unit_costs


@dataclass(frozen=True)
class PatternBands:
    """Mean and P10 / P50 / P90 of one pattern's annual cost and TCO, arrays over the counts."""

    pattern: Pattern
    annual_usd: Percentiles[np.ndarray]
    # only when asked for: the page's chart needs the annual band
    tco_usd: Percentiles[np.ndarray] | None


@dataclass(frozen=True)
class SweepBands:
    """Percentile bands of every simulated pattern over a sweep of service counts."""

    services: np.ndarray
    draws: int
    horizon_years: int
    patterns: dict[str, PatternBands]

    def band(self, pattern_id: str, figure: str = "annual_usd") -> Percentiles[np.ndarray]:
        """``figure`` is "annual_usd" or "tco_usd"."""
        return getattr(self.patterns[pattern_id], figure)


def _pattern_bands(pattern: Pattern, world: World, with_tco: bool) -> PatternBands:
    """Annual (and TCO) percentiles of one pattern, built in place in one (draws, counts) array."""
    costs = unit_costs(pattern, world)
    shape = (world.draws, world.services.size)
    operations = spread(costs.operations, world.units, shape)
    annual = percentiles(operations + compliance_loss(pattern, world), with_se=False)
    if not with_tco:
        return PatternBands(pattern, annual, None)
    annuity = float(world.discount.sum())
    implementation = spread(costs.implementation, world.units, shape)
    _, losses = horizon_losses(pattern, world)
    return PatternBands(
        pattern, annual, percentiles(implementation + annuity * operations + losses)
    )


# Patterns priced at once: numpy lets go of the interpreter in its array work (the partition
# that finds the percentiles, the sums of the losses), so two cores price two patterns together.
# Each pattern's draws come from its own streams and the shared events are drawn once under the
# world's lock, so the bands are the same, draw for draw, as priced one by one.
BAND_WORKERS = min(2, os.cpu_count() or 1)


def sweep_bands(
    assumptions: Assumptions,
    services,
    draws: int,
    rng: np.random.Generator,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    pattern_ids: list[str] | None = None,
    with_tco: bool = True,
) -> SweepBands:
    """Percentile bands of annual cost and TCO (unless ``with_tco`` is false) over a sweep.

    Patterns are simulated one at a time and only their percentiles are kept, so draws x counts
    may go up to ``MAX_SWEEP_CELLS`` (10,000 draws x 1,000 counts peaks near 160 MB). The same
    seed gives the same rate and line-item draws as ``simulate``.
    """
    years = None if with_tco else 1  # the annual band draws the first year's events only
    world = make_world(
        assumptions,
        services,
        draws,
        rng,
        horizon_years,
        hourly_rate_usd,
        MAX_SWEEP_CELLS,
        event_years=years,
    )
    ids, patterns = chosen_ids(assumptions, pattern_ids), assumptions.patterns
    with ThreadPoolExecutor(max_workers=BAND_WORKERS) as pool:
        priced = pool.map(lambda pid: _pattern_bands(patterns[pid], world, with_tco), ids)
        bands = dict(zip(ids, priced, strict=True))
    return SweepBands(world.services, world.draws, world.horizon_years, bands)


# The cost-against-services chart's P10-P90 bands, on the page and in every export alike: 100
# counts from 1 to 1,000 services (or to twice the chosen count), at most 10,000 draws.
BAND_POINTS, BAND_DRAWS, SIMULATED_UPPER = 100, 10_000, 1_000


def band_plan(services: int, draws: int) -> tuple[np.ndarray, int]:
    """The service counts and the number of draws of the chart's bands at ``services``; the same
    counts for any count up to 500, so a page moving its slider reuses them."""
    from accesscost.model.timeline import sweep_counts

    return sweep_counts(services, BAND_POINTS, SIMULATED_UPPER), min(draws, BAND_DRAWS)
