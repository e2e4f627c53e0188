"""Every export file format, once: its name in an export folder, the page's button label, the
suffix of the page's download, its MIME type and its builder.

``cli.py export`` (``accesscost.export.bundle.export_all``) writes each registered format into
the folder; the page's Export section offers one download button per format. A new format is one
builder (``ExportContext`` in, ``str`` or ``bytes`` out) plus one ``ExportFormat`` here.

The deck's builder imports python-pptx when it is first called, so the page loads it on the
first click of its button, not on its first run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accesscost.core.registry import Registry
from accesscost.export import tables
from accesscost.export.context import ExportContext

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
YAML = "application/x-yaml"


@dataclass(frozen=True)
class ExportFormat:
    key: str  # the file's name in an export folder, e.g. "deck.pptx"
    label: str  # the page's download button
    suffix: str  # the page's download is named <stem><suffix>
    mime: str
    build: Callable[[ExportContext], str | bytes]


def deck(context: ExportContext) -> bytes:
    """The review deck (``accesscost.export.deck.build_deck``), python-pptx loaded on first use."""
    from accesscost.export.deck import build_deck

    return build_deck(context)


FORMATS: Registry[ExportFormat] = Registry(
    "export formats",
    (
        ExportFormat("deck.pptx", "Deck (.pptx)", ".pptx", PPTX, deck),
        ExportFormat("matrix.csv", "Matrix (.csv)", "-matrix.csv", CSV, tables.matrix_csv),
        ExportFormat("figures.csv", "Figures (.csv)", "-figures.csv", CSV, tables.figures_csv),
        ExportFormat(
            "line-items.csv", "Line items (.csv)", "-line-items.csv", CSV, tables.line_items_csv
        ),
        ExportFormat("figures.xlsx", "Workbook (.xlsx)", ".xlsx", XLSX, tables.workbook),
        ExportFormat(
            "assumptions.yaml",
            "Assumptions (.yaml)",
            "-assumptions.yaml",
            YAML,
            tables.assumptions_yaml,
        ),
    ),
)


def as_bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data
