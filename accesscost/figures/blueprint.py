"""A pattern's credential-flow diagram (its "blueprint") as a ``plotly.graph_objects.Figure``.

Boxes come from the pattern's YAML ``diagram`` and their places from
``accesscost.model.blueprint.layout``.
A node's kind sets its shape (actor: ellipse, bucket: cylinder, compute: rectangle, identity:
rounded rectangle, credential store: hexagon, network control: octagon) and its outline colour
(``accesscost.figures.palette.NODE_COLOURS``); the weak link is drawn thick, dashed and in the
compliance
colour of the cost charts, its label marked ⚠; hovering an edge's label gives its note. The title
is in the pattern's own chart colour. ``across`` draws left to right (a wide page or slide),
``down`` top to bottom (half a page, side by side).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import TypedDict

import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.figures.layout import pattern_label, title_pad
from accesscost.figures.palette import EDGE_COLOUR, NODE_COLOURS, RISK_COLOUR, tint
from accesscost.figures.theme import FigureDraft
from accesscost.inputs.diagram_schema import NODE_KINDS
from accesscost.inputs.schema import Pattern
from accesscost.model.blueprint import Blueprint, Route, layout
from accesscost.model.blueprint_labels import (
    ACROSS,
    DOWN,
    LabelRoom,
    LabelSpot,
    place_labels,
    to_xy,
)

INK, MUTED = "#1F2933", "#52606D"


class Geometry(TypedDict):
    half: tuple[float, float]
    pixels: int
    node_chars: int
    edge_chars: int


# Per orientation: half a box's width and height in grid units, pixels per grid row, and the
# characters a node label and an edge label wrap at.
GEOMETRY: dict[str, Geometry] = {
    ACROSS: dict(half=(0.27, 0.25), pixels=180, node_chars=16, edge_chars=11),
    DOWN: dict(half=(0.36, 0.22), pixels=175, node_chars=20, edge_chars=12),
}
RISK_WIDTH, EDGE_WIDTH = 4, 2
ARROW_TAIL = 0.12  # grid units: the arrowhead's own stretch of line, so it is always drawn
HEADER_PX, FOOTER_PX = 95, 45


@dataclass(frozen=True)
class TextSizes:
    """Type sizes in pixels of the figure's layout, and the layout width (None: the
    orientation's ``NOMINAL_WIDTH``) label sizes are estimated at. Labels wrap at fewer
    characters as the type grows."""

    node: float = 14  # text meant for the room: 14 px at least (issue 19)
    edge: float = 14
    legend: float = 14
    subtitle: float = 14
    width: float | None = None
    height: float | None = None  # the layout height it is drawn at (None: its own)
    box: float = 1.0  # node boxes this many times the orientation's size


PAGE_TEXT = TextSizes()
TITLE_CHARS, TITLE_LINE_PX = 36, 24  # a line of the 18 px title in a half-page column
# An exported image is laid out 960 px wide and drawn at 1920 px: where it fills a 13.333-inch
# slide a layout pixel is a point, so 14 px is the 14 pt a room reads.
SLIDE_TEXT = TextSizes(node=14, edge=14, legend=14, subtitle=14, width=960, height=540, box=1.1)


def wrap_chars(orientation: str, text: TextSizes, kind: str) -> int:
    """Characters a node or edge label wraps at: the page's, fewer as the type is larger (and,
    in a box, as the box is narrower on the figure)."""
    geometry = GEOMETRY[orientation]
    base = geometry["node_chars"] if kind == "node" else geometry["edge_chars"]
    chars = base * getattr(PAGE_TEXT, kind) / getattr(text, kind)
    if kind == "node":
        nominal = NOMINAL_WIDTH[orientation]
        chars *= text.box * (text.width or nominal) / nominal
    return int(chars)


def wrapped(text: str, width: int) -> str:
    """File text as plotly text, wrapped at ``width`` characters (each line escaped)."""
    lines = textwrap.wrap(text, width) or [text]
    return "<br>".join(plotly_text(line) for line in lines)


def _half(orientation: str, text: TextSizes) -> tuple[float, float]:
    width, height = GEOMETRY[orientation]["half"]
    return (width * text.box, height * text.box)


# --- node shapes ------------------------------------------------------------------------------


def _polygon(points: list[tuple[float, float]]) -> str:
    return "M " + " L ".join(f"{x:.4f},{y:.4f}" for x, y in points) + " Z"


def _rounded(left: float, bottom: float, right: float, top: float) -> str:
    r = min(right - left, top - bottom) * 0.25
    return (
        f"M {left + r},{top} L {right - r},{top} Q {right},{top} {right},{top - r} "
        f"L {right},{bottom + r} Q {right},{bottom} {right - r},{bottom} "
        f"L {left + r},{bottom} Q {left},{bottom} {left},{bottom + r} "
        f"L {left},{top - r} Q {left},{top} {left + r},{top} Z"
    )


def _cylinder(left: float, bottom: float, right: float, top: float) -> str:
    lid = (top - bottom) * 0.16
    rim, base, bulge = top - lid, bottom + lid, lid * 1.33
    body = (
        f"M {left},{rim} L {left},{base} C {left},{base - bulge} {right},{base - bulge} {right},"
        f"{base} L {right},{rim} C {right},{rim - bulge} {left},{rim - bulge} {left},{rim} Z"
    )
    return body + f" M {left},{rim} C {left},{rim + bulge} {right},{rim + bulge} {right},{rim}"


def _hexagon(left: float, bottom: float, right: float, top: float) -> str:
    cut, middle = (right - left) * 0.12, (top + bottom) / 2
    return _polygon(
        [
            (left + cut, top),
            (right - cut, top),
            (right, middle),
            (right - cut, bottom),
            (left + cut, bottom),
            (left, middle),
        ]
    )


def _octagon(left: float, bottom: float, right: float, top: float) -> str:
    cut = min(right - left, top - bottom) * 0.3
    return _polygon(
        [
            (left + cut, top),
            (right - cut, top),
            (right, top - cut),
            (right, bottom + cut),
            (right - cut, bottom),
            (left + cut, bottom),
            (left, bottom + cut),
            (left, top - cut),
        ]
    )


PATHS = {
    "identity": _rounded,
    "bucket": _cylinder,
    "credential-store": _hexagon,
    "network-control": _octagon,
}


def node_shape(kind: str, centre: tuple[float, float], half: tuple[float, float]) -> dict:
    """The layout shape of one node: its outline by kind, around ``centre``."""
    (x, y), (w, h) = centre, half
    box = (x - w, y - h, x + w, y + h)
    colour = NODE_COLOURS[kind]
    style = dict(line=dict(color=colour, width=2.5), fillcolor=tint(colour), layer="below")
    if kind == "actor":
        return dict(type="circle", x0=box[0], y0=box[1], x1=box[2], y1=box[3], **style)
    if kind in PATHS:
        return dict(type="path", path=PATHS[kind](*box), **style)
    return dict(type="rect", x0=box[0], y0=box[1], x1=box[2], y1=box[3], **style)


def _add_nodes(fig: FigureDraft, blueprint: Blueprint, orientation: str, text: TextSizes) -> None:
    half, chars = _half(orientation, text), wrap_chars(orientation, text, "node")
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
    half = _half(orientation, text)
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


# --- edge labels: each placed where it covers no box and no other label ----------------------

# A label's size is estimated in pixels on a figure of a nominal width (the narrowest it is
# usually drawn: a half-page column for ``down``), then tried at a few places along its line.
NOMINAL_WIDTH = {ACROSS: 1150, DOWN: 400}
CHAR_PX, LINE_PX, GAP_PX = 8.1, 18.5, 5  # at the page's 14 px
SHIFT = {"left": GAP_PX, "right": -GAP_PX, "center": 0, "bottom": 2, "top": -2, "middle": 0}


def annotation(spot: LabelSpot) -> dict:
    """A label spot as the keys of a plotly annotation, shifted a few pixels off its line."""
    return dict(
        x=spot.x,
        y=spot.y,
        xanchor=spot.xanchor,
        yanchor=spot.yanchor,
        xshift=SHIFT[spot.xanchor],
        yshift=SHIFT[spot.yanchor],
    )


def label_text(route: Route, orientation: str, text: TextSizes = PAGE_TEXT) -> str:
    chars = wrap_chars(orientation, text, "edge")
    if route.edge.risk:
        return f"<b>{wrapped('⚠ ' + route.edge.label, chars)}</b>"
    return wrapped(route.edge.label, chars)


def _label_size(
    text: str, scale: tuple[float, float], size: float = PAGE_TEXT.edge
) -> tuple[float, float]:
    lines = text.removeprefix("<b>").removesuffix("</b>").split("<br>")
    grow = size / PAGE_TEXT.edge
    width_px = max(len(line) for line in lines) * CHAR_PX * grow * (1.1 if "<b>" in text else 1)
    return ((width_px + GAP_PX) / scale[0], (len(lines) * LINE_PX * grow + 4) / scale[1])


class Frame:
    """The figure's extent in data units and its scale in pixels per unit, per orientation."""

    def __init__(self, blueprint: Blueprint, orientation: str, text: TextSizes = PAGE_TEXT):
        half = _half(orientation, text)
        width, depth = blueprint.columns, blueprint.rows
        if orientation == DOWN:
            width, depth = depth, width
        self.pad = (half[0] + 0.08, half[1] + 0.3)
        self.x_range = (-self.pad[0], width - 1 + self.pad[0])
        self.y_range = (-(depth - 1) - self.pad[1], self.pad[1])
        pixels_x = (text.width or NOMINAL_WIDTH[orientation]) - 20
        pixels_y: float = GEOMETRY[orientation]["pixels"]
        if text.height:  # drawn at a fixed height: the rows share what the title leaves
            pixels_y = min(
                pixels_y, (text.height - HEADER_PX - FOOTER_PX) / (depth - 1 + 2 * self.pad[1])
            )
        self.scale = (pixels_x / (self.x_range[1] - self.x_range[0]), pixels_y)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x_range[0], self.y_range[0], self.x_range[1], self.y_range[1])


def page_room(blueprint: Blueprint, orientation: str, text: TextSizes = PAGE_TEXT) -> LabelRoom:
    """The room on the figure: label sizes estimated at its nominal width."""
    frame = Frame(blueprint, orientation, text)
    labels = [label_text(route, orientation, text) for route in blueprint.routes]
    sizes = [_label_size(label, frame.scale, text.edge) for label in labels]
    return LabelRoom(sizes, _half(orientation, text), frame.bounds)


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
    weak = f"{len(blueprint.risky)} weak link(s), dashed ⚠" if blueprint.risky else "no weak link"
    # two lines of subtitle, and the title wrapped in a half-page column: at 14 px one line ran
    # off a 400 px diagram
    subtitle = f"How credentials flow · {weak}<br>hover a label for its note"
    title = f"Blueprint: {pattern_label(pattern)}"
    if orientation == DOWN:
        title = "<br>".join(textwrap.wrap(title, TITLE_CHARS, break_long_words=False))
    header = HEADER_PX + TITLE_LINE_PX * title.count("<br>")
    fig.update_layout(
        title=dict(
            text=title,
            x=0.01,
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=title_pad(title, 18, 10)),
            font=dict(size=18, color=colour),
            subtitle=dict(text=subtitle, font=dict(size=text.subtitle)),
        ),
        # font and hover labels: the default template (accesscost.figures.theme)
        legend=dict(orientation="h", yanchor="top", y=-0.01, x=0, font=dict(size=text.legend)),
        margin=dict(l=10, r=10, t=header, b=FOOTER_PX),
        dragmode=False,
    )
    _frame(fig, blueprint, orientation, text, header)
    return fig.build()
