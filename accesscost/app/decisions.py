"""Which decision the page reviews: ``?decision=<id>`` when the page opens, then the sidebar's
choice, shown only when the assumptions folder holds more than one decision.

Switching keeps the count and the hourly rate and resets the rest (patterns shown, reference,
horizon, draws, the what-if): none of them carries over to another decision's patterns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import streamlit as st

from accesscost.app.state import problem_list
from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.decisions import DecisionEntry, list_decisions

# kept on a switch; ``decision_id`` holds the choice on a run that does not draw its box
KEPT = {"decision", "decision_id", "services", "services_input", "services_slider", "rate"}


def _entries(root: Path) -> list[DecisionEntry] | None:
    """The folder's decisions; None when a decision file is broken and the page has shown one
    before (its folder is read again, and reports the problem beside the last good figures)."""
    try:
        return list_decisions(root)
    except AssumptionErrors as errors:
        if "decision_folder" in st.session_state:
            return None
        st.error("The decision files have problems:\n\n" + problem_list(errors))
        st.stop()
        raise  # st.stop() ends the run; for type checkers


def _switched() -> None:
    """The sidebar's decision changed: keep what applies to any decision, drop the rest."""
    for key in list(st.session_state):
        if key not in KEPT:
            del st.session_state[key]


def choose_decision(root: Path) -> Path:
    """The folder of the decision to review (the root's own unless chosen otherwise)."""
    state = st.session_state
    if "decision" not in state and "decision_id" in state:
        state.decision = state.decision_id  # its box was not drawn on the last run
    entries = _entries(root)
    if entries is None:
        return state.decision_folder
    ids = [entry.id for entry in entries]
    if state.get("decision") not in ids:
        wanted = st.query_params.get("decision", ids[0])
        if wanted not in ids:
            state.decision_note = f"No decision {wanted!r} here; showing {ids[0]!r}."
        state.decision = wanted if wanted in ids else ids[0]
    if len(entries) > 1:
        titles = {entry.id: entry.title or entry.id for entry in entries}
        # a stale id formats as None, which Streamlit reads as "not an option" and resets
        title = cast("Callable[[Any], str]", titles.get)
        st.sidebar.selectbox(
            "Decision", ids, format_func=title, key="decision", on_change=_switched
        )
    if state.get("decision_note"):
        st.warning(state.pop("decision_note"))
    state.decision_id = state.decision
    state.decision_folder = next(entry.folder for entry in entries if entry.id == state.decision)
    return state.decision_folder
