"""Ten page sessions held at once, each editing its own values: each sees only its own edits.

Ten AppTest sessions live side by side in one process, so they share Streamlit's caches
(``accesscost/app/cache.py``) as browser sessions of one server do, and their runs are interleaved
round by round: all open the page, all set their own service count, all set their own hourly rate (a
what-if), then all rerun after every other one has edited. Each must show the engine's figures for
its own values, list only its own edit, and raise nothing. (AppTest swaps one global mock runtime
in and out around each run, so two of its runs cannot overlap in time: threads would hang it.
``tests/app/test_sessions_browser.py`` drives ten browser sessions of one server at the same time.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import read_folder
from accesscost.inputs.scenario import Scenario
from accesscost.model.engine import estimate
from accesscost.model.matrix import recommended_id, usd
from tests.conftest import REPO_ROOT
from tests.hostile_corpus import copy_assumptions

PAGE = str(REPO_ROOT / "dashboard.py")
SESSIONS = 10


def own_values(session: int) -> tuple[int, float]:
    """Session ``session``'s service count and hourly rate: different for every session."""
    return 20 + 17 * session, 55.0 + 10 * session


def expected_figures(folder: Path, services: int, rate: float) -> dict[str, str]:
    overrides = {"org": {"labour": {"hourly_rate_usd": rate}}}
    assumptions = apply_scenario(read_folder(folder), Scenario(name="e", overrides=overrides), "e")
    result = estimate(assumptions, services)
    best = recommended_id(result)
    return {
        "Its annual cost": usd(float(result.patterns[best].annual_usd[0])),
        "Saving a year vs D": usd(float(result.annual_savings(best)[0])),
    }


def seen(at: AppTest) -> dict:
    return {
        "exceptions": [e.value for e in at.exception],
        "errors": [e.value for e in at.error],
        "figures": {m.label: m.value for m in at.metric},
        "what-if": "\n".join(code.value for code in at.code),
    }


def rounds(sessions: list[AppTest]) -> list[list[dict]]:
    """Every session's run, round by round; what each saw after editing and after the others."""
    for at in sessions:
        at.run()
    for session, at in enumerate(sessions):
        at.number_input(key="services_input").set_value(own_values(session)[0]).run()
    edited = []
    for session, at in enumerate(sessions):
        at.number_input(key="rate").set_value(own_values(session)[1]).run()
        edited.append(seen(at))
    return [[after_edit, seen(at.run())] for after_edit, at in zip(edited, sessions, strict=True)]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> tuple[Path, list[list[dict]]]:
    folder = copy_assumptions(tmp_path_factory.mktemp("sessions") / "assumptions")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ASSUMPTIONS_DIR", str(folder))
        sessions = [AppTest.from_file(PAGE, default_timeout=120) for _ in range(SESSIONS)]
        return folder, rounds(sessions)


@pytest.mark.parametrize("session", range(SESSIONS))
def test_each_session_sees_only_its_own_edits(outcomes, session):
    folder, results = outcomes
    services, rate = own_values(session)
    expected = expected_figures(folder, services, rate)
    for phase in results[session]:
        assert phase["exceptions"] == [] and phase["errors"] == []
        figures = phase["figures"]
        assert {label: figures[label] for label in expected} == expected
        assert f"hourly_rate_usd: {rate:g}" in phase["what-if"]
        for other in range(SESSIONS):
            if other != session:
                assert f"hourly_rate_usd: {own_values(other)[1]:g}" not in phase["what-if"]


def test_the_sessions_saw_different_figures(outcomes):
    _, results = outcomes
    figures = {str(result[-1]["figures"]) for result in results}
    assert len(figures) == SESSIONS
