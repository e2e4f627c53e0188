"""The export context: the model runs once, in ``make_context``, and only the runs its charts need;
the deck, the tables and the folder only read it (issue 15: no model run inside a slide builder).
"""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import pytest

from accesscost.export.context import make_context
from accesscost.figures.registry import FIGURES, FINOPS, UNCERTAINTY, in_section
from tests.conftest import REPO_ROOT

pytest_plugins = ("tests.export_fixtures",)
FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]
# What runs the model: none of it may be called while a file is built from the context.
MODEL_RUNS = {
    "estimate",
    "simulate",
    "tornado",
    "decision_matrix",
    "decision_scores",
    "layout",
    "sweep_bands",
    "make_context",
}
READERS = (
    "deck",
    "slides",
    "appendix",
    "deck_blueprint",
    "native_chart",
    "pptx_chart",
    "slide_text",
    "tables",
    "formats",
)


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("module", READERS)
def test_files_are_built_from_the_context_without_running_the_model(module):
    path = REPO_ROOT / "accesscost" / "export" / f"{module}.py"
    assert imported_names(path) & MODEL_RUNS == set()


def test_only_the_model_runs_the_charts_need_are_made(export_assumptions, export_context):
    fast = make_context(export_assumptions, 50, figures=FINOPS_ONLY)
    assert list(fast.figures) == FINOPS_ONLY
    assert (fast.inputs.swings, fast.inputs.scores, fast.inputs.risk_points) == (None, None, None)
    full = export_context.inputs
    assert full.swings is not None and full.scores is not None and full.risk_points is not None
    # the Monte Carlo at the count (a few tens of ms) always runs: the matrix's P(cheapest)
    assert fast.inputs.simulation is not None and fast.uncertainty


def test_charts_the_page_drew_are_exported_as_drawn_and_not_remade(export_assumptions):
    drawn = {
        spec.key: go.Figure(layout={"title": f"page {spec.key}"})
        for spec in in_section(UNCERTAINTY)
    }
    context = make_context(export_assumptions, 50, drawn=drawn)
    assert list(context.figures) == FIGURES.names()
    assert all(context.figures[key] is fig for key, fig in drawn.items())
    assert context.inputs.swings is None and context.inputs.scores is None  # not run again


def test_rows_and_blueprints_are_computed_once_for_the_shown_patterns(export_assumptions):
    context = make_context(
        export_assumptions, 50, shown=["b-task-role", "d-iam-user-keys"], figures=[]
    )
    assert [row.pattern.id for row in context.rows] == ["b-task-role", "d-iam-user-keys"]
    assert list(context.blueprints) == ["b-task-role", "d-iam-user-keys"]
    assert context.figures == {} and context.specs == ()


def test_an_unknown_chart_is_refused_with_the_known_ones(export_assumptions):
    with pytest.raises(ValueError, match="figures: unknown chart 'pie'; known: annual-cost"):
        make_context(export_assumptions, 50, figures=["pie"])
    with pytest.raises(ValueError, match="unknown chart 'pie'"):
        make_context(export_assumptions, 50, drawn={"pie": go.Figure()})
