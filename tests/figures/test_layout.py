"""Every chart read as a projector shows it (issue 19: "Charts are squeezed at 1280", "Text meant
for the room is at least 14 px"), tested as data: its height, where its title, subtitle and legend
sit against the plot, every bar label there, the cost axis from 0, and every font's size.

The numbers here are the page's at 1280 x 720: a chart about 820 px wide, its plot about 560 px
beside the pattern names of a bar chart; plotly's line height is 1.3 times the font size and it
puts the subtitle 1.6 subtitle font sizes under the title.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from accesscost.figures.blueprint import blueprint_figure
from accesscost.figures.palette import pattern_colours
from accesscost.figures.registry import FIGURES, FigureInputs, build_figures
from accesscost.model.bands import sweep_bands
from accesscost.model.engine import estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.risk_matrix import risk_points
from accesscost.model.scoring import CRITERIA, Weights, decision_scores
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.simulation import simulate
from accesscost.model.timeline import sweep_counts

SMALLEST_PX = 14  # text meant for the room
PLOT_PX = 300  # the least plot height a chart keeps
BAR_ROW_PX = 40  # the least height a bar row keeps, so every label is drawn
LINE = 1.3  # plotly's line height, in font sizes
SUBTITLE_GAP = 1.6  # plotly: the subtitle's baseline under the title, in subtitle font sizes
CATEGORY_CHARS = 24  # a bar label's line: a third of the chart's width at 1280 px
# the score's names: six two-line names overlapped on a 540 px slide at 14 px
# (tests/export/test_images.py), so they wrap at 36, still under half the width
SCORE_CHARS = 36
LEGEND_CHARS = 31  # a legend name's line: two entries a row in a 560 px plot
CHAR_PX = 0.6  # an average character's width, in font sizes, at the most
LEGEND_CHAR_PX = 7.3  # a legend character's width measured at 1280 px (14 px DejaVu Sans)


def figure_inputs(assumptions, services: int) -> FigureInputs:
    """What the page draws from at ``services``: every pattern shown, the page's weights note."""
    rng = np.random.default_rng(7)
    ids = list(assumptions.patterns)
    result = estimate(assumptions, services)
    counts = sweep_counts(services, 200)
    weights = Weights()
    note = ", ".join(f"{label} ×{getattr(weights, key):g}" for key, label in CRITERIA)
    return FigureInputs(
        result=result,
        shown=tuple(ids),
        sweep=estimate(assumptions, counts),
        spread=sweep_bands(assumptions, sweep_counts(services, 20, 10_000), 300, rng),
        simulation=simulate(assumptions, services, 2_000, rng),
        tolerance=tolerance_at(assumptions.org, services),
        swings=tornado(assumptions, Output(ids[1], ids[3]), services),
        scores=decision_scores(result, weights, shown=ids),
        score_note=note,
        risk_points=tuple(risk_points(assumptions, services)),
        noun=assumptions.decision.counted,
    )


@pytest.fixture(scope="module")
def figures(assumptions) -> dict[str, go.Figure]:
    figures = build_figures(list(FIGURES), figure_inputs(assumptions, 50))
    assert set(figures) == set(FIGURES.names())
    return figures


def lines(text: str | None) -> list[str]:
    return (text or "").split("<br>")


def plot_height(fig: go.Figure) -> float:
    margin = fig.layout.margin
    return fig.layout.height - margin.t - margin.b


def title_top_px(fig: go.Figure) -> float:
    """Where the title's first line starts under the figure's top: plotly centres a title of
    several lines on its anchor, half a line up for each line past the first."""
    title = fig.layout.title
    return (title.pad.t or 0) - LINE * title.font.size * (len(lines(title.text)) - 1) / 2


def title_block_px(fig: go.Figure) -> float:
    """From the figure's top to the foot of the subtitle's last line, the title hung from the
    top."""
    title = fig.layout.title
    title_size = title.font.size
    subtitle_size = (title.subtitle.font.size if title.subtitle.font else None) or 15
    block = title_top_px(fig) + LINE * title_size * len(lines(title.text))
    block += SUBTITLE_GAP * subtitle_size + LINE * subtitle_size * (
        len(lines(title.subtitle.text)) - 1
    )
    return block + 0.3 * subtitle_size  # the last line's descenders


def bar_charts(figures) -> dict[str, go.Figure]:
    return {
        key: fig
        for key, fig in figures.items()
        if any(getattr(trace, "orientation", None) == "h" for trace in fig.data)
    }


# -- defect 1: the score chart's subtitle over its bars; every other pattern label ----------------


def test_the_title_and_subtitle_end_above_the_plot(figures):
    """Centred in the top margin, the score chart's two-line title and three-line subtitle ran
    past it into the bars; hung from the top, the margin holds them."""
    for key, fig in figures.items():
        title = fig.layout.title
        assert (title.yref, title.y, title.yanchor) == ("container", 1, "top"), key
        assert title_top_px(fig) >= 8, f"{key}: the title's first line cut at the top"
        assert fig.layout.margin.t >= title_block_px(fig), key
    score = figures["decision-score"].layout.title
    assert len(lines(score.subtitle.text)) >= 3, "the page's weights note makes three lines"


def test_every_bar_chart_names_every_bar(figures):
    """The score chart drew 100 px of plot for six bars and plotly named every other one."""
    for key, fig in bar_charts(figures).items():
        categories = len(fig.data[0].y)
        assert fig.layout.yaxis.dtick == 1, key
        assert plot_height(fig) >= BAR_ROW_PX * categories, key


# -- defect 2: the cost chart's plot squashed, its y title over the chart title --------------------


def test_every_chart_sets_a_height_that_keeps_its_plot(figures):
    """Streamlit draws a figure with no height at 450 px: the cost chart's margins took all but
    68 px of it, and its rotated y title ran up into the chart title."""
    for key, fig in figures.items():
        assert fig.layout.height is not None, key
        assert plot_height(fig) >= PLOT_PX, key
        y_title = fig.layout.yaxis.title.text
        assert len(y_title) * CHAR_PX * 15 <= plot_height(fig), f"{key}: y title longer than plot"


# -- defect 3: legends below the plot, long names wrapped ------------------------------------------


def test_legends_sit_below_the_plot_from_the_figures_left_edge(figures):
    for key, fig in figures.items():
        legend = fig.layout.legend
        if fig.layout.showlegend is False:
            continue
        assert legend.orientation == "h", key
        assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom"), key
        assert legend.xref == "container", key  # not under the plot only, beside long labels
        assert legend.entrywidthmode != "fraction", key  # a fraction of a narrow plot overlapped


def test_legend_names_wrap_so_two_entries_fit_a_row(figures):
    """Plotly makes columns as wide as the widest entry: one 44-character name made the cost
    chart's legend one column of seven rows at 1280 px."""
    for key, fig in figures.items():
        for trace in fig.data:
            if trace.name and trace.showlegend is not False:
                assert max(map(len, lines(trace.name))) <= LEGEND_CHARS, (key, trace.name)


def test_bar_labels_wrap_so_the_plot_keeps_most_of_the_width(figures):
    """One-line pattern names took 380 of the chart's 820 px at 1280 px."""
    for key, fig in bar_charts(figures).items():
        if key == "tornado":  # its inputs' labels wrap at 40 (tests/figures/test_risk_charts.py)
            continue
        most = SCORE_CHARS if key == "decision-score" else CATEGORY_CHARS
        for label in fig.data[0].y:
            assert max(map(len, lines(label))) <= most, (key, label)


def test_the_bottom_margin_holds_the_axis_and_the_legend_rows(figures):
    for key, fig in figures.items():
        names = [t.name for t in fig.data if t.name and t.showlegend is not False]
        groups = {t.legendgroup or t.name for t in fig.data if t.name and t.showlegend is not False}
        widest = max((max(map(len, lines(name))) for name in names), default=0)
        entry = 50 + widest * LEGEND_CHAR_PX
        columns = max(1, int(560 // entry)) if names else 1
        rows = -(-len(groups) // columns)
        assert fig.layout.margin.b >= 90 + 22 * rows, key


# -- defect 4: the cost axis from the sweep's first count or 0 -------------------------------------


@pytest.mark.parametrize("services", [1, 14])
def test_the_cost_axis_starts_at_zero_with_its_bands(assumptions, services):
    fig = FIGURES["annual-cost-vs-services"].build(figure_inputs(assumptions, services))
    start, end = fig.layout.xaxis.range
    assert 0 <= start <= 1 and end == pytest.approx(200)


# -- defect 5: no text under 14 px ----------------------------------------------------------------


def font_sizes(fig: go.Figure) -> dict[str, float]:
    """Every text's font size as plotly resolves it (a part's own font, else the layout's)."""
    layout = fig.layout
    base = layout.font.size or layout.template.layout.font.size
    sizes = {"layout": base}

    def size(font, where: str) -> None:
        sizes[where] = (font.size if font is not None and font.size else None) or base

    size(layout.title.font, "title")
    size(layout.title.subtitle.font, "subtitle")
    legend_font = layout.legend.font
    template_legend = layout.template.layout.legend.font
    sizes["legend"] = (
        (legend_font.size if legend_font.size else None) or template_legend.size or base
    )
    for name in ("xaxis", "yaxis"):
        axis = layout[name]
        size(axis.tickfont, f"{name} ticks")
        size(axis.title.font, f"{name} title")
    for i, note in enumerate(layout.annotations):
        size(note.font, f"annotation {i} {note.text!r}")
    for trace in fig.data:
        if "text" in (getattr(trace, "mode", "") or "") or getattr(trace, "texttemplate", None):
            size(trace.textfont, f"trace {trace.name!r} text")
    return sizes


def test_every_chart_text_is_at_least_14_px(figures):
    for key, fig in figures.items():
        small = {where: px for where, px in font_sizes(fig).items() if px < SMALLEST_PX}
        assert small == {}, key


def test_every_blueprint_text_is_at_least_14_px(assumptions):
    colours = pattern_colours(list(assumptions.patterns))
    for pid, pattern in assumptions.patterns.items():
        if pattern.diagram is None:
            continue
        for orientation in ("across", "down"):
            fig = blueprint_figure(pattern, colours[pid], orientation)
            small = {where: px for where, px in font_sizes(fig).items() if px < SMALLEST_PX}
            assert small == {}, (pid, orientation)
