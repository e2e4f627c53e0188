"""Sensitivity: which uncertain input moves a chosen output most (a tornado).

The output is a figure of a pattern (its TCO over the horizon by default, or its annual cost,
operations, expected loss or implementation), or its saving against another pattern (the other's
figure minus its own), at one service count. Every uncertain input of the patterns involved (each
range in their implementation, operations and compliance items: frequencies, impacts, hours and
USD) and the org's loaded hourly rate (when it is a range and not fixed by the caller) is swung
on its own, every kind between the same two percentiles of its own distribution, P10 and P90
(``SWING_PERCENTILES``), so a lognormal and a PERT of the same spread swing alike:

- a 90% interval {low, high}: its lognormal's 10th and 90th percentiles;
- a PERT {low, mode, high}: its beta's 10th and 90th percentiles (inverted numerically);
- a point value: only when the caller asks, by ``relative_swing`` (0.2 = -20% to +20%);
  probabilities stay within [0, 1].

All other inputs are held at their means, the deterministic engine's figures, so the base of the
tornado is the headline figure. Inputs are ranked by the absolute swing of the output; the first
few (``top``) are "worth researching next": narrowing them narrows the answer most.

Every swing is one row of a single vectorised engine call per pattern: a ``value_of`` that returns
the mean of each quantity, except the swung one (found by identity within its pattern), whose low
and high fill its two rows. No YAML is rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Pert, Point, Quantity
from accesscost.inputs.loading import Assumptions
from accesscost.model.distributions import (
    QuantityPath,
    beta_quantiles,
    is_uncertain,
    org_quantities,
    pattern_quantities,
    pert_shapes,
    threat_quantities,
)
from accesscost.model.engine import estimate_pattern, services_array
from accesscost.model.line_items import ValueOf

WORTH_RESEARCHING = "worth researching next"
SHORT_NAME = 32  # characters of an item name kept in a label
SWING_PERCENTILES = (10.0, 90.0)  # every uncertain input is swung between these two
FIGURES = {  # what a tornado can explain, in words
    "tco_usd": "TCO",
    "annual_usd": "annual cost",
    "operations_usd_per_year": "operations a year",
    "compliance_usd_per_year": "expected loss a year",
    "implementation_usd": "implementation",
}
KINDS = {  # an input's field: its kind and the unit its label ends with
    "annual_probability": ("frequency", "chance a year per {per}"),
    "impact_usd": ("impact", "$ per event"),
    "hours": ("hours", "hours"),
    "usd": ("usd", "$"),
    "hourly_rate_usd": ("rate", "$ an hour"),
    "tef": ("frequency", "threat events a year per {per}"),
    "cleanup_usd_per_service": ("impact", "$ per service reached"),
    "vulnerability": ("frequency", "chance a threat event becomes a loss"),
    "primary_usd": ("impact", "$ per loss event"),
    "secondary_probability": ("frequency", "chance a loss brings secondary loss"),
    "secondary_usd": ("impact", "$ per secondary loss"),
}


@dataclass(frozen=True)
class Output:
    """A pattern's ``figure`` (TCO by default), or (with ``against_id``) its saving of that
    figure against that pattern."""

    pattern_id: str
    against_id: str | None = None
    figure: str = "tco_usd"

    def label(self, assumptions: Assumptions) -> str:
        pattern = assumptions.patterns[self.pattern_id].label
        words = FIGURES.get(self.figure, self.figure)
        if self.against_id is None:
            return f"{words[0].upper()}{words[1:]} of {pattern}"
        other = assumptions.patterns[self.against_id].label
        saving = "Saving" if self.figure == "tco_usd" else f"Saving in {words}"
        return f"{saving} of {pattern} against {other}"

    @property
    def pattern_ids(self) -> list[str]:
        return [self.pattern_id] + ([self.against_id] if self.against_id else [])


@dataclass(frozen=True)
class UncertainInput:
    """One input and the two values it is swung between."""

    label: str
    path: QuantityPath
    low: float
    high: float


def short_name(name: str, limit: int = SHORT_NAME) -> str:
    """An item name cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    if len(name) <= limit:
        return name
    cut = name[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return f"{cut}…"


def input_kind(path: QuantityPath) -> str:
    """frequency, impact, hours, usd or rate (count: reserved for unit counts)."""
    return KINDS.get(path.field, ("count", ""))[0]


def _unit(assumptions: Assumptions, path: QuantityPath) -> str:
    """The input's unit in words: "$ a year per service", "hours each time, quarterly", ..."""
    unit = KINDS.get(path.field, ("", ""))[1]
    if path.section == "threats":
        return unit.format(per=assumptions.threats[path.item].per)
    item = _line_item(assumptions, path)
    if item is None or path.section == "risks":
        return unit
    if path.field == "annual_probability":
        return unit.format(per=item.per)
    if path.section != "operations":
        return unit if path.field == "impact_usd" else f"{unit} per {item.per}, one-time"
    when = "a year" if item.frequency == "yearly" else f"each time, {item.frequency}"
    return f"{unit} {when} per {item.per}"


def _line_item(assumptions: Assumptions, path: QuantityPath):
    if not path.pattern_id or path.pattern_id not in assumptions.patterns:
        return None
    items = getattr(assumptions.patterns[path.pattern_id], path.section, [])
    return next((item for item in items if item.name == path.item), None)


def input_label(assumptions: Assumptions, path: QuantityPath) -> str:
    """Plain words: "D: Security tooling, credential scanners…, $ each time, yearly";
    the org's rate is "Loaded engineer hour, $ an hour"."""
    if path.section == "threats":
        threat = assumptions.threats[path.item]
        return f"Threat: {short_name(threat.name)}, {_unit(assumptions, path)}"
    if not path.pattern_id:
        return f"Loaded engineer hour, {_unit(assumptions, path)}"
    pattern = assumptions.patterns[path.pattern_id]
    owner = pattern.option or pattern.name
    item = assumptions.threats[path.item].name if path.section == "risks" else path.item
    return f"{owner}: {short_name(item)}, {_unit(assumptions, path)}"


def percentile_of(quantity: Quantity, rank: float) -> float:
    """The ``rank``-th percentile of a range's distribution (lognormal or beta-PERT)."""
    if isinstance(quantity, Pert):
        alpha, beta = pert_shapes(quantity)
        table = beta_quantiles(alpha, beta)
        share = float(np.interp(rank / 100, np.linspace(0.0, 1.0, table.size), table))
        return quantity.low + share * (quantity.high - quantity.low)
    if isinstance(quantity, Point):
        return quantity.value  # every percentile of a fixed value is the value
    return quantity.percentile(rank)


def swing_range(path: QuantityPath, relative_swing: float = 0.0) -> tuple[float, float] | None:
    """The low and high an input is swung between (P10 and P90), or None if it is not swung."""
    quantity = path.quantity
    if is_uncertain(quantity):
        low, high = (percentile_of(quantity, rank) for rank in SWING_PERCENTILES)
        top = 1.0 if path.is_probability else np.inf
        return low, min(high, top)
    if not isinstance(quantity, Point) or relative_swing <= 0 or quantity.value == 0:
        return None
    low, high = quantity.value * (1 - relative_swing), quantity.value * (1 + relative_swing)
    top = 1.0 if path.is_probability else np.inf
    return max(low, 0.0), min(high, top)


def uncertain_inputs(
    assumptions: Assumptions,
    pattern_ids: list[str],
    *,
    relative_swing: float = 0.0,
    include_rate: bool = True,
) -> list[UncertainInput]:
    """Every input of the org (the rate, if ``include_rate``) and of ``pattern_ids`` to swing."""
    paths = org_quantities(assumptions.org) if include_rate else []
    faced = {item.threat for pid in pattern_ids for item in assumptions.patterns[pid].risks}
    paths += [p for p in threat_quantities(assumptions.threats) if p.item in faced]
    for pattern_id in pattern_ids:
        paths = paths + pattern_quantities(assumptions.patterns[pattern_id])
    inputs = []
    for path in paths:
        ends = swing_range(path, relative_swing)
        if ends is not None:
            inputs.append(UncertainInput(input_label(assumptions, path), path, *ends))
    return inputs


def swing_value_of(inputs: list[UncertainInput], owner: str | None = None) -> ValueOf:
    """A ``value_of`` with a row per case: row 0 all means, rows 2k+1 / 2k+2 input k low / high.

    With ``owner`` (a pattern id, or "" for the org) only that owner's inputs are swung, so a
    quantity object shared by two patterns (a guardrail's item) is swung in one pattern at a time.
    """
    rows = 1 + 2 * len(inputs)
    where = {
        id(item.path.quantity): k
        for k, item in enumerate(inputs)
        if owner is None or item.path.pattern_id == owner or item.path.section == "threats"
    }

    def value_of(quantity: Quantity) -> float | np.ndarray:
        k = where.get(id(quantity))
        if k is None:
            return quantity.mean()
        values = np.full((rows, 1), quantity.mean())
        values[1 + 2 * k], values[2 + 2 * k] = inputs[k].low, inputs[k].high
        return values

    return value_of


@dataclass(frozen=True)
class TornadoBar:
    """The output with one input at its low and at its high, all others at their means."""

    input: UncertainInput
    output_at_low: float
    output_at_high: float
    worth_researching: bool

    @property
    def swing(self) -> float:
        return abs(self.output_at_high - self.output_at_low)


@dataclass(frozen=True)
class Tornado:
    """Every swung input, ranked by how much it moves the output (largest first)."""

    output_label: str
    services: int
    horizon_years: int
    base_usd: float  # the output with every input at its mean
    bars: tuple[TornadoBar, ...]

    @property
    def worth_researching(self) -> list[str]:
        return [bar.input.label for bar in self.bars if bar.worth_researching]


def _check_output(assumptions: Assumptions, output: Output) -> None:
    if output.figure not in FIGURES:
        reason = f"unknown figure {output.figure!r}; known: {', '.join(FIGURES)}"
        raise AssumptionErrors.one("figure", "", reason)
    for pattern_id in output.pattern_ids:
        if pattern_id not in assumptions.patterns:
            known = ", ".join(assumptions.patterns)
            reason = f"unknown pattern {pattern_id!r}; known: {known}"
            raise AssumptionErrors.one("output", "", reason)


def _one_count(services) -> np.ndarray:
    counts = services_array(services)
    if counts.size != 1:
        raise AssumptionErrors.one("services", "", f"a tornado needs one count, got {counts.size}")
    return counts


def _outputs(assumptions, output, counts, horizon, rate, inputs) -> np.ndarray:
    """The output in every case: row 0 all means, rows 2k+1 / 2k+2 input k at low / high."""
    org = assumptions.org
    rate = swing_value_of(inputs, "")(org.labour.hourly_rate_usd) if rate is None else rate

    def tco(pattern_id: str) -> np.ndarray:
        pattern, value_of = assumptions.patterns[pattern_id], swing_value_of(inputs, pattern_id)
        figures = estimate_pattern(pattern, assumptions, counts, rate, horizon, value_of)
        return getattr(figures, output.figure)

    value = tco(output.pattern_id)
    if output.against_id is not None:
        value = tco(output.against_id) - value
    return np.ravel(value)


def _ranked(inputs, values: np.ndarray, top: int) -> tuple[TornadoBar, ...]:
    swings = [abs(values[2 + 2 * k] - values[1 + 2 * k]) for k in range(len(inputs))]
    order = sorted(range(len(inputs)), key=lambda k: -swings[k])
    return tuple(
        TornadoBar(
            inputs[k],
            float(values[1 + 2 * k]),
            float(values[2 + 2 * k]),
            rank < top and swings[k] > 0,
        )
        for rank, k in enumerate(order)
    )


def tornado(
    assumptions: Assumptions,
    output: Output,
    services: int,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    relative_swing: float = 0.0,
    top: int = 3,
) -> Tornado:
    """Swing each uncertain input from low to high, the others at their means; rank by swing.

    ``hourly_rate_usd`` fixes the rate (it is then not an input); ``relative_swing`` also swings
    point values by that fraction either way; the ``top`` largest swings are marked
    "worth researching next".
    """
    _check_output(assumptions, output)
    counts = _one_count(services)
    horizon = horizon_years or assumptions.org.horizon_years
    inputs = uncertain_inputs(
        assumptions,
        output.pattern_ids,
        relative_swing=relative_swing,
        include_rate=hourly_rate_usd is None,
    )
    values = _outputs(assumptions, output, counts, horizon, hourly_rate_usd, inputs)
    return Tornado(
        output.label(assumptions),
        int(counts[0]),
        horizon,
        float(values[0]),
        _ranked(inputs, values, top),
    )


def tornado_document(result: Tornado, figure: str) -> dict:
    """The JSON of ``cli.py tornado``: ``{"figure", "base", "inputs": [{"path", "label", "kind",
    "low", "high", "swing"}]}``, largest swing first. ``low`` and ``high`` are the figure with
    the input at its P10 and P90 (``input_low`` / ``input_high`` are the input's own values)."""
    return {
        "figure": figure,
        "output": result.output_label,
        "services": result.services,
        "horizon_years": result.horizon_years,
        "percentiles": list(SWING_PERCENTILES),
        "base": round(result.base_usd, 2),
        "inputs": [
            {
                "path": bar.input.path.key,
                "label": bar.input.label,
                "kind": input_kind(bar.input.path),
                "low": round(bar.output_at_low, 2),
                "high": round(bar.output_at_high, 2),
                "swing": round(bar.swing, 2),
                "input_low": bar.input.low,
                "input_high": bar.input.high,
            }
            for bar in result.bars
        ],
    }
