"""The review page: ``streamlit run dashboard.py``.

Lays out widgets and shows results; every number comes from ``accesscost.model``, every figure
from ``accesscost.figures``. The assumptions folder is ``assumptions/`` beside this file, or
``$ASSUMPTIONS_DIR``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast

import pandas as pd
import streamlit as st

from accesscost.app.blueprint import blueprint_section
from accesscost.app.cache import (
    WHATIF,
    bands,
    compute,
    load_assumptions,
    pair_over_counts,
    risk_view,
    services_matrix,
    simulation,
    whatif_assumptions,
)
from accesscost.app.decisions import choose_decision
from accesscost.app.evidence import evidence
from accesscost.app.export import context_maker, export_section
from accesscost.app.layout import page_style, show_reading
from accesscost.app.matrices import count_grid, decision_grid, risk_controls, risk_of, risk_section
from accesscost.app.scenarios import scenario_panel
from accesscost.app.selection import (
    keep_in_link,
    restore_selection,
    take_count_click,
    take_decision_click,
)
from accesscost.app.state import (
    SLIDER_MAX,
    UNTITLED,
    init_whatif,
    keep_scenario_fields,
    problem_list,
    restore_from_link,
    set_services,
)
from accesscost.app.uncertainty import figure_controls, inherent_of
from accesscost.app.view import PageView, link_settings, page_settings
from accesscost.app.whatif import closed_editor, editor, keep_edits
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.words import capitalised, services_markdown
from accesscost.evidence.importing import DECISION as EVIDENCE_DECISION
from accesscost.export import images
from accesscost.figures.matrix_table import matrix_html
from accesscost.figures.registry import (
    FINOPS,
    UNCERTAINTY,
    FigureInputs,
    build_figures,
    in_section,
    reading_of,
)
from accesscost.inputs.loading import Assumptions, read_folder, root_folder
from accesscost.inputs.scenario import BASELINE, Scenario, apply_scenario, scenario_yaml
from accesscost.inputs.settings import HOURLY_RATE_USD, MAX_SERVICES, PAGE_DRAWS
from accesscost.inputs.share_link import LINK_PARAMETER, MAX_LINK_CHARS, TOO_LONG, link_token
from accesscost.model.bands import SIMULATED_UPPER, band_plan
from accesscost.model.engine import Estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.limits import limit_ends, within_limits
from accesscost.model.matrix import (
    P_CHEAPEST_MEANING,
    decision_matrix,
    matrix_uncertainty,
    recommended_id,
    review_order,
    usd,
)
from accesscost.model.stories import FIGURE_COLUMNS, cell_story
from accesscost.model.timeline import sweep_counts
from accesscost.text.key_figures import (
    NO_RECOMMENDATION,
    NO_RECOMMENDATION_WHY,
    RECOMMENDED,
    key_figure_texts,
    recommended,
)
from accesscost.text.readings import method_text, uncertainty_line
from accesscost.text.report import RISK_CAPTION, line_item_rows, risk_rows

HERE = Path(__file__).resolve().parent
SECTIONS = (FINOPS, UNCERTAINTY, "Blueprints")
SWEEP_POINTS = 2_000  # service counts in the cost-against-scale chart
STORY_DRAWS = 2_000  # Monte Carlo draws behind a count-matrix cell's spread (cached per count)
# The break-even's Monte Carlo sweep (200 counts) covers what the bands do (band_plan).
BREAK_EVEN_POINTS = 200


def assumptions_dir() -> Path:
    return Path(os.environ.get("ASSUMPTIONS_DIR", HERE / "assumptions"))


def init_state(assumptions: Assumptions) -> None:
    """The settings a shared link gives (else the defaults of org.yaml), once per session and
    again, but for the count and the rate, when the decision is switched; a link value that
    cannot be used is said, and its setting keeps its default."""
    state = st.session_state
    if "shown" in state:
        return
    settings, notes = link_settings(assumptions, st.query_params.to_dict())
    if "services" not in state:
        state.services = settings.services
        rate = settings.hourly_rate_usd
        state.rate = float(assumptions.org.labour.hourly_rate_usd.mean()) if rate is None else rate
    state.horizon, state.draws = settings.horizon_years, settings.draws
    state.shown, state.reference = list(settings.shown), settings.reference
    if notes:
        lines = "\n".join(f"- {note}" for note in notes)
        state.link_settings_note = f"Not taken from the link, so the default is shown:\n{lines}"


def _from_slider() -> None:
    st.session_state.services = int(st.session_state.services_slider)
    st.session_state.services_input = st.session_state.services


def _from_input() -> None:
    """The exact count typed in the box; outside 1 to MAX_SERVICES (or emptied) it keeps the
    count and says why, instead of Streamlit's silent clamp to the nearest bound."""
    state = st.session_state
    typed = state.services_input
    if typed is None or not 1 <= typed <= MAX_SERVICES or typed != int(typed):
        shown = "an empty box" if typed is None else f"{typed:,g}"
        state.services_problem = (
            f"Services: {shown} is not a count from 1 to {MAX_SERVICES:,}; kept {state.services:,}."
        )
        state.services_input = state.services  # the box shows the count it kept
        return
    set_services(int(typed))
    state.pop("services_problem", None)


def _service_controls(noun) -> None:
    """The slider (to ``SLIDER_MAX``) and the exact box for one count, ``services``. Each
    widget's callback sets the count and the other widget, never its own: writing the slider's
    own state on every run pushed the value back into it while arrow presses were still on
    their way (ten quick presses from 50 ended on 51)."""
    state = st.session_state
    state.setdefault("services_slider", min(state.services, SLIDER_MAX))
    state.setdefault("services_input", state.services)
    st.slider(
        capitalised(noun.plural), 1, SLIDER_MAX, key="services_slider", on_change=_from_slider
    )
    if state.services > SLIDER_MAX:
        st.caption(
            f"{services_markdown(state.services, noun)}: beyond the slider's {SLIDER_MAX}, "
            "set in the box."
        )
    st.number_input(
        f"{capitalised(noun.plural)} (exact, 1 to {MAX_SERVICES:,})",
        value=None,
        step=1,
        key="services_input",
        on_change=_from_input,
    )
    if state.get("services_problem"):
        st.error(state.services_problem)


def sidebar(assumptions: Assumptions) -> None:
    patterns = assumptions.patterns
    # A stale id (a pattern no longer offered) formats as None, which Streamlit reads as "not an
    # option" and resets; typed as str, what Streamlit asks of a format_func.
    label = cast("Callable[[Any], str]", {pid: p.label for pid, p in patterns.items()}.get)
    with st.sidebar:
        st.header("Review settings")
        _service_controls(assumptions.decision.counted)
        st.slider("Horizon (years)", 1, 10, key="horizon")
        low, high = HOURLY_RATE_USD
        st.number_input(
            "Loaded hourly rate (USD)", min_value=low, max_value=high, step=5.0, key="rate"
        )
        st.multiselect("Patterns shown", list(patterns), format_func=label, key="shown")
        st.selectbox("Savings measured against", list(patterns), format_func=label, key="reference")
        st.number_input(
            "Monte Carlo draws",
            min_value=PAGE_DRAWS[0],
            max_value=PAGE_DRAWS[1],
            step=1_000,
            key="draws",
        )
    st.query_params.from_dict(
        {
            "services": str(st.session_state.services),
            "horizon": str(st.session_state.horizon),
            "rate": f"{st.session_state.rate:g}",
            "show": ",".join(st.session_state.shown),
            "ref": st.session_state.reference,
            "draws": str(st.session_state.draws),
            "decision": st.session_state.get("decision_id", ""),
        }
    )


def _delta(now: float, before: float | None) -> str | None:
    if before is None or abs(now - before) < 0.5:
        return None
    return f"{'+' if now > before else '-'}{usd(abs(now - before))} vs baseline"


def key_figures(result: Estimate, baseline: Estimate | None, shown: list[str]) -> None:
    """Recommended pattern and its key figures (``KEY_FIGURES``); with a what-if, each shows its
    change against the baseline."""
    best = recommended(result, shown)
    if best is None:
        st.metric(RECOMMENDED, NO_RECOMMENDATION, help=NO_RECOMMENDATION_WHY)
        return
    st.metric(RECOMMENDED, md(result.patterns[best].pattern.label))  # the whole width
    entries = key_figure_texts(result, best)
    details = []
    for column, (entry, label, text) in zip(st.columns(len(entries)), entries, strict=True):
        delta = None
        if entry.number is not None and baseline is not None:
            delta = _delta(entry.number(result, best), entry.number(baseline, best))
        detail = entry.detail(result, best) if entry.detail else None
        colour: Literal["inverse", "normal"] = "inverse" if entry.lower_is_better else "normal"
        column.metric(md(label), text, delta, help=detail, delta_color=colour)
        if detail:
            details.append(f"{md(label)}: {md(detail)}.")
    for line in details:
        st.caption(line)


def show_calculations(result: Estimate, shown: list[str]) -> None:
    """One expander per pattern; its table is built only while it is open (a rerun opens it)."""
    st.subheader("Show calculation")
    for pid in shown:
        pattern = result.patterns[pid].pattern
        label = f"{md(pattern.label)}: line items and sources"
        with st.expander(label, key=f"calculation_{pid}", on_change="rerun") as box:
            if box.open:
                st.caption(md(pattern.summary))
                st.dataframe(line_item_rows(result, pid), hide_index=True, width="stretch")
                risks = risk_rows(result, pid)
                if risks:
                    st.caption(RISK_CAPTION)
                    st.dataframe(risks, hide_index=True, width="stretch")


def fewer_draws_note(ran: int, asked: int, services: int, noun) -> str:
    return (
        f"At {services_markdown(services, noun)} the simulation runs {ran:,} draws, not the "
        f"{asked:,} asked for: the threats' events of more would not fit in memory."
    )


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


def uncertainty(view: PageView, assumptions: Assumptions, result: Estimate, sim, shown) -> dict:
    """Loss exceedance, tornado and weighted score; returns the figures for the export."""
    st.subheader("Uncertainty and sensitivity")
    st.caption(uncertainty_line(sim.draws, sim.horizon_years))
    with st.expander("Method"):
        st.markdown(md(method_text(sim.draws, sim.horizon_years, view.seed)))
    tolerance = tolerance_at(assumptions.org, view.services)
    # each chart is drawn right under its own controls (the tornado's selector was 830 px above
    # the tornado, the score's weights 1,130 px above the score: never on one 720 px screen)
    figures: dict = {}
    labels = {pid: p.label for pid, p in assumptions.patterns.items()}
    # one pattern choice for the loss exceedance and the risk matrix beside it
    risk_kind, risk_ids = risk_controls(shown, labels)

    def points_of(guarded: bool):
        return risk_view(view.files, view.unguarded, view.services, guarded)

    def risk_matrix(inputs: FigureInputs, spec):
        read = _risk_reading(spec, inputs, risk_ids)
        return risk_section(
            risk_kind,
            risk_ids,
            points_of,
            labels,
            list(assumptions.patterns),
            view.services,
            tolerance,
            assumptions.org,
            assumptions.decision.counted,
            read,
        )

    best = recommended_id(result, shown=shown)
    counts = sweep_counts(view.services, BREAK_EVEN_POINTS, SIMULATED_UPPER)

    def simulate_pair(pair: tuple[str, str], draws: int):
        return pair_over_counts(
            view.files, view.scenario, counts, view.horizon, pair, draws, view.seed
        )

    controls = figure_controls(assumptions, view, shown, best, simulate_pair)
    inputs = FigureInputs(
        result,
        tuple(shown),
        simulation=sim,
        tolerance=tolerance,
        inherent=inherent_of(view, risk_ids),
        noun=assumptions.decision.counted,
    )
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


def loaded_files(assumptions: Assumptions, folder: Path) -> None:
    newest = max(assumptions.files, key=lambda f: f.modified)
    changed = datetime.fromtimestamp(newest.modified, UTC).strftime("%Y-%m-%d %H:%M UTC")
    st.caption(
        f"Numbers from {len(assumptions.files)} assumption files in {md(folder.name)}; "
        f"last change {changed} ({md(Path(newest.path).name)})."
    )
    with st.expander("Assumption files loaded"):
        st.dataframe(
            [
                {
                    "file": str(Path(f.path).relative_to(root_folder(folder))),
                    "sha256": f.sha256[:16],
                    "modified (UTC)": datetime.fromtimestamp(f.modified, UTC).strftime(
                        "%Y-%m-%d %H:%M:%S"
                    ),
                }
                for f in assumptions.files
            ],
            hide_index=True,
        )


def whatif_tabs(files, baseline: Assumptions, folder: Path) -> Scenario:
    """The editor and scenario tabs; returns the last valid what-if scenario."""
    state = st.session_state

    def validate(scenario: Scenario, file: str = WHATIF) -> None:
        """Raise for a scenario that does not apply; the editor's own what-if goes through the
        cache the page reads next, so a valid edit is applied once, not twice."""
        if file == WHATIF:
            whatif_assumptions(files, scenario_yaml(scenario))
        else:
            apply_scenario(files, scenario, file)

    start = state.scenario_start
    start_only = Scenario(name=start.name, overrides=start.overrides)
    try:
        start_assumptions = whatif_assumptions(files, scenario_yaml(start_only))
    except AssumptionErrors as errors:
        st.error("The loaded scenario no longer applies:\n\n" + problem_list(errors))
        start_assumptions = baseline
    edit_tab, scenario_tab = st.tabs(["What-if editor", "Scenarios"])
    with edit_tab:
        candidate = editor(baseline, start_assumptions, validate)
    if not state.whatif_problems:
        state.whatif_valid = candidate
        state.whatif_valid_changes = list(state.whatif_changes)
    valid = state.get("whatif_valid", candidate)
    with scenario_tab:
        scenario_panel(folder / "scenarios", valid, validate)
    return valid


def whatif(files, baseline: Assumptions, folder: Path) -> Scenario:
    """The what-if editor in an expander that draws its tables only while open (they are half of
    the page's elements); closed, the what-if stays where the editor left it."""
    state = st.session_state
    label = "What-if: edit assumptions, switch guardrails on, save and load scenarios"
    with st.expander(label, key="whatif_open", on_change="rerun") as box:
        if box.open:
            state.editor_drawn = True
            return whatif_tabs(files, baseline, folder)
    keep_edits()
    scenario = closed_editor(state.scenario_start)
    state.whatif_valid, state.whatif_valid_changes = scenario, list(state.whatif_changes)
    return scenario


def _sourced(change, scenario: Scenario) -> str:
    """An edit, with the file it came from when it was imported from the account."""
    where = change.where if change.where.startswith("org.") else f"patterns.{change.where}"
    source = scenario.evidence.get(where)
    return f"{change} (from the {source})" if source else str(change)


def review(
    view: PageView, assumptions: Assumptions, scenario: Scenario, shown, figures_box
) -> None:
    all_ids = list(assumptions.patterns)
    result = compute(view.files, view.scenario, view.services, view.horizon, view.reference)
    baseline = None
    if not scenario.is_empty:
        baseline = compute(view.files, "", view.services, view.horizon, view.reference)
        changes = st.session_state.get("whatif_valid_changes", [])
        guardrails = sum(map(len, scenario.guardrails.values()))
        with st.expander(
            f"What-if in effect, “{md(scenario.name)}”: {len(changes)} edits, "
            f"{guardrails} guardrails (compared with the baseline)"
        ):
            st.markdown(
                "\n".join(f"- {md(_sourced(change, scenario))}" for change in changes)
                or "No table edits."
            )
            if scenario.evidence:
                st.markdown("**From the account** (each value's source):")
                st.dataframe(
                    pd.DataFrame(scenario.evidence.items(), columns=["value", "source"]),
                    hide_index=True,
                )
            st.code(scenario_yaml(scenario), language="yaml")
    with figures_box:
        key_figures(result, baseline, shown)
    sim = simulation(
        view.files,
        view.scenario,
        view.services,
        view.horizon,
        view.reference,
        view.draws,
        view.seed,
    )
    if sim.draws < view.draws:
        st.info(fewer_draws_note(sim.draws, view.draws, view.services, view.noun))
    st.subheader("Decision matrix")
    st.caption(
        f"Requirement: {md(assumptions.decision.requirement)} "
        "★ recommended; ✗ fails the requirement or exceeds a published limit at this count (its "
        "cells carry no band mark, –), never recommended; the circles fill as the band rises "
        f"(○ Low to ● Critical). {P_CHEAPEST_MEANING} "
        "Hover a column's title for its band edges; click a column's title to sort."
    )
    org = assumptions.org
    rows = review_order(decision_matrix(result, org.bands, org.labour.hours_per_day, shown=shown))
    uncertainty = matrix_uncertainty(sim, shown)
    decision_grid(result, rows, uncertainty, sim, org, assumptions.decision.counted)
    with st.expander("The matrix as one table, with each cell's P10–P90 (for slides)"):
        st.html(matrix_html(rows, all_ids, uncertainty))
    count_matrix_section(view, assumptions, shown)
    show_calculations(result, shown)
    risk_figures = sections(view, assumptions, (result, baseline, sim), shown)
    make_context = context_maker(assumptions, scenario, view, shown, risk_figures)
    export_section(make_context, scenario, view.services)


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


def load_baseline(folder: Path) -> tuple[tuple, Assumptions]:
    """The folder as it is now; if a file is broken, its problems and the last good files."""
    files = read_folder(folder)
    try:
        baseline = load_assumptions(files)
    except AssumptionErrors as errors:
        st.error("The assumption files have problems:\n\n" + problem_list(errors))
        if "last_good" not in st.session_state:
            st.stop()
        files, read_at = st.session_state.last_good
        st.warning(
            f"The figures below are from the last good assumption files, read at "
            f"{read_at:%H:%M:%S} UTC; fix the files above and the page follows."
        )
        return files, load_assumptions(files)
    st.session_state.last_good = (files, datetime.now(UTC))
    return files, baseline


def follow_files(baseline: Assumptions) -> None:
    """Keep the sidebar within the patterns and the hourly rate of the files as they are now
    (a pattern file deleted, org.yaml edited while the page is open)."""
    state, ids = st.session_state, list(baseline.patterns)
    state.shown = [pid for pid in state.shown if pid in ids]
    if state.reference not in ids:
        state.reference = baseline.org.reference_pattern
    rate = float(baseline.org.labour.hourly_rate_usd.mean())
    if rate != state.baseline_rate:
        if state.rate == state.baseline_rate:
            state.rate = rate
        state.baseline_rate = rate


def applied(files, scenario: Scenario) -> tuple[Scenario, Assumptions]:
    """The what-if applied to the files; one that no longer applies (a file changed under it)
    is reported and the baseline shown."""
    scenario_text = "" if scenario.is_empty else scenario_yaml(scenario)
    try:
        return scenario, whatif_assumptions(files, scenario_text)
    except AssumptionErrors as errors:
        st.error(
            "The what-if no longer applies to the files; showing the baseline:\n\n"
            + problem_list(errors)
        )
        return BASELINE, whatif_assumptions(files, "")


def _sidebar_only(scenario: Scenario) -> bool:
    """True for the baseline, or an untitled what-if that only sets the sidebar's hourly rate
    (the link's ``rate`` carries that)."""
    org, labour = scenario.overrides.org, scenario.overrides.org.get("labour", {})
    return (
        scenario.name in (UNTITLED, BASELINE.name)
        and not (scenario.description or scenario.overrides.patterns or scenario.guardrails)
        and set(org) <= {"labour"}
        and set(labour) <= {"hourly_rate_usd"}
    )


def share_link(scenario: Scenario) -> None:
    """The what-if goes into the link (the sidebar's settings are there already), so a shared
    link or a reload opens the same what-if; one too long for a link says so."""
    for key in ("link_settings_note", "link_note"):  # what the link could not restore
        if st.session_state.get(key):
            st.warning(st.session_state[key])
    if _sidebar_only(scenario):
        st.query_params.pop(LINK_PARAMETER, None)
        return
    token = link_token(scenario)
    st.query_params[LINK_PARAMETER] = token or TOO_LONG
    if not token:
        st.warning(
            f"This what-if is too long for a share link (over {MAX_LINK_CHARS:,} characters "
            "packed): the link carries the settings only, so a reload or the link opens the "
            "baseline and says so. Save or download the scenario to keep it."
        )


def main() -> None:
    st.set_page_config(page_title="Access review: cost and risk", layout="wide")
    page_style()
    folder = choose_decision(assumptions_dir())
    files, baseline = load_baseline(folder)
    st.title(baseline.decision.question)
    init_state(baseline)
    init_whatif(float(baseline.org.labour.hourly_rate_usd.mean()))
    restore_from_link(files, baseline)
    restore_selection(risk_of(baseline))
    keep_scenario_fields()
    follow_files(baseline)
    take_decision_click()
    take_count_click(set_services)  # a column picked sets the count before its widgets are drawn
    sidebar(baseline)
    state, all_ids = st.session_state, list(baseline.patterns)
    shown = [pid for pid in all_ids if pid in state.shown]
    st.caption(
        f"{services_markdown(state.services, baseline.decision.counted)}, {state.horizon}-year "
        f"horizon, ${state.rate:,.0f} an "
        f"hour; savings against {md(baseline.patterns[state.reference].label)}."
    )
    figures_box = st.container()
    if baseline.decision.id == EVIDENCE_DECISION:  # the importers map onto this decision only
        evidence(files, baseline)
    scenario = whatif(files, baseline, folder)
    scenario, assumptions = applied(files, scenario)
    assumptions = within_limits(assumptions, state.services)
    share_link(scenario)
    scenario_text = "" if scenario.is_empty else scenario_yaml(scenario)
    unguarded = scenario.model_copy(update={"guardrails": {}})
    settings = page_settings(
        baseline,
        services=state.services,
        horizon=state.horizon,
        rate=state.rate,
        shown=shown or None,
        reference=state.reference,
        draws=state.draws,
    )
    unguarded_text = "" if unguarded.is_empty else scenario_yaml(unguarded)
    view = PageView(
        settings,
        files,
        scenario_text,
        unguarded_text,
        scenario.guardrails,
        baseline.decision.counted,
    )
    if not shown:
        st.warning("Choose at least one pattern to show in the sidebar.")
    else:
        review(view, assumptions, scenario, shown, figures_box)
    keep_in_link()
    loaded_files(baseline, folder)


main()
