"""The slide look every chart shares: titles and subtitles hung from the top and wrapped, axis
titles, the legend at the foot in a margin sized for its rows, a height that keeps the plot, and
the pieces the builders put on it (a pattern's label, a count in words, a labelled vertical line).

Every figure is built here (``slide_figure``), on the default template of
``accesscost.figures.theme``, so a chart pastes on a slide as it is.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, services_text
from accesscost.figures.theme import MARGIN, review_figure
from accesscost.inputs.schema import Pattern

MONEY_AXIS = dict(tickprefix="$", tickformat="~s", separatethousands=True, rangemode="tozero")


def pattern_label(pattern: Pattern) -> str:
    """The pattern's label as plotly text (its tags shown, not applied), marked ✗ when it does not
    meet the requirement."""
    label = plotly_text(pattern.label)
    return label if pattern.meets_requirement else f"{label} ✗"


def count_text(count: int, noun: Noun | None = None) -> str:
    """The count with the decision's noun as plotly text: "50 services", "200 pods"."""
    return plotly_text(services_text(count, noun))


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
    at the foot, under the axis (``foot_legend``); ``bar_rows``: the categories of a horizontal
    bar chart, each given its row and named.

    Built in one go: plotly validates every ``add_trace`` and ``update_layout`` again, which made
    figures three times slower to build. The rest of the look is the default template
    (``accesscost.figures.theme``).
    """
    title_text, subtitle_text = wrapped(title, TITLE_CHARS), wrapped(subtitle, SUBTITLE_CHARS)
    for trace in traces:
        if trace.name and trace.showlegend is not False:
            trace.name = legend_name(trace.name)
    if "margin" in layout:
        layout.setdefault("height", FIGURE_HEIGHT)
    else:
        foot_legend(layout, traces, title_height(title_text, subtitle_text), bar_rows)
    if bar_rows:  # every category named, never every other one
        yaxis = dict(dtick=1, **(yaxis or {}))
    axes = dict(
        xaxis=dict(title_text=x_title, **(xaxis or {})),
        yaxis=dict(title_text=y_title, **(yaxis or {})),
    )
    return review_figure(
        traces, dict(title=hung_title(title_text, subtitle_text), **axes, **layout)
    )


def hung_title(title_text: str, subtitle_text: str) -> dict:
    """The title (and subtitle) of a figure, already wrapped, hung from the top of the figure:
    centred in the top margin, a three-line subtitle ran into the bars."""
    return dict(
        text=title_text,
        subtitle=dict(text=subtitle_text),
        x=0.01,
        xanchor="left",
        y=1,
        yref="container",
        yanchor="top",
        pad=dict(t=title_pad(title_text, TITLE_PX)),
        font=dict(size=TITLE_PX),
    )


# The legend at the foot of the figure, in the bottom margin sized for it, from the figure's
# left edge (not the plot's): placed under the plot in the plot's own units, it ran into the
# axis title when a long legend made the plot short.
FOOT_LEGEND = dict(
    orientation="h",
    xref="container",
    x=0.01,
    yref="container",
    y=0,
    yanchor="bottom",
    entrywidth=0,
    entrywidthmode="pixels",
    traceorder="normal",
)


def foot_legend(layout: dict, traces: list, top: int, bar_rows: int = 0) -> None:
    """Into ``layout``: the top margin ``top`` (each line past the template's one title and one
    subtitle line), a bottom margin that holds the axis and the legend's rows, the legend at the
    foot (unless ``layout`` has its own) and a height that keeps the plot ``PLOT_MIN_PX`` tall
    (each of ``bar_rows`` rows ``BAR_ROW_PX``): the height is set, never left to the viewer."""
    layout["margin"] = dict(t=top, b=AXIS_BLOCK_PX + legend_height(traces))
    layout.setdefault("legend", dict(FOOT_LEGEND))
    plot = max(PLOT_MIN_PX, BAR_ROW_PX * bar_rows)
    needed = layout["margin"]["t"] + layout["margin"]["b"] + plot
    layout["height"] = max(layout.get("height", FIGURE_HEIGHT), needed)


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
