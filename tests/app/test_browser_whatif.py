"""In a real browser: edit one value in the what-if table and see the chart change to the engine's
figure, with the baseline still drawn dashed beside it."""

from __future__ import annotations

import pytest

from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import load_assumptions, read_folder
from accesscost.inputs.scenario import Scenario
from accesscost.model.engine import estimate
from tests.browser import (
    ROOT,
    chromium,
    enter_value,
    poll,
    require_playwright,
    start_page,
    stop_page,
)
from tests.pattern_ids import D

ARTIFACTS = ROOT / "artifacts"
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'

pytestmark = pytest.mark.browser


REDEPLOY = "Redeploy each service with the new key"
NEW_MODE = 0.4  # hours: the item is a PERT range (issue 13's judgement ranges); its mode moves
# the grid's columns: accesscost.app.whatif.PATTERN_COLUMN_ORDER, the item pinned first, then
# field, value
ITEM_COLUMN, MODE_COLUMN = 0, 4  # item, field, value, low, mode

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
        # a legend name as read: its wrapped lines joined
        if trace["name"].replace("<br>", " ") == name and services in trace["x"]:
            return trace["y"][trace["x"].index(services)]
    return None


RUNNING = '[data-testid="stStatusWidget"]'  # shown while the script runs
SELECTED = """g => Array.from(g.querySelectorAll('td[aria-selected="true"]')).map(t => t.id)"""


def wait_until(predicate, timeout: float = 45, message: str = "condition") -> None:
    assert poll(predicate, bool, timeout), f"timed out waiting for {message}"


def _selected(grid) -> tuple[int, int] | None:
    cells = grid.evaluate(SELECTED)  # glide-cell-<column>-<row>
    if not cells:
        return None
    column, row = cells[0].removeprefix("glide-cell-").split("-")
    return int(column), int(row)


def _item_row(grid, item: str) -> int:
    """The grid row that holds ``item``, read from the grid's accessibility table."""
    names = grid.locator(f'td[id^="glide-cell-{ITEM_COLUMN}-"]')
    wait_until(lambda: any(cell.text_content() == item for cell in names.all()), 20, item)
    return next(
        int(cell.get_attribute("id").rsplit("-", 1)[1])
        for cell in names.all()
        if cell.text_content() == item
    )


def _walk_to(page, grid, column: int, row: int) -> None:
    """Select a cell of the grid, then walk to (column, row) with the arrow keys, one step at a
    time, each step waiting for the grid to report the new selection (no fixed waits).

    The click lands on the first body row just under the header (Streamlit's rows are 35 px); it
    is repeated until the grid reports a selection, and the walk starts from whichever cell that
    is, so the offset only has to land somewhere inside the body.
    """
    box = grid.bounding_box()

    def clicked_into_grid() -> bool:
        page.mouse.click(box["x"] + 30, box["y"] + 35 + 17)
        return poll(lambda: _selected(grid), bool, timeout=1) is not None

    wait_until(clicked_into_grid, timeout=20, message="a cell of the table to be selected")
    while (here := _selected(grid)) != (column, row):
        assert here is not None, "the grid lost its selection during the walk"
        step = _step_towards(here, (column, row))
        page.keyboard.press(STEP_KEYS[step])
        target = (here[0] + step[0], here[1] + step[1])
        wait_until(lambda t=target: _selected(grid) == t, timeout=10, message=f"cell {target}")


STEP_KEYS = {(1, 0): "ArrowRight", (-1, 0): "ArrowLeft", (0, 1): "ArrowDown", (0, -1): "ArrowUp"}


def _step_towards(here: tuple[int, int], there: tuple[int, int]) -> tuple[int, int]:
    """One arrow step from ``here`` towards ``there``: columns first, then rows."""
    if here[0] != there[0]:
        return (1 if there[0] > here[0] else -1), 0
    return 0, (1 if there[1] > here[1] else -1)


def _edit_cell(page, item: str, column: int, text: str) -> None:
    """Open the editor on ``item``'s cell in ``column``, put ``text`` in it and commit it.

    The grid is a canvas; its accessibility table says which cell is selected and which row
    holds ``item``. The editor must open on this cell's value before ``enter_value`` fills it
    (with Chromium 156, typing then pressing Enter at once committed the old value and moved the
    selection down a row: the race ``enter_value`` waits out).
    """
    grid = page.locator('[data-testid="stDataFrame"]').filter(visible=True).first
    row = _item_row(grid, item)
    cell = grid.locator(f"#glide-cell-{column}-{row}")
    before = cell.text_content()
    _walk_to(page, grid, column, row)
    page.keyboard.press("Enter")
    editor = page.locator("input.gdg-input, textarea.gdg-input").first
    editor.wait_for(state="visible", timeout=10_000)
    assert editor.input_value() == before, f"the editor opened on another cell than {item}"
    enter_value(editor, text)
    wait_until(lambda: cell.text_content() == text, timeout=20, message="the edit to be taken")


def test_editing_a_value_in_the_table_changes_the_chart(tmp_path):
    sync_playwright = require_playwright()
    baseline = load_assumptions(ROOT / "assumptions")
    label = baseline.patterns[D].label + " ✗"
    hours = next(i.hours for i in baseline.patterns[D].operations if i.name == REDEPLOY).to_yaml()
    assert hours["low"] <= NEW_MODE <= hours["high"], "the new mode stays inside the range"
    override = {"patterns": {D: {"operations": {REDEPLOY: {"hours": hours | {"mode": NEW_MODE}}}}}}
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
        _edit_cell(page, REDEPLOY, MODE_COLUMN, f"{NEW_MODE:g}")

        def chart_moved() -> bool:
            value = _annual_at(page.evaluate(COST_CHART_TRACES), label, 50)
            return value is not None and abs(value - after) < 0.5

        wait_until(chart_moved, message="the cost chart to show the edited figure")
        traces = page.evaluate(COST_CHART_TRACES)
        assert _annual_at(traces, f"{label} (baseline)", 50) == pytest.approx(before, abs=0.5)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "whatif-edit.png"), full_page=True)
