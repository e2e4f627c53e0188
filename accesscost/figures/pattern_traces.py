"""The traces every FinOps chart draws a pattern with: its curve in its own colour and dash, the
baseline's dashed under a what-if, hollow diamonds for baseline values on a bar chart, and the
pattern's name and option letter as plotly text."""

from __future__ import annotations

import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.figures.layout import pattern_label
from accesscost.figures.palette import pattern_colours, pattern_dashes
from accesscost.model.engine import Estimate


def pattern_name(result: Estimate, pattern_id: str) -> str:
    """The pattern's label as plotly text, marked ✗ when it does not meet the requirement."""
    return pattern_label(result.patterns[pattern_id].pattern)


def pattern_letter(result: Estimate, pattern_id: str) -> str:
    """The pattern's option letter (the short name the matrix and the legend lead with)."""
    pattern = result.patterns[pattern_id].pattern
    return plotly_text(pattern.option or pattern.id)


# Where a marker's label sits, cycled so that labels of markers close together do not overlap.
LABEL_POSITIONS = ("top center", "bottom center", "top right", "bottom left")


def pattern_line(x, y, name: str, style: tuple[str, str], hover: str) -> go.Scatter:
    """A pattern's curve in its own colour and dash."""
    colour, dash = style
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="lines",
        line=dict(color=colour, dash=dash, width=3),
        hovertemplate=hover,
    )


def baseline_line(x, y, name: str, colour: str) -> go.Scatter:
    """The baseline's curve under a what-if: same colour, thin, dashed, in its own legend group."""
    return go.Scatter(
        x=x,
        y=y,
        name=f"{name} (baseline)",
        mode="lines",
        legendgroup="baseline",
        line=dict(color=colour, dash="dash", width=1.5),
        opacity=0.6,
        hovertemplate="baseline: $%{y:,.0f}<extra>%{fullData.name}</extra>",
    )


def baseline_markers(labels, values, horizontal: bool, name: str) -> go.Scatter:
    """Baseline values on a bar chart: hollow diamonds beside the what-if bars."""
    x, y = (values, labels) if horizontal else (labels, values)
    return go.Scatter(
        x=x,
        y=y,
        name=name,
        mode="markers",
        marker=dict(symbol="diamond-open", size=14, color="#1F2933", line=dict(width=2)),
        hovertemplate="baseline: $%{" + ("x" if horizontal else "y") + ":,.0f}<extra></extra>",
    )


def curves(x, curve, results: tuple, pattern_ids, all_ids, hover: str) -> list[go.Scatter]:
    """Each pattern's ``curve(estimate, pattern_id)`` over ``x`` in its colour and dash, then,
    under a what-if (``results`` is (what-if, baseline or None)), the baseline's, dashed."""
    result, baseline = results
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    traces = [
        pattern_line(
            x, curve(result, pid), pattern_name(result, pid), (colours[pid], dashes[pid]), hover
        )
        for pid in pattern_ids
    ]
    if baseline is not None:
        traces += [
            baseline_line(x, curve(baseline, pid), pattern_name(result, pid), colours[pid])
            for pid in pattern_ids
        ]
    return traces
