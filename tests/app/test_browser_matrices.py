"""The matrices in Chromium (issue 20): a click on a decision-matrix cell opens its story under
the matrix, and a click on a pattern x count column's title sets the service count (both count
controls and the link follow)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from accesscost.app.matrices import pattern_column_px
from accesscost.inputs.loading import load_assumptions
from tests.browser import chromium, poll, require_playwright, start_page, stop_page
from tests.conftest import ASSUMPTIONS

pytestmark = pytest.mark.browser

ROW_PX = 35  # Streamlit's grid: the header and each row are 35 px high (the count grid)
SERVICES_BOX = "Services (exact, 1 to 10,000)"


@pytest.fixture
def page_url(tmp_path):
    sync_playwright = require_playwright()
    server, url = start_page(tmp_path / "page.log")
    try:
        yield sync_playwright, url
    finally:
        stop_page(server)


# the committed decision's pattern column, as the page sizes it in the count grid
PATTERN_COLUMN_PX = pattern_column_px(
    p.label for p in load_assumptions(ASSUMPTIONS).patterns.values()
)


def _grid(page, key: str):
    grid = page.locator(f".st-key-{key} [data-testid='stDataFrame']")
    grid.wait_for(timeout=90_000)
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the canvas is drawn a frame after the element
    return grid.bounding_box()


def _query(page, name: str) -> list[str] | None:
    return parse_qs(urlparse(page.url).query).get(name)


# the URL is written at the end of a run: under the full suite on two cores, over 30 s
LOADED_S = 120


def _story(page, key: str) -> str:
    story = page.locator(f".st-key-story_{key}")
    return story.inner_text() if story.count() else ""


def test_a_click_on_a_cell_opens_its_story_and_a_column_sets_the_count(page_url):
    sync_playwright, url = page_url
    with chromium(sync_playwright, 1600, 1000) as page:
        page.goto(f"{url}/?services=50")
        box = _grid(page, "decision_grid")
        # row 0 is the recommended pattern (B at 50); the last column is Compliance risk (the
        # grid stretches its columns to its width, so the click is measured from its right)
        x = box["x"] + box["width"] - 40
        page.mouse.click(x, box["y"] + ROW_PX + ROW_PX / 2)  # the header is 35 px, a row 80
        # the story is drawn element by element: wait until its last part, the histogram, is in
        story = poll(
            lambda: _story(page, "decision"), lambda text: "Spread of the money" in text, LOADED_S
        )
        assert "B) IAM task role (taskRoleArn) · Compliance risk at 50 services" in story
        assert "Threats (risk events) behind it" in story, story  # its table: a canvas grid
        assert "Spread of the money behind this cell" in story  # the histogram
        cell = ["b-task-role~compliance_risk"]
        assert poll(lambda: _query(page, "cell"), lambda value: value == cell, LOADED_S) == cell

        box = _grid(page, "count_grid")
        page.mouse.click(box["x"] + PATTERN_COLUMN_PX + 20, box["y"] + ROW_PX / 2)  # "1"
        services = page.get_by_label(SERVICES_BOX)
        assert poll(services.input_value, lambda value: value == "1", LOADED_S) == "1"
        link = poll(lambda: _query(page, "services"), lambda value: value == ["1"], LOADED_S)
        assert link == ["1"]
        story = poll(
            lambda: _story(page, "decision"), lambda text: "at 1 service" in text, LOADED_S
        )
        assert "Compliance risk at 1 service:" in story, story  # the story followed
