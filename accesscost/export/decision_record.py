"""A decision record's folder: ``NNNN-title.md`` (MADR 4.0) and its assets folder beside it.

The assets folder, ``NNNN-title-assets/``, holds every chart of the export as SVG (through
kaleido and Chromium; without a browser one line says so and the rest is still written), the
decision matrix as Markdown and CSV, the figures as JSON and the scenario as YAML. The record is
numbered after the records already in the folder, so it opens in adr-tools, log4brains and
Structurizr's ``!adrs`` import like any other MADR file. The same files, zipped, are the page's
download.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from accesscost.core.errors import AssumptionErrors
from accesscost.export import images
from accesscost.export.bundle import write_file
from accesscost.export.context import ExportContext, make_context
from accesscost.export.tables import matrix_csv
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import BASELINE, Scenario, scenario_yaml
from accesscost.model.scoring import Weights
from accesscost.text.adr import adr_markdown
from accesscost.text.markdown_tables import estimate_markdown
from accesscost.text.record_meta import RecordMeta, next_number, record_stem
from accesscost.text.records import RecordFigures, record_document, record_figures

Progress = Callable[[str], object]


def chart_svgs(context: ExportContext, progress: Progress) -> dict[str, bytes]:
    """Every chart of the export as SVG, by file stem; {} with one line said when impossible."""
    if images.browser_available() is None:
        progress(images.NO_BROWSER_MESSAGE)
        return {}
    svgs = {}
    for name, fig in context.figures.items():
        try:
            svgs[images.file_stem(name)] = images.figure_image(fig, "svg")
        except images.ImageExportError as error:
            progress(f"charts skipped: {error}")
            return {}
    return svgs


def record_files(
    figures: RecordFigures,
    context: ExportContext,
    meta: RecordMeta,
    number: int,
    progress: Progress = print,
) -> dict[str, bytes]:
    """The record and its assets, by path relative to the records folder (the record last)."""
    stem = record_stem(number, figures)
    assets = f"{stem}-assets"
    svgs = chart_svgs(context, progress)
    files = {f"{assets}/{name}.svg": svg for name, svg in svgs.items()}
    files[f"{assets}/matrix.md"] = estimate_markdown(figures).encode("utf-8")
    files[f"{assets}/matrix.csv"] = matrix_csv(context).encode("utf-8")
    document = json.dumps(record_document(figures), indent=2, default=str)
    files[f"{assets}/figures.json"] = (document + "\n").encode("utf-8")
    files[f"{assets}/scenario.yaml"] = scenario_yaml(figures.scenario).encode("utf-8")
    record = adr_markdown(figures, meta, assets=assets, charts=list(svgs))
    files[f"{stem}.md"] = record.encode("utf-8")
    return files


def build_record(
    assumptions: Assumptions,
    services: int,
    *,
    scenario: Scenario = BASELINE,
    reference_id: str | None = None,
    horizon_years: int | None = None,
    weights: Weights | None = None,
    draws: int | None = None,
    context: ExportContext | None = None,
) -> tuple[RecordFigures, ExportContext]:
    """The record's figures and the export context its charts and CSV come from."""
    figures = record_figures(
        assumptions,
        services,
        scenario=scenario,
        reference_id=reference_id,
        horizon_years=horizon_years,
        weights=weights,
        draws=draws,
        with_break_even=True,
    )
    if context is None:
        context = make_context(
            assumptions,
            services,
            reference_id=reference_id,
            horizon_years=horizon_years,
            scenario_name=scenario.name,
            overrides=scenario.overrides_document(),
        )
    return figures, context


def write_record(
    assumptions: Assumptions,
    services: int,
    out_dir: Path | str,
    *,
    meta: RecordMeta,
    scenario: Scenario = BASELINE,
    reference_id: str | None = None,
    horizon_years: int | None = None,
    progress: Progress = print,
) -> Path:
    """``cli.py adr``: write the next record and its assets into ``out_dir``; returns the record.

    Every file is written to a temporary file and renamed; the record itself comes last, so a
    folder never holds a record whose assets are missing. An existing file is never replaced."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    number = next_number([p.name for p in out.iterdir()])
    figures, context = build_record(
        assumptions,
        services,
        scenario=scenario,
        reference_id=reference_id,
        horizon_years=horizon_years,
    )
    files = record_files(figures, context, meta, number, progress)
    taken = [name for name in files if (out / name).exists()]
    if taken:
        raise AssumptionErrors.one("--out", "", f"{out / taken[0]} already exists")
    for name, data in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        write_file(out / name, data, progress)
    return out / name


def record_zip(files: dict[str, bytes]) -> bytes:
    """The record's files in one zip, paths as in the records folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def context_record_zip(
    context: ExportContext,
    scenario: Scenario,
    meta: RecordMeta,
    weights: Weights | None = None,
    number: int = 1,
) -> bytes:
    """The page's download: the record of what the page shows (its export context), zipped."""
    figures, _ = build_record(
        context.assumptions,
        context.services,
        scenario=scenario,
        reference_id=context.result.reference_id,
        horizon_years=context.result.horizon_years,
        weights=weights,
        context=context,
    )
    return record_zip(record_files(figures, context, meta, number, progress=lambda _: None))
