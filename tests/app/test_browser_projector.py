"""The page at 1280x720, a projector, in Chromium, measured as drawn (issue 19).

- The sidebar names each pattern shown in full (Streamlit cut the chips' names at their width).

- The cost-by-count chart at 1, 14 and 50 services: each crossover's label names its two
  patterns, sits in the plot clear of the $0 tick and the x axis, and touches no other label.
- The tornado: every label shown in full inside the chart, over no other label and no bar, the
  axis title inside the chart, and the bars keeping most of the width.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import chromium, require_playwright, start_page, stop_page

pytestmark = pytest.mark.browser

PROJECTOR = (1280, 720)
CHART = '[data-testid="stPlotlyChart"]'
RUNNING = '[data-testid="stStatusWidget"]'
LOADED_MS = 180_000
# A crossover's label as drawn now ("D and F cross") or before ("D | F", beside its diamond).
CROSS_LABEL, PAIR_TEXT = re.compile(r"[A-Z] and [A-Z] cross"), re.compile(r"[A-Z] (and|\|) [A-Z].*")
# Each chart's title, the boxes of its plot, tick labels, axis titles and annotations, as drawn.
CHART_BOXES = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'),
  chart => {
    const box = e => { const r = e.getBoundingClientRect();
      return [e.textContent, r.left, r.top, r.right, r.bottom]; };
    const all = s => Array.from(chart.querySelectorAll(s), box);
    const plot = chart.querySelector('.nsewdrag');
    return {title: (chart.querySelector('.gtitle') || {}).textContent || '',
      chart: box(chart), plot: plot ? box(plot) : null, xticks: all('.xtick text'),
      yticks: all('.ytick text'), xtitle: all('.xtitle'), ytitle: all('.ytitle'),
      notes: all('.annotation-text, .textpoint text'), bars: all('.barlayer .point path')};
  })"""


@pytest.fixture(scope="module")
def page_url(tmp_path_factory):
    sync_playwright = require_playwright()
    server, url = start_page(tmp_path_factory.mktemp("projector") / "page.log")
    try:
        yield sync_playwright, url
    finally:
        stop_page(server)


def _settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(f"() => !document.querySelector('{RUNNING}')", timeout=LOADED_MS)
    page.wait_for_timeout(1000)


def _open(page, url: str, services: int, tab: str | None = None) -> None:
    """The page at ``services``, its first chart drawn and the run over; then ``tab`` opened."""
    page.goto(f"{url}/?services={services}")
    page.wait_for_selector(f"{CHART} .main-svg", timeout=LOADED_MS)
    _settle(page)
    if tab is not None:
        page.get_by_role("tab", name=tab).click()
        _settle(page)


def _chart(page, title: str) -> dict:
    charts = [chart for chart in page.evaluate(CHART_BOXES) if title in chart["title"]]
    assert len(charts) == 1, [chart["title"] for chart in page.evaluate(CHART_BOXES)]
    return charts[0]


def _overlap(a: list, b: list) -> bool:
    """Two boxes ([text, left, top, right, bottom]) share more than a pixel."""
    return a[1] < b[3] - 1 and b[1] < a[3] - 1 and a[2] < b[4] - 1 and b[2] < a[4] - 1


def _inside(box: list, frame: list) -> bool:
    return frame[1] - 1 <= box[1] and box[3] <= frame[3] + 1


@pytest.mark.parametrize("services", [1, 14, 50])
def test_crossover_labels_are_readable_at_1280(page_url, services):
    sync_playwright, url = page_url
    with chromium(sync_playwright, *PROJECTOR) as page:
        _open(page, url, services)
        chart = _chart(page, "Annual cost by number of")
    labels = [note for note in chart["notes"] if PAIR_TEXT.fullmatch(note[0].strip())]
    assert len(labels) >= 2, f"the crossovers (D and F, A and D) are named: {chart['notes']}"
    plot = chart["plot"]
    for label in labels:
        assert _inside(label, plot), f"{label[0]} is drawn outside the plot {plot}: {label}"
        assert label[4] < plot[2] + 0.7 * (plot[4] - plot[2]), f"{label[0]} sits near $0"
        clashes = [t[0] for t in chart["xticks"] + chart["yticks"] if _overlap(label, t)]
        assert clashes == [], f"{label[0]} is drawn over the ticks {clashes}"
    together = [
        (a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1 :] if _overlap(a, b)
    ]
    assert together == [], f"crossover labels drawn over each other at {services} services"
    unclear = [label[0] for label in labels if not CROSS_LABEL.fullmatch(label[0].strip())]
    assert unclear == [], "each label says which two patterns cross"


def test_tornado_labels_show_in_full_beside_bars_of_a_usable_width(page_url):
    sync_playwright, url = page_url
    with chromium(sync_playwright, *PROJECTOR) as page:
        _open(page, url, 50, tab="Uncertainty and sensitivity")
        tornado = _chart(page, "what moves it most")
    frame, plot = tornado["chart"], tornado["plot"]
    labels = tornado["notes"] + tornado["yticks"]  # above the bars now, beside the axis before
    assert len(labels) == 8, labels
    for label in labels + tornado["xtitle"] + tornado["ytitle"]:
        assert _inside(label, frame), f"{label[0]!r} is cut at the chart's edge {frame}: {label}"
    over = [
        (a[0], b[0])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :] + tornado["bars"]
        if _overlap(a, b)
    ]
    assert over == [], "tornado labels drawn over each other or over a bar"
    bars, width = plot[3] - plot[1], frame[3] - frame[1]
    assert bars >= 0.5 * width, f"the bars keep {bars:.0f} px of the chart's {width:.0f}"


# The sidebar's chips of the patterns shown whose text is cut (wider than the chip shows), or
# that lie below the bottom of the box that holds them (it scrolled within itself).
CUT_CHIPS = """() => {
  const box = document.querySelector(
    '[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"]');
  const bottom = box.parentElement.getBoundingClientRect().bottom;
  return Array.from(box.querySelectorAll('span'))
    .filter(e => !e.children.length && e.textContent.trim())
    .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().bottom > bottom + 1)
    .map(e => e.textContent);
}"""


@pytest.mark.parametrize("size", [PROJECTOR, (1920, 1080)])
def test_the_sidebar_names_each_pattern_shown_in_full(page_url, size):
    sync_playwright, url = page_url
    with chromium(sync_playwright, *size) as page:
        _open(page, url, 50)
        chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"]')
        assert "F) IAM user keys in Secrets Manager, rotated" in chips.inner_text()
        assert page.evaluate(CUT_CHIPS) == [], "pattern names cut in the sidebar"


def test_the_risk_matrix_ticks_stand_apart(page_url):
    """Its log axis labelled every digit of each decade: with D's risks alone, 0.06 to 0.1 were
    drawn over each other."""
    sync_playwright, url = page_url
    with chromium(sync_playwright, *PROJECTOR) as page:
        _open(page, url, 50, tab="Uncertainty and sensitivity")
        page.get_by_label("Patterns in the risk charts").click()  # D's risks, less than a decade
        page.get_by_role("option", name="D) IAM user keys on the hosts").click()
        _settle(page)
        matrix = _chart(page, "Risk matrix at")
    for axis in ("xticks", "yticks"):
        ticks = matrix[axis]
        assert len(ticks) >= 2, matrix
        together = [
            (a[0], b[0]) for i, a in enumerate(ticks) for b in ticks[i + 1 :] if _overlap(a, b)
        ]
        assert together == [], f"{axis} drawn over each other"


# The decision grid's scrolling box (Glide's), as drawn: its content and its visible size.
GRID_SCROLL = """() => { const s = document.querySelector('.st-key-decision_grid .dvn-scroller');
  return [s.scrollWidth, s.clientWidth, s.scrollHeight, s.clientHeight]; }"""


@pytest.mark.parametrize("services", [1, 50, 10_000])
def test_every_criterion_of_the_decision_matrix_shows_without_scrolling(page_url, services):
    # before: cells on one line needed about 1,450 px where the grid had 820 at 1280 px, so
    # Operational overhead, Cost impact and Compliance risk were off to the right; then, with
    # rows tall enough to wrap, Streamlit's default height hid the last rows
    sync_playwright, url = page_url
    with chromium(sync_playwright, *PROJECTOR) as page:
        _open(page, url, services)
        page.locator(".st-key-decision_grid .dvn-scroller").wait_for(timeout=LOADED_MS)
        wide, shown_wide, tall, shown_tall = page.evaluate(GRID_SCROLL)
        assert wide <= shown_wide, f"scrolls sideways: {wide} px in {shown_wide}"
        assert tall <= shown_tall, f"scrolls down: {tall} px in {shown_tall}"
