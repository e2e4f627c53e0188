"""The review deck: a 16:9 PowerPoint file built with python-pptx from one ``ExportContext``.

Slides, in order: the title, the key figures, the decision matrix, the pattern x service-count
matrix (``accesscost.export.matrix_exports``) and one slide per registered chart
(``accesscost.export.slides``), one blueprint per shown pattern that has a diagram
(``accesscost.export.deck_blueprint``), then the appendix listing every assumption
(``accesscost.export.appendix``). The model ran before (``accesscost.export.context``): building
the deck only reads the context.
"""

from __future__ import annotations

import io

from pptx import Presentation

from accesscost.export.appendix import appendix_slides
from accesscost.export.context import ExportContext
from accesscost.export.deck_blueprint import blueprint_slides
from accesscost.export.matrix_exports import count_matrix_slide
from accesscost.export.risk_table import risk_table_slides
from accesscost.export.slide_text import SLIDE_HEIGHT, SLIDE_WIDTH
from accesscost.export.slides import chart_slides, key_figures_slide, matrix_slide, title_slide


def build_deck(context: ExportContext) -> bytes:
    """The whole deck as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    title_slide(prs, context)
    key_figures_slide(prs, context)
    matrix_slide(prs, context)
    count_matrix_slide(prs, context)
    chart_slides(prs, context)
    blueprint_slides(prs, context)
    risk_table_slides(prs, context)
    appendix_slides(prs, context)
    prs.core_properties.title = f"{context.assumptions.decision.title}: {context.scenario_name}"
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
