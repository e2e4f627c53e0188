"""FinOps figures: pure functions from model results to ``plotly.graph_objects.Figure``.

Every figure carries a title and axis labels that a slide can take as they are, and uses the
pattern colours of ``charts.palette`` so a pattern looks the same everywhere.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from charts.palette import CATEGORY_COLOURS, pattern_colours, pattern_dashes
from models.engine import Estimate
from models.schema import Pattern
from models.timeline import (
    BREAKDOWN,
    annual_breakdown,
    crossovers,
    cumulative_cost,
    months,
    net_savings,
    payback_month,
)

SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=15, color="#1F2933")
MONEY_AXIS = dict(tickprefix="$", tickformat="~s", separatethousands=True, rangemode="tozero")


def pattern_label(pattern: Pattern) -> str:
    """The pattern's label, marked ✗ when it does not meet the requirement."""
    return pattern.label if pattern.meets_requirement else f"{pattern.label} ✗"


def _label(result: Estimate, pattern_id: str) -> str:
    return pattern_label(result.patterns[pattern_id].pattern)


FLAG_NOTE = "✗ = does not meet the requirement"


def slide_layout(
    fig: go.Figure, title: str, x_title: str, y_title: str, subtitle: str = FLAG_NOTE
) -> go.Figure:
    fig.update_layout(
        title=dict(
            text=title, subtitle=dict(text=subtitle), x=0.01, xanchor="left", font=dict(size=21)
        ),
        font=FONT,
        template="plotly_white",
        height=560,
        legend=dict(yanchor="top", y=1, xanchor="left", x=1.01, font=dict(size=13)),
        margin=dict(l=90, r=20, t=90, b=70),
        hoverlabel=dict(namelength=-1),
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#9AA5B1")
    fig.update_yaxes(title_text=y_title, showline=True, linecolor="#9AA5B1")
    return fig


def _pattern_line(fig, x, y, name: str, style: tuple[str, str], hover: str) -> None:
    """A pattern's curve in its own colour and dash."""
    colour, dash = style
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode="lines",
            line=dict(color=colour, dash=dash, width=3),
            hovertemplate=hover,
        )
    )


def _baseline_line(fig, x, y, name: str, colour: str) -> None:
    """The baseline's curve under a what-if: same colour, thin, dashed, in its own legend group."""
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            name=f"{name} (baseline)",
            mode="lines",
            legendgroup="baseline",
            line=dict(color=colour, dash="dash", width=1.5),
            opacity=0.6,
            hovertemplate="baseline: $%{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    )


def _baseline_markers(fig, labels, values, horizontal: bool, name: str) -> None:
    """Baseline values on a bar chart: hollow diamonds beside the what-if bars."""
    x, y = (values, labels) if horizontal else (labels, values)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            name=name,
            mode="markers",
            marker=dict(symbol="diamond-open", size=14, color="#1F2933", line=dict(width=2)),
            hovertemplate="baseline: $%{" + ("x" if horizontal else "y") + ":,.0f}<extra></extra>",
        )
    )


def cost_vs_services(
    sweep: Estimate,
    pattern_ids: list[str],
    chosen_services: int,
    all_ids: list[str],
    baseline: Estimate | None = None,
) -> go.Figure:
    """Annual cost against service count per pattern, the chosen count and the crossovers.

    With ``baseline`` (a sweep over the same counts), the baseline curves are drawn dashed.
    """
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    fig = go.Figure()
    hover = "%{x} services: $%{y:,.0f}/yr<extra>%{fullData.name}</extra>"
    for pid in pattern_ids:
        y = sweep.patterns[pid].annual_usd
        _pattern_line(
            fig, sweep.services, y, _label(sweep, pid), (colours[pid], dashes[pid]), hover
        )
    if baseline is not None:
        for pid in pattern_ids:
            y = baseline.patterns[pid].annual_usd
            _baseline_line(fig, baseline.services, y, _label(sweep, pid), colours[pid])
    _add_crossovers(fig, sweep, pattern_ids)
    fig.add_vline(
        x=chosen_services,
        line=dict(color="#52606D", dash="dot", width=2),
        annotation_text=f"{chosen_services:,} services",
        annotation_position="top left",
    )
    fig.update_yaxes(**MONEY_AXIS)
    title = "Annual cost by number of services"
    return slide_layout(fig, title, "Number of services", "Annual cost (USD per year)")


def _add_crossovers(fig: go.Figure, sweep: Estimate, pattern_ids: list[str]) -> None:
    points = crossovers(sweep, pattern_ids)
    if not points:
        return
    text = [
        f"{_label(sweep, p.cheaper_above)} is cheaper from {p.services:,} services "
        f"than {_label(sweep, p.second if p.cheaper_above == p.first else p.first)}"
        for p in points
    ]
    fig.add_trace(
        go.Scatter(
            x=[p.services for p in points],
            y=[p.annual_usd for p in points],
            name="Crossover",
            mode="markers",
            marker=dict(
                symbol="diamond", size=12, color="#1F2933", line=dict(color="white", width=1)
            ),
            text=text,
            hovertemplate="%{text}<extra></extra>",
        )
    )


def annual_breakdown_chart(
    result: Estimate, pattern_ids: list[str], index: int = 0, baseline: Estimate | None = None
) -> go.Figure:
    """Annual cost at the chosen count, stacked by category; baseline totals as markers."""
    labels = [_label(result, pid) for pid in pattern_ids]
    parts = {pid: annual_breakdown(result, pid, index) for pid in pattern_ids}
    fig = go.Figure()
    for key, name in BREAKDOWN:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[parts[pid][key] for pid in pattern_ids],
                name=name,
                orientation="h",
                marker_color=CATEGORY_COLOURS[key],
                hovertemplate="%{y}<br>" + name + ": $%{x:,.0f}/yr<extra></extra>",
            )
        )
    if baseline is not None:
        totals = [sum(annual_breakdown(baseline, pid, index).values()) for pid in pattern_ids]
        _baseline_markers(fig, labels, totals, True, "Baseline total")
    fig.update_layout(barmode="stack", yaxis=dict(autorange="reversed"))
    fig.update_xaxes(**MONEY_AXIS)
    services = int(result.services[index])
    title = f"Annual cost by category at {services:,} services"
    return slide_layout(fig, title, "Annual cost (USD per year)", "Access pattern")


def cumulative_cost_chart(
    result: Estimate,
    pattern_ids: list[str],
    all_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
) -> go.Figure:
    """Cumulative cost month by month, migration from the reference included, with paybacks."""
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    axis = months(result.horizon_years)
    fig = go.Figure()
    hover = "month %{x}: $%{y:,.0f}<extra>%{fullData.name}</extra>"
    for pid in pattern_ids:
        y = cumulative_cost(result, pid, index)
        _pattern_line(fig, axis, y, _label(result, pid), (colours[pid], dashes[pid]), hover)
    if baseline is not None:
        for pid in pattern_ids:
            y = cumulative_cost(baseline, pid, index)
            _baseline_line(fig, axis, y, _label(result, pid), colours[pid])
    _add_paybacks(fig, result, pattern_ids, index)
    fig.update_yaxes(**MONEY_AXIS)
    fig.update_xaxes(dtick=6, range=[0, axis[-1]])
    reference = _label(result, result.reference_id)
    title = f"Cumulative cost over {result.horizon_years} years, moving from {reference}"
    return slide_layout(fig, title, "Months from the decision", "Cumulative cost (USD)")


def _add_paybacks(fig: go.Figure, result: Estimate, pattern_ids: list[str], index: int) -> None:
    points = [(pid, payback_month(result, pid, index)) for pid in pattern_ids]
    points = [(pid, m) for pid, m in points if m is not None and m <= 12 * result.horizon_years]
    if not points:
        return
    reference = cumulative_cost(result, result.reference_id, index)
    axis = months(result.horizon_years)
    fig.add_trace(
        go.Scatter(
            x=[m for _, m in points],
            y=[float(np.interp(m, axis, reference)) for _, m in points],
            name="Payback point",
            mode="markers",
            marker=dict(symbol="star", size=14, color="#1F2933"),
            text=[f"{_label(result, pid)} pays back in {m:.1f} months" for pid, m in points],
            hovertemplate="%{text}<extra></extra>",
        )
    )


def savings_chart(
    result: Estimate,
    pattern_ids: list[str],
    all_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
) -> go.Figure:
    """Annual and horizon (TCO) savings of every pattern against the reference."""
    colours = pattern_colours(all_ids)
    ids = [pid for pid in pattern_ids if pid != result.reference_id]
    labels = [_label(result, pid) for pid in ids]
    annual = [float(result.annual_savings(pid)[index]) for pid in ids]
    net = [net_savings(result, pid, index) for pid in ids]
    fig = go.Figure(
        [
            go.Bar(
                y=labels, x=annual, orientation="h", name="Saving per year",
                marker_color=[colours[pid] for pid in ids],
                hovertemplate="%{y}: $%{x:,.0f} a year<extra></extra>",
            ),
            go.Bar(
                y=labels, x=net, orientation="h",
                name=f"Net saving over {result.horizon_years} years, migration paid",
                marker=dict(color=[colours[pid] for pid in ids], opacity=0.45,
                            pattern=dict(shape="/", fgcolor="#1F2933")),
                hovertemplate="%{y}: $%{x:,.0f} over the horizon<extra></extra>",
            ),
        ]
    )  # fmt: skip
    if baseline is not None:
        before = [float(baseline.annual_savings(pid)[index]) for pid in ids]
        _baseline_markers(fig, labels, before, True, "Baseline saving per year")
    fig.update_layout(barmode="group", yaxis=dict(autorange="reversed"))
    fig.update_xaxes(tickprefix="$", tickformat="~s", zeroline=True, zerolinecolor="#52606D")
    reference = _label(result, result.reference_id)
    title = f"Savings against {reference} at {int(result.services[index]):,} services"
    return slide_layout(fig, title, "Saving (USD; negative = costs more)", "Access pattern")
