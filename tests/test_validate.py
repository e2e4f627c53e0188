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

from models.engine import estimate
from models.loading import load_assumptions

# --- validate: bad files ----------------------------------------------------------------------

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
        "requirement_gap is required when meets_requirement is false",
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
    "org: no hosts": BadFile(
        "org.yaml",
        yaml.safe_dump({"services_per_host": 0}),
        "services_per_host",
        "greater than or equal to 1",
    ),
}

KNOWN_BUGS = {
    "no requirement_gap": (
        "models/loading.py _problem: a model-level validator (Pattern._gap_explained, "
        "models/schema.py) has an empty error loc, so the line is 'file: reason' with no field "
        "path; expected 'file: requirement_gap: ...'"
    ),
    "integer too large for a float": (
        "models/quantity.py _check_bounds: math.isfinite(10**400) raises OverflowError, which "
        "pydantic does not catch, so `cli.py validate` prints a traceback instead of a field error"
    ),
}


def _case(case_id: str):
    """A parameter for ``case_id``, expected to fail (strictly) where a known bug is."""
    if case_id in KNOWN_BUGS:
        return pytest.param(
            case_id, id=case_id, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case_id])
        )
    return pytest.param(case_id, id=case_id)


@pytest.fixture(scope="module")
def bad_file_runs(tmp_path_factory, run_cli_many) -> dict:
    """Each bad file validated by its own ``cli.py validate`` process."""
    paths = {}
    for case_id, case in BAD_FILES.items():
        path = tmp_path_factory.mktemp("bad") / case.name
        if case.text is not MISSING:
            path.write_text(case.text)
        paths[case_id] = path
    runs = run_cli_many([("validate", path) for path in paths.values()])
    return {case_id: (paths[case_id], run) for case_id, run in zip(paths, runs, strict=True)}


def _problem_line(file: Path, field: str | re.Pattern, reason: str) -> re.Pattern:
    """``file: field.path: reason`` (``file: reason`` when the problem is the whole file)."""
    if isinstance(field, re.Pattern):
        where = field.pattern + ": "
    else:
        where = re.escape(field) + ": " if field else ""
    return re.compile(f"^{re.escape(str(file))}: {where}.*{re.escape(reason)}", re.MULTILINE)


@pytest.mark.parametrize("case_id", [_case(case_id) for case_id in BAD_FILES])
def test_validate_names_file_field_and_reason(bad_file_runs, case_id):
    path, run = bad_file_runs[case_id]
    case = BAD_FILES[case_id]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert _problem_line(path, case.field, case.reason).search(run.stderr), run.stderr
    assert f"{path}: ok" not in run.stdout


def test_a_python_tag_is_never_executed(bad_file_runs):
    _, run = bad_file_runs["python object tag"]
    assert "hi" not in run.stdout.splitlines()


# --- validate: good files ---------------------------------------------------------------------

COMMITTED = [
    "assumptions",
    "assumptions/org.yaml",
    *sorted(
        f"assumptions/patterns/{p.name}"
        for p in Path(__file__).parent.parent.glob("assumptions/patterns/*.yaml")
    ),
]


@pytest.fixture(scope="module")
def good_files_run(run_cli):
    return run_cli("validate", *COMMITTED)


@pytest.mark.parametrize("path", COMMITTED)
def test_every_committed_file_and_the_folder_is_valid(good_files_run, path):
    assert f"{path}: ok" in good_files_run.stdout.splitlines()
    assert good_files_run.returncode == 0, good_files_run.stderr
    assert good_files_run.stderr == ""


# --- estimate: bad service counts -------------------------------------------------------------

BAD_SERVICES = ["0", "-3", "1e9", "2.5", "abc", "inf"]
NUMPY_WARNING = (
    "models/engine.py services_array: `counts % 1` on inf emits a numpy RuntimeWarning "
    "('invalid value encountered in remainder') on stderr, so `--services inf` gets two lines "
    "of noise before the one-line message"
)


@pytest.fixture(scope="module")
def bad_services_runs(run_cli_many) -> dict:
    runs = run_cli_many([("estimate", "--services", value) for value in BAD_SERVICES])
    return dict(zip(BAD_SERVICES, runs, strict=True))


@pytest.mark.parametrize(
    "value",
    [
        *BAD_SERVICES[:-1],
        pytest.param("inf", marks=pytest.mark.xfail(strict=True, reason=NUMPY_WARNING)),
    ],
)
def test_estimate_refuses_a_bad_service_count_in_one_line(bad_services_runs, value):
    run = bad_services_runs[value]
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("--services: must be a whole number")


def test_estimate_with_bad_assumptions_lists_each_problem(
    tmp_path, run_cli, write_assumptions, org_document, pattern_document
):
    org = org_document() | {"colour": "red"}
    ref = pattern_document("ref")
    ref["implementation"][0]["hours"] = -1
    folder = write_assumptions(tmp_path, org, {"ref": ref})
    run = run_cli("estimate", "--services", "5", "--assumptions", folder)
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert run.stdout == ""
    assert f"{folder / 'org.yaml'}: colour: unknown field" in run.stderr.splitlines()
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
def outputs(run_cli_many) -> dict:
    formats = ("json", "csv", "table")
    runs = run_cli_many([("estimate", "--services", "50", "--format", f) for f in formats])
    for run in runs:
        assert run.returncode == 0, run.stderr
    return {f: run.stdout for f, run in zip(formats, runs, strict=True)}


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


def test_a_new_pattern_file_appears_with_no_code_change(tmp_path, run_cli, repo_root):
    folder = tmp_path / "assumptions"
    shutil.copytree(repo_root / "assumptions", folder)
    document = yaml.safe_load((folder / "patterns" / "b-task-role.yaml").read_text())
    document |= {"id": "g-new-pattern", "option": "G", "name": "A pattern added as a file"}
    (folder / "patterns" / "g-new-pattern.yaml").write_text(yaml.safe_dump(document))

    run = run_cli("estimate", "--services", "7", "--assumptions", folder)

    assert run.returncode == 0, run.stderr
    patterns = {p["id"]: p for p in json.loads(run.stdout)["patterns"]}
    assert patterns["g-new-pattern"]["name"] == "A pattern added as a file"
    expected = estimate(load_assumptions(folder), 7).patterns["g-new-pattern"].tco_usd[0]
    assert patterns["g-new-pattern"]["tco_usd"] == pytest.approx(expected, abs=0.006)
