"""A pattern's line items priced at each count of their units (the "show calculation" rows).

Implementation and decommission work: hours x units, USD = hours x the hourly rate; operations:
hours (or USD) x units x times per year; the pattern's own compliance items: annual probability x
impact x units; its threats in FAIR's terms (``accesscost.model.threats``) as line items beside
them. A quantity's value comes from ``value_of``: its mean by default (``mean_value``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accesscost.core.quantity import Quantity
from accesscost.inputs.fields import times_per_year
from accesscost.inputs.schema import Pattern
from accesscost.model.threats import RiskCost

ValueOf = Callable[[Quantity], float | np.ndarray]


def mean_value(quantity: Quantity) -> float:
    return quantity.mean()


@dataclass(frozen=True)
class LineItemCost:
    """One line item's contribution at each service count ("show calculation")."""

    section: str  # implementation, operations, compliance or decommission
    category: str  # implementation, labour, tooling, compliance or decommission
    name: str
    per: str
    source: str
    quantity: str  # the YAML figure as written, for display
    units: np.ndarray
    times_per_year: float
    hours: np.ndarray  # one-time hours, or hours per year for operations
    usd: np.ndarray  # one-time USD, or USD per year


def _work_costs(section, items, units, rate, value_of) -> list[LineItemCost]:
    costs = []
    for item in items:
        hours = value_of(item.hours) * units[item.per]
        costs.append(
            LineItemCost(
                section,
                section,
                item.name,
                item.per,
                item.source,
                _shown(item.hours, "h"),
                units[item.per],
                1.0,
                hours,
                hours * rate,
            )
        )
    return costs


def _operations_costs(items, units, rate, value_of) -> list[LineItemCost]:
    costs = []
    for item in items:
        times = times_per_year(item.frequency)
        count = units[item.per] * times
        if item.hours is not None:
            hours = value_of(item.hours) * count
            usd, shown = hours * rate, _shown(item.hours, "h")
        else:
            hours = np.zeros_like(count, dtype=float)
            usd, shown = value_of(item.usd) * count, _shown(item.usd, "$")
        costs.append(
            LineItemCost(
                "operations",
                item.category,
                item.name,
                item.per,
                item.source,
                f"{shown} {item.frequency}",
                units[item.per],
                times,
                hours,
                usd,
            )
        )
    return costs


def _compliance_costs(items, units, value_of) -> list[LineItemCost]:
    costs = []
    for item in items:
        usd = value_of(item.annual_probability) * value_of(item.impact_usd) * units[item.per]
        shown = f"p={_shown(item.annual_probability, '')}/yr x {_shown(item.impact_usd, '$')}"
        costs.append(
            LineItemCost(
                "compliance",
                "compliance",
                item.name,
                item.per,
                item.source,
                shown,
                units[item.per],
                1.0,
                np.zeros_like(usd, dtype=float),
                usd,
            )
        )
    return costs


def _risk_items(risks: Sequence[RiskCost]) -> list[LineItemCost]:
    costs = []
    for risk in risks:
        item = risk.item
        shown = (
            f"TEF {_shown(risk.threat.tef, '')}/{risk.threat.per}/yr x V "
            f"{_shown(item.vulnerability, '')} x (primary {_shown(item.primary_usd, '$')} "
            f"+ SLEF {_shown(item.secondary_probability, '')} x "
            f"{_shown(item.secondary_usd, '$')}); blast radius {item.blast_radius}"
        )
        costs.append(
            LineItemCost(
                "compliance",
                "compliance",
                risk.threat.name,
                risk.threat.per,
                item.source,
                shown,
                risk.units,
                1.0,
                np.zeros_like(risk.ale, dtype=float),
                risk.ale,
            )
        )
    return costs


def _shown(quantity: Quantity, unit: str) -> str:
    raw = quantity.to_yaml()
    if isinstance(raw, dict):
        inner = " / ".join(f"{k} {_fmt(v, unit)}" for k, v in raw.items())
        return f"[{inner}] (mean {_fmt(quantity.mean(), unit)})"
    return _fmt(raw, unit)


CENTS_BELOW_USD = 100  # prices under $100 keep their cents ($0.40 a secret-month)


def _fmt(value: float, unit: str) -> str:
    if unit == "$":
        return f"${value:,.2f}" if value < CENTS_BELOW_USD else f"${value:,.0f}"
    return f"{value:g}{unit}"


def line_item_costs(
    pattern: Pattern,
    units: dict[str, np.ndarray],
    hourly_rate_usd: float | np.ndarray,
    value_of: ValueOf = mean_value,
    risks: Sequence[RiskCost] = (),
) -> list[LineItemCost]:
    """Every line item of a pattern, priced at each count of its units; ``risks`` are its
    threats in FAIR's terms (``pattern_risks``), shown as line items beside the others."""
    rate = hourly_rate_usd
    return [
        *_work_costs("implementation", pattern.implementation, units, rate, value_of),
        *_operations_costs(pattern.operations, units, rate, value_of),
        *_compliance_costs(pattern.compliance, units, value_of),
        *_risk_items(risks),
        *_work_costs("decommission", pattern.decommission, units, rate, value_of),
    ]
