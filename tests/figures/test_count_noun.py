"""The risk figures name the count with the decision's own noun (issue 17): built through the
figure registry for the EKS decision and the test decision, their titles, subtitles and hovers say
"pods" or "Lambda functions", never "services" (the ECS decision's noun)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from accesscost.figures.matrices import heat_map_chart
from accesscost.figures.registry import (
    FIGURES,
    UNCERTAINTY,
    FigureInputs,
    build_figures,
    in_section,
)
from accesscost.inputs.loading import load_assumptions
from accesscost.model.bands import sweep_bands
from accesscost.model.engine import estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.risk_matrix import heat_map, risk_points
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.simulation import simulate
from tests.count_noun import NOUN_DECISIONS, noun_root, services_said

COUNT = 50


@pytest.fixture(scope="module", params=NOUN_DECISIONS)
def assumptions(request, tmp_path_factory):
    root = noun_root(request.param, tmp_path_factory)
    return load_assumptions(root / "decisions" / request.param)


@pytest.fixture(scope="module")
def inputs(assumptions) -> FigureInputs:
    rng = np.random.default_rng(1)
    ids = list(assumptions.patterns)
    counts = [10, 20, COUNT, 100]
    return FigureInputs(
        result=estimate(assumptions, COUNT),
        shown=tuple(ids),
        sweep=estimate(assumptions, counts),
        spread=sweep_bands(assumptions, counts, 500, rng),
        simulation=simulate(assumptions, COUNT, 2_000, rng),
        tolerance=tolerance_at(assumptions.org, COUNT),
        swings=tornado(assumptions, Output(ids[0]), COUNT),
        risk_points=tuple(risk_points(assumptions, COUNT)),
        noun=assumptions.decision.counted,
    )


def words(fig) -> str:
    """Every text of a figure (titles, subtitles, hovers, names), as JSON."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def test_the_risk_figures_name_the_count_with_the_decisions_noun(inputs, assumptions):
    plural = assumptions.decision.counted.plural
    figures = build_figures(in_section(UNCERTAINTY), inputs)
    assert {"loss-exceedance", "risk-matrix", "tornado"} <= set(figures)
    for key in ("loss-exceedance", "risk-matrix", "tornado"):
        text = words(figures[key])
        assert f"{COUNT} {plural}" in text, key
        assert services_said(text) == [], key


def test_the_bands_on_the_cost_chart_hover_with_the_decisions_noun(inputs, assumptions):
    figure = FIGURES["annual-cost-vs-services"].build(inputs)
    hovers = [trace.hovertemplate or "" for trace in figure.data]
    assert any(assumptions.decision.counted.plural in hover for hover in hovers)
    assert services_said(words(figure)) == []


def test_the_heat_map_names_the_count_with_the_decisions_noun(inputs, assumptions):
    noun = assumptions.decision.counted
    grid = heat_map(list(inputs.risk_points), assumptions.org)
    text = words(heat_map_chart(grid, COUNT, noun=noun))
    assert f"{COUNT} {noun.plural}" in text and services_said(text) == []


def test_the_slide_titles_name_the_decisions_noun(assumptions):
    noun = assumptions.decision.counted
    titles = [spec.title(noun) for spec in FIGURES]
    assert any(noun.plural in title for title in titles)
    assert services_said(" ".join(titles)) == []
