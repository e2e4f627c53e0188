"""The review page in a real browser: ``streamlit run`` on a free port, driven with Chromium.

Typing a service count must change the key figures on screen to the engine's figures for that
count, redraw the FinOps charts for it, and put the count into the link. A screenshot of the
result is saved in ``artifacts/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from accesscost.core.words import services_text
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import Estimate, estimate
from accesscost.model.matrix import recommended_id, usd
from accesscost.model.timeline import payback_month
from tests.browser import (
    ROOT,
    chromium,
    enter_value,
    poll,
    require_playwright,
    start_page,
    stop_page,
)

pytestmark = pytest.mark.browser

SERVICES_BOX = "Services (exact, 1 to 10,000)"
METRIC_VALUE = '[data-testid="stMetricValue"]'
# The first run imports plotly and pandas, simulates and fills the caches: 14 s on two busy cores.
FIRST_RENDER_S = 120
# Streamlit scrolls inside its own container, so a full-page screenshot is one viewport: a tall
# one, grown to the page's height before the screenshot.
VIEWPORT = (1600, 4400)
MAX_HEIGHT = 16_000
SCREENSHOT = ROOT / "artifacts" / "page-14-services.png"
RENDERED_TITLES = """() => Array.from(
  document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg .gtitle'),
  title => title.textContent)"""
CHART_TEXTS = """() => Array.from(
  document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot'),
  plot => plot.textContent)"""
PAGE_HEIGHT = """() => Math.max(...Array.from(
  document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]'),
  block => block.scrollHeight))"""


def finops_titles(services: int) -> list[str]:
    """The start of each FinOps chart's title when drawn for ``services``."""
    return [
        "Annual cost by number of services",
        f"Annual cost by category at {services_text(services)}",
        "Cumulative cost over ",
        "Savings against ",
    ]


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
    """The metric values, formatted as the page formats them (issue 15: the TCO as well)."""
    best = recommended_id(result)
    months = payback_month(result, best)
    return [
        result.patterns[best].pattern.label,
        usd(float(result.patterns[best].annual_usd[0])),
        usd(float(result.annual_savings(best)[0])),
        "never" if months is None else f"{months:.1f} months",
        usd(float(result.patterns[best].tco_usd[0])),
    ]


def shown_figures(page) -> list[str]:
    return [text.strip() for text in page.locator(METRIC_VALUE).all_inner_texts()]


def services_in_link(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("services", [])


def missing_charts(page, services: int) -> list[str]:
    """FinOps charts not yet drawn (as SVG) for ``services``."""
    titles = page.evaluate(RENDERED_TITLES)
    return [want for want in finops_titles(services) if not any(t.startswith(want) for t in titles)]


def wait_for_charts(page, services: int, timeout: float = 30) -> None:
    missing = poll(lambda: missing_charts(page, services), lambda left: not left, timeout)
    assert not missing, f"charts not drawn for {services} services within {timeout:g} s: {missing}"


def cost_chart_marks(page, services: int) -> bool:
    """Whether a drawn cost-by-services chart carries the "<services> services" marker."""
    texts = page.evaluate(CHART_TEXTS)
    title, marker = finops_titles(services)[0], services_text(services)
    return any(title in text and marker in text for text in texts)


def full_screenshot(page, services: int) -> None:
    height = min(MAX_HEIGHT, max(VIEWPORT[1], page.evaluate(PAGE_HEIGHT)))
    if height > VIEWPORT[1]:
        page.set_viewport_size({"width": VIEWPORT[0], "height": height})
        wait_for_charts(page, services)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)


def test_typing_a_service_count_shows_the_engine_figures_and_updates_the_link(page_url):
    sync_playwright, url = page_url
    assumptions = load_assumptions(ROOT / "assumptions")
    default = assumptions.org.default_services
    at_default = key_figures(estimate(assumptions, default))
    at_14 = key_figures(estimate(assumptions, 14))
    assert at_14 != at_default

    with chromium(sync_playwright, *VIEWPORT) as page:
        page.goto(url)
        wait_for_charts(page, default, FIRST_RENDER_S)
        assert poll(lambda: shown_figures(page), lambda shown: shown == at_default) == at_default

        enter_value(page.get_by_label(SERVICES_BOX), "14")

        shown = poll(lambda: shown_figures(page), lambda shown: shown == at_14)
        assert shown == at_14, "the key figures became the engine's for 14 services"
        assert poll(lambda: services_in_link(page), lambda v: v == ["14"]) == ["14"]
        caption = page.get_by_text("14 services, 3-year horizon")
        assert poll(caption.count, lambda n: n == 1) == 1
        wait_for_charts(page, 14)
        marked = poll(lambda: cost_chart_marks(page, 14), bool)
        assert marked, "the cost chart marks the chosen count"

        full_screenshot(page, 14)
    assert SCREENSHOT.stat().st_size > 10_000
