"""What-if scenarios: named overrides on top of the baseline assumption files.

A scenario file holds only what differs from the baseline, so it reads well in a code review:

    name: Keys rotated monthly
    description: Why someone asked for it.
    overrides:
      org: {default_services: 80}
      units: {host: 8}        # decision.yaml's host unit: 8 services per EC2 host
      patterns:
        d-iam-user-keys:
          operations:
            "Rotate the access key (create, distribute, deactivate the old one)":
              frequency: monthly
    guardrails:
      b-task-role: [permission-boundaries]

Overrides deep-merge onto the baseline documents: mappings merge key by key; a quantity (hours,
usd, annual_probability, impact_usd, hourly_rate_usd, vulnerability, primary_usd,
secondary_probability, secondary_usd) is replaced whole; a line-item list is addressed by item
name, a pattern's ``risks`` by threat id. An unknown pattern or item is rejected with the
names that exist; the merged documents are validated like the baseline, and every problem
names the scenario and the override path. Scenario files are written atomically (temp file,
then rename) into the scenarios folder only, under a sanitised name; the baseline files are
never written.
"""

from __future__ import annotations

import copy
import errno
import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, field_validator

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.files import file_kind, write_atomic
from accesscost.inputs.documents import validate_document
from accesscost.inputs.fields import PLAIN_TEXT_PATTERN, Strict, Text, UnitKey
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import (
    Assumptions,
    Documents,
    FileText,
    parse_files,
    validate_documents,
    visible_yaml,
)
from accesscost.inputs.safe_yaml import decode_text, parse_yaml, read_capped
from accesscost.inputs.schema import SECTIONS

MAX_SCENARIO_BYTES = 64 * 1024
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
MAX_DESCRIPTION = 20_000  # characters (and at most half a scenario file's bytes); the page's box
MAX_DESCRIPTION_BYTES = MAX_SCENARIO_BYTES // 2
MAX_GUARDRAILS = 32  # guardrails switched on for one pattern
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
WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$")


class Overrides(Strict):
    org: dict[str, Any] = Field(default_factory=dict)
    patterns: dict[str, dict[str, Any]] = Field(default_factory=dict)
    units: dict[UnitKey, Annotated[float, Field(gt=0, le=100_000)]] = Field(
        default_factory=dict,
        description="the number that counts a decision.yaml unit (per_service, services_per or "
        "fixed), by unit",
    )


class Scenario(Strict):
    name: Annotated[Text, Field(max_length=80)]
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION)] = ""
    overrides: Overrides = Overrides()
    guardrails: dict[str, Annotated[list[str], Field(max_length=MAX_GUARDRAILS)]] = Field(
        default={}, description="guardrail ids switched on, by pattern id"
    )
    evidence: dict[
        Annotated[str, Field(max_length=300)],
        Annotated[str, Field(pattern=PLAIN_TEXT_PATTERN, max_length=300)],
    ] = Field(
        default={},
        max_length=50,
        description="where an overridden value came from, by its path "
        "(e.g. org.access_keys: credential report, 2026-11-30, 37 rows)",
    )

    @field_validator("description")
    @classmethod
    def _fits_the_file(cls, description: str) -> str:
        if len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
            limit = MAX_DESCRIPTION_BYTES // 1024
            raise ValueError(f"description is longer than {limit} KiB of UTF-8 text")
        return description

    @property
    def is_empty(self) -> bool:
        overrides = self.overrides
        return not (overrides.org or overrides.patterns or overrides.units or self.guardrails)

    def overrides_document(self) -> dict | None:
        """What the scenario changes, as plain data for exports (None for the baseline)."""
        if self.is_empty:
            return None
        document = {**self.overrides.model_dump(mode="json"), "guardrails": self.guardrails}
        return document | ({"evidence": self.evidence} if self.evidence else {})


def overridden_value(overrides: Overrides, path: str) -> Any:
    """The value an override sets at an evidence path (``org.a.b`` or
    ``patterns.<id>.<section>.<item name>.<field>``; item names may hold dots), or None."""
    if path.startswith("org."):
        value: Any = overrides.org
        for part in path.removeprefix("org.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    head, _, rest = path.partition(".")
    pattern_id, _, rest = rest.partition(".")
    section, _, rest = rest.partition(".")
    item, _, field = rest.rpartition(".")
    if head != "patterns" or not item:
        return None
    items = overrides.patterns.get(pattern_id, {}).get(section, {})
    return items.get(item, {}).get(field) if isinstance(items, dict) else None


def standing_evidence(start: Scenario, overrides: Overrides) -> dict[str, str]:
    """The sources of ``start`` whose values ``overrides`` still sets as they were: a value
    edited since it was imported no longer comes from the file."""
    return {
        path: source
        for path, source in start.evidence.items()
        if overridden_value(overrides, path) == overridden_value(start.overrides, path)
        and overridden_value(overrides, path) is not None
    }


BASELINE = Scenario(name="Baseline", description="The committed assumption files, unchanged.")


class ScenarioExists(AssumptionErrors):
    """Saving would replace an existing scenario file; the caller must confirm."""


# -- merging ---------------------------------------------------------------------------------


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


# -- files -------------------------------------------------------------------------------------


def scenario_from_text(text: str, file: str) -> Scenario:
    """Parse and validate a scenario file's text (safe YAML, size-capped)."""
    if len(text.encode("utf-8", "replace")) > MAX_SCENARIO_BYTES:
        limit = MAX_SCENARIO_BYTES // 1024
        raise AssumptionErrors.one(file, "", f"scenario file is larger than {limit} KiB")
    return validate_document(Scenario, parse_yaml(text, file), file)


def scenario_from_bytes(data: bytes, file: str) -> Scenario:
    return scenario_from_text(decode_text(data, file, MAX_SCENARIO_BYTES), file)


def load_scenario(path: Path, within: Path | None = None) -> Scenario:
    """A scenario file, refused by its size before it is read (at most 64 KiB are read), and
    refused if it is a symlink out of the folder ``within`` (when given)."""
    path = Path(path)
    return scenario_from_text(read_capped(path, MAX_SCENARIO_BYTES, within), str(path))


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as YAML: name, description, then only the overrides that are set."""
    dumped = scenario.model_dump(mode="json", exclude_defaults=True)
    document = {"name": scenario.name, "description": scenario.description}
    fields = ("overrides", "guardrails", "evidence")
    document |= {key: dumped[key] for key in fields if dumped.get(key)}
    header = "# What-if scenario: overrides on top of the baseline assumption files.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def scenario_slug(name: str) -> str:
    """A safe file stem for a scenario name: no separators, no dots, no hidden files."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].strip("-")
    if not slug:
        raise AssumptionErrors.one("scenario", "name", "needs at least one letter or digit")
    if WINDOWS_DEVICES.match(slug):
        reason = f"{slug!r} names a device on Windows ({slug}.yaml cannot be opened there)"
        raise AssumptionErrors.one("scenario", "name", f"{reason}; choose another name")
    return slug


def scenario_path(folder: Path, name: str) -> Path:
    folder = Path(folder).resolve()
    path = (folder / f"{scenario_slug(name)}.yaml").resolve()
    if path.parent != folder:
        raise AssumptionErrors.one("scenario", "name", "must stay inside the scenarios folder")
    return path


def list_scenarios(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return visible_yaml(folder)


def save_scenario(folder: Path, scenario: Scenario, overwrite: bool = False) -> Path:
    """Write the scenario atomically as ``<slug>.yaml``; refuse to replace one unless told.

    A new name is created exclusively: of two saves of the same new name at once, one writes the
    file and the other is told it exists (``ScenarioExists``), never both "saved"."""
    path = scenario_path(folder, scenario.name)
    exists = ScenarioExists(
        [Problem("scenario", "name", f"{path.name} already exists; confirm to replace it")]
    )
    if path.exists() and not overwrite:
        raise exists
    try:
        write_atomic(path, scenario_yaml(scenario), exclusive=not overwrite)
    except FileExistsError as error:
        if path.parent.is_dir():  # the name was taken between the check and the write
            raise exists from None
        raise AssumptionErrors.one(str(path), "", _cannot("save", path, error)) from None
    except OSError as error:
        raise AssumptionErrors.one(str(path), "", _cannot("save", path, error)) from None
    return path


def delete_scenario(folder: Path, path: Path) -> None:
    """Delete exactly the listed scenario file ``path``: never a symlink, never a file that is
    not one of ``list_scenarios(folder)``, never another file of a similar name."""
    path, listed = Path(path), {p.name for p in list_scenarios(folder)}
    if path.parent.resolve() != Path(folder).resolve():
        raise AssumptionErrors.one(str(path), "", "not in the scenarios folder; not deleted")
    if path.is_symlink():
        reason = "is a symlink; delete it outside the page if you mean to"
        raise AssumptionErrors.one(str(path), "", reason)
    if path.name not in listed or file_kind(path) != "a regular file":
        raise AssumptionErrors.one(str(path), "", f"not a saved scenario ({file_kind(path)})")
    try:
        path.unlink()
    except OSError as error:
        raise AssumptionErrors.one(str(path), "", _cannot("delete", path, error)) from None


def _cannot(action: str, path: Path, error: OSError) -> str:
    """Why a scenario file could not be written or removed, in words."""
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return f"cannot {action} it: {folder} is a file, not a folder"
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return f"cannot {action} it: the scenarios folder {folder} is read-only"
    return f"cannot {action} it: {error.strerror or error}"


def with_rate(scenario: Scenario, rate: float | None) -> Scenario:
    """The scenario with the hourly rate set (a point value), or unchanged for ``None``."""
    if rate is None:
        return scenario
    org = dict(scenario.overrides.org)
    org["labour"] = {**org.get("labour", {}), "hourly_rate_usd": rate}
    overrides = Overrides(org=org, patterns=scenario.overrides.patterns)
    return scenario.model_copy(update={"overrides": overrides})


def load_with_scenario(
    folder: Path | str,
    scenario_file: Path | str | None = None,
    within: Path | None = None,
    rate: float | None = None,
) -> tuple[Assumptions, Scenario]:
    """The assumptions of a folder, with a scenario file applied when one is given (a scenario
    listed from a folder is read only ``within`` it), and the hourly rate set when one is given."""
    from accesscost.inputs.loading import read_folder

    files = read_folder(folder)
    if scenario_file is None and rate is None:
        return validate_documents(parse_files(files), files), BASELINE
    scenario = BASELINE if scenario_file is None else load_scenario(Path(scenario_file), within)
    label = "--rate" if scenario_file is None else str(scenario_file)
    scenario = with_rate(scenario, rate)
    return apply_scenario(files, scenario, label), scenario
