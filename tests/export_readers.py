"""Readers and constants of the export tests: what a reopened deck holds, and the browser rule."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accesscost.export import images

ASSUMPTIONS = Path(__file__).parent / ".." / "assumptions"
GENERATED = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)
SERVICES = 50


def require_chromium() -> str:
    path = images.browser_available()
    if path is not None:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have Chromium for image export (apt-get install chromium)")
    pytest.skip("Chromium is not installed (apt-get install chromium): image export not tested")


def slide_titles(prs) -> list[str]:
    return [slide.shapes.title.text for slide in prs.slides]


def slide_titled(prs, title: str):
    return next(slide for slide in prs.slides if slide.shapes.title.text == title)


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def table_text(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def chart_on(slide):
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1, f"{slide.shapes.title.text}: {len(charts)} charts"
    return charts[0]


def x_values(series) -> list[float]:
    """The x values of an XY chart series, read from its XML."""
    return [float(v.text) for v in series._element.xpath("./c:xVal//c:v")]


def slide_text(slide) -> str:
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for table in tables(slide):
        parts.extend(cell for row in table_text(table) for cell in row)
    return "\n".join(parts)
