"""Scenario management: save, load, delete, reset, download and upload what-if scenarios.

Every action that changes what the editor starts from runs in a widget callback, before the
widgets of the next run are drawn. Files are written only into the scenarios folder, atomically;
an upload is size-capped and validated against the baseline before anything uses it, and an
upload is never written unless the user saves it.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path

import streamlit as st

from accesscost.app.state import UNTITLED, flash, problem_list, show_flash, start_from
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal as md
from accesscost.inputs.documents import validate_document
from accesscost.inputs.scenario import (
    MAX_DESCRIPTION,
    MAX_SCENARIO_BYTES,
    Scenario,
    scenario_from_bytes,
    scenario_yaml,
)
from accesscost.inputs.scenario_files import (
    ScenarioExists,
    delete_scenario,
    list_scenarios,
    load_scenario,
    save_scenario,
    scenario_slug,
)

MAX_UPLOAD_MB = 1  # the server refuses larger uploads (also server.maxUploadSize, config.toml)


def _as_named_now(scenario: Scenario) -> Scenario:
    """``scenario`` under the name and description in the widgets now. A click that arrives with
    a freshly typed name carries the scenario as drawn before it, under the old name."""
    state = st.session_state
    name = str(state.get("scenario_name", "")).strip() or UNTITLED
    description = str(state.get("scenario_description", scenario.description))
    fields = {
        "name": name,
        "description": description,
        "overrides": scenario.overrides,
        "guardrails": scenario.guardrails,
    }
    return validate_document(Scenario, fields, "scenario")  # a description too long is refused


def _save(folder: Path, drawn: Scenario, overwrite: bool) -> None:
    try:
        scenario = _as_named_now(drawn)
        path = save_scenario(folder, scenario, overwrite=overwrite)
    except ScenarioExists:
        st.session_state.pending_overwrite = scenario.name
        return
    except AssumptionErrors as errors:
        flash("error", "Not saved:\n" + problem_list(errors))
        return
    st.session_state.pending_overwrite = None
    flash("success", f"Saved scenario “{md(scenario.name)}” as {md(path.name)}.")


def _load(path: Path, validate) -> None:
    try:
        scenario = load_scenario(path, within=path.parent.parent)  # no symlink out of the folder
        validate(scenario, str(path))
    except AssumptionErrors as errors:
        flash("error", f"Could not load {md(path.name)}:\n" + problem_list(errors))
        return
    start_from(scenario)
    flash("success", f"Loaded scenario “{md(scenario.name)}”.")


def _delete(folder: Path, path: Path) -> None:
    if not st.session_state.get("confirm_delete"):
        flash("warning", "Tick “Yes, delete it” first.")
        return
    try:
        delete_scenario(folder, path)
    except AssumptionErrors as errors:
        flash("error", problem_list(errors))
        return
    st.session_state.confirm_delete = False
    flash("success", f"Deleted {md(path.name)}.")


def _upload(validate) -> None:
    upload = st.session_state.get("scenario_upload")
    if upload is None:
        return
    try:
        scenario = scenario_from_bytes(upload.getvalue(), upload.name)  # refused by size first
        validate(scenario, upload.name)
    except AssumptionErrors as errors:
        message = f"Upload {md(upload.name)} not used, nothing written:\n"
        flash("error", message + problem_list(errors))
        return
    start_from(scenario)
    name, file = md(scenario.name), md(upload.name)
    flash("success", f"Loaded “{name}” from {file} (not saved until you save it).")


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
    _download_controls(columns[2], current)
    pending = st.session_state.get("pending_overwrite")
    if pending and pending == current.name:
        st.warning(f"A scenario named {_slug_or(pending)}.yaml already exists. Replace it?")
        if st.button("Replace it"):
            _save(folder, current, True)
    show_flash()


def _download_file(current: Scenario) -> tuple[str, str]:
    """``current`` as a file to download, named from the widgets now: its name and its text."""
    scenario = _as_named_now(current).model_copy(update={"evidence": current.evidence})
    return f"{_slug_or(scenario.name)}.yaml", scenario_yaml(scenario)


def _download_controls(column, current: Scenario) -> None:
    """Download YAML: one click downloads the file, named from the name just typed.

    A download button's file is made on the run before the click: a name or description typed
    and downloaded at once (the click blurs the box, which commits it only then) gave the old
    name. So Download YAML is a plain button, whose click carries what was typed, like Save; the
    run it starts makes the file and hands it to the browser (``_start_download``). The file
    stays offered under its own name, should the browser not start it, until the what-if, its
    name or description change."""
    state = st.session_state
    if column.button("Download YAML"):
        try:
            state.download_ready = _download_file(current)
        except AssumptionErrors as errors:
            flash("error", "Not downloaded:\n" + problem_list(errors))
        else:
            _start_download(column, *state.download_ready)
    ready = state.get("download_ready")
    if ready is None or ready != _file_now(current):
        state.download_ready = None
        return
    name, text = ready
    mime, label = "application/x-yaml", f"Download {name}"
    column.download_button(label, text, name, mime, type="primary", on_click="ignore")


# Hands a file to the browser as a download, once: the file's name and text arrive base64-encoded
# (nothing typed reaches the script as code); a fresh token makes each click's script new.
START_DOWNLOAD = """<script data-click="{click}">
(() => {{
  const bytes = Uint8Array.from(atob("{text}"), c => c.charCodeAt(0));
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([bytes], {{type: "application/x-yaml"}}));
  link.download = new TextDecoder().decode(Uint8Array.from(atob("{name}"), c => c.charCodeAt(0)));
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}})();
</script>"""


def _start_download(column, name: str, text: str) -> None:
    """Start the browser's download of ``text`` as ``name`` from this run (the click's)."""
    encoded = {
        "name": base64.b64encode(name.encode()).decode(),
        "text": base64.b64encode(text.encode()).decode(),
    }
    script = START_DOWNLOAD.format(click=secrets.token_hex(8), **encoded)
    with column:
        st.html(script, unsafe_allow_javascript=True)


def _file_now(current: Scenario) -> tuple[str, str] | None:
    try:
        return _download_file(current)
    except AssumptionErrors:
        return None


def _slug_or(name: str) -> str:
    try:
        return scenario_slug(name)
    except AssumptionErrors:
        return "scenario"


def _title(path: Path, folder: Path) -> str:
    """A saved scenario as the list shows it: its name, then its file (it was the file stem)."""
    try:
        name = load_scenario(path, within=folder).name
    except AssumptionErrors:
        return f"{path.name} (cannot be read; Load says why)"
    return f"{name} ({path.name})"


def _saved_controls(folder: Path, validate) -> None:
    saved = list_scenarios(folder)
    if not saved:
        st.caption(f"No saved scenarios in {md(folder.name)} yet.")
        return
    titles = {path: _title(path, folder) for path in saved}
    path = st.selectbox(
        "Saved scenarios", saved, format_func=titles.__getitem__, key="saved_choice"
    )
    columns = st.columns([1, 1, 2])
    columns[0].button("Load", on_click=_load, args=(path, validate))
    columns[1].button("Delete", on_click=_delete, args=(folder, path))
    columns[2].checkbox("Yes, delete it", key="confirm_delete")


def scenario_panel(folder: Path, current: Scenario, validate) -> None:
    """Scenario controls; ``validate(scenario, file)`` raises for a scenario that will not apply."""
    show_flash()
    st.text_input("Scenario name", key="scenario_name", max_chars=80)
    st.text_area("Description", key="scenario_description", height=80, max_chars=MAX_DESCRIPTION)
    _save_controls(folder, current)
    st.divider()
    _saved_controls(folder, validate)
    st.file_uploader(
        f"Upload a scenario YAML (at most {MAX_SCENARIO_BYTES // 1024} KiB; the server refuses "
        f"any upload over {MAX_UPLOAD_MB} MB)",
        type=["yaml", "yml"],
        max_upload_size=MAX_UPLOAD_MB,
        key="scenario_upload",
        on_change=_upload,
        args=(validate,),
    )
