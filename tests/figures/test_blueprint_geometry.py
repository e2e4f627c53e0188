"""A blueprint's geometry: each edge label, at its estimated size on the page's figure, is placed
where it covers no box, no other label and no other edge's line."""

from __future__ import annotations

import pytest

from accesscost.figures.blueprint_geometry import GEOMETRY, Frame, label_size, label_text, page_room
from accesscost.model.blueprint import layout
from accesscost.model.blueprint_labels import ACROSS, DOWN, covers, line_points, overlaps
from accesscost.model.blueprint_labels import place_labels as place_in


def place_labels(blueprint, orientation):
    """The labels placed in the room of the page's figure."""
    return place_in(blueprint, orientation, page_room(blueprint, orientation))


@pytest.mark.parametrize("orientation", [ACROSS, DOWN])
def test_edge_labels_cover_no_box_and_no_other_label(default_assumptions, orientation):
    for pattern in default_assumptions.patterns.values():
        blueprint = layout(pattern.diagram)
        frame = Frame(blueprint, orientation)
        (w, h) = GEOMETRY[orientation]["half"]
        boxes = []
        for placed in blueprint.nodes.values():
            x, y = (placed.column, -placed.row)
            if orientation == DOWN:
                x, y = placed.row, -placed.column
            boxes.append((x - w, y - h, x + w, y + h))
        for route, spot in zip(blueprint.routes, place_labels(blueprint, orientation), strict=True):
            size = label_size(label_text(route, orientation), frame.scale)
            label = spot.box(size)
            assert not any(overlaps(label, box) for box in boxes), (pattern.id, route.edge.label)
            boxes.append(label)


@pytest.mark.parametrize("orientation", [ACROSS, DOWN])
def test_no_edge_label_sits_on_another_edges_line(default_assumptions, orientation):
    """A label on another edge's line would seem to name that edge."""
    for pattern in default_assumptions.patterns.values():
        blueprint = layout(pattern.diagram)
        room = page_room(blueprint, orientation)
        lines = [line_points(route, orientation) for route in blueprint.routes]
        spots = place_labels(blueprint, orientation)
        for index, (route, spot) in enumerate(zip(blueprint.routes, spots, strict=True)):
            others = [point for i, line in enumerate(lines) if i != index for point in line]
            assert not covers(spot.box(room.sizes[index]), others), (pattern.id, route.edge.label)
