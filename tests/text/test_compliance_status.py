"""Compliance status apart from dollar exposure: each pattern names the controls it passes and
fails (with sources), the estimate JSON carries them, and the matrix's compliance cell says them
beside the banded dollars. A what-if cannot change them."""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import load_assumptions, read_folder
from accesscost.inputs.scenario import Scenario
from accesscost.model.matrix import compliance_status
from accesscost.text.report import estimate_summary
from tests.conftest import ASSUMPTIONS

FAILS = {  # pattern: the controls it fails (from its YAML's sources)
    "a-modify-s3-role": ["SOC 2 CC6.1 least privilege"],
    "b-task-role": [],
    "c-security-group": ["SOC 2 CC6.1 least privilege"],
    "d-iam-user-keys": [
        "SEC02-BP02 temporary credentials",
        "CIS 90-day key rotation",
        "SOC 2 CC6.1 least privilege",
    ],
    "e-instance-profile": ["SOC 2 CC6.1 least privilege"],
    "f-secrets-manager-keys": ["SEC02-BP02 temporary credentials"],
}


@pytest.fixture(scope="module")
def summary():
    assumptions = load_assumptions(ASSUMPTIONS)
    return estimate_summary(assumptions, 50)


def test_every_pattern_states_the_controls_it_fails_with_a_source(summary):
    for pattern in summary["patterns"]:
        status = pattern["compliance_status"]
        assert [c["control"] for c in status if not c["passes"]] == FAILS[pattern["id"]]
        assert status and all(c["source"] and c["why"] for c in status)


def test_the_matrix_says_the_status_beside_the_banded_dollars(summary):
    for pattern in summary["patterns"]:
        cell = pattern["matrix"]["compliance_risk"]
        failed = FAILS[pattern["id"]]
        if failed:
            assert f"Fails: {', '.join(failed)}" in cell["note"]
        else:
            assert "Fails" not in cell["note"] and "Passes: " in cell["note"]
        assert cell["value"] == pytest.approx(pattern["compliance_usd_per_year"], rel=1e-6)


def test_status_does_not_move_with_scale():
    """The dollars are banded relative to the best valid pattern; the status is the file's."""
    assumptions = load_assumptions(ASSUMPTIONS)
    d = assumptions.patterns["d-iam-user-keys"]
    assert compliance_status(d).startswith("Fails: SEC02-BP02")
    for services in (1, 10_000):
        summary = estimate_summary(assumptions, services)
        d_row = next(p for p in summary["patterns"] if p["id"] == d.id)
        assert [c["control"] for c in d_row["compliance_status"] if not c["passes"]] == FAILS[d.id]


def test_a_what_if_cannot_rewrite_a_compliance_status():
    rewrite = Scenario(name="x", overrides={"patterns": {"d-iam-user-keys": {"controls": []}}})
    with pytest.raises(AssumptionErrors) as raised:
        apply_scenario(read_folder(ASSUMPTIONS), rewrite, "rewrite.yaml")
    assert any("controls" in p.field for p in raised.value.problems)
