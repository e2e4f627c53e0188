"""The page's matrices: the decision matrix, the pattern x service-count matrix and the risk
matrix, each selectable, with the selected cell's story opened in place under it.

Every number comes from ``accesscost.model`` (``stories``, ``count_matrix``, ``risk_matrix``) and
every figure or styled table from ``accesscost.figures.matrices``; this module lays them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from accesscost.app.layout import show_reading
from accesscost.app.selection import (
    COUNT_GRID,
    DECISION_GRID,
    RISK_CHART,
    RISK_TABLE,
    RISK_VIEWS,
    picked,
    write_grid,
)
from accesscost.app.view import PageView
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, services_markdown, services_text
from accesscost.export import images
from accesscost.figures.matrices import (
    band_help,
    count_columns,
    count_table,
    decision_table,
    heat_map_chart,
    risk_matrix_chart,
    story_histogram,
)
from accesscost.inputs.loading import Assumptions
from accesscost.model.count_matrix import FIGURES, CountMatrix
from accesscost.model.engine import Estimate
from accesscost.model.matrix import COLUMNS, MatrixRow, usd
from accesscost.model.risk_matrix import RiskPoint, beyond_tolerance, heat_map
from accesscost.model.stories import CellStory, band_edges, cell_story, item_record

PICK_HINT = "Click a cell, or move to it with the arrow keys, to open its story here."
# Fixed widths for the pattern column and P(cheapest), so the grids read the same at any width.
PATTERN_COLUMN_PX, ODDS_COLUMN_PX = 260, 100


# --- a cell's story ----------------------------------------------------------------------------


def _items_table(items) -> pd.DataFrame:
    return pd.DataFrame([item_record(i) for i in items])


def _band_line(story: CellStory) -> str:
    value = story.bands.value
    shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return (
        f"Judged on {story.bands.measure}: {shown}, band {story.band}. Edges: "
        f"{band_help(story.bands.edges)}."
    )


def show_story(
    story: CellStory, key: str, services_note: str = "", noun: Noun | None = None
) -> None:
    """The story of one cell: figure and band, band edges, line items with sources, the
    simulated spread and, for compliance, its threats and controls. All YAML text as text;
    ``noun``: the decision's counted unit (services by default)."""
    with st.container(border=True, key=f"story_{key}"):
        st.markdown(
            f"**{md(story.pattern_label)} · {md(story.column_label)}** at "
            f"{services_markdown(story.services, noun)}{md(services_note)}: "
            f"**{md(story.figure)}**, "
            f"band **{md(story.band)}**"
        )
        if story.flag:
            st.warning(md(story.flag))
        st.caption(md(_band_line(story)))
        if story.note:
            st.caption(f"Note: {md(story.note)}")
        if story.distribution is not None:
            spread = story.distribution
            st.caption(
                f"Simulated: P10 {usd(spread.p10)}, P50 {usd(spread.p50)}, P90 {usd(spread.p90)} "
                f"(mean {usd(spread.mean)} ± {usd(spread.se)} standard error)."
            )
        total = f"{story.total_hours:,.1f} h, {usd(story.total_usd)}"
        if story.threats:  # the compliance cell: its line items are its risk events
            loss = f"{usd(story.total_usd)} a year"
            st.markdown(f"**Threats (risk events) behind it** (expected loss {md(loss)}):")
            st.dataframe(_items_table(story.threats), hide_index=True, width="stretch")
        elif story.items:
            st.markdown(f"**Line items behind it** (total {md(total)}):")
            st.dataframe(_items_table(story.items), hide_index=True, width="stretch")
        if story.controls:
            st.markdown("**Controls:**")
            rows = [
                {
                    "control": c.control,
                    "passes": "passes" if c.passes else "fails",
                    "why": c.why,
                    "source": c.source,
                }
                for c in story.controls
            ]
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if story.distribution is not None:
            figure = story_histogram(story.distribution, "Spread of the money behind this cell")
            config = images.toolbar_config(f"story-{key}-{story.services}-services")
            st.plotly_chart(figure, config=config, theme=None, key=f"story_chart_{key}")


# --- the decision matrix -----------------------------------------------------------------------


def _column_help(result: Estimate, bands, pattern_id: str) -> dict:
    """Each band column's tooltip: what it measures and its edges (hovering a band's column)."""
    config = {
        "_index": st.column_config.TextColumn(width=PATTERN_COLUMN_PX),
        "P(cheapest)": st.column_config.TextColumn(
            help="Share of simulated worlds in which the pattern has the lowest TCO",
            width=ODDS_COLUMN_PX,
        ),
    }
    for entry in COLUMNS:
        key, label = entry.key, entry.label
        edges = band_edges(result, bands, pattern_id, key, "")
        text = f"Band of {edges.measure}: {band_help(edges.edges)}"
        config[label] = st.column_config.TextColumn(help=text)
    return config


def decision_grid(result: Estimate, rows: list[MatrixRow], uncertainty, sim, org, noun) -> None:
    """The decision matrix as a selectable, sortable grid, the selected cell's story under it
    (``noun``: the decision's counted unit)."""
    state = st.session_state
    order = [row.pattern.id for row in rows]
    state.decision_order = order
    cell = state.get("cell")
    if cell and cell[0] not in order:
        cell = None
    labels = {entry.key: entry.label for entry in COLUMNS}
    write_grid(DECISION_GRID, {"cells": [[order.index(cell[0]), labels[cell[1]]]]} if cell else {})
    st.dataframe(
        decision_table(rows, uncertainty),
        key=DECISION_GRID,
        on_select="rerun",
        selection_mode="single-cell",
        column_config=_column_help(result, org.bands, order[0]),
        width="stretch",
        alt="Decision matrix: one row per access pattern, one column per criterion",
    )
    if cell is None:
        st.caption(PICK_HINT)
        return
    story = cell_story(
        result,
        org.bands,
        cell[0],
        cell[1],
        sim=sim,
        hours_per_day=org.labour.hours_per_day,
    )
    show_story(story, "decision", noun=noun)


# --- the pattern x service-count matrix --------------------------------------------------------


def count_grid(view: PageView, matrix_of, shown: list[str], labels: dict, story_of) -> None:
    """The pattern x service-count matrix: clicking a column sets the count, a cell opens its
    story. ``matrix_of(figure)`` gives the ``CountMatrix``; ``story_of(pid, count, figure)`` the
    cell's ``CellStory``; ``view.noun`` is the decision's counted unit."""
    state = st.session_state
    st.subheader("Where does the recommendation change?")
    figure = st.selectbox(
        "Figure in each cell",
        list(FIGURES),
        key="count_figure",
        format_func=lambda name: FIGURES[name][0],
    )
    matrix: CountMatrix = matrix_of(figure)
    rows = [pid for pid in matrix.pattern_ids if pid in shown]
    state.count_order = rows
    shown_matrix = _rows_of(matrix, rows)
    noun = view.noun
    st.caption(_count_caption(shown_matrix, labels, noun))
    grid = state.get("grid")
    if grid and (grid[0] not in rows or grid[1] not in matrix.counts.tolist()):
        grid = state.grid = None
    columns = count_columns(shown_matrix)
    chosen = {"cells": [[rows.index(grid[0]), columns[matrix.column(grid[1])]]]} if grid else {}
    write_grid(COUNT_GRID, chosen)
    st.dataframe(
        count_table(shown_matrix, labels),
        key=COUNT_GRID,
        on_select="rerun",
        selection_mode=["single-cell", "single-column"],
        column_config={"_index": st.column_config.TextColumn(width=PATTERN_COLUMN_PX)},
        width="stretch",
        alt=f"{matrix.label} of each pattern at each {noun.label} count",
    )
    if grid is None:
        st.caption("Click a column's title to review at that count; click a cell for its story.")
        return
    value = shown_matrix.values[rows.index(grid[0]), matrix.column(grid[1])]
    note = f", where its {matrix.label.lower()} is {_figure_text(value, figure)}"
    show_story(story_of(grid[0], grid[1], figure), "count", note, noun)


def _rows_of(matrix: CountMatrix, rows: list[str]) -> CountMatrix:
    """The matrix with only ``rows`` (the shown patterns), in that order."""
    from dataclasses import replace

    index = [matrix.pattern_ids.index(pid) for pid in rows]
    return replace(
        matrix,
        pattern_ids=tuple(rows),
        values=matrix.values[index],
        bands=matrix.bands[index],
        ruled_out=matrix.ruled_out[index],
        meets_requirement=matrix.meets_requirement[index],
    )


def _figure_text(value: float, figure: str) -> str:
    return f"{value:,.0f} h a year" if figure == "operations_hours_per_year" else usd(value)


def _count_caption(matrix: CountMatrix, labels: dict, noun: Noun) -> str:
    changes = matrix.changes()
    start = matrix.recommended[0]
    said = [f"from {services_text(1, noun)}: {labels.get(start, 'none')}"] + [
        f"from {n:,}: {labels.get(pid, 'none')}" for n, pid in changes
    ]
    stops = [
        f"{labels[p]} is ruled out by a limit from {n:,}"
        for p, n in matrix.stops_at.items()
        if n is not None and p in matrix.pattern_ids
    ]
    return md(
        "★ the recommendation at each count (lowest TCO among the patterns that meet the "
        "requirement); ⊘ ruled out by a published limit; – (no band mark): fails the "
        "requirement or a limit; ▶ the chosen count. Recommended "
        + "; ".join(said)
        + (". " + "; ".join(stops) if stops else "")
        + "."
    )


# --- the risk matrix ---------------------------------------------------------------------------


def risk_controls(shown: list[str], labels: dict) -> tuple[str, list[str]]:
    """The risk view (inherent or residual) and the patterns the loss-exceedance chart and the
    risk matrix share."""
    left, right = st.columns(2)
    view = left.radio(
        "Risk",
        RISK_VIEWS,
        key="risk_view",
        horizontal=True,
        format_func=lambda v: {
            "inherent": "Inherent (guardrails off)",
            "residual": "Residual (guardrails on)",
        }[v],
    )
    options = ["all", *shown]
    if st.session_state.get("risk_pattern") not in options:
        st.session_state.risk_pattern = "all"
    one = right.selectbox(
        "Patterns in the risk charts",
        options,
        key="risk_pattern",
        format_func=lambda p: "All shown" if p == "all" else labels[p],
    )
    return view, shown if one == "all" else [one]


def _risk_table(points: list[RiskPoint], labels: dict, tolerance) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "pattern": labels[p.pattern_id],
                "risk": p.name,
                "kind": p.kind,
                "loss events a year": round(p.lef, 5),
                "loss per event (USD)": round(p.magnitude_usd),
                "expected loss a year (USD)": round(p.ale_usd, 2),
                "beyond tolerance": "yes" if beyond_tolerance(p, tolerance) else "no",
            }
            for p in points
        ]
    )


def _risk_keys(points: list[RiskPoint]) -> list[tuple[str, int]]:
    """Each point as (pattern, n): the pattern's n-th risk."""
    seen: dict[str, int] = {}
    keys = []
    for point in points:
        keys.append((point.pattern_id, seen.get(point.pattern_id, 0)))
        seen[point.pattern_id] = keys[-1][1] + 1
    return keys


def _take_risk_clicks() -> None:
    state = st.session_state
    keys = state.get("risk_order", [])
    chart = state.get(RISK_CHART)
    points = list((chart or {}).get("selection", {}).get("points", [])) if chart else []
    seen = [p.get("customdata") for p in points]
    if seen != state.get("risk_chart_seen", []):
        state.risk_chart_seen = seen
        index = seen[0] if seen and isinstance(seen[0], int) else None
        state.risk = keys[index] if index is not None and index < len(keys) else state.risk
    new = picked(RISK_TABLE)
    if new is not None:
        rows = new["rows"]
        state.risk = keys[rows[0]] if rows and rows[0] < len(keys) else None


@dataclass(frozen=True)
class RiskScope:
    """What the risk section draws: ``view`` inherent or residual; ``pids`` the patterns chosen;
    ``points_of(guarded)`` every (pattern, risk) point; ``noun`` the decision's counted unit;
    ``read(points)`` the "how to read it" sentence of those drawn."""

    view: str
    pids: list[str]
    points_of: Callable[[bool], list[RiskPoint]]
    labels: dict[str, str]
    all_ids: list[str]
    services: int
    tolerance: Any
    org: Any
    noun: Any
    read: Callable[[list[RiskPoint]], str | None] | None = None


def _risk_chart(scope: RiskScope, points: list[RiskPoint], figure) -> None:
    """The scatter (clickable) or, as chosen, the 5x5 heat map of the same points."""
    shape = st.radio(
        "Risk matrix view",
        ("scatter", "heat map"),
        key="risk_shape",
        horizontal=True,
        format_func=lambda s: {"scatter": "Frequency x magnitude", "heat map": "5x5 heat map"}[s],
    )
    show_reading(scope.read(points) if scope.read is not None else None)
    if shape == "scatter":
        config = images.toolbar_config(f"risk-matrix-{scope.services}-services")
        st.plotly_chart(
            figure,
            config=config,
            theme=None,
            key=RISK_CHART,
            on_select="rerun",
            selection_mode="points",
        )
        return
    grid = heat_map(points, scope.org, dict(scope.labels))
    config = images.toolbar_config(f"risk-heat-map-{scope.services}-services")
    st.plotly_chart(
        heat_map_chart(grid, scope.services, scope.view, scope.noun), config=config, theme=None
    )


def risk_section(scope: RiskScope):
    """The risk matrix (or its 5x5 heat map) with its table of numbers and the selected
    threat's story. Returns the scatter figure (the export's risk matrix, as drawn)."""
    state = st.session_state
    state.setdefault("risk", None)
    _take_risk_clicks()
    every = scope.points_of(scope.view == "residual")
    points = [p for p in every if p.pattern_id in scope.pids]
    keys = _risk_keys(every)
    mine = [keys[i] for i, p in enumerate(every) if p.pattern_id in scope.pids]
    state.risk_order = mine
    chosen = state.risk if state.risk in mine else None
    plot_labels = {pid: plotly_text(label) for pid, label in scope.labels.items()}
    figure = risk_matrix_chart(
        points,
        plot_labels,
        scope.all_ids,
        scope.services,
        scope.tolerance,
        view=scope.view,
        selected=mine.index(chosen) if chosen else None,
        noun=scope.noun,
    )
    _risk_chart(scope, points, figure)
    write_grid(RISK_TABLE, {"rows": [mine.index(chosen)]} if chosen else {})
    st.dataframe(
        _risk_table(points, scope.labels, scope.tolerance),
        key=RISK_TABLE,
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        width="stretch",
    )
    if chosen is None:
        st.caption("Click a marker or a row for the threat's story.")
        return figure
    inherent = scope.points_of(False)[keys.index(chosen)]
    residual = scope.points_of(True)[keys.index(chosen)]
    label = scope.labels[chosen[0]]
    show_threat(inherent, residual, label, scope.services, scope.tolerance, scope.noun)
    return figure


def show_threat(
    inherent: RiskPoint, residual: RiskPoint, label: str, services: int, tolerance, noun
) -> None:
    with st.container(border=True, key="story_risk"):
        st.markdown(
            f"**{md(label)} · {md(inherent.name)}** ({md(inherent.kind)}) at "
            f"{services_markdown(services, noun)}"
        )
        rows = [
            {
                "view": name,
                "loss events a year": round(p.lef, 5),
                "loss per event (USD)": round(p.magnitude_usd),
                "expected loss a year (USD)": round(p.ale_usd, 2),
                "beyond tolerance": "yes" if beyond_tolerance(p, tolerance) else "no",
            }
            for name, p in (
                ("inherent (guardrails off)", inherent),
                ("residual (guardrails on)", residual),
            )
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption(
            f"Loss event frequency x loss magnitude = expected loss. Source: {md(residual.source)}"
        )


def risk_of(assumptions: Assumptions) -> dict[str, int]:
    """Each pattern's number of risks (a shared link's risk is checked against it)."""
    return {pid: len(p.compliance) for pid, p in assumptions.patterns.items()}
