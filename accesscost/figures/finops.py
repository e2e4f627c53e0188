"""FinOps figures at the chosen count: the annual cost by category, the cumulative cost of moving
month by month with the paybacks, and what each pattern saves against the reference. Pure
functions from model results to ``plotly.graph_objects.Figure``, in the pattern colours of
``accesscost.figures.palette`` so a pattern looks the same everywhere; the cost against the
number of services is ``accesscost.figures.cost_by_count``.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from accesscost.core.words import Noun
from accesscost.figures.layout import MONEY_AXIS, category_label, count_text, slide_figure
from accesscost.figures.palette import CATEGORY_COLOURS, pattern_colours
from accesscost.figures.pattern_traces import (
    LABEL_POSITIONS,
    baseline_markers,
    curves,
    pattern_letter,
    pattern_name,
)
from accesscost.model.engine import Estimate
from accesscost.model.timeline import (
    BREAKDOWN,
    annual_breakdown,
    cumulative_cost,
    months,
    payback_month,
)


def annual_breakdown_chart(
    result: Estimate,
    pattern_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """Annual cost at the chosen count, stacked by category; baseline totals as markers.
    ``noun``: the decision's counted unit (services by default)."""
    labels = [category_label(pattern_name(result, pid)) for pid in pattern_ids]
    parts = {pid: annual_breakdown(result, pid, index) for pid in pattern_ids}
    traces = [
        go.Bar(
            y=labels,
            x=[parts[pid][key] for pid in pattern_ids],
            name=name,
            orientation="h",
            marker_color=CATEGORY_COLOURS[key],
            hovertemplate="%{y}<br>" + name + ": $%{x:,.0f}/yr<extra></extra>",
        )
        for key, name in BREAKDOWN
    ]
    if baseline is not None:
        totals = [sum(annual_breakdown(baseline, pid, index).values()) for pid in pattern_ids]
        traces.append(baseline_markers(labels, totals, True, "Baseline total"))
    services = int(result.services[index])
    title = f"Annual cost by category at {count_text(services, noun)}"
    return slide_figure(
        traces,
        title,
        "Annual cost (USD per year)",
        "Access pattern",
        xaxis=MONEY_AXIS,
        yaxis=dict(autorange="reversed"),
        barmode="stack",
        bar_rows=len(labels),
    )


def cumulative_cost_chart(
    result: Estimate,
    pattern_ids: list[str],
    all_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
) -> go.Figure:
    """Cumulative cost month by month, migration from the reference included, with paybacks."""
    axis = months(result.horizon_years)
    hover = "month %{x}: $%{y:,.0f}<extra>%{fullData.name}</extra>"

    def cumulative(estimate: Estimate, pid: str) -> np.ndarray:
        return cumulative_cost(estimate, pid, index)

    traces = curves(axis, cumulative, (result, baseline), pattern_ids, all_ids, hover)
    traces += _payback_markers(result, pattern_ids, index)
    reference = pattern_name(result, result.reference_id)
    title = f"Cumulative cost over {result.horizon_years} years, moving from {reference}"
    return slide_figure(
        traces,
        title,
        "Months from the decision",
        "Cumulative cost (USD)",
        xaxis=dict(dtick=6, range=[0, axis[-1]]),
        yaxis=MONEY_AXIS,
    )


def _payback_markers(result: Estimate, pattern_ids: list[str], index: int) -> list[go.Scatter]:
    months_to = [(pid, payback_month(result, pid, index)) for pid in pattern_ids]
    points = [(pid, m) for pid, m in months_to if m is not None and m <= 12 * result.horizon_years]
    if not points:
        return []
    reference = cumulative_cost(result, result.reference_id, index)
    axis = months(result.horizon_years)
    # Stars of paybacks a few months apart sit on top of each other on a 3-year axis: each
    # carries its pattern's letter, placed in turn above, below and beside it, in month order.
    points.sort(key=lambda point: point[1])
    return [
        go.Scatter(
            x=[m for _, m in points],
            y=[float(np.interp(m, axis, reference)) for _, m in points],
            name="Payback point",
            mode="markers+text",
            marker=dict(symbol="star", size=14, color="#1F2933", line=dict(color="white", width=1)),
            text=[pattern_letter(result, pid) for pid, _ in points],
            textposition=[LABEL_POSITIONS[i % len(LABEL_POSITIONS)] for i in range(len(points))],
            textfont=dict(size=14, color="#1F2933"),
            customdata=[
                f"{pattern_name(result, pid)} pays back in {m:.1f} months" for pid, m in points
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    ]


SAVING_PARTS = (  # (key of Estimate.savings_split, legend name, bar fill pattern)
    ("cash_usd_per_year", "Cash a year (tools, licences, AWS charges)", ""),
    ("labour_usd_per_year", "Engineer time a year", "/"),
    ("risk_usd_per_year", "Expected loss avoided a year", "x"),
)


def savings_chart(
    result: Estimate,
    pattern_ids: list[str],
    all_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """What each pattern that meets the requirement saves a year against the reference, in its
    three parts stacked: cash, engineer time and expected loss (a part left of zero costs more).

    Patterns that do not meet the requirement are left out, and named under the title: they are
    not alternatives, whatever they would cost.
    """
    others = [pid for pid in pattern_ids if pid != result.reference_id]
    split_of = {pid: split for pid in others if (split := result.savings_split(pid)) is not None}
    labels = [category_label(pattern_name(result, pid)) for pid in split_of]
    traces = _saving_bars(split_of, labels, pattern_colours(all_ids), index)
    if baseline is not None:
        before = [float(baseline.annual_savings(pid)[index]) for pid in split_of]
        traces.append(baseline_markers(labels, before, True, "Baseline saving per year"))
    reference = pattern_name(result, result.reference_id)
    at = count_text(int(result.services[index]), noun)
    left_out = [pattern_name(result, pid) for pid in others if pid not in split_of]
    subtitle = "cash, engineer time and expected loss, stacked"
    if left_out:
        subtitle += f"; not shown (do not meet the requirement): {', '.join(left_out)}"
    money = dict(tickprefix="$", tickformat="~s", zeroline=True, zerolinecolor="#52606D")
    return slide_figure(
        traces,
        f"Savings against {reference} at {at}, a year",
        "Saving a year (USD; negative = costs more)",
        "Access pattern",
        subtitle,
        xaxis=money,
        yaxis=dict(autorange="reversed"),
        barmode="relative",
        bar_rows=len(labels),
    )


def _saving_bars(split_of: dict, labels: list[str], colours: dict, index: int) -> list:
    """One bar trace per part of the saving (``SAVING_PARTS``), a bar per pattern of
    ``split_of`` (pattern id to its ``Estimate.savings_split``) in its colour, each part in its
    fill pattern."""
    fills = [colours[pid] for pid in split_of]
    return [
        go.Bar(
            y=labels,
            x=[float(split[key][index]) for split in split_of.values()],
            orientation="h",
            name=name,
            marker=dict(color=fills, pattern=dict(shape=shape, fgcolor="#1F2933")),
            hovertemplate="%{y}: $%{x:,.0f} " + name.lower() + "<extra></extra>",
        )
        for key, name, shape in SAVING_PARTS
    ]
