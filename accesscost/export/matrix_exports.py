"""The page's two newer matrices in the exports (issue 20): the pattern x service-count matrix as
a native table slide, and each matrix's cell-story data as a workbook sheet.

- ``count_matrix_slide``: rows the shown patterns, columns the counts; each cell its annual cost
  and band in the band's colour (grey where the pattern fails the requirement or a limit rules
  it out), ★ on the recommendation at that count, ⊘ where a limit stops the pattern;
- ``story_sheets``: "Decision stories" (every cell's line items with sources and its band
  edges), "Count matrix" (every figure at every count, with band, mark and limit) and "Risk
  matrix" (every (pattern, risk) point, inherent and residual).
The deck and the workbook add these beside their own slides and sheets; the registries of issue 15
hold charts and formats, not table slides or sheets.
"""

from __future__ import annotations

import pandas as pd

from accesscost.core.words import services_text
from accesscost.export.context import ExportContext
from accesscost.export.slide_text import (
    HEADER,
    MARGIN,
    MATRIX_FIGURE_PT,
    MATRIX_SMALLEST,
    MATRIX_WORD_PT,
    MUTED,
    PANEL_FILL,
    Run,
    add_table,
    fit,
    new_slide,
    text_box,
)
from accesscost.figures.palette import BAND_COLOURS
from accesscost.model.count_matrix import FIGURES, count_matrix
from accesscost.model.exceedance import tolerance_at
from accesscost.model.matrix import COLUMNS, usd
from accesscost.model.risk_matrix import beyond_tolerance, risk_points
from accesscost.model.stories import band_edges, item_record, story_items

MUTED_FILL = "EEF0F2"
PATTERN_WIDTH, TOP, NOTE_TOP = 2.6, 1.1, 6.75


def context_count_matrix(context: ExportContext, figure: str = "annual_usd"):
    result = context.result
    return count_matrix(
        context.assumptions,
        context.services,
        figure,
        horizon_years=result.horizon_years,
        reference_id=result.reference_id,
        shown=list(context.shown),
    )


def _cell_text(matrix, row: int, column: int) -> str:
    pid, band = matrix.pattern_ids[row], str(matrix.bands[row, column])
    star = "★ " if matrix.recommended[column] == pid else ""
    stop = "⊘ " if matrix.ruled_out[row, column] else ""
    return f"{star}{stop}{usd(float(matrix.values[row, column]))}\n{band}"


def _muted(matrix, row: int, column: int) -> bool:
    """Grey: the pattern fails the requirement, or a limit rules it out at that count."""
    return bool(matrix.ruled_out[row, column] or not matrix.meets_requirement[row])


def _count_rows(context: ExportContext, matrix, scale: float) -> list[list]:
    """The table's cells at ``scale`` of the decision matrix's sizes: each figure and band word
    in the band's text colour on its fill, or in the muted grey on the grey of a muted cell."""
    figure, word = MATRIX_FIGURE_PT * scale, MATRIX_WORD_PT * scale
    head = ["Access pattern"] + [
        f"{n:,}" + (" ▶" if n == matrix.chosen else "") for n in matrix.counts.tolist()
    ]
    rows = [[[(Run(text, word, True, "FFFFFF"),)] for text in head]]
    patterns = context.assumptions.patterns
    for row, pid in enumerate(matrix.pattern_ids):
        label = patterns[pid].label + ("" if matrix.meets_requirement[row] else " ✗")
        cells = [[(Run(label, word, True),)]]
        for column in range(matrix.counts.size):
            value, band = _cell_text(matrix, row, column).split("\n")
            colour = MUTED if _muted(matrix, row, column) else BAND_COLOURS[band][1]
            cells.append([(Run(value, figure, True, colour),), (Run(band, word, False, colour),)])
        rows.append(cells)
    return rows


def _count_fills(matrix) -> list[list[str]]:
    fills = [[HEADER] * (matrix.counts.size + 1)]
    for row in range(len(matrix.pattern_ids)):
        line = [PANEL_FILL]
        for column in range(matrix.counts.size):
            muted = _muted(matrix, row, column)
            line.append(MUTED_FILL if muted else BAND_COLOURS[str(matrix.bands[row, column])][0])
        fills.append(line)
    return fills


def count_matrix_slide(prs, context: ExportContext) -> None:
    """The pattern x service-count matrix of annual cost as a native, editable table."""
    matrix, noun = context_count_matrix(context), context.assumptions.decision.counted
    title = f"Where does the recommendation change? Annual cost by {noun.label} count"
    slide = new_slide(prs, title)
    other = (13.333 - 2 * MARGIN - PATTERN_WIDTH) / matrix.counts.size
    widths = (PATTERN_WIDTH, *([other] * matrix.counts.size))
    budget = NOTE_TOP - TOP
    rows = fit(lambda scale: _count_rows(context, matrix, scale), widths, budget, MATRIX_SMALLEST)
    add_table(slide, rows, widths, TOP, _count_fills(matrix))
    labels = {pid: p.label for pid, p in context.assumptions.patterns.items()}
    changes = "; ".join(f"from {n:,}: {labels.get(pid, 'none')}" for n, pid in matrix.changes())
    note = (
        f"★ recommended at that count (lowest TCO among the patterns that meet the requirement); "
        f"⊘ ruled out by a published limit; grey: fails the requirement or a limit; ▶ the "
        f"reviewed count ({services_text(matrix.chosen, noun)}). Bands: annual cost above the "
        f"cheapest valid pattern at that count (org.yaml's cost-impact edges)."
        + (f" The recommendation changes {changes}." if changes else "")
    )
    text_box(slide, (MARGIN, NOTE_TOP, 12.5, 0.6), [(Run(note, 10, False, MUTED),)])


def decision_story_records(context: ExportContext) -> list[dict]:
    """Every decision-matrix cell's story: its figure and band, what the band measures and its
    edges, and each line item behind it with its source (one record per item)."""
    records, bands = [], context.assumptions.org.bands
    for row in context.rows:
        pid = row.pattern.id
        for column in COLUMNS:
            cell = row.cells[column.key]
            edges = band_edges(context.result, bands, pid, column.key, cell.band)
            base = {
                "services": context.services,
                "pattern": row.pattern.label,
                "id": pid,
                "column": column.label,
                "figure": cell.figure,
                "band": cell.band,
                "band measures": edges.measure,
                "measured": edges.value,
                "edges": "; ".join(
                    f"{n} ≤ {e}" if e is not None else f"{n} above" for n, e in edges.edges
                ),
            }
            items = story_items(context.result, pid, column.key)
            records += [base | item_record(i) for i in items] or [base]
    return records


def count_matrix_records(context: ExportContext) -> list[dict]:
    """Every figure of every shown pattern at every count of the count matrix."""
    records = []
    for figure, (label, unit, _) in FIGURES.items():
        matrix = context_count_matrix(context, figure)
        for row, pid in enumerate(matrix.pattern_ids):
            for column, count in enumerate(matrix.counts.tolist()):
                records.append(
                    {
                        "figure": label,
                        "unit": unit,
                        "services": count,
                        "id": pid,
                        "value": round(float(matrix.values[row, column]), 2),
                        "band": str(matrix.bands[row, column]),
                        "recommended here": matrix.recommended[column] == pid,
                        "ruled out by a limit": bool(matrix.ruled_out[row, column]),
                        "meets requirement": bool(matrix.meets_requirement[row]),
                    }
                )
    return records


def risk_matrix_records(context: ExportContext) -> list[dict]:
    """Every (pattern, risk) point of the shown patterns, inherent and residual."""
    tolerance = tolerance_at(context.assumptions.org, context.services)
    records = []
    for view, guarded in (("inherent", False), ("residual", True)):
        for point in risk_points(
            context.assumptions, context.services, guarded=guarded, pattern_ids=list(context.shown)
        ):
            records.append(
                {
                    "view": view,
                    "services": context.services,
                    "id": point.pattern_id,
                    "risk": point.name,
                    "kind": point.kind,
                    "loss events a year": round(point.lef, 6),
                    "loss per event (USD)": round(point.magnitude_usd, 2),
                    "expected loss a year (USD)": round(point.ale_usd, 2),
                    "beyond tolerance": beyond_tolerance(point, tolerance),
                    "source": point.source,
                }
            )
    return records


def story_sheets(context: ExportContext) -> dict[str, pd.DataFrame]:
    return {
        "Decision stories": pd.DataFrame(decision_story_records(context)),
        "Count matrix": pd.DataFrame(count_matrix_records(context)),
        "Risk matrix": pd.DataFrame(risk_matrix_records(context)),
    }
