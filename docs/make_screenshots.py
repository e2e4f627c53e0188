"""Screenshots of the page and the deck for the README (``docs/screenshots/``).

    python docs/make_screenshots.py

The page is served from the committed assumptions and opened in Debian's Chromium at 1280x720
(a projector) and 1920x1080 (a laptop): the top of the page, the matrix, each tab (FinOps,
Uncertainty and sensitivity, Blueprints) scrolled into view, and the three matrices each with a
cell's story open. The deck is exported with ``cli.py export``, converted to PDF by LibreOffice
and its key slides to PNG by ``pdftoppm``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, require_playwright, start_page, stop_page  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = ((1280, 720), (1920, 1080))
TABS = ("FinOps", "Uncertainty and sensitivity", "Blueprints")
CHART = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
RUNNING = '[data-testid="stStatusWidget"]'
KEY_SLIDES = (2, 3, 4, 5)  # key figures, matrix, the pattern x count matrix, the cost chart


def _settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(f"() => !document.querySelector('{RUNNING}')", timeout=60_000)
    page.wait_for_timeout(1500)


# Scrolls Streamlit's main area (it scrolls inside its own container) so the element's top sits
# ``offset`` px below the top of the window, under Streamlit's header bar: scroll_into_view left
# an element already partly in view where it was (the 1920x1080 matrix shot was the top shot).
TO_TOP = """([selector, offset]) => {
  const element = document.querySelector(selector);
  element.scrollIntoView({block: 'start'});
  let box = element.parentElement;
  while (box && !(box.scrollHeight > box.clientHeight
                  && /auto|scroll/.test(getComputedStyle(box).overflowY))) box = box.parentElement;
  if (box) box.scrollTop -= offset;
}"""
HEADER_PX = 70


def _to_top(page, selector: str, offset: int = HEADER_PX) -> None:
    page.evaluate(TO_TOP, [selector, offset])
    _settle(page)


def page_shots(url: str, width: int, height: int) -> list[Path]:
    """The top of the page, the decision matrix, then each tab with its tabs' row at the top."""
    sync_playwright = require_playwright()
    shots = []
    with chromium(sync_playwright, width, height) as page:
        page.goto(f"{url}/?services=50")
        page.wait_for_selector(CHART, timeout=90_000)
        _settle(page)
        shots.append(OUT / f"page-top-{width}x{height}.png")
        page.screenshot(path=str(shots[-1]))
        _to_top(page, "#decision-matrix")
        shots.append(OUT / f"page-matrix-{width}x{height}.png")
        page.screenshot(path=str(shots[-1]))
        for tab in TABS:
            page.get_by_role("tab", name=tab).click()
            _settle(page)
            _to_top(page, '[role="tablist"]')
            stem = tab.split()[0].lower()
            shots.append(OUT / f"page-{stem}-{width}x{height}.png")
            page.screenshot(path=str(shots[-1]))
    return shots


# The three matrices, each with a cell's story open, at both sizes. The decision and the count
# matrices are opened through the share link's parameters (the ones a reviewer's link carries).
# The risk matrix's story is opened by a click on its table, D's first risk with D alone in the
# risk charts: a link's risk= opens nothing (the page checks the risk's number against each
# pattern's own compliance items, which the shared threats of issue 16 leave empty:
# accesscost/app/matrices.py, risk_of), and waiting for that story timed the script out.
ROW_PX = 35  # Streamlit's grid: the header and each row are 35 px high
MATRIX_SHOTS = (  # (file stem, link parameters, the grid shown at the top, its story under it)
    ("matrix-decision", "cell=d-iam-user-keys~compliance_risk", "decision_grid"),
    ("matrix-count", "grid=b-task-role~10000", "count_grid"),
    ("matrix-risk", "", "risk_chart"),  # the chart, its selected marker outlined
)
RISK_PATTERN = "D) IAM user keys on the hosts"


def _open_risk_story(page) -> None:
    """The Uncertainty tab, D alone in the risk charts, and a click on the risk table's first
    row (its selection box, at the grid's left edge)."""
    page.get_by_role("tab", name="Uncertainty and sensitivity").click()
    _settle(page)
    page.get_by_label("Patterns in the risk charts").click()
    page.get_by_role("option", name=RISK_PATTERN).click()
    _settle(page)
    grid = page.locator(".st-key-risk_table [data-testid='stDataFrame']")
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # the canvas is drawn a frame after the element
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 1.5 * ROW_PX)


def matrix_shots(url: str, width: int, height: int) -> list[Path]:
    sync_playwright = require_playwright()
    shots = []
    with chromium(sync_playwright, width, height) as page:
        for stem, query, key in MATRIX_SHOTS:
            page.goto(f"{url}/?services=50" + (f"&{query}" if query else ""))
            page.wait_for_selector(".st-key-decision_grid", timeout=180_000)
            _settle(page)
            if not query:
                _open_risk_story(page)
            story = stem.removeprefix("matrix-")
            page.wait_for_selector(f".st-key-story_{story}", timeout=180_000)
            _settle(page)
            _to_top(page, f".st-key-{key}")
            shots.append(OUT / f"{stem}-{width}x{height}.png")
            page.screenshot(path=str(shots[-1]))
    return shots


def deck_shots() -> list[Path]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "export", "--services", "50",
                        "--out", str(work)], check=True, capture_output=True)  # fmt: skip
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        str(work / "deck.pptx")], check=True, capture_output=True)  # fmt: skip
        shots = []
        for number in KEY_SLIDES:
            stem = OUT / f"deck-slide-{number}"
            pages = ["-f", str(number), "-l", str(number), "-singlefile"]
            command = ["pdftoppm", "-png", "-r", "80", *pages, str(work / "deck.pdf"), str(stem)]
            subprocess.run(command, check=True)
            shots.append(stem.with_suffix(".png"))
        return shots


def main() -> None:
    """All the shots; ``--matrices``: only the three matrices'; ``--no-deck``: not the deck's."""
    OUT.mkdir(parents=True, exist_ok=True)
    options = sys.argv[1:]
    server, url = start_page(Path(tempfile.gettempdir()) / "screenshots-page.log")
    try:
        for width, height in SIZES:
            shots = [] if "--matrices" in options else page_shots(url, width, height)
            for shot in shots + matrix_shots(url, width, height):
                print(f"wrote {shot.relative_to(ROOT)}")
    finally:
        stop_page(server)
    if "--matrices" in options or "--no-deck" in options:
        return
    for shot in deck_shots():
        print(f"wrote {shot.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
