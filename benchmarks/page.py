"""The page's side of the benchmark: a rerun after a service-count change (item 3) and a cold
start to the first chart in headless Chromium (item 5). The browser helpers are the browser
tests' own (``tests/browser.py``)."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser import CHROMIUM, CHROMIUM_ARGS, free_port, healthy, serve_page, stop_page

ROOT = Path(__file__).resolve().parent.parent
FIRST_CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
# A reviewer's slider moves: near the default and across the range, where the bands' sweep
# (1 to twice the count) changes with every move.
RERUN_COUNTS = [
    51,
    52,
    55,
    60,
    75,
    90,
    120,
    150,
    200,
    250,
    300,
    350,
    400,
    450,
    500,
    480,
    420,
    380,
    320,
    260,
    180,
    140,
    110,
    80,
    64,
]


@dataclass
class Reruns:
    """Per rerun: AppTest's wall clock (widget change to finished run), the script's own wall
    clock, and the CPU seconds of the script's thread."""

    apptest: list[float] = field(default_factory=list)
    script: list[float] = field(default_factory=list)
    script_cpu: list[float] = field(default_factory=list)


# A cell selected in each of the matrices above the tabs, so every rerun draws both stories too.
SELECTED = {
    "decision_grid": {"rows": [], "columns": [], "cells": [[0, "Cost impact"]]},
    "count_grid": {"rows": [], "columns": [], "cells": [[0, "1,000"]]},
}


def reruns(counts: list[int] = RERUN_COUNTS, selected: bool = False) -> Reruns:
    """Rerun the page after each service-count change (AppTest, the page timed from the inside);
    ``selected``: with a cell's story open in the decision matrix and in the count matrix."""
    from streamlit.testing.v1 import AppTest

    from benchmarks.timed_page import CPU_SECONDS_KEY, SECONDS_KEY

    page = AppTest.from_file(str(ROOT / "benchmarks" / "timed_page.py"), default_timeout=120)
    page.run()
    if selected:
        for key, selection in SELECTED.items():
            page.session_state[key] = {"selection": selection}
        page.run()
    times = Reruns()
    for services in counts:
        box = page.number_input(key="services_input").set_value(services)
        start = time.perf_counter()
        box.run()
        times.apptest.append(time.perf_counter() - start)
        if page.exception:
            raise RuntimeError(f"the page failed at {services} services: {page.exception[0]}")
        times.script.append(page.session_state[SECONDS_KEY])
        times.script_cpu.append(page.session_state[CPU_SECONDS_KEY])
    return times


def _one_cold_start(browser) -> float:
    """From ``streamlit run`` to the first chart drawn, with the browser already open."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    start = time.perf_counter()
    server = serve_page(port, subprocess.DEVNULL)
    try:
        while not healthy(url):
            if server.poll() is not None or time.perf_counter() - start > 60:
                raise RuntimeError("streamlit did not start")
            time.sleep(0.05)
        page.goto(url)
        page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=60_000)
        return time.perf_counter() - start
    finally:
        page.close()
        stop_page(server)


def cold_start_seconds(repeats: int = 5) -> list[float]:
    """Cold starts of the page, each a new ``streamlit run`` process, in one open Chromium."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError("needs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return [_one_cold_start(browser) for _ in range(repeats)]
        finally:
            browser.close()


# Item 9: in Chromium, from typing a count in the box to the matrix and to the charts showing it.
BROWSER_COUNTS = [14, 60, 120, 200, 90, 35, 300, 75, 150, 42, 250]
MATRIX_TEXT = "() => document.querySelector('table.matrix')?.textContent || ''"
CHART_TEXT = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"] svg'))
  .map(svg => svg.textContent).join(' ')"""


@dataclass
class CountChanges:
    """Seconds from the Enter that commits a count to the matrix and to the charts showing it;
    ``typing``: the harness's own typing before it (fill, read back, two frames), apart."""

    matrix: list[float] = field(default_factory=list)
    charts: list[float] = field(default_factory=list)
    typing: list[float] = field(default_factory=list)


def _expected_matrix_figure(assumptions, services: int) -> str:
    """The recommended pattern's implementation-time figure at ``services``, as the matrix shows
    it (it changes with the count, so its appearance means the matrix was redrawn)."""
    from accesscost.model.engine import estimate
    from accesscost.model.matrix import decision_matrix, recommended_id

    result = estimate(assumptions, services)
    rows = decision_matrix(result, assumptions.org.bands, assumptions.org.labour.hours_per_day)
    best = recommended_id(result)
    row = next(row for row in rows if row.pattern.id == best)
    return row.cells["implementation_time"].figure


def _wait_for(page, script: str, text: str, start: float, timeout: float = 30) -> float:
    while text not in page.evaluate(script):
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{text!r} did not appear within {timeout:.0f} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def browser_count_changes(counts: list[int] = BROWSER_COUNTS) -> CountChanges:
    """Type each count in the exact box at 1280x720 and time the matrix and the FinOps charts
    until they show it (the first change warms the caches and is not counted).

    The clock starts at the Enter that commits the count, when the page learns of it. Typing
    before it is the harness's own synchronisation (``fill``, polling the box until React reads
    the text back, two animation frames: see ``tests.browser.enter_value``), 0.2 s or so of
    Playwright round trips the page has no part in; it is timed apart and reported beside."""
    from playwright.sync_api import sync_playwright

    from accesscost.inputs.loading import load_assumptions
    from tests.browser import type_value

    assumptions = load_assumptions(ROOT / "assumptions")  # once, not for every count

    if not CHROMIUM.exists():
        raise RuntimeError("needs Debian's chromium (apt-get install chromium)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = serve_page(port, subprocess.DEVNULL)
    times = CountChanges()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            deadline = time.perf_counter() + 60
            while not healthy(url) and time.perf_counter() < deadline:
                time.sleep(0.05)
            page.goto(url)
            page.locator(FIRST_CHART).first.wait_for(state="visible", timeout=60_000)
            box = page.get_by_label("Services (exact, 1 to 10,000)")
            for n, services in enumerate(counts):
                figure = _expected_matrix_figure(assumptions, services)
                typed = time.perf_counter()
                type_value(box, str(services))
                start = time.perf_counter()
                box.press("Enter")
                matrix = _wait_for(page, MATRIX_TEXT, figure, start)
                charts = _wait_for(page, CHART_TEXT, f"{services:,} services", start)
                if n:
                    times.matrix.append(matrix)
                    times.charts.append(charts)
                    times.typing.append(start - typed)
            browser.close()
    finally:
        stop_page(server)
    return times
