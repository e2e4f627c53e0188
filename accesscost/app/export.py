"""The Export section: the deck, a zip of the chart images, the CSV, the workbook, the YAML and
a decision record (MADR 4.0, zipped with its assets) with a small form for its status and people.

Nothing is computed on a page run: the export context (the model at the chosen count and a sweep)
is built only when a download button is clicked. Where no Chromium is present, one line says so
and everything that needs no browser still works.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from accesscost.app.view import PageView
from accesscost.core.errors import AssumptionErrors
from accesscost.export import images
from accesscost.export.context import ExportContext, image_figures, make_context
from accesscost.export.formats import FORMATS, ExportFormat
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Scenario
from accesscost.inputs.scenario_files import scenario_slug


def context_maker(
    assumptions: Assumptions,
    scenario: Scenario,
    view: PageView,
    shown: list[str],
    drawn: dict[str, go.Figure] | None,
) -> Callable[[], ExportContext]:
    """A function that builds the export context of what the page shows, when first called;
    ``drawn`` are the charts the page drew (its tornado and weights), exported as drawn."""
    built: list[ExportContext] = []

    def context() -> ExportContext:
        if not built:
            built.append(
                make_context(
                    assumptions,
                    view.services,
                    horizon_years=view.horizon,
                    reference_id=view.reference,
                    shown=shown,
                    scenario_name="Baseline" if scenario.is_empty else scenario.name,
                    overrides=scenario.overrides_document(),
                    drawn=drawn,
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


def _record_zip(context: ExportContext, scenario: Scenario, meta, weights) -> bytes:
    from accesscost.export.decision_record import context_record_zip

    return context_record_zip(context, scenario, meta, weights)


def record_section(context: Callable[[], ExportContext], scenario: Scenario, stem: str) -> None:
    """The decision record's form and its download (built when the button is clicked)."""
    from accesscost.text.record_meta import RecordMeta, people

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
        data=lambda: _record_zip(context(), scenario, meta, weights),
        file_name=f"{stem}-decision-record.zip",
        mime="application/zip",
        key="adr_download",
    )


def _download(column, fmt: ExportFormat, context: Callable[[], ExportContext], stem: str):
    column.download_button(
        fmt.label,
        data=lambda: fmt.build(context()),
        file_name=stem + fmt.suffix,
        mime=fmt.mime,
    )


def export_section(context: Callable[[], ExportContext], scenario: Scenario, services: int):
    """One download button per registered format (``FORMATS``), the decision record, and a zip
    of every registered chart's images where Chromium is present."""
    st.subheader("Export")
    stem = _stem(scenario, services)
    formats = list(FORMATS)
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        _download(column, fmt, context, stem)
    record_section(context, scenario, stem)
    if images.browser_available() is None:
        st.caption(images.NO_BROWSER_MESSAGE)
        return
    st.download_button(
        "Chart images (.zip of PNG and SVG)",
        data=lambda: images.images_zip(image_figures(context())),
        file_name=f"{stem}-charts.zip",
        mime="application/zip",
    )
