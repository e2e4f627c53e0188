""" "Ground it in your account": upload exported files, see what they say, use it as the what-if.

The uploads are read in memory (``accesscost.evidence``), never written; what was found is shown as
a table of counts and the proposed scenario as YAML, both as plain text. Accepting it loads it
into the what-if (and sets the service count), from where it saves like any scenario.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from accesscost.app.state import set_services, start_from
from accesscost.core.errors import AssumptionErrors
from accesscost.evidence import MAX_EVIDENCE_BYTES
from accesscost.evidence.importing import proposal_for, read_uploads
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.scenario import Scenario, scenario_yaml

HELP = (
    "IAM credential report (aws iam get-credential-report, the CSV), ECS task definitions "
    "(aws ecs describe-task-definition JSON, one or a list) and Prowler findings (json-ocsf or "
    "csv). Read in memory only: nothing is stored, and no user name, ARN, account or key id is "
    f"kept, only counts. At most {MAX_EVIDENCE_BYTES // 2**20} MiB a file."
)


def _accept(scenario: Scenario) -> None:
    state = st.session_state
    start_from(scenario)
    services = scenario.overrides.org.get("default_services")
    if isinstance(services, int):
        set_services(services)
    state.evidence_accepted = scenario.name


def _show_problems(errors: AssumptionErrors) -> None:
    st.error("Not used, nothing stored: these files could not be read.")
    st.code("\n".join(str(problem) for problem in errors.problems), language=None)


def evidence_section(files, baseline: Assumptions) -> None:
    """The uploader, what the files say, and the proposed scenario with its Accept button."""
    uploads = st.file_uploader(
        "Exported files", accept_multiple_files=True, key="evidence_upload", help=HELP
    )
    st.caption(HELP)
    if not uploads:
        return
    try:
        evidence = read_uploads([(upload.name, upload.getvalue()) for upload in uploads])
        proposal = proposal_for(evidence, baseline, files)
    except AssumptionErrors as errors:
        _show_problems(errors)
        return
    for line in proposal.summary + proposal.notes:
        st.text(line)
    found = pd.DataFrame(proposal.found, columns=["source", "what", "count"])
    st.dataframe(found, hide_index=True, key="evidence_found")
    sources = pd.DataFrame(proposal.scenario.evidence.items(), columns=["overridden", "source"])
    st.markdown("**Proposed scenario**: each value it changes, and where it came from")
    st.dataframe(sources, hide_index=True)
    st.code(scenario_yaml(proposal.scenario), language="yaml")
    if st.session_state.get("evidence_accepted"):
        st.success("In effect as the what-if (not saved until you save it in Scenarios).")
    st.button(
        "Use it as the what-if", key="evidence_accept", on_click=_accept, args=(proposal.scenario,)
    )


def evidence(files, baseline: Assumptions) -> None:
    label = "Ground it in your account: import a credential report, task definitions, Prowler"
    with st.expander(label, key="evidence_open", on_change="rerun") as box:
        if box.open:
            evidence_section(files, baseline)
