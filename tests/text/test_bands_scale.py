"""Compliance bands and the risk tolerance that do not drift with scale.

On main the compliance band was dollars of expected loss a year, so a pattern whose loss per
service is constant drifted from Low to Critical as the count grew: B read High from 100
services and Critical from 305. Now the band is the expected loss as a multiple of the lowest
among the patterns that meet the requirement at the same count, and the tolerance's loss grows in
proportion with the service count.
"""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.model.engine import estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.matrix import decision_matrix
from accesscost.text.report import estimate_summary

COUNTS = [1, 10, 50, 100, 305, 1000, 10_000]


def per_service_risk(name: str, probability: float, impact: float) -> dict:
    return {
        "name": name,
        "per": "service",
        "annual_probability": probability,
        "impact_usd": impact,
        "source": "test",
    }


@pytest.fixture(scope="module")
def linear(assumptions_of):
    # "best": $50 a service a year; "twice": $100; "five": $250 (all per service, constant)
    return assumptions_of(
        {
            "best": {"compliance": [per_service_risk("r", 0.01, 5_000)]},
            "twice": {"compliance": [per_service_risk("r", 0.02, 5_000)]},
            "five": {"compliance": [per_service_risk("r", 0.05, 5_000)]},
        }
    )


def test_a_constant_risk_per_service_keeps_its_band_at_every_count(linear):
    # ratios 1, 2 and 5 against edges Low <= 1.5, High <= 3: Low, High, Critical at any count
    for count in COUNTS:
        rows = decision_matrix(estimate(linear, count), linear.org.bands)
        bands = {row.pattern.id: row.cells["compliance_risk"].band for row in rows}
        assert bands == {"best": "Low", "twice": "High", "five": "Critical"}, count


def test_b_stays_low_from_1_to_10000_services(default_assumptions):
    # main: B High from 100 services, Critical from 305; B is the best valid pattern at any count
    for count in COUNTS:
        rows = decision_matrix(estimate(default_assumptions, count), default_assumptions.org.bands)
        b = next(row for row in rows if row.pattern.id == "b-task-role")
        assert b.cells["compliance_risk"].band == "Low", count


def test_the_seed_matrix_holds_at_50_services(default_assumptions):
    rows = decision_matrix(estimate(default_assumptions, 50), default_assumptions.org.bands)
    bands = {row.pattern.option: row.cells["compliance_risk"].band for row in rows}
    # seed: B "SOC 2 / PCI compliant", C "High (false security)", D "Critical (CIS benchmark
    # fail)", A "Critical (fails audit)"
    assert (bands["B"], bands["C"], bands["D"], bands["A"]) == (
        "Low",
        "High",
        "Critical",
        "Critical",
    )


def test_the_tolerance_grows_with_the_service_count(default_assumptions):
    org = default_assumptions.org  # $100K at 50 services
    assert tolerance_at(org, 50).loss_usd == pytest.approx(100_000)
    assert tolerance_at(org, 500).loss_usd == pytest.approx(1_000_000)
    assert tolerance_at(org, 5).loss_usd == pytest.approx(10_000)
    assert tolerance_at(org, 500).probability == org.risk_tolerance.probability


def test_the_estimate_json_carries_each_patterns_matrix_cells(default_assumptions):
    summary = estimate_summary(default_assumptions, 50)
    columns = {
        "implementation_time",
        "security_posture",
        "operational_overhead",
        "cost_impact",
        "compliance_risk",
    }
    for pattern in summary["patterns"]:
        assert set(pattern["matrix"]) == columns
        for cell in pattern["matrix"].values():
            assert {"value", "band", "note"} <= set(cell)
    b = next(p for p in summary["patterns"] if p["id"] == "b-task-role")
    assert b["matrix"]["compliance_risk"]["value"] == pytest.approx(b["compliance_usd_per_year"])
    assert b["matrix"]["compliance_risk"]["band"] == "Low"
    assert np.isclose(b["matrix"]["operational_overhead"]["value"], b["operations_hours_per_year"])
