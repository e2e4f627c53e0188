"""Blueprint slides: one per shown pattern that has a diagram, drawn with native PowerPoint shapes.

Each node is an autoshape named by its node id (actor: oval, bucket: can, compute: rectangle,
identity: rounded rectangle, credential store: hexagon, network control: octagon), outlined in the
kind's colour as on the page; each edge is a connector glued to its two boxes (so moving a box in
PowerPoint drags its arrows), or, where an edge crosses columns, a freeform line through its own
waypoints; each is named ``edge:<from>><to>``. The weak link is thick, dashed and in the
compliance colour, its label marked ⚠, and its note written under the diagram. The pattern's key
figures at the deck's service count sit in a panel on the right. Edge labels go where
``accesscost.model.blueprint_labels.place_labels`` puts them (as on the page), measured on the
slide, on a translucent white ground.

python-pptx glues a connector only to the first four sites of a shape, so the glue is written with
its ``_connect_begin_to``/``_connect_end_to`` and the arrowhead as an ``a:tailEnd`` element.
"""

from __future__ import annotations

import math

from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from accesscost.export.context import ExportContext
from accesscost.export.slide_text import (
    BOLD_WIDTH,
    CHAR_WIDTH_EM,
    FLAG,
    INK,
    LINE_HEIGHT,
    MARGIN,
    MUTED,
    PANEL_FILL,
    Paragraph,
    Run,
    fit,
    new_slide,
    rgb,
    text_box,
    text_lines,
    write_paragraphs,
)
from accesscost.figures.blueprint import edge_caption
from accesscost.figures.palette import EDGE_COLOUR, NODE_COLOURS, RISK_COLOUR, pattern_colours, tint
from accesscost.model.blueprint import Blueprint, Point, Route
from accesscost.model.blueprint_labels import ACROSS, LabelRoom, LabelSpot, place_labels
from accesscost.text.report import pattern_key_figures

AREA = (MARGIN, 1.25, 9.35, 4.55)  # left, top, width, height of the diagram, inches
NOTES_TOP, NOTES_BOTTOM = 5.95, 7.2
PANEL = (10.05, 1.25, 2.9, 5.9)
MAX_ROW_PITCH = 2.0
SHAPES = {
    "actor": MSO_SHAPE.OVAL,
    "bucket": MSO_SHAPE.CAN,
    "compute": MSO_SHAPE.RECTANGLE,
    "identity": MSO_SHAPE.ROUNDED_RECTANGLE,
    "credential-store": MSO_SHAPE.HEXAGON,
    "network-control": MSO_SHAPE.OCTAGON,
}
# Shapes whose text area is narrower than their box get a smaller font.
SHORT_LABEL = 24  # characters of a node label that fit its box at 10.5 pt (longer: 9 pt)
STRAIGHT_ROUTE = 2  # a route of two points is one straight connector
NARROW_TEXT = {"actor": 0.92, "credential-store": 0.88, "network-control": 0.92}
# Connection sites of each preset shape as fractions of its box, in the preset's own order (the
# order PowerPoint and LibreOffice glue a connector's ``idx`` to), checked by rendering each one.
_FOUR = ((0.5, 0.0), (0.0, 0.5), (0.5, 1.0), (1.0, 0.5))
_DIAGONAL = 0.146  # where a 45-degree ray leaves an ellipse, as a fraction of its box
SITES = {
    "actor": (
        (0.5, 0),
        (_DIAGONAL, _DIAGONAL),
        (0, 0.5),
        (_DIAGONAL, 1 - _DIAGONAL),
        (0.5, 1),
        (1 - _DIAGONAL, 1 - _DIAGONAL),
        (1, 0.5),
        (1 - _DIAGONAL, _DIAGONAL),
    ),
    "bucket": _FOUR,
    "compute": _FOUR,
    "identity": _FOUR,
    "credential-store": ((1, 0.5), (0.88, 1), (0.12, 1), (0, 0.5), (0.12, 0), (0.88, 0)),
    "network-control": (
        (1, 0.3),
        (1, 0.7),
        (0.8, 1),
        (0.2, 1),
        (0, 0.7),
        (0, 0.3),
        (0.2, 0),
        (0.8, 0),
    ),
}


class Grid:
    """Grid units (column, row) to slide inches, sized so the diagram fills the area."""

    def __init__(self, blueprint: Blueprint):
        left, top, width, height = AREA
        self.column_pitch = width / blueprint.columns
        self.row_pitch = min(height / blueprint.rows, MAX_ROW_PITCH)
        self.box = (min(self.column_pitch * 0.52, 1.6), min(self.row_pitch * 0.5, 0.85))
        self.origin = (left, top + (height - self.row_pitch * blueprint.rows) / 2)

    def centre(self, point: Point) -> tuple[float, float]:
        column, row = point
        return (
            self.origin[0] + self.column_pitch * (column + 0.5),
            self.origin[1] + self.row_pitch * (row + 0.5),
        )

    def box_of(self, point: Point) -> tuple[float, float, float, float]:
        (x, y), (w, h) = self.centre(point), self.box
        return (x - w / 2, y - h / 2, w, h)


def _add_node(slide, grid: Grid, placed) -> object:
    node = placed.node
    shape = slide.shapes.add_shape(
        SHAPES[node.kind], *(Inches(v) for v in grid.box_of((placed.column, placed.row)))
    )
    shape.name = node.id
    colour = NODE_COLOURS[node.kind]
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(tint(colour))
    shape.line.color.rgb = rgb(colour)
    shape.line.width = Pt(2.25)
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.margin_left = frame.margin_right = Inches(0.04)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    size = (10.5 if len(node.label) <= SHORT_LABEL else 9) * NARROW_TEXT.get(node.kind, 1.0)
    write_paragraphs(frame, [(Run(node.label, size, False, INK),)], PP_ALIGN.CENTER)
    return shape


def _site(shape, kind: str, towards: tuple[float, float]) -> tuple[int, tuple[float, float]]:
    """The connection site of ``shape`` nearest to ``towards`` (inches): its index and place."""
    left, top = shape.left.inches, shape.top.inches
    width, height = shape.width.inches, shape.height.inches
    places = [(left + fx * width, top + fy * height) for fx, fy in SITES[kind]]
    index = min(range(len(places)), key=lambda i: math.dist(places[i], towards))
    return index, places[index]


def _style_line(line, risky: bool) -> None:
    line.color.rgb = rgb(RISK_COLOUR if risky else EDGE_COLOUR)
    line.width = Pt(3.5 if risky else 1.75)
    if risky:
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    tail = OxmlElement("a:tailEnd")
    tail.set("type", "triangle")
    tail.set("w", "med")
    tail.set("len", "med")
    line._get_or_add_ln().append(tail)


def _connector(slide, route: Route, shapes: dict, kinds: dict, grid: Grid):
    """A straight connector glued to the connection sites that face each other."""
    source, target = route.edge.source, route.edge.target
    begin_index, begin = _site(shapes[source], kinds[source], grid.centre(route.points[-1]))
    end_index, end = _site(shapes[target], kinds[target], grid.centre(route.points[0]))
    connector = slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Inches(begin[0]), Inches(begin[1]), Inches(end[0]), Inches(end[1])
    )
    connector._connect_begin_to(shapes[source], begin_index)
    connector._connect_end_to(shapes[target], end_index)
    return connector


def _polyline(slide, route: Route, shapes: dict, kinds: dict, grid: Grid):
    """A freeform line through the route's waypoints, for an edge that crosses columns."""
    source, target = route.edge.source, route.edge.target
    inner = [grid.centre(point) for point in route.points[1:-1]]
    _, begin = _site(shapes[source], kinds[source], inner[0])
    _, end = _site(shapes[target], kinds[target], inner[-1])
    points = [begin, *inner, end]
    builder = slide.shapes.build_freeform(Inches(points[0][0]), Inches(points[0][1]), scale=1.0)
    builder.add_line_segments([(Inches(x), Inches(y)) for x, y in points[1:]], close=False)
    shape = builder.convert_to_shape()
    shape.fill.background()
    return shape


def _add_edge(slide, route: Route, shapes: dict, kinds: dict, grid: Grid) -> None:
    draw = _connector if len(route.points) == STRAIGHT_ROUTE else _polyline
    line_shape = draw(slide, route, shapes, kinds, grid)
    line_shape.name = f"edge:{route.edge.source}>{route.edge.target}"
    _style_line(line_shape.line, route.edge.risk)


LABEL_PT, LABEL_GAP = 8.5, 0.03  # inches between a label and the point on its line
ALIGN = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}


def _label_box(spot: LabelSpot, grid: Grid, size: tuple[float, float]) -> tuple:
    """The label's text box (left, top, width, height) in inches, hung off its spot as on the
    page: ``accesscost.model.blueprint_labels.place_labels`` keeps labels off boxes and off each
    other."""
    x, y = grid.centre((spot.x, -spot.y))
    width, height = size
    left = {"center": x - width / 2, "left": x + LABEL_GAP, "right": x - width - LABEL_GAP}
    top = {"bottom": y - height - LABEL_GAP, "top": y + LABEL_GAP, "middle": y - height / 2}
    return (left[spot.xanchor], top[spot.yanchor], width, height)


def _translucent_white(shape, opacity: int = 85) -> None:
    """A white ground (``opacity`` percent) that keeps a label legible where a line passes."""
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb("FFFFFF")
    alpha = OxmlElement("a:alpha")
    alpha.set("val", str(opacity * 1000))
    shape.fill._xPr.find(qn("a:solidFill"))[0].append(alpha)


def _label_size(route: Route, grid: Grid) -> tuple[float, float]:
    """A label's text box (width, height) in inches: as wide as its text, at most the gap
    between two columns' boxes."""
    text = _label_text(route)
    widest = grid.column_pitch - grid.box[0] + 0.1
    one_line = len(text) * CHAR_WIDTH_EM * (BOLD_WIDTH if route.edge.risk else 1)
    width = min(widest, one_line * LABEL_PT / 72 + 0.08)
    lines = text_lines(text, width - 0.04, LABEL_PT, bold=route.edge.risk)
    return (width, lines * LABEL_PT * LINE_HEIGHT / 72 + 0.02)


def _label_text(route: Route) -> str:
    return f"⚠ {route.edge.label}" if route.edge.risk else route.edge.label


def _edge_label(slide, route: Route, spot: LabelSpot, grid: Grid) -> None:
    risky = route.edge.risk
    run = Run(_label_text(route), LABEL_PT, risky, RISK_COLOUR.lstrip("#") if risky else MUTED)
    box = _label_box(spot, grid, _label_size(route, grid))
    shape = text_box(slide, box, [(run,)], ALIGN[spot.xanchor])
    frame = shape.text_frame
    frame.margin_top = frame.margin_bottom = Emu(0)
    frame.margin_left = frame.margin_right = Inches(0.02)
    _translucent_white(shape)
    shape.name = f"label:{route.edge.source}>{route.edge.target}"


def _label_room(blueprint: Blueprint, grid: Grid) -> LabelRoom:
    """The slide's room for labels in grid units: label and box sizes, the diagram area."""
    across, down = grid.column_pitch, grid.row_pitch
    gap = LABEL_GAP * 2
    sizes = [
        ((width + gap) / across, (height + gap) / down)
        for width, height in (_label_size(route, grid) for route in blueprint.routes)
    ]
    half = (grid.box[0] / 2 / across, grid.box[1] / 2 / down)
    left, top, width, height = AREA
    x0, y0 = grid.origin
    columns = ((left - x0) / across - 0.5, (left + width - x0) / across - 0.5)
    rows = ((top - y0) / down - 0.5, (top + height - y0) / down - 0.5)
    return LabelRoom(sizes, half, (columns[0], -rows[1], columns[1], -rows[0]))


def _weak_links(slide, blueprint: Blueprint) -> None:
    if not blueprint.risky:
        paragraphs = [(Run("No weak link is marked in this pattern's diagram.", 11, False, MUTED),)]
    else:

        def build(scale: float):
            return [
                (
                    Run(f"⚠ {edge_caption(route, blueprint)}: ", 11 * scale, True, FLAG),
                    Run(route.edge.note, 11 * scale),
                )
                for route in blueprint.risky
            ]

        paragraphs = fit(build, [AREA[2]], NOTES_BOTTOM - NOTES_TOP)
    box = text_box(slide, (MARGIN, NOTES_TOP, AREA[2], NOTES_BOTTOM - NOTES_TOP), paragraphs)
    box.name = "weak links"


def _panel(slide, context: ExportContext, pattern_id: str) -> None:
    pattern = context.assumptions.patterns[pattern_id]
    paragraphs: list[Paragraph] = [(Run(f"Key figures at {context.count_text}", 14, True),)]
    for label, value in pattern_key_figures(context.result, pattern_id):
        paragraphs += [(Run(label, 10.5, False, MUTED),), (Run(value, 17, True),)]
    if pattern.meets_requirement:
        paragraphs.append((Run("✓ Meets the requirement", 11, True, "0B3D2E"),))
    else:
        paragraphs.append(
            (
                Run("✗ Does not meet the requirement: ", 10, True, FLAG),
                Run(pattern.requirement_gap or "", 10),
            )
        )
    posture = pattern.security_posture
    paragraphs.append(
        (Run(f"Security posture: {posture.rating}. ", 10, True), Run(posture.note, 10))
    )
    panel = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Inches(v) for v in PANEL))
    panel.name = "key figures"
    panel.fill.solid()
    panel.fill.fore_color.rgb = rgb(PANEL_FILL)
    panel.line.color.rgb = rgb(pattern_colours(context.all_ids)[pattern_id])
    panel.line.width = Pt(2.5)
    panel.shadow.inherit = False
    panel.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    write_paragraphs(panel.text_frame, paragraphs)


def blueprint_title(context: ExportContext, pattern_id: str) -> str:
    return f"Blueprint: {context.assumptions.patterns[pattern_id].label}"


def blueprint_slide(prs, context: ExportContext, pattern_id: str) -> None:
    """One pattern's diagram as native shapes, its weak links and its key figures."""
    slide = new_slide(prs, blueprint_title(context, pattern_id))
    blueprint = context.blueprints[pattern_id]
    grid = Grid(blueprint)
    shapes = {node_id: _add_node(slide, grid, p) for node_id, p in blueprint.nodes.items()}
    kinds = {node_id: p.node.kind for node_id, p in blueprint.nodes.items()}
    for route in blueprint.routes:
        _add_edge(slide, route, shapes, kinds, grid)
    spots = place_labels(blueprint, ACROSS, _label_room(blueprint, grid))
    for route, spot in zip(blueprint.routes, spots, strict=True):
        _edge_label(slide, route, spot, grid)
    _weak_links(slide, blueprint)
    _panel(slide, context, pattern_id)


def blueprint_slides(prs, context: ExportContext) -> None:
    for pattern_id in context.blueprints:
        blueprint_slide(prs, context, pattern_id)
