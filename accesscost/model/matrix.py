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

from dataclasses import dataclass

from accesscost.inputs.schema import Bands, FourBands, Org, Pattern, RiskBands
from accesscost.model.engine import Estimate, limit_reason

COLUMNS = (
    ("implementation_time", "Implementation time"),
    ("security_posture", "Security posture"),
    ("operational_overhead", "Operational overhead"),
    ("cost_impact", "Cost impact"),
    ("compliance_risk", "Compliance risk"),
)
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


def usd(amount: float) -> str:
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 1_000_000:
        return f"{sign}${amount / 1e6:.2f}M"
    if amount >= 10_000:
        return f"{sign}${amount / 1e3:.0f}K"
    if amount >= 1_000:
        return f"{sign}${amount / 1e3:.1f}K"
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
    if abs(extra) < 0.5:
        return "Baseline ($0 incremental)"
    return f"+{usd(extra)}/yr" if extra > 0 else f"{usd(extra)}/yr (cheaper)"


def _cells(result: Estimate, pid: str, index: int, bands: Bands, hours_per_day: float) -> dict:
    figures = result.patterns[pid]
    notes = figures.pattern.matrix_notes
    posture = figures.pattern.security_posture
    impl = float(figures.implementation_hours[index])
    ops = float(figures.operations_hours_per_year[index])
    extra = float(figures.annual_usd[index]) - lowest_valid(result, "annual_usd", index)
    risk = float(figures.compliance_usd_per_year[index])
    best_risk = lowest_valid(result, "compliance_usd_per_year", index)
    return {
        "implementation_time": Cell(
            duration(impl, hours_per_day),
            four_band(impl, bands.implementation_hours),
            notes.implementation_time,
            impl,
        ),
        "security_posture": Cell(
            posture.rating.capitalize(), POSTURE_BANDS[posture.rating], posture.note, 0.0
        ),
        "operational_overhead": Cell(
            f"{ops:,.0f} h/yr",
            four_band(
                _ratio(ops, lowest_valid(result, "operations_hours_per_year", index)),
                bands.operations_ratio,
            ),
            notes.operational_overhead,
            ops,
        ),
        "cost_impact": Cell(
            _cost_figure(extra),
            four_band(max(extra, 0.0), bands.cost_impact_usd_per_year),
            notes.cost_impact,
            extra,
        ),
        "compliance_risk": Cell(
            f"{usd(risk)}/yr expected loss ({_times(risk, best_risk)} the best valid)",
            risk_band(_ratio(risk, best_risk), bands.compliance_ratio),
            _with_status(notes.compliance_risk, figures.pattern),
            risk,
        ),
    }


def compliance_status(pattern: Pattern) -> str:
    """The controls a pattern fails and passes, in words ("" when its file names none)."""
    failed = [c.control for c in pattern.controls if not c.passes]
    passed = [c.control for c in pattern.controls if c.passes]
    parts = [f"{label}: {', '.join(names)}" for label, names in
             (("Fails", failed), ("Passes", passed)) if names]  # fmt: skip
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
    org: Org | None = None,
) -> list[MatrixRow]:
    """One row per shown pattern at ``result.services[index]``; with ``org``, a pattern a
    published limit rules out there says which limit."""
    best = recommended_id(result, index, shown)
    ids = [pid for pid in result.patterns if shown is None or pid in shown]
    rows = []
    for pid in ids:
        cells = _cells(result, pid, index, bands, hours_per_day)
        pattern = result.patterns[pid].pattern
        limit = limit_reason(pattern, org, int(result.services[index])) if org else ""
        rows.append(MatrixRow(pattern, cells, pid == best, limit))
    return rows


def review_order(rows: list[MatrixRow]) -> list[MatrixRow]:
    """The rows as a review reads them: the recommended pattern first, then the others that meet
    the requirement, then those that do not, each group in file order."""
    return sorted(rows, key=lambda row: (not row.recommended, bool(row.flag)))


def band_rank(band: str) -> int:
    return BAND_ORDER.index(band)


def as_records(rows: list[MatrixRow]) -> list[dict]:
    """Flat records (one per pattern) for tables and CSV."""
    records = []
    for row in rows:
        record = {"option": row.pattern.option, "pattern": row.pattern.name}
        for key, label in COLUMNS:
            cell = row.cells[key]
            record[label] = cell.figure
            record[f"{label} band"] = cell.band
        record["meets requirement"] = row.pattern.meets_requirement
        record["recommended"] = row.recommended
        records.append(record)
    return records


UNCERTAIN_COLUMNS = {
    "implementation_time": ("implementation_usd", ""),
    "operational_overhead": ("operations_usd_per_year", "/yr"),
    "cost_impact": ("annual_usd", "/yr"),
    "compliance_risk": ("compliance_usd_per_year", "/yr"),
}


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
    def precision(self) -> str:
        """The mean and its standard error in words (the page's tooltip on the band)."""
        if abs(self.p90 - self.p10) < 0.5:
            return ""
        return (f"simulated mean {usd(self.mean)}{self.unit}, Monte Carlo standard error "
                f"±{usd(self.se)}")  # fmt: skip

    def __str__(self) -> str:
        """The band of the money behind the cell; empty where nothing in it is uncertain."""
        if abs(self.p90 - self.p10) < 0.5:
            return ""
        return f"cost P10–P90 {usd(self.p10)}–{usd(self.p90)}{self.unit}"


def matrix_uncertainty(sim, shown: list[str], index: int = 0) -> dict[str, dict]:
    """Per shown pattern: P(cheapest over the horizon) among the valid shown ones, and each
    cell's P10-P90 band. ``sim`` is a ``accesscost.model.simulation.Simulation``."""
    from accesscost.model.simulation import figure_summary, p_cheapest

    valid = [pid for pid in shown if sim.patterns[pid].pattern.meets_requirement]
    cheapest = p_cheapest(sim, valid, index) if valid else {}
    uncertainty = {}
    for pid in shown:
        ranges = {}
        for column, (figure, unit) in UNCERTAIN_COLUMNS.items():
            summary = figure_summary(sim, pid, figure, index)
            ranges[column] = CellRange(summary.p10, summary.p90, unit, summary.mean, summary.se)
        uncertainty[pid] = {"p_cheapest": cheapest.get(pid), "ranges": ranges}
    return uncertainty
