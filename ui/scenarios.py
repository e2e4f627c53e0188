"""Scenario management: save, load, delete, reset, download and upload what-if scenarios.

Every action that changes what the editor starts from runs in a widget callback, before the
widgets of the next run are drawn. Files are written only into the scenarios folder, atomically;
an upload is size-capped and validated against the baseline before anything uses it, and an
upload is never written unless the user saves it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from models.errors import AssumptionErrors
from models.scenario import (
    MAX_SCENARIO_BYTES,
    Scenario,
    ScenarioExists,
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
    scenario_from_bytes,
    scenario_slug,
    scenario_yaml,
)
from ui.state import UNTITLED, flash, problem_list, show_flash, start_from


def _as_named_now(scenario: Scenario) -> Scenario:
    """``scenario`` under the name and description in the widgets now. A click that arrives with
    a freshly typed name carries the scenario as drawn before it, under the old name."""
    state = st.session_state
    name = str(state.get("scenario_name", "")).strip() or UNTITLED
    description = str(state.get("scenario_description", scenario.description))
    return scenario.model_copy(update={"name": name, "description": description})


def _save(folder: Path, drawn: Scenario, overwrite: bool) -> None:
    scenario = _as_named_now(drawn)
    try:
        path = save_scenario(folder, scenario, overwrite=overwrite)
    except ScenarioExists:
        st.session_state.pending_overwrite = scenario.name
        return
    except AssumptionErrors as errors:
        flash("error", "Not saved:\n" + problem_list(errors))
        return
    st.session_state.pending_overwrite = None
    flash("success", f"Saved scenario “{scenario.name}” as {path.name}.")


def _load(path: Path, validate) -> None:
    try:
        scenario = load_scenario(path)
        validate(scenario, str(path))
    except AssumptionErrors as errors:
        flash("error", f"Could not load {path.name}:\n" + problem_list(errors))
        return
    start_from(scenario)
    flash("success", f"Loaded scenario “{scenario.name}”.")


def _delete(folder: Path, path: Path) -> None:
    if not st.session_state.get("confirm_delete"):
        flash("warning", "Tick “Yes, delete it” first.")
        return
    try:
        delete_scenario(folder, path.stem)
    except AssumptionErrors as errors:
        flash("error", problem_list(errors))
        return
    st.session_state.confirm_delete = False
    flash("success", f"Deleted {path.name}.")


def _upload(validate) -> None:
    upload = st.session_state.get("scenario_upload")
    if upload is None:
        return
    try:
        scenario = scenario_from_bytes(upload.getvalue(), upload.name)  # refused by size first
        validate(scenario, upload.name)
    except AssumptionErrors as errors:
        flash("error", f"Upload {upload.name} not used, nothing written:\n" + problem_list(errors))
        return
    start_from(scenario)
    flash("success", f"Loaded “{scenario.name}” from {upload.name} (not saved until you save it).")


def _reset() -> None:
    start_from(Scenario(name=UNTITLED))
    flash("info", "Back to the baseline: every edit and guardrail cleared.")


def _save_controls(folder: Path, current: Scenario) -> None:
    """Save runs in the script, not in a callback: a callback gets the scenario as the button
    was drawn on an earlier run, so a name typed or a guardrail switched just before the click
    was lost; here ``current`` is this run's what-if, with every widget's newest value."""
    columns = st.columns(3)
    if columns[0].button("Save scenario"):
        _save(folder, current, False)
    columns[1].button("Reset to baseline", on_click=_reset)
    columns[2].download_button(
        "Download YAML",
        data=scenario_yaml(current),
        file_name=f"{_slug_or(current.name)}.yaml",
        mime="application/x-yaml",
    )
    pending = st.session_state.get("pending_overwrite")
    if pending and pending == current.name:
        st.warning(f"A scenario named {_slug_or(pending)}.yaml already exists. Replace it?")
        if st.button("Replace it"):
            _save(folder, current, True)
    show_flash()


def _slug_or(name: str) -> str:
    try:
        return scenario_slug(name)
    except AssumptionErrors:
        return "scenario"


def _saved_controls(folder: Path, validate) -> None:
    saved = list_scenarios(folder)
    if not saved:
        st.caption(f"No saved scenarios in `{folder}` yet.")
        return
    path = st.selectbox("Saved scenarios", saved, format_func=lambda p: p.stem, key="saved_choice")
    columns = st.columns([1, 1, 2])
    columns[0].button("Load", on_click=_load, args=(path, validate))
    columns[1].button("Delete", on_click=_delete, args=(folder, path))
    columns[2].checkbox("Yes, delete it", key="confirm_delete")


def scenario_panel(folder: Path, current: Scenario, validate) -> None:
    """Scenario controls; ``validate(scenario, file)`` raises for a scenario that will not apply."""
    show_flash()
    st.text_input("Scenario name", key="scenario_name", max_chars=80)
    st.text_area("Description", key="scenario_description", height=80)
    _save_controls(folder, current)
    st.divider()
    _saved_controls(folder, validate)
    st.file_uploader(
        f"Upload a scenario YAML (at most {MAX_SCENARIO_BYTES // 1024} KiB)",
        type=["yaml", "yml"],
        key="scenario_upload",
        on_change=_upload,
        args=(validate,),
    )
