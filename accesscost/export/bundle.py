"""Data exports (CSV, an Excel workbook, the assumptions as YAML) and the export of everything.

``export_all`` is what ``cli.py export`` and scripted reviews call: it writes the deck, the data,
the assumptions and every chart as PNG and SVG into one folder, one progress line per file. Each
file is written to a temporary file in the same folder and then renamed over the target, so a
reader never sees half a file. Without Chromium the images are skipped with one line saying so
(``images.NO_BROWSER_MESSAGE``); everything else is still written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml

from accesscost.core.files import write_atomic
from accesscost.core.safe_text import XLSX_OPTIONS
from accesscost.export import images
from accesscost.export.deck import (
    ExportContext,
    build_deck,
    chart_figures,
    make_context,
    native_chart,
)
from accesscost.inputs.loading import Assumptions
from accesscost.model.matrix import COLUMNS, as_records
from accesscost.text.report import line_item_rows, pattern_summary, write_csv

Progress = Callable[[str], object]


# --- records ------------------------------------------------------------------------------------


def matrix_records(context: ExportContext) -> list[dict]:
    """The decision matrix, one record per shown pattern: figures, bands, numbers and notes."""
    records = []
    for record, row in zip(as_records(context.rows), context.rows, strict=True):
        extra = {}
        for key, label in COLUMNS:
            extra[f"{label} value"] = round(row.cells[key].value, 2)
            extra[f"{label} note"] = row.cells[key].note
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
    tables = {}
    for name, fig in chart_figures(context).items():
        spec = native_chart(fig)
        if spec is None:
            continue
        if spec.categories is None:
            x_title = spec.category_axis.title or "x"
            y_title = spec.value_axis.title or "y"
            rows = [
                {"series": s.name, x_title: x, y_title: y}
                for s in spec.series
                for x, y in zip(s.x, s.values, strict=True)
            ]
            tables[name] = pd.DataFrame(rows)
        else:
            columns = {s.name: s.values for s in spec.series}
            tables[name] = pd.DataFrame(columns, index=pd.Index(spec.categories, name="category"))
    return tables


def workbook(context: ExportContext) -> bytes:
    """An .xlsx with sheets Matrix, Figures, Line items and one per chart's data."""
    sheets = {
        "Matrix": pd.DataFrame(matrix_records(context)),
        "Figures": pd.DataFrame(figure_records(context)),
        "Line items": pd.DataFrame(line_item_records(context)),
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


# --- writing files ------------------------------------------------------------------------------


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


def _write(path: Path, data: bytes | str, progress: Progress) -> Path:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic(path, raw)
    progress(f"wrote {path} ({_size(len(raw))})")
    return path


DATA_FILES: tuple[tuple[str, Callable[[ExportContext], bytes | str]], ...] = (
    ("deck.pptx", build_deck),
    ("matrix.csv", matrix_csv),
    ("figures.csv", figures_csv),
    ("line-items.csv", line_items_csv),
    ("figures.xlsx", workbook),
    ("assumptions.yaml", assumptions_yaml),
)


def _write_images(context: ExportContext, out: Path, progress: Progress) -> list[Path]:
    if images.browser_available() is None:
        progress(images.NO_BROWSER_MESSAGE)
        return []
    written = []
    for name, fig in chart_figures(context).items():
        try:
            png, svg = images.figure_images(fig)
        except images.ImageExportError as error:
            progress(f"images skipped: {error}")
            break
        stem = images.file_stem(name)
        written.append(_write(out / f"{stem}.png", png, progress))
        written.append(_write(out / f"{stem}.svg", svg, progress))
    return written


def export_all(
    context: ExportContext, out_dir: Path | str, progress: Progress = print
) -> list[Path]:
    """Write the deck, CSV, workbook, YAML and each chart's PNG and SVG into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [_write(out / name, make(context), progress) for name, make in DATA_FILES]
    return written + _write_images(context, out, progress)


def export_files(
    assumptions: Assumptions,
    services: int,
    out_dir: Path | str,
    *,
    scenario_name: str = "Baseline",
    overrides: Mapping | None = None,
    reference_id: str | None = None,
    progress: Progress = print,
) -> list[Path]:
    """``cli.py export``: price the assumptions at ``services`` and write every export file."""
    context = make_context(
        assumptions,
        services,
        reference_id=reference_id,
        scenario_name=scenario_name,
        overrides=overrides,
    )
    return export_all(context, out_dir, progress)
