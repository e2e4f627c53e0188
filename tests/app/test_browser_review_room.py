"""The review at 1280x720, a projector, in Chromium: the key figures are readable in full, ten
arrow presses on the slider move both count controls by ten, a freshly typed name is the one
saved, a share link opens the same what-if in a new browser, and the matrix text is readable."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from accesscost.inputs.scenario_files import load_scenario
from accesscost.text.key_figures import KEY_FIGURES
from tests.browser import (
    ROOT,
    chromium,
    poll,
    require_playwright,
    start_page,
    stop_page,
)

pytestmark = pytest.mark.browser

PROJECTOR = (1280, 720)
METRIC_VALUE = '[data-testid="stMetricValue"]'
SLIDER = '[data-testid="stSlider"] input[type="range"][aria-label="Services"]'
SERVICES_BOX = "Services (exact, 1 to 10,000)"
RUNNING = '[data-testid="stStatusWidget"]'
CUT_OFF = """() => Array.from(document.querySelectorAll('[data-testid="stMetric"] *'))
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
FOLD = """() => Array.from(document.querySelectorAll('[data-testid="stMetric"]'))
  .map(e => e.getBoundingClientRect().bottom)"""
# WCAG 2 contrast of each matrix cell's text against its own background, computed in the page.
CONTRASTS = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const ground = e => { for (let n = e; n; n = n.parentElement) {
      const bg = getComputedStyle(n).backgroundColor;
      if (bg && !bg.startsWith('rgba(0, 0, 0, 0)')) return bg; } return 'rgb(255, 255, 255)'; };
  return Array.from(document.querySelectorAll('table.matrix td *, table.matrix th'))
    .filter(e => e.childNodes.length && e.textContent.trim())
    .map(e => [e.textContent.trim().slice(0, 40), ratio(getComputedStyle(e).color, ground(e))]);
}"""


def _shown(page) -> list[str]:
    return [t.strip() for t in page.locator(METRIC_VALUE).all_inner_texts()]


def _settled(page) -> bool:
    return page.locator(RUNNING).count() == 0


# What Streamlit does to an element a rerun has not redrawn yet (data-stale="true"), read once the
# page's 0.15 s transition is over: without the page's rule it keeps full opacity for about 1 s.
STALE_OPACITY = """async () => {
  const element = document.querySelector('[data-testid="stElementContainer"]');
  element.setAttribute('data-stale', 'true');
  await new Promise(done => setTimeout(done, 400));
  const opacity = parseFloat(getComputedStyle(element).opacity);
  element.setAttribute('data-stale', 'false');
  return opacity;
}"""


@pytest.fixture
def room(tmp_path):
    """The page over a copy of the assumptions (a save writes into its scenarios folder)."""
    sync_playwright = require_playwright()
    folder = tmp_path / "assumptions"
    shutil.copytree(ROOT / "assumptions", folder)
    server, url = start_page(tmp_path / "page.log", folder)
    try:
        yield sync_playwright, url, folder
    finally:
        stop_page(server)


def test_a_review_at_1280x720(room):
    sync_playwright, url, folder = room
    with chromium(sync_playwright, *PROJECTOR) as page:
        page.goto(f"{url}/?services=50")
        page.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
        wanted = 1 + len(KEY_FIGURES)  # the recommendation, then each registered key figure
        assert poll(lambda: len(_shown(page)), lambda n: n == wanted) == wanted
        assert page.evaluate(CUT_OFF) == [], "no key figure is cut off at 1280 px"
        assert max(page.evaluate(FOLD)) <= PROJECTOR[1], "the key figures sit above the fold"
        low = [(text, ratio) for text, ratio in page.evaluate(CONTRASTS) if ratio < 4.5]
        assert low == [], f"matrix text under 4.5:1 (WCAG AA): {low[:5]}"
        assert page.evaluate(STALE_OPACITY) == pytest.approx(0.45), "stale output dims at once"

        _ten_arrow_presses(page)
        _save_with_a_freshly_typed_name(page, folder)
        link = poll(lambda: page.url, lambda url: "whatif" in url)
        figures = _shown(page)

    assert "whatif" in parse_qs(urlparse(link).query), "the link carries the what-if"
    with chromium(sync_playwright, *PROJECTOR) as other:  # a new browser: nothing shared
        other.goto(link)
        other.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
        assert poll(lambda: _shown(other), lambda shown: shown == figures) == figures
        effect = poll(lambda: _in_effect(other), bool)
        alerts = other.locator('[data-testid="stAlert"]').all_inner_texts()
        assert "“Typed at once”: 0 edits, 1 guardrails" in "".join(effect), (effect, alerts)


def _ten_arrow_presses(page) -> None:
    slider = page.locator(SLIDER)
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    box = page.get_by_label(SERVICES_BOX)
    both = poll(lambda: (slider.input_value(), box.input_value()), lambda v: v == ("60", "60"))
    assert both == ("60", "60"), f"slider and box after 10 presses from 50: {both}"
    assert poll(lambda: parse_qs(urlparse(page.url).query).get("services"), lambda v: v == ["60"])
    assert poll(lambda: _settled(page), bool)


def _in_effect(page) -> list[str]:
    """The labels of the 'What-if in effect' expander (drawn once a what-if applies)."""
    labels = page.locator('[data-testid="stExpander"] summary').all_inner_texts()
    return [label.strip() for label in labels if "What-if in effect" in label]


def _save_with_a_freshly_typed_name(page, folder) -> None:
    """A guardrail switched on (a what-if beyond the sidebar), then a name typed and Save
    clicked at once, with no Tab or Enter in between."""
    page.get_by_text("What-if: edit assumptions").click()
    page.get_by_role("tab", name="B) IAM task role (taskRoleArn)").click()
    page.get_by_text("Permission boundaries").first.click()
    assert poll(lambda: _in_effect(page), bool), "the guardrail made a what-if"
    page.get_by_role("tab", name="Scenarios").click()
    page.get_by_label("Scenario name").fill("Typed at once")
    page.get_by_role("button", name="Save scenario").click()
    saved = folder / "scenarios" / "typed-at-once.yaml"
    assert poll(saved.is_file, bool, timeout=30), sorted(p.name for p in saved.parent.iterdir())
    assert load_scenario(saved).guardrails == {"b-task-role": ["permission-boundaries"]}
    done = page.get_by_text("Saved scenario “Typed at once” as typed-at-once.yaml.")
    assert poll(done.count, lambda n: n == 1) == 1
    named = poll(lambda: _in_effect(page), lambda labels: "Typed at once" in "".join(labels))
    assert "“Typed at once”: 0 edits, 1 guardrails" in "".join(named), named
