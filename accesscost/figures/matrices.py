"""The page's matrices as figures and tables: pure functions, data in, figure or table out.

- ``risk_matrix_chart``: loss event frequency x loss magnitude, log scales, one marker per
  (pattern, risk) sized by its annualised loss exposure, the tolerance curve across it;
- ``heat_map_chart``: the classic 5x5 view over the same points, each cell's count and loss
  written in it (not colour alone), its risks in the hover;
- ``story_histogram``: a cell's simulated money, with P10, P50 and P90 marked;
- ``count_table`` and ``decision_table``: the pattern x service-count matrix and the decision
  matrix as ``pandas`` tables for a selectable grid, each cell led by its band's mark and saying
  its band in words; failing and ruled-out cells muted, never green.
Text from YAML is plotly text (tags shown, not applied) in figures; tables hold plain values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from accesscost.core.safe_text import plotly_text
from accesscost.core.words import Noun
from accesscost.figures.layout import count_text, slide_figure
from accesscost.figures.palette import BAND_COLOURS, pattern_colours
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.model.count_matrix import CountMatrix
from accesscost.model.matrix import COLUMNS, P_CHEAPEST, MatrixRow, usd
from accesscost.model.risk_matrix import HEAT_BANDS, HeatMap, RiskPoint, tolerance_curve
from accesscost.model.stories import Distribution

LOG_MONEY = dict(type="log", tickprefix="$", tickformat="~s", dtick=1)
SELECTED_OUTLINE = "#1F2933"
MARKER_PX = (10, 46)  # the smallest and largest marker


# --- the risk matrix ---------------------------------------------------------------------------


def marker_sizes(ale_usd: np.ndarray) -> np.ndarray:
    """Marker diameters whose areas grow with the expected loss (square root), within
    ``MARKER_PX`` over the shown points."""
    root = np.sqrt(np.maximum(np.asarray(ale_usd, dtype=float), 0.0))
    top = root.max() if root.size and root.max() > 0 else 1.0
    return MARKER_PX[0] + (MARKER_PX[1] - MARKER_PX[0]) * root / top


def _tolerance_line(
    tolerance: RiskTolerance, x_range: tuple[float, float], top: float
) -> go.Scatter:
    """The tolerance curve over ``x_range``, up to ``top`` events a year (beyond the curve's
    reach, and above the chart, it is left out rather than drawn as gaps)."""
    magnitudes = np.geomspace(*x_range, 80)
    frequency = tolerance_curve(tolerance, magnitudes)
    kept = np.isfinite(frequency) & (frequency <= top)
    magnitudes, frequency = magnitudes[kept], frequency[kept]
    text = (
        f"Risk tolerance: at most {tolerance.probability:.0%} a year of losing more than "
        f"${tolerance.loss_usd:,.0f}; above the line one risk alone breaches it"
    )
    return go.Scatter(
        x=magnitudes,
        y=frequency,
        name="Risk tolerance (one risk alone)",
        mode="lines",
        line=dict(color="#8E1B1B", dash="dot", width=2),
        text=[text] * magnitudes.size,
        hovertemplate="%{text}<extra></extra>",
    )


def risk_matrix_chart(
    points: list[RiskPoint],
    labels: dict[str, str],
    all_ids: list[str],
    services: int,
    tolerance: RiskTolerance | None = None,
    *,
    view: str = "inherent",
    selected: int | None = None,
    noun: Noun | None = None,
) -> go.Figure:
    """One marker per point; ``customdata`` is the point's index in ``points`` (the click's
    key). ``labels``: pattern id to plotly text; ``selected`` outlines one point; ``noun``: the
    decision's counted unit (services by default)."""
    colours = pattern_colours(all_ids)
    sizes = marker_sizes(np.array([p.ale_usd for p in points]))
    traces = [
        _pattern_markers(points, pid, labels[pid], colours[pid], sizes, selected)
        for pid in dict.fromkeys(p.pattern_id for p in points)
    ]
    if tolerance is not None:
        traces += _tolerance_over(points, tolerance)
    title = f"Risk matrix at {count_text(services, noun)}: how often, how much ({view})"
    subtitle = (
        "Marker area: expected loss a year; above the dotted line one risk alone breaches "
        "the tolerance"
    )
    return slide_figure(
        traces,
        title,
        "Loss magnitude per event (USD, log scale)",
        "Loss events a year (log scale)",
        subtitle,
        xaxis=LOG_MONEY,
        # 1, 2 and 5 of each decade: every digit's label ran into the next (0.06 to 0.1)
        yaxis=dict(type="log", tickformat="~g", dtick="D2"),
        clickmode="event+select",
        height=560,
    )


def _pattern_markers(
    points: list[RiskPoint],
    pid: str,
    label: str,
    colour: str,
    sizes: np.ndarray,
    selected: int | None,
) -> go.Scatter:
    """The markers of one pattern's points, each sized by its expected loss, its index in
    ``points`` as ``customdata`` (the click's key); ``selected`` outlined."""
    mine = [i for i, p in enumerate(points) if p.pattern_id == pid]
    return go.Scatter(
        x=[points[i].magnitude_usd for i in mine],
        y=[points[i].lef for i in mine],
        mode="markers",
        name=label,
        customdata=mine,
        text=[plotly_text(points[i].name) for i in mine],
        hovertext=[f"{usd(points[i].ale_usd)}/yr" for i in mine],
        marker=dict(
            size=[sizes[i] for i in mine],
            color=colour,
            opacity=0.75,
            line=dict(width=[3 if i == selected else 1 for i in mine], color=SELECTED_OUTLINE),
        ),
        hovertemplate=(
            "%{text}<br>%{y:.3g} loss events a year x $%{x:,.0f} each"
            "<br>expected loss %{hovertext}<extra>%{fullData.name}</extra>"
        ),
    )


def _tolerance_over(points: list[RiskPoint], tolerance: RiskTolerance) -> list[go.Scatter]:
    """The tolerance line across the points' magnitudes (and its own loss), a factor of 3 either
    side, up to ten times the most frequent point; none when no point has a magnitude."""
    magnitudes = [p.magnitude_usd for p in points if p.magnitude_usd > 0]
    if not magnitudes:
        return []
    low = min(min(magnitudes), tolerance.loss_usd) / 3
    high = max(max(magnitudes), tolerance.loss_usd) * 3
    top = 10 * max(p.lef for p in points)
    return [_tolerance_line(tolerance, (low, high), top)]


def heat_map_chart(
    grid: HeatMap, services: int, view: str = "inherent", noun: Noun | None = None
) -> go.Figure:
    """The 5x5 heat map: rows are frequency bands (Very low at the foot), columns magnitude
    bands; each cell says its count and expected loss, its risks in the hover; ``noun``: the
    decision's counted unit (services by default)."""
    edges = grid.edges
    heat = go.Heatmap(
        z=np.add.outer(np.arange(5), np.arange(5)),  # frequency band + magnitude band, 0..8
        x=_band_ticks(edges.magnitude_usd, usd),
        y=_band_ticks(edges.frequency_per_year, lambda value: f"{value:g}/yr"),
        text=_cell_texts(grid),
        texttemplate="%{text}",
        textfont=dict(size=14),
        customdata=_cell_risks(grid),
        hovertemplate="%{customdata}<extra></extra>",
        colorscale=HEAT_SCALE,
        showscale=False,
        xgap=3,
        ygap=3,
    )
    return slide_figure(
        [heat],
        f"Risk heat map at {count_text(services, noun)} ({view})",
        "Loss magnitude per event",
        "Loss events a year",
        "Bands from org.yaml's risk_heat_map; each cell: how many risks, their expected loss",
        height=560,
    )


HEAT_SCALE = [
    [0, BAND_COLOURS["Low"][0]],
    [0.5, BAND_COLOURS["High"][0]],
    [1, BAND_COLOURS["Critical"][0]],
]


def _cell_texts(grid: HeatMap) -> list[list[str]]:
    """Each cell's text, frequency band by magnitude band: how many risks, their expected loss
    a year (empty where there is none)."""
    return [
        [
            f"{grid.counts[f, m]} risks<br>{usd(grid.ale_usd[f, m])}/yr"
            if grid.counts[f, m]
            else ""
            for m in range(5)
        ]
        for f in range(5)
    ]


def _cell_risks(grid: HeatMap) -> list[list[str]]:
    """Each cell's risks by name, one a line, as plotly text (its hover)."""
    return [
        ["<br>".join(plotly_text(n) for n in grid.names[f][m]) or "no risk here" for m in range(5)]
        for f in range(5)
    ]


def _band_ticks(edges: list[float], shown) -> list[str]:
    """Axis labels of the five bands: each band's name and its range."""
    bounds = [None, *edges, None]
    labels = []
    for name, low, high in zip(HEAT_BANDS, bounds, bounds[1:], strict=False):
        if low is None:
            labels.append(f"{name}<br>≤ {shown(high)}")
        elif high is None:
            labels.append(f"{name}<br>> {shown(low)}")
        else:
            labels.append(f"{name}<br>{shown(low)}–{shown(high)}")
    return labels


# --- a cell's story ----------------------------------------------------------------------------


def story_histogram(spread: Distribution, title: str) -> go.Figure:
    """The cell's simulated money as bars, P10 / P50 / P90 as labelled lines."""
    edges = np.array(spread.edges)
    middles, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    hover = "%{y} years near $%{x:,.0f}<extra></extra>"
    bars = go.Bar(
        x=middles,
        y=spread.counts,
        width=widths,
        marker_color="#56B4E9",
        name="simulated years",
        hovertemplate=hover,
    )
    shapes, notes = _percentile_marks(spread)
    return slide_figure(
        [bars],
        title,
        "USD",
        "Simulated years",
        f"mean {usd(spread.mean)} ± {usd(spread.se)}",
        xaxis=dict(tickprefix="$", tickformat="~s"),
        shapes=shapes,
        annotations=notes,
        height=340,
        showlegend=False,
        bargap=0.05,
        margin=dict(t=110, b=70),
    )


def _percentile_marks(spread: Distribution) -> tuple[list[dict], list[dict]]:
    """P10, P50 and P90 as dotted full-height lines (layout shapes) and their labels above the
    plot (layout annotations)."""
    shapes, notes = [], []
    for name, value in (("P10", spread.p10), ("P50", spread.p50), ("P90", spread.p90)):
        line = dict(color="#1F2933", dash="dot", width=2)
        shapes.append(dict(type="line", x0=value, x1=value, yref="paper", y0=0, y1=1, line=line))
        text = f"{name} {usd(value)}"
        notes.append(
            dict(x=value, yref="paper", y=1.02, text=text, showarrow=False, font=dict(size=14))
        )
    return shapes, notes


# --- selectable tables -------------------------------------------------------------------------
# Each cell leads with a mark for its band, then says the band in words: colour is never alone.
# Plain tables, not a pandas Styler: Streamlit marshals a Styler's per-cell CSS through pandas'
# HTML renderer on every rerun, about 20 ms a grid here against 6 ms for the plain table, and the
# page's rerun has to stay under 300 ms with both grids drawn (benchmarks/bench.py, item 3).
# Circles that fill as the band rises: in every common font (no colour emoji needed; a Linux
# projector without an emoji font showed emoji as empty boxes).
BAND_MARKS = {"Low": "○", "Medium": "◔", "High": "◑", "Very High": "◕", "Critical": "●"}
MUTED_MARK = "–"  # a pattern that fails the requirement, or a limit: no band mark, never green
RULED_OUT_MARK, RECOMMENDED_MARK, FAILS_MARK = "⊘", "★", "✗"


def band_mark(band: str, muted: bool) -> str:
    return MUTED_MARK if muted else BAND_MARKS[band]


def _count_figure(value: float, figure: str) -> str:
    return f"{value:,.0f} h" if figure == "operations_hours_per_year" else usd(value)


def count_columns(matrix: CountMatrix) -> list[str]:
    """Column titles: each count, the chosen one marked."""
    return [f"{n:,} ▶" if n == matrix.chosen else f"{n:,}" for n in matrix.counts.tolist()]


def _count_cell(matrix: CountMatrix, row: int, column: int) -> str:
    pid, band = matrix.pattern_ids[row], str(matrix.bands[row, column])
    out = bool(matrix.ruled_out[row, column])
    mark = band_mark(band, out or not matrix.meets_requirement[row])
    star = f"{RECOMMENDED_MARK} " if matrix.recommended[column] == pid else ""
    stop = f"{RULED_OUT_MARK} " if out else ""
    return f"{mark} {star}{stop}{_count_figure(matrix.values[row, column], matrix.figure)} · {band}"


def count_table(matrix: CountMatrix, labels: dict[str, str]) -> pd.DataFrame:
    """The count matrix as a table: rows are the patterns, columns the counts; each cell its
    band's mark, figure and band; ★ on the recommendation, ⊘ where a limit rules the pattern
    out; – for a pattern that fails the requirement or a limit there."""
    cells = [
        [_count_cell(matrix, row, column) for column in range(matrix.counts.size)]
        for row in range(len(matrix.pattern_ids))
    ]
    index = pd.Index([labels[pid] for pid in matrix.pattern_ids], name="Access pattern")
    return pd.DataFrame(cells, index=index, columns=count_columns(matrix))


def decision_table(rows: list[MatrixRow], uncertainty: dict | None = None) -> pd.DataFrame:
    """The decision matrix as a table, rows in the order given: each cell its band's mark,
    figure and band; ★ marks the recommendation, ✗ a pattern that fails the requirement or a
    limit (its cells marked –, never green)."""
    cells, index = [], []
    for row in rows:
        odds = (uncertainty or {}).get(row.pattern.id, {}).get("p_cheapest")
        line = ["—" if odds is None else f"{odds:.0%}"]
        for entry in COLUMNS:
            key, cell = entry.key, row.cells[entry.key]
            band = f"{cell.band} risk" if key == "security_posture" else cell.band
            line.append(f"{band_mark(cell.band, bool(row.flag))} {cell.figure} · {band}")
        mark = f"{RECOMMENDED_MARK} " if row.recommended else (f"{FAILS_MARK} " if row.flag else "")
        index.append(f"{mark}{row.pattern.label}")
        cells.append(line)
    columns = [P_CHEAPEST, *(entry.label for entry in COLUMNS)]
    return pd.DataFrame(cells, index=pd.Index(index, name="Access pattern"), columns=columns)


def band_help(edges: tuple, unit: str = "") -> str:
    """A band's edges in words, for a column's tooltip: 'Low ≤ 8 h; Medium ≤ 40 h; ...'."""
    parts, last = [], None
    for name, edge in edges:
        if edge is None:
            parts.append(f"{name} above {last:g}{unit}" if isinstance(last, float | int) else name)
        elif isinstance(edge, str):
            parts.append(f"{edge} → {name}")
        else:
            parts.append(f"{name} ≤ {edge:g}{unit}")
            last = edge
    return "; ".join(parts)
