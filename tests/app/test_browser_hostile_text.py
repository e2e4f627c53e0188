"""In a real browser: a folder whose pattern names, summaries, notes, item names, diagram labels
and a guardrail hold Markdown images, HTML links, plotly ``<a href>`` and ``$…$``. Every tab, the
what-if editor and its tabs and every calculation are opened; no ``img`` or ``a`` element (HTML or
SVG) points where the files' links point, and the browser fetches nothing from there."""

from __future__ import annotations

import pytest

from tests.browser import ROOT, chromium, poll, require_playwright, start_page, stop_page
from tests.hostile_corpus import ACCEPTED, copy_assumptions, place

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "artifacts"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
RUNNING = '[data-testid="stStatusWidget"]'
TARGET = "127.0.0.1:9"  # where every link and image of the corpus points
GUARDRAIL = f"""
  - id: markup-guardrail
    name: "![g](http://{TARGET}/guard.png) <a href=\\"http://{TARGET}/g\\">guard</a> $g$"
    summary: "[help](http://{TARGET}/help) <img src=\\"http://{TARGET}/h.png\\">"
    applies_to: [g-copy]
    implementation:
      - {{name: "<a href=\\"http://{TARGET}/gi\\">Set it up</a>", per: deployment, hours: 1,
         source: "![s](http://{TARGET}/gs.png)"}}
"""
LINKS = """() => Array.from(document.querySelectorAll('img, a, image')).map(e => [
  e.localName, e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('xlink:href') || ''
])"""


@pytest.fixture
def hostile_folder(tmp_path):
    folder = copy_assumptions(tmp_path / "assumptions")
    place(next(case for case in ACCEPTED if case.id == "markup-text"), folder)
    guardrails = folder / "guardrails.yaml"
    guardrails.write_text(guardrails.read_text() + GUARDRAIL)
    return folder


def from_the_files(page) -> list:
    return [link for link in page.evaluate(LINKS) if TARGET in link[1] or "javascript" in link[1]]


def settle(page) -> None:
    page.wait_for_timeout(300)
    assert poll(lambda: page.locator(RUNNING).count(), lambda n: n == 0, 45) == 0


def test_no_image_or_link_from_the_files_on_any_tab(hostile_folder, tmp_path):
    sync_playwright = require_playwright()
    server, url = start_page(tmp_path / "page.log", hostile_folder)
    try:
        with chromium(sync_playwright, 1600, 2400) as page:
            fetched = []
            page.on("request", lambda r: fetched.append(r.url) if TARGET in r.url else None)
            page.goto(f"{url}/?services=50&show=g-copy,d-iam-user-keys&ref=d-iam-user-keys")
            page.wait_for_selector(CHART, timeout=60_000)
            settle(page)
            seen = {"FinOps": from_the_files(page)}
            for tab in ("Uncertainty and sensitivity", "Blueprints"):
                page.get_by_role("tab", name=tab).click()
                page.wait_for_selector(CHART, timeout=60_000)
                settle(page)
                seen[tab] = from_the_files(page)
            for summary in page.locator("summary").all():  # calculations, what-if, files
                summary.click()
                settle(page)
            seen["expanders"] = from_the_files(page)
            editor = page.locator('[data-testid="stExpander"] [role="tab"]')
            for index in range(editor.count()):  # the editor's tabs, then "Scenarios" last
                tab = editor.nth(index)
                if tab.is_visible() and tab.inner_text() != "Scenarios":
                    tab.click()
                    settle(page)
                    seen[f"editor tab {index}"] = from_the_files(page)
            page.get_by_role("tab", name="Scenarios").click()
            settle(page)
            seen["scenarios"] = from_the_files(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "hostile-text.png"), full_page=True)
            text = page.locator("body").inner_text()
    finally:
        stop_page(server)
    assert {where: links for where, links in seen.items() if links} == {}
    assert fetched == []
    assert f"http://{TARGET}/name.png" in text  # the name is on the page, as text
    assert editor_tabs_seen(seen) >= 3


def editor_tabs_seen(seen: dict) -> int:
    return sum(1 for where in seen if where.startswith("editor tab"))
