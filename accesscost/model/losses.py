"""Each simulated year's risk losses of one pattern, and each world's expected loss.

Each year of a world draws its own risk events and impacts (variability). A threat of
threats.yaml has its events drawn once a year and shared by every pattern, each pattern thinning
them by its own vulnerability with the events' shared uniforms (common random numbers,
``accesscost.model.threats``): a difference between two patterns is computed on the same bad year.
A pattern's own compliance item has its event at most once a year on each unit with the item's
annual probability (a Bernoulli trial per unit), every event with its own impact, the sum drawn in
aggregate (``accesscost.model.compound``); such items draw independently of each other and of
other patterns.

A sweep is nested: the events of a world at N services are those at fewer services plus the
events of the units the larger count adds (drawn on their own). A sweep therefore costs little
more than one count, and a break-even between two patterns moves smoothly with N inside one world.

Reported means use conditional expectation (``expected_compliance``): the average over worlds of
each world's expected loss given its drawn probabilities, so the rare large events add no noise to
the mean (their noise stays in the percentiles, which come from the draws).
"""

from __future__ import annotations

import numpy as np

from accesscost.inputs.schema import ComplianceItem, Pattern
from accesscost.model import threats as fair
from accesscost.model.compound import add_year_losses
from accesscost.model.distributions import (
    draw_probability,
    stream,
)
from accesscost.model.world import World


def _item_probability(pattern: Pattern, item: ComplianceItem, world: World) -> np.ndarray:
    """The item's annual probability in each world, shape (draws, 1): a belief, drawn once."""
    key = f"{pattern.id}/compliance/{item.name}/annual_probability"
    return draw_probability(item.annual_probability, stream(world.root, key), world.draws)[:, None]


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
    order, units = world.sorted_units
    shape = (years * world.draws, order.size)
    cells, losses = [], []
    # clean-up by (blast radius, share): its reach; the cells it happens in, and its values
    cleanups: dict[tuple[str, float], tuple[list[np.ndarray], list[np.ndarray]]] = {}
    for item in pattern.risks:
        threat = world.threats[item.threat]
        events = world.threat_events(threat, first, years, units[threat.per])
        vulnerability, secondary = _risk_beliefs(pattern, item, probabilities)
        hits = fair.risk_hits(item, threat, events, order.size, vulnerability, secondary)
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
    if shape[1] > 1:  # along one count a cumulative sum is the identity, and slow: a loop a row
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
    order, units = world.sorted_units
    probabilities = probabilities or item_probabilities(pattern, world)
    loss = risk_losses(pattern, world, first, years, probabilities)  # cumulative already
    if not pattern.compliance:
        return _unsorted(loss, order).reshape(years, world.draws, order.size)
    own = np.zeros_like(loss)
    for item in pattern.compliance:
        key = f"{pattern.id}/compliance/{item.name}/years-{first}-{first + years - 1}"
        probability = probabilities[item.name]  # one per world; read, never written
        if years > 1:
            probability = np.tile(probability, years)
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
    order, units = world.sorted_units
    probabilities = probabilities or item_probabilities(pattern, world)
    per_unit: dict[str, float | np.ndarray] = {}  # expected loss of one unit of each kind
    for item in pattern.compliance:
        expected = probabilities[item.name][:, None] * item.impact_usd.mean()
        per_unit[item.per] = per_unit.get(item.per, 0.0) + expected
    total = np.zeros((world.draws, order.size))
    for per, expected in per_unit.items():
        total += expected * units[per][None, :]
    counts = world.services[order]
    for risk in pattern.risks:
        threat = world.threats[risk.threat]
        vulnerability, secondary = _risk_beliefs(pattern, risk, probabilities)
        reached = fair.reach(risk.blast_radius, counts, world.decision, world.org)
        total += fair.expected_risk(
            risk, threat, world.tef[threat.id], units[threat.per], reached, vulnerability, secondary
        )
    return _unsorted(total, order)
