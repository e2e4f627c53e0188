"""Applying a what-if scenario: its overrides merge onto the baseline, an unknown or refused
path is rejected with the scenario's name and the override path, every committed scenario
applies."""

from __future__ import annotations

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import apply_scenario, load_with_scenario
from accesscost.inputs.loading import load_assumptions, read_folder
from accesscost.inputs.scenario import scenario_from_text, scenario_yaml
from accesscost.inputs.scenario_files import list_scenarios, load_scenario
from accesscost.model.engine import estimate
from tests.inputs.test_scenario import ASSUMPTIONS, ROTATE, D, scenario

EXPOSURE = "credential-exposure"  # a threat of threats.yaml: D states its risk under this id


@pytest.fixture(scope="module")
def files():
    return read_folder(ASSUMPTIONS)


@pytest.fixture(scope="module")
def baseline():
    return load_assumptions(ASSUMPTIONS)


def test_override_deep_merges_onto_the_baseline(files, baseline):
    merged = apply_scenario(
        files,
        scenario(overrides={"patterns": {D: {"operations": {ROTATE: {"frequency": "monthly"}}}}}),
        "s.yaml",
    )
    before = {i.name: i for i in baseline.patterns[D].operations}
    after = {i.name: i for i in merged.patterns[D].operations}
    assert after[ROTATE].frequency == "monthly"
    assert after[ROTATE].hours == before[ROTATE].hours  # untouched sibling field kept
    assert after[ROTATE].source == before[ROTATE].source
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {ROTATE}
    assert merged.patterns["b-task-role"] == baseline.patterns["b-task-role"]


def test_monthly_rotation_moves_the_figures_by_the_hand_calculation(files, baseline):
    # 90-day rotation happens 365/90 = 4.056 times a year; monthly 12 times. At 50 services
    # (13 hosts) the rotation items are 1 h + 13 x 0.5 h + 50 x 0.25 h = 20 h per rotation,
    # so monthly adds (12 - 365/90) x 20 h = 158.9 h a year, x $70 = $11,122 a year.
    # A key copied out of place is now valid a month, not three: D's vulnerability to credential
    # exposure falls from PERT(0.3, 0.6, 0.9) mean 0.6 to PERT(0.2, 0.45, 0.8) mean 0.46667, so
    # its loss falls by TEF (0.0001 + 4 x 0.0005 + 0.003) / 6 = 0.00085 x 50 services x 0.13333
    # x one loss event at 50 services: primary $38,333 + 50 x $191.67 clean-up + secondary
    # 0.019167 x $4,103,255 = $126,562; so by $717.19 a year.
    merged, _ = load_with_scenario(ASSUMPTIONS, ASSUMPTIONS / "scenarios/keys-rotated-monthly.yaml")
    after, before = estimate(merged, 50).patterns[D], estimate(baseline, 50).patterns[D]
    operations = after.operations_usd_per_year - before.operations_usd_per_year
    assert float(operations[0]) == pytest.approx((12 - 365 / 90) * 20 * 70)
    risk = after.compliance_usd_per_year - before.compliance_usd_per_year
    assert float(risk[0]) == pytest.approx(-0.00085 * 50 * (0.6 - 0.46667) * 126_562, rel=1e-3)


def test_a_quantity_is_replaced_whole_not_merged(files):
    override = {EXPOSURE: {"secondary_usd": 5_000_000}}  # was a {low, high} interval
    merged = apply_scenario(
        files, scenario(overrides={"patterns": {D: {"risks": override}}}), "s.yaml"
    )
    exposure = next(i for i in merged.patterns[D].risks if i.threat == EXPOSURE)
    assert exposure.secondary_usd.mean() == 5_000_000
    assert exposure.vulnerability.mean() == pytest.approx(0.6)  # the rest of the risk is kept


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"patterns": {"zz": {}}}, "overrides.patterns.zz", "unknown pattern"),
        ({"patterns": {D: {"operations": {"nope": {"hours": 1}}}}}, "nope", "unknown item"),
        ({"patterns": {D: {"colour": "red"}}}, f"overrides.patterns.{D}.colour", "unknown field"),
        ({"org": {"labour": {"wage": 3}}}, "overrides.org.labour.wage", "unknown field"),
        (
            {"patterns": {D: {"operations": {ROTATE: {"hours": -1}}}}},
            f"overrides.patterns.{D}.operations.{ROTATE}.hours",
            "must not be negative",
        ),
        (
            {"patterns": {D: {"risks": {EXPOSURE: {"vulnerability": 3}}}}},
            f"overrides.patterns.{D}.risks.{EXPOSURE}.vulnerability",
            "at most 1",
        ),
        (
            {"org": {"labour": {"hourly_rate_usd": {"low": 90, "high": 60}}}},
            "overrides.org.labour.hourly_rate_usd",
            "low must not be above high",
        ),
        ({"patterns": {D: {"operations": "monthly"}}}, "operations", "mapping of item name"),
    ],
)
def test_bad_overrides_name_the_scenario_the_path_and_the_reason(files, overrides, field, reason):
    with pytest.raises(AssumptionErrors) as caught:
        apply_scenario(files, scenario(overrides=overrides), "bad.yaml")
    lines = [str(p) for p in caught.value.problems]
    assert any(
        line.startswith("bad.yaml: ") and field in line and reason in line for line in lines
    ), lines


@pytest.mark.parametrize(
    ("guardrails", "reason"),
    [
        ({"b-task-role": ["no-such-guardrail"]}, "unknown guardrail"),
        ({"a-modify-s3-role": ["permission-boundaries"]}, "does not apply"),
        ({"zz": ["permission-boundaries"]}, "unknown pattern"),
    ],
)
def test_bad_guardrail_toggles_are_rejected(files, guardrails, reason):
    with pytest.raises(AssumptionErrors, match=reason):
        apply_scenario(files, scenario(guardrails=guardrails), "bad.yaml")


def test_every_committed_scenario_applies_to_the_baseline(files):
    paths = list_scenarios(ASSUMPTIONS / "scenarios")
    assert len(paths) >= 2
    for path in paths:
        apply_scenario(files, load_scenario(path), str(path))
        assert scenario_from_text(scenario_yaml(load_scenario(path)), "x") == load_scenario(path)
