"""How big a blueprint's parts are and where they go: per orientation the boxes' size, the pixels a
grid row takes and the characters a label wraps at; the type sizes of the page and of an exported
slide image (``TextSizes``); the figure's extent and scale (``Frame``); and each edge label's
estimated size, so ``accesscost.model.blueprint_labels.place_labels`` can place it where it covers
no box and no other label (``page_room``).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TypedDict

from accesscost.core.safe_text import plotly_text
from accesscost.model.blueprint import Blueprint, Route
from accesscost.model.blueprint_labels import ACROSS, DOWN, LabelRoom, LabelSpot


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


def half_box(orientation: str, text: TextSizes) -> tuple[float, float]:
    width, height = GEOMETRY[orientation]["half"]
    return (width * text.box, height * text.box)


# --- edge labels: each one's size, so it can be placed where it covers no box and no other label

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


def label_size(
    text: str, scale: tuple[float, float], size: float = PAGE_TEXT.edge
) -> tuple[float, float]:
    lines = text.removeprefix("<b>").removesuffix("</b>").split("<br>")
    grow = size / PAGE_TEXT.edge
    width_px = max(len(line) for line in lines) * CHAR_PX * grow * (1.1 if "<b>" in text else 1)
    return ((width_px + GAP_PX) / scale[0], (len(lines) * LINE_PX * grow + 4) / scale[1])


class Frame:
    """The figure's extent in data units and its scale in pixels per unit, per orientation."""

    def __init__(self, blueprint: Blueprint, orientation: str, text: TextSizes = PAGE_TEXT):
        half = half_box(orientation, text)
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
    sizes = [label_size(label, frame.scale, text.edge) for label in labels]
    return LabelRoom(sizes, half_box(orientation, text), frame.bounds)
