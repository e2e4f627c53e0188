"""Applying a what-if scenario to the baseline assumption files.

Overrides deep-merge onto the baseline documents: mappings merge key by key; a quantity (hours,
usd, annual_probability, impact_usd, hourly_rate_usd, vulnerability, primary_usd,
secondary_probability, secondary_usd) is replaced whole; a line-item list is addressed by item
name, a pattern's ``risks`` by threat id. An unknown pattern or item is rejected with the
names that exist, and so is an override of anything a what-if may not change (``RULE``); the
merged documents are validated like the baseline, and every problem names the scenario and the
override path. The baseline files are never written.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.fields import Strict
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import Assumptions, read_folder, validate_documents
from accesscost.inputs.scenario import BASELINE, Overrides, Scenario, with_rate
from accesscost.inputs.scenario_files import load_scenario
from accesscost.inputs.schema import SECTIONS
from accesscost.inputs.snapshot import Documents, FileText, parse_files

QUANTITY_FIELDS = {
    "hours",
    "usd",
    "annual_probability",
    "impact_usd",
    "hourly_rate_usd",
    "vulnerability",
    "primary_usd",
    "secondary_probability",
    "secondary_usd",
}
# What a what-if may change: quantities, frequencies, counts and guardrails. What a pattern *is*
# (its name, option letter, whether it meets the requirement and why not, its security posture,
# notes, diagram, item names, units and sources) and the org's currency, reference and sources stay
# as the files say; an override of one of them is refused, in the page and the CLI alike.
ITEM_FIELDS = QUANTITY_FIELDS | {"frequency"}
REFUSED_ORG = {
    (): {"currency", "reference_pattern", "services_per_host_source", "decision"},
    ("labour",): {"source"},
    ("risk_tolerance",): {"source"},
}
RULE = "a what-if changes quantities, frequencies, counts and guardrails, not"
ITEM_SECTIONS = (*SECTIONS, "risks")  # the lists of a pattern whose items an override names
ITEM_KEY = {"risks": "threat"}  # what names an item of a list (else its name)


def _merge(base: Any, override: Any, path: str, file: str) -> Any:
    if not isinstance(override, dict) or not isinstance(base, dict):
        return copy.deepcopy(override)
    merged = copy.deepcopy(base)
    for key, value in override.items():
        child = f"{path}.{key}"
        if key in ITEM_SECTIONS and isinstance(base.get(key, []), list):
            items = base.get(key, [])
            merged[key] = _merge_items(items, value, child, file, ITEM_KEY.get(key, "name"))
        elif key in QUANTITY_FIELDS:
            merged[key] = copy.deepcopy(value)
        else:
            merged[key] = _merge(base.get(key), value, child, file)
    return merged


def _merge_items(items: list, override: Any, path: str, file: str, key: str = "name") -> list:
    if not isinstance(override, dict):
        reason = f"give a mapping of item {key} to the fields that change"
        raise AssumptionErrors.one(file, path, reason)
    by_name = {
        item[key]: i
        for i, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get(key), str)
    }
    merged = copy.deepcopy(items)
    for name, fields in override.items():
        if name not in by_name:
            known = "; ".join(str(n) for n in by_name)
            raise AssumptionErrors.one(file, f"{path}.{name}", f"unknown item; known: {known}")
        merged[by_name[name]] = _merge(items[by_name[name]], fields, f"{path}.{name}", file)
    return merged


def _refused_org(org: dict, file: str) -> list[Problem]:
    problems = []
    for where, refused in REFUSED_ORG.items():
        part: object = org
        for key in where:
            part = part.get(key) if isinstance(part, dict) else None
        for key in sorted(refused & set(part)) if isinstance(part, dict) else ():
            field = ".".join(("overrides", "org", *where, key))
            problems.append(Problem(file, field, f"{RULE} {key}"))
    return problems


def _refused_pattern(pid: str, override: dict, file: str) -> list[Problem]:
    from accesscost.inputs.schema import Pattern

    problems, base = [], f"overrides.patterns.{pid}"
    for key, value in override.items():
        if key in ITEM_SECTIONS and isinstance(value, dict):
            for name, fields in value.items():
                refused = set(fields) - ITEM_FIELDS if isinstance(fields, dict) else set()
                for field in sorted(refused & _item_fields(key)):
                    problems.append(
                        Problem(file, f"{base}.{key}.{name}.{field}", f"{RULE} {field}")
                    )
        elif key in Pattern.model_fields and key not in ITEM_SECTIONS:
            problems.append(Problem(file, f"{base}.{key}", f"{RULE} {key}"))
    return problems


def _item_fields(section: str) -> set[str]:
    from accesscost.inputs.schema import ComplianceItem, OperationsItem, RiskItem, WorkItem

    models: dict[str, type[Strict]] = {
        "operations": OperationsItem,
        "compliance": ComplianceItem,
        "risks": RiskItem,
    }
    model = models.get(section, WorkItem)
    return set(model.model_fields)


def check_overrides(overrides: Overrides, file: str) -> None:
    """Refuse an override of anything a what-if may not change (``RULE``), naming its path.

    Unknown fields are left to the validation of the merged files, which says "did you mean"."""
    problems = _refused_org(overrides.org, file)
    for pid, override in overrides.patterns.items():
        problems += _refused_pattern(pid, override, file)
    if problems:
        raise AssumptionErrors(problems)


def merge_overrides(documents: Documents, overrides: Overrides, file: str) -> Documents:
    """The baseline documents with the overrides deep-merged onto them, once every override is
    known to be one a what-if may make (``check_overrides``)."""
    org_path, org = documents.org
    merged_org = _merge(org, overrides.org, "overrides.org", file)
    by_id = {_pattern_id(path): (path, doc) for path, doc in documents.patterns}
    unknown = sorted(set(overrides.patterns) - set(by_id))
    if unknown:
        known = ", ".join(sorted(by_id))
        field = f"overrides.patterns.{unknown[0]}"
        raise AssumptionErrors.one(file, field, f"unknown pattern; known: {known}")
    check_overrides(overrides, file)
    patterns = tuple(
        (path, _merge(doc, overrides.patterns.get(pid, {}), f"overrides.patterns.{pid}", file))
        for pid, (path, doc) in by_id.items()
    )
    decision = _merge_units(documents.decision, overrides.units, file)
    return Documents(
        (org_path, merged_org), patterns, documents.guardrails, decision, documents.threats
    )


def _merge_units(decision: tuple[str, object] | None, units: dict[str, float], file: str):
    """The decision document with the what-if's unit counts (``overrides.units``) set."""
    if not units:
        return decision
    path, document = decision if decision is not None else (file, None)
    if not isinstance(document, dict):
        reason = "this folder has no decision.yaml whose units a what-if could change"
        raise AssumptionErrors.one(file, "overrides.units", reason)
    merged = copy.deepcopy(document)
    declared = given if isinstance(given := merged.get("units"), dict) else {}
    problems = []
    for key, value in units.items():
        spec = declared.get(key)
        way = next((w for w in ("per_service", "services_per", "fixed") if w in (spec or {})), None)
        if spec is None or way is None or key == merged.get("count"):
            changeable = [
                k
                for k, v in declared.items()
                if k != merged.get("count") and isinstance(v, dict) and "org_count" not in v
            ]
            reason = (
                f"not a unit a what-if can count differently; these can: {', '.join(changeable)}"
            )
            problems.append(Problem(file, f"overrides.units.{key}", reason))
        else:
            spec[way] = value
    if problems:
        raise AssumptionErrors(problems)
    return path, merged


def _pattern_id(path: str) -> str:
    return Path(path).stem


def _relabel(problem: Problem, documents: Documents, file: str) -> Problem:
    """A problem in a merged document, named as the scenario override that caused it."""
    if problem.file == documents.org[0]:
        return Problem(file, f"overrides.org.{problem.field}", problem.reason)
    if documents.decision and problem.file == documents.decision[0]:
        return Problem(file, f"overrides.{problem.field}", problem.reason)
    for path, document in documents.patterns:
        if problem.file == path:
            field = _named_path(document, problem.field)
            return Problem(file, f"overrides.patterns.{_pattern_id(path)}.{field}", problem.reason)
    return problem


def _named_path(document: object, field: str) -> str:
    parts = field.split(".")
    sectioned = len(parts) > 1 and parts[0] in ITEM_SECTIONS and parts[1].isdigit()
    if sectioned and isinstance(document, dict):
        items = document.get(parts[0]) or []
        index, key = int(parts[1]), ITEM_KEY.get(parts[0], "name")
        if index < len(items) and isinstance(items[index], dict) and key in items[index]:
            parts[1] = str(items[index][key])
    return ".".join(parts)


def apply_scenario(files: tuple[FileText, ...], scenario: Scenario, file: str) -> Assumptions:
    """Baseline files with a scenario's overrides and guardrails applied, validated."""
    documents = parse_files(files)
    merged = merge_overrides(documents, scenario.overrides, file)
    try:
        assumptions = validate_documents(merged, files)
    except AssumptionErrors as errors:
        problems = [_relabel(p, merged, file) for p in errors.problems]
        raise AssumptionErrors(problems) from None
    return apply_guardrails(assumptions, scenario.guardrails, file)


def load_with_scenario(
    folder: Path | str,
    scenario_file: Path | str | None = None,
    within: Path | None = None,
    rate: float | None = None,
) -> tuple[Assumptions, Scenario]:
    """The assumptions of a folder, with a scenario file applied when one is given (a scenario
    listed from a folder is read only ``within`` it), and the hourly rate set when one is given."""
    files = read_folder(folder)
    if scenario_file is None and rate is None:
        return validate_documents(parse_files(files), files), BASELINE
    scenario = BASELINE if scenario_file is None else load_scenario(Path(scenario_file), within)
    label = "--rate" if scenario_file is None else str(scenario_file)
    scenario = with_rate(scenario, rate)
    return apply_scenario(files, scenario, label), scenario
