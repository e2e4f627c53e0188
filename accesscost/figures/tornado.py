"""The tornado: which uncertain inputs move a figure most, each swung from its P10 to its P90
with the others at their means, as horizontal bars from the base value, largest swing on top.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun
from accesscost.figures.layout import count_text, slide_figure, wrapped
from accesscost.model.sensitivity import WORTH_RESEARCHING, Tornado, TornadoBar

LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#D55E00"


# Each bar's label stands on one line above its bar, from the plot's left edge, not beside the
# axis: at 1280 px (an 820 px chart) labels beside the axis, wrapped at 64 characters, took
# 480 px and left the bars 243 (the axis title ran off the chart), and wrapped narrower they
# took two lines each, which ran into each other on the exported 960 x 540 image. A label longer
# than TORNADO_LABEL_CHARS (none of the committed decisions' labels, the model cuts item names
# to 32 characters) wraps. The bar fills the lower part of its row (TORNADO_BAR of it, from
# TORNADO_OFFSET below the row's middle), the label the upper half: in the exported image's
# 34 px rows a label's glyphs end 5 px above the bar before it. The base is marked across each
# bar, not through the labels.
TORNADO_LABEL_CHARS = 88  # a line of a label: 690 px at 15 px, within the page's 710 px plot
TORNADO_BAR, TORNADO_OFFSET = 0.36, 0.04  # shares of a bar's row
TORNADO_BARS = 8  # the largest swings drawn; the CLI lists them all


def tornado_label(label: str, worth_researching: bool = False) -> str:
    """A bar's label as plotly text, ★ marking an input worth researching."""
    text = f"★ {plotly_text(label)}" if worth_researching else plotly_text(label)
    return wrapped(text, TORNADO_LABEL_CHARS)


def tornado_labels(labels: list[str]) -> list[dict]:
    """Each label as an annotation above its bar, from the plot's left edge."""
    return [
        dict(
            x=0,
            xref="paper",
            y=label,
            yref="y",
            text=label,
            xanchor="left",
            yanchor="bottom",
            align="left",
            showarrow=False,
            font=dict(size=15),
        )
        for label in labels
    ]


def _base_marks(base: float, rows: int) -> list[dict]:
    """The base value as a line across each bar (row ``i`` of a category axis is at ``i``)."""
    line = dict(color="#1F2933", width=2)
    top, bottom = TORNADO_OFFSET - 0.03, TORNADO_OFFSET + TORNADO_BAR + 0.03
    return [
        dict(
            type="line",
            xref="x",
            yref="y",
            x0=base,
            x1=base,
            y0=row + top,
            y1=row + bottom,
            line=line,
        )
        for row in range(rows)
    ]


def _tornado_bars(bars: Sequence[TornadoBar], labels: list[str], base: float) -> list[go.Bar]:
    """The P10 and P90 sides: each bar from the base to the output with the input at that end;
    the P90 side is hatched as well as coloured, so the two sides differ without colour."""
    cases = (
        ("Input at its P10", [bar.output_at_low for bar in bars], "low", LOW_COLOUR, ""),
        ("Input at its P90", [bar.output_at_high for bar in bars], "high", HIGH_COLOUR, "/"),
    )
    return [
        go.Bar(
            y=labels,
            x=[value - base for value in outputs],
            base=base,
            width=TORNADO_BAR,
            offset=TORNADO_OFFSET,
            orientation="h",
            name=name,
            marker=dict(color=colour, pattern=dict(shape=hatch, fgcolor="#1F2933")),
            customdata=[
                (getattr(bar.input, end), out) for bar, out in zip(bars, outputs, strict=True)
            ],
            hovertemplate=(
                "%{y}<br>input %{customdata[0]:,.4g} → output $%{customdata[1]:,.0f}"
                "<extra>" + name + "</extra>"
            ),
        )
        for name, outputs, end, colour, hatch in cases
    ]


def tornado_chart(result: Tornado, noun: Noun | None = None) -> go.Figure:
    """Horizontal bars from the base value to the output with each input at its low and high,
    each under its label.

    Largest swing on top; the top inputs are marked ★ "worth researching next". ``noun``: the
    decision's counted unit (services by default).
    """
    bars = result.bars[:TORNADO_BARS]
    labels = [tornado_label(bar.input.label, bar.worth_researching) for bar in bars]
    base = result.base_usd
    title = f"{plotly_text(result.output_label)}: what moves it most"
    subtitle = (
        f"{count_text(result.services, noun)}, {result.horizon_years} years; base ${base:,.0f} "
        f"with every input at its mean, each swung from its P10 to its P90; ★ = {WORTH_RESEARCHING}"
    )
    if len(result.bars) > len(bars):
        subtitle += f"; the {len(bars)} largest of {len(result.bars)} inputs"
    return slide_figure(
        _tornado_bars(bars, labels, base),
        title,
        "USD, with the input at its P10 or P90",
        "Uncertain input",
        subtitle,
        xaxis=dict(tickprefix="$", tickformat="~s", separatethousands=True),
        yaxis=dict(autorange="reversed", showticklabels=False, ticks=""),
        barmode="overlay",
        bar_rows=len(bars),
        shapes=_base_marks(base, len(bars)),
        annotations=tornado_labels(labels),
    )
