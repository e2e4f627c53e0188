"""The sidebar: the count (a slider and an exact box that never disagree), the horizon, the
rate, the patterns shown, the reference and the draws; filled once from the link (``Settings``),
mirrored back into it on every run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import streamlit as st

from accesscost.app.state import (
    SLIDER_MAX,
    set_services,
)
from accesscost.app.view import link_settings
from accesscost.core.words import capitalised, services_markdown
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.settings import HOURLY_RATE_USD, MAX_SERVICES, PAGE_DRAWS


def init_state(assumptions: Assumptions) -> None:
    """The settings a shared link gives (else the defaults of org.yaml), once per session and
    again, but for the count and the rate, when the decision is switched; a link value that
    cannot be used is said, and its setting keeps its default."""
    state = st.session_state
    if "shown" in state:
        return
    settings, notes = link_settings(assumptions, st.query_params.to_dict())
    if "services" not in state:
        state.services = settings.services
        rate = settings.hourly_rate_usd
        state.rate = float(assumptions.org.labour.hourly_rate_usd.mean()) if rate is None else rate
    state.horizon, state.draws = settings.horizon_years, settings.draws
    state.shown, state.reference = list(settings.shown), settings.reference
    if notes:
        lines = "\n".join(f"- {note}" for note in notes)
        state.link_settings_note = f"Not taken from the link, so the default is shown:\n{lines}"


def _from_slider() -> None:
    st.session_state.services = int(st.session_state.services_slider)
    st.session_state.services_input = st.session_state.services


def _from_input() -> None:
    """The exact count typed in the box; outside 1 to MAX_SERVICES (or emptied) it keeps the
    count and says why, instead of Streamlit's silent clamp to the nearest bound."""
    state = st.session_state
    typed = state.services_input
    if typed is None or not 1 <= typed <= MAX_SERVICES or typed != int(typed):
        shown = "an empty box" if typed is None else f"{typed:,g}"
        state.services_problem = (
            f"Services: {shown} is not a count from 1 to {MAX_SERVICES:,}; kept {state.services:,}."
        )
        state.services_input = state.services  # the box shows the count it kept
        return
    set_services(int(typed))
    state.pop("services_problem", None)


def _service_controls(noun) -> None:
    """The slider (to ``SLIDER_MAX``) and the exact box for one count, ``services``. Each
    widget's callback sets the count and the other widget, never its own: writing the slider's
    own state on every run pushed the value back into it while arrow presses were still on
    their way (ten quick presses from 50 ended on 51)."""
    state = st.session_state
    state.setdefault("services_slider", min(state.services, SLIDER_MAX))
    state.setdefault("services_input", state.services)
    st.slider(
        capitalised(noun.plural), 1, SLIDER_MAX, key="services_slider", on_change=_from_slider
    )
    if state.services > SLIDER_MAX:
        st.caption(
            f"{services_markdown(state.services, noun)}: beyond the slider's {SLIDER_MAX}, "
            "set in the box."
        )
    st.number_input(
        f"{capitalised(noun.plural)} (exact, 1 to {MAX_SERVICES:,})",
        value=None,
        step=1,
        key="services_input",
        on_change=_from_input,
    )
    if state.get("services_problem"):
        st.error(state.services_problem)


# The patterns shown, named in full: Streamlit cuts a chosen option's name at the chip's width
# ("A) Modify "the S3 ro…", every pattern but one at 1280 px); its chips wrap instead, and the
# box grows to show them all rather than scrolling within itself.
SIDEBAR_STYLE = """<style>
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"],
[data-testid="stSidebar"] div:has(> [data-testid="stMultiSelectTagsContainer"]) {max-height: none;}
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] > span > span {
  height: auto; min-height: 28px;}
[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"] > span > span > span {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.35; padding: 3px 0;}
</style>"""


def sidebar(assumptions: Assumptions) -> None:
    patterns = assumptions.patterns
    # A stale id (a pattern no longer offered) formats as None, which Streamlit reads as "not an
    # option" and resets; typed as str, what Streamlit asks of a format_func.
    label = cast("Callable[[Any], str]", {pid: p.label for pid, p in patterns.items()}.get)
    with st.sidebar:
        st.html(SIDEBAR_STYLE)
        st.header("Review settings")
        _service_controls(assumptions.decision.counted)
        st.slider("Horizon (years)", 1, 10, key="horizon")
        low, high = HOURLY_RATE_USD
        st.number_input(
            "Loaded hourly rate (USD)", min_value=low, max_value=high, step=5.0, key="rate"
        )
        st.multiselect("Patterns shown", list(patterns), format_func=label, key="shown")
        st.selectbox("Savings measured against", list(patterns), format_func=label, key="reference")
        st.number_input(
            "Monte Carlo draws",
            min_value=PAGE_DRAWS[0],
            max_value=PAGE_DRAWS[1],
            step=1_000,
            key="draws",
        )
    st.query_params.from_dict(
        {
            "services": str(st.session_state.services),
            "horizon": str(st.session_state.horizon),
            "rate": f"{st.session_state.rate:g}",
            "show": ",".join(st.session_state.shown),
            "ref": st.session_state.reference,
            "draws": str(st.session_state.draws),
            "decision": st.session_state.get("decision_id", ""),
        }
    )
