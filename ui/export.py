"""The Export section: the deck, a zip of the chart images, the CSV, the workbook and the YAML.

Each download is produced only when its button is clicked. Where no Chromium is present, one line
says so and everything that needs no browser still works.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts import images
from charts.bundle import assumptions_yaml, figures_csv, matrix_csv, workbook
from charts.deck import ExportContext, build_deck, chart_figures, make_context
from models.loading import Assumptions
from models.scenario import Scenario, scenario_slug

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_context(assumptions: Assumptions, scenario: Scenario, view: dict, shown: list[str],
                   risk_figures: dict[str, go.Figure]) -> ExportContext:  # fmt: skip
    overrides = None
    if not scenario.is_empty:
        overrides = {
            **scenario.overrides.model_dump(mode="json"),
            "guardrails": scenario.guardrails,
        }
    return make_context(
        assumptions,
        view["services"],
        horizon_years=view["horizon"],
        reference_id=view["reference"],
        shown=shown,
        scenario_name="Baseline" if scenario.is_empty else scenario.name,
        overrides=overrides,
        extra_figures=risk_figures,
    )


def _stem(context: ExportContext) -> str:
    try:
        name = scenario_slug(context.scenario_name)
    except ValueError:
        name = "scenario"
    return f"access-patterns-{name}-{context.services}-services"


def _downloads(context: ExportContext, stem: str) -> list[tuple]:
    """(label, function making the bytes, file name, MIME type) of each download."""
    return [
        ("Deck (.pptx)", build_deck, f"{stem}.pptx", PPTX),
        ("Matrix (.csv)", matrix_csv, f"{stem}-matrix.csv", "text/csv"),
        ("Figures (.csv)", figures_csv, f"{stem}-figures.csv", "text/csv"),
        ("Workbook (.xlsx)", workbook, f"{stem}.xlsx", XLSX),
        ("Assumptions (.yaml)", assumptions_yaml, f"{stem}-assumptions.yaml", "application/x-yaml"),
    ]


def export_section(context: ExportContext) -> None:
    st.subheader("Export")
    stem = _stem(context)
    downloads = _downloads(context, stem)
    for column, (label, make, name, mime) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        column.download_button(
            label, data=lambda make=make: make(context), file_name=name, mime=mime
        )
    if images.browser_available() is None:
        st.caption(images.NO_BROWSER_MESSAGE)
        return
    st.download_button(
        "Chart images (.zip of PNG and SVG)",
        data=lambda: images.images_zip(chart_figures(context)),
        file_name=f"{stem}-charts.zip",
        mime="application/zip",
    )
