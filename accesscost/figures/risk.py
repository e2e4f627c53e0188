"""Risk and uncertainty figures: pure functions from simulation, tornado and score results to
``plotly.graph_objects.Figure``.

Every figure has a title and axis titles a slide can carry, and pattern colours from
``accesscost.figures.palette`` so a pattern looks the same as on the FinOps charts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun, plural
from accesscost.figures.layout import (
    FLAG_NOTE,
    category_label,
    count_text,
    legend_name,
    pattern_label,
    slide_figure,
)
from accesscost.figures.palette import pattern_colours, pattern_dashes
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.model.bands import SweepBands
from accesscost.model.exceedance import loss_exceedance, loss_grid
from accesscost.model.scoring import CRITERIA, Score
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
    samples = {pid: annual_loss(sim, pid, index) for pid in pattern_ids}
    before = {pid: sample for pid, sample in (inherent or {}).items() if pid in samples}
    grid = loss_grid([*samples.values(), *before.values()])
    traces = _exceedance_curves(sim, samples, before, grid, all_ids)
    if tolerance is not None:
        start = min(grid[0], tolerance.loss_usd) if grid.size else tolerance.loss_usd / 10
        traces.append(_tolerance_trace(tolerance, start))
    at = count_text(sim.services[index], noun)
    notes = [f"{sim.draws:,} simulated years", *([GUARDRAILS_NOTE] if before else []), FLAG_NOTE]
    log_money = dict(type="log", tickprefix="$", tickformat="~s", dtick=1)  # powers of 10
    return slide_figure(
        traces,
        f"Chance of a year's loss exceeding an amount, at {at}",
        "Annual loss (USD, log scale)",
        "Chance of exceeding it",
        "; ".join(notes),
        xaxis=log_money,
        yaxis=dict(tickformat=".0%", rangemode="tozero"),
    )


def _exceedance_curves(
    sim: Simulation, samples: dict, before: dict, grid: np.ndarray, all_ids: list[str]
) -> list[go.Scatter]:
    """Each pattern's curve (``samples``: pattern id to its annual losses) over ``grid``, in its
    colour and dash; a pattern in ``before`` (its losses without guardrails) gets two."""
    colours, dashes = pattern_colours(all_ids), pattern_dashes(all_ids)
    traces = []
    for pid, sample in samples.items():
        label = pattern_label(sim.patterns[pid].pattern)
        traces += _pattern_traces(label, sample, before.get(pid), grid, colours[pid], dashes[pid])
    return traces


# --- P10-P90 bands on the cost-against-services chart --------------------------------------------


def _band_traces(band, label: str, colour: str, group: str, noun: Noun | None) -> list[go.Scatter]:
    """P90 then P10 of ``band`` (counts, P10, P90), filled between: two traces with no legend
    entry; ``noun``, the counted unit, in the hovers. Their lines are invisible (width 0) but
    coloured, so a chart that cannot fill between lines draws them thin."""
    services, p10, p90 = band
    many = plotly_text(plural(noun))
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
    groups = {pattern_label(bands.patterns[pid].pattern): pid for pid in pattern_ids}
    shown = {legend_name(label): pid for label, pid in groups.items()}  # as the legend names them
    for trace in fig.data:
        if trace.name in shown:
            trace.legendgroup = shown[trace.name]
    existing, colours = len(fig.data), pattern_colours(all_ids)
    fig.add_traces(
        [
            trace
            for name, pid in shown.items()  # each band named as its line (the deck reads them)
            for trace in _band_traces(
                _cut(bands.services, bands.band(pid, figure), upto), name, colours[pid], pid, noun
            )
        ]
    )
    fig.data = fig.data[existing:] + fig.data[:existing]
    # grouped entries in a horizontal legend take a row each (seven rows took half the image)
    fig.layout.legend.traceorder = "normal"
    _add_to_subtitle(fig, f"shaded: P10–P90 of {bands.draws:,} simulated years")
    return fig


def _add_to_subtitle(fig: go.Figure, note: str) -> None:
    """``note`` after the figure's subtitle (as its subtitle, if it has none)."""
    subtitle = fig.layout.title.subtitle.text
    fig.layout.title.subtitle.text = f"{subtitle}; {note}" if subtitle else note


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
