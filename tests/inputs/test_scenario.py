"""What-if scenarios: the scenario as YAML (only what differs; uploaded bytes checked before use),
guardrails switched on, and the what-if editor's rows as overrides. Merging onto the baseline is
tested in test_applying.py, the scenarios folder in test_scenario_files.py."""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.editor import (
    org_overrides,
    org_rows,
    pattern_overrides,
    pattern_rows,
    range_from_cells,
)
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import load_assumptions
from accesscost.inputs.scenario import Scenario, scenario_from_bytes, scenario_yaml
from accesscost.model.engine import estimate
from tests.conftest import REPO_ROOT
from tests.pattern_ids import D

ROOT = REPO_ROOT
ASSUMPTIONS = ROOT / "assumptions"

ROTATE = "Rotate the access key (create, distribute, deactivate the old one)"


@pytest.fixture(scope="module")
def baseline():
    return load_assumptions(ASSUMPTIONS)


def scenario(**overrides) -> Scenario:
    return Scenario.model_validate({"name": "test", **overrides})


def test_a_guardrail_adds_its_cost_and_scales_the_risks_it_mitigates(baseline):
    # Permission boundaries: + 4 h per deployment + 0.1 h per service of implementation,
    # + 1 h a quarter of operations; the blast radius of a credential exposure and of a container
    # compromise x 0.5, the vulnerability to elevation misuse x 0.5 (assumptions/guardrails.yaml).
    guarded = apply_guardrails(baseline, {"b-task-role": ["permission-boundaries"]})
    before = estimate(baseline, 50).patterns["b-task-role"]
    after = estimate(guarded, 50).patterns["b-task-role"]
    assert float(after.implementation_hours[0] - before.implementation_hours[0]) == pytest.approx(
        4 + 0.1 * 50
    )
    assert float(after.operations_hours_per_year[0] - before.operations_hours_per_year[0]) == (
        pytest.approx(4.0)
    )
    # guardrails.yaml: (vulnerability factor, blast radius factor) per threat
    factors = {
        "credential-exposure": (1.0, 0.5),
        "container-compromise": (1.0, 0.5),
        "elevation-misuse": (0.5, 1.0),
    }
    for old, new in zip(
        baseline.patterns["b-task-role"].risks, guarded.patterns["b-task-role"].risks, strict=True
    ):
        factor, share = factors.get(old.threat, (1.0, 1.0))
        assert new.vulnerability.mean() == pytest.approx(old.vulnerability.mean() * factor)
        assert new.blast_radius_share == pytest.approx(old.blast_radius_share * share)


def test_scenario_yaml_holds_only_what_differs():
    text = scenario_yaml(
        scenario(overrides={"patterns": {D: {"operations": {ROTATE: {"frequency": "monthly"}}}}})
    )
    assert text.splitlines()[1:] == [
        "name: test",
        "description: ''",
        "overrides:",
        "  patterns:",
        f"    {D}:",
        "      operations:",
        f"        {ROTATE}:",
        "          frequency: monthly",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"name: x\n" + b"#" * 70_000, "larger than 64 KiB"),
        (b"\xff\xfe", "not UTF-8"),
        (b"!!python/object/apply:os.system ['echo hi']", "not allowed"),
        (b"name: [unclosed", "malformed YAML"),
        (b"description: no name", "name: required field is missing"),
        (b"name: x\nsurprise: 1", "surprise: unknown field"),
    ],
)
def test_uploaded_bytes_are_checked_before_use(data, reason):
    with pytest.raises(AssumptionErrors, match=reason):
        scenario_from_bytes(data, "upload.yaml")


def test_editor_rows_round_trip_to_overrides(baseline):
    rows = pattern_rows(baseline.patterns[D])
    edited = [dict(row) for row in rows]
    rotate = next(i for i, r in enumerate(rows) if r["item"] == ROTATE)
    edited[rotate]["frequency"] = "monthly"
    edited[rotate]["value"] = None
    edited[rotate].update(low=0.5, mode=None, high=2.0)  # the item's PERT becomes a 90% interval
    overrides, changes = pattern_overrides(D, rows, edited)
    assert overrides == {
        "operations": {ROTATE: {"hours": {"low": 0.5, "high": 2.0}, "frequency": "monthly"}}
    }
    assert len(changes) == 2
    assert pattern_overrides(D, rows, rows) == ({}, [])


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"value": 2}, 2.0),
        ({"low": 1, "high": 3}, {"low": 1.0, "high": 3.0}),
        ({"low": 1, "mode": 2, "high": 3}, {"low": 1.0, "mode": 2.0, "high": 3.0}),
    ],
)
def test_a_row_reads_as_a_number_or_a_range(cells, expected):
    assert range_from_cells(cells) == expected


@pytest.mark.parametrize(
    "cells", [{}, {"value": 1, "low": 1, "high": 2}, {"low": 1}, {"value": "x"}]
)
def test_an_unreadable_row_says_what_to_give(cells):
    with pytest.raises(ValueError):
        range_from_cells(cells)


def test_org_rows_to_overrides(baseline):
    """The host unit (decision.yaml's, since issue 17) is edited in the same table as the org's
    numbers, as ``units.host``; the page files it under the scenario's ``overrides.units``."""
    rows = org_rows(baseline)
    host = next(i for i, row in enumerate(rows) if row["field"] == "units.host")
    assert rows[host]["value"] == 4
    edited = [dict(row) for row in rows]
    edited[host]["value"] = 8
    overrides, changes = org_overrides(rows, edited)
    assert overrides == {"units": {"host": 8}}
    assert [str(change) for change in changes] == ["units.host: 4 → 8"]
    edited[host]["value"] = None
    with pytest.raises(AssumptionErrors, match="needs a value"):
        org_overrides(rows, edited)
