"""Fixtures shared by the export tests; each module names this file in ``pytest_plugins``.

One context at the seed's 50 services, one deck and one browser for the whole session keep the
suite fast. Browser tests skip with a reason where Chromium is missing, except in CI
(``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from accesscost.export import images
from accesscost.export.context import ExportContext, make_context
from accesscost.export.deck import build_deck
from accesscost.figures.registry import FINOPS, in_section
from accesscost.inputs.loading import Assumptions, load_assumptions
from tests.export_readers import ASSUMPTIONS, GENERATED, SERVICES, require_chromium

FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]  # no Monte Carlo: fast contexts


@pytest.fixture(scope="session")
def export_assumptions() -> Assumptions:
    return load_assumptions(ASSUMPTIONS)


@pytest.fixture(scope="session")
def export_context(export_assumptions) -> ExportContext:
    return make_context(export_assumptions, SERVICES, generated=GENERATED)


@pytest.fixture(scope="session")
def deck_bytes(export_context) -> bytes:
    return build_deck(export_context)


@pytest.fixture(scope="session")
def deck(deck_bytes):
    return Presentation(io.BytesIO(deck_bytes))


@pytest.fixture(scope="session")
def chromium() -> str:
    """The browser path; the render server it starts is shared by the session, then closed."""
    path = require_chromium()
    yield path
    images.stop_server()


@pytest.fixture
def no_browser(monkeypatch, tmp_path) -> Path:
    """Point the browser lookup at a file that does not exist."""
    missing = tmp_path / "no-such-chromium"
    monkeypatch.setenv("BROWSER_PATH", str(missing))
    return missing
