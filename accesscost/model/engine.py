"""The cost and risk model of each access pattern at N services over a horizon.

Per pattern, from its line items:
- implementation hours (one-time) = sum over items of hours x units; USD = hours x hourly rate;
- operations hours/year = sum of hours x units x times per year; labour USD = hours x rate;
  tooling USD/year = sum of usd x units x times per year;
- annualised loss exposure USD/year (``compliance_usd_per_year``) = per threat of threats.yaml,
  TEF x units x vulnerability x (primary + reach x clean-up + SLEF x secondary)
  (``accesscost.model.threats``), plus the pattern's own compliance items' annual
  probability x impact x units;
- annual USD = operations (labour + cash: tools, licences, AWS charges) + compliance;
- TCO = implementation + annual x the sum over the horizon's years of (1 + discount rate)^-y
  (``annuity_factor``; with the default rate 0 that is horizon x annual).
Units come from the decision (``decision.yaml``, ``accesscost.model.units``): for the ECS decision
``deployment`` = 1, ``service`` = N, ``host`` = ceil(N / 4), ``access-key`` = ``org.access_keys``.
A migration moves ``org.migrating_services`` services (0: all N): its one-time work and the annual
saving it buys are priced at that count.

``services`` may be one count or an array (a sweep); every figure is then an array of the same
shape, computed with numpy array operations. A quantity's value comes from ``value_of``: its mean
by default, so a range contributes its mean to the headline figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Pattern
from accesscost.inputs.settings import MAX_SERVICES
from accesscost.model.limits import over_limit, within_limits
from accesscost.model.line_items import LineItemCost, ValueOf, line_item_costs, mean_value
from accesscost.model.savings import Migration, Savings, annuity_factor, payback_years
from accesscost.model.threats import RiskCost, risk_costs
from accesscost.model.units import unit_counts


def services_array(
    services: int | float | np.ndarray | list, label: str = "services"
) -> np.ndarray:
    """Service counts as an integer array; an absurd count is an error naming ``label``."""
    counts = np.atleast_1d(np.asarray(services, dtype=float))
    finite = np.where(np.isfinite(counts), counts, 0.0)
    bad = ~np.isfinite(counts) | (counts < 1) | (counts > MAX_SERVICES) | (finite % 1 != 0)
    if counts.size == 0 or bad.any():
        shown = f"{counts[bad][0]:g}" if bad.any() else "no service count"
        reason = f"must be a whole number from 1 to {MAX_SERVICES:,}, got {shown}"
        raise AssumptionErrors.one(label, "", reason)
    return counts.astype(np.int64)


def pattern_risks(
    pattern: Pattern,
    assumptions: Assumptions,
    services: np.ndarray,
    value_of: ValueOf = mean_value,
) -> list[RiskCost]:
    """The pattern's threats in FAIR's terms at each count (the decision's threats.yaml)."""
    if not pattern.risks:
        return []
    decision, org = assumptions.decision, assumptions.org
    units = unit_counts(services, decision, org)
    return risk_costs(pattern, assumptions.threats, decision, org, units, services, value_of)


@dataclass(frozen=True)
class PatternEstimate:
    """The figures of one pattern; each is an array over the service counts."""

    pattern: Pattern
    services: np.ndarray
    horizon_years: int
    discount_rate: float
    line_items: tuple[LineItemCost, ...]
    implementation_hours: np.ndarray
    implementation_usd: np.ndarray
    operations_hours_per_year: np.ndarray
    labour_usd_per_year: np.ndarray
    tooling_usd_per_year: np.ndarray
    compliance_usd_per_year: np.ndarray
    decommission_hours: np.ndarray
    decommission_usd: np.ndarray
    risks: tuple[RiskCost, ...] = ()  # per threat: TEF, vulnerability, LEF, primary, secondary
    over_limit: np.ndarray | None = None  # True where a published limit rules the pattern out

    def ruled_out(self, index: int = 0) -> bool:
        return bool(self.over_limit[index]) if self.over_limit is not None else False

    @property
    def operations_usd_per_year(self) -> np.ndarray:
        return self.labour_usd_per_year + self.tooling_usd_per_year

    @property
    def cash_usd_per_year(self) -> np.ndarray:
        """Tools, licences and AWS charges a year (the FinOps "cash" part of operations)."""
        return self.tooling_usd_per_year

    @property
    def annual_usd(self) -> np.ndarray:
        return self.operations_usd_per_year + self.compliance_usd_per_year

    @property
    def tco_usd(self) -> np.ndarray:
        annuity = annuity_factor(self.horizon_years, self.discount_rate)
        return self.implementation_usd + annuity * self.annual_usd


def _total(items, shape, section, attr, category=None) -> np.ndarray:
    total = np.zeros(shape)
    for item in items:
        if item.section == section and category in (None, item.category):
            total = total + getattr(item, attr)
    return total


def estimate_pattern(
    pattern: Pattern,
    assumptions: Assumptions,
    services: np.ndarray,
    hourly_rate_usd: float | np.ndarray,
    horizon_years: int,
    value_of: ValueOf = mean_value,
) -> PatternEstimate:
    org = assumptions.org
    units = unit_counts(services, assumptions.decision, org)
    risks = tuple(pattern_risks(pattern, assumptions, services, value_of))
    items = tuple(line_item_costs(pattern, units, hourly_rate_usd, value_of, risks))
    shape = np.broadcast_shapes(services.shape, np.shape(hourly_rate_usd))
    return PatternEstimate(
        pattern=pattern,
        services=services,
        horizon_years=horizon_years,
        discount_rate=org.discount_rate,
        line_items=items,
        implementation_hours=_total(items, shape, "implementation", "hours"),
        implementation_usd=_total(items, shape, "implementation", "usd"),
        operations_hours_per_year=_total(items, shape, "operations", "hours"),
        labour_usd_per_year=_total(items, shape, "operations", "usd", "labour"),
        tooling_usd_per_year=_total(items, shape, "operations", "usd", "tooling"),
        compliance_usd_per_year=_total(items, shape, "compliance", "usd"),
        decommission_hours=_total(items, shape, "decommission", "hours"),
        decommission_usd=_total(items, shape, "decommission", "usd"),
        risks=risks,
        over_limit=over_limit(pattern, assumptions, services),
    )


@dataclass(frozen=True)
class Estimate(Savings):
    """Every pattern's figures at the same service counts, rate and horizon."""

    services: np.ndarray
    horizon_years: int
    hourly_rate_usd: float | np.ndarray
    reference_id: str
    patterns: dict[str, PatternEstimate]
    moved: dict[str, PatternEstimate] | None = None  # priced at the migrating count, if set

    def migration(self, from_id: str, to_id: str) -> Migration:
        """One-time cost of moving: the target's implementation plus removing the source, and
        the annual saving, both at the migrating count (all the services unless it is set)."""
        priced = self.moved or self.patterns
        source, target = priced[from_id], priced[to_id]
        if from_id == to_id:
            hours = np.zeros_like(source.implementation_hours)
        else:
            hours = target.implementation_hours + source.decommission_hours
        usd = hours * self.hourly_rate_usd
        savings = source.annual_usd - target.annual_usd
        payback = payback_years(usd, savings, target.discount_rate)
        return Migration(from_id, to_id, hours, usd, savings, payback)


def estimate(
    assumptions: Assumptions,
    services,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    reference_id: str | None = None,
    value_of: ValueOf = mean_value,
) -> Estimate:
    """Price every pattern at ``services`` (one count or an array). At one count, a pattern that
    exceeds a published limit there does not meet the requirement (``within_limits``)."""
    org = assumptions.org
    counts = services_array(services)
    if counts.size == 1:
        assumptions = within_limits(assumptions, int(counts[0]))
    horizon = horizon_years or org.horizon_years
    rate = hourly_rate_usd if hourly_rate_usd is not None else value_of(org.labour.hourly_rate_usd)
    reference = reference_id or org.reference_pattern
    if reference not in assumptions.patterns:
        known = ", ".join(assumptions.patterns)
        raise AssumptionErrors.one(
            "reference", "", f"unknown pattern {reference!r}; known: {known}"
        )
    patterns = {
        pid: estimate_pattern(p, assumptions, counts, rate, horizon, value_of)
        for pid, p in assumptions.patterns.items()
    }
    moved = None
    if org.migrating_services:
        moving = np.minimum(counts, org.migrating_services)
        moved = {
            pid: estimate_pattern(p, assumptions, moving, rate, horizon, value_of)
            for pid, p in assumptions.patterns.items()
        }
    return Estimate(counts, horizon, rate, reference, patterns, moved)
