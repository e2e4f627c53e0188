"""The export of everything into one folder: what ``cli.py export`` and scripted reviews call.

``export_all`` writes every registered format (``accesscost.export.formats.FORMATS``: the deck,
the CSV files, the workbook, the assumptions) and every registered chart and every blueprint as
PNG and SVG, one progress line per file. Each file is written to a temporary file in the same
folder and then renamed over the target, so a reader never sees half a file. Without Chromium the
images are skipped with one line saying so (``images.NO_BROWSER_MESSAGE``); everything else is
still written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from accesscost.core.files import write_atomic
from accesscost.export import images
from accesscost.export.context import ExportContext, image_figures, make_context
from accesscost.export.formats import FORMATS, as_bytes
from accesscost.inputs.loading import Assumptions

Progress = Callable[[str], object]


def file_size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


def write_file(path: Path, data: bytes | str, progress: Progress) -> Path:
    """``data`` written atomically to ``path``, and one progress line saying so."""
    raw = as_bytes(data)
    write_atomic(path, raw)
    progress(f"wrote {path} ({file_size(len(raw))})")
    return path


def _write_images(context: ExportContext, out: Path, progress: Progress) -> list[Path]:
    if images.browser_available() is None:
        progress(images.NO_BROWSER_MESSAGE)
        return []
    written = []
    for name, fig in image_figures(context).items():
        try:
            png, svg = images.figure_images(fig)
        except images.ImageExportError as error:
            progress(f"images skipped: {error}")
            break
        stem = images.file_stem(name)
        written.append(write_file(out / f"{stem}.png", png, progress))
        written.append(write_file(out / f"{stem}.svg", svg, progress))
    return written


def export_all(
    context: ExportContext, out_dir: Path | str, progress: Progress = print
) -> list[Path]:
    """Write every registered format and each chart's PNG and SVG into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [write_file(out / fmt.key, fmt.build(context), progress) for fmt in FORMATS]
    return written + _write_images(context, out, progress)


def export_files(
    assumptions: Assumptions,
    services: int,
    out_dir: Path | str,
    *,
    scenario_name: str = "Baseline",
    overrides: Mapping | None = None,
    reference_id: str | None = None,
    horizon_years: int | None = None,
    shown: Sequence[str] | None = None,
    progress: Progress = print,
) -> list[Path]:
    """``cli.py export``: price the assumptions at ``services`` and write every export file."""
    context = make_context(
        assumptions,
        services,
        reference_id=reference_id,
        horizon_years=horizon_years,
        shown=shown,
        scenario_name=scenario_name,
        overrides=overrides,
    )
    return export_all(context, out_dir, progress)
