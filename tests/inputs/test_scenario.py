"""What-if scenarios: merge onto the baseline, reject unknown paths, save safely, round-trip."""

from __future__ import annotations

import os
import shutil

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
from accesscost.inputs.loading import load_assumptions, read_folder
from accesscost.inputs.scenario import (
    Scenario,
    ScenarioExists,
    apply_scenario,
    delete_scenario,
    list_scenarios,
    load_scenario,
    load_with_scenario,
    save_scenario,
    scenario_from_bytes,
    scenario_from_text,
    scenario_slug,
    scenario_yaml,
    write_atomic,
)
from accesscost.model.engine import estimate
from tests.conftest import REPO_ROOT

ROOT = REPO_ROOT
ASSUMPTIONS = ROOT / "assumptions"
D = "d-iam-user-keys"
ROTATE = "Rotate the access key (create, distribute, deactivate the old one)"
EXPOSURE = "credential-exposure"  # a threat of threats.yaml: D states its risk under this id


@pytest.fixture(scope="module")
def files():
    return read_folder(ASSUMPTIONS)


@pytest.fixture(scope="module")
def baseline():
    return load_assumptions(ASSUMPTIONS)


def scenario(**overrides) -> Scenario:
    return Scenario.model_validate({"name": "test", **overrides})


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


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Keys rotated monthly", "keys-rotated-monthly"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("a/b\\c", "a-b-c"),
        ("Ünïcode  name!!", "n-code-name"),
    ],
)
def test_scenario_names_become_safe_file_names(name, slug):
    assert scenario_slug(name) == slug


@pytest.mark.parametrize("name", ["...", "///", "   "])
def test_a_name_with_nothing_usable_is_refused(name):
    with pytest.raises(AssumptionErrors, match="at least one letter or digit"):
        scenario_slug(name)


def test_save_load_delete_round_trip(tmp_path):
    original = scenario(
        description="round trip",
        overrides={
            "org": {"labour": {"hourly_rate_usd": 95.0}},
            "patterns": {
                D: {"operations": {ROTATE: {"hours": {"low": 0.5, "mode": 1, "high": 3}}}}
            },
        },
        guardrails={"b-task-role": ["principal-org-id"]},
    )
    path = save_scenario(tmp_path, original)
    assert path == tmp_path / "test.yaml"
    assert load_scenario(path) == original
    assert list_scenarios(tmp_path) == [path]
    delete_scenario(tmp_path, path)
    assert list_scenarios(tmp_path) == []


def test_saving_over_an_existing_scenario_needs_confirmation(tmp_path):
    save_scenario(tmp_path, scenario(description="first"))
    with pytest.raises(ScenarioExists, match="already exists"):
        save_scenario(tmp_path, scenario(description="second"))
    assert load_scenario(tmp_path / "test.yaml").description == "first"
    save_scenario(tmp_path, scenario(description="second"), overwrite=True)
    assert load_scenario(tmp_path / "test.yaml").description == "second"


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "s.yaml"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


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


def test_every_committed_scenario_applies_to_the_baseline(files):
    paths = list_scenarios(ASSUMPTIONS / "scenarios")
    assert len(paths) >= 2
    for path in paths:
        apply_scenario(files, load_scenario(path), str(path))
        assert scenario_from_text(scenario_yaml(load_scenario(path)), "x") == load_scenario(path)


def test_baseline_files_are_untouched_by_scenarios(tmp_path):
    folder = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    save_scenario(folder / "scenarios", scenario())
    for path, data in before.items():
        assert path.read_bytes() == data


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
