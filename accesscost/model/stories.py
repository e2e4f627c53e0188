"""A matrix cell's story: where its figure comes from, how uncertain it is, what it was judged by.

For a cell (pattern, column) of the decision matrix at one service count, or of the pattern x
service-count matrix, ``cell_story`` gathers:
- the line items behind the figure, priced at the count, each with its source;
- the distribution of the money behind it from the Monte Carlo: P10, P50, P90, mean and its
  standard error, and a small histogram's counts (``HISTOGRAM_BINS`` bins);
- the band edges the figure was judged against, the measured value and its band;
- for the compliance column, the risk events (threats) and the controls behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.inputs.org_schema import Bands
from accesscost.inputs.schema import ControlStatus
from accesscost.model.engine import Estimate
from accesscost.model.matrix import (
    COLUMNS,
    POSTURE_BANDS,
    MatrixRow,
    decision_matrix,
    lowest_valid,
)

HISTOGRAM_BINS = 20
CONTROL_COLUMNS = ("compliance_risk", "security_posture")  # the stories that list the controls
# column -> the line-item sections behind it
SECTIONS = {
    "implementation_time": ("implementation",),
    "security_posture": (),
    "operational_overhead": ("operations",),
    "cost_impact": ("operations", "compliance"),
    "compliance_risk": ("compliance",),
}
# the count matrix's figures -> the decision-matrix column that tells the same story
FIGURE_COLUMNS = {
    "annual_usd": "cost_impact",
    "tco_usd": "cost_impact",
    "compliance_usd_per_year": "compliance_risk",
    "operations_hours_per_year": "operational_overhead",
}


@dataclass(frozen=True)
class StoryItem:
    section: str
    name: str
    as_written: str
    per: str
    units: int
    hours: float
    usd: float
    source: str


@dataclass(frozen=True)
class Distribution:
    """The simulated money behind a cell: percentiles and a histogram (``edges`` has one more
    entry than ``counts``)."""

    figure: str
    p10: float
    p50: float
    p90: float
    mean: float
    se: float
    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class BandEdges:
    """What the band measures, the measured value, and each band's upper edge (None: above)."""

    measure: str
    value: float | str
    band: str
    edges: tuple[tuple[str, float | str | None], ...]


@dataclass(frozen=True)
class CellStory:
    pattern_id: str
    pattern_label: str
    column: str
    column_label: str
    services: int
    figure: str
    band: str
    note: str
    items: tuple[StoryItem, ...]
    total_hours: float
    total_usd: float
    bands: BandEdges
    distribution: Distribution | None
    threats: tuple[StoryItem, ...]
    controls: tuple[ControlStatus, ...]
    flag: str


def item_record(item: StoryItem) -> dict:
    """One line item of a story as a table row (the page's story table, the workbook's sheet)."""
    return {
        "item": item.name,
        "as written": item.as_written,
        "per": item.per,
        "units": item.units,
        "hours": round(item.hours, 2),
        "USD": round(item.usd, 2),
        "source": item.source,
    }


def story_items(result: Estimate, pattern_id: str, column: str, index: int = 0) -> list[StoryItem]:
    """The pattern's line items behind ``column``, priced at ``result.services[index]``."""
    sections = SECTIONS[column]
    labour_only = column == "operational_overhead"
    items = [
        item
        for item in result.patterns[pattern_id].line_items
        if item.section in sections and not (labour_only and item.category != "labour")
    ]
    return [_story_item(item, index) for item in items]


def _story_item(item, index: int) -> StoryItem:
    return StoryItem(
        item.section,
        item.name,
        item.quantity,
        item.per,
        int(item.units[index]),
        float(item.hours[index]),
        float(item.usd[index]),
        item.source,
    )


def _four(measure: str, value: float, band: str, edges) -> BandEdges:
    named = (("Low", edges.low), ("Medium", edges.medium), ("High", edges.high))
    return BandEdges(measure, value, band, (*named, ("Very High", None)))


def band_edges(
    result: Estimate, bands: Bands, pattern_id: str, column: str, band: str, index: int = 0
) -> BandEdges:
    """The edges ``column``'s band is judged against (``accesscost.model.matrix``), with the
    measured value in the band's own unit."""
    figures = result.patterns[pattern_id]
    if column == "implementation_time":
        value = float(figures.implementation_hours[index])
        return _four("one-time engineer hours", value, band, bands.implementation_hours)
    if column == "operational_overhead":
        best = lowest_valid(result, "operations_hours_per_year", index)
        value = float(figures.operations_hours_per_year[index]) / best if best > 0 else 1.0
        measure = f"operations hours a year ÷ the lightest valid pattern's ({best:,.1f} h)"
        return _four(measure, value, band, bands.operations_ratio)
    if column == "cost_impact":
        value = float(figures.annual_usd[index]) - lowest_valid(result, "annual_usd", index)
        measure = "USD a year above the cheapest pattern that meets the requirement"
        return _four(measure, max(value, 0.0), band, bands.cost_impact_usd_per_year)
    if column == "compliance_risk":
        best = lowest_valid(result, "compliance_usd_per_year", index)
        value = float(figures.compliance_usd_per_year[index]) / best if best > 0 else 1.0
        measure = f"expected loss a year ÷ the lowest valid pattern's (${best:,.0f})"
        edges = bands.compliance_ratio
        named: tuple[tuple[str, float | str | None], ...]
        named = (("Low", edges.low), ("High", edges.high), ("Critical", None))
        return BandEdges(measure, value, band, named)
    rating = figures.pattern.security_posture.rating
    named = tuple((name, rating_of) for rating_of, name in POSTURE_BANDS.items())
    return BandEdges("security rating (strong, adequate, weak, none)", rating, band, named)


def distribution(
    sim, pattern_id: str, column: str, index: int = 0, bins: int = HISTOGRAM_BINS
) -> Distribution | None:
    """The simulated money behind the column (None for a column without one)."""
    from accesscost.model.summaries import figure_summary

    simulated = COLUMNS[column].simulated if column in COLUMNS else None
    if simulated is None or sim is None or pattern_id not in sim.patterns:
        return None
    figure = simulated[0]
    sample = getattr(sim.patterns[pattern_id], figure)[:, index]
    counts, edges = np.histogram(sample, bins=bins)
    summary = figure_summary(sim, pattern_id, figure, index)
    return Distribution(
        figure,
        summary.p10,
        summary.p50,
        summary.p90,
        summary.mean,
        summary.se,
        tuple(edges.tolist()),
        tuple(counts.tolist()),
    )


def cell_story(
    result: Estimate,
    bands: Bands,
    pattern_id: str,
    column: str,
    *,
    sim=None,
    index: int = 0,
    hours_per_day: float = 8,
) -> CellStory:
    """The story of one decision-matrix cell at ``result.services[index]``; ``sim`` (a
    ``Simulation`` at the same count) adds the distribution (a limit that rules the pattern out
    is the row's flag)."""
    column_label = _column_label(column)
    row = _matrix_row(result, bands, pattern_id, hours_per_day, index)
    cell = row.cells[column]
    items = story_items(result, pattern_id, column, index)
    pattern = row.pattern
    threats = tuple(story_items(result, pattern_id, "compliance_risk", index))
    return CellStory(
        pattern_id=pattern_id,
        pattern_label=pattern.label,
        column=column,
        column_label=column_label,
        services=int(result.services[index]),
        figure=cell.figure,
        band=cell.band,
        note=cell.note,
        items=tuple(items),
        total_hours=sum(item.hours for item in items),
        total_usd=sum(item.usd for item in items),
        bands=band_edges(result, bands, pattern_id, column, cell.band, index),
        distribution=distribution(sim, pattern_id, column, index),
        threats=threats if column == "compliance_risk" else (),
        controls=tuple(pattern.controls) if column in CONTROL_COLUMNS else (),
        flag=row.flag,
    )


def _column_label(column: str) -> str:
    """The label of a decision-matrix column; an unknown one is a KeyError naming the known."""
    labels = {entry.key: entry.label for entry in COLUMNS}
    if column not in labels:
        raise KeyError(f"unknown matrix column {column!r}; known: {', '.join(labels)}")
    return labels[column]


def _matrix_row(
    result: Estimate, bands: Bands, pattern_id: str, hours_per_day: float, index: int
) -> MatrixRow:
    """The pattern's row of the decision matrix at ``result.services[index]``."""
    rows = decision_matrix(result, bands, hours_per_day, index)
    return next(r for r in rows if r.pattern.id == pattern_id)
