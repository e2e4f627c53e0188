"""Monte Carlo simulation of every pattern's costs: many simulated worlds, each over the horizon.

``simulate`` draws the worlds (``accesscost.model.world``: beliefs drawn once per world, the
hourly rate shared by every pattern), prices each pattern in them and adds each year's risk
losses (``accesscost.model.losses``: threat events shared by every pattern, common random
numbers). What it says is read by ``accesscost.model.summaries`` (means, percentiles, P(cheaper)),
``accesscost.model.exceedance`` (break-even, loss exceedance) and ``accesscost.model.bands`` (the
page's P10-P90 band over a sweep).

Figures are arrays of shape (draws, service counts): implementation USD, cash and labour USD a
year, compliance loss USD of one year (the first); annual = cash + labour + compliance; TCO =
implementation + the sum over the horizon's years of that year's cost, each year discounted by
(1 + ``org.discount_rate``)^-y. ``services`` is one count or an array (a sweep); nothing loops over
draws or counts (only over the years of the horizon, at most 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Pattern
from accesscost.model.limits import within_limits
from accesscost.model.losses import (
    YEAR_CELLS,
    compliance_loss,
    compliance_losses,
    expected_compliance,
    item_probabilities,
)
from accesscost.model.savings import Savings
from accesscost.model.world import World, make_world, spread, unit_costs


@dataclass(frozen=True)
class PatternDraws:
    """One pattern's figures in every simulated world: arrays of shape (draws, service counts).

    The annual figures are those of one simulated year (the first); the TCO adds the
    implementation and every year of the horizon, each year with its own events and impacts,
    discounted at the org's rate. ``expected_compliance_usd_per_year`` is each world's expected
    loss given its drawn probabilities, the basis of the reported means.
    """

    pattern: Pattern
    horizon_years: int
    annuity: float  # the sum of the discount factors of the horizon's years
    implementation_usd: np.ndarray
    cash_usd_per_year: np.ndarray
    labour_usd_per_year: np.ndarray
    compliance_usd_per_year: np.ndarray  # year 1: the annual-loss sample of loss-exceedance curves
    tco_usd: np.ndarray
    expected_compliance_usd_per_year: np.ndarray

    @property
    def operations_usd_per_year(self) -> np.ndarray:
        return self.cash_usd_per_year + self.labour_usd_per_year

    @property
    def annual_usd(self) -> np.ndarray:
        return self.operations_usd_per_year + self.compliance_usd_per_year


def horizon_losses(
    pattern: Pattern, world: World, probabilities: dict | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Year 1's loss (drawn on its own, as ``compliance_loss``), and the discounted sum of every
    year's loss over the horizon (the later years drawn a few at a time)."""
    probabilities = probabilities or item_probabilities(pattern, world)
    first = compliance_loss(pattern, world, probabilities)
    total = first * world.discount[0]
    block = max(1, YEAR_CELLS // (world.draws * world.services.size))
    for start in range(2, world.horizon_years + 1, block):
        years = min(block, world.horizon_years + 1 - start)
        losses = compliance_losses(pattern, world, start, years, probabilities)
        total += np.tensordot(world.discount[start - 1 : start - 1 + years], losses, axes=1)
    return first, total


def pattern_draws(pattern: Pattern, world: World) -> PatternDraws:
    """Simulate one pattern in every world of ``world``."""
    costs = unit_costs(pattern, world)
    shape = (world.draws, world.services.size)
    implementation = spread(costs.implementation, world.units, shape)
    cash = spread(costs.cash, world.units, shape)
    labour = spread(costs.labour, world.units, shape)
    probabilities = item_probabilities(pattern, world)
    first, losses = horizon_losses(pattern, world, probabilities)
    annuity = float(world.discount.sum())
    return PatternDraws(
        pattern=pattern,
        horizon_years=world.horizon_years,
        annuity=annuity,
        implementation_usd=implementation,
        cash_usd_per_year=cash,
        labour_usd_per_year=labour,
        compliance_usd_per_year=first,
        tco_usd=implementation + annuity * (cash + labour) + losses,
        expected_compliance_usd_per_year=expected_compliance(pattern, world, probabilities),
    )


@dataclass(frozen=True)
class Simulation(Savings):
    """Every simulated pattern in the same worlds (same draws of the hourly rate)."""

    services: np.ndarray
    draws: int
    horizon_years: int
    reference_id: str
    hourly_rate_usd: float | np.ndarray
    patterns: dict[str, PatternDraws]


def chosen_ids(
    assumptions: Assumptions, pattern_ids: list[str] | None, label: str = "patterns"
) -> list[str]:
    """The patterns to simulate, in load order; an unknown id is an error naming the known ones."""
    if pattern_ids is None:
        return list(assumptions.patterns)
    unknown = [pid for pid in pattern_ids if pid not in assumptions.patterns]
    if unknown:
        known = ", ".join(assumptions.patterns)
        raise AssumptionErrors.one(label, "", f"unknown pattern {unknown[0]!r}; known: {known}")
    return [pid for pid in assumptions.patterns if pid in pattern_ids]


def simulate(
    assumptions: Assumptions,
    services,
    draws: int,
    rng: np.random.Generator,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    reference_id: str | None = None,
    pattern_ids: list[str] | None = None,
) -> Simulation:
    """Simulate ``draws`` years of every pattern (or of ``pattern_ids``) at ``services``.

    ``services`` is one count or an array; keep draws x counts within ``MAX_CELLS`` (use
    ``sweep_bands`` for wide sweeps). ``hourly_rate_usd`` fixes the rate instead of drawing it.
    ``reference_id`` (default: the org's) is what ``Simulation.tco_savings`` measures against;
    include it in ``pattern_ids`` to use the savings.
    """
    world = make_world(assumptions, services, draws, rng, horizon_years, hourly_rate_usd)
    if world.services.size == 1:
        assumptions = within_limits(assumptions, int(world.services[0]))
    reference = reference_id or assumptions.reference_id
    chosen_ids(assumptions, [reference], "reference")
    patterns = {
        pid: pattern_draws(assumptions.patterns[pid], world)
        for pid in chosen_ids(assumptions, pattern_ids)
    }
    return Simulation(
        world.services, world.draws, world.horizon_years, reference, world.hourly_rate_usd, patterns
    )
