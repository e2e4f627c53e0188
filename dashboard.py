"""The review page: ``streamlit run dashboard.py``.

Lays out widgets and shows results; every number comes from ``models/``, every figure from
``charts/``. The assumptions folder is ``assumptions/`` beside this file, or ``$ASSUMPTIONS_DIR``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import streamlit as st

from charts import finops
from charts.matrix_table import matrix_html
from models.engine import MAX_SERVICES, Estimate, estimate
from models.errors import AssumptionErrors
from models.loading import Assumptions, FileText, assumptions_from_files, read_folder
from models.matrix import decision_matrix, recommended_id, usd
from models.report import line_item_rows
from models.timeline import payback_month

HERE = Path(__file__).resolve().parent
SLIDER_MAX = 500
CHART_CONFIG = {"displaylogo": False}


@st.cache_data(show_spinner=False, max_entries=16)
def load_assumptions(files: tuple[FileText, ...]) -> Assumptions:
    """Validated assumptions, cached on the files' contents."""
    return assumptions_from_files(files)


@st.cache_data(show_spinner=False, max_entries=64)
def compute(files, services, horizon: int, rate: float, reference: str) -> Estimate:
    """The model at one count or a sweep, cached on the inputs."""
    assumptions = assumptions_from_files(files)
    return estimate(
        assumptions,
        services,
        horizon_years=horizon,
        hourly_rate_usd=rate,
        reference_id=reference,
    )


def assumptions_dir() -> Path:
    return Path(os.environ.get("ASSUMPTIONS_DIR", HERE / "assumptions"))


def _query_int(name: str, low: int, high: int) -> int | None:
    try:
        value = int(float(st.query_params.get(name, "")))
    except ValueError:
        return None
    return value if low <= value <= high else None


def init_state(assumptions: Assumptions) -> None:
    """Defaults from org.yaml, overridden by a shared link's query string, once per session."""
    if "services" in st.session_state:
        return
    org, ids = assumptions.org, list(assumptions.patterns)
    services = _query_int("services", 1, MAX_SERVICES) or org.default_services
    st.session_state.services = services
    st.session_state.services_input = services
    st.session_state.services_slider = min(services, SLIDER_MAX)
    st.session_state.horizon = _query_int("horizon", 1, 10) or org.horizon_years
    st.session_state.rate = float(_query_int("rate", 1, 1000) or org.labour.hourly_rate_usd.mean())
    shown = [pid for pid in st.query_params.get("show", "").split(",") if pid in ids]
    st.session_state.shown = shown or ids
    reference = st.query_params.get("ref", org.reference_pattern)
    st.session_state.reference = reference if reference in ids else org.reference_pattern


def _from_slider() -> None:
    st.session_state.services = st.session_state.services_slider
    st.session_state.services_input = st.session_state.services_slider


def _from_input() -> None:
    st.session_state.services = int(st.session_state.services_input)
    st.session_state.services_slider = min(int(st.session_state.services_input), SLIDER_MAX)


def sidebar(assumptions: Assumptions) -> None:
    patterns = assumptions.patterns
    label = {pid: p.label for pid, p in patterns.items()}
    with st.sidebar:
        st.header("Review settings")
        st.slider("Services", 1, SLIDER_MAX, key="services_slider", on_change=_from_slider)
        st.number_input(
            f"Services (exact, up to {MAX_SERVICES:,})",
            min_value=1,
            max_value=MAX_SERVICES,
            step=1,
            key="services_input",
            on_change=_from_input,
        )
        st.slider("Horizon (years)", 1, 10, key="horizon")
        st.number_input(
            "Loaded hourly rate (USD)", min_value=1.0, max_value=1000.0, step=5.0, key="rate"
        )
        st.multiselect("Patterns shown", list(patterns), format_func=label.get, key="shown")
        st.selectbox(
            "Savings measured against", list(patterns), format_func=label.get, key="reference"
        )
    st.query_params.from_dict(
        {
            "services": str(st.session_state.services),
            "horizon": str(st.session_state.horizon),
            "rate": f"{st.session_state.rate:g}",
            "show": ",".join(st.session_state.shown),
            "ref": st.session_state.reference,
        }
    )


def key_figures(result: Estimate, shown: list[str]) -> None:
    best = recommended_id(result, shown=shown)
    columns = st.columns([2, 1, 1, 1])
    if best is None:
        columns[0].metric("Recommended", "none", help="No shown pattern meets the requirement.")
        return
    figures = result.patterns[best]
    reference = result.patterns[result.reference_id].pattern
    saving = float(result.annual_savings(best)[0])
    months = payback_month(result, best)
    payback = "—" if best == result.reference_id else "never"
    if months is not None:
        payback = f"{months:.1f} months"
    columns[0].metric("Recommended", figures.pattern.label)
    columns[1].metric("Its annual cost", usd(float(figures.annual_usd[0])))
    columns[2].metric(f"Saving a year vs {reference.option or reference.name}", usd(saving))
    columns[3].metric(f"Payback of moving from {reference.option or reference.name}", payback)


def show_calculations(result: Estimate, shown: list[str]) -> None:
    st.subheader("Show calculation")
    for pid in shown:
        pattern = result.patterns[pid].pattern
        with st.expander(f"{pattern.label}: line items and sources"):
            st.caption(pattern.summary)
            st.dataframe(line_item_rows(result, pid), hide_index=True, width="stretch")


def sweep_counts(services: int) -> np.ndarray:
    upper = min(MAX_SERVICES, max(200, 2 * services))
    if upper <= 2000:
        return np.arange(1, upper + 1)
    return np.unique(np.linspace(1, upper, 2000).round().astype(int))


def charts(files, result: Estimate, shown: list[str], all_ids: list[str]) -> None:
    state = st.session_state
    sweep = compute(files, sweep_counts(state.services), state.horizon, state.rate, state.reference)
    figures = [
        finops.cost_vs_services(sweep, shown, state.services, all_ids),
        finops.annual_breakdown_chart(result, shown),
        finops.cumulative_cost_chart(result, shown, all_ids),
        finops.savings_chart(result, shown, all_ids),
    ]
    st.subheader("FinOps")
    for figure in figures:
        st.plotly_chart(figure, config=CHART_CONFIG, theme=None)


def loaded_files(assumptions: Assumptions, folder: Path) -> None:
    newest = max(assumptions.files, key=lambda f: f.modified)
    changed = datetime.fromtimestamp(newest.modified, UTC).strftime("%Y-%m-%d %H:%M UTC")
    st.caption(
        f"Numbers from {len(assumptions.files)} assumption files in `{folder}`; "
        f"last change {changed} ({Path(newest.path).name})."
    )
    with st.expander("Assumption files loaded"):
        st.dataframe(
            [
                {
                    "file": str(Path(f.path).relative_to(folder)),
                    "sha256": f.sha256[:16],
                    "modified (UTC)": datetime.fromtimestamp(f.modified, UTC).strftime(
                        "%Y-%m-%d %H:%M:%S"
                    ),
                }
                for f in assumptions.files
            ],
            hide_index=True,
        )


def main() -> None:
    st.set_page_config(page_title="ECS to S3 access: cost and risk", layout="wide")
    st.title("How should ECS tasks get permission to write to S3?")
    folder = assumptions_dir()
    files = read_folder(folder)
    try:
        assumptions = load_assumptions(files)
    except AssumptionErrors as errors:
        st.error("The assumption files have problems:\n\n" + "\n".join(
            f"- `{problem}`" for problem in errors.problems
        ))  # fmt: skip
        st.stop()
    init_state(assumptions)
    sidebar(assumptions)
    state, all_ids = st.session_state, list(assumptions.patterns)
    shown = [pid for pid in all_ids if pid in state.shown]
    if not shown:
        st.warning("Choose at least one pattern to show in the sidebar.")
        st.stop()
    result = compute(files, state.services, state.horizon, state.rate, state.reference)
    st.caption(
        f"{state.services:,} services, {state.horizon}-year horizon, ${state.rate:,.0f} an hour; "
        f"savings against {assumptions.patterns[state.reference].label}."
    )
    key_figures(result, shown)
    st.subheader("Decision matrix")
    rows = decision_matrix(result, assumptions.org.bands, assumptions.org.labour.hours_per_day,
                           shown=shown)  # fmt: skip
    st.html(matrix_html(rows, all_ids))
    show_calculations(result, shown)
    charts(files, result, shown, all_ids)
    loaded_files(assumptions, folder)


main()
