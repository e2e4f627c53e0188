"""The Blueprints section of the page: one pattern's credential-flow diagram, or two side by side.

The diagrams come from the patterns' YAML files (``diagram:``); the patterns offered are the ones
shown in the sidebar. Each diagram has its weak links and their notes written out under it, and
the pattern's key figures at the page's service count.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from accesscost.core.safe_text import markdown_literal as md
from accesscost.figures.blueprint import ACROSS, DOWN, blueprint_figure, edge_caption
from accesscost.figures.palette import pattern_colours
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Pattern
from accesscost.model.blueprint import layout
from accesscost.model.engine import Estimate
from accesscost.model.matrix import recommended_id
from accesscost.text.report import pattern_key_figures

ALONE = ""  # the "side by side with" choice that shows one diagram


def weak_links_markdown(assumptions: Assumptions, pattern_id: str) -> str:
    """The diagram's risky edges and their notes, one Markdown line each."""
    diagram = assumptions.patterns[pattern_id].diagram
    if diagram is None:  # only patterns with a diagram are drawn; this says so if one is not
        return "This pattern has no diagram."
    blueprint = layout(diagram)
    if not blueprint.risky:
        return "No weak link is marked in this pattern's diagram."
    return "\n".join(
        f"- ⚠ **{md(edge_caption(route, blueprint))}**: {md(route.edge.note)}"
        for route in blueprint.risky
    )


def figures_caption(result: Estimate, pattern_id: str) -> str:
    figures = pattern_key_figures(result, pattern_id)
    return " · ".join(f"{md(label)}: {md(value)}" for label, value in figures)


@st.cache_resource(
    show_spinner=False,
    max_entries=64,
    hash_funcs={Pattern: lambda pattern: pattern.model_dump_json()},
)
def cached_figure(pattern: Pattern, colour: str, orientation: str) -> go.Figure:
    """The diagram's figure, which no service count changes: built once, shared, never mutated
    (``st.plotly_chart`` serialises a copy)."""
    return blueprint_figure(pattern, colour, orientation)


def show_blueprint(assumptions: Assumptions, result: Estimate, pattern_id: str, orientation: str):
    colour = pattern_colours(list(assumptions.patterns))[pattern_id]
    figure = cached_figure(assumptions.patterns[pattern_id], colour, orientation)
    st.plotly_chart(
        figure,
        config={"displayModeBar": False},
        theme=None,
        key=f"blueprint_chart_{orientation}_{pattern_id}",
    )
    st.caption(figures_caption(result, pattern_id))
    st.markdown(weak_links_markdown(assumptions, pattern_id))


def _valid_choice(key: str, options: list[str], default: str) -> None:
    """Start a choice at ``default``, and return it there when its pattern is no longer offered
    (hidden in the sidebar), so the page never draws a pattern it does not show."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def _choices(assumptions: Assumptions, result: Estimate, drawable: list[str]) -> tuple[str, str]:
    label = {pid: assumptions.patterns[pid].label for pid in drawable}
    best = recommended_id(result, shown=drawable)
    _valid_choice("blueprint_left", drawable, best if best in drawable else drawable[0])
    columns = st.columns(2)
    first = columns[0].selectbox(
        "Blueprint of", drawable, format_func=label.__getitem__, key="blueprint_left"
    )
    others = [ALONE, *(pid for pid in drawable if pid != first)]
    _valid_choice(
        "blueprint_right", others, result.reference_id if result.reference_id in others else ALONE
    )
    second = columns[1].selectbox(
        "side by side with",
        others,
        format_func=lambda pid: label.get(pid, "none: one diagram"),
        key="blueprint_right",
    )
    return first, second


def blueprint_section(assumptions: Assumptions, result: Estimate, shown: list[str]) -> None:
    st.subheader("Blueprints")
    st.caption(
        "How each pattern's credentials flow, from the diagram in its YAML file; the weak "
        "link is dashed and marked ⚠ (hover its label for the note)."
    )
    drawable = [pid for pid in shown if assumptions.patterns[pid].diagram is not None]
    missing = [pid for pid in shown if pid not in drawable]
    if missing:
        names = ", ".join(f"`patterns/{pid}.yaml`" for pid in missing)
        st.info(f"No diagram in {names}: add a `diagram:` with nodes and edges to draw one.")
    if not drawable:
        return
    first, second = _choices(assumptions, result, drawable)
    if second == ALONE:
        show_blueprint(assumptions, result, first, ACROSS)
        return
    for column, pattern_id in zip(st.columns(2), (first, second), strict=True):
        with column:
            show_blueprint(assumptions, result, pattern_id, DOWN)
