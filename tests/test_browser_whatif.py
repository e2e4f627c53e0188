"""In a real browser: edit one value in the what-if table and see the chart change to the engine's
figure, with the baseline still drawn dashed beside it."""

from __future__ import annotations

import pytest

from models.engine import estimate
from models.loading import load_assumptions, read_folder
from models.scenario import Scenario, apply_scenario
from tests.browser import ROOT, chromium, poll, require_playwright, start_page, stop_page

ARTIFACTS = ROOT / "artifacts"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'

pytestmark = pytest.mark.browser

D = "d-iam-user-keys"
REDEPLOY = "Redeploy each service with the new key"
NEW_HOURS = 5
VALUE_COLUMN = 5  # section, item, field, per, frequency, value

COST_CHART_TRACES = """() => {
  const plots = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const title = p => p.layout.title?.text || '';
  const plot = Array.from(plots).find(p => title(p).startsWith('Annual cost by number of'));
  if (!plot) return [];
  const numbers = values => Array.from(values || [], Number);
  return plot._fullData.map(t => ({name: t.name, x: numbers(t.x), y: numbers(t.y)}));
}"""


def _annual_at(traces: list[dict], name: str, services: int) -> float | None:
    for trace in traces:
        if trace["name"] == name and services in trace["x"]:
            return trace["y"][trace["x"].index(services)]
    return None


EDITING = "() => ['INPUT', 'TEXTAREA'].includes(document.activeElement?.tagName)"
RUNNING = '[data-testid="stStatusWidget"]'  # shown while the script runs
SELECTED = """g => Array.from(g.querySelectorAll('td[aria-selected="true"]')).map(t => t.id)"""


def wait_until(predicate, timeout: float = 45, message: str = "condition") -> None:
    assert poll(predicate, bool, timeout), f"timed out waiting for {message}"


def _selected(grid) -> tuple[int, int]:
    cell = grid.evaluate(SELECTED)[0]  # glide-cell-<column>-<row>
    column, row = cell.removeprefix("glide-cell-").split("-")
    return int(column), int(row)


def _edit_cell(page, item: str, column: int, text: str) -> None:
    """Click into the grid, walk to the item's cell with the arrow keys, type the new value.

    The grid is a canvas; its accessibility table says which cell is selected and which row
    holds ``item``, so the walk does not depend on pixel sizes.
    """
    grid = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    names = grid.locator('td[id^="glide-cell-1-"]')
    row = next(
        int(cell.get_attribute("id").rsplit("-", 1)[1])
        for cell in names.all()
        if cell.text_content() == item
    )
    box = grid.bounding_box()

    def clicked_into_grid() -> bool:
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
        page.wait_for_timeout(250)
        return bool(grid.evaluate(SELECTED))

    wait_until(clicked_into_grid, timeout=20, message="a cell of the table to be selected")
    here_column, here_row = _selected(grid)
    for key, steps in (("ArrowRight", column - here_column), ("ArrowDown", row - here_row)):
        for _ in range(steps):
            page.keyboard.press(key)
            page.wait_for_timeout(60)
    wait_until(lambda: _selected(grid) == (column, row), timeout=10, message=f"cell {item}")
    page.keyboard.press("Enter")
    wait_until(lambda: page.evaluate(EDITING), timeout=10, message="the cell editor to open")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    cell = grid.locator(f"#glide-cell-{column}-{row}")
    wait_until(lambda: cell.text_content() == text, timeout=20, message="the edit to be taken")


def test_editing_a_value_in_the_table_changes_the_chart(tmp_path):
    sync_playwright = require_playwright()
    baseline = load_assumptions(ROOT / "assumptions")
    label = baseline.patterns[D].label + " ✗"
    override = {"patterns": {D: {"operations": {REDEPLOY: {"hours": NEW_HOURS}}}}}
    edited = apply_scenario(
        read_folder(ROOT / "assumptions"), Scenario(name="t", overrides=override), "t"
    )
    before = float(estimate(baseline, 50).patterns[D].annual_usd[0])
    after = float(estimate(edited, 50).patterns[D].annual_usd[0])

    server, url = start_page(tmp_path / "page.log")
    try:
        _edit_and_watch(sync_playwright, url, label, before, after)
    finally:
        stop_page(server)


def _edit_and_watch(sync_playwright, url: str, label: str, before: float, after: float) -> None:
    with chromium(sync_playwright, 1600, 1400) as page:
        page.goto(f"{url}/?services=50")
        page.wait_for_selector(CHART, timeout=60_000)

        def drawn() -> bool:
            return _annual_at(page.evaluate(COST_CHART_TRACES), label, 50) is not None

        wait_until(drawn, message="the cost chart to be drawn")
        traces = page.evaluate(COST_CHART_TRACES)
        assert _annual_at(traces, label, 50) == pytest.approx(before, abs=0.5)

        page.get_by_text("What-if: edit assumptions").click()  # reruns the page: tables drawn
        page.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible")
        wait_until(lambda: page.locator(RUNNING).count() == 0, message="the rerun to finish")
        page.get_by_role("tab", name=label.removesuffix(" ✗")).click()
        page.wait_for_timeout(1000)
        _edit_cell(page, REDEPLOY, VALUE_COLUMN, str(NEW_HOURS))

        def chart_moved() -> bool:
            value = _annual_at(page.evaluate(COST_CHART_TRACES), label, 50)
            return value is not None and abs(value - after) < 0.5

        wait_until(chart_moved, message="the cost chart to show the edited figure")
        traces = page.evaluate(COST_CHART_TRACES)
        assert _annual_at(traces, f"{label} (baseline)", 50) == pytest.approx(before, abs=0.5)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "whatif-edit.png"), full_page=True)
