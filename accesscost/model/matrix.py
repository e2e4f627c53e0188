"""The decision matrix: the seed's five columns, computed from the model at one service count.

Each cell holds the computed figure, its band (edges from ``org.yaml``'s ``bands``) and the YAML
note. Bands, each measured on:
- implementation time: one-time hours (Low / Medium / High / Very High);
- operational overhead: operations hours a year divided by the lowest among the patterns that meet
  the requirement (a ratio, so "Low" means "as light as the best valid option" at any scale);
- cost impact: annual USD above the cheapest pattern that meets the requirement ("Baseline");
- compliance risk: expected loss USD a year as a multiple of the lowest among the patterns that
  meet the requirement at the same count (Low / High / Critical): a pattern whose loss grows with
  the services like the best one's keeps its band from 1 to 10,000 services;
- security posture: the pattern's rating (strong, adequate, weak, none) as Low / Medium / High /
  Critical risk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accesscost.core.registry import Registry
from accesscost.inputs.org_schema import Bands, FourBands, RiskBands
from accesscost.inputs.schema import Pattern
from accesscost.model.engine import Estimate

POSTURE_BANDS = {"strong": "Low", "adequate": "Medium", "weak": "High", "none": "Critical"}
BAND_ORDER = ("Low", "Medium", "High", "Very High", "Critical")


@dataclass(frozen=True)
class Cell:
    figure: str
    band: str
    note: str
    value: float  # the number behind the figure (hours, USD, ...), for tests and exports


@dataclass(frozen=True)
class MatrixRow:
    pattern: Pattern
    cells: dict[str, Cell]
    recommended: bool
    limit: str = ""  # why a published limit rules the pattern out at this count ("" if none)

    @property
    def flag(self) -> str:
        if not self.pattern.meets_requirement:
            return f"does not meet the requirement: {self.pattern.requirement_gap}"
        return f"ruled out at this count: {self.limit}" if self.limit else ""


def four_band(value: float, edges: FourBands) -> str:
    for name, edge in (("Low", edges.low), ("Medium", edges.medium), ("High", edges.high)):
        if value <= edge:
            return name
    return "Very High"


def risk_band(value: float, edges: RiskBands) -> str:
    if value <= edges.low:
        return "Low"
    return "High" if value <= edges.high else "Critical"


def duration(hours: float, hours_per_day: float = 8) -> str:
    """A readable duration: minutes under an hour, hours under a day, else engineer-days."""
    if hours < 1:
        return f"{hours * 60:.0f} min"
    if hours < hours_per_day:
        return f"{hours:.1f} h"
    return f"{hours / hours_per_day:.1f} days"


# how money is written: from each amount on, in this unit with this suffix and these decimals
USD_STEPS = ((1e6, 1e6, "M", 2), (1e4, 1e3, "K", 0), (1e3, 1e3, "K", 1))
HALF_A_DOLLAR = 0.5  # less than this shows as $0: no change, no spread


def usd(amount: float) -> str:
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for start, unit, suffix, digits in USD_STEPS:
        if amount >= start:
            return f"{sign}${amount / unit:.{digits}f}{suffix}"
    return f"{sign}${amount:,.0f}"


def recommended_id(result: Estimate, index: int = 0, shown: list[str] | None = None) -> str | None:
    """The pattern with the lowest TCO among those that meet the requirement and no published
    limit rules out at the count, or None."""
    candidates = [
        pid
        for pid, figures in result.patterns.items()
        if figures.pattern.meets_requirement
        and not figures.ruled_out(index)
        and (shown is None or pid in shown)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda pid: result.patterns[pid].tco_usd[index])


def lowest_valid(result: Estimate, figure: str, index: int = 0) -> float:
    """The lowest value of ``figure`` among patterns that meet the requirement and that no
    published limit rules out at the count (0 if none)."""
    valid = [
        getattr(f, figure)[index]
        for f in result.patterns.values()
        if f.pattern.meets_requirement and not f.ruled_out(index)
    ]
    return float(min(valid)) if valid else 0.0


def _ratio(value: float, best: float) -> float:
    return value / best if best > 0 else (1.0 if value <= 0 else float("inf"))


def _times(value: float, best: float) -> str:
    ratio = _ratio(value, best)
    return "∞ x" if ratio == float("inf") else f"{ratio:.1f}x"


def _cost_figure(extra: float) -> str:
    if abs(extra) < HALF_A_DOLLAR:
        return "Baseline ($0 incremental)"
    return f"+{usd(extra)}/yr" if extra > 0 else f"{usd(extra)}/yr (cheaper)"


@dataclass(frozen=True)
class CellInputs:
    """What a column reads for one pattern's cell: the model at ``result.services[index]``, the
    org's band edges and its engineer hours a day."""

    result: Estimate
    pattern_id: str
    index: int
    bands: Bands
    hours_per_day: float

    @property
    def pattern(self) -> Pattern:
        return self.result.patterns[self.pattern_id].pattern

    def figure(self, name: str) -> float:
        """The pattern's ``name`` (an ``Estimate`` figure such as ``annual_usd``) at the count."""
        return float(getattr(self.result.patterns[self.pattern_id], name)[self.index])

    def lowest_valid(self, name: str) -> float:
        return lowest_valid(self.result, name, self.index)


@dataclass(frozen=True)
class MatrixColumn:
    """One column of the decision matrix: ``value`` is the number behind a cell, ``figure`` how
    the cell shows it, ``band`` its band (one of ``BAND_ORDER``), ``note`` the words under it;
    ``simulated`` is the Monte Carlo figure and unit of its P10-P90 range (None: no range);
    ``short`` the title where room is tight (the page's grid, its full label in the tooltip)."""

    key: str
    label: str
    value: Callable[[CellInputs], float]
    figure: Callable[[float, CellInputs], str]
    band: Callable[[float, CellInputs], str]
    note: Callable[[CellInputs], str]
    simulated: tuple[str, str] | None = None
    short: str = ""

    def cell(self, inputs: CellInputs) -> Cell:
        value = self.value(inputs)
        return Cell(self.figure(value, inputs), self.band(value, inputs), self.note(inputs), value)


def _overhead_band(hours: float, c: CellInputs) -> str:
    best = c.lowest_valid("operations_hours_per_year")
    return four_band(_ratio(hours, best), c.bands.operations_ratio)


def _extra_cost(c: CellInputs) -> float:
    return c.figure("annual_usd") - c.lowest_valid("annual_usd")


def _risk_figure(risk: float, c: CellInputs) -> str:
    best = c.lowest_valid("compliance_usd_per_year")
    return f"{usd(risk)}/yr expected loss ({_times(risk, best)} the best valid)"


def _risk_band(risk: float, c: CellInputs) -> str:
    return risk_band(
        _ratio(risk, c.lowest_valid("compliance_usd_per_year")), c.bands.compliance_ratio
    )


COLUMNS: Registry[MatrixColumn] = Registry(
    "matrix columns",
    (
        MatrixColumn(
            "implementation_time",
            "Implementation time",
            lambda c: c.figure("implementation_hours"),
            lambda hours, c: duration(hours, c.hours_per_day),
            lambda hours, c: four_band(hours, c.bands.implementation_hours),
            lambda c: c.pattern.matrix_notes.implementation_time,
            ("implementation_usd", ""),
            "Implementation",
        ),
        MatrixColumn(
            "security_posture",
            "Security posture",
            lambda _c: 0.0,
            lambda _, c: c.pattern.security_posture.rating.capitalize(),
            lambda _, c: POSTURE_BANDS[c.pattern.security_posture.rating],
            lambda c: c.pattern.security_posture.note,
            short="Security",
        ),
        MatrixColumn(
            "operational_overhead",
            "Operational overhead",
            lambda c: c.figure("operations_hours_per_year"),
            lambda hours, _c: f"{hours:,.0f} h/yr",
            _overhead_band,
            lambda c: c.pattern.matrix_notes.operational_overhead,
            ("operations_usd_per_year", "/yr"),
            "Overhead",
        ),
        MatrixColumn(
            "cost_impact",
            "Cost impact",
            _extra_cost,
            lambda extra, _c: _cost_figure(extra),
            lambda extra, c: four_band(max(extra, 0.0), c.bands.cost_impact_usd_per_year),
            lambda c: c.pattern.matrix_notes.cost_impact,
            ("annual_usd", "/yr"),
            "Cost",
        ),
        MatrixColumn(
            "compliance_risk",
            "Compliance risk",
            lambda c: c.figure("compliance_usd_per_year"),
            _risk_figure,
            _risk_band,
            lambda c: _with_status(c.pattern.matrix_notes.compliance_risk, c.pattern),
            ("compliance_usd_per_year", "/yr"),
            "Compliance",
        ),
    ),
)


def _cells(result: Estimate, pid: str, index: int, bands: Bands, hours_per_day: float) -> dict:
    inputs = CellInputs(result, pid, index, bands, hours_per_day)
    return {column.key: column.cell(inputs) for column in COLUMNS}


def compliance_status(pattern: Pattern) -> str:
    """The controls a pattern fails and passes, in words ("" when its file names none)."""
    failed = [c.control for c in pattern.controls if not c.passes]
    passed = [c.control for c in pattern.controls if c.passes]
    parts = [
        f"{label}: {', '.join(names)}"
        for label, names in (("Fails", failed), ("Passes", passed))
        if names
    ]
    return "; ".join(parts)


def _with_status(note: str, pattern: Pattern) -> str:
    """The compliance cell's note with the pattern's compliance status after it: which controls
    it fails is told apart from the dollars the cell is banded by."""
    status = compliance_status(pattern)
    return ". ".join(part.rstrip(".") for part in (note, status) if part) + ("." if status else "")


def decision_matrix(
    result: Estimate,
    bands: Bands,
    hours_per_day: float = 8,
    index: int = 0,
    shown: list[str] | None = None,
) -> list[MatrixRow]:
    """One row per shown pattern at ``result.services[index]``; a pattern a published limit
    rules out there is flagged (the limit and its source are in its requirement gap once
    ``accesscost.model.limits.within_limits`` has been applied at the count, as the page, the
    CLI and the exports do)."""
    best = recommended_id(result, index, shown)
    ids = [pid for pid in result.patterns if shown is None or pid in shown]
    rows = []
    for pid in ids:
        cells = _cells(result, pid, index, bands, hours_per_day)
        pattern = result.patterns[pid].pattern
        gap = pattern.requirement_gap or ""
        ruled_out = result.patterns[pid].ruled_out(index) and "published limit" not in gap
        limit = "exceeds a published limit at this count" if ruled_out else ""
        rows.append(MatrixRow(pattern, cells, pid == best, limit))
    return rows


def review_order(rows: list[MatrixRow]) -> list[MatrixRow]:
    """The rows as a review reads them: the recommended pattern first, then the others that meet
    the requirement, then those that do not, each group in file order."""
    return sorted(rows, key=lambda row: (not row.recommended, bool(row.flag)))


def band_rank(band: str) -> int:
    return BAND_ORDER.index(band)


def as_records(rows, columns: tuple[MatrixColumn, ...] | None = None) -> list[dict]:
    """Flat records (one per pattern) for tables and CSV, over ``columns`` (None: ``COLUMNS``)."""
    records = []
    for row in rows:
        record = {"option": row.pattern.option, "pattern": row.pattern.name}
        for column in columns or tuple(COLUMNS):
            cell = row.cells[column.key]
            record[column.label] = cell.figure
            record[f"{column.label} band"] = cell.band
        record["meets requirement"] = row.pattern.meets_requirement
        record["recommended"] = row.recommended
        records.append(record)
    return records


@dataclass(frozen=True)
class CellRange:
    """The 80% band (P10 to P90) of the money behind a matrix cell, from the Monte Carlo, with
    the simulated mean and its Monte Carlo standard error."""

    p10: float
    p90: float
    unit: str
    mean: float = 0.0
    se: float = 0.0

    @property
    def certain(self) -> bool:
        """Nothing behind the cell is uncertain: P10 and P90 are the same to the dollar."""
        return abs(self.p90 - self.p10) < HALF_A_DOLLAR

    @property
    def precision(self) -> str:
        """The mean and its standard error in words (the page's tooltip on the band)."""
        if self.certain:
            return ""
        return (
            f"simulated mean {usd(self.mean)}{self.unit}, Monte Carlo standard error "
            f"±{usd(self.se)}"
        )

    def __str__(self) -> str:
        """The band of the money behind the cell; empty where nothing in it is uncertain."""
        if self.certain:
            return ""
        return f"cost P10–P90 {usd(self.p10)}–{usd(self.p90)}{self.unit}"


P_CHEAPEST = "P(cheapest)"
P_CHEAPEST_MEANING = (
    "P(cheapest): the share of simulated worlds in which the pattern has the lowest TCO over the "
    "horizon among the shown patterns that meet the requirement."
)


def matrix_uncertainty(sim, shown: list[str], index: int = 0) -> dict[str, dict]:
    """Per shown pattern: P(cheapest over the horizon) among the valid shown ones, and each
    cell's P10-P90 band. ``sim`` is a ``accesscost.model.simulation.Simulation``."""
    from accesscost.model.summaries import figure_summary, p_cheapest

    valid = [pid for pid in shown if sim.patterns[pid].pattern.meets_requirement]
    cheapest = p_cheapest(sim, valid, index) if valid else {}
    simulated = [(c.key, c.simulated) for c in COLUMNS if c.simulated is not None]
    uncertainty = {}
    for pid in shown:
        ranges = {}
        for key, (figure, unit) in simulated:
            summary = figure_summary(sim, pid, figure, index)
            ranges[key] = CellRange(summary.p10, summary.p90, unit, summary.mean, summary.se)
        uncertainty[pid] = {"p_cheapest": cheapest.get(pid), "ranges": ranges}
    return uncertainty
