"""Validate assumption files and folders, collecting every problem (``cli.py validate``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.decision import Decision
from accesscost.inputs.documents import load_file
from accesscost.inputs.folder_checks import check_risks
from accesscost.inputs.loading import load_assumptions, load_pattern, root_folder
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import GuardrailsFile, ThreatsFile
from accesscost.inputs.snapshot import DECISION_FILE, GUARDRAILS_FILE, THREATS_FILE, visible_yaml


@dataclass
class ValidationResult:
    ok: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def validate_paths(
    paths: Sequence[Path], scenarios: Sequence[Path] = (), baseline: Path | None = None
) -> ValidationResult:
    """Check each path (a folder as a whole assumptions set, a file by its kind) and each
    scenario file, wherever it is, against the ``baseline`` assumptions folder."""
    result = ValidationResult()
    checks = [(path, lambda p=path: _validate_one(p)) for path in paths]
    if scenarios:
        if baseline is None:
            raise ValueError("scenario files are checked against a baseline folder; none given")
        folder = baseline
        checks += [(path, lambda p=path: _against(folder, p)) for path in scenarios]
    for path, check in checks:
        try:
            check()
            result.ok.append(str(path))
        except AssumptionErrors as errors:
            # a folder's decisions share its org.yaml: a problem there is said once
            result.problems.extend(p for p in errors.problems if p not in result.problems)
    return result


def _against(baseline: Path, scenario: Path) -> None:
    from accesscost.inputs.applying import load_with_scenario

    load_with_scenario(baseline, scenario)


def _validate_one(path: Path) -> None:
    if path.is_dir():
        _validate_folder(path)
    elif path.name == DECISION_FILE:
        load_file(Decision, path)
    elif path.name == "org.yaml":
        load_file(Org, path)
    elif path.name == GUARDRAILS_FILE:
        load_file(GuardrailsFile, path)
    elif path.name == THREATS_FILE:
        load_file(ThreatsFile, path)
    elif path.parent.name == "scenarios":
        _validate_scenario(path)
    else:
        _validate_pattern(path)


def _validate_pattern(path: Path) -> None:
    """A pattern file, and its risks against the threats.yaml of its folder (if it has one)."""
    pattern = load_pattern(path)
    threats = path.parent.parent / THREATS_FILE
    if path.parent.name == "patterns" and threats.is_file():
        check_risks(pattern, str(path), load_file(ThreatsFile, threats))


def _validate_folder(path: Path) -> None:
    """A root folder: each of its decisions (``decisions/<id>/`` too) with its scenarios; a
    decision's folder: that decision. Every problem of every decision is reported."""
    from accesscost.inputs.decisions import decision_folders

    folders = decision_folders(path) if root_folder(path) == path else [path]
    problems = []
    for folder in folders:
        try:
            load_assumptions(folder)
            for scenario in visible_yaml(folder / "scenarios"):
                _validate_scenario(scenario, within=folder)
        except AssumptionErrors as errors:
            problems += [p for p in errors.problems if p not in problems]  # a shared org.yaml once
    if problems:
        raise AssumptionErrors(problems)


def _validate_scenario(path: Path, within: Path | None = None) -> None:
    """A scenario file: its own schema, then its overrides against the baseline beside it; one
    found in a folder is read only if it stays ``within`` that folder."""
    from accesscost.inputs.applying import load_with_scenario
    from accesscost.inputs.scenario_files import load_scenario

    baseline = path.parent.parent
    if (root_folder(baseline) / "org.yaml").is_file():
        load_with_scenario(baseline, path, within)
    else:
        load_scenario(path, within)
