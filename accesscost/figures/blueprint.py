"""A pattern's credential-flow diagram (its "blueprint") as a ``plotly.graph_objects.Figure``.

Boxes come from the pattern's YAML ``diagram`` and their places from
``accesscost.model.blueprint.layout``. A node's kind sets its shape and outline colour
(``accesscost.figures.blueprint_shapes``); the weak link is drawn thick, dashed and in the
compliance colour of the cost charts, its label marked ⚠; hovering an edge's label gives its
note. The title is in the pattern's own chart colour. ``across`` draws left to right (a wide page
or slide), ``down`` top to bottom (half a page, side by side); sizes and label places are
``accesscost.figures.blueprint_geometry``'s.
"""

from __future__ import annotations

import math
import textwrap

import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.figures.blueprint_geometry import (
    FOOTER_PX,
    GEOMETRY,
    HEADER_PX,
    PAGE_TEXT,
    SLIDE_TEXT,
    TITLE_CHARS,
    TITLE_LINE_PX,
    Frame,
    TextSizes,
    annotation,
    half_box,
    label_text,
    page_room,
    wrap_chars,
    wrapped,
)
from accesscost.figures.blueprint_shapes import node_shape
from accesscost.figures.layout import pattern_label, title_pad
from accesscost.figures.palette import EDGE_COLOUR, NODE_COLOURS, RISK_COLOUR, tint
from accesscost.figures.theme import FigureDraft
from accesscost.inputs.diagram_schema import NODE_KINDS
from accesscost.inputs.schema import Pattern
from accesscost.model.blueprint import Blueprint, Route, layout
from accesscost.model.blueprint_labels import ACROSS, DOWN, LabelSpot, place_labels, to_xy

# What the page and the export take from here (the sizes, shapes and label places are the
# modules blueprint_geometry and blueprint_shapes).
__all__ = ["ACROSS", "DOWN", "SLIDE_TEXT", "blueprint_figure", "edge_caption", "edge_points"]

INK, MUTED = "#1F2933", "#52606D"


RISK_WIDTH, EDGE_WIDTH = 4, 2
ARROW_TAIL = 0.12  # grid units: the arrowhead's own stretch of line, so it is always drawn


def _add_nodes(fig: FigureDraft, blueprint: Blueprint, orientation: str, text: TextSizes) -> None:
    half, chars = half_box(orientation, text), wrap_chars(orientation, text, "node")
    centres = {}
    for node_id, placed in blueprint.nodes.items():
        centre = to_xy((placed.column, placed.row), orientation)
        centres[node_id] = centre
        fig.add_shape(node_shape(placed.node.kind, centre, half), name=f"node:{node_id}")
        fig.add_annotation(
            x=centre[0],
            y=centre[1],
            text=wrapped(placed.node.label, chars),
            showarrow=False,
            font=dict(size=text.node, color=INK),
            name=f"node:{node_id}",
        )
    nodes = [placed.node for placed in blueprint.nodes.values()]
    fig.add_trace(
        go.Scatter(
            x=[centres[n.id][0] for n in nodes],
            y=[centres[n.id][1] for n in nodes],
            mode="markers",
            marker=dict(size=40, opacity=0),
            name="nodes",
            customdata=[n.id for n in nodes],
            text=[f"{plotly_text(n.label)}<br><i>{n.kind.replace('-', ' ')}</i>" for n in nodes],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )


# --- edges ------------------------------------------------------------------------------------


def _clipped(start: tuple, towards: tuple, half: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from a box's centre ``start`` to ``towards`` leaves the box."""
    dx, dy = towards[0] - start[0], towards[1] - start[1]
    scale = min(half[0] / abs(dx) if dx else math.inf, half[1] / abs(dy) if dy else math.inf)
    return (start[0] + dx * scale, start[1] + dy * scale)


def edge_points(
    route: Route, orientation: str, text: TextSizes = PAGE_TEXT
) -> list[tuple[float, float]]:
    """The route in figure coordinates, cut at the edges of its two boxes."""
    points = [to_xy(point, orientation) for point in route.points]
    half = half_box(orientation, text)
    points[0] = _clipped(points[0], points[1], half)
    points[-1] = _clipped(points[-1], points[-2], half)
    return points


def _edge_style(route: Route) -> dict:
    if route.edge.risk:
        return dict(color=RISK_COLOUR, width=RISK_WIDTH, dash="dash")
    return dict(color=EDGE_COLOUR, width=EDGE_WIDTH, dash="solid")


def edge_caption(route: Route, blueprint: Blueprint) -> str:
    """``From → To: label``, in the nodes' own words."""
    source = blueprint.nodes[route.edge.source].node.label
    target = blueprint.nodes[route.edge.target].node.label
    return f"{source} → {target}: {route.edge.label}"


def _add_edge(fig: FigureDraft, route: Route, orientation: str, text: TextSizes) -> None:
    points, style = edge_points(route, orientation, text), _edge_style(route)
    fig.add_trace(
        go.Scatter(
            x=[x for x, _ in points],
            y=[y for _, y in points],
            mode="lines",
            line=style,
            name=f"{route.edge.source} → {route.edge.target}",
            hoverinfo="skip",
            showlegend=False,
        )
    )
    (x0, y0), (x1, y1) = points[-2], points[-1]
    back = min(ARROW_TAIL / math.hypot(x1 - x0, y1 - y0), 0.5)
    fig.add_annotation(
        x=x1,
        y=y1,
        ax=x1 - (x1 - x0) * back,
        ay=y1 - (y1 - y0) * back,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text="",
        showarrow=True,
        arrowhead=2,
        arrowsize=2.2 / style["width"] + 0.3,
        arrowwidth=style["width"],
        arrowcolor=style["color"],
        name="arrowhead",
    )


# --- edge labels ------------------------------------------------------------------------------


def _edge_label(route: Route, spot: LabelSpot, orientation: str, text: TextSizes) -> dict:
    colour = RISK_COLOUR if route.edge.risk else MUTED
    return dict(
        text=label_text(route, orientation, text),
        showarrow=False,
        font=dict(size=text.edge, color=colour),
        bgcolor="rgba(255,255,255,0.88)",
        borderpad=2,
        name=f"edge:{route.edge.source}>{route.edge.target}",
        **annotation(spot),
    )


def _add_edge_notes(fig: FigureDraft, blueprint: Blueprint, spots: list[LabelSpot]) -> None:
    """Invisible markers on the edge labels: hovering one gives the edge and its note."""
    notes = [
        plotly_text(edge_caption(route, blueprint))
        + (f"<br>⚠ {wrapped(route.edge.note, 60)}" if route.edge.risk else "")
        for route in blueprint.routes
    ]
    fig.add_trace(
        go.Scatter(
            x=[spot.x for spot in spots],
            y=[spot.y for spot in spots],
            mode="markers",
            marker=dict(size=24, opacity=0),
            name="edge notes",
            text=notes,
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        )
    )


# --- the figure -------------------------------------------------------------------------------


def _add_key(fig: FigureDraft, blueprint: Blueprint) -> None:
    """Legend entries: each node kind drawn, and the weak link when there is one."""
    kinds = {placed.node.kind for placed in blueprint.nodes.values()}
    for kind in (k for k in NODE_KINDS if k in kinds):
        colour = NODE_COLOURS[kind]
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=kind.replace("-", " "),
                marker=dict(
                    symbol="square", size=14, color=tint(colour), line=dict(color=colour, width=2.5)
                ),
            )
        )
    if blueprint.risky:
        line = dict(color=RISK_COLOUR, width=RISK_WIDTH, dash="dash")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name="⚠ weak link", line=line))


def _frame(
    fig: FigureDraft, blueprint: Blueprint, orientation: str, text: TextSizes, header: int
) -> None:
    frame = Frame(blueprint, orientation, text)
    fig.update_xaxes(range=list(frame.x_range), visible=False, fixedrange=True)
    fig.update_yaxes(range=list(frame.y_range), visible=False, fixedrange=True)
    pixels = GEOMETRY[orientation]["pixels"] * (frame.y_range[1] - frame.y_range[0])
    fig.update_layout(height=round(pixels + header + FOOTER_PX))


def blueprint_figure(
    pattern: Pattern, colour: str, orientation: str = ACROSS, text: TextSizes = PAGE_TEXT
) -> go.Figure:
    """The pattern's diagram: boxes by kind, arrows with labels, the weak link dashed and marked;
    ``text`` the type sizes (``SLIDE_TEXT`` for an exported image)."""
    if orientation not in GEOMETRY:
        raise ValueError(f"orientation: expected one of {', '.join(GEOMETRY)}, got {orientation!r}")
    if pattern.diagram is None:
        raise ValueError(f"pattern {pattern.id!r} has no diagram to draw")
    blueprint = layout(pattern.diagram)
    fig = FigureDraft()
    for route in blueprint.routes:
        _add_edge(fig, route, orientation, text)
    _add_nodes(fig, blueprint, orientation, text)
    spots = place_labels(blueprint, orientation, page_room(blueprint, orientation, text))
    for route, spot in zip(blueprint.routes, spots, strict=True):
        fig.add_annotation(_edge_label(route, spot, orientation, text))
    _add_edge_notes(fig, blueprint, spots)
    _add_key(fig, blueprint)
    title = _title(pattern, blueprint, colour, orientation, text)
    header = HEADER_PX + TITLE_LINE_PX * title["text"].count("<br>")
    fig.update_layout(
        title=title,
        # font and hover labels: the default template (accesscost.figures.theme)
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, font=dict(size=text.legend)),
        margin=dict(l=10, r=10, t=header, b=FOOTER_PX),
        dragmode=False,
    )
    _frame(fig, blueprint, orientation, text, header)
    return fig.build()


def _title(
    pattern: Pattern, blueprint: Blueprint, colour: str, orientation: str, text: TextSizes
) -> dict:
    """The title in the pattern's colour, hung from the top, and a two-line subtitle (how many
    weak links; hover for notes); ``down``, the title wraps in a half-page column: at 14 px one
    line ran off a 400 px diagram."""
    weak = f"{len(blueprint.risky)} weak link(s), dashed ⚠" if blueprint.risky else "no weak link"
    title = f"Blueprint: {pattern_label(pattern)}"
    if orientation == DOWN:
        title = "<br>".join(textwrap.wrap(title, TITLE_CHARS, break_long_words=False))
    return dict(
        text=title,
        x=0.01,
        xanchor="left",
        y=1,
        yref="container",
        yanchor="top",
        pad=dict(t=title_pad(title, 18, 10)),
        font=dict(size=18, color=colour),
        subtitle=dict(
            text=f"How credentials flow · {weak}<br>hover a label for its note",
            font=dict(size=text.subtitle),
        ),
    )
