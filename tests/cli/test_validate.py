"""``cli.py`` as a user runs it: each command in its own process.

Contract (DESIGN.md, "Headless contract"): ``validate`` exits 0 when every file is valid, else
prints one line per problem, ``file: field.path: reason``, and exits 1; bad input never gives a
traceback. ``estimate`` prints JSON, CSV or a table of the headline figures.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from tests.conftest import REPO_ROOT

# --- the bad files ----------------------------------------------------------------------------

VALID_PATTERN = {
    "id": "p",
    "name": "Pattern p",
    "summary": "a valid pattern that each case below breaks in one place",
    "meets_requirement": True,
    "security_posture": {"rating": "strong", "note": "test"},
    "implementation": [{"name": "set up", "per": "service", "hours": 0.25, "source": "t"}],
    "operations": [
        {"name": "review", "per": "deployment", "hours": 1, "frequency": "quarterly", "source": "t"}
    ],
    "compliance": [
        {
            "name": "finding",
            "per": "deployment",
            "annual_probability": 0.05,
            "impact_usd": {"low": 2000, "high": 10000},
            "source": "t",
        }
    ],
}
DELETE = object()
NODES = [
    {"id": "task", "label": "ECS task", "kind": "compute"},
    {"id": "role", "label": "Task role", "kind": "identity"},
]
EDGE = {"from": "task", "to": "role", "label": "assumes"}


def diagram(nodes: list | None = None, edges: list | None = None) -> tuple[tuple, dict]:
    """An edit that gives the valid pattern a diagram (two nodes, one edge unless given)."""
    return ("diagram",), {"nodes": NODES if nodes is None else nodes, "edges": edges or [EDGE]}


def changed(*edits: tuple[tuple, object]) -> str:
    """The valid pattern as YAML, each ``(path, value)`` set (or deleted with ``DELETE``)."""
    document = copy.deepcopy(VALID_PATTERN)
    for path, value in edits:
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if value is DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return yaml.safe_dump(document, sort_keys=False)


BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)
POSITION = re.compile(r"line \d+, column \d+")  # where a YAML syntax problem is
NO_FIELD = ""  # a problem with the file as a whole: "file: reason"
MISSING = None  # no file is written


@dataclass(frozen=True)
class BadFile:
    name: str  # file name the text is written to
    text: str | None
    field: str | re.Pattern
    reason: str


BAD_FILES = {
    "unknown key": BadFile("p.yaml", changed((("colour",), "red")), "colour", "unknown field"),
    "wrong type": BadFile(
        "p.yaml",
        changed((("implementation", 0, "hours"), "lots")),
        "implementation.0.hours",
        "must be a number",
    ),
    "negative cost": BadFile(
        "p.yaml",
        changed((("operations", 0, "hours"), DELETE), (("operations", 0, "usd"), -5)),
        "operations.0.usd",
        "must not be negative, got -5",
    ),
    "probability above 1": BadFile(
        "p.yaml",
        changed((("compliance", 0, "annual_probability"), 3)),
        "compliance.0.annual_probability",
        "must be at most 1",
    ),
    "low above high": BadFile(
        "p.yaml",
        changed((("compliance", 0, "impact_usd"), {"low": 10000, "high": 2000})),
        "compliance.0.impact_usd",
        "low must not be above high",
    ),
    "missing file": BadFile("p.yaml", MISSING, NO_FIELD, "file not found"),
    "malformed YAML": BadFile("p.yaml", "id: [p\nname: x: y\n", POSITION, "malformed YAML"),
    "python object tag": BadFile(
        "p.yaml",
        'id: !!python/object/apply:os.system ["echo hi"]\n',
        POSITION,
        "python/object/apply:os.system' tag is not allowed",
    ),
    "billion laughs": BadFile("p.yaml", BILLION_LAUGHS, NO_FIELD, "too many aliases"),
    "empty file": BadFile("p.yaml", "", NO_FIELD, "empty file"),
    "id not the file name": BadFile(
        "p.yaml", changed((("id",), "other")), "id", "must match the file name 'p'"
    ),
    "no requirement_gap": BadFile(
        "p.yaml",
        changed((("meets_requirement",), False)),
        "requirement_gap",
        "required when meets_requirement is false",
    ),
    "both hours and usd": BadFile(
        "p.yaml",
        changed((("operations", 0, "usd"), 5)),
        "operations.0",
        "exactly one of hours (labour) or usd (spend)",
    ),
    "bad frequency": BadFile(
        "p.yaml",
        changed((("operations", 0, "frequency"), "fortnightly")),
        "operations.0.frequency",
        "got 'fortnightly'",
    ),
    "integer too large for a float": BadFile(
        "p.yaml",
        changed((("implementation", 0, "hours"), 10**400)),
        "implementation.0.hours",
        "finite",
    ),
    "diagram: edge to a missing node": BadFile(
        "p.yaml",
        changed(diagram(edges=[EDGE, {"from": "role", "to": "bucket", "label": "writes"}])),
        "diagram.edges.1.to",
        "unknown node 'bucket'; nodes are: task, role",
    ),
    "diagram: duplicate node id": BadFile(
        "p.yaml",
        changed(diagram(nodes=[*NODES, {"id": "task", "label": "Again", "kind": "actor"}])),
        "diagram.nodes.2.id",
        "duplicate node id 'task' (also nodes.0.id)",
    ),
    "diagram: no nodes": BadFile(
        "p.yaml",
        changed((("diagram",), {"nodes": [], "edges": []})),
        "diagram.nodes",
        "a diagram needs at least one node",
    ),
    "diagram: empty": BadFile(
        "p.yaml", changed((("diagram",), {})), "diagram.nodes", "required field is missing"
    ),
    "diagram: risky edge without a note": BadFile(
        "p.yaml",
        changed(diagram(edges=[EDGE | {"risk": True}])),
        "diagram.edges.0",
        "a risky edge needs a note saying why it is the weak link",
    ),
    "diagram: unknown node kind": BadFile(
        "p.yaml",
        changed(diagram(nodes=[NODES[0], NODES[1] | {"kind": "robot"}])),
        "diagram.nodes.1.kind",
        "got 'robot'",
    ),
    "org: no hosts": BadFile(
        "org.yaml",
        yaml.safe_dump({"services_per_host": 0}),
        "services_per_host",
        "greater than or equal to 1",
    ),
}

KNOWN_BUGS: dict[str, str] = {}  # case id -> why it is expected to fail (none now)


def _case(case_id: str):
    """A parameter for ``case_id``, expected to fail (strictly) where a known bug is."""
    if case_id in KNOWN_BUGS:
        return pytest.param(
            case_id, id=case_id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case_id])
        )
    return pytest.param(case_id, id=case_id)


# --- every command of this module, started once -----------------------------------------------

ASSUMPTIONS = REPO_ROOT / "assumptions"
COMMITTED = [
    "assumptions",
    *sorted(
        f"assumptions/{p.relative_to(ASSUMPTIONS).as_posix()}" for p in ASSUMPTIONS.rglob("*.yaml")
    ),
]
BAD_SERVICES = ["0", "-3", "1e9", "2.5", "abc", "inf"]
FORMATS = ("json", "csv", "table")
NEW_PATTERN = {"id": "g-new-pattern", "option": "G", "name": "A pattern added as a file"}


@pytest.fixture(scope="session")
def inputs(
    tmp_path_factory, write_assumptions, org_document, pattern_document, repo_root
) -> dict[str, Path]:
    """The files and folders the commands read: each bad file, a bad folder, and a copy of the
    committed folder with one more pattern file."""
    paths = {}
    for case_id, case in BAD_FILES.items():
        paths[case_id] = tmp_path_factory.mktemp("bad") / case.name
        if case.text is not MISSING:
            paths[case_id].write_text(case.text)

    ref = pattern_document("ref")
    ref["implementation"][0]["hours"] = -1
    org = org_document() | {"colour": "red"}
    paths["bad folder"] = write_assumptions(tmp_path_factory.mktemp("folder"), org, {"ref": ref})

    paths["new pattern"] = tmp_path_factory.mktemp("new") / "assumptions"
    shutil.copytree(repo_root / "assumptions", paths["new pattern"])
    patterns = paths["new pattern"] / "patterns"
    document = yaml.safe_load((patterns / "b-task-role.yaml").read_text()) | NEW_PATTERN
    (patterns / f"{NEW_PATTERN['id']}.yaml").write_text(yaml.safe_dump(document))
    return paths


@pytest.fixture(scope="session")
def runs(inputs, start_cli):
    """Every ``cli.py`` command of this module, each in its own process, started together."""
    return start_cli(
        {
            "committed": ("validate", *COMMITTED),
            **{case_id: ("validate", inputs[case_id]) for case_id in BAD_FILES},
            **{f"--services {v}": ("estimate", "--services", v) for v in BAD_SERVICES},
            **{f"--format {f}": ("estimate", "--services", "50", "--format", f) for f in FORMATS},
            "bad folder": ("estimate", "--services", "5", "--assumptions", inputs["bad folder"]),
            "new pattern": ("estimate", "--services", "7", "--assumptions", inputs["new pattern"]),
        }
    )


@pytest.mark.start_early
def test_the_commands_start_before_the_in_process_tests(runs):
    """Runs first (see conftest.py), so the subprocesses overlap with the rest of the suite."""
    assert "committed" in runs.futures


# --- validate: bad files ----------------------------------------------------------------------


def _problem_line(file: Path, field: str | re.Pattern, reason: str) -> re.Pattern:
    """``file: field.path: reason`` (``file: reason`` when the problem is the whole file)."""
    if isinstance(field, re.Pattern):
        where = field.pattern + ": "
    else:
        where = re.escape(field) + ": " if field else ""
    return re.compile(f"^{re.escape(str(file))}: {where}.*{re.escape(reason)}", re.MULTILINE)


@pytest.mark.parametrize("case_id", [_case(case_id) for case_id in BAD_FILES])
def test_validate_names_file_field_and_reason(inputs, runs, case_id):
    path, run, case = inputs[case_id], runs[case_id], BAD_FILES[case_id]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert _problem_line(path, case.field, case.reason).search(run.stderr), run.stderr
    assert f"{path}: ok" not in run.stdout


def test_a_python_tag_is_never_executed(runs):
    assert "hi" not in runs["python object tag"].stdout.splitlines()


# --- validate: good files ---------------------------------------------------------------------


@pytest.mark.parametrize("path", COMMITTED)
def test_every_committed_file_and_the_folder_is_valid(runs, path):
    run = runs["committed"]
    assert f"{path}: ok" in run.stdout.splitlines()
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


# --- estimate: bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        *BAD_SERVICES[:-1],
        "inf",
    ],
)
def test_estimate_refuses_a_bad_service_count_in_one_line(runs, value):
    run = runs[f"--services {value}"]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("--services: must be a whole number")


def test_estimate_with_bad_assumptions_lists_each_problem(inputs, runs):
    folder, run = inputs["bad folder"], runs["bad folder"]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert any(line.startswith(f"{folder / 'org.yaml'}: colour: unknown field") for line in lines)
    expected = _problem_line(
        folder / "patterns" / "ref.yaml", "implementation.0.hours", "must not be negative"
    )
    assert expected.search(run.stderr), run.stderr


# --- estimate: output formats -----------------------------------------------------------------

CONTRACT_KEYS = {"services", "horizon_years", "currency", "patterns"}
PATTERN_KEYS = {"id", "option", "name", "meets_requirement"}
FIGURES = (
    "implementation_hours",
    "implementation_usd",
    "operations_hours_per_year",
    "operations_usd_per_year",
    "compliance_usd_per_year",
    "annual_usd",
    "tco_usd",
)


@pytest.fixture(scope="module")
def outputs(runs) -> dict[str, str]:
    """What ``estimate --services 50 --format F`` printed, for each format F."""
    for fmt in FORMATS:
        assert runs[f"--format {fmt}"].returncode == 0, runs[f"--format {fmt}"].stderr
    return {fmt: runs[f"--format {fmt}"].stdout for fmt in FORMATS}


def test_json_has_the_headless_contract_keys(outputs, default_assumptions):
    document = json.loads(outputs["json"])
    assert set(document) >= CONTRACT_KEYS
    assert document["services"] == 50
    assert document["horizon_years"] == default_assumptions.org.horizon_years
    assert document["currency"] == "USD"
    assert [p["id"] for p in document["patterns"]] == list(default_assumptions.patterns)
    for pattern in document["patterns"]:
        assert set(pattern) >= PATTERN_KEYS | set(FIGURES)


def test_json_figures_are_the_engines(outputs, default_assumptions):
    result = estimate(default_assumptions, 50)
    for pattern in json.loads(outputs["json"])["patterns"]:
        figures = result.patterns[pattern["id"]]
        assert pattern["name"] == figures.pattern.name
        assert pattern["option"] == figures.pattern.option
        assert pattern["meets_requirement"] == figures.pattern.meets_requirement
        for name in FIGURES:
            assert pattern[name] == pytest.approx(getattr(figures, name)[0], abs=0.006), name


def test_csv_has_one_row_per_pattern(outputs, default_assumptions):
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert len(rows) == len(default_assumptions.patterns) == 6
    assert [row["id"] for row in rows] == list(default_assumptions.patterns)
    assert {row["services"] for row in rows} == {"50"}


def test_table_names_every_pattern(outputs, default_assumptions):
    for pattern in default_assumptions.patterns.values():
        assert pattern.name in outputs["table"]


def test_a_new_pattern_file_appears_with_no_code_change(inputs, runs):
    run = runs["new pattern"]
    assert run.returncode == 0, run.stderr
    patterns = {p["id"]: p for p in json.loads(run.stdout)["patterns"]}
    assert patterns[NEW_PATTERN["id"]]["name"] == NEW_PATTERN["name"]
    assumptions = load_assumptions(inputs["new pattern"])
    expected = estimate(assumptions, 7).patterns[NEW_PATTERN["id"]].tco_usd[0]
    assert patterns[NEW_PATTERN["id"]]["tco_usd"] == pytest.approx(expected, abs=0.006)
