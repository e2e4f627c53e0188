"""A decision besides ECS in a real browser (issue 17): ``?decision=eks-pods`` opens the EKS
decision with its own question, its count in pods, its recommended option and its charts."""

from __future__ import annotations

import pytest

from accesscost.inputs.decisions import decision_folder
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from accesscost.model.matrix import recommended_id, usd
from tests.app.test_browser import page_url  # noqa: F401  (the page served for the test)
from tests.browser import ROOT, chromium, poll

pytestmark = pytest.mark.browser

FIRST_RENDER_S = 120
VIEWPORT = (1600, 3000)
SCREENSHOT = ROOT / "artifacts" / "page-eks-pods-200.png"
TITLES = """() => Array.from(
  document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg .gtitle'),
  title => title.textContent)"""
METRIC_VALUE = '[data-testid="stMetricValue"]'


def test_the_eks_decision_opens_from_its_link_with_its_own_question_and_figures(page_url):  # noqa: F811
    sync_playwright, url = page_url
    assumptions = load_assumptions(decision_folder(ROOT / "assumptions", "eks-pods"))
    result = estimate(assumptions, 200)
    best = recommended_id(result)
    expected = [
        result.patterns[best].pattern.label,
        usd(float(result.patterns[best].annual_usd[0])),
    ]
    with chromium(sync_playwright, *VIEWPORT) as page:
        page.goto(f"{url}/?decision=eks-pods&services=200")
        charts = poll(
            lambda: page.evaluate(TITLES),
            lambda titles: any(t.startswith("Annual cost by number of pods") for t in titles),
            FIRST_RENDER_S,
        )
        assert any(t.startswith("Annual cost by number of pods") for t in charts), charts
        assert page.locator("h1").first.inner_text().strip() == assumptions.decision.question
        shown = [t.strip() for t in page.locator(METRIC_VALUE).all_inner_texts()]
        assert shown[:2] == expected
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert sidebar.startswith("Decision")  # the box, shown with three decisions
        assert "Pods (exact, 1 to 10,000)" in sidebar  # the count's noun follows the decision
        assert "200 pods" in page.locator('[data-testid="stMain"]').inner_text()
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
