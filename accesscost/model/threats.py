"""FAIR risk from threats defined once per decision and shared by every pattern.

A threat (``threats.yaml``) happens to units (a service, a host, the deployment) at its threat
event frequency, TEF: events per unit a year, a belief drawn once per simulated world and shared by
every pattern. Each pattern states per threat (its ``risks:`` block):

- its vulnerability V: the chance a threat event becomes a loss event, so the loss event
  frequency is LEF = TEF x units x V;
- its blast radius: the unit one loss event reaches (``reach``: the services in one such unit:
  ``service`` 1, ``host`` up to ``org.services_per_host``, ``deployment`` every service,
  ``access-key`` the services sharing one key), times ``blast_radius_share`` (a permission
  boundary lowers it);
- its primary loss per loss event, to which the threat's clean-up cost per service reached is
  added once for each service the event reaches, and its secondary loss: with probability
  ``secondary_probability`` (FAIR's secondary loss event frequency, a share of loss events) a
  loss event also costs ``secondary_usd`` (notifications, fines, customers lost).

Annualised loss exposure ALE = LEF x (primary + reach x clean-up + SLEF x secondary): one causal
chain, so a leak that becomes a breach is counted once.

Common random numbers. In each simulated year each threat's events are placed on the units once,
from the threat's own stream, with the uniforms that decide whether an event becomes a loss event
(``u < V``) and a secondary one; the draws of its magnitudes (a lognormal from a normal, a PERT
from a uniform, for the primary, the secondary and the clean-up loss) are drawn when a pattern
first needs that kind, each kind from a stream of its own, so they are the same whichever pattern
asks first, and a kind no pattern needs costs nothing. Every pattern reads the same events and
thins them by its own V, so two patterns with the same V and magnitudes have identical losses, and
lowering V removes loss events and never adds one: no percentile of the loss can rise. A
pattern's losses do not depend on which other patterns are simulated (each regenerates the same
events from the same streams).

Events are a Poisson process along the units (a unit can meet a threat more than once a year):
a Poisson count per simulated year over all the units of the largest count, each event on a unit
drawn uniformly, all vectorised; a sweep of service counts is nested (an event on unit u counts
at every count that has u). The work is bounded by the events drawn: ``MAX_EVENTS_PER_YEAR``
(expected, at the largest count) bounds a simulated year's events.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Interval90, Pert, Quantity
from accesscost.inputs.decision import Decision
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern, RiskItem, Threat
from accesscost.model.distributions import pert_at
from accesscost.model.units import unit_count

MAX_EVENTS_PER_YEAR = 1_000  # expected threat events of one threat in one simulated year

ValueOf = Callable[[Quantity], float | np.ndarray]


def reach(blast_radius: str, services: np.ndarray, decision: Decision, org: Org) -> np.ndarray:
    """The counted units (services, pods, pipelines) one loss event reaches at each count: those
    sharing one unit of the blast radius. For the ECS decision: ``service`` 1, ``host`` up to
    its ``services_per`` (4), ``access-key`` the services sharing one key, ``deployment`` all."""
    services = np.asarray(services)
    spec = decision.units[blast_radius]  # the loader checks the name against the decision
    if spec.per_service is not None:  # several units a service: one of them reaches one service
        return np.minimum(services, max(1.0, 1.0 / spec.per_service))
    if spec.services_per is not None:
        return np.minimum(services, spec.services_per)
    count = unit_count(spec, services, org)  # fixed or counted in org.yaml: shared by all
    return np.ceil(services / np.maximum(count, 1))


@dataclass(frozen=True)
class RiskCost:
    """One threat of one pattern at each service count, in FAIR's terms (arrays over counts)."""

    threat: Threat
    item: RiskItem
    units: np.ndarray
    tef: np.ndarray  # threat events a year: TEF per unit x units
    vulnerability: float | np.ndarray
    lef: np.ndarray  # loss events a year
    primary: np.ndarray  # primary loss per loss event, with the clean-up of the services reached
    secondary: np.ndarray  # expected secondary loss per loss event: SLEF x secondary magnitude
    ale: np.ndarray  # annualised loss exposure: LEF x (primary + secondary)


def risk_costs(
    pattern: Pattern,
    threats: Mapping[str, Threat],
    decision: Decision,
    org: Org,
    units: Mapping[str, np.ndarray],
    services: np.ndarray,
    value_of: ValueOf,
) -> list[RiskCost]:
    """Every threat of a pattern priced at each service count (the means by default)."""
    costs = []
    for item in pattern.risks:
        threat = threats[item.threat]
        count = units[threat.per]
        tef = value_of(threat.tef) * count
        vulnerability = value_of(item.vulnerability)
        reached = reach(item.blast_radius, services, decision, org) * item.blast_radius_share
        cleanup = value_of(threat.cleanup_usd_per_service) * reached
        primary = value_of(item.primary_usd) + cleanup
        secondary = value_of(item.secondary_probability) * value_of(item.secondary_usd)
        lef = tef * vulnerability
        ale = lef * (primary + secondary)
        costs.append(
            RiskCost(
                threat,
                item,
                count,
                tef,
                vulnerability,
                lef,
                primary,
                np.broadcast_to(secondary, np.shape(ale)),
                ale,
            )
        )
    return costs


def check_event_volume(threat: Threat, largest_units: int) -> None:
    """Refuse a threat whose expected events a year at the largest count would make the
    simulation place more than ``MAX_EVENTS_PER_YEAR`` events in one simulated year."""
    expected = threat.tef.mean() * largest_units
    if expected > MAX_EVENTS_PER_YEAR:
        reason = (
            f"about {expected:,.0f} threat events a year at {largest_units:,} {threat.per}s; the "
            f"simulation draws at most {MAX_EVENTS_PER_YEAR:,} a year one by one: lower the "
            "frequency or the service count"
        )
        raise AssumptionErrors.one("threats.yaml", f"{threat.id}.tef", reason)


# --- the shared events of a threat, and each pattern's losses from them -------------------------


MAGNITUDE_PARTS = ("primary", "secondary", "cleanup")  # the losses a loss event can have


@dataclass(frozen=True)
class Events:
    """A threat's events in a block of simulated years: per event its row (year x world), the
    first sorted service count that has its unit, the uniforms every pattern thins them by, and
    the shared draws of their magnitudes (``variates``)."""

    row: np.ndarray
    world: np.ndarray  # the world of each event's row (row = year x draws + world)
    column: np.ndarray
    thin: np.ndarray  # the event is a loss event for a pattern whose V is above it
    second: np.ndarray  # ... and a secondary loss event if that pattern's SLEF is above it
    streams: Callable[[str], np.random.Generator]  # a stream of its own for each kind of draw
    drawn: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    # the patterns of one world may be priced in threads (``accesscost.model.bands``)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def variates(self, kind: str) -> np.ndarray:
        """One draw per event of ``kind`` (``"normal/primary"``, ``"uniform/cleanup"``, ...),
        drawn on first use from the kind's own stream, then kept: the same values for every
        pattern, whichever asks first."""
        with self.lock:
            if kind not in self.drawn:
                rng = self.streams(kind)
                size = self.row.size
                normal = kind.startswith("normal/")
                self.drawn[kind] = rng.standard_normal(size) if normal else rng.random(size)
            return self.drawn[kind]


def threat_events(
    tef: np.ndarray,
    units: np.ndarray,
    draws: int,
    rng: np.random.Generator,
    streams: Callable[[str], np.random.Generator],
) -> Events:
    """Place a threat's events on the sorted ``units`` of each row (``tef`` per row: events per
    unit a year; a row is year x ``draws`` + world) as a Poisson process: a Poisson count per
    row over all the units, each event on a unit drawn uniformly (given their number, a Poisson
    process's events are uniform). ``streams`` gives the stream of each kind of magnitude draw
    (``Events.variates``)."""
    counts = rng.poisson(tef * units[-1])
    row = np.repeat(np.arange(tef.size), counts)
    place = 1 + (rng.random(row.size) * units[-1]).astype(np.int64)  # a unit, 1 .. units[-1]
    column = np.searchsorted(units, np.minimum(place, units[-1]), side="left")
    thin, second = rng.random((2, row.size))
    return Events(row, row % draws, column, thin, second, streams)


def magnitude(quantity: Quantity, events: Events, part: str, hit: np.ndarray) -> np.ndarray:
    """Draws of ``quantity`` for the events ``hit`` from their shared draws of ``part`` (one of
    ``MAGNITUDE_PARTS``): a lognormal from the normals, a PERT from the uniforms (its tabulated
    inverse CDF), a point as itself. The same quantity read from the same draws gives the same
    values."""
    if isinstance(quantity, Interval90):
        return np.exp(quantity.mu + quantity.sigma * events.variates(f"normal/{part}")[hit])
    if isinstance(quantity, Pert):  # indexed: a copy, scratch
        return pert_at(quantity, events.variates(f"uniform/{part}")[hit])
    return np.full(hit.size, float(quantity.mean()))


@dataclass(frozen=True)
class Hits:
    """One pattern's loss events among a threat's events: the cell of each (row x counts +
    sorted count) and its loss, and its clean-up per service reached (None: the threat has
    none)."""

    cell: np.ndarray
    loss: np.ndarray  # primary, and secondary where the chain goes on
    cleanup: np.ndarray | None


def risk_hits(
    item: RiskItem,
    threat: Threat,
    events: Events,
    counts: int,
    vulnerability: np.ndarray,
    secondary: np.ndarray,
) -> Hits:
    """The events a pattern thins in (``thin < V`` of the event's world), each with its primary
    loss and, where ``second`` is below the world's SLEF, its secondary loss."""
    world = events.world
    hit = np.flatnonzero(events.thin < vulnerability[world])
    loss = magnitude(item.primary_usd, events, "primary", hit)
    chained = np.flatnonzero(events.second[hit] < secondary[world[hit]])
    if chained.size:
        loss[chained] += magnitude(item.secondary_usd, events, "secondary", hit[chained])
    cleanup = None
    if threat.cleanup_usd_per_service.mean() > 0:
        cleanup = magnitude(threat.cleanup_usd_per_service, events, "cleanup", hit)
    return Hits(events.row[hit] * counts + events.column[hit], loss, cleanup)


def summed(cells: list[np.ndarray], values: list[np.ndarray], shape) -> np.ndarray:
    """The values added up in their cells of an array of ``shape`` (one pass for them all)."""
    if not cells:
        return np.zeros(shape)
    flat = np.bincount(
        np.concatenate(cells), weights=np.concatenate(values), minlength=shape[0] * shape[1]
    )
    return flat.reshape(shape)


def expected_risk(
    item: RiskItem,
    threat: Threat,
    tef: np.ndarray,
    units: np.ndarray,
    reached: np.ndarray,
    vulnerability: np.ndarray,
    secondary: np.ndarray,
) -> np.ndarray:
    """Each world's expected loss a year from one threat given its drawn beliefs (TEF, V,
    SLEF), shape (draws, counts): the conditional expectation the reported means use."""
    share = reached * item.blast_radius_share
    per_event = (
        item.primary_usd.mean()
        + share[None, :] * threat.cleanup_usd_per_service.mean()
        + secondary[:, None] * item.secondary_usd.mean()
    )
    return (tef * vulnerability)[:, None] * units[None, :] * per_event
