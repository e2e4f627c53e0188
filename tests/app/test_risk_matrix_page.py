"""The page's risk matrix under AppTest (issue 20): a row selected in its table opens the threat's
story, inherent and residual; the chart draws every (pattern, threat) point and the tolerance."""

from __future__ import annotations

import pytest

from accesscost.model.risk_matrix import risk_points
from tests.app.test_matrices_page import frames, select, story_header
from tests.pages import chart_numbers, open_page_with
from tests.pattern_ids import B


@pytest.fixture(autouse=True)
def committed_assumptions(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)


def test_a_risk_row_opens_the_threats_story_inherent_and_residual(default_assumptions):
    at = open_page_with(90, section="Uncertainty and sensitivity")
    at = select(at, "risk_table", rows=[0])
    assert not at.exception
    inherent = risk_points(default_assumptions, 50)[0]
    guarded = risk_points(default_assumptions, 50, guarded=True)[0]
    story = next(f for f in frames(at) if "view" in f.columns)
    assert story["expected loss a year (USD)"].tolist() == pytest.approx(
        [round(inherent.ale_usd, 2), round(guarded.ale_usd, 2)]
    )
    assert any(inherent.name in line for line in story_header(at))
    assert at.query_params["risk"] == f"{inherent.pattern_id}~0"


def test_the_risk_matrix_draws_every_point_with_its_expected_loss_and_the_tolerance(
    default_assumptions,
):
    at = open_page_with(90, section="Uncertainty and sensitivity")
    charts = [el for el in at.get("plotly_chart") if "Risk matrix" in el.proto.spec]
    assert len(charts) == 1
    import json

    spec = json.loads(charts[0].proto.spec)
    markers = [t for t in spec["data"] if t.get("mode") == "markers"]
    points = risk_points(default_assumptions, 50)
    assert sum(len(chart_numbers(t["x"])) for t in markers) == len(points)
    assert any(t["name"].startswith("Risk tolerance") for t in spec["data"])
    assert spec["layout"]["xaxis"]["type"] == spec["layout"]["yaxis"]["type"] == "log"


def test_a_shared_links_risk_opens_that_threats_story(default_assumptions):
    """A link's ``risk=PATTERN~N`` opens the pattern's N-th risk: its threats count (they are
    every pattern's risks since issue 16), not only its own compliance items (none)."""
    from streamlit.testing.v1 import AppTest

    from tests.pages import PAGE

    second = [p for p in risk_points(default_assumptions, 50) if p.pattern_id == B][1]
    at = AppTest.from_file(PAGE, default_timeout=90)
    at.session_state["section"] = "Uncertainty and sensitivity"
    at.query_params.update({"risk": f"{B}~1"})
    at.run()
    assert not at.exception
    assert at.session_state["risk"] == (B, 1)
    assert any(second.name in line for line in story_header(at))
