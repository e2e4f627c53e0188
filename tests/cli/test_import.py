"""Evidence -> scenario -> estimate and exports, on the moto-made account of 41 services and 37
keys (tests/evidence_account.py): the counts, the overrides and their sources, a hand calculation
of the estimate, and no identifier from the inputs in any output."""

from __future__ import annotations

import io
import json
import zipfile
from contextlib import redirect_stderr, redirect_stdout

import pytest
import yaml

from accesscost import cli
from accesscost.evidence.ecs_s3 import (
    HOST_ROLE,
    LEAK,
    failure_range,
    propose,
    scaled_probability,
)
from accesscost.export.context import make_context
from accesscost.export.formats import FORMATS
from accesscost.inputs.applying import load_with_scenario
from tests.conftest import REPO_ROOT

ASSUMPTIONS = REPO_ROOT / "assumptions"
LEAK_PATH = f"patterns.d-iam-user-keys.risks.{LEAK[1]}.vulnerability"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def imported(account, tmp_path_factory):
    folder = tmp_path_factory.mktemp("import")
    report, definitions = folder / "credential-report.csv", folder / "task-definitions.json"
    report.write_bytes(account.credential_report)
    definitions.write_bytes(account.task_definitions)
    out = folder / "imported.yaml"
    code, stdout, stderr = _run("import", str(report), str(definitions), "--out", str(out))
    assert (code, stderr) == (0, "")
    return out, stdout


def test_the_cli_prints_the_accounts_counts(imported):
    _, stdout = imported
    assert stdout.splitlines()[:3] == [
        "41 services: 18 task role, 14 keys in environment, 9 Secrets Manager",
        "migration: 14 services off D) IAM user keys on the hosts",
        "37 active keys, 22 older than 90 days, 5 unused 45+ days",
    ]


def test_the_scenario_moves_the_counts_and_names_each_source(imported):
    out, _ = imported
    scenario = yaml.safe_load(out.read_text())
    org = scenario["overrides"]["org"]
    assert org == {"default_services": 41, "migrating_services": 14, "access_keys": 37}
    assert scenario["evidence"]["org.access_keys"] == "credential report, 2026-11-30, 37 rows"
    assert scenario["evidence"]["org.default_services"] == "ECS task definitions, undated, 42 rows"
    assert scenario["evidence"][LEAK_PATH].endswith("22 of 37 keys overdue")
    # every overridden value has its source, and nothing else does
    flat = {"org.default_services", "org.migrating_services", "org.access_keys", LEAK_PATH}
    assert set(scenario["evidence"]) == flat


def test_overdue_share_is_the_beta_posterior_of_the_counts():
    low, mode, high = failure_range(22, 37)
    # Beta(23, 16): mode 22/37 = 0.5946; 5th and 95th percentiles 0.4590 and 0.7152 (the
    # regularised incomplete beta I_x(23, 16) = 0.05 and 0.95, solved by bisection elsewhere)
    assert mode == pytest.approx(22 / 37)
    assert low == pytest.approx(0.4590, abs=2e-4)
    assert high == pytest.approx(0.7152, abs=2e-4)
    # D's baseline 0.001 a service a year, an overdue key weighing 2: 0.001 x (1 + s)
    assert scaled_probability(0.001, 22, 37) == pytest.approx(
        {"low": 0.0014590, "mode": 0.0015946, "high": 0.0017152}, abs=2e-7
    )


def test_estimate_on_the_imported_scenario_matches_a_hand_calculation(imported):
    out, _ = imported
    code, stdout, _ = _run("estimate", "--scenario", str(out), "--draws", "1000")
    assert code == 0
    result = json.loads(stdout)
    assert result["services"] == 41  # the scenario's service count, no --services given
    d = next(p for p in result["patterns"] if p["id"] == "d-iam-user-keys")
    # D's operations hours a year at 41 services, each item x units x 365/90 (every 90 days):
    #   rotate the key: 1 h x 37 keys x 4.0556 = 150.06 (baseline: 1 key, 4.06)
    #   log in to every host: 0.5 h x ceil(41/4) = 11 hosts x 4.0556 = 22.31
    #   redeploy each service: 0.25 h x 41 x 4.0556 = 41.57
    #   triage scanner alerts: 1 h x 41, yearly = 41
    times = 365 / 90
    assert d["operations_hours_per_year"] == pytest.approx(
        37 * times + 0.5 * 11 * times + 0.25 * 41 * times + 41,
        abs=0.01,  # JSON rounds to 2 places
    )
    # Moving 14 services (not 41) from D to B: B's task role 0.25 h x 14 = 3.5, D's decommission
    # 1 h x 14 + 0.5 h x ceil(14/4) = 4 hosts + 4 h once = 20: 23.5 h, the seed's "3 days"
    b = next(p for p in result["patterns"] if p["id"] == "b-task-role")
    assert b["migration_from_reference_hours"] == pytest.approx(23.5)
    assert b["migration_from_reference_usd"] == pytest.approx(23.5 * 70)


def test_the_leak_probability_moves_d_compliance_by_hand(imported):
    out, _ = imported
    base, _ = load_with_scenario(ASSUMPTIONS)
    moved, _ = load_with_scenario(ASSUMPTIONS, out)
    from accesscost.model.engine import estimate

    before = estimate(base, 41).patterns["d-iam-user-keys"].compliance_usd_per_year[0]
    after = estimate(moved, 41).patterns["d-iam-user-keys"].compliance_usd_per_year[0]
    # only D's vulnerability to a credential exposure changes (mean 0.6 in the baseline): the
    # loss moves by TEF (0.0001 + 4 x 0.0005 + 0.003) / 6 = 0.00085 x 41 services x (the new
    # PERT mean - 0.6) x one loss event at 41 services: primary $38,333.33 + 41 x $191.667
    # clean-up + secondary 0.0191667 x $4,103,255.1 = $124,837.4
    p = scaled_probability(0.6, 22, 37)
    mean = (p["low"] + 4 * p["mode"] + p["high"]) / 6
    assert after - before == pytest.approx(0.00085 * 41 * (mean - 0.6) * 124_837.4, rel=1e-5)


def _texts(data: bytes, name: str) -> str:
    if name.endswith((".pptx", ".xlsx")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(n) for n in archive.namelist()]
            inner = []
            for part in parts:  # the deck's charts embed workbooks: open those too
                if part[:2] == b"PK":
                    inner.append(_texts(part, "inner.xlsx"))
            return b"\n".join(parts).decode("utf-8", "replace") + "\n".join(inner)
    return data.decode("utf-8", "replace")


def test_no_identifier_reaches_any_output(account, imported, tmp_path):
    out, stdout = imported
    assumptions, scenario = load_with_scenario(ASSUMPTIONS, out)
    context = make_context(
        assumptions, 41, scenario_name=scenario.name, overrides=scenario.overrides_document()
    )
    outputs = {"cli import": stdout, "scenario.yaml": out.read_text()}
    for fmt in FORMATS:
        data = fmt.build(context)
        outputs[fmt.key] = _texts(data if isinstance(data, bytes) else data.encode(), fmt.key)
    outputs["estimate.json"] = _run("estimate", "--scenario", str(out), "--draws", "200")[1]
    code, export_out, _ = _run("export", "--scenario", str(out), "--out", str(tmp_path))
    assert code == 0
    outputs["export progress"] = export_out
    for path in tmp_path.iterdir():
        outputs[path.name] = _texts(path.read_bytes(), path.name)
    assert "deck.pptx" in outputs and "figures.xlsx" in outputs
    leaks = {
        (name, ident)
        for name, text in outputs.items()
        for ident in account.identifiers
        if ident in text
    }
    assert not leaks
    assert "credential report, 2026-11-30, 37 rows" in outputs["assumptions.yaml"]


def test_bad_files_write_nothing_and_exit_1(tmp_path):
    bad = tmp_path / "report.csv"
    bad.write_text("user,arn\n=cmd|calc,x\n")
    out = tmp_path / "never.yaml"
    code, _, stderr = _run("import", str(bad), "--out", str(out))
    assert code == 1 and not out.exists()
    assert stderr.startswith(f"{bad}: row 1: missing column")
    assert "Traceback" not in stderr and "cmd" not in stderr


def test_an_unknown_decision_is_refused(account, tmp_path):
    report = tmp_path / "r.csv"
    report.write_bytes(account.credential_report)
    code, _, stderr = _run(
        "import", str(report), "--out", str(tmp_path / "s.yaml"), "--decision", "eks"
    )
    assert code == 1 and "unknown decision 'eks'; known: ecs-s3" in stderr


def test_prowler_alone_sets_the_leak_and_the_host_role_probabilities():
    from accesscost.evidence import read_evidence
    from accesscost.inputs.loading import load_assumptions
    from tests import prowler_findings

    findings = read_evidence(prowler_findings.ocsf_json(), "prowler.ocsf.json")
    proposal = propose([findings], load_assumptions(ASSUMPTIONS))
    patterns = proposal.scenario.overrides.patterns
    leak = patterns["d-iam-user-keys"]["risks"][LEAK[1]]["vulnerability"]
    assert leak == scaled_probability(0.6, 22, 37)  # the rotation check failed 22 of 37
    host = patterns["e-instance-profile"]["risks"][HOST_ROLE[1]]["vulnerability"]
    # ec2_instance_imdsv2_enabled failed 4 of 11: E's vulnerability to a container compromise,
    # PERT(0.05, 0.15, 0.3) mean 0.158333, a host without IMDSv2 counting twice
    assert host == scaled_probability(0.95 / 6, 4, 11)
    assert host["mode"] == pytest.approx(0.95 / 6 * (1 + 4 / 11), rel=1e-5)
    rows = sum(p + f for p, f in prowler_findings.SCAN.values())
    assert proposal.scenario.evidence[LEAK_PATH] == (
        f"Prowler findings, 2026-11-30, {rows} rows: iam_rotate_access_key_90_days failed 22 of 37"
    )
    assert proposal.scenario.overrides.org == {}  # no counts of services or keys from Prowler


def test_no_key_overdue_still_gives_an_ordered_range():
    low, mode, high = failure_range(0, 5)
    assert low <= mode <= high and mode == low  # the mode 0 moved up to the 5th percentile
    assert failure_range(5, 5)[1] == failure_range(5, 5)[2]


def test_a_source_is_dropped_once_its_value_is_edited(imported):
    from accesscost.inputs.scenario import Overrides, overridden_value, standing_evidence
    from accesscost.inputs.scenario_files import load_scenario

    scenario = load_scenario(imported[0])
    assert overridden_value(scenario.overrides, LEAK_PATH)["mode"] == pytest.approx(
        0.6 * (1 + 22 / 37), abs=1e-6
    )
    edited_org = {**scenario.overrides.org, "access_keys": 40}
    edited = Overrides(org=edited_org, patterns=scenario.overrides.patterns)
    kept = standing_evidence(scenario, edited)
    assert "org.access_keys" not in kept  # 40 is the reviewer's figure, not the report's
    assert set(kept) == set(scenario.evidence) - {"org.access_keys"}


def test_as_of_counts_the_ages_to_that_date_and_a_bad_one_is_refused(account, tmp_path):
    report = tmp_path / "r.csv"
    report.write_bytes(account.credential_report)
    out = tmp_path / "s.yaml"
    code, stdout, _ = _run("import", str(report), "--out", str(out), "--as-of", "2026-08-01")
    # on 2026-08-01 the June keys are 61 days old: none is overdue yet
    assert code == 0 and "37 active keys, 0 older than 90 days" in stdout
    assert "credential report, 2026-08-01, 37 rows" in out.read_text()
    code, _, stderr = _run("import", str(report), "--out", str(out), "--as-of", "1 Aug")
    assert code == 1 and stderr.startswith("--as-of: must be a date like 2026-11-30, got '1 Aug'")
