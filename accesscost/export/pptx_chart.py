"""A ``NativeChart`` drawn as an editable PowerPoint chart: its series hold the figure's numbers
("Edit Data" in PowerPoint), styled as on the page (colours, dashes, markers, hatching, labels).

The chart's embedded workbook keeps every series and category name as text: python-pptx's own
turns a name starting with ``=`` into a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager

from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.enum.chart import (
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from accesscost.core.safe_text import XLSX_OPTIONS
from accesscost.export.native_chart import ChartAxis, ChartSeries, NativeChart
from accesscost.export.slide_text import FONT, INK, MUTED, Run, rgb, write_paragraphs

DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
    "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
    "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT,
}

MARKERS = {
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "star": XL_MARKER_STYLE.STAR,
    "x": XL_MARKER_STYLE.X,  # where a pattern exceeds a published limit
}


@contextmanager
def _text_only_worksheet(xlsx_file):
    """python-pptx's worksheet for a chart's embedded data, with strings kept as strings: its
    default ``Workbook`` turns a series or category name starting with ``=`` into a formula."""
    workbook = Workbook(xlsx_file, {"in_memory": True, **XLSX_OPTIONS})
    yield workbook, workbook.add_worksheet()
    workbook.close()


class _CategoryWorkbook(CategoryWorkbookWriter):
    _open_worksheet = staticmethod(_text_only_worksheet)


class _XyWorkbook(XyWorkbookWriter):
    _open_worksheet = staticmethod(_text_only_worksheet)


class TextCategoryChartData(CategoryChartData):
    """Category chart data whose embedded workbook holds no formula."""

    @property
    def _workbook_writer(self):
        return _CategoryWorkbook(self)


class TextXyChartData(XyChartData):
    """XY chart data whose embedded workbook holds no formula."""

    @property
    def _workbook_writer(self):
        return _XyWorkbook(self)


def _chart_data(spec: NativeChart):
    number_format = spec.value_axis.number_format
    if spec.categories is None:
        xy_data = TextXyChartData(number_format=number_format)
        for series in spec.series:
            points = xy_data.add_series(series.name, number_format=number_format)
            for x, y in zip(series.xy, series.values, strict=True):
                points.add_data_point(x, y)
        return xy_data
    data = TextCategoryChartData(number_format=number_format)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    return data


def add_native_chart(slide, spec: NativeChart, box: tuple[float, float, float, float]):
    frame = slide.shapes.add_chart(spec.kind, *(Inches(v) for v in box), _chart_data(spec))
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_title = True
    write_paragraphs(chart.chart_title.text_frame, [(Run(spec.title, 16, True),)])
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(11)
    _style_axis(chart.category_axis, spec.category_axis, numeric=spec.categories is None)
    if spec.categories is not None:
        _style_category_labels(chart, spec.categories)
    _style_axis(chart.value_axis, spec.value_axis, numeric=True)
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb("E4E7EB")
    for plotted, series in zip(chart.plots[0].series, spec.series, strict=True):
        _style_series(plotted, series)
    _hide_from_legend(chart, [i for i, s in enumerate(spec.series) if s.band_edge])
    if spec.categories is not None:
        _style_bars(chart.plots[0], spec)
    return chart


LONG_LABEL = 45  # characters: longer category labels get a smaller font and the legend below


def _style_category_labels(chart, categories: Sequence[str]) -> None:
    """Category labels beside the plot (not on the axis at zero), smaller when they are long."""
    axis = chart.category_axis
    axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    long = max(len(c) for c in categories) > LONG_LABEL
    axis.tick_labels.font.size = Pt(9.5 if long else 11)
    if long:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM


def _style_axis(axis, spec: ChartAxis, numeric: bool) -> None:
    axis.has_title = True
    write_paragraphs(axis.axis_title.text_frame, [(Run(spec.title, 12, True, MUTED),)])
    if not numeric:
        return
    axis.tick_labels.number_format = spec.number_format
    axis.tick_labels.number_format_is_linked = False
    if spec.log:
        log_base = OxmlElement("c:logBase")
        log_base.set("val", "10")
        axis._element.scaling.insert(0, log_base)
    if spec.range is not None:
        axis.minimum_scale, axis.maximum_scale = spec.range
    elif spec.from_zero and not spec.log:
        axis.minimum_scale = 0
    if spec.major_unit:
        axis.major_unit = spec.major_unit


def _style_series(plotted, series: ChartSeries) -> None:
    if series.x is None:
        return
    plotted.smooth = False
    line = plotted.format.line
    if series.marker is not None:
        line.fill.background()
        plotted.marker.style = MARKERS.get(series.marker, XL_MARKER_STYLE.CIRCLE)
        plotted.marker.size = 11
        plotted.marker.format.fill.solid()
        plotted.marker.format.fill.fore_color.rgb = rgb(series.colour or INK)
        return
    line.width = Pt(1.25 if series.band_edge else 2.5)
    if series.colour:
        line.color.rgb = rgb(series.colour)
        if series.band_edge:
            _opacity(line, 70)
    line.dash_style = DASHES.get(series.dash or "solid", MSO_LINE_DASH_STYLE.SOLID)


def _opacity(line, percent: int) -> None:
    """A line's colour made ``percent`` opaque."""
    alpha = OxmlElement("a:alpha")
    alpha.set("val", str(percent * 1000))
    line._get_or_add_ln().find(qn("a:solidFill"))[0].append(alpha)


def _hide_from_legend(chart, indexes: Sequence[int]) -> None:
    """Leave the series at ``indexes`` out of the legend (``c:legendEntry`` with ``c:delete``)."""
    legend = chart.legend._element
    for index in reversed(indexes):
        entry = OxmlElement("c:legendEntry")
        for tag, value in (("c:idx", index), ("c:delete", 1)):
            child = OxmlElement(tag)
            child.set("val", str(value))
            entry.append(child)
        legend.get_or_add_legendPos().addnext(entry)


def _paint(fill, colour: str, hatched: bool) -> None:
    if hatched:
        fill.patterned()
        fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb, fill.back_color.rgb = rgb(colour), rgb("FFFFFF")
    else:
        fill.solid()
        fill.fore_color.rgb = rgb(colour)


def _style_bars(plot, spec: NativeChart) -> None:
    plot.gap_width = 60
    if spec.overlap:
        plot.overlap = 100
    for plotted, series in zip(plot.series, spec.series, strict=True):
        # bars coloured point by point get a neutral series colour, which the legend shows
        _paint(plotted.format.fill, series.colour or MUTED, series.hatched)
        for index, colour in enumerate(series.point_colours or ()):
            _paint(plotted.points[index].format.fill, colour, series.hatched)
    if spec.labels_format is not None:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = spec.labels_format
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(10)
