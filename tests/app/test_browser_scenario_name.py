"""In Chromium: a scenario name (and description) typed and used at once, with no Tab or Enter in
between, is the one saved and the one downloaded; a reload after an edit opens the same what-if.

Typing in a Streamlit text box commits only on blur or Enter: a click on a button blurs the box,
which sends the new value with the click's rerun (Save reads it then), but a download button's
file was made on the run before, under the old name (issue 19: "Untitled what-if" downloaded).
Download YAML is a plain button whose run hands the file to the browser: one click, one file,
under the name just typed (it took a second click on the file's own button before)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from accesscost.inputs.scenario_files import load_scenario
from tests.browser import ROOT, chromium, poll, require_playwright, start_page, stop_page

pytestmark = pytest.mark.browser

METRIC_VALUE = '[data-testid="stMetricValue"]'
RUNNING = '[data-testid="stStatusWidget"]'  # shown while the script runs
NAME, DESCRIPTION = "Typed at once", "Described at once"
FILE = "typed-at-once.yaml"
PROJECTOR = (1280, 720)
LOADED_S = 120  # a rerun on two busy cores (the full suite beside other work) took over 30 s


@pytest.fixture
def served(tmp_path):
    """The page over a copy of the assumptions with no saved scenarios."""
    sync_playwright = require_playwright()
    folder = tmp_path / "assumptions"
    shutil.copytree(ROOT / "assumptions", folder)
    for path in (folder / "scenarios").glob("*.yaml"):
        path.unlink()
    server, url = start_page(tmp_path / "page.log", folder)
    try:
        yield sync_playwright, url, folder
    finally:
        stop_page(server)


def _open_scenarios(page, url: str) -> None:
    page.goto(f"{url}/?services=50")
    page.locator(METRIC_VALUE).first.wait_for(timeout=90_000)
    page.get_by_text("What-if: edit assumptions").click()
    page.get_by_role("tab", name="Scenarios").click()
    page.get_by_label("Scenario name").wait_for()


def _type_at_once(page, description: str = DESCRIPTION) -> None:
    """The name (and a description) filled, nothing pressed after them: the last box filled
    still holds its text uncommitted."""
    page.get_by_label("Scenario name").fill(NAME)
    if description:
        page.get_by_label("Description").fill(description)


def _downloaded(page, downloads: list, count: int) -> bool:
    """Whether ``count`` downloads have come (Playwright hands events over only while it is
    called, so this waits on the page, not in Python)."""
    page.wait_for_timeout(250)
    return len(downloads) >= count


def _download(page, downloads: list) -> tuple[str, str]:
    """Click Download YAML once, with the name just typed: the file must come from that click
    (it took a second click, on the file's own button, before). The file name and text."""
    before = len(downloads)
    poll(lambda: page.locator(RUNNING).count(), lambda n: n == 0, LOADED_S)
    page.get_by_role("button", name="Download YAML", exact=True).click()
    came = poll(lambda: _downloaded(page, downloads, before + 1), bool, LOADED_S)
    assert came, "one click on Download YAML downloaded nothing"
    page.wait_for_timeout(2000)
    assert len(downloads) == before + 1, [d.suggested_filename for d in downloads]
    return downloads[-1].suggested_filename, Path(downloads[-1].path()).read_text()


@pytest.mark.parametrize("description", ["", DESCRIPTION])
def test_download_uses_the_name_just_typed(served, description):
    sync_playwright, url, _ = served
    with chromium(sync_playwright, 1280, 900) as page:
        downloads: list = []
        page.on("download", lambda download: downloads.append(download))
        _open_scenarios(page, url)
        _type_at_once(page, description)
        name, text = _download(page, downloads)
    document = yaml.safe_load(text)
    assert (name, document["name"], document["description"]) == (FILE, NAME, description), text


def test_each_download_takes_one_click(served):
    """A second name typed and downloaded at once: one more click, one more file, under the
    second name (a browser may hold back downloads a page starts by itself after the first)."""
    sync_playwright, url, _ = served
    with chromium(sync_playwright, *PROJECTOR) as page:
        downloads: list = []
        page.on("download", lambda download: downloads.append(download))
        _open_scenarios(page, url)
        _type_at_once(page, "")
        assert _download(page, downloads)[0] == FILE
        page.get_by_label("Scenario name").fill("Typed again")
        name, text = _download(page, downloads)
    assert (name, yaml.safe_load(text)["name"]) == ("typed-again.yaml", "Typed again")


def test_save_uses_the_name_just_typed(served):
    sync_playwright, url, folder = served
    with chromium(sync_playwright, 1280, 900) as page:
        _open_scenarios(page, url)
        _type_at_once(page)
        page.get_by_role("button", name="Save scenario").click()
        saved = folder / "scenarios" / FILE
        assert poll(saved.is_file, bool), sorted(p.name for p in saved.parent.iterdir())
    scenario = load_scenario(saved)
    assert (scenario.name, scenario.description) == (NAME, DESCRIPTION)
