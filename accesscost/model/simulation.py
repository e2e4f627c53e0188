"""Monte Carlo simulation of every pattern's costs: many simulated worlds, each over the horizon.

Each draw is one simulated world, followed year by year over the horizon:
- every range in the assumptions is drawn once per world (parameter uncertainty, a belief: the
  hourly rate, prices, hours, each risk's annual probability and vulnerability; see
  ``accesscost.model.distributions``);
  a point value stays fixed;
- the loaded hourly rate is drawn once per world and shared by every pattern, so the difference
  between two patterns (a saving, "is A cheaper than B") is computed draw by draw without labour
  noise; a fixed ``hourly_rate_usd`` replaces it;
- each year of the world draws its own risk events and impacts (variability). A threat of
  threats.yaml has its events drawn once a year and shared by every pattern, each pattern
  thinning them by its own vulnerability with the events' shared uniforms (common random
  numbers, ``accesscost.model.threats``): a difference between two patterns is computed
  on the same bad year. A pattern's own compliance item has its event at most once a year on
  each unit with the item's annual probability (a Bernoulli trial per unit), every event with
  its own impact, the sum drawn in aggregate (``accesscost.model.compound``); such items draw
  independently of each other and of other patterns.

Figures are arrays of shape (draws, service counts): implementation USD, cash and labour USD a
year, compliance loss USD of one year (the first); annual = cash + labour + compliance; TCO =
implementation + the sum over the horizon's years of that year's cost, each year discounted by
(1 + ``org.discount_rate``)^-y. ``services`` is one count or an array (a sweep); nothing loops over
draws or counts (only over the years of the horizon, at most 10).

A sweep is nested: the events of a world at N services are those at fewer services plus the
events of the units the larger count adds (drawn on their own). A sweep therefore costs little
more than one count, and a break-even between two patterns moves smoothly with N inside one world.

Reported means (``estimates``) use conditional expectation: the average over worlds of each
world's expected loss given its drawn probabilities, so the rare large events add no noise to the
mean (their noise stays in the percentiles, which come from the draws). Each mean carries its
Monte Carlo standard error.

Every quantity draws from its own stream (``accesscost.model.distributions.stream``) seeded from
one number
taken from ``rng``: the same seed gives the same numbers, and a pattern's draws do not depend on
which other patterns are simulated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Point, Quantity
from accesscost.inputs.decision import Decision
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import ComplianceItem, Org, Pattern, RiskTolerance, Threat
from accesscost.model import threats as fair
from accesscost.model.compound import add_year_losses
from accesscost.model.distributions import (
    draw,
    draw_probability,
    org_quantities,
    pattern_quantities,
    stream,
)
from accesscost.model.engine import Savings, ValueOf, line_item_costs, services_array
from accesscost.model.limits import within_limits
from accesscost.model.units import one_of_each, unit_counts

SIMULATED_FIGURES = (
    "implementation_usd",
    "cash_usd_per_year",
    "labour_usd_per_year",
    "operations_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)
MAX_DRAWS = 1_000_000
MAX_CELLS = 5_000_000  # draws x service counts that ``simulate`` keeps for each figure
MAX_SWEEP_CELLS = 20_000_000  # draws x service counts that ``sweep_bands`` reduces to percentiles


@dataclass(frozen=True)
class World:
    """What every pattern of one simulation shares: the draws, the counts and the hourly rate."""

    org: Org
    decision: Decision
    root: int  # seeds every quantity's own stream
    draws: int
    services: np.ndarray  # service counts, in the caller's order
    units: dict[str, np.ndarray]
    hourly_rate_usd: float | np.ndarray  # fixed, or one draw per world: shape (draws, 1)
    horizon_years: int
    discount: np.ndarray  # what a dollar of each year of the horizon is worth today
    threats: dict[str, Threat] = field(default_factory=dict)
    tef: dict[str, np.ndarray] = field(default_factory=dict)  # per threat, one draw per world
    events: dict = field(default_factory=dict)  # each threat's events of a block of years, kept

    def threat_events(self, threat: Threat, first: int, years: int, units: np.ndarray):
        """The threat's events in the years ``first`` .. ``first + years - 1``, drawn once from
        the threat's stream and shared by every pattern of the world (kept, not redrawn)."""
        key = (threat.id, first, years)
        if key not in self.events:
            rng = stream(self.root, f"threats/{threat.id}/years-{first}-{first + years - 1}")
            tef = np.tile(self.tef[threat.id], years)
            self.events[key] = fair.threat_events(tef, units, rng)
        return self.events[key]


def _checked_draws(draws: int, counts: int, max_cells: int) -> int:
    whole = isinstance(draws, int | np.integer) and not isinstance(draws, bool)
    if not whole or not 1 <= draws <= MAX_DRAWS:
        reason = f"must be a whole number from 1 to {MAX_DRAWS:,}, got {draws!r}"
        raise AssumptionErrors.one("draws", "", reason)
    if draws * counts > max_cells:
        reason = (
            f"{draws:,} draws x {counts:,} service counts is more than {max_cells:,} simulated "
            "values; use fewer draws or fewer service counts"
        )
        raise AssumptionErrors.one("draws", "", reason)
    return int(draws)


def _hourly_rate(org: Org, fixed: float | None, root: int, draws: int) -> float | np.ndarray:
    """The fixed rate if given; else the org's rate, drawn once per world when it is a range."""
    if fixed is not None:
        return float(fixed)
    (rate,) = org_quantities(org)
    if isinstance(rate.quantity, Point):
        return rate.quantity.value
    return draw(rate.quantity, stream(root, rate.key), draws)[:, None]


def make_world(
    assumptions: Assumptions,
    services,
    draws: int,
    rng: np.random.Generator,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    max_cells: int = MAX_CELLS,
) -> World:
    """Check the counts and the number of draws, take a root seed from ``rng``, draw the rate
    and each threat's frequency (once per world, shared by every pattern)."""
    org, decision = assumptions.org, assumptions.decision
    counts = services_array(services)
    draws = _checked_draws(draws, counts.size, max_cells)
    root = int(rng.integers(0, 2**62))
    rate = _hourly_rate(org, hourly_rate_usd, root, draws)
    units = unit_counts(counts, decision, org)
    horizon = horizon_years or org.horizon_years
    discount = discount_factors(horizon, org.discount_rate)
    threats = dict(assumptions.threats)
    for threat in threats.values():
        fair.check_event_volume(threat, int(units[threat.per].max()))
    tef = {
        tid: draw(threat.tef, stream(root, f"threats/{tid}/tef"), draws)
        for tid, threat in threats.items()
    }
    return World(org, decision, root, draws, counts, units, rate, horizon, discount, threats, tef)


# --- implementation and operations: drawn per world, priced by the engine ----------------------


def _sampler(pattern: Pattern, world: World) -> ValueOf:
    """A ``value_of`` for the engine: one draw per world of each range, shape (draws, 1)."""
    paths = {id(path.quantity): path for path in pattern_quantities(pattern)}

    def value_of(quantity: Quantity) -> float | np.ndarray:
        if isinstance(quantity, Point):
            return quantity.value
        path = paths[id(quantity)]
        return draw(quantity, stream(world.root, path.key), world.draws)[:, None]

    return value_of


@dataclass(frozen=True)
class UnitCosts:
    """One pattern's USD for one unit of each kind (deployment, service, host) in each world."""

    implementation: dict[str, float | np.ndarray]  # one-time
    cash: dict[str, float | np.ndarray]  # a year: tools, licences, AWS charges
    labour: dict[str, float | np.ndarray]  # a year: engineer hours x rate

    @property
    def operations(self) -> dict[str, float | np.ndarray]:
        total = dict(self.cash)
        for per, cost in self.labour.items():
            total[per] = total.get(per, 0.0) + cost
        return total


def _by_unit(items, section: str, category: str | None = None) -> dict[str, float | np.ndarray]:
    costs: dict[str, float | np.ndarray] = {}
    for item in items:
        if item.section == section and category in (None, item.category):
            costs[item.per] = costs.get(item.per, 0.0) + item.usd
    return costs


def unit_costs(pattern: Pattern, world: World) -> UnitCosts:
    """Price one unit of each kind with the engine (at one service every unit count is 1)."""
    priced = pattern.model_copy(update={"compliance": [], "risks": [], "decommission": []})
    value_of = _sampler(pattern, world)
    items = line_item_costs(priced, one_of_each(world.decision), world.hourly_rate_usd, value_of)
    return UnitCosts(
        _by_unit(items, "implementation"),
        _by_unit(items, "operations", "tooling"),
        _by_unit(items, "operations", "labour"),
    )


def spread(costs: dict, units: dict[str, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """Cost per unit x units at each service count, summed over the units: shape (draws, counts).

    One matrix product, (draws, kinds of unit) @ (kinds of unit, counts), instead of a
    (draws, counts) temporary per kind of unit: about four times faster for a sweep.
    """
    if not costs:
        return np.zeros(shape)
    per_unit = np.empty((shape[0], len(costs)))
    for column, cost in enumerate(costs.values()):
        per_unit[:, column] = np.ravel(cost) if np.ndim(cost) else cost
    counts = np.stack([np.asarray(units[per], dtype=float) for per in costs])
    return per_unit @ counts.reshape(len(costs), -1)


# --- compliance: each year's events on units, summed in aggregate -------------------------------


def _item_probability(pattern: Pattern, item: ComplianceItem, world: World) -> np.ndarray:
    """The item's annual probability in each world, shape (draws, 1): a belief, drawn once."""
    key = f"{pattern.id}/compliance/{item.name}/annual_probability"
    return draw_probability(item.annual_probability, stream(world.root, key), world.draws)[:, None]


def _sorted_units(world: World) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    order = np.argsort(world.services, kind="stable")
    return order, unit_counts(world.services[order], world.decision, world.org)


def _unsorted(values: np.ndarray, order: np.ndarray) -> np.ndarray:
    if np.all(order[:-1] < order[1:]):
        return values
    out = np.empty_like(values)
    out[:, order] = values
    return out


def item_probabilities(pattern: Pattern, world: World) -> dict[str, np.ndarray]:
    """Each compliance item's annual probability, and each risk's vulnerability and secondary
    loss event frequency, in each world (shape (draws,)), drawn once (beliefs).

    A risk's beliefs draw from the threat's stream, shared by every pattern: the same range
    gives the same value in every world, and a lower range (a guardrail's factor) a lower value
    in every world, so a difference of vulnerabilities is one too, world by world."""
    drawn = {i.name: _item_probability(pattern, i, world)[:, 0] for i in pattern.compliance}
    for item in pattern.risks:
        for name in ("vulnerability", "secondary_probability"):
            rng = stream(world.root, f"threats/{item.threat}/{name}")
            drawn[f"{pattern.id}/risks/{item.threat}/{name}"] = draw_probability(
                getattr(item, name), rng, world.draws
            )
    return drawn


def _risk_beliefs(pattern: Pattern, item, probabilities: dict) -> tuple[np.ndarray, np.ndarray]:
    base = f"{pattern.id}/risks/{item.threat}"
    return probabilities[f"{base}/vulnerability"], probabilities[f"{base}/secondary_probability"]


def risk_losses(
    pattern: Pattern, world: World, first: int, years: int, probabilities: dict
) -> np.ndarray:
    """The pattern's loss from the decision's threats in the simulated years ``first`` ..
    ``first + years - 1``, shape (years x draws, sorted counts), cumulative along the counts.
    Each threat's events come from the threat's own stream for those years, so every pattern
    reads the same events (common random numbers)."""
    order, units = _sorted_units(world)
    shape = (years * world.draws, order.size)
    cells, losses, cleanups = [], [], {}  # clean-up by (blast radius, share): its reach
    for item in pattern.risks:
        threat = world.threats[item.threat]
        events = world.threat_events(threat, first, years, units[threat.per])
        vulnerability, secondary = _risk_beliefs(pattern, item, probabilities)
        hits = fair.risk_hits(item, threat, events, order.size, world.draws, vulnerability,
                              secondary)  # fmt: skip
        cells.append(hits.cell)
        losses.append(hits.loss)
        if hits.cleanup is not None:
            group = cleanups.setdefault((item.blast_radius, item.blast_radius_share), ([], []))
            group[0].append(hits.cell)
            group[1].append(hits.cleanup)
    varying = []  # clean-up whose reach changes with the count: summed after the counts
    for (radius, share), (where, cleanup) in cleanups.items():
        reached = fair.reach(radius, world.services[order], world.decision, world.org) * share
        if np.all(reached == reached[0]):  # the same at every count: a loss like the others
            cells += where
            losses += [values * reached[0] for values in cleanup]
        else:
            varying.append((fair.summed(where, cleanup, shape), reached))
    loss = fair.summed(cells, losses, shape)
    np.cumsum(loss, axis=1, out=loss)
    for cleaned, reached in varying:
        np.cumsum(cleaned, axis=1, out=cleaned)
        loss += cleaned * reached[None, :]
    return loss


def compliance_losses(
    pattern: Pattern, world: World, first: int, years: int, probabilities: dict | None = None
) -> np.ndarray:
    """Compliance loss USD of the simulated years ``first`` .. ``first + years - 1`` in each world
    at each service count: shape (years, draws, counts).

    Each year draws its own events and impacts (``accesscost.model.compound``) on top of the world's
    probabilities; the years of one call are drawn together, from a stream of their own. A
    sweep is nested: the loss at a count is that of its first units, so it never falls as the
    count grows.
    """
    order, units = _sorted_units(world)
    probabilities = probabilities or item_probabilities(pattern, world)
    loss = risk_losses(pattern, world, first, years, probabilities)  # cumulative already
    if not pattern.compliance:
        return _unsorted(loss, order).reshape(years, world.draws, order.size)
    own = np.zeros_like(loss)
    for item in pattern.compliance:
        key = f"{pattern.id}/compliance/{item.name}/years-{first}-{first + years - 1}"
        probability = np.tile(probabilities[item.name], years)
        rng = stream(world.root, key)
        add_year_losses(own, units[item.per], probability, item.impact_usd, rng)
    if order.size > 1:
        np.cumsum(own, axis=1, out=own)
    loss += own
    return _unsorted(loss, order).reshape(years, world.draws, order.size)


def compliance_loss(
    pattern: Pattern, world: World, probabilities: dict | None = None
) -> np.ndarray:
    """The first simulated year's compliance loss: shape (draws, counts)."""
    return compliance_losses(pattern, world, 1, 1, probabilities)[0]


YEAR_CELLS = 4_000_000  # years x draws x counts of losses drawn at once (32 MB)


def expected_compliance(
    pattern: Pattern, world: World, probabilities: dict | None = None
) -> np.ndarray:
    """Each world's expected compliance loss a year given its drawn probabilities: probability x
    units x mean impact, summed over items; shape (draws, counts). Its average over the worlds
    estimates the mean loss without the noise of the events themselves (conditional
    expectation), which is how every simulated mean is reported (``mean_basis``)."""
    order, units = _sorted_units(world)
    probabilities = probabilities or item_probabilities(pattern, world)
    per_unit: dict[str, float | np.ndarray] = {}  # expected loss of one unit of each kind
    for item in pattern.compliance:
        expected = probabilities[item.name][:, None] * item.impact_usd.mean()
        per_unit[item.per] = per_unit.get(item.per, 0.0) + expected
    total = np.zeros((world.draws, order.size))
    for per, expected in per_unit.items():
        total += expected * units[per][None, :]
    counts = world.services[order]
    for item in pattern.risks:
        threat = world.threats[item.threat]
        vulnerability, secondary = _risk_beliefs(pattern, item, probabilities)
        reached = fair.reach(item.blast_radius, counts, world.decision, world.org)
        total += fair.expected_risk(item, threat, world.tef[threat.id], units[threat.per],
                                    reached, vulnerability, secondary)  # fmt: skip
    return _unsorted(total, order)


def discount_factors(horizon_years: int, discount_rate: float) -> np.ndarray:
    """What a dollar of year 1, 2, ..., H is worth today: (1 + r)^-y (end-of-year costs)."""
    return (1.0 + discount_rate) ** -np.arange(1, horizon_years + 1, dtype=float)


# --- the simulation of every pattern -----------------------------------------------------------


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


def _horizon_losses(
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
    first, losses = _horizon_losses(pattern, world, probabilities)
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
    org = assumptions.org
    reference = reference_id or org.reference_pattern
    chosen_ids(assumptions, [reference], "reference")
    patterns = {
        pid: pattern_draws(assumptions.patterns[pid], world)
        for pid in chosen_ids(assumptions, pattern_ids)
    }
    return Simulation(
        world.services, world.draws, world.horizon_years, reference, world.hourly_rate_usd, patterns
    )


# --- summaries ----------------------------------------------------------------------------------


PERCENTILE_KEYS = ("mean", "p10", "p50", "p90", "se")


@dataclass(frozen=True)
class Percentiles:
    """Mean, P10, P50 and P90 of a figure over the simulated worlds (floats, or arrays per count),
    and ``se``, the Monte Carlo standard error of the mean."""

    mean: float | np.ndarray
    p10: float | np.ndarray
    p50: float | np.ndarray
    p90: float | np.ndarray
    se: float | np.ndarray

    def as_dict(self, digits: int = 2) -> dict[str, float]:
        """Plain numbers for JSON and tables (for a summary at one service count)."""
        return {key: round(float(getattr(self, key)), digits) for key in PERCENTILE_KEYS}


PERCENTILE_RANKS = np.array([10.0, 50.0, 90.0])


def percentiles(
    sample: np.ndarray, basis: np.ndarray | None = None, *, with_se: bool = True
) -> Percentiles:
    """Mean and P10 / P50 / P90 over the first axis (the draws).

    The mean and its standard error come from ``basis`` when given (each draw's conditional
    expectation of the figure, same shape), else from the sample itself. numpy's default
    ("linear") percentiles, read off each count's sorted draws: one sort is about twice as fast
    as ``np.percentile``, whose partition around six ranks is slow (benchmarks/).
    """
    basis = sample if basis is None else basis
    ordered = np.array(sample.T, order="C")  # a copy, each count's draws side by side
    ordered.sort(axis=-1)
    position = PERCENTILE_RANKS / 100 * (ordered.shape[-1] - 1)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, ordered.shape[-1] - 1)
    low, high = ordered[..., below], ordered[..., above]
    p10, p50, p90 = np.moveaxis(low + (high - low) * (position - below), -1, 0)
    mean = np.mean(basis, axis=0)
    if not with_se or basis.shape[0] < 2:  # not asked for (a chart's band), or not defined
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


def figure_summary(sim: Simulation, pattern_id: str, figure: str, index: int = 0) -> Percentiles:
    """One figure (``SIMULATED_FIGURES``) of one pattern at ``sim.services[index]``."""
    draws = sim.patterns[pattern_id]
    sample = getattr(draws, figure)[:, index : index + 1]
    summary = percentiles(sample, mean_basis(draws, figure)[:, index : index + 1])
    return Percentiles(*(float(getattr(summary, key)[0]) for key in PERCENTILE_KEYS))


def pattern_summary(sim: Simulation, pattern_id: str, index: int = 0) -> dict[str, Percentiles]:
    """Every simulated figure of one pattern at one service count."""
    return {figure: figure_summary(sim, pattern_id, figure, index) for figure in SIMULATED_FIGURES}


def annual_loss(sim: Simulation, pattern_id: str, index: int = 0) -> np.ndarray:
    """The compliance loss of each simulated year at one service count (loss-exceedance sample)."""
    return sim.patterns[pattern_id].compliance_usd_per_year[:, index]


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


# --- break-even over a sweep ---------------------------------------------------------------------


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


def _count_percentiles(counts: np.ndarray) -> tuple[float | None, ...]:
    if counts.size == 0:
        return (None, None, None)
    values = np.percentile(counts, [10, 50, 90], method="inverted_cdf")
    return tuple(float(v) for v in values)


# --- loss exceedance -------------------------------------------------------------------------


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


# --- wide sweeps, kept as percentiles only ----------------------------------------------------


@dataclass(frozen=True)
class PatternBands:
    """Mean and P10 / P50 / P90 of one pattern's annual cost and TCO, arrays over the counts."""

    pattern: Pattern
    annual_usd: Percentiles
    tco_usd: Percentiles | None  # only when asked for: the page's chart needs the annual band


@dataclass(frozen=True)
class SweepBands:
    """Percentile bands of every simulated pattern over a sweep of service counts."""

    services: np.ndarray
    draws: int
    horizon_years: int
    patterns: dict[str, PatternBands]

    def band(self, pattern_id: str, figure: str = "annual_usd") -> Percentiles:
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
    _, losses = _horizon_losses(pattern, world)
    return PatternBands(
        pattern, annual, percentiles(implementation + annuity * operations + losses)
    )


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
    world = make_world(
        assumptions, services, draws, rng, horizon_years, hourly_rate_usd, MAX_SWEEP_CELLS
    )
    bands = {
        pid: _pattern_bands(assumptions.patterns[pid], world, with_tco)
        for pid in chosen_ids(assumptions, pattern_ids)
    }
    return SweepBands(world.services, world.draws, world.horizon_years, bands)


# The cost-against-services chart's P10-P90 bands, on the page and in every export alike: 100
# counts from 1 to 1,000 services (or to twice the chosen count), at most 10,000 draws.
BAND_POINTS, BAND_DRAWS, SIMULATED_UPPER = 100, 10_000, 1_000


def band_plan(services: int, draws: int) -> tuple[np.ndarray, int]:
    """The service counts and the number of draws of the chart's bands at ``services``; the same
    counts for any count up to 500, so a page moving its slider reuses them."""
    from accesscost.model.timeline import sweep_counts

    return sweep_counts(services, BAND_POINTS, SIMULATED_UPPER), min(draws, BAND_DRAWS)
