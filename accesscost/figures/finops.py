"""FinOps figures: pure functions from model results to ``plotly.graph_objects.Figure``.

Every figure carries a title and axis labels that a slide can take as they are, and uses the
pattern colours of ``accesscost.figures.palette`` so a pattern looks the same everywhere.
"""

from __future__ import annotations

import textwrap

import numpy as np
import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, plural, services_text
from accesscost.figures.palette import CATEGORY_COLOURS, pattern_colours, pattern_dashes
from accesscost.figures.theme import MARGIN, review_figure
from accesscost.inputs.schema import Pattern
from accesscost.model.engine import Estimate
from accesscost.model.timeline import (
    BREAKDOWN,
    annual_breakdown,
    crossovers,
    cumulative_cost,
    months,
    payback_month,
)

MONEY_AXIS = dict(tickprefix="$", tickformat="~s", separatethousands=True, rangemode="tozero")


def pattern_label(pattern: Pattern) -> str:
    """The pattern's label as plotly text (its tags shown, not applied), marked ✗ when it does not
    meet the requirement."""
    label = plotly_text(pattern.label)
    return label if pattern.meets_requirement else f"{label} ✗"


def _label(result: Estimate, pattern_id: str) -> str:
    return pattern_label(result.patterns[pattern_id].pattern)


def _letter(result: Estimate, pattern_id: str) -> str:
    """The pattern's option letter (the short name the matrix and the legend lead with)."""
    pattern = result.patterns[pattern_id].pattern
    return plotly_text(pattern.option or pattern.id)


# Where a marker's label sits, cycled so that labels of markers close together do not overlap.
LABEL_POSITIONS = ("top center", "bottom center", "top right", "bottom left")


FLAG_NOTE = "✗ = does not meet the requirement"
# Characters a line of the 21 px title and the 15 px subtitle hold in a 960 px wide chart (the
# exported images' layout, about the page's plot width at 1280 px); longer ones wrap, not cut.
TITLE_CHARS, SUBTITLE_CHARS = 70, 100
TITLE_LINE_PX, SUBTITLE_LINE_PX = 28, 20
TITLE_PAD_PX, TITLE_PX = 12, 21  # above the title, at the top of the figure; its font size
AXIS_BLOCK_PX = 96  # x ticks and title
# The legend, at the foot: plotly lays a legend too long for one row out in columns as wide as
# its widest entry, as many as the plot's width holds. Names wrap at LEGEND_CHARS so two columns
# fit beside long y labels at 1280 px (LEGEND_WIDTH_PX, the narrowest plot there; unwrapped, one
# long pattern name made a one-column legend of seven rows); the bottom margin holds the rows,
# each name's width estimated at LEGEND_CHAR_PX a character.
LEGEND_CHARS, LEGEND_WIDTH_PX, LEGEND_CHAR_PX, LEGEND_SYMBOL_PX = 31, 560, 7.4, 50
LEGEND_ROW_PX, LEGEND_LINE_PX = 24, 19  # a row of one-line names; each more line of a name
# The plot area keeps at least this height on the page and in the export, and a bar row of a
# horizontal bar chart at least BAR_ROW_PX (Streamlit draws a figure with no height at 450 px,
# which left the cost chart's plot 68 px tall at 1280 px and hid every other bar label).
PLOT_MIN_PX, BAR_ROW_PX = 340, 44
FIGURE_HEIGHT = 620  # the template's height, the least a chart is drawn at
# Characters a line of a pattern's name on a bar chart's y axis holds: wrapped, the labels took
# a third of the chart's width at 1280 px, not half.
CATEGORY_CHARS = 24


def legend_entries(traces: list) -> int:
    """How many entries the legend shows: named traces not hidden from it, one per group."""
    return len(legend_names(traces))


def legend_names(traces: list) -> list[str]:
    """The legend's entries' names, one per group, in order."""
    names: dict[str, str] = {}
    for trace in traces:
        if trace.showlegend is False or not trace.name:
            continue
        names.setdefault(trace.legendgroup or f"trace {id(trace)}", trace.name)
    return list(names.values())


def legend_name(name: str) -> str:
    """A legend entry's name as the legend shows it: wrapped at ``LEGEND_CHARS``."""
    return wrapped(name, LEGEND_CHARS)


def legend_height(traces: list, width: float = LEGEND_WIDTH_PX) -> int:
    """The legend's height in pixels in ``width``, laid out as plotly lays it out: one row if
    every entry fits, else columns as wide as the widest entry, each row as tall as its tallest
    name."""
    names = legend_names(traces)
    if not names:
        return 0
    lines = [name.split("<br>") for name in names]
    widths = [LEGEND_SYMBOL_PX + LEGEND_CHAR_PX * max(map(len, name)) for name in lines]
    columns = len(names) if sum(widths) <= width else max(1, int(width // max(widths)))
    rows = [max(map(len, lines[i : i + columns])) for i in range(0, len(lines), columns)]
    return sum(LEGEND_ROW_PX + LEGEND_LINE_PX * (row - 1) for row in rows)


def wrapped(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (plotly's line
    break is ``<br>``); a title a plotly figure does not wrap is cut at its right edge."""
    return "<br>".join(textwrap.wrap(text, width, break_long_words=False)) if text else text


def category_label(text: str, chars: int = CATEGORY_CHARS) -> str:
    """A bar chart's category (a pattern's name) wrapped to keep the plot most of the width."""
    return wrapped(text, chars)


def title_pad(title_text: str, size: float, pad: float = TITLE_PAD_PX) -> int:
    """The title's top padding: plotly centres a title of several lines on its anchor, half a
    line (1.3 font sizes) up for each line past the first, so hung from the top the first line
    was cut off; the padding gives that back."""
    return round(pad + 0.65 * size * title_text.count("<br>"))


def title_height(title_text: str, subtitle_text: str) -> int:
    """The top margin that holds the title and subtitle (already wrapped), anchored at the top."""
    extra = TITLE_LINE_PX * title_text.count("<br>")
    extra += SUBTITLE_LINE_PX * (subtitle_text or "").count("<br>")
    return MARGIN["t"] + extra


def slide_figure(
    traces: list,
    title: str,
    x_title: str,
    y_title: str,
    subtitle: str = FLAG_NOTE,
    *,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    bar_rows: int = 0,
    **layout,
) -> go.Figure:
    """The figure of ``traces`` with a title, subtitle, axes and any other ``layout``; the legend
    at the foot, under the axis; ``bar_rows``: the categories of a horizontal bar chart, each
    given its row.

    The height is set, never left to the viewer: the plot area keeps ``PLOT_MIN_PX`` under the
    title and over the axis and legend. The title and subtitle hang from the top of the figure
    (centred in the top margin, a three-line subtitle ran into the bars).

    Built in one go: plotly validates every ``add_trace`` and ``update_layout`` again, which made
    figures three times slower to build. The rest of the look is the default template
    (``accesscost.figures.theme``).
    """
    title_text, subtitle_text = wrapped(title, TITLE_CHARS), wrapped(subtitle, SUBTITLE_CHARS)
    title_layout = dict(
        text=title_text,
        subtitle=dict(text=subtitle_text),
        x=0.01,
        xanchor="left",
        y=1,
        yref="container",
        yanchor="top",
        pad=dict(t=title_pad(title_text, TITLE_PX)),
        font=dict(size=21),
    )
    for trace in traces:
        if trace.name and trace.showlegend is not False:
            trace.name = legend_name(trace.name)
    if "margin" not in layout:  # each line past the template's one title and one subtitle line
        bottom = AXIS_BLOCK_PX + legend_height(traces)
        layout["margin"] = dict(t=title_height(title_text, subtitle_text), b=bottom)
        # the legend sits at the foot of the figure, in the bottom margin sized for it, from the
        # figure's left edge (not the plot's): placed under the plot in the plot's own units,
        # it ran into the axis title when a long legend made the plot short
        layout.setdefault(
            "legend",
            dict(
                orientation="h",
                xref="container",
                x=0.01,
                yref="container",
                y=0,
                yanchor="bottom",
                entrywidth=0,
                entrywidthmode="pixels",
                traceorder="normal",
            ),
        )
        plot = max(PLOT_MIN_PX, BAR_ROW_PX * bar_rows)
        needed = layout["margin"]["t"] + layout["margin"]["b"] + plot
        layout["height"] = max(layout.get("height", FIGURE_HEIGHT), needed)
    else:
        layout.setdefault("height", FIGURE_HEIGHT)
    if bar_rows:  # every category named, never every other one
        yaxis = dict(dtick=1, **(yaxis or {}))
    return review_figure(
        traces,
        dict(
            title=title_layout,
            xaxis=dict(title_text=x_title, **(xaxis or {})),
            yaxis=dict(title_text=y_title, **(yaxis or {})),
            **layout,
        ),
    )


def vertical_line(
    x: float, colour: str, text: str = "", dash: str = "dot", label_side: str = "right"
) -> dict:
    """A full-height line at ``x`` with its label on top, as layout ``shapes`` and
    ``annotations`` (what ``add_vline`` makes, without its slow per-call relayout). The label
    reads leftwards from the line, or rightwards with ``label_side="left"``."""
    line = dict(
        type="line",
        xref="x",
        yref="y domain",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        line=dict(color=colour, dash=dash, width=2),
    )
    if not text:
        return dict(shapes=[line])
    label = dict(
        x=x,
        xref="x",
        yref="y domain",
        y=1,
        text=text,
        showarrow=False,
        xanchor=label_side,
        yanchor="top",
    )
    return dict(shapes=[line], annotations=[label])


def _pattern_line(x, y, name: str, style: tuple[str, str], hover: str) -> go.Scatter:
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


def _baseline_line(x, y, name: str, colour: str) -> go.Scatter:
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


def _baseline_markers(labels, values, horizontal: bool, name: str) -> go.Scatter:
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


def _curves(x, curve, results: tuple, pattern_ids, all_ids, hover: str) -> list[go.Scatter]:
    """Each pattern's ``curve(estimate, pattern_id)`` over ``x`` in its colour and dash, then,
    under a what-if (``results`` is (what-if, baseline or None)), the baseline's, dashed."""
    result, baseline = results
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    traces = [
        _pattern_line(
            x, curve(result, pid), _label(result, pid), (colours[pid], dashes[pid]), hover
        )
        for pid in pattern_ids
    ]
    if baseline is not None:
        traces += [
            _baseline_line(x, curve(baseline, pid), _label(result, pid), colours[pid])
            for pid in pattern_ids
        ]
    return traces


def count_text(count: int, noun: Noun | None = None) -> str:
    """The count with the decision's noun as plotly text: "50 services", "200 pods"."""
    return plotly_text(services_text(count, noun))


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
    traces = _curves(sweep.services, _annual, (sweep, baseline), pattern_ids, all_ids, hover)
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
        f"{_label(sweep, p.cheaper_above)} is cheaper from {count_text(p.services, noun)} "
        f"than {_label(sweep, p.second if p.cheaper_above == p.first else p.first)}"
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


def _cross_spots(points: list, upper: float, top: float) -> list[tuple[float, float, bool]]:
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
        dict(
            x=point.services,
            y=point.annual_usd,
            ax=ax,
            ay=ay,
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            text=f"{_letter(sweep, point.first)} and {_letter(sweep, point.second)} cross",
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
        for point, (ax, ay, left) in zip(points, spots, strict=True)
    ]


def annual_breakdown_chart(
    result: Estimate,
    pattern_ids: list[str],
    index: int = 0,
    baseline: Estimate | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """Annual cost at the chosen count, stacked by category; baseline totals as markers.
    ``noun``: the decision's counted unit (services by default)."""
    labels = [category_label(_label(result, pid)) for pid in pattern_ids]
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
        traces.append(_baseline_markers(labels, totals, True, "Baseline total"))
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

    traces = _curves(axis, cumulative, (result, baseline), pattern_ids, all_ids, hover)
    traces += _payback_markers(result, pattern_ids, index)
    reference = _label(result, result.reference_id)
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
            text=[_letter(result, pid) for pid, _ in points],
            textposition=[LABEL_POSITIONS[i % len(LABEL_POSITIONS)] for i in range(len(points))],
            textfont=dict(size=14, color="#1F2933"),
            customdata=[f"{_label(result, pid)} pays back in {m:.1f} months" for pid, m in points],
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
    colours = pattern_colours(all_ids)
    others = [pid for pid in pattern_ids if pid != result.reference_id]
    split_of = {pid: split for pid in others if (split := result.savings_split(pid)) is not None}
    ids = list(split_of)
    labels = [category_label(_label(result, pid)) for pid in ids]
    splits = list(split_of.values())
    traces = [
        go.Bar(
            y=labels,
            x=[float(split[key][index]) for split in splits],
            orientation="h",
            name=name,
            marker=dict(
                color=[colours[pid] for pid in ids], pattern=dict(shape=shape, fgcolor="#1F2933")
            ),
            hovertemplate="%{y}: $%{x:,.0f} " + name.lower() + "<extra></extra>",
        )
        for key, name, shape in SAVING_PARTS
    ]
    if baseline is not None:
        before = [float(baseline.annual_savings(pid)[index]) for pid in ids]
        traces.append(_baseline_markers(labels, before, True, "Baseline saving per year"))
    reference = _label(result, result.reference_id)
    title = (
        f"Savings against {reference} at {count_text(int(result.services[index]), noun)}, a year"
    )
    left_out = [_label(result, pid) for pid in others if pid not in ids]
    subtitle = "cash, engineer time and expected loss, stacked"
    if left_out:
        subtitle += f"; not shown (do not meet the requirement): {', '.join(left_out)}"
    money = dict(tickprefix="$", tickformat="~s", zeroline=True, zerolinecolor="#52606D")
    return slide_figure(
        traces,
        title,
        "Saving a year (USD; negative = costs more)",
        "Access pattern",
        subtitle,
        xaxis=money,
        yaxis=dict(autorange="reversed"),
        barmode="relative",
        bar_rows=len(labels),
    )
