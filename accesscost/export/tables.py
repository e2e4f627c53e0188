"""Data exports read from one ``ExportContext``: the matrix, figures and line items as CSV, an
Excel workbook (those three and each native chart's numbers), the assumptions used as YAML.

Each builder takes the context and returns the file's text or bytes; ``accesscost.export.formats``
registers them, and the page's buttons and ``cli.py export`` read that registry.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence

import pandas as pd
import yaml

from accesscost.core.safe_text import XLSX_OPTIONS
from accesscost.export.context import ExportContext
from accesscost.export.matrix_exports import story_sheets
from accesscost.model.matrix import as_records
from accesscost.text.report import line_item_rows, pattern_summary, write_csv

# --- records ------------------------------------------------------------------------------------


def matrix_records(context: ExportContext) -> list[dict]:
    """The decision matrix, one record per shown pattern: figures, bands, numbers and notes."""
    records = []
    for record, row in zip(as_records(context.rows, context.columns), context.rows, strict=True):
        extra: dict[str, float | str] = {}
        for column in context.columns:
            cell = row.cells[column.key]
            extra[f"{column.label} value"] = round(cell.value, 2)
            extra[f"{column.label} note"] = cell.note
        extra["requirement gap"] = row.pattern.requirement_gap or ""
        records.append({"services": context.services, "id": row.pattern.id, **record, **extra})
    return records


def figure_records(context: ExportContext) -> list[dict]:
    """Every figure of every pattern at the chosen count
    (``accesscost.text.report.pattern_summary``)."""
    return [
        {
            "services": context.services,
            "shown": pid in context.shown,
            **pattern_summary(context.result, pid),
        }
        for pid in context.result.patterns
    ]


def line_item_records(context: ExportContext) -> list[dict]:
    """Every line item of every pattern, priced at the chosen count, with its source."""
    records = []
    for pid, figures in context.result.patterns.items():
        for row in line_item_rows(context.result, pid):
            records.append({"pattern": figures.pattern.label, "id": pid, **row})
    return records


def _csv(records: Sequence[Mapping]) -> str:
    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue()


def matrix_csv(context: ExportContext) -> str:
    return _csv(matrix_records(context))


def figures_csv(context: ExportContext) -> str:
    return _csv(figure_records(context))


def line_items_csv(context: ExportContext) -> str:
    return _csv(line_item_records(context))


# --- workbook -----------------------------------------------------------------------------------


def chart_tables(context: ExportContext) -> dict[str, pd.DataFrame]:
    """The numbers behind each native chart, as the deck's charts hold them."""
    from accesscost.export.native_chart import native_chart  # python-pptx, on first use

    tables = {}
    for name, fig in context.figures.items():
        spec = native_chart(fig)
        if spec is None:
            continue
        if spec.categories is None:
            x_title = spec.category_axis.title or "x"
            y_title = spec.value_axis.title or "y"
            rows = []
            for s in spec.series:
                if s.x is None:  # native_chart gives every series of an XY chart its x values
                    raise ValueError(f"chart {name}: series {s.name!r} has no x values")
                rows += [
                    {"series": s.name, x_title: x, y_title: y}
                    for x, y in zip(s.x, s.values, strict=True)
                ]
            tables[name] = pd.DataFrame(rows)
        else:
            columns = {s.name: s.values for s in spec.series}
            tables[name] = pd.DataFrame(columns, index=pd.Index(spec.categories, name="category"))
    return tables


def workbook(context: ExportContext) -> bytes:
    """An .xlsx with sheets Matrix, Figures, Line items, the matrices' stories (Decision
    stories, Count matrix, Risk matrix) and one per chart's data."""
    sheets = {
        "Matrix": pd.DataFrame(matrix_records(context)),
        "Figures": pd.DataFrame(figure_records(context)),
        "Line items": pd.DataFrame(line_item_records(context)),
        **story_sheets(context),  # each matrix's cell stories (issue 20)
    }
    buffer = io.BytesIO()
    options = {"options": XLSX_OPTIONS}  # text from the files stays text, never a formula
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        for name, frame in chart_tables(context).items():
            frame.to_excel(
                writer, sheet_name=f"Chart {name}"[:31], index=frame.index.name is not None
            )
        for sheet in writer.sheets.values():
            sheet.autofit(max_width=400)
    return buffer.getvalue()


# --- assumptions --------------------------------------------------------------------------------


def _plain(value):
    """JSON-like data (numpy numbers become Python numbers), safe for ``yaml.safe_dump``."""
    return json.loads(
        json.dumps(value, default=lambda o: o.item() if hasattr(o, "item") else str(o))
    )


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def assumptions_document(context: ExportContext) -> dict:
    """The assumptions used, the settings and the what-if overrides, as plain data."""
    assumptions, result = context.assumptions, context.result
    document = {
        "scenario": context.scenario_name,
        "generated": context.generated.isoformat(timespec="seconds"),
        "settings": {
            "services": context.services,
            "horizon_years": int(result.horizon_years),
            "hourly_rate_usd": float(result.hourly_rate_usd),
            "reference_pattern": result.reference_id,
            "shown": list(context.shown),
        },
        "overrides": _plain(dict(context.overrides)) if context.overrides else None,
        "files": [{"path": f.path, "sha256": f.sha256} for f in assumptions.files],
        "org": assumptions.org.model_dump(mode="json", exclude_none=True),
        "decision": assumptions.decision.model_dump(mode="json", exclude_none=True),
        "patterns": {pid: p.model_dump(mode="json") for pid, p in assumptions.patterns.items()},
    }
    if assumptions.guardrails:
        document["guardrails"] = [
            g.model_dump(mode="json") for g in assumptions.guardrails.values()
        ]
    return document


def assumptions_yaml(context: ExportContext) -> str:
    """The assumptions used as YAML, with a header comment naming the scenario."""
    header = (
        f"# Assumptions used by the export of scenario {_one_line(context.scenario_name)!r} "
        f"at {context.count_text}, {context.generated:%Y-%m-%d %H:%M UTC}.\n"
        "# org and patterns are the values the numbers were computed from (what-if edits\n"
        "# applied); overrides lists those edits; files are the baseline files with checksums.\n"
    )
    body = yaml.safe_dump(
        assumptions_document(context), sort_keys=False, allow_unicode=True, width=100
    )
    return header + body
