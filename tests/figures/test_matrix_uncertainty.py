"""The decision matrix's P(cheapest) and P10-P90 bands come from the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.figures.matrix_table import matrix_html
from accesscost.model.engine import estimate
from accesscost.model.matrix import CellRange, decision_matrix, matrix_uncertainty
from accesscost.model.simulation import simulate
from accesscost.model.summaries import figure_summary, p_cheapest

B, D, F = "b-task-role", "d-iam-user-keys", "f-secrets-manager-keys"


@pytest.fixture(scope="module")
def sim(default_assumptions):
    return simulate(default_assumptions, 50, 4000, np.random.default_rng(11))


def test_p_cheapest_is_over_the_shown_patterns_that_meet_the_requirement(sim, default_assumptions):
    shown = list(default_assumptions.patterns)
    uncertainty = matrix_uncertainty(sim, shown)
    assert uncertainty[D]["p_cheapest"] is None  # flagged: never a candidate
    valid = {pid: u["p_cheapest"] for pid, u in uncertainty.items() if u["p_cheapest"] is not None}
    assert set(valid) == {B, F}
    assert sum(valid.values()) == pytest.approx(1)
    assert valid == pytest.approx(p_cheapest(sim, [B, F]))


def test_each_cell_band_is_the_simulated_p10_to_p90(sim, default_assumptions):
    ranges = matrix_uncertainty(sim, [B, D])[D]["ranges"]
    compliance = figure_summary(sim, D, "compliance_usd_per_year")
    assert ranges["compliance_risk"].p10 == pytest.approx(compliance.p10)
    assert ranges["compliance_risk"].p90 == pytest.approx(compliance.p90)
    assert str(ranges["cost_impact"]).startswith("cost P10–P90 $")


def test_a_band_with_nothing_uncertain_is_not_shown():
    assert str(CellRange(168.0, 168.0, "")) == ""


def test_the_matrix_html_carries_the_odds_and_the_bands(sim, default_assumptions):
    shown = list(default_assumptions.patterns)
    rows = decision_matrix(estimate(default_assumptions, 50), default_assumptions.org.bands)
    uncertainty = matrix_uncertainty(sim, shown)
    html = matrix_html(rows, shown, uncertainty)
    assert f"P(cheapest) {uncertainty[B]['p_cheapest']:.0%}" in html
    assert str(uncertainty[D]["ranges"]["compliance_risk"]) in html
