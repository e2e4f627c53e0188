"""The FinOps figures and the decision-matrix table, tested as data.

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
from pathlib import Path

import numpy as np
import pytest
import yaml

from accesscost.core.words import services_text
from accesscost.figures.finops import (
    annual_breakdown_chart,
    cost_vs_services,
    cumulative_cost_chart,
    savings_chart,
)
from accesscost.figures.matrix_table import matrix_html
from accesscost.figures.palette import CATEGORY_COLOURS, pattern_colours
from accesscost.figures.theme import MARGIN
from accesscost.inputs.loading import Assumptions, load_assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.matrix import COLUMNS, decision_matrix, recommended_id
from accesscost.model.timeline import BREAKDOWN, crossovers, sweep_counts
from tests.browser import parse_matrix
from tests.conftest import REPO_ROOT
from tests.pattern_ids import A, B, C, D, E, F

ASSUMPTIONS = REPO_ROOT / "assumptions"
COUNTS = (1, 14, 50, 2000)
FLAG_TEXT = "does not meet the requirement"


@pytest.fixture(scope="module")
def assumptions() -> Assumptions:
    return load_assumptions(ASSUMPTIONS)


@pytest.fixture(scope="module")
def all_ids(assumptions) -> list[str]:
    return list(assumptions.patterns)


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


# -- annual cost by number of services -----------------------------------------------------------


@pytest.mark.parametrize(("services", "upper"), [(1, 200), (14, 200), (50, 200), (2000, 4000)])
def test_cost_lines_are_the_engine_annual_cost_over_the_sweep(
    assumptions, all_ids, services, upper
):
    sweep = estimate(assumptions, np.arange(1, upper + 1))
    fig = cost_vs_services(sweep, all_ids, services, all_ids)
    for pid in all_ids:
        line = trace_named(fig, label(sweep, pid))
        assert values(line.x) == pytest.approx(np.arange(1, upper + 1))
        assert values(line.y) == pytest.approx(sweep.patterns[pid].annual_usd, rel=1e-12)
    marker = fig.layout.shapes[0]
    assert (marker.x0, marker.x1) == (services, services)
    noun = "service" if services == 1 else "services"  # "1 service", "50 services"
    assert fig.layout.annotations[-1].text == f"{services:,} {noun}"  # after the crossovers'


def test_cost_lines_of_hidden_patterns_are_not_drawn(assumptions, all_ids):
    sweep = estimate(assumptions, np.arange(1, 201))
    fig = cost_vs_services(sweep, [B, D], 50, all_ids)
    lines = [as_read(trace.name) for trace in fig.data if trace.mode == "lines"]
    assert lines == [label(sweep, B), label(sweep, D)]


def swap_points(sweep: Estimate, pattern_ids: list[str]) -> list[tuple[int, str, str]]:
    """(count, cheaper, dearer) wherever two annual-cost lines swap order, read off the arrays:
    at ``count`` one line is strictly below the other, and at the last count before where they
    differed it was strictly above."""
    points = []
    for i, first in enumerate(pattern_ids):
        for second in pattern_ids[i + 1 :]:
            gap = sweep.patterns[first].annual_usd - sweep.patterns[second].annual_usd
            before = 0.0
            for count, now in zip(sweep.services, np.sign(gap), strict=True):
                if now and before and now != before:
                    cheaper, dearer = (first, second) if now < 0 else (second, first)
                    points.append((int(count), cheaper, dearer))
                before = now or before
    return sorted(points)


def crossover_markers(fig, sweep: Estimate) -> list[tuple[int, str, str]]:
    """(count, cheaper, dearer) of each crossover marker, the patterns read from its hover text."""
    by_label = {label(sweep, pid): pid for pid in sweep.patterns}
    markers = [trace for trace in fig.data if trace.name == "Crossover"]
    if not markers:
        return []
    points = []
    for x, text in zip(markers[0].x, markers[0].customdata, strict=True):
        found = re.fullmatch(r"(.+) is cheaper from ([\d,]+) services than (.+)", text)
        assert found, f"unexpected crossover text {text!r}"
        assert int(found[2].replace(",", "")) == x
        points.append((int(x), by_label[found[1]], by_label[found[3]]))
    return sorted(points)


@pytest.mark.parametrize("upper", [200, 1000])
def test_crossover_markers_sit_where_two_cost_lines_swap_order(assumptions, all_ids, upper):
    sweep = estimate(assumptions, np.arange(1, upper + 1))
    fig = cost_vs_services(sweep, all_ids, 50, all_ids)
    expected = swap_points(sweep, all_ids)
    assert expected, "the committed assumptions have at least one crossover (B and E)"
    assert crossover_markers(fig, sweep) == expected
    marker = trace_named(fig, "Crossover")
    for y, (count, cheaper, dearer) in zip(marker.y, expected, strict=True):
        pair = [sweep.patterns[pid].annual_usd[count - 1] for pid in (cheaper, dearer)]
        assert min(pair) <= y <= max(pair), "a crossover marker sits between the two lines"


CROSS_LABEL = re.compile(r"([A-Z]) and ([A-Z]) cross")


def crossover_labels(fig) -> list:
    """The annotations that name a crossover's two patterns ("D and F cross")."""
    return [note for note in fig.layout.annotations if CROSS_LABEL.fullmatch(note.text or "")]


def label_box(note, fig, upper: float, top: float, width_px: float) -> tuple[float, ...]:
    """A crossover label's box in pixels of a plot ``width_px`` wide (the page's at 1280 px, or
    the exported image's), its text at 8 px a character and 20 px a line; the y axis from 0 to
    ``top``, the highest line."""
    margin = fig.layout.margin
    plot_w, plot_h = plot_width(width_px), fig.layout.height - margin.t - margin.b
    x, y = note.ax / upper * plot_w, (1 - note.ay / top) * plot_h
    wide = 8 * len(note.text)
    left = {"left": x, "right": x - wide}.get(note.xanchor, x - wide / 2)
    return (left, y - 10, left + wide, y + 10)


def plot_width(width_px: float) -> float:
    """The plot's width in a chart ``width_px`` wide, beside the template's side margins."""
    return width_px - MARGIN["l"] - MARGIN["r"]


def overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_each_crossover_names_its_two_patterns_on_the_chart(assumptions, all_ids):
    """Issue 19: the diamond did not say which patterns cross without a hover."""
    sweep = estimate(assumptions, np.arange(1, 1001))
    fig = cost_vs_services(sweep, all_ids, 50, all_ids)
    labels = crossover_labels(fig)
    marker = trace_named(fig, "Crossover")
    swaps = swap_points(sweep, all_ids)
    assert len(labels) == len(swaps) == len(marker.x)
    for note, (count, cheaper, dearer) in zip(labels, swaps, strict=True):
        letters = {sweep.patterns[pid].pattern.option for pid in (cheaper, dearer)}
        assert set(CROSS_LABEL.fullmatch(note.text).groups()) == letters
        assert (note.x, note.showarrow) == (count, True), "the label points at its diamond"
        assert note.font.size >= 14


@pytest.mark.parametrize("folder", ["", "decisions/eks-pods", "decisions/cicd"])
@pytest.mark.parametrize("services", [1, 14, 50])
def test_crossover_labels_sit_clear_of_the_axis_and_of_each_other(folder, services):
    """Issue 19: the crossovers of the committed decisions sit a few services and a few per cent
    of the money axis from zero; their labels were drawn beside the diamonds, on the $0 tick and
    the x axis, and on top of each other. Each label now sits in the upper part of the plot,
    its arrow on its diamond, and no two labels touch, on the page at 1280 px or in the
    exported 960 px image."""
    decision = load_assumptions(ASSUMPTIONS / folder)
    ids = list(decision.patterns)
    sweep = estimate(decision, sweep_counts(services, 2_000))
    fig = cost_vs_services(sweep, ids, services, ids)
    labels = crossover_labels(fig)
    assert len(labels) == len(crossovers(sweep, ids)) >= 1
    upper = float(sweep.services[-1])
    top = max(float(np.max(sweep.patterns[pid].annual_usd)) for pid in ids)
    for note in labels:
        assert (note.axref, note.ayref) == ("x", "y")  # the label's place, in the data's units
        assert note.ay >= 0.3 * top, f"{note.text} sits near $0"
        assert 0 <= note.ax <= upper
    for width in (820, 960):  # the page's chart at 1280 px; an exported image's layout
        boxes = [label_box(note, fig, upper, top, width) for note in labels]
        assert all(box[0] >= 0 and box[2] <= plot_width(width) for box in boxes), boxes
        touching = [
            (a.text, b.text)
            for (a, box_a), (b, box_b) in itertools.combinations(zip(labels, boxes, strict=True), 2)
            if overlap(box_a, box_b)
        ]
        assert touching == [], f"labels drawn over each other at {width} px"


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


def test_no_crossover_marker_when_the_shown_lines_never_swap(assumptions, all_ids):
    sweep = estimate(assumptions, np.arange(1, 201))
    fig = cost_vs_services(sweep, [B, D], 50, all_ids)  # B is cheaper than D at every count
    assert swap_points(sweep, [B, D]) == []
    assert crossover_markers(fig, sweep) == []


def write_folder(tmp_path: Path, org: dict, patterns: dict[str, dict]) -> Path:
    folder = tmp_path / "assumptions"
    (folder / "patterns").mkdir(parents=True)
    (folder / "org.yaml").write_text(yaml.safe_dump(org, sort_keys=False))
    for pid, document in patterns.items():
        (folder / "patterns" / f"{pid}.yaml").write_text(yaml.safe_dump(document))
    return folder


def pattern_with_operations(pid: str, per: str, hours: float) -> dict:
    return {
        "id": pid,
        "name": f"Pattern {pid}",
        "summary": "test pattern",
        "meets_requirement": True,
        "security_posture": {"rating": "strong", "note": "test"},
        "implementation": [{"name": "set up", "per": "deployment", "hours": 1, "source": "t"}],
        "operations": [
            {"name": "run", "per": per, "hours": hours, "frequency": "yearly", "source": "t"}
        ],
    }


def test_lines_that_touch_without_crossing_have_no_crossover_marker(assumptions, tmp_path):
    # One hour a service against four hours a host (4 services a host): equal whenever the count is
    # a multiple of 4, the per-host line above otherwise; the order never swaps.
    org = yaml.safe_load((ASSUMPTIONS / "org.yaml").read_text(encoding="utf-8"))
    org |= {"services_per_host": 4, "reference_pattern": "per-service"}
    folder = write_folder(
        tmp_path,
        org,
        {
            "per-service": pattern_with_operations("per-service", "service", 1),
            "per-host": pattern_with_operations("per-host", "host", 4),
        },
    )
    touching = load_assumptions(folder)
    ids = list(touching.patterns)
    sweep = estimate(touching, np.arange(1, 41))
    assert swap_points(sweep, ids) == []
    assert crossover_markers(cost_vs_services(sweep, ids, 10, ids), sweep) == []


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
