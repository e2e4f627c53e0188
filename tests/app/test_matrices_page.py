"""The page's matrices under AppTest (issue 20): a cell selected through each grid's own
selection state opens its story with the engine's line items and figures; a column picked in the
pattern x count matrix sets the count; the selection survives reruns and rides in the link. The
risk matrix's own tests are in test_risk_matrix_page.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from accesscost.model.matrix import decision_matrix, review_order, usd
from accesscost.model.stories import cell_story
from tests.conftest import ASSUMPTIONS
from tests.pages import PAGE, open_page_with, shown_text
from tests.pattern_ids import B, D

EMPTY = {"rows": [], "columns": [], "cells": []}


@pytest.fixture(autouse=True)
def committed_assumptions(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)


@pytest.fixture(scope="module")
def assumptions():
    return load_assumptions(ASSUMPTIONS)


def select(at: AppTest, key: str, **selection) -> AppTest:
    at.session_state[key] = {"selection": EMPTY | selection}
    return at.run()


def story_header(at: AppTest) -> list[str]:
    """The story's first line as a viewer reads it (bold marks dropped)."""
    return [shown_text(m.value).replace("**", "") for m in at.markdown if " · " in m.value]


def frames(at: AppTest) -> list:
    return [el.value for el in at.dataframe]


def items_frame(at: AppTest, names: list[str]):
    """The story's line-item table: the one whose items are ``names``."""
    for frame in frames(at):
        if "item" in frame.columns and frame["item"].tolist() == names:
            return frame
    raise AssertionError(f"no story table lists {names}")


def test_selecting_a_decision_matrix_cell_opens_its_story(assumptions):
    """D's compliance cell (row order: the review's, recommended first): its story shows the
    engine's figure, its threats with their USD and sources, and its controls."""
    at = open_page_with()
    result = estimate(assumptions, 50)
    org = assumptions.org
    rows = review_order(decision_matrix(result, org.bands, org.labour.hours_per_day))
    row = [r.pattern.id for r in rows].index(D)
    at = select(at, "decision_grid", cells=[[row, "Compliance risk"]])
    assert not at.exception
    story = cell_story(result, org.bands, D, "compliance_risk")
    header = story_header(at)
    assert any(story.figure in line and "Critical" in line for line in header), header
    threats = items_frame(at, [t.name for t in story.threats])
    assert threats["USD"].tolist() == pytest.approx([round(t.usd, 2) for t in story.threats])
    assert threats["source"].tolist() == [t.source for t in story.threats]
    controls = next(f for f in frames(at) if "control" in f.columns)
    assert controls["control"].tolist() == [c.control for c in story.controls]
    assert at.query_params["cell"] == f"{D}~compliance_risk"


def test_the_selection_survives_a_count_change_that_reorders_nothing_it_names(assumptions):
    at = open_page_with()
    at = select(at, "decision_grid", cells=[[0, "Implementation time"]])  # B leads at 50
    assert at.session_state["cell"] == (B, "implementation_time")
    at.number_input(key="services_input").set_value(200).run()
    result = estimate(assumptions, 200)
    story = cell_story(result, assumptions.org.bands, B, "implementation_time")
    assert any(f"at 200 services: {story.figure}" in line for line in story_header(at))
    items = items_frame(at, [i.name for i in story.items])
    assert items["hours"].sum() == pytest.approx(story.total_hours, abs=0.05)
    selected = at.session_state["decision_grid"]["selection"]["cells"]
    assert [list(cell) for cell in selected] == [[0, "Implementation time"]]


def test_a_count_matrix_column_sets_the_count_and_a_cell_opens_its_story(assumptions):
    at = open_page_with()
    at = select(at, "count_grid", columns=["250"])
    assert at.session_state["services"] == 250
    assert at.number_input(key="services_input").value == 250
    row = at.session_state["count_order"].index(B)
    at = select(at, "count_grid", cells=[[row, "10,000"]])
    assert not at.exception
    result = estimate(assumptions, 10_000)
    story = cell_story(result, assumptions.org.bands, B, "cost_impact")
    annual = float(result.patterns[B].annual_usd[0])
    header = story_header(at)
    assert any(
        f"at 10,000 services, where its annual cost is {usd(annual)}" in line for line in header
    ), header
    warning = shown_text(at.warning[0].value)  # issue 17's limit: the quota and its source
    assert "exceeds a published limit at 10,000 services: IAM roles in one AWS account" in warning
    assert "IAM and AWS STS quotas" in warning
    frame = items_frame(at, [i.name for i in story.items])
    assert frame["USD"].sum() == pytest.approx(story.total_usd, rel=1e-6)
    assert at.query_params["grid"] == f"{B}~10000"


def test_a_shared_link_opens_with_the_same_selection(assumptions):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update({"cell": f"{D}~cost_impact", "grid": f"{B}~100", "figure": "tco_usd"})
    at.run()
    assert at.session_state["cell"] == (D, "cost_impact")
    assert at.session_state["grid"] == (B, 100)
    assert at.selectbox(key="count_figure").value == "tco_usd"
    header = story_header(at)
    assert any(
        line.startswith("D) IAM user keys on the hosts · Cost impact at 50 services")
        for line in header
    ), header


@pytest.mark.parametrize(
    "query",
    [
        {"cell": "nobody~cost_impact"},
        {"cell": f"{D}~__class__"},
        {"grid": f"{B}~0"},
        {"grid": f"{B}~1e9"},
        {"risk": f"{B}~999"},
        {"figure": "<script>"},
    ],
)
def test_a_hand_edited_link_selects_nothing_rather_than_something_else(query):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception
    assert at.session_state["cell"] is None and at.session_state["grid"] is None
    assert at.selectbox(key="count_figure").value == "annual_usd"


def test_the_pattern_column_fits_the_longest_name_up_to_its_maximum():
    from accesscost.app.matrices import PATTERN_COLUMN_MAX_PX, pattern_column_px

    # "F) IAM user keys in Secrets Manager, rotated": 44 characters and "★ " = 46;
    # 28 + 6.3 x 46 = 317.8 px, where the old fixed 260 px cut "rotated" off at 1920 px
    assert pattern_column_px(["F) IAM user keys in Secrets Manager, rotated", "B) x"]) == 318
    assert pattern_column_px(["x" * 200]) == PATTERN_COLUMN_MAX_PX


def test_a_wrapped_column_fits_its_longest_text_on_three_lines_and_its_longest_word():
    from accesscost.app.matrices import wrapped_px

    # "$15K/yr expected loss (4.2x the best valid) · Critical" is 54 characters: 54 / 3 = 18 a
    # line, and 3 of slack for where words break, 21: 28 + 6.3 x 21 = 160.3 px
    assert wrapped_px(["$15K/yr expected loss (4.2x the best valid) · Critical", "○ x"]) == 160
    # one long word is never broken: 20 characters, 28 + 6.3 x 20 = 154 px
    assert wrapped_px(["Supercalifragilistic"]) == 154
