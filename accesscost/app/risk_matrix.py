"""The page's risk matrix: each (pattern, threat) as a point of loss event frequency against loss
magnitude (or the 5x5 heat map of the same points), inherent or residual, with its table of
numbers and the selected threat's story opened in place under it.

Every number comes from ``accesscost.model.risk_matrix`` and every figure from
``accesscost.figures.matrices``; this module lays them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from accesscost.app.layout import show_reading
from accesscost.app.selection import RISK_CHART, RISK_TABLE, RISK_VIEWS, picked, write_grid
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.safe_text import plotly_text
from accesscost.core.words import services_markdown
from accesscost.export import images
from accesscost.figures.matrices import heat_map_chart, risk_matrix_chart
from accesscost.inputs.loading import Assumptions
from accesscost.model.risk_matrix import RiskPoint, beyond_tolerance, heat_map


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
    figure = _risk_figure(scope, points, mine.index(chosen) if chosen else None)
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


def _risk_figure(scope: RiskScope, points: list[RiskPoint], selected: int | None):
    """The clickable scatter of ``points`` (``selected``: the index of the chosen one)."""
    plot_labels = {pid: plotly_text(label) for pid, label in scope.labels.items()}
    return risk_matrix_chart(
        points,
        plot_labels,
        scope.all_ids,
        scope.services,
        scope.tolerance,
        view=scope.view,
        selected=selected,
        noun=scope.noun,
    )


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
    """Each pattern's number of risks, as the risk table lists them (``risk_points``): its
    threats, then its own compliance items (a shared link's risk is checked against it)."""
    return {pid: len(p.risks) + len(p.compliance) for pid, p in assumptions.patterns.items()}
