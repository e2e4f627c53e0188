"""The headline figures as plain data: the CLI's JSON, CSV and table, and the page's tables."""

from __future__ import annotations

import csv
import math
from typing import TextIO

import numpy as np

from accesscost.core.safe_text import safe_row
from accesscost.inputs.loading import Assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.limits import pattern_checks
from accesscost.model.matrix import usd
from accesscost.model.units import unit_counts
from accesscost.text.key_figures import pattern_figure_labels

FIGURES = (
    "implementation_hours",
    "implementation_usd",
    "operations_hours_per_year",
    "operations_usd_per_year",
    "cash_usd_per_year",
    "labour_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)


def _number(value, digits: int = 2) -> float | None:
    number = float(value)
    return round(number, digits) if math.isfinite(number) else None


def pattern_summary(result: Estimate, pattern_id: str, index: int = 0) -> dict:
    """One pattern's figures at one service count, with savings against the reference.

    Savings, migration and payback are None for a pattern that does not meet the requirement:
    it is not an alternative, whatever it would cost.
    """
    figures = result.patterns[pattern_id]
    pattern = figures.pattern
    migration = result.migration(result.reference_id, pattern_id)
    split = result.savings_split(pattern_id)
    valid = pattern.meets_requirement

    def if_valid(values, digits: int = 2) -> float | None:
        return _number(values[index], digits) if valid else None

    return {
        "id": pattern.id,
        "option": pattern.option,
        "name": pattern.name,
        "meets_requirement": valid,
        "requirement_gap": pattern.requirement_gap,
        "ruled_out_by_limit": figures.ruled_out(index),  # a published limit stops it here
        **{name: _number(getattr(figures, name)[index]) for name in FIGURES},
        "annual_savings_vs_reference_usd": if_valid(result.annual_savings(pattern_id)),
        "tco_savings_vs_reference_usd": if_valid(result.tco_savings(pattern_id)),
        "savings_vs_reference": None
        if split is None
        else {part: _number(values[index]) for part, values in split.items()},
        "migration_from_reference_usd": if_valid(migration.usd),
        "migration_from_reference_hours": if_valid(migration.hours),
        "payback_years": if_valid(migration.payback_years, 4),
        # compliance status, apart from the dollars: which controls the pattern passes or fails
        "compliance_status": [control.model_dump() for control in pattern.controls],
        "risk": risk_rows(result, pattern_id, index),
    }


RISK_COLUMNS = ("threat", "tef", "vulnerability", "lef", "primary", "secondary", "ale")
RISK_CAPTION = (
    "Risk per threat, in FAIR's terms: tef threat events and lef loss events a year at this "
    "count (lef = tef x vulnerability), primary loss and expected secondary loss per loss event, "
    "ale = lef x (primary + secondary), the annualised loss exposure in USD a year."
)


def risk_rows(result: Estimate, pattern_id: str, index: int = 0) -> list[dict]:
    """A pattern's risk per threat in FAIR's terms at one count: ``tef`` threat events and
    ``lef`` loss events a year, ``vulnerability`` (LEF / TEF), ``primary`` loss and expected
    ``secondary`` loss per loss event, ``ale`` = lef x (primary + secondary) a year."""
    rows = []
    for risk in result.patterns[pattern_id].risks:
        values = (risk.tef, risk.vulnerability, risk.lef, risk.primary, risk.secondary, risk.ale)
        at = [float(np.broadcast_to(v, np.shape(risk.ale))[index]) for v in values]
        digits = (6, 6, 6, 2, 2, 2)  # frequencies and chances to 6 places, dollars to cents
        rounded = [round(value, d) for value, d in zip(at, digits, strict=True)]
        rows.append({"threat": risk.threat.id} | dict(zip(RISK_COLUMNS[1:], rounded, strict=True)))
    return rows


def matrix_cells(assumptions: Assumptions, result: Estimate) -> dict[str, dict]:
    """Per pattern: the decision matrix's five cells, each ``{value, band, note, figure}``."""
    from accesscost.model.matrix import COLUMNS, decision_matrix

    org = assumptions.org
    rows = decision_matrix(result, org.bands, org.labour.hours_per_day)
    return {
        row.pattern.id: {key: _matrix_cell(row.cells[key]) for key in COLUMNS.names()}
        for row in rows
    }


def _matrix_cell(cell) -> dict:
    return {
        "value": _number(cell.value),
        "band": cell.band,
        "note": cell.note,
        "figure": cell.figure,
    }


def estimate_summary(
    assumptions: Assumptions,
    services,
    reference_id: str | None = None,
    horizon_years: int | None = None,
    result: Estimate | None = None,
) -> dict:
    """The JSON document of ``cli.py estimate`` (DESIGN.md, "Headless contract"); ``result``:
    the estimate of the same arguments, if the caller has it (priced once, not twice)."""
    if result is None:
        result = estimate(
            assumptions, services, reference_id=reference_id, horizon_years=horizon_years
        )
    cells = matrix_cells(assumptions, result)
    count = int(result.services[0])
    limits = {
        pid: [c.record(0) for c in pattern_checks(assumptions, pid, [count])]
        for pid in result.patterns
    }
    return {
        "services": count,
        "decision": decision_summary(assumptions, count),
        "horizon_years": result.horizon_years,
        "discount_rate": assumptions.org.discount_rate,
        "currency": assumptions.org.currency,
        "hourly_rate_usd": _number(result.hourly_rate_usd),
        "reference": result.reference_id,
        "patterns": [
            pattern_summary(result, pid) | {"matrix": cells[pid], "limits": limits[pid]}
            for pid in result.patterns
        ],
    }


def decision_summary(assumptions: Assumptions, count: int) -> dict:
    """The decision answered: its id, title, question, the counted unit and every unit's count."""
    decision = assumptions.decision
    units = unit_counts(np.array([count]), decision, assumptions.org)
    return {
        "id": decision.id,
        "title": decision.title,
        "question": decision.question,
        "count": {
            "unit": decision.count,
            "label": decision.counted.label,
            "plural": decision.counted.plural,
        },
        "units": {
            key: {"label": spec.label, "plural": spec.plural, "count": float(units[key][0])}
            for key, spec in decision.units.items()
        },
    }


def _flat(pattern: dict) -> dict:
    """A pattern's summary with its savings split and matrix bands as columns of their own."""
    nested = (
        "savings_vs_reference",
        "matrix",
        "compliance_status",
        "limits",
        "percentiles",
        "risk",
    )
    row = {k: v for k, v in pattern.items() if k not in nested}
    exceeded = [limit["quantity"] for limit in pattern.get("limits", []) if limit["exceeded"]]
    row["limits_exceeded"] = "; ".join(exceeded)
    failed = [c["control"] for c in pattern.get("compliance_status", []) if not c["passes"]]
    row["controls_failed"] = "; ".join(failed)
    for part in (
        "cash_usd_per_year",
        "labour_usd_per_year",
        "risk_usd_per_year",
        "total_usd_per_year",
    ):
        split = pattern.get("savings_vs_reference")
        row[f"savings_vs_reference.{part}"] = None if split is None else split[part]
    for column, cell in pattern.get("matrix", {}).items():
        row[f"matrix.{column}.band"] = cell["band"]
    for figure, stats in pattern.get("percentiles", {}).items():  # one column per statistic
        for stat, value in stats.items():
            row[f"percentiles.{figure}.{stat}"] = value
    return row


def estimate_rows(summary: dict) -> list[dict]:
    """One flat row per pattern, for CSV and tables."""
    return [{"services": summary["services"], **_flat(p)} for p in summary["patterns"]]


def write_csv(rows, out: TextIO) -> None:
    """Records as CSV, every text cell neutralised against formula injection (``safe_cell``)."""
    rows = [safe_row(row) for row in rows]
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


TEXT_COLUMNS = 3  # the table's first three columns are words, left-aligned; numbers right
TABLE_COLUMNS = (
    ("option", "opt", "{}"),
    ("name", "pattern", "{}"),
    ("meets_requirement", "valid", "{}"),
    ("implementation_hours", "impl h", "{:,.1f}"),
    ("operations_hours_per_year", "ops h/yr", "{:,.1f}"),
    ("compliance_usd_per_year", "loss exp $/yr", "{:,.0f}"),
    ("annual_usd", "annual $", "{:,.0f}"),
    ("tco_usd", "TCO $", "{:,.0f}"),
    ("annual_savings_vs_reference_usd", "saves $/yr", "{:,.0f}"),
)


def write_table(rows: list[dict], out: TextIO) -> None:
    """A fixed-width text table for a terminal."""
    cells = [[label for _, label, _ in TABLE_COLUMNS]]
    for row in rows:
        cells.append([_cell(fmt, row[key]) for key, _, fmt in TABLE_COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(TABLE_COLUMNS))]
    for line in cells:
        out.write(
            "  ".join(
                c.ljust(w) if i < TEXT_COLUMNS else c.rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
            + "\n"
        )


def _cell(fmt: str, value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt.format(value)


def line_item_rows(result: Estimate, pattern_id: str, index: int = 0) -> list[dict]:
    """A pattern's line items priced at one service count ("show calculation")."""
    rows = []
    for item in result.patterns[pattern_id].line_items:
        rows.append(
            {
                "section": item.section,
                "item": item.name,
                "as written": item.quantity,
                "per": item.per,
                "units": int(item.units[index]),
                "times a year": round(item.times_per_year, 2)
                if item.section == "operations"
                else None,
                "hours": round(float(item.hours[index]), 2),
                "USD": round(float(item.usd[index]), 2),
                "source": item.source,
            }
        )
    return rows


def add_uncertainty(summary: dict, sim) -> dict:
    """Fill each pattern's ``percentiles`` (mean, P10, P50, P90) and ``p_cheapest`` from a
    Monte Carlo ``Simulation`` at the summary's service count (DESIGN.md, "Headless contract")."""
    from accesscost.model.summaries import p_cheapest, pattern_summary

    valid = [p["id"] for p in summary["patterns"] if p["meets_requirement"]]
    cheapest = p_cheapest(sim, valid) if valid else {}
    for pattern in summary["patterns"]:
        figures = pattern_summary(sim, pattern["id"])
        pattern["percentiles"] = {name: value.as_dict() for name, value in figures.items()}
        pattern["p_cheapest"] = (
            round(cheapest[pattern["id"]], 4) if pattern["id"] in cheapest else None
        )
    summary["simulation"] = {
        "draws": sim.draws,
        "years_per_draw": sim.horizon_years,
        "means": "conditional expectation: each world's expected value given its beliefs",
    }
    return summary


SAMPLE_FIGURES = (
    "implementation_usd",
    "operations_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)


def write_samples_csv(sim, out: TextIO) -> int:
    """Every draw (one simulated world: its first year's figures and its TCO over the horizon) of
    every pattern as one CSV row; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["draw", "pattern", "services", *SAMPLE_FIGURES])
    rows = 0
    services = int(sim.services[0])
    for pid, draws in sim.patterns.items():
        columns = [getattr(draws, figure)[:, 0] for figure in SAMPLE_FIGURES]
        for index, values in enumerate(zip(*columns, strict=True)):
            writer.writerow([index, pid, services, *(f"{v:.2f}" for v in values)])
            rows += 1
    return rows


def pattern_key_figures(result: Estimate, pattern_id: str, index: int = 0) -> list[tuple[str, str]]:
    """A pattern's key figures as (label, value) text: what a blueprint shows beside it."""
    figures = result.patterns[pattern_id]
    labels = pattern_figure_labels(f"{result.horizon_years} years")
    return [(label, usd(float(getattr(figures, figure)[index]))) for figure, label in labels]
