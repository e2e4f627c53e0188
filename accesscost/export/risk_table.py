"""The deck's risk slides: each pattern's risk per threat in FAIR's terms (the same columns as
``cli.py estimate``'s ``risk``), over as many slides as it needs."""

from __future__ import annotations

from accesscost.export.appendix import appendix_cells
from accesscost.export.context import ExportContext
from accesscost.export.slide_text import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    HEADER,
    Run,
    add_table,
    new_slide,
    paginate,
)
from accesscost.text.report import risk_rows

RISK_TABLE_COLUMNS = (
    ("Pattern", 1.9),
    ("Threat", 3.3),
    ("TEF /yr", 1.0),
    ("Vulnerability", 1.2),
    ("LEF /yr", 1.0),
    ("Primary $", 1.35),
    ("Secondary $", 1.35),
    ("ALE $/yr", 1.43),
)


def risk_table_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """Per pattern and threat, in FAIR's terms at the deck's count: threat and loss events a
    year, vulnerability, primary and expected secondary loss per loss event, ALE a year."""
    rows: list[tuple[str, ...]] = []
    for pid, figures in context.result.patterns.items():
        for row in risk_rows(context.result, pid):
            name = context.assumptions.threats[row["threat"]].name
            rows.append(
                (
                    figures.pattern.label,
                    name,
                    f"{row['tef']:.4g}",
                    f"{row['vulnerability']:.3g}",
                    f"{row['lef']:.4g}",
                    f"{row['primary']:,.0f}",
                    f"{row['secondary']:,.0f}",
                    f"{row['ale']:,.0f}",
                )
            )
    return rows


def risk_table_slides(prs, context: ExportContext) -> None:
    """Appendix: each pattern's risk per threat (the same columns as ``cli.py estimate``)."""
    widths = [width for _, width in RISK_TABLE_COLUMNS]
    header = [[(Run(name, 10, True, "FFFFFF"),)] for name, _ in RISK_TABLE_COLUMNS]
    body = [appendix_cells(row) for row in risk_table_rows(context)]
    if not body:
        return
    pages = paginate(body, widths, CONTENT_BOTTOM - CONTENT_TOP, header)
    for number, page in enumerate(pages, start=1):
        title = f"Appendix: risk per threat, FAIR ({number} of {len(pages)})"
        slide = new_slide(prs, title)
        fills = [[HEADER] * len(widths)] + [[None] * len(widths)] * len(page)
        add_table(slide, [header, *page], widths, CONTENT_TOP, fills)
