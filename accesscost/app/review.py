"""The review itself: the recommendation and its key figures, the what-if in effect, the
decision matrix, the show-calculation tables, the sections and the export; then the files the
numbers come from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pandas as pd
import streamlit as st

from accesscost.app.cache import (
    compute,
    simulation,
)
from accesscost.app.export import context_maker, export_section
from accesscost.app.matrices import decision_grid
from accesscost.app.sections import count_matrix_section, sections
from accesscost.app.view import PageView
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.words import services_markdown
from accesscost.figures.matrix_table import matrix_html
from accesscost.inputs.loading import Assumptions, root_folder
from accesscost.inputs.scenario import Scenario, scenario_yaml
from accesscost.model.engine import Estimate
from accesscost.model.matrix import (
    HALF_A_DOLLAR,
    P_CHEAPEST_MEANING,
    decision_matrix,
    matrix_uncertainty,
    review_order,
    usd,
)
from accesscost.text.key_figures import (
    NO_RECOMMENDATION,
    NO_RECOMMENDATION_WHY,
    RECOMMENDED,
    key_figure_texts,
    recommended,
)
from accesscost.text.report import RISK_CAPTION, line_item_rows, risk_rows


def _delta(now: float, before: float | None) -> str | None:
    if before is None or abs(now - before) < HALF_A_DOLLAR:
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


def _sourced(change, scenario: Scenario) -> str:
    """An edit, with the file it came from when it was imported from the account."""
    where = change.where if change.where.startswith("org.") else f"patterns.{change.where}"
    source = scenario.evidence.get(where)
    return f"{change} (from the {source})" if source else str(change)


def _whatif_in_effect(scenario: Scenario) -> None:
    """The what-if's edits (with the account evidence behind each), guardrails and YAML."""
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


MATRIX_CAPTION = (
    "★ recommended; ✗ fails the requirement or exceeds a published limit at this count (its "
    "cells carry no band mark, –), never recommended; the circles fill as the band rises "
    f"(○ Low to ● Critical). {P_CHEAPEST_MEANING} "
    "Hover a column's title for its band edges; click a column's title to sort."
)


def _decision_matrix(assumptions: Assumptions, result, sim, shown) -> None:
    """The interactive decision matrix, then the same as one table for slides."""
    st.subheader("Decision matrix")
    st.caption(f"Requirement: {md(assumptions.decision.requirement)} {MATRIX_CAPTION}")
    org = assumptions.org
    rows = review_order(decision_matrix(result, org.bands, org.labour.hours_per_day, shown=shown))
    uncertainty = matrix_uncertainty(sim, shown)
    decision_grid(result, rows, uncertainty, sim, org, assumptions.decision.counted)
    with st.expander("The matrix as one table, with each cell's P10–P90 (for slides)"):
        st.html(matrix_html(rows, list(assumptions.patterns), uncertainty))


def review(
    view: PageView, assumptions: Assumptions, scenario: Scenario, shown, figures_box
) -> None:
    """The key figures (into ``figures_box``, above the what-if), the matrices, the
    calculations, the sections and the export."""
    result = compute(view.files, view.scenario, view.services, view.horizon, view.reference)
    baseline = None
    if not scenario.is_empty:
        baseline = compute(view.files, "", view.services, view.horizon, view.reference)
        _whatif_in_effect(scenario)
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
    _decision_matrix(assumptions, result, sim, shown)
    count_matrix_section(view, assumptions, shown)
    show_calculations(result, shown)
    risk_figures = sections(view, assumptions, (result, baseline, sim), shown)
    make_context = context_maker(assumptions, scenario, view, shown, risk_figures)
    export_section(make_context, scenario, view.services)
