"""The what-if expander: the editor and the scenarios tabs, drawn only while open."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from accesscost.app.cache import (
    WHATIF,
    whatif_assumptions,
)
from accesscost.app.scenarios import scenario_panel
from accesscost.app.state import (
    problem_list,
)
from accesscost.app.whatif import closed_editor, editor, keep_edits
from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Scenario, scenario_yaml


def whatif_tabs(files, baseline: Assumptions, folder: Path) -> Scenario:
    """The editor and scenario tabs; returns the last valid what-if scenario."""
    state = st.session_state

    def validate(scenario: Scenario, file: str = WHATIF) -> None:
        """Raise for a scenario that does not apply; the editor's own what-if goes through the
        cache the page reads next, so a valid edit is applied once, not twice."""
        if file == WHATIF:
            whatif_assumptions(files, scenario_yaml(scenario))
        else:
            apply_scenario(files, scenario, file)

    start = state.scenario_start
    start_only = Scenario(name=start.name, overrides=start.overrides)
    try:
        start_assumptions = whatif_assumptions(files, scenario_yaml(start_only))
    except AssumptionErrors as errors:
        st.error("The loaded scenario no longer applies:\n\n" + problem_list(errors))
        start_assumptions = baseline
    edit_tab, scenario_tab = st.tabs(["What-if editor", "Scenarios"])
    with edit_tab:
        candidate = editor(baseline, start_assumptions, validate)
    if not state.whatif_problems:
        state.whatif_valid = candidate
        state.whatif_valid_changes = list(state.whatif_changes)
    valid = state.get("whatif_valid", candidate)
    with scenario_tab:
        scenario_panel(folder / "scenarios", valid, validate)
    return valid


def whatif(files, baseline: Assumptions, folder: Path) -> Scenario:
    """The what-if editor in an expander that draws its tables only while open (they are half of
    the page's elements); closed, the what-if stays where the editor left it."""
    state = st.session_state
    label = "What-if: edit assumptions, switch guardrails on, save and load scenarios"
    with st.expander(label, key="whatif_open", on_change="rerun") as box:
        if box.open:
            state.editor_drawn = True
            return whatif_tabs(files, baseline, folder)
    keep_edits()
    scenario = closed_editor(state.scenario_start)
    state.whatif_valid, state.whatif_valid_changes = scenario, list(state.whatif_changes)
    return scenario
