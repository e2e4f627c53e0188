"""One list per repeated concept (issue 15): every registered figure, export format, matrix column
and key figure reaches every reader, and a new entry is enough to reach them all.

The readers: the page (AppTest: each tab's charts, its download buttons, its matrix, its metrics),
the deck (reopened with python-pptx), the image zip, the export folder that ``cli.py export``
writes, and ``cli.py estimate``'s JSON. A test entry is registered for one test only
(``Registry.added``) and the page, the deck and the files are made while it is registered.
"""

from __future__ import annotations

import io
import json
import zipfile

import plotly.graph_objects as go
import pytest
from pptx import Presentation

from accesscost import cli
from accesscost.export import bundle, images, tables
from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.export.formats import FORMATS, ExportFormat
from accesscost.figures.matrix_table import matrix_html
from accesscost.figures.registry import FIGURES, FINOPS, FigureSpec, in_section, sections
from accesscost.model.matrix import COLUMNS, MatrixColumn, decision_matrix, recommended_id, usd
from accesscost.text.key_figures import KEY_FIGURES, KeyFigure
from tests.export_readers import ASSUMPTIONS, GENERATED, chart_on, slide_text, slide_titled
from tests.export_readers import slide_titles as titles_of
from tests.pages import open_page_with, shown_text

pytest_plugins = ("tests.export_fixtures",)
FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]  # no Monte Carlo: fast contexts


def page_chart_keys(at) -> list[str]:
    """The registry key of each chart the page drew: its camera button saves ``<key>-<N>-...``."""
    keys = []
    for chart in at.get("plotly_chart"):
        name = json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
        keys.append(name.split("-50-services")[0])
    return keys


def fake_images(monkeypatch) -> None:
    """Images without Chromium: each "image" is its chart's title, so the zip is checked fast."""
    monkeypatch.setattr(images, "browser_available", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(
        images, "figure_image", lambda fig, fmt, *a, **k: f"{fmt}:{fig.layout.title.text}".encode()
    )


def zip_names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


# --- every registered entry reaches every reader --------------------------------------------


@pytest.mark.parametrize("section", sections())
def test_every_registered_figure_reaches_its_tab_of_the_page(section):
    at = open_page_with(120, section=section)
    assert not at.exception
    assert page_chart_keys(at) == [spec.key for spec in in_section(section)]


def test_every_registered_figure_reaches_the_deck_and_the_image_zip(
    deck, export_context, monkeypatch
):
    assert list(export_context.figures) == FIGURES.names()
    shown = titles_of(deck)
    for spec in FIGURES:
        assert spec.title() in shown, spec.key
    fake_images(monkeypatch)
    expected = [f"{spec.key}.{ext}" for spec in FIGURES for ext in ("png", "svg")]
    assert zip_names(images.images_zip(export_context.figures)) == expected


# --- a new entry is enough -------------------------------------------------------------------


def count_chart(inputs) -> go.Figure:
    """A tiny chart for the tests: each shown pattern's annual cost as a bar."""
    labels = [inputs.result.patterns[pid].pattern.label for pid in inputs.shown]
    annual = [float(inputs.result.patterns[pid].annual_usd[0]) for pid in inputs.shown]
    return go.Figure(go.Bar(x=labels, y=annual, name="Annual cost"), {"title": "Annual, as bars"})


TINY = FigureSpec("tiny-annual", "Annual cost as bars (a test chart)", FINOPS, count_chart)


def test_a_new_figure_is_one_entry_page_deck_zip_and_workbook(monkeypatch, export_assumptions):
    with FIGURES.added(TINY):
        at = open_page_with(120)
        context = make_context(export_assumptions, 50, figures=[*FINOPS_ONLY, TINY.key])
    assert not at.exception
    assert page_chart_keys(at) == [*FINOPS_ONLY, TINY.key]
    slide = slide_titled(Presentation(io.BytesIO(build_deck(context))), TINY.title())
    assert list(chart_on(slide).plots[0].series[0].values) == pytest.approx(
        [float(f.annual_usd[0]) for f in context.result.patterns.values()]
    )
    assert TINY.key in tables.chart_tables(context)  # the workbook's "Chart tiny-annual" sheet
    fake_images(monkeypatch)
    assert f"{TINY.key}.svg" in zip_names(images.images_zip(context.figures))


PATTERN_LIST = ExportFormat(
    "patterns.txt",
    "Pattern list (.txt)",
    "-patterns.txt",
    "text/plain",
    lambda context: "\n".join(context.shown) + "\n",
)


def test_a_new_export_format_is_one_entry_page_button_and_export_folder(
    tmp_path, monkeypatch, export_assumptions
):
    monkeypatch.setattr(images, "browser_available", lambda: None)  # no images: files only
    context = make_context(export_assumptions, 50, figures=FINOPS_ONLY)
    with FORMATS.added(PATTERN_LIST):
        at = open_page_with(120)
        written = bundle.export_all(context, tmp_path, progress=lambda line: None)
    labels = [button.label for button in at.get("download_button")]
    assert [fmt.label for fmt in FORMATS] + [PATTERN_LIST.label] == [
        label for label in labels if label in {f.label for f in (*FORMATS, PATTERN_LIST)}
    ]
    assert [path.name for path in written] == [*FORMATS.names(), "patterns.txt"]
    assert (tmp_path / "patterns.txt").read_text().split() == list(context.shown)


def test_line_items_are_a_download_of_the_page_too():
    # Before issue 15 line-items.csv came only from cli.py export.
    at = open_page_with(120)
    assert "Line items (.csv)" in [button.label for button in at.get("download_button")]


TCO_COLUMN = MatrixColumn(
    "tco",
    "Cost over the horizon",
    lambda c: c.figure("tco_usd"),
    lambda v, c: usd(v),
    lambda v, c: "Low",
    lambda c: "the TCO, a test column",
)


def test_a_new_matrix_column_is_one_entry_page_deck_csv_and_cli(capsys, export_assumptions):
    org = export_assumptions.org
    with COLUMNS.added(TCO_COLUMN):
        at = open_page_with(120)
        export_context = make_context(export_assumptions, 50, figures=FINOPS_ONLY)
        deck = Presentation(io.BytesIO(build_deck(export_context)))
        csv = tables.matrix_csv(export_context)
        code = cli.main(
            ["estimate", "--services", "50", "--assumptions", str(ASSUMPTIONS), "--deterministic"]
        )
        rows = decision_matrix(export_context.result, org.bands, org.labour.hours_per_day)
        html = matrix_html(rows, export_context.all_ids)
    page = next(el.value for el in at.get("html") if '<table class="matrix"' in el.value)
    assert "<th>Cost over the horizon</th>" in page and "<th>Cost over the horizon</th>" in html
    matrix_text = slide_text(slide_titled(deck, "Decision matrix at 50 services"))
    assert "Cost over the horizon" in matrix_text
    assert "Cost over the horizon value" in csv.splitlines()[0]
    assert code == 0
    document = json.loads(capsys.readouterr().out)
    b = next(p for p in document["patterns"] if p["id"] == "b-task-role")
    assert b["matrix"]["tco"]["value"] == pytest.approx(b["tco_usd"], abs=0.01)
    assert b["matrix"]["tco"]["band"] == "Low"


ONE_TIME = KeyFigure(
    "one-time",
    lambda result: "Its one-time implementation",
    lambda result, pid: usd(float(result.patterns[pid].implementation_usd[0])),
)


def test_a_new_key_figure_is_one_entry_page_and_deck(export_assumptions):
    context = make_context(export_assumptions, 50, figures=[], generated=GENERATED)
    best = recommended_id(context.result)
    expected = usd(float(context.result.patterns[best].implementation_usd[0]))
    with KEY_FIGURES.added(ONE_TIME):
        at = open_page_with(120)
        deck = Presentation(io.BytesIO(build_deck(context)))
    metrics = {shown_text(m.label): shown_text(m.value) for m in at.metric}
    assert metrics["Its one-time implementation"] == expected
    assert len(at.metric) == 1 + len(KEY_FIGURES) + 1
    key_slide = slide_text(slide_titled(deck, "Key figures at 50 services"))
    assert "Its one-time implementation" in key_slide and expected in key_slide


def test_one_wording_of_each_key_figure_on_the_page_and_in_the_deck(deck, export_context):
    at = open_page_with(120)
    page = {shown_text(m.label): shown_text(m.value) for m in at.metric}
    key_slide = slide_text(slide_titled(deck, "Key figures at 50 services"))
    for label, value in page.items():
        assert label in key_slide and value in key_slide, label


def test_a_key_that_is_taken_is_refused():
    with pytest.raises(ValueError, match="figures: 'savings' is registered already"):
        FIGURES.register(FigureSpec("savings", "again", FINOPS, count_chart))
    with pytest.raises(KeyError, match="unknown 'nope'; known: annual-cost-vs-services"):
        FIGURES["nope"]
