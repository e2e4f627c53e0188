"""The deck's slides before the blueprints: a title slide (scenario, service count, horizon,
date, every assumption file with its checksum), the key figures (``KEY_FIGURES``), the decision
matrix as a native table in the band colours (its registered ``COLUMNS``), and one slide per
registered chart.

A chart goes in as its registry entry says (``accesscost.figures.registry.DeckForm``): a native,
editable chart, or a PNG made by ``accesscost.export.images`` (a short note saying why when no
browser is available). A chart registered as native that PowerPoint cannot draw is an error.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Inches, Pt

from accesscost.export import images
from accesscost.export.appendix import flatten
from accesscost.export.context import ExportContext
from accesscost.export.native_chart import native_chart, plain_text
from accesscost.export.pptx_chart import add_native_chart
from accesscost.export.slide_text import (
    CONTENT_BOTTOM,
    FLAG,
    HEADER,
    MARGIN,
    MATRIX_FIGURE_PT,
    MATRIX_SMALLEST,
    MATRIX_WORD_PT,
    MUTED,
    PANEL_FILL,
    Paragraph,
    Run,
    add_table,
    content_widths,
    fit,
    new_slide,
    rgb,
    text_box,
    write_paragraphs,
)
from accesscost.figures.palette import BAND_COLOURS, pattern_colours
from accesscost.figures.registry import DeckForm, FigureInputs, FigureSpec, reading_of
from accesscost.model.matrix import P_CHEAPEST, P_CHEAPEST_MEANING, MatrixRow
from accesscost.text.key_figures import (
    NO_RECOMMENDATION,
    RECOMMENDED,
    key_figure_texts,
    recommended,
)

FILES_ON_TITLE = 16
BIG_FIGURE_CHARS = 14  # a key figure this short is set at 24 pt on its card (longer: 16 pt)


def _short_path(path: str) -> str:
    file = Path(path)
    return f"{file.parent.name}/{file.name}" if file.parent.name == "patterns" else file.name


def _settings_line(context: ExportContext) -> str:
    result = context.result
    reference = result.patterns[result.reference_id].pattern.label
    return (
        f"{context.count_text} · {result.horizon_years}-year horizon · "
        f"${float(result.hourly_rate_usd):,.0f} an engineer hour · savings against {reference}"
    )


def title_slide(prs, context: ExportContext) -> None:
    slide = new_slide(prs, context.assumptions.decision.question)
    edits = f" · {len(flatten(context.overrides))} what-if edits" if context.overrides else ""
    generated = context.generated.strftime("%Y-%m-%d %H:%M UTC")
    text_box(
        slide,
        (MARGIN, 1.15, 12.5, 1.2),
        [
            (Run(f"Scenario: {context.scenario_name}", 22, True, "0072B2"),),
            (Run(_settings_line(context), 16),),
            (Run(f"Generated {generated}{edits}", 13, False, MUTED),),
        ],
    )
    _files_table(slide, context)


def _files_table(slide, context: ExportContext) -> None:
    files = context.assumptions.files
    head = [[(Run(text, 11, True, "FFFFFF"),)] for text in ("Assumption file", "sha256", "changed")]
    rows = [head]
    for file in files[:FILES_ON_TITLE]:
        changed = datetime.fromtimestamp(file.modified, UTC).strftime("%Y-%m-%d %H:%M UTC")
        rows.append(
            [[(Run(text, 10),)] for text in (_short_path(file.path), file.sha256[:16], changed)]
        )
    if len(files) > FILES_ON_TITLE:
        more = f"and {len(files) - FILES_ON_TITLE} more: see assumptions.yaml"
        rows.append([[(Run(more, 10, False, MUTED),)], [(Run(""),)], [(Run(""),)]])
    fills = [[HEADER] * 3] + [[None] * 3] * (len(rows) - 1)
    add_table(slide, rows, (4.2, 2.2, 2.4), 2.55, fills)


def key_figures(context: ExportContext) -> list[tuple[str, str]]:
    """The key figures as (label, value): what the page shows at the top, as text; a figure's
    detail (the saving's parts) is a card of its own, "Of which"."""
    result = context.result
    best = recommended(result, list(context.shown))
    if best is None:
        return [(RECOMMENDED, f"{NO_RECOMMENDATION}: no shown pattern meets the requirement")]
    cards = [(RECOMMENDED, result.patterns[best].pattern.label)]
    for entry, label, text in key_figure_texts(result, best):
        cards.append((label, text))
        if entry.detail is not None:
            cards.append(("Of which", entry.detail(result, best).replace(" · ", "\n")))
    return cards


CARD_SIZES = (16, 14, 12)  # pt, for a card's value longer than BIG_FIGURE_CHARS
CARD_MARGIN_IN = 0.1  # the text frame's own margin, each side
# a bold figure's character, in em: measured on LibreOffice's rendering of the deck, where
# "(taskRoleArn)" at 16 pt broke after 11 of its 13 characters in a 1.72 in wide frame
CARD_CHAR_EM = 0.72


def card_size(value: str, width_in: float) -> float:
    """A key-figure card's type size: 24 pt for a short figure; else the largest of
    ``CARD_SIZES`` at which its longest word fits the card's width on one line (so a name such
    as "(taskRoleArn)" is not broken inside the word), the smallest if none does."""
    if len(value) <= BIG_FIGURE_CHARS:
        return 24
    longest = max((len(word) for word in value.split()), default=0)
    room_pt = (width_in - 2 * CARD_MARGIN_IN) * 72
    for size in CARD_SIZES:
        if longest * size * CARD_CHAR_EM <= room_pt:
            return size
    return CARD_SIZES[-1]


def key_figures_slide(prs, context: ExportContext) -> None:
    slide = new_slide(prs, f"Key figures at {context.count_text}")
    cards = key_figures(context)
    width = (13.333 - 2 * MARGIN - 0.2 * (len(cards) - 1)) / len(cards)
    for index, (label, value) in enumerate(cards):
        left = MARGIN + index * (width + 0.2)
        card = slide.shapes.add_shape(
            MSO_SHAPE.ROUNDED_RECTANGLE, *(Inches(v) for v in (left, 1.3, width, 1.7))
        )
        card.fill.solid()
        card.fill.fore_color.rgb = rgb(PANEL_FILL)
        card.line.color.rgb = rgb("D9DEE3")
        card.shadow.inherit = False
        size = card_size(value, width)
        write_paragraphs(
            card.text_frame, [(Run(label, 13, False, MUTED),), (Run(value, size, True),)]
        )
        card.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    width = 13.333 - 2 * MARGIN
    verdict = fit(lambda scale: _verdict(context, scale), [width], CONTENT_BOTTOM - 3.3)
    box = text_box(slide, (MARGIN, 3.3, width, CONTENT_BOTTOM - 3.3), verdict)
    for paragraph in box.text_frame.paragraphs:
        paragraph.space_after = Pt(4)


def _verdict(context: ExportContext, scale: float = 1.0) -> list[Paragraph]:
    """What the key figures mean, and why each flagged pattern is never recommended."""
    rows, size = context.rows, 15 * scale
    paragraphs: list[Paragraph] = [(Run(_settings_line(context) + ".", size),)]
    best = next((row for row in rows if row.recommended), None)
    if best is not None:
        horizon = context.result.horizon_years
        text = (
            f"{best.pattern.label} has the lowest total cost over {horizon} years among the "
            "shown patterns that meet the requirement."
        )
        paragraphs.append((Run(text, size),))
    flagged = [row for row in rows if not row.pattern.meets_requirement]
    if flagged:
        paragraphs.append((Run("Never recommended: they do not meet the requirement", size, True),))
    for row in flagged:
        gap = row.pattern.requirement_gap or ""  # required when the requirement is not met
        paragraphs.append(
            (Run(f"✗ {row.pattern.label}: ", size * 0.85, True, FLAG), Run(gap, size * 0.85))
        )
    return paragraphs


MATRIX_TOP, MATRIX_NOTE_TOP = 1.1, 6.8


def _pattern_cell(row: MatrixRow, colour: str, scale: float) -> list[Paragraph]:
    word = MATRIX_WORD_PT * scale
    cell: list[Paragraph] = [
        (Run("■ ", MATRIX_FIGURE_PT * scale, True, colour), Run(row.pattern.label, word, True))
    ]
    if row.recommended:
        cell.append((Run("★ RECOMMENDED", word, True, "0072B2"),))
    if row.flag:
        cell.append((Run("✗ does not meet the requirement", word, True, FLAG),))
    return cell


def _band_cell(row: MatrixRow, key: str, scale: float) -> list[Paragraph]:
    """A cell's figure and band word, in the band's text colour on its fill; in a muted row
    (the pattern does not meet the requirement) in the muted grey on the panel's."""
    cell = row.cells[key]
    text = MUTED if row.flag else BAND_COLOURS[cell.band][1]
    return [
        (Run(cell.figure, MATRIX_FIGURE_PT * scale, True, text),),
        (Run(cell.band.upper(), MATRIX_WORD_PT * scale, True, text),),
    ]


def matrix_notes(context: ExportContext) -> str:
    """The speaker notes of the matrix slide: each cell's note from the pattern's YAML file."""
    lines = []
    for row in context.review_rows:
        notes = [
            f"{column.label}: {row.cells[column.key].note}"
            for column in context.columns
            if row.cells[column.key].note
        ]
        lines.append(f"{row.pattern.label}. " + "; ".join(notes))
    return "\n".join(lines)


def _odds_cell(context: ExportContext, row: MatrixRow, scale: float) -> list[Paragraph]:
    """The pattern's P(cheapest), as the page's matrix gives it ("—": it cannot be chosen)."""
    odds = context.uncertainty.get(row.pattern.id, {}).get("p_cheapest")
    return [(Run("—" if odds is None else f"{odds:.0%}", MATRIX_FIGURE_PT * scale, True),)]


def matrix_table_rows(context: ExportContext, scale: float = 1.0) -> list[list]:
    """The decision matrix as table rows (lists of cells, each a list of paragraphs)."""
    colours = pattern_colours(context.all_ids)
    head = ["Access pattern", P_CHEAPEST, *(column.label for column in context.columns)]
    rows: list[list[list[Paragraph]]] = [
        [[(Run(text, MATRIX_WORD_PT * scale, True, "FFFFFF"),)] for text in head]
    ]
    for row in context.review_rows:
        rows.append(
            [_pattern_cell(row, colours[row.pattern.id], scale), _odds_cell(context, row, scale)]
            + [_band_cell(row, column.key, scale) for column in context.columns]
        )
    return rows


def matrix_fills(context: ExportContext) -> list[list[str]]:
    """Each matrix cell's background: the header, grey pattern and odds cells, band colours; a
    pattern that does not meet the requirement is muted, never green (as on the page)."""
    fills = [[HEADER] * (len(context.columns) + 2)]
    for row in context.review_rows:
        bands = [BAND_COLOURS[row.cells[c.key].band][0] for c in context.columns]
        fills.append([PANEL_FILL, PANEL_FILL, *([PANEL_FILL] * len(bands) if row.flag else bands)])
    return fills


def matrix_slide(prs, context: ExportContext) -> None:
    slide = new_slide(prs, f"Decision matrix at {context.count_text}")
    widths = content_widths(matrix_table_rows(context), 13.333 - 2 * MARGIN)
    budget = MATRIX_NOTE_TOP - MATRIX_TOP
    rows = fit(lambda scale: matrix_table_rows(context, scale), widths, budget, MATRIX_SMALLEST)
    add_table(slide, rows, widths, MATRIX_TOP, matrix_fills(context))
    slide.notes_slide.notes_text_frame.text = matrix_notes(context)
    bands = context.assumptions.org.bands
    note = (
        "Each cell: the computed figure and its band (each cell's note from the pattern's YAML "
        "file is in the speaker notes). "
        f"Bands from org.yaml: implementation Low ≤ {bands.implementation_hours.low:g} h; "
        f"compliance Low ≤ {bands.compliance_ratio.low:g}x the best valid pattern's expected "
        f"loss, Critical > {bands.compliance_ratio.high:g}x. "
        "✗ = does not meet the requirement (reasons on the key-figures slide), never recommended. "
        f"{P_CHEAPEST_MEANING}"
    )
    text_box(slide, (MARGIN, MATRIX_NOTE_TOP, 12.5, 0.5), [(Run(note, 10, False, MUTED),)])


NATIVE_NOTE = "Native chart: right-click > Edit Data in PowerPoint to see or change the numbers"


def chart_slide(prs, entry: FigureSpec, fig: go.Figure, title: str) -> None:
    """One chart as its registry entry says: a native chart, or an image (or a note saying why
    there is none), under ``title``. A chart registered as native that PowerPoint cannot draw is
    an error."""
    spec = native_chart(fig) if entry.deck is DeckForm.NATIVE else None
    if spec is None and entry.deck is DeckForm.NATIVE and _has_data(fig):
        raise ValueError(
            f"figure {entry.key!r}: registered as a native chart, but PowerPoint draws only "
            "all-line/marker (numeric x) or all-bar charts; register it with deck=DeckForm.IMAGE"
        )
    slide = new_slide(prs, title)
    box = (MARGIN, 1.1, 13.333 - 2 * MARGIN, 5.75)
    if spec is not None:
        add_native_chart(slide, spec, box)
        footer = (
            " Native chart: right-click > Edit Data in PowerPoint to see or change the numbers."
        )
        footer = "  ".join(f"{part}." for part in (spec.subtitle, spec.note) if part) + footer
    elif not _has_data(fig):
        _chart_note(slide, fig, "Nothing to draw for the patterns shown.")
        footer = "Chart not included."
    else:
        footer = _chart_image(slide, fig, box)
    text_box(slide, (MARGIN, 6.9, 12.5, 0.4), [(Run(footer, 10, False, MUTED),)])


def _has_data(fig: go.Figure) -> bool:
    columns = ("x", "y", "z", "values")
    return any(len(getattr(t, c, None) or ()) for t in fig.data for c in columns)


def _chart_note(slide, fig: go.Figure, reason: str) -> None:
    title = plain_text(fig.layout.title.text) or "Chart"
    text_box(slide, (MARGIN, 3.0, 12.5, 1.5), [(Run(title, 18, True),), (Run(reason, 14),)])


def _chart_image(slide, fig: go.Figure, box) -> str:
    try:
        png = images.figure_image(fig, "png")  # as exported: slide-size type
    except images.ImageExportError as error:
        _chart_note(slide, fig, f"This chart type has no native PowerPoint form. {error}")
        return "Chart not included."
    left, top, width, height = (Inches(v) for v in box)
    picture_width = min(width, int(height * 16 / 9))
    slide.shapes.add_picture(
        io.BytesIO(png), left + (width - picture_width) // 2, top, width=picture_width
    )
    size = f"{images.SLIDE_WIDTH_PX} × {images.SLIDE_HEIGHT_PX} px"
    return f"Image ({size}, as exported): PowerPoint has no native form of this chart type."


def chart_slides(prs, context: ExportContext) -> None:
    """One slide per registered chart of the export, in registry order, its "how to read it"
    sentence in the speaker notes."""
    noun = context.assumptions.decision.counted
    for entry in context.specs:
        chart_slide(prs, entry, context.figures[entry.key], entry.title(noun))
        reading = _reading(entry, context.inputs)
        if reading:
            prs.slides[-1].notes_slide.notes_text_frame.text = f"How to read it: {reading}"


def _reading(entry: FigureSpec, inputs: FigureInputs) -> str | None:
    """The chart's sentence; none for a chart the page drew with inputs the export did not
    compute (its tornado or its weights)."""
    try:
        return reading_of(entry, inputs)
    except ValueError:
        return None
