"""The review page: ``streamlit run dashboard.py``.

The page's order, top to bottom: the decision and its files, the settings (``accesscost.app.
sidebar``), the what-if (``whatif_section``), the link, then the review (``review``: key
figures, matrices, sections, export). Every number comes from ``accesscost.model``, every figure
from ``accesscost.figures``. The assumptions folder is ``assumptions/`` beside this file, or
``$ASSUMPTIONS_DIR``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st

from accesscost.app.cache import (
    load_assumptions,
    whatif_assumptions,
)
from accesscost.app.decisions import choose_decision
from accesscost.app.evidence import evidence
from accesscost.app.layout import page_style
from accesscost.app.review import loaded_files, review
from accesscost.app.risk_matrix import risk_of
from accesscost.app.selection import (
    keep_in_link,
    restore_selection,
    take_count_click,
    take_decision_click,
)
from accesscost.app.sidebar import init_state, sidebar
from accesscost.app.state import (
    UNTITLED,
    init_whatif,
    keep_scenario_fields,
    problem_list,
    restore_from_link,
    set_services,
)
from accesscost.app.view import PageView, page_settings
from accesscost.app.whatif_section import whatif
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.words import services_markdown
from accesscost.evidence.importing import DECISION as EVIDENCE_DECISION
from accesscost.inputs.loading import Assumptions, read_folder
from accesscost.inputs.scenario import BASELINE, Scenario, scenario_yaml
from accesscost.inputs.share_link import LINK_PARAMETER, MAX_LINK_CHARS, TOO_LONG, link_token
from accesscost.model.limits import within_limits

HERE = Path(__file__).resolve().parent


def assumptions_dir() -> Path:
    return Path(os.environ.get("ASSUMPTIONS_DIR", HERE / "assumptions"))


def load_baseline(folder: Path) -> tuple[tuple, Assumptions]:
    """The folder as it is now; if a file is broken, its problems and the last good files."""
    files = read_folder(folder)
    try:
        baseline = load_assumptions(files)
    except AssumptionErrors as errors:
        st.error("The assumption files have problems:\n\n" + problem_list(errors))
        if "last_good" not in st.session_state:
            st.stop()
        files, read_at = st.session_state.last_good
        st.warning(
            f"The figures below are from the last good assumption files, read at "
            f"{read_at:%H:%M:%S} UTC; fix the files above and the page follows."
        )
        return files, load_assumptions(files)
    st.session_state.last_good = (files, datetime.now(UTC))
    return files, baseline


def follow_files(baseline: Assumptions) -> None:
    """Keep the sidebar within the patterns and the hourly rate of the files as they are now
    (a pattern file deleted, org.yaml edited while the page is open)."""
    state, ids = st.session_state, list(baseline.patterns)
    state.shown = [pid for pid in state.shown if pid in ids]
    if state.reference not in ids:
        state.reference = baseline.org.reference_pattern
    rate = float(baseline.org.labour.hourly_rate_usd.mean())
    if rate != state.baseline_rate:
        if state.rate == state.baseline_rate:
            state.rate = rate
        state.baseline_rate = rate


def applied(files, scenario: Scenario) -> tuple[Scenario, Assumptions]:
    """The what-if applied to the files; one that no longer applies (a file changed under it)
    is reported and the baseline shown."""
    scenario_text = "" if scenario.is_empty else scenario_yaml(scenario)
    try:
        return scenario, whatif_assumptions(files, scenario_text)
    except AssumptionErrors as errors:
        st.error(
            "The what-if no longer applies to the files; showing the baseline:\n\n"
            + problem_list(errors)
        )
        return BASELINE, whatif_assumptions(files, "")


def _sidebar_only(scenario: Scenario) -> bool:
    """True for the baseline, or an untitled what-if that only sets the sidebar's hourly rate
    (the link's ``rate`` carries that)."""
    org, labour = scenario.overrides.org, scenario.overrides.org.get("labour", {})
    return (
        scenario.name in (UNTITLED, BASELINE.name)
        and not (scenario.description or scenario.overrides.patterns or scenario.guardrails)
        and set(org) <= {"labour"}
        and set(labour) <= {"hourly_rate_usd"}
    )


def share_link(scenario: Scenario) -> None:
    """The what-if goes into the link (the sidebar's settings are there already), so a shared
    link or a reload opens the same what-if; one too long for a link says so."""
    for key in ("link_settings_note", "link_note"):  # what the link could not restore
        if st.session_state.get(key):
            st.warning(st.session_state[key])
    if _sidebar_only(scenario):
        st.query_params.pop(LINK_PARAMETER, None)
        return
    token = link_token(scenario)
    st.query_params[LINK_PARAMETER] = token or TOO_LONG
    if not token:
        st.warning(
            f"This what-if is too long for a share link (over {MAX_LINK_CHARS:,} characters "
            "packed): the link carries the settings only, so a reload or the link opens the "
            "baseline and says so. Save or download the scenario to keep it."
        )


def start_session(files, baseline: Assumptions) -> None:
    """Session state from the link (or the defaults), once; what the page was clicked to
    change, before the widgets it sets are drawn."""
    init_state(baseline)
    init_whatif(float(baseline.org.labour.hourly_rate_usd.mean()))
    restore_from_link(files, baseline)
    restore_selection(risk_of(baseline))
    keep_scenario_fields()
    follow_files(baseline)
    take_decision_click()
    take_count_click(set_services)  # a column picked sets the count before its widgets are drawn


def page_view(baseline: Assumptions, files, scenario: Scenario, shown: list[str]) -> PageView:
    """The sidebar's settings (as the CLI's ``Settings``) and the what-if, as the caches' keys."""
    state = st.session_state
    settings = page_settings(
        baseline,
        services=state.services,
        horizon=state.horizon,
        rate=state.rate,
        shown=shown or None,
        reference=state.reference,
        draws=state.draws,
    )
    unguarded = scenario.model_copy(update={"guardrails": {}})
    return PageView(
        settings,
        files,
        "" if scenario.is_empty else scenario_yaml(scenario),
        "" if unguarded.is_empty else scenario_yaml(unguarded),
        scenario.guardrails,
        baseline.decision.counted,
    )


def main() -> None:
    st.set_page_config(page_title="Access review: cost and risk", layout="wide")
    page_style()
    folder = choose_decision(assumptions_dir())
    files, baseline = load_baseline(folder)
    st.title(baseline.decision.question)
    start_session(files, baseline)
    sidebar(baseline)
    state = st.session_state
    shown = [pid for pid in baseline.patterns if pid in state.shown]
    st.caption(
        f"{services_markdown(state.services, baseline.decision.counted)}, {state.horizon}-year "
        f"horizon, ${state.rate:,.0f} an "
        f"hour; savings against {md(baseline.patterns[state.reference].label)}."
    )
    figures_box = st.container()
    if baseline.decision.id == EVIDENCE_DECISION:  # the importers map onto this decision only
        evidence(files, baseline)
    scenario = whatif(files, baseline, folder)
    scenario, assumptions = applied(files, scenario)
    assumptions = within_limits(assumptions, state.services)
    share_link(scenario)
    if not shown:
        st.warning("Choose at least one pattern to show in the sidebar.")
    else:
        view = page_view(baseline, files, scenario, shown)
        review(view, assumptions, scenario, shown, figures_box)
    keep_in_link()
    loaded_files(baseline, folder)


main()
