"""The review deck: a 16:9 PowerPoint file built with python-pptx from one ``ExportContext``.

Slides, in order: a title slide (scenario, service count, horizon, date, every assumption file with
its checksum), the key figures, the decision matrix as a native table in the band colours, one
slide per chart (the four FinOps charts, then the risk charts: loss exceedance, tornado, decision
score), then the appendix listing every assumption with its value as written and its source, over
as many slides as it needs. Tables are paginated or shrunk on an estimate of how their text wraps.

A chart whose traces are all lines/markers (``go.Scatter`` with numeric x) or all bars
(``go.Bar``) becomes a native PowerPoint chart whose series hold the figure's numbers, so it stays
editable ("Edit Data" in PowerPoint); any other chart goes in as a PNG made by
``accesscost.export.images``,
or as a short note saying why when no browser is available. Every text uses Arial, which
PowerPoint has and LibreOffice replaces with the metrically identical Liberation Sans, so the
overflow estimates below hold in both.
"""

from __future__ import annotations

import io
import json
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from accesscost.core.quantity import Quantity
from accesscost.core.safe_text import XLSX_OPTIONS, plain_from_plotly
from accesscost.core.words import services_text
from accesscost.export import images
from accesscost.figures import finops, risk
from accesscost.figures.palette import BAND_COLOURS, pattern_colours
from accesscost.inputs.loading import Assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.matrix import COLUMNS, MatrixRow, decision_matrix, recommended_id, usd
from accesscost.model.scoring import Weights, decision_scores
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.simulation import simulate, tolerance_at
from accesscost.model.timeline import payback_text, saving_parts_text, saving_text, sweep_counts

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = 0.4  # inches, left and right
CONTENT_TOP = 1.2  # inches: below the slide title
CONTENT_BOTTOM = 7.15  # inches: the lowest a table may reach
FONT = "Arial"
INK, MUTED, FLAG, HEADER = "1F2933", "52606D", "8E1B1B", "3E4C59"
SWEEP_POINTS = 400
FILES_ON_TITLE = 16

CHART_SLIDE_TITLES = {
    "annual-cost-vs-services": "How the annual cost grows with the number of services",
    "annual-cost-by-category": "Where each pattern's annual cost comes from",
    "cumulative-cost": "Cumulative cost of moving, month by month",
    "savings": "What each pattern saves against the reference",
    "loss-exceedance": "How likely a costly year is: loss exceedance",
    "tornado": "Which assumptions move the answer most",
    "decision-score": "Weighted decision score (equal weights)",
}


# --- what is exported ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ExportContext:
    """Everything an export shows: the model at one count, a sweep, and where the numbers came from.

    ``assumptions`` are the ones used (what-if edits applied); ``overrides`` records those edits
    (any JSON-like mapping, or None); ``extra_figures`` are more charts (e.g. risk) by file name.
    """

    assumptions: Assumptions
    result: Estimate
    sweep: Estimate
    shown: tuple[str, ...]
    scenario_name: str
    overrides: Mapping | None
    generated: datetime
    extra_figures: Mapping[str, go.Figure] = field(default_factory=dict)

    @property
    def services(self) -> int:
        return int(self.result.services[0])

    @property
    def all_ids(self) -> list[str]:
        return list(self.assumptions.patterns)

    @property
    def rows(self) -> list[MatrixRow]:
        org = self.assumptions.org
        return decision_matrix(
            self.result, org.bands, org.labour.hours_per_day, shown=list(self.shown), org=org
        )


def make_context(
    assumptions: Assumptions,
    services: int,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    reference_id: str | None = None,
    shown: Sequence[str] | None = None,
    scenario_name: str = "Baseline",
    overrides: Mapping | None = None,
    extra_figures: Mapping[str, go.Figure] | None = None,
    generated: datetime | None = None,
) -> ExportContext:
    """Price every pattern at ``services`` and over a sweep, ready for every export.

    ``extra_figures`` are charts added after the FinOps ones; None means the default risk charts
    (``risk_figures``), ``{}`` none.
    """
    settings = dict(
        horizon_years=horizon_years, hourly_rate_usd=hourly_rate_usd, reference_id=reference_id
    )
    result = estimate(assumptions, services, **settings)
    sweep = estimate(assumptions, sweep_counts(int(result.services[0]), SWEEP_POINTS), **settings)
    ids = _shown_ids(assumptions, shown)
    if extra_figures is None:
        extra_figures = risk_figures(assumptions, result, ids, hourly_rate_usd=hourly_rate_usd)
    return ExportContext(
        assumptions=assumptions,
        result=result,
        sweep=sweep,
        shown=ids,
        scenario_name=scenario_name,
        overrides=overrides or None,
        generated=generated or datetime.now(UTC),
        extra_figures=dict(extra_figures),
    )


def risk_figures(
    assumptions: Assumptions,
    result: Estimate,
    shown: Sequence[str],
    *,
    hourly_rate_usd: float | None = None,
) -> dict[str, go.Figure]:
    """The risk charts at the chosen count: loss exceedance (Monte Carlo with the org's draws
    and seed), the tornado of the recommended pattern's saving, the equal-weights score."""
    org, ids, services = assumptions.org, list(shown), int(result.services[0])
    settings = dict(horizon_years=result.horizon_years, hourly_rate_usd=hourly_rate_usd)
    rng = np.random.default_rng(org.simulation.seed)
    sim = simulate(assumptions, services, org.simulation.draws, rng, pattern_ids=ids,
                   reference_id=result.reference_id, **settings)  # fmt: skip
    target = recommended_id(result, shown=ids) or ids[0]
    against = result.reference_id if result.reference_id != target else None
    swings = tornado(assumptions, Output(target, against), services, **settings)
    scores = decision_scores(result, Weights(), shown=ids)
    return {
        "loss-exceedance": risk.loss_exceedance_chart(
            sim, ids, list(assumptions.patterns), tolerance_at(org, services)
        ),
        "tornado": risk.tornado_chart(swings),
        "decision-score": risk.score_chart(scores, "equal weights"),
    }


def _shown_ids(assumptions: Assumptions, shown: Sequence[str] | None) -> tuple[str, ...]:
    ids = list(assumptions.patterns)
    unknown = [pid for pid in shown or () if pid not in ids]
    if unknown:
        raise ValueError(f"shown: unknown pattern {unknown[0]!r}; known: {', '.join(ids)}")
    if shown is not None and not shown:
        raise ValueError(f"shown: choose at least one pattern of {', '.join(ids)}")
    return tuple(pid for pid in ids if shown is None or pid in shown)


def chart_figures(context: ExportContext) -> dict[str, go.Figure]:
    """Every chart of the export by file name: the four FinOps charts, then the extra ones."""
    shown, all_ids, result = list(context.shown), context.all_ids, context.result
    figures = {
        "annual-cost-vs-services": finops.cost_vs_services(
            context.sweep, shown, context.services, all_ids
        ),
        "annual-cost-by-category": finops.annual_breakdown_chart(result, shown),
        "cumulative-cost": finops.cumulative_cost_chart(result, shown, all_ids),
        "savings": finops.savings_chart(result, shown, all_ids),
    }
    return figures | dict(context.extra_figures)


# --- native chart specifications, read from plotly figures --------------------------------------


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


MONEY_FORMAT = '"$"#,##0'
THOUSANDS_FORMAT = '"$"#,##0,"K";-"$"#,##0,"K";"$"0'
SIGNED_THOUSANDS_FORMAT = '+"$"#,##0,"K";-"$"#,##0,"K";"$"0'
SIGNED_MILLIONS_FORMAT = '+"$"0.0,,"M";-"$"0.0,,"M";"$"0'
MILLIONS_FORMAT = '[>=1000000]"$"0.0,,"M";[>=1000]"$"#,##0,"K";"$"0'
NUMBER_FORMAT = "#,##0"
DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
    "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
    "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT,
}
MARKERS = {"diamond": XL_MARKER_STYLE.DIAMOND, "star": XL_MARKER_STYLE.STAR}


plain_text = plain_from_plotly  # plotly rich text as plain text (tags dropped, entities decoded)


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


def _floats(values) -> tuple[float, ...]:
    return tuple(float(v) for v in np.asarray(values, dtype=float).ravel())


def _numeric(values) -> bool:
    try:
        return values is not None and len(_floats(values)) > 0
    except (TypeError, ValueError):
        return False


def number_format(axis, values: Sequence[float], signed: bool = False) -> str:
    """An Excel number format showing what the plotly axis's tick format shows."""
    largest = max((abs(v) for v in values), default=0.0)
    if axis.tickprefix == "$":
        if largest < 10_000:
            return MONEY_FORMAT
        if signed:
            return SIGNED_MILLIONS_FORMAT if largest >= 1e6 else SIGNED_THOUSANDS_FORMAT
        return MILLIONS_FORMAT if min(values) >= 0 and largest >= 1e6 else THOUSANDS_FORMAT
    match = re.fullmatch(r"[,~]?\.(\d)([%f])", axis.tickformat or "")
    if match:
        decimals = "." + "0" * int(match[1]) if int(match[1]) else ""
        return f"0{decimals}{'%' if match[2] == '%' else ''}"
    return NUMBER_FORMAT if largest >= 100 else "General"


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
    xs = [x for s in series for x in s.x]
    across = chart_axis(fig.layout.xaxis, xs)
    if across.range is None and not across.log:
        across = replace(across, range=(min(0.0, min(xs)), max(xs)))
    return NativeChart(
        kind=XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS,
        category_axis=across,
        value_axis=chart_axis(fig.layout.yaxis, ys),
        series=tuple(series + _vline_series(fig, min(0.0, min(ys)), max(ys))),
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


# --- drawing helpers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    size: float = 12
    bold: bool = False
    colour: str = INK


Paragraph = tuple[Run, ...]


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _style_run(run, style: Run) -> None:
    font = run.font
    font.name, font.size, font.bold = FONT, Pt(style.size), style.bold
    font.color.rgb = _rgb(style.colour)


def write_paragraphs(frame, paragraphs: Sequence[Paragraph], align=PP_ALIGN.LEFT) -> None:
    """Replace the text of a text frame (a shape's or a table cell's) with styled paragraphs."""
    frame.clear()
    frame.word_wrap = True
    for index, paragraph in enumerate(paragraphs):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        target.alignment = align
        for piece in paragraph:
            run = target.add_run()
            run.text = piece.text
            _style_run(run, piece)


def _text_box(slide, box: tuple[float, float, float, float], paragraphs, align=PP_ALIGN.LEFT):
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    write_paragraphs(shape.text_frame, paragraphs, align)
    return shape


def _new_slide(prs, title: str):
    """A "Title Only" slide with the title placeholder moved and styled for 16:9."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(0.3)
    shape.width, shape.height = SLIDE_WIDTH - Inches(2 * MARGIN), Inches(0.8)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    write_paragraphs(shape.text_frame, [(Run(title, 26, True),)])
    return slide


# --- tables -------------------------------------------------------------------------------------

# Measured on LibreOffice's rendering (Liberation Sans, Arial's metrics) of the appendix: about
# 0.48 em a character in running English text and lines 1.15 em apart; both rounded up here.
CHAR_WIDTH_EM = 0.5
BOLD_WIDTH = 1.08
LINE_HEIGHT = 1.17
CELL_MARGIN = 0.05  # inches, each side of a table cell
MIN_ROW_HEIGHT = 0.2  # inches


def text_lines(text: str, width_in: float, size_pt: float, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width_in`` inches wide (an estimate)."""
    em = CHAR_WIDTH_EM * (BOLD_WIDTH if bold else 1.0)
    per_line = max(1, int((width_in - 2 * CELL_MARGIN) * 72 / (size_pt * em)))
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def paragraph_height(paragraphs: Sequence[Paragraph], width_in: float) -> float:
    """Estimated height in inches of styled paragraphs in a column."""
    height = 0.0
    for paragraph in paragraphs:
        size = max(run.size for run in paragraph)
        text = "".join(run.text for run in paragraph)
        bold = any(run.bold for run in paragraph)
        height += text_lines(text, width_in, size, bold) * size * LINE_HEIGHT / 72
    return height + 2 * CELL_MARGIN


def row_height(cells: Sequence[Sequence[Paragraph]], widths: Sequence[float]) -> float:
    return max(paragraph_height(cell, width) for cell, width in zip(cells, widths, strict=True))


def _fill(cell, colour: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(colour)


def add_table(slide, rows, widths: Sequence[float], top: float, fills=None):
    """A native table; ``rows`` are lists of cells, each a list of paragraphs.

    ``fills`` gives each cell's background colour (same shape as ``rows``, None = white). Rows
    are given a one-line height: PowerPoint and LibreOffice grow each to fit its text, and callers
    keep the estimated total (``row_height``) within the slide.
    """
    frame = slide.shapes.add_table(
        len(rows), len(widths), Inches(MARGIN), Inches(top), Inches(sum(widths)),
        Inches(MIN_ROW_HEIGHT * len(rows)),
    )  # fmt: skip
    table = frame.table
    table.first_row, table.horz_banding = True, False
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r, row in enumerate(rows):
        table.rows[r].height = Inches(MIN_ROW_HEIGHT)  # PowerPoint grows a row to fit its text
        for c, paragraphs in enumerate(row):
            _table_cell(table.cell(r, c), paragraphs, (fills[r][c] if fills else None) or "FFFFFF")
    return table


def _table_cell(cell, paragraphs, colour: str) -> None:
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(cell, side, Inches(CELL_MARGIN))
    cell.vertical_anchor = MSO_ANCHOR.TOP
    _fill(cell, colour)
    write_paragraphs(cell.text_frame, paragraphs)


def paginate(rows: Sequence, widths: Sequence[float], budget_in: float, header) -> list[list]:
    """Split rows into pages whose estimated height, with the header row, fits ``budget_in``."""
    pages, page, used = [], [], row_height(header, widths)
    start = used
    for row in rows:
        height = row_height(row, widths)
        if page and used + height > budget_in:
            pages.append(page)
            page, used = [], start
        page.append(row)
        used += height
    return [*pages, page] if page else pages


# --- slides -------------------------------------------------------------------------------------


def _short_path(path: str) -> str:
    file = Path(path)
    return f"{file.parent.name}/{file.name}" if file.parent.name == "patterns" else file.name


def _settings_line(context: ExportContext) -> str:
    result = context.result
    reference = result.patterns[result.reference_id].pattern.label
    return (
        f"{services_text(context.services)} · {result.horizon_years}-year horizon · "
        f"${float(result.hourly_rate_usd):,.0f} an engineer hour · savings against {reference}"
    )


def title_slide(prs, context: ExportContext) -> None:
    slide = _new_slide(prs, "How should ECS tasks get permission to write to S3?")
    edits = f" · {len(_flatten(context.overrides))} what-if edits" if context.overrides else ""
    generated = context.generated.strftime("%Y-%m-%d %H:%M UTC")
    _text_box(
        slide,
        (MARGIN, 1.15, 12.5, 1.2),
        [
            (Run(f"Scenario: {context.scenario_name}", 22, True, "0072B2"),),
            (Run(_settings_line(context), 16),),
            (Run(f"Generated {generated}{edits}", 13, False, MUTED),),
        ],
    )
    _files_table(slide, context)


def _files_table(slide, context: ExportContext) -> None:
    files = context.assumptions.files
    head = [[(Run(text, 11, True, "FFFFFF"),)] for text in ("Assumption file", "sha256", "changed")]
    rows = [head]
    for file in files[:FILES_ON_TITLE]:
        changed = datetime.fromtimestamp(file.modified, UTC).strftime("%Y-%m-%d %H:%M UTC")
        rows.append(
            [[(Run(text, 10),)] for text in (_short_path(file.path), file.sha256[:16], changed)]
        )
    if len(files) > FILES_ON_TITLE:
        more = f"and {len(files) - FILES_ON_TITLE} more: see assumptions.yaml"
        rows.append([[(Run(more, 10, False, MUTED),)], [(Run(""),)], [(Run(""),)]])
    fills = [[HEADER] * 3] + [[None] * 3] * (len(rows) - 1)
    add_table(slide, rows, (4.2, 2.2, 2.4), 2.55, fills)


def key_figures(context: ExportContext) -> list[tuple[str, str]]:
    """The key figures as (label, value): what the page shows at the top, as text."""
    result = context.result
    best = recommended_id(result, shown=list(context.shown))
    if best is None:
        return [("Recommended", "none: no shown pattern meets the requirement")]
    figures = result.patterns[best]
    reference = result.patterns[result.reference_id].pattern
    short = reference.option or reference.name
    return [
        ("Recommended", figures.pattern.label),
        ("Its annual cost", usd(float(figures.annual_usd[0]))),
        (f"Saving a year vs {short}", saving_text(result, best)),
        ("Of which", saving_parts_text(result, best).replace(" · ", "\n")),
        (f"Payback of moving from {short}", payback_text(result, best)),
        (f"Its cost over {result.horizon_years} years (TCO)", usd(float(figures.tco_usd[0]))),
    ]


def key_figures_slide(prs, context: ExportContext) -> None:
    slide = _new_slide(prs, f"Key figures at {services_text(context.services)}")
    cards = key_figures(context)
    width = (13.333 - 2 * MARGIN - 0.2 * (len(cards) - 1)) / len(cards)
    for index, (label, value) in enumerate(cards):
        left = MARGIN + index * (width + 0.2)
        card = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, *(Inches(v) for v in (left, 1.3, width, 1.7))
        )
        card.fill.solid()
        card.fill.fore_color.rgb = _rgb("F3F5F7")
        card.line.color.rgb = _rgb("D9DEE3")
        card.shadow.inherit = False
        size = 24 if len(value) <= 14 else 16
        write_paragraphs(
            card.text_frame, [(Run(label, 13, False, MUTED),), (Run(value, size, True),)]
        )
        card.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    width = 13.333 - 2 * MARGIN
    verdict = fit(lambda scale: _verdict(context, scale), [width], CONTENT_BOTTOM - 3.3)
    box = _text_box(slide, (MARGIN, 3.3, width, CONTENT_BOTTOM - 3.3), verdict)
    for paragraph in box.text_frame.paragraphs:
        paragraph.space_after = Pt(4)


def _verdict(context: ExportContext, scale: float = 1.0) -> list[Paragraph]:
    """What the key figures mean, and why each flagged pattern is never recommended."""
    rows, size = context.rows, 15 * scale
    paragraphs = [(Run(_settings_line(context) + ".", size),)]
    best = next((row for row in rows if row.recommended), None)
    if best is not None:
        horizon = context.result.horizon_years
        text = (
            f"{best.pattern.label} has the lowest total cost over {horizon} years among the "
            "shown patterns that meet the requirement."
        )
        paragraphs.append((Run(text, size),))
    flagged = [row for row in rows if not row.pattern.meets_requirement]
    if flagged:
        paragraphs.append((Run("Never recommended: they do not meet the requirement", size, True),))
    for row in flagged:
        gap = row.pattern.requirement_gap
        paragraphs.append(
            (Run(f"✗ {row.pattern.label}: ", size * 0.85, True, FLAG), Run(gap, size * 0.85))
        )
    return paragraphs


def fit(build, widths: Sequence[float], budget_in: float, smallest: float = 0.6):
    """``build(scale)`` at the largest scale (1.0 down to ``smallest``) whose estimate fits."""
    scale = 1.0
    while scale > smallest and _height(build(scale), widths) > budget_in:
        scale = round(scale - 0.05, 2)
    return build(scale)


def _height(content, widths: Sequence[float]) -> float:
    """Estimated height of table rows (lists of cells) or of a text box's paragraphs."""
    if content and isinstance(content[0], list):
        return sum(row_height(row, widths) for row in content)
    return paragraph_height(content, widths[0])


MATRIX_PATTERN_WIDTH = 2.5
MATRIX_TOP, MATRIX_NOTE_TOP = 1.1, 6.8


def _pattern_cell(row: MatrixRow, colour: str, scale: float) -> list[Paragraph]:
    cell = [(Run("■ ", 13 * scale, True, colour), Run(row.pattern.label, 12 * scale, True))]
    if row.recommended:
        cell.append((Run("★ RECOMMENDED", 9 * scale, True, "0072B2"),))
    if row.flag:
        cell.append((Run("✗ does not meet the requirement", 9 * scale, True, FLAG),))
    return cell


def _band_cell(row: MatrixRow, key: str, scale: float) -> list[Paragraph]:
    cell = row.cells[key]
    text = BAND_COLOURS[cell.band][1]
    paragraphs = [
        (Run(cell.figure, 12 * scale, True, text),),
        (Run(cell.band.upper(), 9 * scale, True, text),),
    ]
    if cell.note:
        paragraphs.append((Run(cell.note, 9 * scale, False, text),))
    return paragraphs


def matrix_table_rows(context: ExportContext, scale: float = 1.0) -> list[list]:
    """The decision matrix as table rows (lists of cells, each a list of paragraphs)."""
    colours = pattern_colours(context.all_ids)
    head = ["Access pattern", *(label for _, label in COLUMNS)]
    rows = [[[(Run(text, 12 * scale, True, "FFFFFF"),)] for text in head]]
    for row in context.rows:
        rows.append(
            [_pattern_cell(row, colours[row.pattern.id], scale)]
            + [_band_cell(row, key, scale) for key, _ in COLUMNS]
        )
    return rows


def matrix_fills(context: ExportContext) -> list[list[str]]:
    """Each matrix cell's background: the header, grey pattern cells, then band colours."""
    fills = [[HEADER] * (len(COLUMNS) + 1)]
    for row in context.rows:
        fills.append(["F3F5F7"] + [BAND_COLOURS[row.cells[key].band][0] for key, _ in COLUMNS])
    return fills


def matrix_slide(prs, context: ExportContext) -> None:
    slide = _new_slide(prs, f"Decision matrix at {services_text(context.services)}")
    other = (13.333 - 2 * MARGIN - MATRIX_PATTERN_WIDTH) / len(COLUMNS)
    widths = (MATRIX_PATTERN_WIDTH, *([other] * len(COLUMNS)))
    budget = MATRIX_NOTE_TOP - MATRIX_TOP
    rows = fit(lambda scale: matrix_table_rows(context, scale), widths, budget)
    add_table(slide, rows, widths, MATRIX_TOP, matrix_fills(context))
    bands = context.assumptions.org.bands
    note = (
        "Each cell: the computed figure, its band and the note from the pattern's YAML file. "
        f"Bands from org.yaml: implementation Low ≤ {bands.implementation_hours.low:g} h; "
        f"compliance Low ≤ {bands.compliance_ratio.low:g}x the best valid pattern's expected "
        f"loss, Critical > {bands.compliance_ratio.high:g}x. "
        "✗ = does not meet the requirement (reasons on the key-figures slide), never recommended."
    )
    _text_box(slide, (MARGIN, MATRIX_NOTE_TOP, 12.5, 0.5), [(Run(note, 10, False, MUTED),)])


def chart_slide(prs, name: str, fig: go.Figure) -> None:
    """One chart: native if PowerPoint can draw it, else an image, else a note saying why."""
    spec = native_chart(fig)
    title = CHART_SLIDE_TITLES.get(name) or plain_text(fig.layout.title.text) or name
    slide = _new_slide(prs, title)
    box = (MARGIN, 1.1, 13.333 - 2 * MARGIN, 5.75)
    if spec is not None:
        add_native_chart(slide, spec, box)
        footer = "Native chart: right-click > Edit Data in PowerPoint to see or change the numbers."
        if spec.subtitle:
            footer = f"{spec.subtitle}.  {footer}"
    elif not _has_data(fig):
        _chart_note(slide, fig, "Nothing to draw for the patterns shown.")
        footer = "Chart not included."
    else:
        footer = _chart_image(slide, fig, box)
    _text_box(slide, (MARGIN, 6.9, 12.5, 0.4), [(Run(footer, 10, False, MUTED),)])


def _has_data(fig: go.Figure) -> bool:
    columns = ("x", "y", "z", "values")
    return any(len(getattr(t, c, None) or ()) for t in fig.data for c in columns)


def _chart_note(slide, fig: go.Figure, reason: str) -> None:
    title = plain_text(fig.layout.title.text) or "Chart"
    _text_box(slide, (MARGIN, 3.0, 12.5, 1.5), [(Run(title, 18, True),), (Run(reason, 14),)])


def _chart_image(slide, fig: go.Figure, box) -> str:
    try:
        png = images.figure_image(fig, "png", 1600, 900, scale=2)
    except images.ImageExportError as error:
        _chart_note(slide, fig, f"This chart type has no native PowerPoint form. {error}")
        return "Chart not included."
    left, top, width, height = (Inches(v) for v in box)
    picture_width = min(width, int(height * 16 / 9))
    slide.shapes.add_picture(
        io.BytesIO(png), left + (width - picture_width) // 2, top, width=picture_width
    )
    return "Image (3200 × 1800 px): PowerPoint has no native form of this chart type."


# --- native charts ------------------------------------------------------------------------------


def _chart_data(spec: NativeChart):
    number_format = spec.value_axis.number_format
    if spec.categories is None:
        data = TextXyChartData(number_format=number_format)
        for series in spec.series:
            points = data.add_series(series.name, number_format=number_format)
            for x, y in zip(series.x, series.values, strict=True):
                points.add_data_point(x, y)
        return data
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
    chart.value_axis.major_gridlines.format.line.color.rgb = _rgb("E4E7EB")
    for plotted, series in zip(chart.plots[0].series, spec.series, strict=True):
        _style_series(plotted, series)
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
        plotted.marker.format.fill.fore_color.rgb = _rgb(series.colour or INK)
        return
    line.width = Pt(2.5)
    if series.colour:
        line.color.rgb = _rgb(series.colour)
    line.dash_style = DASHES.get(series.dash or "solid", MSO_LINE_DASH_STYLE.SOLID)


def _paint(fill, colour: str, hatched: bool) -> None:
    if hatched:
        fill.patterned()
        fill.pattern = MSO_PATTERN.WIDE_UPWARD_DIAGONAL
        fill.fore_color.rgb, fill.back_color.rgb = _rgb(colour), _rgb("FFFFFF")
    else:
        fill.solid()
        fill.fore_color.rgb = _rgb(colour)


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


# --- appendix -----------------------------------------------------------------------------------

APPENDIX_COLUMNS = (
    ("Pattern", 1.55),
    ("Section", 1.1),
    ("Item", 2.7),
    ("Per", 0.9),
    ("Value as written", 2.3),
    ("Source", 3.98),
)
APPENDIX_FONT = 8.5


def _written(quantity: Quantity, prefix: str = "") -> str:
    raw = quantity.to_yaml()
    if isinstance(raw, dict):
        inner = " / ".join(f"{k} {prefix}{v:,g}" for k, v in raw.items())
        return f"[{inner}] (mean {prefix}{quantity.mean():,.4g})"
    return f"{prefix}{raw:,g}"


def _org_rows(context: ExportContext) -> list[tuple[str, ...]]:
    org, result = context.assumptions.org, context.result
    rate = float(result.hourly_rate_usd)
    rows = [
        ("Loaded engineer hourly rate (USD)",
         _used(_written(org.labour.hourly_rate_usd, "$"), f"${rate:,g}",
               abs(rate - org.labour.hourly_rate_usd.mean()) > 1e-9),
         org.labour.source),
        ("Engineer hours per day", f"{org.labour.hours_per_day:g}", "org.yaml"),
        ("Default service count", f"{org.default_services}", "org.yaml"),
        ("Services per EC2 host", f"{org.services_per_host}", org.services_per_host_source),
        ("Horizon (years)", _used(f"{org.horizon_years}", f"{result.horizon_years}",
                                  result.horizon_years != org.horizon_years), "org.yaml"),
        ("Reference pattern (savings against)",
         _used(org.reference_pattern, result.reference_id,
               result.reference_id != org.reference_pattern), "org.yaml"),
        *_band_rows(org.bands),
        ("Simulation draws and seed",
         f"{org.simulation.draws:,} draws, seed {org.simulation.seed}", "org.yaml"),
    ]  # fmt: skip
    if org.risk_tolerance is not None:
        tolerance = org.risk_tolerance
        text = (f"P(annual loss > {usd(tolerance.loss_usd)}) ≤ {tolerance.probability:g} at "
                f"{org.default_services:,} services, in proportion at other counts")  # fmt: skip
        rows.append(("Risk tolerance", text, tolerance.source))
    return [("Organisation", "org.yaml", name, "", value, source) for name, value, source in rows]


def _used(written: str, used: str, changed: bool) -> str:
    """The value as written, and the one used when a what-if setting changed it."""
    return f"{written}; used {used} (what-if)" if changed else written


def _band_rows(bands) -> list[tuple[str, ...]]:
    def four(edges, unit: str) -> str:
        return ", ".join(
            f"{band} ≤ {edge:g}{unit}"
            for band, edge in (("Low", edges.low), ("Medium", edges.medium), ("High", edges.high))
        )

    source = "org.yaml bands (judgement, set to reproduce the seed's matrix at 50 services)"
    return [
        ("Band edges: implementation time", four(bands.implementation_hours, " h"), source),
        ("Band edges: operational overhead", four(bands.operations_ratio, "x"), source),
        ("Band edges: cost impact", four(bands.cost_impact_usd_per_year, " $/yr"), source),
        ("Band edges: compliance risk",
         f"Low ≤ {bands.compliance_ratio.low:g}x, High ≤ {bands.compliance_ratio.high:g}x the "
         "best valid pattern's expected loss", source),
    ]  # fmt: skip


def _pattern_rows(context: ExportContext) -> list[tuple[str, ...]]:
    rows = []
    for figures in context.result.patterns.values():
        label = figures.pattern.label
        for item in figures.line_items:
            rows.append((label, item.section, item.name, item.per, item.quantity, item.source))
    return rows


def _operation_written(item) -> str:
    if item.hours is not None:
        return f"{_written(item.hours)}h {item.frequency}"
    return f"{_written(item.usd, '$')} {item.frequency}"


def _guardrail_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """The guardrails that can be switched on: their work and what they mitigate."""
    rows = []
    for guardrail in context.assumptions.guardrails.values():
        label = f"Guardrail: {guardrail.name}"
        for item in guardrail.implementation:
            written = f"{_written(item.hours)}h"
            rows.append((label, "implementation", item.name, item.per, written, item.source))
        for item in guardrail.operations:
            written = _operation_written(item)
            rows.append((label, "operations", item.name, item.per, written, item.source))
        for mitigation in guardrail.mitigates:
            written = f"annual probability x {mitigation.factor:g}"
            item = f"Mitigates {mitigation.kind} risks"
            rows.append((label, "mitigates", item, "", written, mitigation.source))
    return rows


def _flatten(value, prefix: str = "") -> list[tuple[str, str]]:
    """A nested mapping as (dotted.path, value) pairs."""
    if isinstance(value, Mapping):
        pairs = []
        for key, inner in value.items():
            pairs += _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return pairs
    return [(prefix, json.dumps(value, default=str))]


def _override_rows(context: ExportContext) -> list[tuple[str, ...]]:
    return [
        ("What-if", "override", path, "", value, "edited for this scenario")
        for path, value in _flatten(context.overrides or {})
    ]


def appendix_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """Every assumption: (pattern, section, item, per, value as written, source)."""
    return (
        _override_rows(context)
        + _org_rows(context)
        + _pattern_rows(context)
        + _guardrail_rows(context)
    )


def _appendix_cells(row: tuple[str, ...]) -> list[list[Paragraph]]:
    return [[(Run(text, APPENDIX_FONT, index == 2),)] for index, text in enumerate(row)]


def appendix_slides(prs, context: ExportContext) -> None:
    widths = [width for _, width in APPENDIX_COLUMNS]
    header = [[(Run(name, 10, True, "FFFFFF"),)] for name, _ in APPENDIX_COLUMNS]
    body = [_appendix_cells(row) for row in appendix_rows(context)]
    pages = paginate(body, widths, CONTENT_BOTTOM - CONTENT_TOP, header)
    for number, page in enumerate(pages, start=1):
        slide = _new_slide(prs, f"Appendix: every assumption ({number} of {len(pages)})")
        fills = [[HEADER] * len(widths)] + [[None] * len(widths)] * len(page)
        add_table(slide, [header, *page], widths, CONTENT_TOP, fills)


# --- the deck -----------------------------------------------------------------------------------


def build_deck(context: ExportContext) -> bytes:
    """The whole deck as .pptx bytes."""
    from accesscost.export.deck_blueprint import (
        blueprint_slides,  # it draws with this module's helpers
    )

    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_slide(prs, context)
    key_figures_slide(prs, context)
    matrix_slide(prs, context)
    for name, fig in chart_figures(context).items():
        chart_slide(prs, name, fig)
    blueprint_slides(prs, context)
    appendix_slides(prs, context)
    prs.core_properties.title = f"ECS to S3 access review: {context.scenario_name}"
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
