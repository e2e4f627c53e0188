"""The annual cost against the number of services, tested as data: each line is the engine's
annual cost over the sweep, a crossover's diamond sits where two lines swap order, and its label
names the two patterns clear of the axis and of the other labels."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
import yaml

from accesscost.figures.cost_by_count import cost_vs_services
from accesscost.figures.theme import MARGIN
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.timeline import crossovers, sweep_counts
from tests.figures.test_charts import ASSUMPTIONS, as_read, label, trace_named, values
from tests.pattern_ids import B, D

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


def test_no_crossover_marker_when_the_shown_lines_never_swap(assumptions, all_ids):
    sweep = estimate(assumptions, np.arange(1, 201))
    fig = cost_vs_services(sweep, [B, D], 50, all_ids)  # B is cheaper than D at every count
    assert swap_points(sweep, [B, D]) == []
    assert crossover_markers(fig, sweep) == []


def operations(per: str, hours: float) -> list[dict]:
    return [{"name": "run", "per": per, "hours": hours, "frequency": "yearly", "source": "t"}]


def test_lines_that_touch_without_crossing_have_no_crossover_marker(
    assumptions, tmp_path, write_assumptions, pattern_document
):
    # One hour a service against four hours a host (4 services a host): equal whenever the count is
    # a multiple of 4, the per-host line above otherwise; the order never swaps.
    org = yaml.safe_load((ASSUMPTIONS / "org.yaml").read_text(encoding="utf-8"))
    org |= {"services_per_host": 4, "reference_pattern": "per-service"}
    folder = write_assumptions(
        tmp_path,
        org,
        {
            "per-service": pattern_document("per-service", operations=operations("service", 1)),
            "per-host": pattern_document("per-host", operations=operations("host", 4)),
        },
    )
    touching = load_assumptions(folder)
    ids = list(touching.patterns)
    sweep = estimate(touching, np.arange(1, 41))
    assert swap_points(sweep, ids) == []
    assert crossover_markers(cost_vs_services(sweep, ids, 10, ids), sweep) == []
