"""The FinOps figures and the decision-matrix table, tested as data (the cost against the number of
services: ``test_cost_by_count``).

Every number a chart draws must be the engine's number for the same inputs; every pattern keeps one
colour in every chart and in the matrix; markers (crossovers, paybacks) sit where the curves they
mark actually cross. Expected values are computed here from ``accesscost.model.engine`` figures,
not with
the helpers the chart builders use, so a mistake in either shows.
"""

from __future__ import annotations

import itertools
import re
import shutil
from html import escape

import numpy as np
import pytest
import yaml

from accesscost.core.words import services_text
from accesscost.figures.cost_by_count import cost_vs_services
from accesscost.figures.finops import (
    annual_breakdown_chart,
    cumulative_cost_chart,
    savings_chart,
)
from accesscost.figures.matrix_table import matrix_html
from accesscost.figures.palette import CATEGORY_COLOURS, pattern_colours
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.matrix import COLUMNS, decision_matrix, recommended_id
from accesscost.model.timeline import BREAKDOWN
from tests.browser import parse_matrix
from tests.conftest import REPO_ROOT
from tests.pattern_ids import A, B, C, D, E, F

ASSUMPTIONS = REPO_ROOT / "assumptions"
COUNTS = (1, 14, 50, 2000)
FLAG_TEXT = "does not meet the requirement"


def label(result: Estimate, pattern_id: str) -> str:
    """How a chart names a pattern: its label, with ✗ when it does not meet the requirement."""
    pattern = result.patterns[pattern_id].pattern
    return pattern.label if pattern.meets_requirement else f"{pattern.label} ✗"


def values(array) -> np.ndarray:
    return np.asarray(array, dtype=float)


def as_read(text: str) -> str:
    """A name or category as read on the chart: its wrapped lines joined (legend names and bar
    labels wrap to keep the plot most of the width)."""
    return text.replace("<br>", " ")


def trace_named(fig, name: str):
    matches = [trace for trace in fig.data if as_read(trace.name) == name]
    assert len(matches) == 1, f"expected one trace named {name!r}, got {len(matches)}"
    return matches[0]


def cumulative(result: Estimate, pattern_id: str, month) -> np.ndarray:
    """Migration from the reference at month 0, then one twelfth of the annual cost a month."""
    one_time = float(result.migration(result.reference_id, pattern_id).usd[0])
    return one_time + float(result.patterns[pattern_id].annual_usd[0]) * np.asarray(month) / 12


# -- every figure: titled, both axes titled ------------------------------------------------------


def all_figures(assumptions, all_ids, services: int) -> dict:
    result = estimate(assumptions, services)
    sweep = estimate(assumptions, np.arange(1, max(200, 2 * services) + 1))
    return {
        "cost_vs_services": cost_vs_services(sweep, all_ids, services, all_ids),
        "annual_breakdown_chart": annual_breakdown_chart(result, all_ids),
        "cumulative_cost_chart": cumulative_cost_chart(result, all_ids, all_ids),
        "savings_chart": savings_chart(result, all_ids, all_ids),
    }


@pytest.mark.parametrize("services", [1, 50])
def test_every_figure_has_a_title_and_both_axis_titles(assumptions, all_ids, services):
    for name, fig in all_figures(assumptions, all_ids, services).items():
        assert (fig.layout.title.text or "").strip(), f"{name} has no title"
        assert (fig.layout.xaxis.title.text or "").strip(), f"{name} has no x-axis title"
        assert (fig.layout.yaxis.title.text or "").strip(), f"{name} has no y-axis title"


# -- annual cost by category ---------------------------------------------------------------------


@pytest.mark.parametrize("services", COUNTS)
@pytest.mark.parametrize("horizon", [3, 5])
def test_breakdown_bars_are_the_engine_categories(assumptions, all_ids, services, horizon):
    result = estimate(assumptions, services, horizon_years=horizon)
    fig = annual_breakdown_chart(result, all_ids)
    expected = {
        "implementation": lambda f: f.implementation_usd[0] / horizon,
        "labour": lambda f: f.labour_usd_per_year[0],
        "tooling": lambda f: f.tooling_usd_per_year[0],
        "compliance": lambda f: f.compliance_usd_per_year[0],
    }
    assert [as_read(trace.name) for trace in fig.data] == [name for _, name in BREAKDOWN]
    for (key, name), bars in zip(BREAKDOWN, fig.data, strict=True):
        assert [as_read(y) for y in bars.y] == [label(result, pid) for pid in all_ids]
        want = [expected[key](result.patterns[pid]) for pid in all_ids]
        assert values(bars.x) == pytest.approx(want, rel=1e-12), name
        assert bars.marker.color == CATEGORY_COLOURS[key]
    stacked = values([bars.x for bars in fig.data]).sum(axis=0)
    annual = [f.annual_usd[0] + f.implementation_usd[0] / horizon for f in result.patterns.values()]
    assert stacked == pytest.approx(annual, rel=1e-12)
    assert services_text(services) in fig.layout.title.text


# -- cumulative cost and payback -----------------------------------------------------------------


@pytest.mark.parametrize("services", COUNTS)
@pytest.mark.parametrize(("reference", "horizon"), [(D, 3), (F, 1), (F, 5)])
def test_cumulative_curves_are_migration_plus_annual_cost_month_by_month(
    assumptions, all_ids, services, reference, horizon
):
    result = estimate(assumptions, services, horizon_years=horizon, reference_id=reference)
    fig = cumulative_cost_chart(result, all_ids, all_ids)
    month = np.arange(0, 12 * horizon + 1)
    for pid in all_ids:
        curve = trace_named(fig, label(result, pid))
        assert values(curve.x) == pytest.approx(month)
        assert values(curve.y) == pytest.approx(cumulative(result, pid, month), rel=1e-12)
    assert values(trace_named(fig, label(result, reference)).y)[0] == 0, "no migration to stay"


def curve_crossings(result: Estimate, pattern_ids: list[str]) -> dict[str, tuple[int, int]]:
    """For each pattern whose cumulative curve drops below the reference's within the horizon,
    the two whole months between which it does (read off the monthly arrays)."""
    month = np.arange(0, 12 * result.horizon_years + 1)
    reference = cumulative(result, result.reference_id, month)
    found = {}
    for pid in pattern_ids:
        if pid == result.reference_id:
            continue
        below = np.flatnonzero(cumulative(result, pid, month) <= reference)
        if below.size and below[0] > 0:
            found[pid] = (int(below[0]) - 1, int(below[0]))
    return found


@pytest.mark.parametrize("services", COUNTS)
@pytest.mark.parametrize(("reference", "horizon"), [(D, 3), (F, 1), (F, 5)])
def test_payback_markers_sit_where_cumulative_curves_cross_the_reference(
    assumptions, all_ids, services, reference, horizon
):
    result = estimate(assumptions, services, horizon_years=horizon, reference_id=reference)
    fig = cumulative_cost_chart(result, all_ids, all_ids)
    crossings = curve_crossings(result, all_ids)
    markers = [trace for trace in fig.data if trace.name == "Payback point"]
    if not crossings:
        assert markers == []
        return
    by_label = {label(result, pid): pid for pid in all_ids}
    shown = {}
    for month, y, text in zip(markers[0].x, markers[0].y, markers[0].customdata, strict=True):
        pid = by_label[text.split(" pays back in ")[0]]
        shown[pid] = month
        before, after = crossings[pid]
        assert before <= month <= after, f"{pid} marker at month {month}"
        # both curves pass through the marker: it is their crossing point
        assert y == pytest.approx(float(cumulative(result, reference, month)), rel=1e-9)
        assert y == pytest.approx(float(cumulative(result, pid, month)), rel=1e-9)
    assert set(shown) == set(crossings)


def test_payback_stars_carry_their_letter_and_close_ones_sit_apart(assumptions, all_ids):
    """Issue 19: stars 0-3 months apart on a 36-month axis sat on top of each other."""
    result = estimate(assumptions, 50)
    marker = trace_named(cumulative_cost_chart(result, all_ids, all_ids), "Payback point")
    assert len(marker.x) >= 2, "at 50 services B and F both pay back against D"
    assert list(marker.x) == sorted(marker.x)
    for text, hover in zip(marker.text, marker.customdata, strict=True):
        assert hover.startswith(f"{text}) ")  # the letter of the pattern the hover names
    # neighbours in month order never share a label position
    positions = list(marker.textposition)
    assert all(a != b for a, b in itertools.pairwise(positions))


def test_a_payback_beyond_the_horizon_has_no_marker(assumptions, all_ids):
    result = estimate(assumptions, 14, horizon_years=1, reference_id=B)  # nothing beats B
    fig = cumulative_cost_chart(result, all_ids, all_ids)
    assert curve_crossings(result, all_ids) == {}
    assert [trace for trace in fig.data if trace.name == "Payback point"] == []


# -- savings against the reference ---------------------------------------------------------------


@pytest.mark.parametrize("services", COUNTS)
@pytest.mark.parametrize(("reference", "horizon"), [(D, 3), (F, 5)])
def test_savings_bars_stack_cash_labour_and_risk_of_the_valid_patterns(
    assumptions, all_ids, services, reference, horizon
):
    # Behaviour changed (issue 13): the chart stacks the three parts of the saving a year, and
    # leaves out the patterns that do not meet the requirement (they are no alternatives).
    result = estimate(assumptions, services, horizon_years=horizon, reference_id=reference)
    fig = savings_chart(result, all_ids, all_ids)
    valid = [
        pid for pid in all_ids if pid != reference and assumptions.patterns[pid].meets_requirement
    ]
    cash, labour, risk = fig.data
    ref = result.patterns[reference]
    for bars, figure in (
        (cash, "cash_usd_per_year"),
        (labour, "labour_usd_per_year"),
        (risk, "compliance_usd_per_year"),
    ):
        assert [as_read(y) for y in bars.y] == [label(result, pid) for pid in valid]
        expected = [
            getattr(ref, figure)[0] - getattr(result.patterns[pid], figure)[0] for pid in valid
        ]
        assert values(bars.x) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    totals = values(cash.x) + values(labour.x) + values(risk.x)
    assert totals == pytest.approx([result.annual_savings(pid)[0] for pid in valid])
    assert fig.layout.barmode == "relative"
    left_out = [label(result, p) for p in all_ids if p != reference and p not in valid]
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")  # wrapped to fit a slide
    for name in left_out:
        assert name in subtitle


# -- one colour per pattern, everywhere ----------------------------------------------------------


def pattern_colours_drawn(result: Estimate, sweep: Estimate, shown, all_ids, bands) -> dict:
    """{chart: {pattern id: colour}} for every chart that draws patterns in their colour."""
    by_label = {label(result, pid): pid for pid in all_ids}
    drawn = {}
    cost = cost_vs_services(sweep, shown, 50, all_ids)
    cumulative_fig = cumulative_cost_chart(result, shown, all_ids)
    for name, fig in (("cost", cost), ("cumulative", cumulative_fig)):
        drawn[name] = {
            by_label[as_read(t.name)]: t.line.color for t in fig.data if as_read(t.name) in by_label
        }
    bars = savings_chart(result, shown, all_ids)
    for name, trace in (("cash saving", bars.data[0]), ("risk saving", bars.data[2])):
        drawn[name] = dict(
            zip((by_label[as_read(y)] for y in trace.y), trace.marker.color, strict=True)
        )
    rows = decision_matrix(result, bands, shown=shown)
    html = matrix_html(rows, all_ids)
    row = r'data-pattern="([^"]+)"[^>]*><td [^>]*--pattern: ([^"]+)"'
    drawn["matrix"] = dict(re.findall(row, html))
    return drawn


@pytest.mark.parametrize("shown", [[A, B, C, D, E, F], [B, E, F], [F]])
def test_each_pattern_has_its_palette_colour_in_every_chart_and_the_matrix(
    assumptions, all_ids, shown
):
    result, sweep = estimate(assumptions, 50), estimate(assumptions, np.arange(1, 201))
    palette = pattern_colours(all_ids)
    assert len(set(palette.values())) == len(all_ids), "colours tell the patterns apart"
    for chart, colours in pattern_colours_drawn(
        result, sweep, shown, all_ids, assumptions.org.bands
    ).items():
        expected = {pid: palette[pid] for pid in shown}
        if chart in ("cash saving", "risk saving"):  # only patterns that meet the requirement
            expected = {pid: c for pid, c in expected.items() if pid in (B, F)}
        assert colours == expected, chart


# -- the decision matrix table -------------------------------------------------------------------


@pytest.mark.parametrize("services", COUNTS)
def test_matrix_rows_show_each_cell_figure_and_its_band(assumptions, all_ids, services):
    result = estimate(assumptions, services)
    rows = decision_matrix(result, assumptions.org.bands, assumptions.org.labour.hours_per_day)
    html = matrix_html(rows, all_ids)
    shown = parse_matrix(html)
    assert [row.pattern_id for row in shown] == all_ids
    for row, seen in zip(rows, shown, strict=True):
        assert seen.label == row.pattern.label
        assert len(seen.cells) == len(COLUMNS)
        for key, cell in zip(COLUMNS.names(), seen.cells, strict=True):
            assert cell.band == row.cells[key].band, "data-band is the cell's band"
            worded = f"{row.cells[key].band} risk" if key == "security_posture" else None
            assert cell.band_text == (worded or row.cells[key].band), "the band is written out"
            assert cell.figure == row.cells[key].figure
            assert escape(row.cells[key].figure) in html


def test_flagged_rows_say_they_do_not_meet_the_requirement(assumptions, all_ids):
    result = estimate(assumptions, 50)
    rows = decision_matrix(result, assumptions.org.bands)
    shown = {row.pattern_id: row for row in parse_matrix(matrix_html(rows, all_ids))}
    for pid, pattern in assumptions.patterns.items():
        if pattern.meets_requirement:
            assert shown[pid].flag == ""
        else:
            assert FLAG_TEXT in shown[pid].flag
            assert pattern.requirement_gap.split()[0] in shown[pid].flag
    assert {pid for pid, row in shown.items() if FLAG_TEXT in row.flag} == {
        pid for pid, p in assumptions.patterns.items() if not p.meets_requirement
    }


@pytest.mark.parametrize("services", COUNTS)
def test_only_the_recommended_row_carries_the_badge(assumptions, all_ids, services):
    result = estimate(assumptions, services)
    rows = decision_matrix(result, assumptions.org.bands)
    badged = [row.pattern_id for row in parse_matrix(matrix_html(rows, all_ids)) if row.recommended]
    assert badged == [recommended_id(result)]
    assert assumptions.patterns[badged[0]].meets_requirement


HOSTILE = '<script>alert("x")</script> & <b>'


def test_text_from_yaml_is_escaped_in_the_matrix(assumptions, tmp_path):
    folder = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, folder)
    path = folder / "patterns" / f"{A}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["name"] = HOSTILE
    document["requirement_gap"] = HOSTILE
    document["matrix_notes"]["cost_impact"] = HOSTILE
    document["security_posture"]["note"] = HOSTILE
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    hostile = load_assumptions(folder)
    rows = decision_matrix(estimate(hostile, 50), hostile.org.bands)
    html = matrix_html(rows, list(hostile.patterns))

    assert "<script" not in html
    assert "<b>" not in html
    assert escape(HOSTILE) in html
    row = next(row for row in parse_matrix(html) if row.pattern_id == A)
    assert row.label == f"A) {HOSTILE}", "the reader sees the text as written"
    assert HOSTILE in row.flag
    notes = {key: cell.note for key, cell in zip(COLUMNS.names(), row.cells, strict=True)}
    assert notes["cost_impact"] == notes["security_posture"] == HOSTILE


def test_the_review_template_keeps_plotly_white_and_adds_the_slide_look():
    """A lost ``automargin`` cut the pattern names off the bar charts' axis."""
    import plotly.io as pio

    from accesscost.figures.theme import AXIS, FONT, review_template

    white, review = pio.templates["plotly_white"].layout, review_template().layout
    assert review.yaxis.automargin is True and review.xaxis.automargin is True
    assert review.yaxis.gridcolor == white.yaxis.gridcolor
    assert review.colorway == white.colorway
    assert review.yaxis.linecolor == AXIS["linecolor"] and review.yaxis.showline is True
    assert (
        review.font.family == FONT["family"] and review.height == 620
    )  # tall enough for a two-column legend under the plot
