"""The annual cost against the number of services: each pattern's line over a sweep of counts,
the chosen count, where two lines cross (a diamond, and a label that names the pair) and where a
pattern passes a published limit (a cross)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, plural
from accesscost.figures.layout import MONEY_AXIS, count_text, slide_figure, vertical_line
from accesscost.figures.pattern_traces import curves, pattern_letter, pattern_name
from accesscost.model.engine import Estimate
from accesscost.model.timeline import Crossover, crossovers


def _annual(estimate: Estimate, pid: str) -> np.ndarray:
    return estimate.patterns[pid].annual_usd


def cost_vs_services(
    sweep: Estimate,
    pattern_ids: list[str],
    chosen_services: int,
    all_ids: list[str],
    baseline: Estimate | None = None,
    limit_ends: dict | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """Annual cost against service count per pattern, the chosen count and the crossovers.

    With ``baseline`` (a sweep over the same counts), the baseline curves are drawn dashed.
    ``limit_ends`` (pattern id -> ``accesscost.model.limits.LimitEnd``) marks with a cross where
    a pattern stops being valid: the first count above one of its published limits. ``noun`` is
    the decision's counted unit (services by default).
    """
    many = plotly_text(plural(noun))
    hover = "%{x} " + many + ": $%{y:,.0f}/yr<extra>%{fullData.name}</extra>"
    traces = curves(sweep.services, _annual, (sweep, baseline), pattern_ids, all_ids, hover)
    traces += _crossover_markers(sweep, pattern_ids, noun)
    traces += _limit_markers(sweep, pattern_ids, limit_ends or {})
    upper = float(sweep.services[-1])
    # near the left edge the label goes right of the line, not off the axis
    side = "left" if chosen_services < 0.2 * upper else "right"
    chosen = vertical_line(
        chosen_services, "#52606D", count_text(chosen_services, noun), label_side=side
    )
    title = f"Annual cost by number of {many}"
    x_title, y_title = f"Number of {many}", "Annual cost (USD per year)"
    # the axis starts at 0: the autorange padded it to about -40 at 1 and 14 services
    xaxis = dict(range=[0, upper])
    # the crossovers' labels first: the deck names a vertical line by the last label at its x
    chosen["annotations"] = crossover_labels(sweep, pattern_ids) + chosen["annotations"]
    return slide_figure(traces, title, x_title, y_title, xaxis=xaxis, yaxis=MONEY_AXIS, **chosen)


def _limit_markers(sweep: Estimate, pattern_ids: list[str], ends: dict) -> list[go.Scatter]:
    """A cross on each pattern's curve at the first count above one of its limits."""
    shown = [pid for pid in pattern_ids if pid in ends]
    if not shown:
        return []
    counts = np.asarray(sweep.services)
    at = [int(np.searchsorted(counts, ends[pid].count)) for pid in shown]
    return [
        go.Scatter(
            x=[ends[pid].count for pid in shown],
            y=[
                float(sweep.patterns[pid].annual_usd[min(i, counts.size - 1)])
                for pid, i in zip(shown, at, strict=True)
            ],
            name="Limit exceeded",
            mode="markers",
            marker=dict(symbol="x", size=13, color="#B42318", line=dict(color="white", width=1)),
            text=[ends[pid].text(plotly_text(sweep.patterns[pid].pattern.name)) for pid in shown],
            hovertemplate="%{text}<extra></extra>",
        )
    ]


def _crossover_markers(
    sweep: Estimate, pattern_ids: list[str], noun: Noun | None = None
) -> list[go.Scatter]:
    """A diamond where two cost lines cross, its sentence in the hover (its label is an
    annotation: ``crossover_labels``)."""
    points = crossovers(sweep, pattern_ids)
    if not points:
        return []
    text = [
        f"{pattern_name(sweep, p.cheaper_above)} is cheaper from {count_text(p.services, noun)} "
        f"than {pattern_name(sweep, p.second if p.cheaper_above == p.first else p.first)}"
        for p in points
    ]
    return [
        go.Scatter(
            x=[p.services for p in points],
            y=[p.annual_usd for p in points],
            name="Crossover",
            mode="markers",
            marker=dict(
                symbol="diamond", size=12, color="#1F2933", line=dict(color="white", width=1)
            ),
            customdata=text,
            hovertemplate="%{customdata}<extra></extra>",
        )
    ]


# A crossover's label ("D and F cross") is an annotation whose arrow points at the diamond: the
# crossovers of the committed decisions sit a few services and a few per cent of the money axis
# from zero, where labels beside the diamonds sat on the $0 tick and on each other. The labels
# stand in a column above the curves (from half the highest line's cost, a tenth of it apart,
# ``CROSS_COLUMN`` of them a column, the next column further right) and right of their diamonds
# (left of them in the right part of the axis); a diamond in the upper half of the plot gets
# its label below it. The leftmost diamond's label is the farthest from the diamonds and the
# nearest to them across, so each arrow passes beside the labels nearer the curves, not
# through them.
CROSS_LEVELS = (0.5, 0.1)  # the nearest label's height and the step, as shares of the top line
CROSS_COLUMN, CROSS_RIGHT = 5, 0.6
CROSS_SHIFT = (0.04, 0.04, 0.3)  # shares of the x axis: the least, a row's, a column's


def _cross_spots(
    points: list[Crossover], upper: float, top: float
) -> list[tuple[float, float, bool]]:
    """Each crossover's label place, in the order given: x, y (data units) and whether it
    reads leftwards from there."""
    start, step = CROSS_LEVELS
    sides = {
        side: [i for i, p in enumerate(points) if (p.annual_usd > 0.45 * top) == (side == "down")]
        for side in ("up", "down")
    }
    spots: dict[int, tuple[float, float, bool]] = {}
    for side, members in sides.items():
        members.sort(key=lambda i: points[i].services)
        for place, i in enumerate(members):
            column, across = divmod(place, CROSS_COLUMN)
            row = min(CROSS_COLUMN, len(members) - column * CROSS_COLUMN) - 1 - across
            level = start + step * row if side == "up" else start - step * (row + 1)
            shift = upper * (CROSS_SHIFT[0] + CROSS_SHIFT[1] * across + CROSS_SHIFT[2] * column)
            x, left = points[i].services, points[i].services > CROSS_RIGHT * upper
            spots[i] = (max(0.0, x - shift) if left else x + shift, level * top, left)
    return [spots[i] for i in range(len(points))]


def crossover_labels(sweep: Estimate, pattern_ids: list[str]) -> list[dict]:
    """Layout annotations naming each crossover's two patterns by letter, placed apart."""
    points = crossovers(sweep, pattern_ids)
    if not points:
        return []
    upper = float(sweep.services[-1])
    top = max(float(np.max(sweep.patterns[pid].annual_usd)) for pid in pattern_ids)
    spots = _cross_spots(points, upper, top)
    return [
        _cross_label(
            point, spot, pattern_letter(sweep, point.first), pattern_letter(sweep, point.second)
        )
        for point, spot in zip(points, spots, strict=True)
    ]


def _cross_label(point, spot: tuple[float, float, bool], first: str, second: str) -> dict:
    """ "``first`` and ``second`` cross", at ``spot`` (x, y, reading leftwards), its arrow on the
    crossover's diamond."""
    ax, ay, left = spot
    return dict(
        x=point.services,
        y=point.annual_usd,
        ax=ax,
        ay=ay,
        xref="x",
        yref="y",
        axref="x",
        ayref="y",
        text=f"{first} and {second} cross",
        xanchor="right" if left else "left",
        showarrow=True,
        arrowhead=0,
        arrowwidth=1.5,
        arrowcolor="#52606D",
        standoff=8,
        font=dict(size=14, color="#1F2933"),
        bgcolor="rgba(255,255,255,0.9)",
        borderpad=2,
    )
