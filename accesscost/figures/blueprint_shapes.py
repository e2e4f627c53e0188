"""A blueprint node's outline by its kind: actor an ellipse, bucket a cylinder, compute a
rectangle, identity a rounded rectangle, credential store a hexagon, network control an octagon;
each in its kind's colour (``accesscost.figures.palette.NODE_COLOURS``), filled with a tint of it.
"""

from __future__ import annotations

from accesscost.figures.palette import NODE_COLOURS, tint


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
