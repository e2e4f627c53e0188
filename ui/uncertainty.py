"""The uncertainty section of the page: P10-P90 bands, loss exceedance, tornado, weighted score."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts import risk
from models.errors import AssumptionErrors
from models.loading import Assumptions
from models.scoring import Weights, decision_scores
from models.sensitivity import Output, tornado

CRITERIA = (
    ("cost", "Cost (TCO)"),
    ("risk", "Compliance risk"),
    ("overhead", "Operational overhead"),
    ("implementation_time", "Implementation time"),
    ("security_posture", "Security posture"),
)


def tornado_outputs(assumptions: Assumptions, shown: list[str], reference: str) -> list[Output]:
    outputs = [Output(pid) for pid in shown]
    outputs += [Output(pid, reference) for pid in shown if pid != reference]
    return outputs


def tornado_figure(assumptions: Assumptions, shown, view: dict, recommended: str | None):
    """The tornado of the chosen output; by default the recommended pattern's saving."""
    outputs = tornado_outputs(assumptions, shown, view["reference"])
    preferred = [Output(recommended, view["reference"]), Output(recommended)]
    default = next((o for o in preferred if o in outputs), outputs[0])
    chosen = st.selectbox(
        "Tornado: which figure to explain",
        outputs,
        index=outputs.index(default),
        format_func=lambda output: output.label(assumptions),
        key="tornado_output",
    )
    result = tornado(assumptions, chosen, view["services"], horizon_years=view["horizon"])
    return risk.tornado_chart(result)


def weights() -> Weights:
    st.markdown("**Weighted decision score**: how much each criterion counts (0 ignores it).")
    columns = st.columns(len(CRITERIA))
    values = {
        key: column.slider(label, 0.0, 5.0, 1.0, 0.5, key=f"weight_{key}")
        for column, (key, label) in zip(columns, CRITERIA, strict=True)
    }
    return Weights(**values)


def score_figure(result, shown: list[str]) -> go.Figure | None:
    try:
        chosen = weights()
    except AssumptionErrors as errors:
        st.warning(str(errors.problems[0].reason))
        return None
    scores = decision_scores(result, chosen, shown=shown)
    note = ", ".join(f"{label} ×{getattr(chosen, key):g}" for key, label in CRITERIA)
    return risk.score_chart(scores, weights_note=note)
