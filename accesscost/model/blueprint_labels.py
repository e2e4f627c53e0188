"""Where each edge label of a blueprint goes: the label geometry the page's figure and the deck's
slide share, in grid units (``accesscost.model.blueprint``), free of any drawing library.

``place_labels`` tries a few spots along each edge's line (its middle, then a third of the way
either side, each with a few ways of hanging the text off it) and keeps the first that stays
inside the room, covers no box and no label placed before it (risky edges first) and, where it
can, no line. The room (``LabelRoom``: each label's size, half a box, the bounds) is measured by
whoever draws: ``accesscost.figures.blueprint_geometry.page_room`` on the page's figure,
``accesscost.export.deck_blueprint`` on the slide. ``across`` lays the diagram out left to
right, ``down`` top to bottom (columns become rows).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from accesscost.model.blueprint import Blueprint, Point, Route

ACROSS, DOWN = "across", "down"


def to_xy(point: Point, orientation: str) -> tuple[float, float]:
    column, row = point
    return (column, -row) if orientation == ACROSS else (row, -column)


ALONG = (0.5, 0.3, 0.7)
ANCHORS = {
    ACROSS: (
        ("center", "bottom"),
        ("center", "top"),
        ("right", "bottom"),
        ("left", "top"),
        ("center", "middle"),
    ),
    DOWN: (("left", "middle"), ("right", "middle"), ("center", "middle")),
}


@dataclass(frozen=True)
class LabelSpot:
    """Where a label goes: a point on its line and how the text hangs off it (plotly anchors)."""

    x: float
    y: float
    xanchor: str
    yanchor: str

    def box(self, size: tuple[float, float]) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in data units for a label ``size`` (width, height) wide."""
        width, height = size
        left = {"left": self.x, "right": self.x - width, "center": self.x - width / 2}
        bottom = {"bottom": self.y, "top": self.y - height, "middle": self.y - height / 2}
        return (
            left[self.xanchor],
            bottom[self.yanchor],
            left[self.xanchor] + width,
            bottom[self.yanchor] + height,
        )


def _spots(route: Route, orientation: str) -> list[LabelSpot]:
    points = [to_xy(point, orientation) for point in route.points]
    index = (len(points) - 1) // 2
    (x0, y0), (x1, y1) = points[index], points[index + 1]
    return [
        LabelSpot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, *anchor)
        for t in ALONG
        for anchor in ANCHORS[orientation]
    ]


def _clear_spots(route: Route, orientation: str, half: tuple[float, float]) -> list[LabelSpot]:
    """Last resorts for a gap too narrow for the label: clear of the boxes' tops or bottoms
    (across), or of their sides (down), at the middle of the line."""
    x, y = to_xy(route.middle, orientation)
    if orientation == ACROSS:
        return [
            LabelSpot(x, y + half[1], "center", "bottom"),
            LabelSpot(x, y - half[1], "center", "top"),
        ]
    return [
        LabelSpot(x + half[0], y, "left", "middle"),
        LabelSpot(x - half[0], y, "right", "middle"),
    ]


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: tuple, frame: tuple) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


@dataclass(frozen=True)
class LabelRoom:
    """What label placement needs to know, in grid units: each label's (width, height), half a
    box's (width, height), and the (left, bottom, right, top) the labels must stay inside."""

    sizes: list[tuple[float, float]]
    half: tuple[float, float]
    bounds: tuple[float, float, float, float]


def line_points(route: Route, orientation: str, steps: int = 12) -> list[tuple[float, float]]:
    """Points along a route, to tell whether a label would cover the line."""
    points = [to_xy(point, orientation) for point in route.points]
    return [
        (x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps)
        for (x0, y0), (x1, y1) in itertools.pairwise(points)
        for k in range(steps + 1)
    ]


def covers(box: tuple, points: list[tuple[float, float]]) -> bool:
    return any(box[0] < x < box[2] and box[1] < y < box[3] for x, y in points)


def _node_boxes(blueprint: Blueprint, orientation: str, half: tuple[float, float]) -> list:
    boxes = []
    for placed in blueprint.nodes.values():
        x, y = to_xy((placed.column, placed.row), orientation)
        boxes.append((x - half[0], y - half[1], x + half[0], y + half[1]))
    return boxes


def place_labels(blueprint: Blueprint, orientation: str, room: LabelRoom) -> list[LabelSpot]:
    """Each route's label spot: the first of its candidates that stays inside the room and
    covers no box and no label placed before it (risky edges first) and, where it can, no line:
    better over its own line than over another's, where it would seem to label that one."""
    taken = _node_boxes(blueprint, orientation, room.half)
    lines = [line_points(route, orientation) for route in blueprint.routes]
    order = sorted(range(len(blueprint.routes)), key=lambda i: not blueprint.routes[i].edge.risk)
    spots: dict[int, LabelSpot] = {}
    for index in order:
        route, size = blueprint.routes[index], room.sizes[index]
        candidates = _spots(route, orientation) + _clear_spots(route, orientation, room.half)
        free = [
            c
            for c in candidates
            if _inside(c.box(size), room.bounds)
            and not any(overlaps(c.box(size), box) for box in taken)
        ]
        others = [point for i, line in enumerate(lines) if i != index for point in line]
        clear = [c for c in free if not covers(c.box(size), others)]
        beside = [c for c in clear if not covers(c.box(size), lines[index])]
        spots[index] = (beside or clear or free or candidates)[0]
        taken.append(spots[index].box(size))
    return [spots[index] for index in range(len(blueprint.routes))]
