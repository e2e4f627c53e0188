"""The accepted cases of the hostile corpus: valid files whose text is hostile (Markdown images
and links, HTML, plotly ``<a href>``, ``$…$``, text starting like a formula). They load; the page,
the figures and every export show their text as text:

- every workbook (``figures.xlsx`` and each one embedded in the deck's charts) holds no formula
  cell, and the text is there as a string (reopened from the files);
- every CSV cell that is text and starts with ``= + - @``, a tab or a carriage return is
  neutralised (OWASP, CSV injection);
- no figure holds a raw ``<a`` or ``<img`` tag; an exported SVG has no ``<a>`` element;
- on the page (AppTest), every element that renders Markdown holds the files' text escaped.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from accesscost import cli
from accesscost.core.safe_text import FORMULA_STARTS, markdown_literal
from accesscost.export import bundle, tables
from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.figures.blueprint import blueprint_figure
from accesscost.inputs.loading import load_assumptions
from tests.export_readers import GENERATED
from tests.hostile_corpus import ACCEPTED, copy_assumptions, place
from tests.pages import open_page_with

pytest_plugins = ["tests.export_fixtures"]

BY_ID = {case.id: case for case in ACCEPTED}
SHEET_XML = re.compile(r"xl/worksheets/sheet\d+\.xml")
FORMULA_CELL = re.compile(rb"<(?:\w+:)?f[ >/]")  # <f>, <f t="shared" .../>, <x:f>
TAG = re.compile(r"<\s*(a|img|script)\b", re.IGNORECASE)
URL = "127.0.0.1:9"  # every link and image in the corpus points there
MATHS = ("$x^2$", "$\\alpha$", "$y$", "$z$", "$$\\int$$", "$S3$", "$w$")  # the corpus's LaTeX


@pytest.fixture(scope="module", params=sorted(BY_ID))
def hostile(request, tmp_path_factory):
    """An assumptions folder with one accepted case as pattern g-copy, and its export context."""
    folder = copy_assumptions(tmp_path_factory.mktemp(request.param) / "assumptions")
    place(BY_ID[request.param], folder)
    assumptions = load_assumptions(folder)
    context = make_context(assumptions, 50, generated=GENERATED)
    return request.param, folder, assumptions, context


def formula_cells(xlsx: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheets = [name for name in book.namelist() if SHEET_XML.fullmatch(name)]
        assert sheets, "no worksheet in the workbook"
        return sum(len(FORMULA_CELL.findall(book.read(name))) for name in sheets)


def embedded_workbooks(deck: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(deck)) as pptx:
        return [pptx.read(n) for n in pptx.namelist() if n.startswith("ppt/embeddings/")]


def strings_of(xlsx: bytes) -> list[str]:
    """Every text a workbook holds (shared and inline strings), as Excel shows it."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        names = [n for n in book.namelist() if n == "xl/sharedStrings.xml" or SHEET_XML.match(n)]
        trees = [ET.fromstring(book.read(name)) for name in names]
    return [node.text or "" for tree in trees for node in tree.iter() if node.tag.endswith("}t")]


def test_each_accepted_case_validates(hostile, capsys):
    _, folder, _, _ = hostile
    assert cli.main(["validate", str(folder)]) == 0
    assert capsys.readouterr().out == f"{folder}: ok\n"


def test_the_workbook_holds_no_formula_and_keeps_the_text(hostile):
    _, _, assumptions, context = hostile
    xlsx = tables.workbook(context)
    assert formula_cells(xlsx) == 0  # there were 59 <f> cells in one workbook
    name = assumptions.patterns["g-copy"].name
    assert name in strings_of(xlsx)  # the text itself, as a string cell


def test_no_workbook_embedded_in_the_deck_holds_a_formula(hostile):
    _, _, assumptions, context = hostile
    workbooks = embedded_workbooks(build_deck(context))
    assert len(workbooks) >= 4  # one per native chart
    assert [formula_cells(book) for book in workbooks] == [0] * len(workbooks)
    label = assumptions.patterns["g-copy"].label  # no option letter: the name alone
    assert any(text.startswith(label) for book in workbooks for text in strings_of(book))


@pytest.mark.parametrize("make", ["matrix_csv", "figures_csv", "line_items_csv"])
def test_every_csv_text_cell_is_neutralised(hostile, make):
    _, _, _, context = hostile
    rows = list(csv.reader(io.StringIO(getattr(tables, make)(context))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not number(cell)]


def number(cell: str) -> bool:
    """A numeric cell such as -3370.2 (written by the code as a number, not text)."""
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_formula_texts_reach_the_csv_behind_an_apostrophe(hostile):
    case, _, _, context = hostile
    if case != "formula-text":
        pytest.skip("formula texts only")
    text = tables.line_items_csv(context) + tables.matrix_csv(context)
    assert "'=HYPERLINK(" in text and "'@cell" in text and "'\tTabbed" in text


def test_no_figure_carries_a_raw_tag_from_the_files(hostile):
    _, _, assumptions, context = hostile
    figures = dict(context.figures)
    if assumptions.patterns["g-copy"].diagram is not None:
        figures["blueprint"] = blueprint_figure(assumptions.patterns["g-copy"], "#000000", "across")
    for name, figure in figures.items():
        assert not TAG.search(figure.to_json()), name


def test_an_exported_svg_has_no_link(hostile, chromium):
    from accesscost.export import images

    case, _, assumptions, context = hostile
    if case != "markup-text":
        pytest.skip("markup texts only")
    figures = [
        context.figures["annual-cost-by-category"],
        blueprint_figure(assumptions.patterns["g-copy"], "#000000", "across"),
    ]
    for figure in figures:
        svg = images.figure_images(figure)[1].decode("utf-8")
        assert not re.search(r"<a[\s>]", svg) and "127.0.0.1:9" in svg.replace("&#58;", ":")


# -- the page -------------------------------------------------------------------------------------


def markdown_bodies(at) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown."""
    bodies = [
        e.value
        for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader")
        for e in at.get(kind)
    ]
    bodies += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    bodies += [e.label for e in at.expander] + [t.label for t in at.tabs]
    bodies += [t.label for t in at.toggle] + [t.help or "" for t in at.toggle]
    return bodies


def unescaped_markup(body: str) -> list[str]:
    """The files' markup left live in one Markdown text: a link target, an image, a tag, maths."""
    live = []
    if URL in body:  # escaped, it reads 127\.0\.0\.1\:9
        live.append(f"raw URL in {body[:120]!r}")
    live += [f"live {maths!r}" for maths in MATHS if maths in body]
    live += [f"live {m.group()!r}" for m in re.finditer(r"(?<!\\)<(?:a|img|b|script)\b", body)]
    return live


@pytest.mark.parametrize(
    "state",
    [
        {"section": "FinOps"},
        {"section": "Uncertainty and sensitivity"},
        {"section": "Blueprints"},
        {"whatif_open": True, "calculation_g-copy": True},
    ],
    ids=["finops", "uncertainty", "blueprints", "editor"],
)
def test_the_page_shows_the_markup_as_text(tmp_path, monkeypatch, state):
    folder = copy_assumptions(tmp_path / "assumptions")
    place(BY_ID["markup-text"], folder)
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    at = open_page_with(**state)
    assert not at.exception, [e.value for e in at.exception]
    bodies = markdown_bodies(at)
    name = load_assumptions(folder).patterns["g-copy"].name
    assert any(markdown_literal(name) in body for body in bodies)  # it is on the page, escaped
    assert [live for body in bodies for live in unescaped_markup(body)] == []


def test_the_page_shows_no_absolute_path(tmp_path, monkeypatch):
    folder = copy_assumptions(tmp_path / "assumptions")
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    at = open_page_with(whatif_open=True)
    texts = [c.value for c in at.caption] + [e.value for e in at.markdown]
    assert not [text for text in texts if str(tmp_path) in text.replace("\\", "")]


def test_written_exports_are_reopened_without_formulas(hostile, tmp_path, no_browser):
    _, _, _, context = hostile
    written = bundle.export_all(context, tmp_path / "out", progress=lambda line: None)
    books = [Path(p).read_bytes() for p in written if Path(p).suffix == ".xlsx"]
    books += embedded_workbooks(Path(tmp_path / "out" / "deck.pptx").read_bytes())
    assert books and [formula_cells(book) for book in books] == [0] * len(books)
