"""In Chromium: a reload after an unsaved edit opens the same what-if (the share link carries it,
``&whatif=``), and a what-if too long for the link is said to be dropped, before the reload and
after it, never silently (issue 19)."""

from __future__ import annotations

import base64
import random
from urllib.parse import parse_qs, urlparse

import pytest

from accesscost.inputs.share_link import TOO_LONG
from tests.browser import chromium, poll, require_playwright, start_page, stop_page

pytestmark = pytest.mark.browser

METRIC_VALUE = '[data-testid="stMetricValue"]'
RUNNING = '[data-testid="stStatusWidget"]'
ALERTS = '[data-testid="stAlert"], [data-testid="stCaptionContainer"]'
B_TAB, GUARDRAIL = "B) IAM task role (taskRoleArn)", "Permission boundaries"
# 3,000 random bytes as text do not compress: packed, over the link's 1,800 characters
NOISE = base64.b64encode(random.Random(0).randbytes(3_000)).decode()


@pytest.fixture
def served(tmp_path):
    sync_playwright = require_playwright()
    server, url = start_page(tmp_path / "page.log")
    try:
        yield sync_playwright, url
    finally:
        stop_page(server)


def _figures(page) -> list[str]:
    return [text.strip() for text in page.locator(METRIC_VALUE).all_inner_texts()]


def _in_effect(page) -> str:
    labels = page.locator('[data-testid="stExpander"] summary').all_inner_texts()
    return "".join(label.strip() for label in labels if "What-if in effect" in label)


def _settled_figures(page) -> list[str]:
    """The key figures once no run is on its way and two reads agree."""
    previous: list[list[str]] = [[]]

    def read() -> list[str]:
        poll(lambda: page.locator(RUNNING).count(), lambda n: n == 0)
        return _figures(page)

    def stable(now: list[str]) -> bool:
        same, previous[0] = now == previous[0] and bool(now), now
        return same

    return poll(read, stable, interval=0.5)


def _whatif_in_link(page) -> list[str]:
    return parse_qs(urlparse(page.url).query).get("whatif", [])


def _open(page, url: str) -> None:
    page.goto(f"{url}/?services=50")
    page.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
    page.get_by_text("What-if: edit assumptions").click()


def test_a_reload_after_an_edit_shows_the_same_what_if(served):
    sync_playwright, url = served
    with chromium(sync_playwright, 1280, 900) as page:
        _open(page, url)
        baseline = _settled_figures(page)
        page.get_by_role("tab", name=B_TAB).click()
        page.get_by_text(GUARDRAIL).first.click()
        assert poll(lambda: _in_effect(page), bool), "the guardrail made a what-if"
        assert poll(lambda: _whatif_in_link(page), bool), page.url
        edited = _settled_figures(page)
        assert edited != baseline, "the guardrail moves a key figure"
        page.reload()
        page.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
        assert poll(lambda: _in_effect(page), bool), "the reload shows a what-if in effect"
        assert _settled_figures(page) == edited
        assert "0 edits, 1 guardrails" in _in_effect(page)


def _says_dropped(page) -> str:
    texts = page.locator(ALERTS).all_inner_texts()
    return " ".join(text for text in texts if "too long for a share link" in text)


def test_a_what_if_too_long_for_the_link_is_said_to_be_dropped(served):
    sync_playwright, url = served
    with chromium(sync_playwright, 1280, 900) as page:
        _open(page, url)
        page.get_by_role("tab", name="Scenarios").click()
        page.get_by_label("Description").fill(NOISE)
        page.get_by_label("Description").press("Tab")  # committed
        before = poll(lambda: _says_dropped(page), bool)
        assert "a reload" in before, before
        assert _whatif_in_link(page) == [TOO_LONG], "the link marks the what-if dropped"
        page.reload()
        page.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
        after = poll(lambda: _says_dropped(page), bool)
        assert "shows the baseline" in after, after
