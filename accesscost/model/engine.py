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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from accesscost.core.errors import AssumptionErrors
from accesscost.core.quantity import Quantity
from accesscost.inputs.fields import times_per_year
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Pattern
from accesscost.inputs.settings import MAX_SERVICES
from accesscost.model.limits import check_limits, within_limits
from accesscost.model.threats import RiskCost, risk_costs
from accesscost.model.units import unit_counts

ValueOf = Callable[[Quantity], float | np.ndarray]


def mean_value(quantity: Quantity) -> float:
    return quantity.mean()


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


def _fmt(value: float, unit: str) -> str:
    if unit == "$":
        return f"${value:,.2f}" if value < 100 else f"${value:,.0f}"
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


def over_limit(pattern: Pattern, assumptions: Assumptions, services: np.ndarray) -> np.ndarray:
    """True at each count where one of the pattern's published limits (``Pattern.limits``,
    checked by ``accesscost.model.limits``) is exceeded: it is ruled out there."""
    units = unit_counts(services, assumptions.decision, assumptions.org)
    over = np.zeros(np.shape(services), dtype=bool)
    for check in check_limits(pattern, units):
        over |= np.broadcast_to(check.exceeded, over.shape)
    return over


def limit_reason(pattern: Pattern, assumptions: Assumptions, services: int) -> str:
    """Why the pattern is ruled out at ``services``: the limit and its source ("" when none)."""
    units = unit_counts(np.array([services]), assumptions.decision, assumptions.org)
    words = assumptions.decision.count_words(services)
    reasons = [c.reason(0, words) for c in check_limits(pattern, units) if c.exceeded[0]]
    return "; ".join(reasons)


def first_count_over(pattern: Pattern, assumptions: Assumptions) -> int | None:
    """The smallest count (1 to ``MAX_SERVICES``) a limit rules the pattern out at; None: none.
    Every count is checked at once (one array): a limit's usage need not be linear in the count."""
    if not pattern.limits:
        return None
    counts = np.arange(1, MAX_SERVICES + 1)
    over = over_limit(pattern, assumptions, counts)
    return int(counts[over][0]) if over.any() else None


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
