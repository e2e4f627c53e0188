"""The Export section: the deck, a zip of the chart images, the CSV, the workbook, the YAML and
a decision record (MADR 4.0, zipped with its assets) with a small form for its status and people.

Nothing is computed on a page run: the export context (the model at the chosen count and a sweep)
is built only when a download button is clicked. Where no Chromium is present, one line says so
and everything that needs no browser still works.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import streamlit as st

from accesscost.core.errors import AssumptionErrors
from accesscost.export import images
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Scenario, scenario_slug

if TYPE_CHECKING:
    from accesscost.export.deck import ExportContext

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# label, function of ``accesscost.export.bundle`` or ``accesscost.export.deck``, file suffix, MIME
# type. The export
# modules (python-pptx, XlsxWriter) are imported on the first click, not on the page's first run.
DOWNLOADS = (
    ("Deck (.pptx)", "accesscost.export.deck:build_deck", ".pptx", PPTX),
    ("Matrix (.csv)", "accesscost.export.bundle:matrix_csv", "-matrix.csv", "text/csv"),
    ("Figures (.csv)", "accesscost.export.bundle:figures_csv", "-figures.csv", "text/csv"),
    ("Workbook (.xlsx)", "accesscost.export.bundle:workbook", ".xlsx", XLSX),
    ("Assumptions (.yaml)", "accesscost.export.bundle:assumptions_yaml", "-assumptions.yaml",
     "application/x-yaml"),
)  # fmt: skip


def _exporter(target: str) -> Callable[..., str | bytes]:
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)


def _made_on_click(target: str, context: Callable[[], ExportContext]) -> Callable[[], str | bytes]:
    """One download's contents, made by ``target`` when its button is clicked."""
    return lambda: _exporter(target)(context())


def context_maker(assumptions: Assumptions, scenario: Scenario, view: dict, shown: list[str],
                  risk_figures: dict[str, go.Figure]) -> Callable[[], ExportContext]:  # fmt: skip
    """A function that builds the export context of what the page shows, when first called."""
    built: list[ExportContext] = []

    def context() -> ExportContext:
        from accesscost.export.deck import make_context

        if not built:
            built.append(
                make_context(
                    assumptions,
                    view["services"],
                    horizon_years=view["horizon"],
                    reference_id=view["reference"],
                    shown=shown,
                    scenario_name="Baseline" if scenario.is_empty else scenario.name,
                    overrides=scenario.overrides_document(),
                    extra_figures=risk_figures,
                )
            )
        return built[0]

    return context


def _stem(scenario: Scenario, services: int) -> str:
    try:
        name = "baseline" if scenario.is_empty else scenario_slug(scenario.name)
    except AssumptionErrors:
        name = "scenario"
    return f"access-patterns-{name}-{services}-services"


RECORD_STATUSES = ("proposed", "accepted", "rejected", "deprecated")


def _weights():
    """The weights of the Uncertainty tab's sliders, where it was opened (else equal)."""
    from accesscost.model.scoring import CRITERIA, Weights

    values = {key: st.session_state.get(f"weight_{key}", 1.0) for key, _ in CRITERIA}
    try:
        return Weights(**values)
    except AssumptionErrors:
        return Weights()


def record_section(context: Callable[[], ExportContext], scenario: Scenario, stem: str) -> None:
    """The decision record's form and its download (built when the button is clicked)."""
    from accesscost.text.adr import RecordMeta, people

    st.markdown("**Decision record** (MADR 4.0, with its charts, matrix, figures and scenario)")
    status, makers, consulted, informed = st.columns(4)
    chosen = status.selectbox("Status", RECORD_STATUSES, key="adr_status")
    deciding = people(makers.text_input("Decision-makers", key="adr_decision_makers"))
    asked = people(consulted.text_input("Consulted", key="adr_consulted"))
    told = people(informed.text_input("Informed", key="adr_informed"))
    try:
        meta = RecordMeta(status=chosen, decision_makers=deciding, consulted=asked, informed=told)
    except AssumptionErrors as errors:
        st.warning(str(errors.problems[0]))
        return
    weights = _weights()
    st.download_button(
        "Decision record (.zip)",
        data=lambda: _exporter("accesscost.export.decision_record:context_record_zip")(
            context(), scenario, meta, weights
        ),
        file_name=f"{stem}-decision-record.zip",
        mime="application/zip",
        key="adr_download",
    )


def export_section(context: Callable[[], ExportContext], scenario: Scenario, services: int):
    st.subheader("Export")
    stem = _stem(scenario, services)
    columns = st.columns(len(DOWNLOADS))
    for column, (label, make, suffix, mime) in zip(columns, DOWNLOADS, strict=True):
        column.download_button(
            label,
            data=_made_on_click(make, context),
            file_name=stem + suffix,
            mime=mime,
        )
    record_section(context, scenario, stem)
    if images.browser_available() is None:
        st.caption(images.NO_BROWSER_MESSAGE)
        return

    def chart_images() -> bytes:
        from accesscost.export.deck import chart_figures  # python-pptx: on the click, not before

        return images.images_zip(chart_figures(context()))

    st.download_button(
        "Chart images (.zip of PNG and SVG)",
        data=chart_images,
        file_name=f"{stem}-charts.zip",
        mime="application/zip",
    )
