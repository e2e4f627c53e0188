"""Figures over time and over service counts: cumulative cost, payback, crossovers, breakdown."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.model.engine import MAX_SERVICES, Estimate
from accesscost.model.matrix import usd

BREAKDOWN = (
    ("implementation", "Implementation (amortised over the horizon)"),
    ("labour", "Operations labour"),
    ("tooling", "Tooling"),
    ("compliance", "Compliance expected loss"),
)


def annual_breakdown(result: Estimate, pattern_id: str, index: int = 0) -> dict[str, float]:
    """Annual cost by category: implementation / horizon, labour, tooling, compliance."""
    figures = result.patterns[pattern_id]
    return {
        "implementation": float(figures.implementation_usd[index]) / result.horizon_years,
        "labour": float(figures.labour_usd_per_year[index]),
        "tooling": float(figures.tooling_usd_per_year[index]),
        "compliance": float(figures.compliance_usd_per_year[index]),
    }


def sweep_counts(services: int, points: int, least_upper: int = 200) -> np.ndarray:
    """Service counts for a cost-against-scale sweep: 1 to twice the chosen count (``least_upper``
    at least, 10,000 at most), every count up to ``points`` counts, else ``points`` evenly spaced
    ones. Any count up to half of ``least_upper`` gives the same sweep (a cache can keep it)."""
    upper = min(MAX_SERVICES, max(least_upper, 2 * services))
    return np.unique(np.linspace(1, upper, min(points, upper)).round().astype(np.int64))


def months(horizon_years: int) -> np.ndarray:
    return np.arange(0, 12 * horizon_years + 1)


def cumulative_cost(result: Estimate, pattern_id: str, index: int = 0) -> np.ndarray:
    """Cost month by month of moving from the reference to ``pattern_id`` and running it.

    Month 0 holds the one-time migration (the target's implementation plus removing the reference;
    zero for the reference itself); each month adds one twelfth of the annual cost.
    """
    one_time = float(result.migration(result.reference_id, pattern_id).usd[index])
    annual = float(result.patterns[pattern_id].annual_usd[index])
    return one_time + annual * months(result.horizon_years) / 12


def net_savings(result: Estimate, pattern_id: str, index: int = 0) -> float:
    """What moving from the reference saves by the end of the horizon, migration paid."""
    reference = cumulative_cost(result, result.reference_id, index)[-1]
    return float(reference - cumulative_cost(result, pattern_id, index)[-1])


NOT_AN_ALTERNATIVE = "n/a: does not meet the requirement"
IS_THE_REFERENCE = "— (it is the reference)"


def payback_text(result: Estimate, pattern_id: str, index: int = 0) -> str:
    """The payback of moving from the reference, in words: the page's and the deck's text."""
    if pattern_id == result.reference_id:
        return IS_THE_REFERENCE
    if not result.patterns[pattern_id].pattern.meets_requirement:
        return NOT_AN_ALTERNATIVE
    labour_excluded = bool(np.all(np.asarray(result.hourly_rate_usd) == 0))
    return months_text(payback_month(result, pattern_id, index), labour_excluded)


def months_text(months: float | None, labour_excluded: bool = False) -> str:
    """A payback in months, the one wording of every export: "4.2 months", or "never"."""
    if months is None:
        return "never"
    if labour_excluded:
        return f"{months:.1f} months (labour excluded: hourly rate $0)"
    return f"{months:.1f} months"


def saving_text(result: Estimate, pattern_id: str, index: int = 0) -> str:
    """The saving a year against the reference, or why there is none to show."""
    split = result.savings_split(pattern_id)
    return NOT_AN_ALTERNATIVE if split is None else usd(float(split["total_usd_per_year"][index]))


def saving_parts_text(result: Estimate, pattern_id: str, index: int = 0) -> str:
    """The saving's three parts in words: "cash $41.8K · engineer time $8.0K · expected loss
    $12.9K" (a part is negative where the pattern costs more of it)."""
    split = result.savings_split(pattern_id)
    if split is None:
        return NOT_AN_ALTERNATIVE
    words = (("cash", "cash"), ("labour", "engineer time"), ("risk", "expected loss"))
    return " · ".join(
        f"{label} {usd(float(split[f'{part}_usd_per_year'][index]))}" for part, label in words
    )


def payback_month(result: Estimate, pattern_id: str, index: int = 0) -> float | None:
    """Months until moving from the reference pays for itself, or None if it never does."""
    years = float(result.migration(result.reference_id, pattern_id).payback_years[index])
    if pattern_id == result.reference_id or not np.isfinite(years):
        return None
    return years * 12


@dataclass(frozen=True)
class Crossover:
    """Where two patterns' annual costs cross: ``cheaper_above`` is cheaper past ``services``."""

    services: int
    first: str
    second: str
    cheaper_above: str
    annual_usd: float


def crossovers(result: Estimate, pattern_ids: list[str]) -> list[Crossover]:
    """Every service count in a sweep where one pattern's annual cost overtakes another's."""
    found = []
    for i, first in enumerate(pattern_ids):
        for second in pattern_ids[i + 1 :]:
            found.extend(_pair_crossovers(result, first, second))
    return sorted(found, key=lambda c: c.services)


def _carried_sign(difference: np.ndarray) -> np.ndarray:
    """The sign of each difference, a tie carrying the last non-zero sign before it.

    So two lines that touch and part in the same order do not count as a crossover.
    """
    sign = np.sign(difference)
    nonzero = np.where(sign != 0, np.arange(sign.size), 0)
    return sign[np.maximum.accumulate(nonzero)]


def _pair_crossovers(result: Estimate, first: str, second: str) -> list[Crossover]:
    a, b = result.patterns[first].annual_usd, result.patterns[second].annual_usd
    sign = _carried_sign(a - b)
    changes = np.flatnonzero((sign[1:] != sign[:-1]) & (sign[:-1] != 0))
    return [
        Crossover(
            services=int(result.services[k + 1]),
            first=first,
            second=second,
            cheaper_above=first if a[k + 1] < b[k + 1] else second,
            annual_usd=float((a[k + 1] + b[k + 1]) / 2),
        )
        for k in changes
    ]
