"""Plotly figures read as native PowerPoint chart specifications (``NativeChart``).

A chart whose traces are all lines/markers (``go.Scatter`` with numeric x) or all bars
(``go.Bar``) becomes a specification whose series hold the figure's numbers, axes, colours and
number formats; ``native_chart`` returns None for any other figure. ``accesscost.export.pptx_chart``
draws a specification; the workbook's chart sheets (``accesscost.export.tables``) read the same.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import plotly.graph_objects as go
from pptx.enum.chart import XL_CHART_TYPE

from accesscost.core.safe_text import plain_from_plotly
from accesscost.model.matrix import usd


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float, ...]
    x: tuple[float, ...] | None = None  # XY charts only
    colour: str | None = None
    point_colours: tuple[str, ...] | None = None
    dash: str | None = None
    marker: str | None = None  # a marker symbol: the series is drawn as markers, no line
    hatched: bool = False
    band_edge: bool = False  # the P10 or P90 edge of a shaded band: a thin line, not in the legend

    @property
    def xy(self) -> tuple[float, ...]:
        """The x values of an XY chart's series (a category chart's series has none)."""
        if self.x is None:
            raise ValueError(f"series {self.name!r} has no x values: not an XY series")
        return self.x


@dataclass(frozen=True)
class ChartAxis:
    """An axis as PowerPoint sees it: for horizontal bars the category axis is the vertical one."""

    title: str
    number_format: str = "General"
    log: bool = False
    range: tuple[float, float] | None = None
    major_unit: float | None = None
    from_zero: bool = False


@dataclass(frozen=True)
class NativeChart:
    kind: XL_CHART_TYPE
    title: str
    subtitle: str
    category_axis: ChartAxis  # the x axis of an XY chart
    value_axis: ChartAxis
    series: tuple[ChartSeries, ...]
    categories: tuple[str, ...] | None = None  # None for XY charts
    overlap: bool = False  # bars drawn over each other (plotly's barmode "overlay")
    labels_format: str | None = None  # number format of bar value labels, None = no labels
    note: str = ""  # what the native chart draws differently from the figure, for its slide


MONEY_FORMAT = '"$"#,##0'

THOUSANDS_FORMAT = '"$"#,##0,"K";-"$"#,##0,"K";"$"0'

SIGNED_THOUSANDS_FORMAT = '+"$"#,##0,"K";-"$"#,##0,"K";"$"0'

SIGNED_MILLIONS_FORMAT = '+"$"0.0,,"M";-"$"0.0,,"M";"$"0'

MILLIONS_FORMAT = '[>=1000000]"$"0.0,,"M";[>=1000]"$"#,##0,"K";"$"0'

NUMBER_FORMAT = "#,##0"

plain_text = plain_from_plotly  # plotly rich text as plain text (tags dropped, entities decoded)


def _floats(values) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values, dtype=float).ravel())


def _numeric(values) -> bool:
    try:
        return values is not None and len(_floats(values)) > 0
    except (TypeError, ValueError):
        return False


THOUSANDS_FROM_USD = 10_000  # axes from $10K show $K (as the plotly ticks do)
MILLIONS_FROM_USD = 1e6
GROUPED_FROM = 100  # plain numbers from 100 get thousands separators


def number_format(axis, values: Sequence[float], signed: bool = False) -> str:
    """An Excel number format showing what the plotly axis's tick format shows."""
    largest = max((abs(v) for v in values), default=0.0)
    if axis.tickprefix == "$":
        if largest < THOUSANDS_FROM_USD:
            return MONEY_FORMAT
        millions = largest >= MILLIONS_FROM_USD
        if signed:
            return SIGNED_MILLIONS_FORMAT if millions else SIGNED_THOUSANDS_FORMAT
        return MILLIONS_FORMAT if min(values) >= 0 and millions else THOUSANDS_FORMAT
    match = re.fullmatch(r"[,~]?\.(\d)([%f])", axis.tickformat or "")
    if match:
        decimals = "." + "0" * int(match[1]) if int(match[1]) else ""
        return f"0{decimals}{'%' if match[2] == '%' else ''}"
    return NUMBER_FORMAT if largest >= GROUPED_FROM else "General"


def chart_axis(axis, values: Sequence[float], title: str | None = None) -> ChartAxis:
    """A plotly axis (``fig.layout.xaxis``, ...) as a native chart axis."""
    log = axis.type == "log"
    step = axis.dtick if isinstance(axis.dtick, int | float) and not log else None
    shown = number_format(axis, values)
    return ChartAxis(
        title=plain_text(axis.title.text) if title is None else title,
        number_format=shown,
        log=log,
        range=_axis_range(axis, values, shown),
        major_unit=float(step) if step else None,
        from_zero=axis.rangemode == "tozero",
    )


def _axis_range(axis, values: Sequence[float], shown: str) -> tuple[float, float] | None:
    """The plotly axis's own range; whole decades on a log axis; at most 100% for a share."""
    positive = [v for v in values if v > 0]
    if axis.type == "log":
        if not positive:
            return None
        low, high = np.floor(np.log10(min(positive))), np.ceil(np.log10(max(positive)))
        return (float(10.0**low), float(10.0**high))
    if axis.range:
        return (float(axis.range[0]), float(axis.range[1]))
    if shown.endswith("%") and positive and min(values) >= 0 and max(values) <= 1:
        return (0.0, min(1.0, math.ceil(max(values) * 10) / 10))
    return None


def native_chart(fig: go.Figure) -> NativeChart | None:
    """The figure as a native chart specification, or None if PowerPoint cannot draw it."""
    traces = list(fig.data)
    if traces and all(isinstance(t, go.Scatter) and _numeric(t.x) for t in traces):
        return _xy_chart(fig)
    if traces and all(isinstance(t, go.Bar) for t in traces):
        return _bar_chart(fig)
    return None


def _titles(fig: go.Figure) -> dict:
    title = fig.layout.title
    return dict(title=plain_text(title.text), subtitle=plain_text(title.subtitle.text))


def _xy_series(trace: go.Scatter) -> ChartSeries:
    markers_only = trace.mode is not None and "lines" not in trace.mode
    colour = trace.line.color if not markers_only else trace.marker.color
    return ChartSeries(
        name=plain_text(trace.name),
        values=_floats(trace.y),
        x=_floats(trace.x),
        colour=colour if isinstance(colour, str) and colour.startswith("#") else None,
        dash=trace.line.dash,
        marker=(trace.marker.symbol or "circle") if markers_only else None,
        band_edge=not markers_only and trace.line.width == 0,  # a band's edge (its fill shows)
    )


BAND_NOTE = (
    "PowerPoint cannot shade between lines: each pattern's P10–P90 band is drawn as two thin "
    "lines in its colour, its P10 and its P90"
)


def _vline_series(fig: go.Figure, bottom: float, top: float) -> list[ChartSeries]:
    """Vertical marker lines (``add_vline``) as two-point series, named by their annotation."""
    labels = {a.x: plain_text(a.text) for a in fig.layout.annotations if a.x is not None}
    lines = []
    for shape in fig.layout.shapes:
        if shape.type == "line" and shape.x0 is not None and shape.x0 == shape.x1:
            name = labels.get(shape.x0) or f"x = {shape.x0:g}"
            x = (float(shape.x0),) * 2
            lines.append(
                ChartSeries(name, (bottom, top), x, colour=shape.line.color, dash=shape.line.dash)
            )
    return lines


def _xy_chart(fig: go.Figure) -> NativeChart:
    series = [_xy_series(trace) for trace in fig.data if trace.visible is not False]
    ys = [y for s in series for y in s.values]
    xs = [x for s in series for x in s.xy]
    # band edges last: LibreOffice drew no series of an XY chart that came before the lines
    lines = [s for s in series if not s.band_edge]
    edges = [s for s in series if s.band_edge]
    across = chart_axis(fig.layout.xaxis, xs)
    if across.range is None and not across.log:
        across = replace(across, range=(min(0.0, min(xs)), max(xs)))
    return NativeChart(
        kind=XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS,
        category_axis=across,
        value_axis=chart_axis(fig.layout.yaxis, ys),
        series=(*lines, *_vline_series(fig, min(0.0, min(ys)), max(ys)), *edges),
        note=BAND_NOTE if edges else "",
        **_titles(fig),
    )


def _bar_series(trace: go.Bar, horizontal: bool, order: slice) -> ChartSeries:
    colour = trace.marker.color
    many = not isinstance(colour, str) and colour is not None
    return ChartSeries(
        name=plain_text(trace.name),
        values=_floats(trace.x if horizontal else trace.y)[order],
        colour=None if many else colour,
        point_colours=tuple(colour)[order] if many else None,
        hatched=bool(trace.marker.pattern.shape),
    )


BAR_KINDS = {
    (True, True): XL_CHART_TYPE.BAR_STACKED,
    (True, False): XL_CHART_TYPE.BAR_CLUSTERED,
    (False, True): XL_CHART_TYPE.COLUMN_STACKED,
    (False, False): XL_CHART_TYPE.COLUMN_CLUSTERED,
}


def _bar_base(fig: go.Figure) -> float | None:
    """The common ``base`` of floating bars (a tornado), or None; values are then offsets."""
    bases = {float(t.base) for t in fig.data if isinstance(t.base, int | float)}
    return bases.pop() if len(bases) == 1 else None


def _bar_chart(fig: go.Figure) -> NativeChart | None:
    first = fig.data[0]
    horizontal = first.orientation == "h"
    categories = tuple(plain_text(str(c)) for c in (first.y if horizontal else first.x) or ())
    if not categories:
        return None
    # PowerPoint draws the first category of a bar chart at the bottom, as plotly does unless the
    # axis is reversed (as the FinOps charts do, to list patterns top-down).
    flip = horizontal and fig.layout.yaxis.autorange == "reversed"
    order = slice(None, None, -1 if flip else 1)
    series = tuple(_bar_series(t, horizontal, order) for t in fig.data)
    values_axis = fig.layout.xaxis if horizontal else fig.layout.yaxis
    values = chart_axis(values_axis, [v for s in series for v in s.values])
    base = _bar_base(fig)
    if base is not None:  # offsets from the base, signed, said in the axis title
        offsets = number_format(values_axis, [v for s in series for v in s.values], signed=True)
        title = f"{values.title}: change from the base {usd(base)}"
        values = replace(values, title=title, number_format=offsets, range=None)
    stacked = fig.layout.barmode in ("stack", "relative")
    return NativeChart(
        kind=BAR_KINDS[horizontal, stacked],
        category_axis=chart_axis(fig.layout.yaxis if horizontal else fig.layout.xaxis, []),
        value_axis=values,
        series=series,
        categories=categories[order],
        overlap=fig.layout.barmode == "overlay",
        labels_format=None if stacked or base is not None else values.number_format,
        **_titles(fig),
    )
