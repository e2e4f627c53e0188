"""Several decisions in one assumptions folder (issue 17): the root's own and ``decisions/<id>/``,
each with its own ``decision.yaml`` (question, units, reference) and patterns, sharing ``org.yaml``.

The test-only decision ``tests/second_decision/`` asks another question with units named
otherwise (Lambda functions, teams, hours of a nightly batch) and has two patterns.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from accesscost.cli import main
from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.applying import load_with_scenario
from accesscost.inputs.decisions import decision_folder, list_decisions
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from accesscost.model.units import unit_counts
from tests.conftest import ASSUMPTIONS, TESTS

SECOND = TESTS / "second_decision"
QUESTION = "How should our Lambda functions get credentials to read DynamoDB tables?"


def with_second_decision(tmp_path: Path) -> Path:
    """A copy of the committed folder with the test decision dropped into decisions/."""
    root = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, root, ignore=shutil.ignore_patterns("decisions"))
    shutil.copytree(SECOND, root / "decisions" / "lambda-dynamo")
    return root


@pytest.fixture
def root(tmp_path) -> Path:
    return with_second_decision(tmp_path)


def test_a_folder_dropped_into_decisions_is_listed_with_no_code_change(root):
    entries = list_decisions(root)
    assert [(e.id, e.title) for e in entries] == [
        ("ecs-s3", "ECS tasks' write access to S3"),
        ("lambda-dynamo", "Lambda functions' reads from DynamoDB"),
    ]
    assert decision_folder(root, "lambda-dynamo") == root / "decisions" / "lambda-dynamo"


def test_the_second_decision_has_its_own_question_units_and_reference(root):
    assumptions = load_assumptions(root / "decisions" / "lambda-dynamo")
    decision = assumptions.decision
    assert (decision.question, decision.count, decision.counted.plural) == (
        QUESTION,
        "function",
        "Lambda functions",
    )
    assert list(assumptions.patterns) == ["execution-role", "shared-keys"]
    assert assumptions.org.reference_pattern == "shared-keys"
    # the shared org.yaml: the same labour rate as the ECS decision
    assert assumptions.org.labour == load_assumptions(root).org.labour
    # 20 functions: ceil(20 / 8) = 3 teams; the batch is 2.5 hours whatever the count
    counts = unit_counts(np.array([20]), decision, assumptions.org)
    assert {k: float(v[0]) for k, v in counts.items()} == {
        "deployment": 1,
        "function": 20,
        "team": 3,
        "batch-hour": 2.5,
    }


def test_line_items_are_priced_per_the_decisions_units(root):
    result = estimate(load_assumptions(root / "decisions" / "lambda-dynamo"), 20)
    role, keys = result.patterns["execution-role"], result.patterns["shared-keys"]
    # 0.5 h x 20 functions + 1 h x 3 teams = 13 h
    assert role.implementation_hours[0] == pytest.approx(13.0)
    # every 90 days (365 / 90 a year): 0.25 h x 20 functions + 1 h x 2.5 batch hours
    # = 7.5 h a time, 7.5 x 365 / 90 = 30.4167 h a year
    assert keys.operations_hours_per_year[0] == pytest.approx(7.5 * 365 / 90)


def test_an_item_per_a_unit_the_decision_does_not_declare_names_file_field_and_units(root):
    folder = root / "decisions" / "lambda-dynamo"
    path = folder / "patterns" / "execution-role.yaml"
    document = yaml.safe_load(path.read_text())
    document["implementation"][1]["per"] = "host"
    document["limits"][0]["within"] = "cluster"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(AssumptionErrors) as raised:
        load_assumptions(folder)
    lines = [str(problem) for problem in raised.value.problems]
    units = "deployment, function, team, batch-hour"
    assert lines == [
        f"{path}: implementation.1.per: unknown unit 'host'; the decision "
        f"({folder / 'decision.yaml'}) has: {units}",
        f"{path}: limits.0.within: unknown unit 'cluster'; the decision "
        f"({folder / 'decision.yaml'}) has: {units}",
    ]


def test_a_scenario_of_the_second_decision_counts_a_unit_differently(root):
    folder = root / "decisions" / "lambda-dynamo"
    assumptions, scenario = load_with_scenario(folder, folder / "scenarios" / "bigger-teams.yaml")
    assert scenario.overrides.units == {"team": 16}
    # 0.5 h x 20 + 1 h x ceil(20 / 16) = 2 teams: 12 h
    assert estimate(assumptions, 20).patterns["execution-role"].implementation_hours[0] == 12.0


@pytest.mark.parametrize(
    ("units", "field", "reason"),
    [
        ({"function": 2}, "overrides.units.function", "not a unit a what-if can count differently"),
        ({"host": 2}, "overrides.units.host", "these can: deployment, team, batch-hour"),
        ({"team": 0}, "overrides.units.team", "greater than 0"),
    ],
)
def test_a_unit_override_that_cannot_apply_is_refused(root, tmp_path, units, field, reason):
    folder = root / "decisions" / "lambda-dynamo"
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(yaml.safe_dump({"name": "w", "overrides": {"units": units}}))
    with pytest.raises(AssumptionErrors) as raised:
        load_with_scenario(folder, scenario)
    (problem,) = raised.value.problems
    assert (problem.file, problem.field) == (str(scenario), field)
    assert reason in problem.reason


def test_a_decision_folder_without_decision_yaml_says_which_file_is_missing(root):
    (root / "decision.yaml").unlink()  # the root's org.yaml has no services_per_host any more
    with pytest.raises(AssumptionErrors) as raised:
        load_assumptions(root)
    (problem,) = raised.value.problems
    assert problem.file == str(root / "decision.yaml")
    assert problem.reason.startswith("file not found")


def test_an_older_root_with_the_decision_in_org_yaml_still_loads(tmp_path):
    root = tmp_path / "old"
    shutil.copytree(ASSUMPTIONS, root, ignore=shutil.ignore_patterns("decisions", "decision.yaml"))
    org = yaml.safe_load((root / "org.yaml").read_text())
    decision = yaml.safe_load((ASSUMPTIONS / "decision.yaml").read_text())
    org |= {
        "services_per_host": 4,
        "services_per_host_source": "judgement",
        "reference_pattern": "d-iam-user-keys",
        "decision": {k: decision[k] for k in ("title", "question", "requirement", "source")},
    }
    (root / "org.yaml").write_text(yaml.safe_dump(org))
    old, new = load_assumptions(root), load_assumptions(ASSUMPTIONS)
    assert old.decision.question == new.decision.question
    assert estimate(old, 50).patterns["d-iam-user-keys"].tco_usd[0] == pytest.approx(
        estimate(new, 50).patterns["d-iam-user-keys"].tco_usd[0]
    )


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_estimates_the_second_decision_with_its_title_and_units(root, capsys):
    code, out, err = run(
        capsys,
        "estimate",
        "--assumptions",
        root,
        "--decision",
        "lambda-dynamo",
        "--services",
        20,
        "--deterministic",
    )
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["decision"]["title"] == "Lambda functions' reads from DynamoDB"
    assert document["decision"]["count"] == {
        "unit": "function",
        "label": "Lambda function",
        "plural": "Lambda functions",
    }
    assert document["decision"]["units"]["team"]["count"] == 3
    assert [p["id"] for p in document["patterns"]] == ["execution-role", "shared-keys"]


def test_an_unknown_decision_lists_the_known_ones(root, capsys):
    code, out, err = run(capsys, "estimate", "--assumptions", root, "--decision", "nope")
    assert (code, out) == (1, "")
    assert err == "--decision: unknown decision 'nope'; known: ecs-s3, lambda-dynamo\n"


def test_validate_covers_every_decision_of_the_folder(root, capsys):
    code, out, _ = run(capsys, "validate", root)
    assert (code, out) == (0, f"{root}: ok\n")
    broken = root / "decisions" / "lambda-dynamo" / "decision.yaml"
    broken.write_text(broken.read_text().replace("count: function", "count: lambda"))
    code, out, err = run(capsys, "validate", root)
    assert code == 1
    assert err == (
        f"{broken}: count: must name one of the units (deployment, function, team, batch-hour)\n"
    )
