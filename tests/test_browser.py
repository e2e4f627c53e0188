"""The review page in a real browser: ``streamlit run`` on a free port, driven with Chromium.

Typing a service count must change the key figures on screen to the engine's figures for that
count, redraw the charts, and put the count into the link. A screenshot of the result is saved
in ``artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from models.engine import Estimate, estimate
from models.loading import load_assumptions
from models.matrix import recommended_id, usd
from models.timeline import payback_month
from tests.browser import ROOT, chromium, poll, require_playwright, start_page, stop_page

pytestmark = pytest.mark.browser

SERVICES_BOX = "Services (exact, up to 10,000)"
METRIC_VALUE = '[data-testid="stMetricValue"]'
CHARTS = 4
# The first run imports plotly and pandas and fills the caches: 4-13 s on two busy cores.
FIRST_RENDER_S = 60
# Streamlit scrolls inside its own container, so a full-page screenshot is one viewport: a tall one.
VIEWPORT = (1600, 4400)
SCREENSHOT = ROOT / "artifacts" / "page-14-services.png"
COUNT_RENDERED_CHARTS = """() => Array.from(
  document.querySelectorAll('[data-testid="stPlotlyChart"]'),
  chart => chart.querySelector('.js-plotly-plot .main-svg') !== null,
).filter(Boolean).length"""


@pytest.fixture
def page_url(tmp_path) -> Iterator[tuple]:
    """(sync_playwright, URL of the running page); the server is stopped however the test ends."""
    sync_playwright = require_playwright()
    server, url = start_page(tmp_path / "streamlit.log")
    try:
        yield sync_playwright, url
    finally:
        stop_page(server)


def key_figures(result: Estimate) -> list[str]:
    """The four metric values, formatted as the page formats them."""
    best = recommended_id(result)
    months = payback_month(result, best)
    return [
        result.patterns[best].pattern.label,
        usd(float(result.patterns[best].annual_usd[0])),
        usd(float(result.annual_savings(best)[0])),
        "never" if months is None else f"{months:.1f} months",
    ]


def shown_figures(page) -> list[str]:
    return [text.strip() for text in page.locator(METRIC_VALUE).all_inner_texts()]


def services_in_link(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("services", [])


def wait_for_charts(page, timeout: float = 30) -> None:
    count = poll(lambda: page.evaluate(COUNT_RENDERED_CHARTS), lambda n: n >= CHARTS, timeout)
    assert count == CHARTS, f"{count} of {CHARTS} charts rendered within {timeout:g} s"


def test_typing_a_service_count_shows_the_engine_figures_and_updates_the_link(page_url):
    sync_playwright, url = page_url
    assumptions = load_assumptions(ROOT / "assumptions")
    at_default = key_figures(estimate(assumptions, assumptions.org.default_services))
    at_14 = key_figures(estimate(assumptions, 14))
    assert at_14 != at_default

    with chromium(sync_playwright, *VIEWPORT) as page:
        page.goto(url)
        wait_for_charts(page, FIRST_RENDER_S)
        opened = poll(lambda: shown_figures(page), lambda shown: shown == at_default)
        assert opened == at_default

        box = page.get_by_label(SERVICES_BOX)
        box.click()
        box.press("Control+A")
        box.press_sequentially("14")
        box.press("Enter")

        shown = poll(lambda: shown_figures(page), lambda shown: shown == at_14)
        assert shown == at_14, "the key figures became the engine's for 14 services"
        assert poll(lambda: services_in_link(page), lambda v: v == ["14"]) == ["14"]
        caption = page.get_by_text("14 services, 3-year horizon")
        assert poll(caption.count, lambda n: n == 1) == 1
        wait_for_charts(page)
        cost_chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart_text = poll(cost_chart.text_content, lambda text: "14 services" in (text or ""))
        assert "14 services" in chart_text, "the cost chart marks the chosen count"

        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert Path(SCREENSHOT).stat().st_size > 10_000
