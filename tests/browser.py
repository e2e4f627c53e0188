"""Reading the review page the way a reader sees it.

- ``parse_matrix``: the decision matrix's HTML (``accesscost.figures.matrix_table.matrix_html``)
back into
  data: one row per pattern with its label, flag and, per column, the figure and band shown.
- ``served_page`` and ``chromium``: the page under ``streamlit run`` on a free loopback port, and
  the system Chromium driven by Playwright. A missing browser or Playwright skips the test with the
  reason, except under CI (``CI=true``), where it fails with that reason.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 30


# -- the decision matrix as data -------------------------------------------------------------


@dataclass
class ShownCell:
    band: str  # the cell's data-band attribute
    figure: str = ""
    band_text: str = ""
    note: str = ""


@dataclass
class ShownRow:
    pattern_id: str
    label: str = ""
    recommended: bool = False
    flag: str = ""
    cells: list[ShownCell] = field(default_factory=list)


CELL_PARTS = {"figure": "figure", "band": "band_text", "note": "note"}


class _MatrixParser(HTMLParser):
    """Collects the text of each ``div`` by its class, row by row and cell by cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[ShownRow] = []
        self.tables = 0
        self._div: str | None = None
        self._in_badge = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table" and "matrix" in (attributes.get("class") or "").split():
            self.tables += 1
        elif tag == "tr" and "data-pattern" in attributes:
            self.rows.append(ShownRow(attributes["data-pattern"]))
        elif tag == "td" and "data-band" in attributes and self.rows:
            self.rows[-1].cells.append(ShownCell(attributes["data-band"]))
        elif tag == "div":
            self._div = attributes.get("class")
        elif tag == "span" and attributes.get("class") == "best" and self.rows:
            self.rows[-1].recommended = self._in_badge = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._div = None
        elif tag == "span":
            self._in_badge = False

    def handle_data(self, data: str) -> None:
        if not self.rows or self._div is None or self._in_badge:
            return
        row = self.rows[-1]
        if row.cells:
            cell, name = row.cells[-1], CELL_PARTS.get(self._div)
            if name:
                setattr(cell, name, getattr(cell, name) + data)
        elif self._div == "figure":
            row.label += data
        elif self._div == "flag":
            row.flag += data


def parse_matrix(html: str) -> list[ShownRow]:
    """The matrix rows as shown; fails unless the HTML holds exactly one matrix table."""
    parser = _MatrixParser()
    parser.feed(html)
    parser.close()
    assert parser.tables == 1, f"expected one <table class='matrix'>, found {parser.tables}"
    return parser.rows


# -- the page in a real browser ---------------------------------------------------------------


def require_playwright() -> Callable:
    """Playwright's ``sync_playwright``, or a skip (a failure under CI) naming what is missing."""
    reason = ""
    if not CHROMIUM.is_file():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = reason or "playwright is not installed (pip install -r requirements-dev.txt)"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser test cannot run under CI: {reason}")
        pytest.skip(reason)
    return sync_playwright


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
            return answer.read() == b"ok"
    except OSError:
        return False


def poll(read: Callable, done: Callable, timeout: float = 30.0, interval: float = 0.25):
    """Read until ``done(value)`` or ``timeout`` seconds pass; return the last value read."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(interval)
        value = read()
    return value


def serve_page(port: int, out, assumptions: Path | None = None) -> subprocess.Popen:
    """``streamlit run dashboard.py`` on ``port``, reading the committed assumptions (or the
    ``assumptions`` folder), its output to ``out`` (a file, or ``subprocess.DEVNULL``)."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {name: value for name, value in os.environ.items() if name != "ASSUMPTIONS_DIR"}
    if assumptions is not None:
        env["ASSUMPTIONS_DIR"] = str(assumptions)
    return subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env
    )


def start_page(log: Path, assumptions: Path | None = None) -> tuple[subprocess.Popen, str]:
    """``serve_page`` on a free port; the process and its URL once ``/_stcore/health`` answers
    ``ok``."""
    port = free_port()
    with log.open("w") as out:
        server = serve_page(port, out, assumptions)
    url = f"http://127.0.0.1:{port}"
    up = poll(
        lambda: server.poll() is None and healthy(url),
        lambda ok: ok or server.poll() is not None,
        START_TIMEOUT_S,
    )
    if not up:
        stop_page(server)
        pytest.fail(
            f"the page did not answer {url}/_stcore/health; log:\n{log.read_text()[-2000:]}"
        )
    return server, url


def stop_page(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


def enter_value(box, text: str, timeout: float = 10) -> None:
    """Put ``text`` in an input (a number box, the grid's cell editor) and press Enter on it.

    Typing and pressing Enter at once raced React: the Enter could reach the input before its
    state held the typed text, and the old value was committed. So: ``fill()``, wait until the
    input reads the text back and two frames are drawn, then press Enter on the input itself.
    """
    type_value(box, text, timeout)
    box.press("Enter")


def type_value(box, text: str, timeout: float = 10) -> None:
    """``enter_value`` up to the Enter: ``text`` typed and read back, two frames drawn."""
    box.fill(text)
    read_back = poll(box.input_value, lambda value: value == text, timeout)
    assert read_back == text, f"the input reads {read_back!r} after typing {text!r}"
    box.page.evaluate(TWO_FRAMES)


@contextlib.contextmanager
def chromium(sync_playwright: Callable, width: int, height: int) -> Iterator:
    """A fresh page in the system Chromium, closed however the test ends."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()
