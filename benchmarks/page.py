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
RERUN_COUNTS = [51, 52, 55, 60, 75, 90, 120, 150, 200, 250, 300, 350, 400, 450, 500,
                480, 420, 380, 320, 260, 180, 140, 110, 80, 64]  # fmt: skip


@dataclass
class Reruns:
    """Per rerun: AppTest's wall clock (widget change to finished run), the script's own wall
    clock, and the CPU seconds of the script's thread."""

    apptest: list[float] = field(default_factory=list)
    script: list[float] = field(default_factory=list)
    script_cpu: list[float] = field(default_factory=list)


def reruns(counts: list[int] = RERUN_COUNTS) -> Reruns:
    """Rerun the page after each service-count change (AppTest, the page timed from the inside)."""
    from streamlit.testing.v1 import AppTest

    from benchmarks.timed_page import CPU_SECONDS_KEY, SECONDS_KEY

    page = AppTest.from_file(str(ROOT / "benchmarks" / "timed_page.py"), default_timeout=120)
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
