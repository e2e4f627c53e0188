"""Every key the page keeps in ``st.session_state``, declared once with what it holds.

A Streamlit session's state is a flat dictionary that widgets, callbacks and the page all write.
This is its one list: a key used anywhere in ``dashboard.py`` or ``accesscost/app`` must be
declared here (``tests/app/test_page_state.py`` reads the code and fails on one that is not), so
a new key is added with its meaning, and a reader finds every key in one place. Families of keys
made per pattern, per matrix or per chart are declared by their prefix or suffix.

Who writes what: the settings (count, horizon, rate, shown, reference, draws) are filled once from
``Settings`` (``accesscost.app.view``: the link, else org.yaml) and then by the sidebar; the
what-if starts from ``scenario_start`` and its edits live in the editor's tables, which are the
single source of truth for ``whatif_changes`` / ``whatif_valid`` (``accesscost.app.whatif``).
"""

from __future__ import annotations

PAGE_KEYS: dict[str, str] = {
    # -- the decision (accesscost.app.decisions) --
    "decision": "the sidebar's decision box (only with more than one decision)",
    "decision_id": "the decision reviewed, kept while its box is not drawn",
    "decision_folder": "the folder of the decision reviewed",
    "decision_note": "a link's unknown decision, said once",
    # -- the settings (dashboard.py: init_state, sidebar; accesscost.app.state) --
    "services": "the count reviewed (the slider and the box both set it)",
    "services_slider": "the count slider (to SLIDER_MAX)",
    "services_input": "the exact count box (to MAX_SERVICES)",
    "services_problem": "why the count typed in the box was not taken",
    "horizon": "the horizon slider, years",
    "rate": "the loaded hourly rate box (a what-if on org.labour.hourly_rate_usd)",
    "baseline_rate": "the files' own hourly rate, to tell a rate edit from the baseline",
    "shown": "the patterns shown (present once init_state has run)",
    "reference": "the pattern savings are measured against",
    "draws": "the Monte Carlo draws box",
    "link_settings_note": "the link values init_state could not use, said on the page",
    "last_good": "the last assumption files that loaded, shown while the files are broken",
    # -- the what-if (accesscost.app.state, whatif, scenarios) --
    "scenario_start": "the scenario the editor starts from (the baseline, a loaded one, a link's)",
    "editor_version": "bumped when a scenario is loaded, so every editing widget starts afresh",
    "editor_drawn": "the editor's tables were drawn on this run",
    "scenario_name": "the what-if's name box",
    "scenario_description": "the what-if's description box",
    "whatif_open": "the what-if expander is open",
    "whatif_changes": "the editor's edits, read from its tables",
    "whatif_problems": "why the editor's edits do not apply",
    "whatif_valid": "the last what-if that applied",
    "whatif_valid_changes": "the edits of that what-if, listed under the key figures",
    "flash": "messages to show once, on the next run",
    "link_read": "the share link's what-if was read (once per session)",
    "link_note": "what the share link's what-if could not restore",
    "saved_choice": "the saved scenario picked to load",
    "scenario_upload": "a scenario YAML uploaded",
    "pending_overwrite": "a save that waits for the overwrite to be confirmed",
    "confirm_delete": "the delete confirmation box",
    "download_ready": "the scenario YAML made by the last Download click, with the name typed",
    # -- evidence from the account (accesscost.app.evidence) --
    "evidence_open": "the evidence expander is open",
    "evidence_upload": "the uploaded reports",
    "evidence_found": "what the reports say, waiting to be accepted",
    "evidence_accept": "the accept button",
    "evidence_accepted": "the reports' values were put into the what-if",
    # -- the matrices and their stories (accesscost.app.matrices, risk_matrix, selection) --
    "grid": "the decision matrix's selection, read from the link once",
    "cell": "the count matrix's selected cell",
    "risk": "the risk matrix's selected marker",
    "count_figure": "the figure the pattern x count matrix shows",
    "decision_order": "the decision matrix's sort",
    "count_order": "the count matrix's sort",
    "risk_order": "the risk table's sort",
    "risk_view": "inherent or residual risk in the risk matrix",
    "risk_pattern": "one pattern or all in the risk charts",
    "risk_shape": "the risk matrix as markers or as a 5x5 heat map",
    "risk_chart_seen": "the risk chart's last selection, to tell a new click",
    "story_risk": "the risk marker whose story is open",
    "selection_read": "the link's selections were read (once per session)",
    # -- the sections (dashboard.py, accesscost.app.uncertainty, blueprint, export) --
    "section": "the open tab: FinOps, Uncertainty or Blueprints",
    "tornado_output": "the figure the tornado swings",
    "break_even_first": "the break-even's first pattern",
    "break_even_second": "the break-even's second pattern",
    "blueprint_left": "the left blueprint's pattern",
    "blueprint_right": "the right blueprint's pattern",
    "adr_status": "the decision record's status",
    "adr_decision_makers": "the decision record's decision-makers",
    "adr_consulted": "the decision record's consulted",
    "adr_informed": "the decision record's informed",
    "adr_download": "the decision record's download button",
}

# Keys made per pattern, matrix or chart: (prefix, suffix) -> what each holds.
PAGE_KEY_FAMILIES: dict[tuple[str, str], str] = {
    ("calculation_", ""): "a pattern's show-calculation expander is open",
    ("edit_", ""): "a pattern's (edit_<id>_<version>) or the org's editor table",
    ("story_", ""): "a matrix cell's story (story_<matrix>, story_chart_<matrix>)",
    ("weight_", ""): "a criterion's weight slider",
    ("blueprint_chart_", ""): "a blueprint chart's selection",
    ("", "_written"): "a matrix selection as last written to the link",
}


def declared(key: str) -> bool:
    """Whether ``key`` (or the family it belongs to) is declared above."""
    if key in PAGE_KEYS:
        return True
    return any(
        key.startswith(prefix) and key.endswith(suffix) for prefix, suffix in PAGE_KEY_FAMILIES
    )
