"""The simulated worlds of a Monte Carlo run, and each pattern's costs priced in them.

Each draw is one simulated world. Every range in the assumptions is drawn once per world
(parameter uncertainty, a belief: the hourly rate, prices, hours, each risk's annual probability
and vulnerability; see ``accesscost.model.distributions``); a point value stays fixed. The loaded
hourly rate is drawn once per world and shared by every pattern, so the difference between two
patterns (a saving, "is A cheaper than B") is computed draw by draw without labour noise; a fixed
``hourly_rate_usd`` replaces it.

Every quantity draws from its own stream (``accesscost.model.distributions.stream``) seeded from
one number taken from ``rng``: the same seed gives the same numbers, and a pattern's draws do not
depend on which other patterns are simulated. A world's implementation and operations are priced
by the engine per unit and spread over the service counts (``spread``); nothing loops over draws
or counts.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Point, Quantity
from accesscost.core.words import services_text
from accesscost.inputs.decision import Decision
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern, Threat
from accesscost.model import threats as fair
from accesscost.model.distributions import (
    draw,
    org_quantities,
    pattern_quantities,
    stream,
)
from accesscost.model.engine import services_array
from accesscost.model.line_items import ValueOf, line_item_costs
from accesscost.model.units import one_of_each, unit_counts

MAX_DRAWS = 1_000_000


MAX_CELLS = 5_000_000  # draws x service counts that ``simulate`` keeps for each figure


MAX_SWEEP_CELLS = 20_000_000  # draws x service counts that ``sweep_bands`` reduces to percentiles
# Threat events one simulation keeps for every pattern of the world (each event 40 bytes, and 8 for
# each kind of magnitude draw a pattern reads: at most 88 bytes): the worst page run of benchmark
# item 9 (ECS, 10,000 services, 100,000 draws, 3 years) draws 12 million and peaked near 1.4 GB
# when every event drew all its variates at once. CI/CD's leak frequency at 10,000 pipelines draws
# ten times as many events a world; without this cap 100,000 draws took 15 GB.
MAX_EVENTS = 15_000_000


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
    # patterns of one world may be priced in threads (``accesscost.model.bands``): one draws
    # each block of events, the others wait for it and read it
    events_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @functools.cached_property
    def sorted_units(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The order that sorts the service counts, and each unit's count in that order (what
        every year's losses are drawn on: a sweep is walked from the smallest count up)."""
        order = np.argsort(self.services, kind="stable")
        return order, {key: units[order] for key, units in self.units.items()}

    def threat_events(self, threat: Threat, first: int, years: int, units: np.ndarray):
        """The threat's events in the years ``first`` .. ``first + years - 1``, drawn once from
        the threat's stream and shared by every pattern of the world (kept, not redrawn)."""
        key = (threat.id, first, years)
        with self.events_lock:
            return self._threat_events(key, threat, first, years, units)

    def _threat_events(self, key, threat: Threat, first: int, years: int, units: np.ndarray):
        if key not in self.events:
            name = f"threats/{threat.id}/years-{first}-{first + years - 1}"
            tef = np.tile(self.tef[threat.id], years)
            streams = functools.partial(_named_stream, self.root, name)
            self.events[key] = fair.threat_events(
                tef, units, self.draws, stream(self.root, name), streams
            )
        return self.events[key]


def _named_stream(root: int, name: str, kind: str) -> np.random.Generator:
    return stream(root, f"{name}/{kind}")


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


def events_per_world(assumptions: Assumptions, services, years: int | None = None) -> float:
    """The threat events one simulated world draws on average over ``years`` (the horizon by
    default) at the largest of ``services``: each threat's mean TEF x its units."""
    if not assumptions.threats:
        return 0.0
    units = unit_counts(services_array(services), assumptions.decision, assumptions.org)
    years = years or assumptions.org.horizon_years
    return years * sum(
        float(threat.tef.mean()) * float(units[threat.per].max())
        for threat in assumptions.threats.values()
    )


def affordable_draws(assumptions: Assumptions, services, years: int | None = None) -> int:
    """The most draws whose threat events fit ``MAX_EVENTS`` (at least 1)."""
    per_world = events_per_world(assumptions, services, years)
    return MAX_DRAWS if per_world <= 0 else max(1, min(MAX_DRAWS, int(MAX_EVENTS // per_world)))


def _check_events(assumptions: Assumptions, services, draws: int, years: int) -> None:
    affordable = affordable_draws(assumptions, services, years)
    if draws > affordable:
        largest = services_text(int(services_array(services).max()), assumptions.decision.counted)
        reason = (
            f"{draws:,} draws at {largest} would draw about "
            f"{draws * events_per_world(assumptions, services, years) / 1e6:,.0f} million "
            f"threat events over {years} years, more than the {MAX_EVENTS / 1e6:,.0f} million "
            f"kept in memory; use at most {affordable:,} draws, a smaller count or a shorter "
            "horizon"
        )
        raise AssumptionErrors.one("draws", "", reason)


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
    event_years: int | None = None,
) -> World:
    """Check the counts and the number of draws (and that the threat events of ``event_years``,
    the horizon's by default, fit in memory), take a root seed from ``rng``, draw the rate and
    each threat's frequency (once per world, shared by every pattern)."""
    org, decision = assumptions.org, assumptions.decision
    counts = services_array(services)
    draws = _checked_draws(draws, counts.size, max_cells)
    horizon = horizon_years or org.horizon_years
    _check_events(assumptions, counts, draws, event_years or horizon)
    root = int(rng.integers(0, 2**62))
    rate = _hourly_rate(org, hourly_rate_usd, root, draws)
    units = unit_counts(counts, decision, org)
    discount = discount_factors(horizon, org.discount_rate)
    threats = dict(assumptions.threats)
    for threat in threats.values():
        fair.check_event_volume(threat, int(units[threat.per].max()))
    tef = {
        tid: draw(threat.tef, stream(root, f"threats/{tid}/tef"), draws)
        for tid, threat in threats.items()
    }
    return World(org, decision, root, draws, counts, units, rate, horizon, discount, threats, tef)


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


def discount_factors(horizon_years: int, discount_rate: float) -> np.ndarray:
    """What a dollar of year 1, 2, ..., H is worth today: (1 + r)^-y (end-of-year costs)."""
    return (1.0 + discount_rate) ** -np.arange(1, horizon_years + 1, dtype=float)
