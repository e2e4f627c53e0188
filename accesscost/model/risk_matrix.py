"""The risk matrix: one point per (pattern, risk), in FAIR's words.

- loss event frequency (LEF, events a year) = threat event frequency x vulnerability, from the
  decision's threats (``threats.yaml``, priced by ``accesscost.model.threats``);
- loss magnitude (USD per loss event) = primary loss (with the clean-up of the services reached)
  + expected secondary loss;
- annualised loss exposure (ALE, USD a year) = LEF x magnitude, the engine's expected loss.
``threat_point`` is the adapter from a pattern's priced threat to a point; a decision whose
patterns still list their own ``compliance:`` items (no threats.yaml) gives one point per item
through ``risk_point`` (LEF = annual probability x units, magnitude = the item's impact).

Inherent risk is each pattern with no guardrail; residual risk has every guardrail that applies to
the pattern switched on (``assumptions/guardrails.yaml``).

The org's risk tolerance (at most ``probability`` a year of losing more than ``loss_usd``) is drawn
as a curve: for a magnitude m, the highest frequency at which this risk alone stays within it,
with Poisson events: P(at least k events) = probability, k = floor(loss / m) + 1.
The classic 5x5 heat map is a view over the same points with ``org.risk_heat_map``'s edges.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from accesscost.inputs.guardrails import guarded_pattern
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.org_schema import HeatMapEdges, Org, RiskTolerance
from accesscost.inputs.schema import ComplianceItem, Pattern
from accesscost.model.engine import pattern_risks, services_array
from accesscost.model.threats import RiskCost
from accesscost.model.units import unit_counts

HEAT_BANDS = ("Very low", "Low", "Medium", "High", "Very high")


@dataclass(frozen=True)
class RiskPoint:
    pattern_id: str
    name: str
    kind: str
    lef: float  # loss events a year
    magnitude_usd: float  # loss per event
    ale_usd: float  # annualised loss exposure
    source: str


def risk_point(pattern: Pattern, risk: ComplianceItem, units: dict[str, np.ndarray]) -> RiskPoint:
    """THE adapter: (pattern, risk) -> (LEF, magnitude, ALE, name, source)."""
    lef = float(risk.annual_probability.mean() * units[risk.per][0])
    magnitude = float(risk.impact_usd.mean())
    return RiskPoint(pattern.id, risk.name, risk.kind, lef, magnitude, lef * magnitude, risk.source)


def threat_point(pattern: Pattern, cost: RiskCost) -> RiskPoint:
    """One priced threat of a pattern (at the first count) as a point of the risk matrix."""
    lef = float(np.ravel(cost.lef)[0])
    magnitude = float(np.ravel(cost.primary)[0] + np.ravel(cost.secondary)[0])
    return RiskPoint(
        pattern.id,
        cost.threat.name,
        cost.threat.id,
        lef,
        magnitude,
        float(np.ravel(cost.ale)[0]),
        cost.item.source,
    )


def residual(assumptions: Assumptions) -> Assumptions:
    """Every pattern with each guardrail that applies to it switched on."""
    patterns = {}
    for pid, pattern in assumptions.patterns.items():
        chosen = [g for g in assumptions.guardrails.values() if pid in g.applies_to]
        patterns[pid] = guarded_pattern(pattern, chosen) if chosen else pattern
    return replace(assumptions, patterns=patterns)


def risk_points(
    assumptions: Assumptions,
    services: int,
    *,
    guarded: bool = False,
    pattern_ids: list[str] | None = None,
) -> list[RiskPoint]:
    """Every (pattern, risk) point at ``services``; ``guarded``: residual, else inherent."""
    chosen = residual(assumptions) if guarded else assumptions
    counts = services_array(services)
    units = unit_counts(counts, assumptions.decision, assumptions.org)
    points = []
    for pid, pattern in chosen.patterns.items():
        if pattern_ids is None or pid in pattern_ids:
            points += [threat_point(pattern, c) for c in pattern_risks(pattern, chosen, counts)]
            points += [risk_point(pattern, risk, units) for risk in pattern.compliance]
    return points


MAX_EVENTS = 400
_EVENTS = np.arange(MAX_EVENTS, dtype=float)[:, None]
_LOG_FACTORIAL = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, MAX_EVENTS)))])[:, None]


def _poisson_at_least(below_k: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """P(N >= k) for N ~ Poisson(rate), elementwise; ``below_k`` masks the events j < k."""
    rows = below_k.shape[0]
    log_terms = -rate + _EVENTS[:rows] * np.log(np.maximum(rate, 1e-300)) - _LOG_FACTORIAL[:rows]
    return np.clip(1.0 - np.where(below_k, np.exp(log_terms), 0.0).sum(axis=0), 0.0, 1.0)


def tolerance_curve(tolerance: RiskTolerance, magnitudes: np.ndarray) -> np.ndarray:
    """For each magnitude (USD per event), the loss event frequency a year at which one risk
    alone reaches the tolerance: P(annual loss > loss_usd) = probability. Bisection on the
    Poisson tail, vectorised over the magnitudes; nan below loss_usd / ``MAX_EVENTS``."""
    magnitudes = np.asarray(magnitudes, dtype=float)
    k = np.floor(tolerance.loss_usd / magnitudes) + 1
    low, high = np.zeros_like(magnitudes), k + 10 * np.sqrt(k) + 10
    rows = int(min(np.nanmax(np.append(k, 1)), MAX_EVENTS))
    below_k = _EVENTS[:rows] < k
    for _ in range(40):  # the bracket shrinks 2^40 times: far below a pixel on a log axis
        middle = (low + high) / 2
        over = _poisson_at_least(below_k, middle) > tolerance.probability
        high, low = np.where(over, middle, high), np.where(over, low, middle)
    return np.where(k < MAX_EVENTS, (low + high) / 2, np.nan)


def beyond_tolerance(point: RiskPoint, tolerance: RiskTolerance | None) -> bool:
    """True when the point sits above the tolerance curve."""
    if tolerance is None or point.magnitude_usd <= 0:
        return False
    limit = tolerance_curve(tolerance, np.array([point.magnitude_usd]))[0]
    return bool(np.isfinite(limit) and point.lef > limit)


@dataclass(frozen=True)
class HeatMap:
    """Points counted into the 5x5 bands: ``counts[f, m]`` and ``ale[f, m]`` with frequency
    band f (0: Very low) and magnitude band m; ``names`` lists each cell's points."""

    edges: HeatMapEdges
    counts: np.ndarray
    ale_usd: np.ndarray
    names: tuple[tuple[tuple[str, ...], ...], ...]


def heat_band(value: float, edges: list[float]) -> int:
    """The band index (0 to 4) of a value: at or below an edge takes that band."""
    return int(np.searchsorted(edges, value, side="left"))


def heat_map(points: list[RiskPoint], org: Org, labels: dict[str, str] | None = None) -> HeatMap:
    edges = org.risk_heat_map
    counts, ale = np.zeros((5, 5), dtype=int), np.zeros((5, 5))
    names: list[list[list[str]]] = [[[] for _ in range(5)] for _ in range(5)]
    for point in points:
        f = heat_band(point.lef, edges.frequency_per_year)
        m = heat_band(point.magnitude_usd, edges.magnitude_usd)
        counts[f, m] += 1
        ale[f, m] += point.ale_usd
        who = (labels or {}).get(point.pattern_id, point.pattern_id)
        names[f][m].append(f"{who}: {point.name}")
    frozen = tuple(tuple(tuple(cell) for cell in row) for row in names)
    return HeatMap(edges, counts, ale, frozen)
