"""Money over the horizon: what a yearly figure is worth today (``annuity_factor``), when a
one-time cost is repaid (``payback_years``), a migration's cost against its saving, and the
savings of every pattern against the reference (``Savings``, shared by the deterministic
``Estimate`` and the Monte Carlo ``Simulation``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def annuity_factor(horizon_years: int, discount_rate: float = 0.0) -> float:
    """What a dollar a year for ``horizon_years`` years is worth today: sum of (1 + r)^-y for
    y = 1..H (costs at the end of each year); H when the rate is 0."""
    if discount_rate == 0:
        return float(horizon_years)
    return float(sum((1.0 + discount_rate) ** -year for year in range(1, horizon_years + 1)))


def payback_years(one_time_usd, annual_savings_usd, discount_rate: float = 0.0) -> np.ndarray:
    """Years until the discounted savings repay a one-time cost; inf when they never do.

    Rate 0: cost / saving. Rate r: the n with saving x (1 - (1 + r)^-n) / r = cost, i.e.
    n = -ln(1 - r x cost / saving) / ln(1 + r), and inf when r x cost >= saving.
    """
    cost = np.asarray(one_time_usd, dtype=float)
    saving = np.asarray(annual_savings_usd, dtype=float)
    positive = saving > 0
    safe = np.where(positive, saving, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if discount_rate == 0:
            years = cost / safe
        else:
            share = discount_rate * cost / safe
            repaid = -np.log1p(-np.minimum(share, 0.999_999)) / np.log1p(discount_rate)
            years = np.where(share < 1, repaid, np.inf)
    return np.where(positive, years, np.inf)


@dataclass(frozen=True)
class Migration:
    """Moving from one pattern to another: one-time cost against the annual saving."""

    from_id: str
    to_id: str
    hours: np.ndarray
    usd: np.ndarray
    annual_savings_usd: np.ndarray
    payback_years: np.ndarray  # inf where the move saves nothing

    def days(self, hours_per_day: float) -> np.ndarray:
        return self.hours / hours_per_day


SAVING_PARTS = (  # (part of a saving, the figure it is the difference of)
    ("cash", "cash_usd_per_year"),
    ("labour", "labour_usd_per_year"),
    ("risk", "compliance_usd_per_year"),
)


class Savings:
    """Savings against a reference, for any result whose patterns have annual and TCO figures
    (the deterministic ``Estimate`` and the Monte Carlo ``Simulation``, draw by draw)."""

    reference_id: str
    patterns: dict

    def annual_savings(self, pattern_id: str, reference_id: str | None = None) -> np.ndarray:
        """Reference annual minus the pattern's (positive: the pattern saves)."""
        reference = self.patterns[reference_id or self.reference_id]
        return reference.annual_usd - self.patterns[pattern_id].annual_usd

    def tco_savings(self, pattern_id: str, reference_id: str | None = None) -> np.ndarray:
        """Reference TCO minus the pattern's (positive: the pattern saves)."""
        reference = self.patterns[reference_id or self.reference_id]
        return reference.tco_usd - self.patterns[pattern_id].tco_usd

    def savings_split(self, pattern_id: str) -> dict[str, np.ndarray] | None:
        """What the pattern saves a year against the reference, in three parts: cash (tools,
        licences, AWS charges), labour (engineer time) and risk (expected loss), and their total;
        None for a pattern that does not meet the requirement (it is no alternative)."""
        figures = self.patterns[pattern_id]
        if not figures.pattern.meets_requirement:
            return None
        reference = self.patterns[self.reference_id]
        parts = {
            f"{part}_usd_per_year": getattr(reference, figure) - getattr(figures, figure)
            for part, figure in SAVING_PARTS
        }
        return parts | {"total_usd_per_year": sum(parts.values())}
