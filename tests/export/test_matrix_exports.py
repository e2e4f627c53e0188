"""The matrices in the deck and the workbook (issue 20), checked by reopening the deck: the
pattern x service-count matrix is a native table of the engine's figures, the risk matrix has its
slide, and each matrix's cell stories are records of the model's numbers."""

from __future__ import annotations

import pytest

from accesscost.export.matrix_exports import (
    context_count_matrix,
    count_matrix_records,
    decision_story_records,
    risk_matrix_records,
)
from accesscost.model.engine import estimate
from accesscost.model.matrix import usd
from accesscost.model.risk_matrix import risk_points
from tests.export_readers import slide_titles

pytest_plugins = ("tests.export_fixtures",)

COUNT_TITLE = "Where does the recommendation change? Annual cost by service count"


def _table(slide):
    return next(shape.table for shape in slide.shapes if shape.has_table)


def test_the_count_matrix_slide_is_a_native_table_of_the_engines_figures(
    deck, export_context, export_assumptions
):
    titles = slide_titles(deck)
    assert titles.index(COUNT_TITLE) == titles.index("Decision matrix at 50 services") + 1
    table = _table(deck.slides[titles.index(COUNT_TITLE)])
    header = [table.cell(0, c).text for c in range(len(table.columns))]
    assert header == [
        "Access pattern",
        "1",
        "5",
        "10",
        "25",
        "50 ▶",
        "100",
        "250",
        "500",
        "1,000",
        "10,000",
    ]
    matrix = context_count_matrix(export_context)
    for row, pid in enumerate(matrix.pattern_ids, start=1):
        for column, count in enumerate(matrix.counts.tolist(), start=1):
            annual = float(estimate(export_assumptions, count).patterns[pid].annual_usd[0])
            text = table.cell(row, column).text
            assert usd(annual) in text and str(matrix.bands[row - 1, column - 1]) in text
    b = matrix.pattern_ids.index("b-task-role") + 1
    assert table.cell(b, 5).text.startswith("★")  # recommended at 50
    assert table.cell(b, 10).text.startswith("⊘")  # ruled out at 10,000: 5,000 roles at most


def test_the_risk_matrix_has_its_slide(deck):
    assert "How often, how much: the risk matrix" in slide_titles(deck)


def test_the_decision_stories_sheet_holds_every_cells_items(export_context):
    records = decision_story_records(export_context)
    result = export_context.result
    for row in export_context.rows:
        pid = row.pattern.id
        mine = [r for r in records if r["id"] == pid and r["column"] == "Implementation time"]
        hours = sum(r["hours"] for r in mine)
        assert hours == pytest.approx(float(result.patterns[pid].implementation_hours[0]), abs=0.1)
        assert (
            all(r["source"] for r in mine)
            and mine[0]["band"] == row.cells["implementation_time"].band
        )


def test_the_count_and_risk_sheets_are_the_models(export_context, export_assumptions):
    counts = count_matrix_records(export_context)
    shown = len(export_context.shown)
    assert len(counts) == 4 * shown * 10  # four figures, each pattern at 10 counts (50 is one)
    at_1000 = [r for r in counts if r["services"] == 1_000 and r["figure"] == "Annual cost"]
    result = estimate(export_assumptions, 1_000)
    for record in at_1000:
        assert record["value"] == pytest.approx(
            float(result.patterns[record["id"]].annual_usd[0]), abs=0.01
        )
    risks = risk_matrix_records(export_context)
    inherent = risk_points(export_assumptions, 50)
    assert len(risks) == 2 * len(inherent)
    assert [r["expected loss a year (USD)"] for r in risks[: len(inherent)]] == pytest.approx(
        [round(p.ale_usd, 2) for p in inherent]
    )
