"""The what-if editor: org values and every pattern's line items as editable tables.

Each edit becomes scenario overrides (``accesscost.inputs.editor``), is validated on the spot
against the
baseline (``accesscost.inputs.applying.apply_scenario``), and an invalid edit shows its reason
under its table
while the page keeps the last valid what-if.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from accesscost.app.state import problem_list
from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.safe_text import markdown_literal as md
from accesscost.inputs.documents import validate_document
from accesscost.inputs.editor import (
    Change,
    org_overrides,
    org_rows,
    pattern_overrides,
    pattern_rows,
)
from accesscost.inputs.fields import FREQUENCY_PATTERN
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Overrides, Scenario, standing_evidence
from accesscost.inputs.settings import RATE_EPSILON_USD

NUMBER_FORMAT = "%g"  # a number as typed: no fixed decimals, no thousands separators
VALUE_HELP = "a fixed value; leave empty and fill low/high (or low/mode/high) for a range"
MODE_HELP = "empty: {low, high} is a lognormal 90% interval; filled: a PERT range"
GUARDRAILS_NOTE = (
    "**Guardrails** (seed, *Real World*): each adds its own cost and scales down the risks it "
    "mitigates."
)


def _pattern_columns() -> dict:
    config = st.column_config
    return {
        "section": config.TextColumn("section", disabled=True),
        "item": config.TextColumn("item", disabled=True, width="large", pinned=True),
        "field": config.TextColumn("field", disabled=True),
        "per": config.TextColumn("per", disabled=True),
        "frequency": config.TextColumn(
            "frequency", validate=FREQUENCY_PATTERN, help="daily … yearly, or every <d> days"
        ),
        "value": config.NumberColumn("value", help=VALUE_HELP, format=NUMBER_FORMAT),
        "low": config.NumberColumn("low", format=NUMBER_FORMAT),
        "mode": config.NumberColumn("mode", help=MODE_HELP, format=NUMBER_FORMAT),
        "high": config.NumberColumn("high", format=NUMBER_FORMAT),
        "source": config.TextColumn("source", disabled=True, width="large"),
    }


# The item pinned at the left, then the columns one edits, then the context: at 1280 px the
# editable columns were off-screen to the right, and scrolling to them hid the item names.
PATTERN_COLUMN_ORDER = (
    "item",
    "field",
    "value",
    "low",
    "mode",
    "high",
    "frequency",
    "per",
    "section",
    "source",
)


def _records(edited: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in edited.to_dict("records")
    ]


def _org_tab(baseline: Assumptions, start: Assumptions, version: int, problems: list) -> dict:
    st.caption("The loaded hourly rate is set in the sidebar and saved with the scenario.")
    edited = st.data_editor(
        pd.DataFrame(org_rows(start)),
        key=f"edit_org_{version}",
        hide_index=True,
        num_rows="fixed",
        disabled=["field", "meaning"],
        column_config={"value": st.column_config.NumberColumn("value", format="%g")},
    )
    try:
        overrides, changes = org_overrides(org_rows(baseline), _records(edited))
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        return {}
    st.session_state.whatif_changes.extend(changes)
    return overrides


def _pattern_tab(pid: str, baseline: Assumptions, start: Assumptions, version: int, problems: list):
    pattern = start.patterns[pid]
    st.caption(md(pattern.summary))
    edited = st.data_editor(
        pd.DataFrame(pattern_rows(pattern)),
        key=f"edit_{pid}_{version}",
        hide_index=True,
        num_rows="fixed",
        column_config=_pattern_columns(),
        column_order=PATTERN_COLUMN_ORDER,
    )
    toggles = _guardrail_toggles(pid, baseline, version)
    try:
        overrides, changes = pattern_overrides(
            pid, pattern_rows(baseline.patterns[pid]), _records(edited)
        )
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        return {}, toggles
    st.session_state.whatif_changes.extend(changes)
    return overrides, toggles


def _guardrail_toggles(pid: str, baseline: Assumptions, version: int) -> list[str]:
    applicable = [g for g in baseline.guardrails.values() if pid in g.applies_to]
    if not applicable:
        return []
    st.markdown(GUARDRAILS_NOTE)
    start = st.session_state.scenario_start.guardrails.get(pid, [])
    chosen = []
    for guardrail in applicable:
        key = f"guard_{pid}_{guardrail.id}_{version}"
        label, help_text = md(guardrail.name), md(guardrail.summary)
        if st.toggle(label, value=guardrail.id in start, key=key, help=help_text):
            chosen.append(guardrail.id)
    return chosen


RATE_CHANGE = "org.labour.hourly_rate_usd (sidebar)"


def closed_editor(start: Scenario) -> Scenario:
    """The what-if while the editor is closed (its tables are not drawn): where the editor left
    it (``start``, see ``keep_edits``), with the sidebar's hourly rate as the editor applies it."""
    state = st.session_state
    state.whatif_changes = [
        change for change in state.get("whatif_valid_changes", []) if change.where != RATE_CHANGE
    ]
    overrides = start.overrides.model_copy(update={"org": _rate_override(start.overrides.org)})
    return start.model_copy(update={"overrides": overrides})


def keep_edits() -> None:
    """When the editor has just been closed, its last valid what-if becomes where the tables
    start when it reopens: a table not drawn forgets its edits. Call on every run with the editor
    closed (no callback: it must hold however the expander was closed)."""
    state = st.session_state
    if state.get("editor_drawn") and "whatif_valid" in state:
        state.scenario_start = state.whatif_valid
        state.editor_version += 1
    state.editor_drawn = False


def _rate_override(org: dict) -> dict:
    """``org`` overrides with the sidebar's hourly rate in place of any rate they held."""
    state = st.session_state
    org = dict(org)
    labour = {k: v for k, v in org.pop("labour", {}).items() if k != "hourly_rate_usd"}
    if abs(float(state.rate) - float(state.baseline_rate)) > RATE_EPSILON_USD:
        state.whatif_changes.append(Change(RATE_CHANGE, state.baseline_rate, state.rate))
        labour["hourly_rate_usd"] = float(state.rate)
    return {**org, "labour": labour} if labour else org


def _show_problems(box, problems: list[Problem], prefix: str) -> None:
    mine = [p for p in problems if p.field.startswith(prefix)]
    if mine:
        box.error(
            "Not applied, the page keeps the last valid what-if:\n\n"
            + "\n".join(f"- {md(p.field)}: {md(p.reason)}" for p in mine)
        )


def _candidate(fields: dict, box, problems: list) -> Scenario:
    """The what-if with the description typed; one too long to save is reported in ``box`` and
    counted among ``problems`` (the page keeps the last valid what-if), never saved empty."""
    description = st.session_state.scenario_description
    try:
        return validate_document(Scenario, {**fields, "description": description}, "scenario")
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        box.error("Not applied:\n\n" + problem_list(errors))
        return Scenario(**fields)


def _edit_tabs(baseline: Assumptions, start: Assumptions, problems: list[Problem]):
    """One tab for the org and one per pattern, each with the box its problems go into; returns
    the org's edits, each pattern's overrides and guardrail toggles, and the boxes."""
    version, ids = st.session_state.editor_version, list(baseline.patterns)
    tabs = st.tabs(["Organisation", *(md(baseline.patterns[pid].label) for pid in ids)])
    boxes = {}
    with tabs[0]:
        org = _org_tab(baseline, start, version, problems)
        boxes["org"] = st.empty()
    patterns, guardrails = {}, {}
    for tab, pid in zip(tabs[1:], ids, strict=True):
        with tab:
            overrides, toggles = _pattern_tab(pid, baseline, start, version, problems)
            boxes[pid] = st.empty()
        if overrides:
            patterns[pid] = overrides
        if toggles:
            guardrails[pid] = toggles
    return org, patterns, guardrails, boxes


def _show_all_problems(boxes: dict, problems: list[Problem]) -> None:
    """Each problem under the tab of the org or the pattern it is about."""
    for prefix in ("org.", "overrides.org.", "overrides.units."):
        _show_problems(boxes["org"], problems, prefix)
    for pid in (key for key in boxes if key != "org"):
        for prefix in (f"{pid}.", f"overrides.patterns.{pid}.", f"guardrails.{pid}"):
            _show_problems(boxes[pid], problems, prefix)


def editor(baseline: Assumptions, start: Assumptions, validate) -> Scenario:
    """Render the editor; return the what-if scenario the edits amount to (maybe invalid).

    ``validate(scenario)`` raises ``AssumptionErrors`` for an invalid what-if.
    """
    state = st.session_state
    state.whatif_changes = []
    problems: list[Problem] = []
    changes_box = st.container()
    org, patterns, guardrails, boxes = _edit_tabs(baseline, start, problems)
    units = org.pop("units", {})  # the table's units.<key> rows: decision.yaml's unit counts
    overrides = Overrides(org=_rate_override(org), patterns=patterns, units=units)
    fields = dict(
        name=state.scenario_name.strip() or "Untitled what-if",
        overrides=overrides,
        guardrails=guardrails,
        evidence=standing_evidence(state.scenario_start, overrides),
    )
    candidate = _candidate(fields, changes_box, problems)
    if not problems:
        try:
            validate(candidate)
        except AssumptionErrors as errors:
            problems = errors.problems
    state.whatif_problems = problems
    if state.whatif_changes:
        changes_box.info(
            "**Edited** (compared with the baseline files):\n"
            + "\n".join(f"- ✎ {md(change)}" for change in state.whatif_changes)
        )
    _show_all_problems(boxes, problems)
    return candidate
