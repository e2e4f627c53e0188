"""The page's sections under the matrix: the pattern x count matrix, and the FinOps,
Uncertainty and Blueprints tabs, of which only the open one is computed and drawn."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from accesscost.app.blueprint import blueprint_section
from accesscost.app.cache import (
    bands,
    compute,
    pair_over_counts,
    risk_view,
    services_matrix,
    simulation,
)
from accesscost.app.layout import show_reading
from accesscost.app.matrices import count_grid
from accesscost.app.risk_matrix import RiskScope, risk_controls, risk_section
from accesscost.app.uncertainty import figure_controls, inherent_of
from accesscost.app.view import PageView
from accesscost.core.safe_text import markdown_literal as md
from accesscost.export import images
from accesscost.figures.registry import (
    FINOPS,
    UNCERTAINTY,
    FigureInputs,
    build_figures,
    in_section,
    reading_of,
)
from accesscost.inputs.loading import Assumptions
from accesscost.model.bands import SIMULATED_UPPER, band_plan
from accesscost.model.engine import Estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.limits import limit_ends
from accesscost.model.matrix import (
    recommended_id,
)
from accesscost.model.stories import FIGURE_COLUMNS, cell_story
from accesscost.model.timeline import sweep_counts
from accesscost.text.readings import method_text, uncertainty_line

SECTIONS = (FINOPS, UNCERTAINTY, "Blueprints")


SWEEP_POINTS = 2_000  # service counts in the cost-against-scale chart


STORY_DRAWS = 2_000  # Monte Carlo draws behind a count-matrix cell's spread (cached per count)


# The break-even's Monte Carlo sweep (200 counts) covers what the bands do (band_plan).
BREAK_EVEN_POINTS = 200


def charts(view: PageView, result: Estimate, baseline: Estimate | None, shown, assumptions) -> None:
    counts = sweep_counts(view.services, SWEEP_POINTS)
    sweep = compute(view.files, view.scenario, counts, view.horizon, view.reference)
    before = None
    if baseline is not None:
        before = compute(view.files, "", counts, view.horizon, view.reference)
    band_counts, band_draws = band_plan(view.services, view.draws)
    spread = bands(view.files, view.scenario, band_counts, view.horizon, band_draws, view.seed)
    inputs = FigureInputs(
        result,
        tuple(shown),
        sweep=sweep,
        baseline=baseline,
        baseline_sweep=before,
        spread=spread,
        limit_ends=limit_ends(assumptions, shown, sweep.services),
        noun=assumptions.decision.counted,
    )
    specs = in_section(FINOPS)
    figures = build_figures(specs, inputs)
    readings = {spec.key: reading_of(spec, inputs) for spec in specs if spec.key in figures}
    st.subheader("FinOps")
    st.caption(f"Shaded: the P10–P90 band of annual cost over {spread.draws:,} simulated years.")
    if baseline is not None:
        st.caption("Dashed lines and hollow diamonds: the baseline, before the what-if.")
    show_figures(figures, view.services, readings)


def show_figures(figures: dict, services: int, readings: dict | None = None) -> None:
    """Each figure under its "how to read it" sentence (``readings``, by key), when it has one."""
    for name, figure in figures.items():
        show_reading((readings or {}).get(name))
        config = images.toolbar_config(f"{name}-{services}-services")
        st.plotly_chart(figure, config=config, theme=None)


def show_figure(shown: dict, name: str, figure, services: int, reading: str | None) -> None:
    """Draw one figure where the page is now, and keep it in ``shown`` for the export."""
    shown[name] = figure
    show_figures({name: figure}, services, {name: reading})


def _method(view: PageView, sim) -> None:
    """The section's plain line, its statistics in a Method expander."""
    st.subheader("Uncertainty and sensitivity")
    st.caption(uncertainty_line(sim.draws, sim.horizon_years))
    with st.expander("Method"):
        st.markdown(md(method_text(sim.draws, sim.horizon_years, view.seed)))


def _risk_matrix_drawer(view: PageView, assumptions: Assumptions, risk_kind: str, risk_ids):
    """A function that draws the risk matrix with its selection, its table and its story."""
    labels = {pid: p.label for pid, p in assumptions.patterns.items()}

    def points_of(guarded: bool):
        return risk_view(view.files, view.unguarded, view.services, guarded)

    def draw(inputs: FigureInputs, spec):
        scope = RiskScope(
            risk_kind,
            risk_ids,
            points_of,
            labels,
            list(assumptions.patterns),
            view.services,
            inputs.tolerance,
            assumptions.org,
            assumptions.decision.counted,
            _risk_reading(spec, inputs, risk_ids),
        )
        return risk_section(scope)

    return draw


def _pair_simulator(view: PageView):
    """Two patterns over the break-even's sweep of counts, with the page's seed (cached)."""
    counts = sweep_counts(view.services, BREAK_EVEN_POINTS, SIMULATED_UPPER)

    def simulate_pair(pair: tuple[str, str], draws: int):
        return pair_over_counts(
            view.files, view.scenario, counts, view.horizon, pair, draws, view.seed
        )

    return simulate_pair


def uncertainty(view: PageView, assumptions: Assumptions, result: Estimate, sim, shown) -> dict:
    """Loss exceedance, risk matrix, tornado and weighted score, each right under its own
    controls (the tornado's selector was 830 px above the tornado, the score's weights 1,130 px
    above the score: never on one 720 px screen); returns the figures for the export."""
    _method(view, sim)
    labels = {pid: p.label for pid, p in assumptions.patterns.items()}
    # one pattern choice for the loss exceedance and the risk matrix beside it
    risk_kind, risk_ids = risk_controls(shown, labels)
    risk_matrix = _risk_matrix_drawer(view, assumptions, risk_kind, risk_ids)
    best = recommended_id(result, shown=shown)
    controls = figure_controls(assumptions, view, shown, best, _pair_simulator(view))
    inputs = FigureInputs(
        result,
        tuple(shown),
        simulation=sim,
        tolerance=tolerance_at(assumptions.org, view.services),
        inherent=inherent_of(view, risk_ids),
        noun=assumptions.decision.counted,
    )
    figures: dict = {}
    for spec in in_section(UNCERTAINTY):
        if spec.key in controls:
            inputs = controls[spec.key](inputs)
        if spec.key == "risk-matrix":  # drawn with its selection, its table and its story
            figures[spec.key] = risk_matrix(inputs, spec)
            continue
        chosen = _shared_choice(spec.key, inputs, risk_ids)
        figure = spec.build(chosen)
        if figure is not None:
            show_figure(figures, spec.key, figure, view.services, reading_of(spec, chosen))
    return figures


def _risk_reading(spec, inputs: FigureInputs, risk_ids: list[str]):
    """The risk matrix's "how to read it", of the points ``risk_section`` draws."""

    def read(points) -> str | None:
        drawn = replace(inputs, shown=tuple(risk_ids), risk_points=tuple(points))
        return reading_of(spec, drawn)

    return read


def _shared_choice(key: str, inputs: FigureInputs, risk_ids: list[str]) -> FigureInputs:
    """The loss exceedance shows the patterns the risk matrix beside it shows."""
    return replace(inputs, shown=tuple(risk_ids)) if key == "loss-exceedance" else inputs


def count_matrix_section(view: PageView, assumptions: Assumptions, shown: list[str]) -> None:
    """The pattern x service-count matrix and the story of its selected cell."""
    org = assumptions.org
    labels = {pid: p.label for pid, p in assumptions.patterns.items()}

    def matrix_of(figure: str):
        return services_matrix(
            view.files, view.scenario, view.services, figure, view.horizon, view.reference
        )

    def story_of(pattern_id: str, count: int, figure: str):
        at = compute(view.files, view.scenario, count, view.horizon, view.reference)
        draws = min(view.draws, STORY_DRAWS)
        sim = simulation(
            view.files, view.scenario, count, view.horizon, view.reference, draws, view.seed
        )
        return cell_story(
            at,
            org.bands,
            pattern_id,
            FIGURE_COLUMNS[figure],
            sim=sim,
            hours_per_day=org.labour.hours_per_day,
        )

    count_grid(view, matrix_of, shown, labels, story_of)


def sections(view: PageView, assumptions: Assumptions, results: tuple, shown: list[str]):
    """FinOps, Uncertainty and Blueprints as tabs: only the open one is computed and drawn (a
    click on another reruns the page), which keeps a rerun and the first page load short. Returns
    the risk figures when the Uncertainty tab drew them (the export makes its own otherwise)."""
    result, baseline, sim = results
    tabs = st.tabs(list(SECTIONS), key="section", on_change="rerun")
    risk_figures = None
    with tabs[0]:
        if tabs[0].open:
            charts(view, result, baseline, shown, assumptions)
    with tabs[1]:
        if tabs[1].open:
            risk_figures = uncertainty(view, assumptions, result, sim, shown)
    with tabs[2]:
        if tabs[2].open:
            blueprint_section(assumptions, result, shown)
    return risk_figures
