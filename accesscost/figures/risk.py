"""Risk and uncertainty figures: pure functions from simulation, tornado and score results to
``plotly.graph_objects.Figure``.

Every figure has a title and axis titles a slide can carry, and pattern colours from
``accesscost.figures.palette`` so a pattern looks the same as on the FinOps charts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, plural
from accesscost.figures.finops import (
    FLAG_NOTE,
    category_label,
    count_text,
    legend_name,
    pattern_label,
    slide_figure,
    wrapped,
)
from accesscost.figures.palette import pattern_colours, pattern_dashes
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.model.bands import SweepBands
from accesscost.model.exceedance import loss_exceedance, loss_grid
from accesscost.model.scoring import CRITERIA, Score
from accesscost.model.sensitivity import WORTH_RESEARCHING, Tornado, TornadoBar
from accesscost.model.simulation import Simulation
from accesscost.model.summaries import annual_loss

BAND_OPACITY = 0.18
CRITERION_COLOURS = {
    "cost": "#0072B2",
    "risk": "#D55E00",
    "overhead": "#56B4E9",
    "implementation_time": "#999999",
    "security_posture": "#009E73",
}
LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#D55E00"


def translucent(colour: str, opacity: float = BAND_OPACITY) -> str:
    """``#RRGGBB`` as an ``rgba()`` colour with ``opacity``."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


# --- loss exceedance -----------------------------------------------------------------------------


def _tolerance_trace(tolerance: RiskTolerance, start: float) -> go.Scatter:
    """The tolerance as a point with guides to both axes: a curve above and right of it breaches."""
    text = (
        f"Risk tolerance: at most {tolerance.probability:.0%} a year "
        f"of losing more than ${tolerance.loss_usd:,.0f}"
    )
    return go.Scatter(
        x=[start, tolerance.loss_usd, tolerance.loss_usd],
        y=[tolerance.probability, tolerance.probability, 0],
        name="Risk tolerance",
        mode="lines+markers",
        line=dict(color="#8E1B1B", dash="dot", width=2),
        marker=dict(symbol="x", size=[0, 14, 0], color="#8E1B1B"),
        text=[text] * 3,
        hovertemplate="%{text}<extra></extra>",
    )


INHERENT, RESIDUAL = "without guardrails (inherent)", "with guardrails (residual)"
GUARDRAILS_NOTE = (
    "dashed: without the what-if's guardrails (inherent); solid: with them (residual), "
    "on the same simulated years"
)


def _exceedance_trace(
    sample: np.ndarray, grid: np.ndarray, name: str, colour: str, dash: str, width: int = 3
) -> go.Scatter:
    curve = loss_exceedance(sample, grid)
    return go.Scatter(
        x=curve.loss_usd,
        y=curve.probability,
        name=name,
        mode="lines",
        line=dict(color=colour, dash=dash, width=width, shape="hv"),
        hovertemplate="P(loss > $%{x:,.0f}) = %{y:.2%}<extra>%{fullData.name}</extra>",
    )


def _pattern_traces(
    label: str,
    residual: np.ndarray,
    inherent: np.ndarray | None,
    grid: np.ndarray,
    colour: str,
    dash: str,
) -> list[go.Scatter]:
    """One curve; or, with ``inherent`` given, the pattern without its guardrails (dashed) and
    with them (solid), in its colour and named in words."""
    if inherent is None:
        return [_exceedance_trace(residual, grid, label, colour, dash)]
    return [
        _exceedance_trace(inherent, grid, f"{label} {INHERENT}", colour, "dash", width=2),
        _exceedance_trace(residual, grid, f"{label} {RESIDUAL}", colour, "solid"),
    ]


def loss_exceedance_chart(
    sim: Simulation,
    pattern_ids: list[str],
    all_ids: list[str],
    tolerance: RiskTolerance | None = None,
    index: int = 0,
    inherent: Mapping[str, np.ndarray] | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """P(a year's compliance loss exceeds X) per pattern, on a log money axis, with the tolerance.

    A curve above and to the right of the tolerance mark breaches it. ``inherent`` holds, for
    patterns with guardrails switched on, their annual-loss sample without them (the same
    seed, ``accesscost.model.summaries.inherent_losses``): such a pattern gets two curves,
    inherent and residual (``sim``'s). ``noun``: the decision's counted unit (services by
    default).
    """
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    samples = {pid: annual_loss(sim, pid, index) for pid in pattern_ids}
    before = {pid: sample for pid, sample in (inherent or {}).items() if pid in samples}
    grid = loss_grid([*samples.values(), *before.values()])
    traces = []
    for pid in pattern_ids:
        label = pattern_label(sim.patterns[pid].pattern)
        traces += _pattern_traces(
            label, samples[pid], before.get(pid), grid, colours[pid], dashes[pid]
        )
    if tolerance is not None:
        start = min(grid[0], tolerance.loss_usd) if grid.size else tolerance.loss_usd / 10
        traces.append(_tolerance_trace(tolerance, start))
    at = count_text(sim.services[index], noun)
    title = f"Chance of a year's loss exceeding an amount, at {at}"
    notes = [f"{sim.draws:,} simulated years", *([GUARDRAILS_NOTE] if before else []), FLAG_NOTE]
    subtitle = "; ".join(notes)
    x_title = "Annual loss (USD, log scale)"
    log_money = dict(type="log", tickprefix="$", tickformat="~s", dtick=1)  # powers of 10
    return slide_figure(
        traces,
        title,
        x_title,
        "Chance of exceeding it",
        subtitle,
        xaxis=log_money,
        yaxis=dict(tickformat=".0%", rangemode="tozero"),
    )


# --- tornado -------------------------------------------------------------------------------------


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


# --- P10-P90 bands on the cost-against-services chart --------------------------------------------


def _band_traces(band, label: str, colour: str, group: str, many: str) -> list[go.Scatter]:
    """P90 then P10 of ``band`` (counts, P10, P90), filled between: two traces with no legend
    entry; ``many`` is the counted unit's plural, as plotly text. Their lines are invisible
    (width 0) but coloured, so a chart that cannot fill between lines draws them thin."""
    services, p10, p90 = band
    line = dict(width=0, color=colour)
    common = dict(x=services, mode="lines", line=line, legendgroup=group, showlegend=False)
    return [
        go.Scatter(
            y=p90,
            name=f"{label} P90",
            hovertemplate="%{x} " + many + ": P90 $%{y:,.0f}<extra>%{fullData.name}</extra>",
            **common,
        ),
        go.Scatter(
            y=p10,
            name=f"{label} P10",
            fill="tonexty",
            fillcolor=translucent(colour),
            hovertemplate="%{x} " + many + ": P10 $%{y:,.0f}<extra>%{fullData.name}</extra>",
            **common,
        ),
    ]


def _cut(services: np.ndarray, band, upto: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts, P10 and P90 of the band up to ``upto``, ending exactly at ``upto``."""
    if upto is None or upto >= services[-1]:
        return services, band.p10, band.p90
    kept = services < upto
    p10, p90 = (
        np.append(values[kept], np.interp(upto, services, values))
        for values in (band.p10, band.p90)
    )
    return np.append(services[kept], upto), p10, p90


def add_percentile_bands(
    fig: go.Figure,
    bands: SweepBands,
    pattern_ids: list[str],
    all_ids: list[str],
    figure: str = "annual_usd",
    upto: int | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """Add a translucent P10-P90 band per pattern behind the lines of ``cost_vs_services``.

    ``upto`` cuts the bands at the last service count of the lines (the band's value there
    interpolated), so a band simulated over a wider sweep never stretches the axis. ``noun``:
    the decision's counted unit in the hovers (services by default).

    Each band is two traces (P90 then P10, filled between), put first so the lines stay on top.
    A band has no legend entry of its own: it joins the legend group of its pattern's line (the
    trace named with the pattern's label), so clicking the line's entry hides both. The subtitle
    says what the shading is. Returns the same figure.
    """
    colours = pattern_colours(all_ids)
    groups = {pattern_label(bands.patterns[pid].pattern): pid for pid in pattern_ids}
    shown = {legend_name(label): pid for label, pid in groups.items()}  # as the legend names them
    for trace in fig.data:
        if trace.name in shown:
            trace.legendgroup = shown[trace.name]
    existing, many = len(fig.data), plotly_text(plural(noun))
    fig.add_traces(
        [
            trace
            for name, pid in shown.items()  # each band named as its line (the deck reads them)
            for trace in _band_traces(
                _cut(bands.services, bands.band(pid, figure), upto), name, colours[pid], pid, many
            )
        ]
    )
    fig.data = fig.data[existing:] + fig.data[:existing]
    # grouped entries in a horizontal legend take a row each (seven rows took half the image)
    fig.layout.legend.traceorder = "normal"
    note = f"shaded: P10–P90 of {bands.draws:,} simulated years"
    subtitle = fig.layout.title.subtitle.text
    fig.layout.title.subtitle.text = f"{subtitle}; {note}" if subtitle else note
    return fig


# --- decision score ------------------------------------------------------------------------------


# The score's names wrap later than other bar charts' (CATEGORY_CHARS): six two-line names ran
# into each other where the chart fills a 540 px slide at 14 px type.
SCORE_LABEL_CHARS = 36


def score_chart(scores: list[Score], weights_note: str = "") -> go.Figure:
    """Patterns ranked by weighted score, each bar stacked by what each criterion contributed."""
    labels = [
        category_label(
            f"{s.rank}. {plotly_text(s.label)}" + ("" if s.meets_requirement else " ✗"),
            SCORE_LABEL_CHARS,
        )
        for s in scores
    ]
    traces = []
    for key, name in CRITERIA:
        traces.append(
            go.Bar(
                y=labels,
                x=[s.contributions[key] for s in scores],
                name=name,
                orientation="h",
                marker_color=CRITERION_COLOURS[key],
                hovertemplate="%{y}<br>" + name + ": %{x:.2f}<extra></extra>",
            )
        )
    subtitle = "1 = best on every criterion; those not meeting the requirement last; " + FLAG_NOTE
    if weights_note:
        subtitle = f"{weights_note}; {subtitle}"
    title = "Weighted decision score"  # one line: the chart fits a 540 px slide at 14 px type
    return slide_figure(
        traces,
        title,
        "Weighted score (0 to 1, higher is better)",
        "Access pattern",
        subtitle,
        xaxis=dict(range=[0, 1], tickformat=".1f"),
        yaxis=dict(autorange="reversed"),
        barmode="stack",
        bar_rows=len(labels),
    )
