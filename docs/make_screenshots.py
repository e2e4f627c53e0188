"""Screenshots of the page and the deck for the README (``docs/screenshots/``).

    python docs/make_screenshots.py

The page is served from the committed assumptions and opened in Debian's Chromium at 1280x720
(a projector) and 1920x1080 (a laptop): the top of the page, then each tab (FinOps, Uncertainty
and sensitivity, Blueprints) scrolled into view. The deck is exported with ``cli.py export``,
converted to PDF by LibreOffice and its key slides to PNG by ``pdftoppm``.
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


def page_shots(url: str, width: int, height: int) -> list[Path]:
    sync_playwright = require_playwright()
    shots = []
    with chromium(sync_playwright, width, height) as page:
        page.goto(f"{url}/?services=50")
        page.wait_for_selector(CHART, timeout=90_000)
        _settle(page)
        shots.append(OUT / f"page-top-{width}x{height}.png")
        page.screenshot(path=str(shots[-1]))
        page.locator(".st-key-decision_grid").scroll_into_view_if_needed()
        _settle(page)
        shots.append(OUT / f"page-matrix-{width}x{height}.png")
        page.screenshot(path=str(shots[-1]))
        for tab in TABS:
            page.get_by_role("tab", name=tab).click()
            _settle(page)
            page.get_by_role("tab", name=tab).scroll_into_view_if_needed()
            page.mouse.wheel(0, 60)
            _settle(page)
            stem = tab.split()[0].lower()
            shots.append(OUT / f"page-{stem}-{width}x{height}.png")
            page.screenshot(path=str(shots[-1]))
    return shots


# The three matrices, each with a cell's story open, selected through the share link's
# parameters (the same ones a reviewer's link carries), on a tall laptop screen.
MATRIX_SIZE = (1600, 1500)
MATRIX_SHOTS = (  # (file stem, link parameters, tab to open, grid to show, its story)
    ("matrix-decision", "cell=d-iam-user-keys~compliance_risk", None, "decision_grid",
     "story_decision"),
    ("matrix-count", "grid=b-task-role~10000", None, "count_grid", "story_count"),
    ("matrix-risk", "risk=d-iam-user-keys~0", "Uncertainty and sensitivity", "risk_chart",
     "story_risk"),
)  # fmt: skip


def matrix_shots(url: str) -> list[Path]:
    sync_playwright = require_playwright()
    shots = []
    with chromium(sync_playwright, *MATRIX_SIZE) as page:
        for stem, query, tab, key, story in MATRIX_SHOTS:
            page.goto(f"{url}/?services=50&{query}")
            page.wait_for_selector(".st-key-decision_grid", timeout=180_000)
            _settle(page)
            if tab:
                page.get_by_role("tab", name=tab).click()
            page.wait_for_selector(f".st-key-{story}", timeout=180_000)
            page.wait_for_selector(f".st-key-{key}", timeout=180_000)
            _settle(page)
            page.locator(f".st-key-{key}").scroll_into_view_if_needed()
            page.mouse.wheel(0, -80)
            _settle(page)
            shots.append(OUT / f"{stem}-{MATRIX_SIZE[0]}x{MATRIX_SIZE[1]}.png")
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
    """All the shots; ``--matrices``: only the three matrices'."""
    OUT.mkdir(parents=True, exist_ok=True)
    sizes = () if "--matrices" in sys.argv[1:] else SIZES
    server, url = start_page(Path(tempfile.gettempdir()) / "screenshots-page.log")
    try:
        for width, height in sizes:
            for shot in page_shots(url, width, height):
                print(f"wrote {shot.relative_to(ROOT)}")
        for shot in matrix_shots(url):
            print(f"wrote {shot.relative_to(ROOT)}")
    finally:
        stop_page(server)
    for shot in deck_shots():
        print(f"wrote {shot.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
