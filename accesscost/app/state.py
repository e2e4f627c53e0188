"""Session state of the what-if editor: one per browser session, never shared.

The editor starts from ``scenario_start`` (the baseline, or a loaded scenario); loading another
scenario replaces it and bumps ``editor_version`` so every editing widget starts afresh.
"""

from __future__ import annotations

import streamlit as st

from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.editor import scenario_changes
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Scenario
from accesscost.inputs.share_link import (
    LINK_FILE,
    LINK_PARAMETER,
    TOO_LONG,
    TOO_LONG_NOTE,
    scenario_from_link,
)

UNTITLED = "Untitled what-if"
SLIDER_MAX = 500  # the services slider's end; the number box goes to MAX_SERVICES


def set_services(count: int) -> None:
    """Set the service count from outside the slider (the box, an accepted import): the count and
    both count widgets, from a callback, before they are drawn. The slider's own callback sets
    only the count and the box: writing the slider's state there pushed values back into it."""
    state = st.session_state
    state.services = state.services_input = count
    state.services_slider = min(count, SLIDER_MAX)


def init_whatif(baseline_rate: float) -> None:
    state = st.session_state
    if "scenario_start" in state:
        return
    state.scenario_start = Scenario(name=UNTITLED)
    state.editor_version = 0
    state.scenario_name = UNTITLED
    state.scenario_description = ""
    state.flash = []
    state.baseline_rate = baseline_rate


def keep_scenario_fields() -> None:
    """Keep the scenario's name and description while their widgets are not drawn (the editor
    closed): Streamlit forgets a widget's value when a run does not draw it."""
    state = st.session_state
    for key in ("scenario_name", "scenario_description"):
        if key in state:
            state[key] = state[key]


def start_from(scenario: Scenario) -> None:
    """Load a scenario into the editor (call from a widget callback, before widgets render)."""
    state = st.session_state
    state.pop("link_note", None)  # what a share link could not restore no longer applies
    state.scenario_start = scenario
    state.editor_version += 1
    state.scenario_name = scenario.name
    state.scenario_description = scenario.description
    rate = scenario.overrides.org.get("labour", {}).get("hourly_rate_usd")
    state.rate = float(rate) if isinstance(rate, int | float) else state.baseline_rate


def restore_from_link(files: tuple, baseline: Assumptions) -> None:
    """Once per session: the what-if a share link carries becomes where the editor starts, with
    its edits listed; a link that cannot be restored leaves a note saying what was dropped."""
    state = st.session_state
    token = st.query_params.get(LINK_PARAMETER)
    if state.get("link_read") or not token:
        state.link_read = True
        return
    state.link_read = True
    if token == TOO_LONG:
        state.link_note = TOO_LONG_NOTE
        return
    try:
        scenario = scenario_from_link(token)
        apply_scenario(files, scenario, LINK_FILE)
        unguarded = scenario.model_copy(update={"guardrails": {}})
        changes = scenario_changes(baseline, apply_scenario(files, unguarded, LINK_FILE))
    except AssumptionErrors as errors:
        state.link_note = (
            "The link's what-if was dropped, so the page shows the baseline with the link's "
            "settings. Why:\n" + problem_list(errors)
        )
        return
    start_from(scenario)
    state.whatif_valid_changes = changes


def problem_list(errors) -> str:
    """An ``AssumptionErrors``' problems as a Markdown list, one ``file: field: reason`` each, as
    text (no code span: a backtick in the echoed input would close it)."""
    return "\n".join(f"- {markdown_literal(problem)}" for problem in errors.problems)


def flash(kind: str, message: str) -> None:
    st.session_state.flash.append((kind, message))


def show_flash() -> None:
    for kind, message in st.session_state.flash:
        getattr(st, kind)(message)
    st.session_state.flash = []
