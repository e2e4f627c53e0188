"""Text a room can read on the deck's slides: every table cell's text stands out from its fill,
the two matrices are set large enough for a projector, and a long title fits above the content.

Contrast is WCAG 2.1's: (L1 + 0.05) / (L2 + 0.05) of the two colours' relative luminances, at
least 4.5 for normal text (https://www.w3.org/TR/WCAG21/#contrast-minimum), a channel c of
0-1 counting ((c + 0.055) / 1.055) ^ 2.4 (c / 12.92 at or below 0.03928), weighted 0.2126 R +
0.7152 G + 0.0722 B. Hand checks: white on black is (1 + 0.05) / (0 + 0.05) = 21. The Critical
band's 8E1B1B: R 142/255 = 0.557 gives 0.271, G and B 27/255 = 0.106 give 0.011 each, so
L = 0.0575 + 0.0078 + 0.0008 = 0.066, and white on it is 1.05 / 0.116 = 9.0. The Medium band's
FFF1C2 has L = 0.213 + 0.629 + 0.039 = 0.881 and its text 4A3700 L = 0.015 + 0.027 = 0.042:
0.931 / 0.092 = 10.1.
"""

from __future__ import annotations

import pytest
from pptx.util import Pt

from accesscost.export.slide_text import new_slide, title_size
from tests.export_readers import slide_titled, tables

pytest_plugins = ("tests.export_fixtures",)

MATRICES = (
    "Decision matrix at 50 services",
    "Where does the recommendation change? Annual cost by service count",
)
SMALLEST_MATRIX_PT = 11  # a 13.3 in slide on a 3 m screen: 11 pt is about 2.4 cm tall capitals


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_against_the_hand_figures():
    assert contrast("FFFFFF", "000000") == pytest.approx(21)
    assert contrast("FFFFFF", "8E1B1B") == pytest.approx(9.0, abs=0.1)
    assert contrast("4A3700", "FFF1C2") == pytest.approx(10.1, abs=0.1)


def _cell_runs(deck):
    for slide in deck.slides:
        for table in tables(slide):
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    fill = str(cell.fill.fore_color.rgb)
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:  # "■": a pattern's colour, not text
                            if run.text.strip() not in ("", "■"):
                                yield slide.shapes.title.text, (r, c), run, fill


def test_every_table_cells_text_stands_out_from_its_fill(deck):
    # before: a row that does not meet the requirement was filled grey but kept its band's text
    # colour, white for Very High and Critical: A's "None CRITICAL" was white on F3F5F7 (1.1:1);
    # the count matrix set every cell in dark ink, 3.4:1 on Very High's fill (then C8553D)
    faint = [
        f"{title} {where}: {run.text!r} {run.font.color.rgb} on {fill}"
        for title, where, run, fill in _cell_runs(deck)
        if contrast(str(run.font.color.rgb), fill) < 4.5
    ]
    assert not faint, faint[:5]


@pytest.mark.parametrize("title", MATRICES)
def test_the_matrices_are_set_for_a_projector(deck, title):
    # before: cell notes at 9 pt shrunk to fit (7 pt); the band words at 9 pt
    (table,) = tables(slide_titled(deck, title))
    sizes = [
        run.font.size.pt
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.text_frame.paragraphs
        for run in paragraph.runs
        if run.text.strip()
    ]
    assert min(sizes) >= SMALLEST_MATRIX_PT


def test_the_decision_matrix_cells_notes_are_in_the_speaker_notes(deck, export_context):
    slide = slide_titled(deck, MATRICES[0])
    notes = slide.notes_slide.notes_text_frame.text
    for row in export_context.rows:
        for key, cell in row.cells.items():
            if cell.note:
                assert cell.note in notes, (row.pattern.id, key)


def test_a_long_title_is_set_smaller_to_stay_on_one_line():
    # 26 pt bold Arial holds about (12.53 - 0.1) x 72 / (26 x 0.54) = 63 characters across the
    # slide: the count matrix's 66-character title wrapped to a second line over the table
    assert title_size("Decision matrix at 50 services") == 26
    long = "Where does the recommendation change? Annual cost by service count"
    assert title_size(long) < 26
    assert title_size(long) >= 20


def test_a_title_too_long_for_one_line_wraps_at_the_smallest_size():
    from pptx import Presentation

    prs = Presentation()
    words = "A question about credentials " * 6
    slide = new_slide(prs, words.strip())
    run = slide.shapes.title.text_frame.paragraphs[0].runs[0]
    assert run.font.size == Pt(title_size(words.strip())) == Pt(20)
