"""Text and tables on a 16:9 slide, and an estimate of the room text takes: the drawing helpers
every slide of the deck uses.

Every text uses Arial, which PowerPoint has and LibreOffice replaces with the metrically identical
Liberation Sans, so the estimates of how text wraps (``text_lines``, ``fit``, ``paginate``) hold
in both. Tables are paginated or shrunk on those estimates.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)

MARGIN = 0.4  # inches, left and right

CONTENT_TOP = 1.2  # inches: below the slide title

CONTENT_BOTTOM = 7.15  # inches: the lowest a table may reach

FONT = "Arial"

INK, MUTED, FLAG, HEADER = "1F2933", "52606D", "8E1B1B", "3E4C59"
PANEL_FILL = "F3F5F7"  # the light grey of cards, side panels and the matrices' label cells

# Points at scale 1 of the two matrices' text: a figure, and a band word, a label or a mark (the
# decision matrix's cell notes from the YAML files are in its speaker notes: at 9 pt, shrunk to
# fit, they were 7 pt, unreadable on a projector). ``fit`` sets them smaller only to keep a
# table on its slide, never below ``MATRIX_SMALLEST`` (11 pt words).
MATRIX_FIGURE_PT, MATRIX_WORD_PT, MATRIX_SMALLEST = 14, 12, 11 / 12


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    size: float = 12
    bold: bool = False
    colour: str = INK


Paragraph = tuple[Run, ...]


def rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _style_run(run, style: Run) -> None:
    font = run.font
    font.name, font.size, font.bold = FONT, Pt(style.size), style.bold
    font.color.rgb = rgb(style.colour)


def write_paragraphs(frame, paragraphs: Sequence[Paragraph], align=PP_ALIGN.LEFT) -> None:
    """Replace the text of a text frame (a shape's or a table cell's) with styled paragraphs."""
    frame.clear()
    frame.word_wrap = True
    for index, paragraph in enumerate(paragraphs):
        target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        target.alignment = align
        for piece in paragraph:
            run = target.add_run()
            run.text = piece.text
            _style_run(run, piece)


def text_box(slide, box: tuple[float, float, float, float], paragraphs, align=PP_ALIGN.LEFT):
    shape = slide.shapes.add_textbox(*(Inches(v) for v in box))
    write_paragraphs(shape.text_frame, paragraphs, align)
    return shape


TITLE_SIZES = (26, 24, 22, 20)  # points: the largest that keeps a title on one line


def title_size(title: str) -> int:
    """The largest of ``TITLE_SIZES`` at which ``title`` fits one line across the slide; the
    smallest (two lines of it still fit the title's 0.8 in) for a longer one."""
    width = SLIDE_WIDTH.inches - 2 * MARGIN
    fits = [size for size in TITLE_SIZES if text_lines(title, width, size, bold=True) == 1]
    return fits[0] if fits else TITLE_SIZES[-1]


def new_slide(prs, title: str):
    """A "Title Only" slide with the title placeholder moved and styled for 16:9."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(0.3)
    shape.width, shape.height = SLIDE_WIDTH - Inches(2 * MARGIN), Inches(0.8)
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    write_paragraphs(shape.text_frame, [(Run(title, title_size(title), True),)])
    return slide


# Measured on LibreOffice's rendering (Liberation Sans, Arial's metrics) of the appendix: about
# 0.48 em a character in running English text and lines 1.15 em apart; both rounded up here.
CHAR_WIDTH_EM = 0.5

BOLD_WIDTH = 1.08

LINE_HEIGHT = 1.17

CELL_MARGIN = 0.05  # inches, each side of a table cell

MIN_ROW_HEIGHT = 0.2  # inches


def text_lines(text: str, width_in: float, size_pt: float, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in a column ``width_in`` inches wide (an estimate)."""
    em = CHAR_WIDTH_EM * (BOLD_WIDTH if bold else 1.0)
    per_line = max(1, int((width_in - 2 * CELL_MARGIN) * 72 / (size_pt * em)))
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def paragraph_height(paragraphs: Sequence[Paragraph], width_in: float) -> float:
    """Estimated height in inches of styled paragraphs in a column."""
    height = 0.0
    for paragraph in paragraphs:
        size = max(run.size for run in paragraph)
        text = "".join(run.text for run in paragraph)
        bold = any(run.bold for run in paragraph)
        height += text_lines(text, width_in, size, bold) * size * LINE_HEIGHT / 72
    return height + 2 * CELL_MARGIN


def _text_width(paragraph: Paragraph, longest_word: bool = False) -> float:
    """Inches ``paragraph`` takes on one line (the estimate ``text_lines`` uses), or its longest
    word does."""
    widths = [0.0]
    for run in paragraph:
        em = run.size * CHAR_WIDTH_EM * (BOLD_WIDTH if run.bold else 1.0) / 72
        words = run.text.split() if longest_word else [run.text]
        widths += [len(word) * em for word in words]
    return max(widths) if longest_word else sum(widths)


WORD_ROOM = 1.15  # a column's longest word gets this much more than its estimate: the estimate
# is an average character, and a word of wide letters ("P(cheapest)" in bold) is wider


def content_widths(rows, total_in: float) -> list[float]:
    """Column widths summing to ``total_in`` in proportion to each column's widest paragraph
    (on one line), as a browser lays out a table: a long figure gets the room it needs and a
    short one gives its room up, but never below its longest word (a word is not broken)."""

    def widest(column: int, longest_word: bool) -> float:
        cells = [paragraph for row in rows for paragraph in row[column]]
        return max(_text_width(p, longest_word) for p in cells) + 2 * CELL_MARGIN

    natural = [widest(column, False) for column in range(len(rows[0]))]
    least = [WORD_ROOM * widest(column, True) for column in range(len(rows[0]))]
    fixed: dict[int, float] = {}
    while True:
        free = [c for c in range(len(natural)) if c not in fixed]
        room = total_in - sum(fixed.values())
        widths = {c: room * natural[c] / sum(natural[f] for f in free) for c in free}
        narrow = {c: least[c] for c, width in widths.items() if width < least[c]}
        if not narrow or len(narrow) == len(free):
            return [fixed.get(c, widths.get(c, 0.0)) for c in range(len(natural))]
        fixed.update(narrow)


def row_height(cells: Sequence[Sequence[Paragraph]], widths: Sequence[float]) -> float:
    return max(paragraph_height(cell, width) for cell, width in zip(cells, widths, strict=True))


def _fill(cell, colour: str) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(colour)


def add_table(slide, rows, widths: Sequence[float], top: float, fills=None):
    """A native table; ``rows`` are lists of cells, each a list of paragraphs.

    ``fills`` gives each cell's background colour (same shape as ``rows``, None = white). Rows
    are given a one-line height: PowerPoint and LibreOffice grow each to fit its text, and callers
    keep the estimated total (``row_height``) within the slide.
    """
    frame = slide.shapes.add_table(
        len(rows),
        len(widths),
        Inches(MARGIN),
        Inches(top),
        Inches(sum(widths)),
        Inches(MIN_ROW_HEIGHT * len(rows)),
    )
    table = frame.table
    table.first_row, table.horz_banding = True, False
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    for r, row in enumerate(rows):
        table.rows[r].height = Inches(MIN_ROW_HEIGHT)  # PowerPoint grows a row to fit its text
        for c, paragraphs in enumerate(row):
            _table_cell(table.cell(r, c), paragraphs, (fills[r][c] if fills else None) or "FFFFFF")
    return table


def _table_cell(cell, paragraphs, colour: str) -> None:
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(cell, side, Inches(CELL_MARGIN))
    cell.vertical_anchor = MSO_ANCHOR.TOP
    _fill(cell, colour)
    write_paragraphs(cell.text_frame, paragraphs)


Row = TypeVar("Row", bound=Sequence[Sequence[Paragraph]])  # a table row: cells of paragraphs


def paginate(
    rows: Sequence[Row], widths: Sequence[float], budget_in: float, header
) -> list[list[Row]]:
    """Split rows into pages whose estimated height, with the header row, fits ``budget_in``."""
    pages: list[list[Row]] = []
    page: list[Row] = []
    used = row_height(header, widths)
    start = used
    for row in rows:
        height = row_height(row, widths)
        if page and used + height > budget_in:
            pages.append(page)
            page, used = [], start
        page.append(row)
        used += height
    return [*pages, page] if page else pages


def fit(build, widths: Sequence[float], budget_in: float, smallest: float = 0.6):
    """``build(scale)`` at the largest scale (1.0 down to ``smallest``, never below it) whose
    estimate fits."""
    scale = 1.0
    while scale > smallest and _height(build(scale), widths) > budget_in:
        scale = max(smallest, round(scale - 0.05, 2))
    return build(scale)


def _height(content, widths: Sequence[float]) -> float:
    """Estimated height of table rows (lists of cells) or of a text box's paragraphs."""
    if content and isinstance(content[0], list):
        return sum(row_height(row, widths) for row in content)
    return paragraph_height(content, widths[0])
