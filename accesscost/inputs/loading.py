"""Read an assumptions folder (the root's org.yaml, a decision's decision.yaml, threats,
guardrails and patterns) and validate the files together into ``Assumptions``.

Each file is read and parsed safely (``accesscost.inputs.safe_yaml``: size caps, the safe loader,
bounded aliases and nesting) and validated into its typed model (``accesscost.inputs.documents``:
every problem names the file, the field path and the reason). Across files: unit names, threat
references, pattern ids and the reference pattern are checked, every problem collected into one
``AssumptionErrors``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.decision import Decision, legacy_decision
from accesscost.inputs.documents import load_file, validate_document
from accesscost.inputs.org_schema import Org
from accesscost.inputs.safe_yaml import MAX_FILE_BYTES, parse_yaml, read_capped
from accesscost.inputs.schema import (
    SECTIONS,
    Guardrail,
    GuardrailsFile,
    Pattern,
    Threat,
    ThreatsFile,
)

GUARDRAILS_FILE = "guardrails.yaml"


DECISION_FILE = "decision.yaml"


DECISIONS_FOLDER = "decisions"


THREATS_FILE = "threats.yaml"


@dataclass(frozen=True)
class SourceFile:
    """One file that was read: where, its checksum and when it last changed."""

    path: str
    sha256: str
    modified: float


@dataclass(frozen=True)
class Assumptions:
    org: Org
    patterns: dict[str, Pattern]
    files: tuple[SourceFile, ...] = field(default=())
    guardrails: dict[str, Guardrail] = field(default_factory=dict)
    decision: Decision = None  # type: ignore[assignment]  # None: the org's (an older folder)
    threats: dict[str, Threat] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.decision is None:
            object.__setattr__(self, "decision", legacy_decision(self.org))

    @property
    def reference_id(self) -> str:
        """The pattern savings are measured against: org.yaml's or decision.yaml's (the loader
        refuses a folder with neither, so a loaded folder has one)."""
        reference = self.org.reference_pattern
        assert reference is not None, "a loaded folder names its reference pattern"
        return reference

    def pattern(self, pattern_id: str) -> Pattern:
        return self.patterns[pattern_id]

    def with_patterns(self, patterns: dict[str, Pattern]) -> Assumptions:
        return dataclasses.replace(self, patterns=patterns)


@dataclass(frozen=True)
class FileText:
    """The text of one assumption file as read from disk (``text`` is None if unreadable)."""

    path: str
    text: str | None
    modified: float
    problem: str = ""
    problem_at: str = ""  # where in the file the problem is (a line), if anywhere


def _read(path: Path, folder: Path | None = None) -> FileText:
    try:
        text = read_capped(path, MAX_FILE_BYTES, folder)
        return FileText(str(path), text, path.stat().st_mtime)
    except AssumptionErrors as errors:
        first = errors.problems[0]
        return FileText(str(path), None, 0.0, first.reason, first.field)


def root_folder(folder: Path | str) -> Path:
    """The root assumptions folder (where ``org.yaml`` is) of ``folder``: itself, or the root two
    levels above a ``decisions/<id>`` folder."""
    folder = Path(folder)
    if not (folder / "org.yaml").exists() and folder.parent.name == DECISIONS_FOLDER:
        return folder.parent.parent
    return folder


def read_folder(folder: Path | str) -> tuple[FileText, ...]:
    """Read the root's ``org.yaml``, then the decision folder's ``decision.yaml``,
    ``guardrails.yaml`` and ``threats.yaml`` (if any) and every ``patterns/*.yaml``. ``folder`` is
    the root (its own decision) or a ``decisions/<id>`` folder beside the root's ``org.yaml``.

    The snapshot is what gets parsed, hashed or cached; the org file always comes first.
    """
    folder = Path(folder)
    root = root_folder(folder)
    paths = [root / "org.yaml"]
    paths.extend(
        folder / name
        for name in (DECISION_FILE, GUARDRAILS_FILE, THREATS_FILE)
        if (folder / name).exists()
    )
    paths.extend(visible_yaml(folder / "patterns"))
    return tuple(_read(path, root) for path in paths)


def visible_yaml(folder: Path) -> list[Path]:
    """The ``*.yaml`` files of a folder, sorted, without hidden ones (``.tmp-*`` of an atomic
    write, an editor's ``.#name.yaml`` lock)."""
    return sorted(p for p in Path(folder).glob("*.yaml") if not p.name.startswith("."))


@dataclass(frozen=True)
class Documents:
    """The parsed (not yet validated) YAML documents of a folder snapshot, by file path."""

    org: tuple[str, object]
    patterns: tuple[tuple[str, object], ...]
    guardrails: tuple[str, object] | None = None
    decision: tuple[str, object] | None = None  # None: an older folder, the org's decision
    threats: tuple[str, object] | None = None


def parse_files(files: tuple[FileText, ...]) -> Documents:
    """Parse every file of a snapshot with the safe loader; collect every problem."""
    problems = [Problem(f.path, f.problem_at, f.problem) for f in files if f.text is None]
    parsed = {}
    for file in files:
        if file.text is not None:
            document = _collect(problems, lambda f=file: parse_yaml(f.text, f.path))
            parsed[file.path] = document
    if problems:
        raise AssumptionErrors(problems)
    org_path = files[0].path
    named = {
        name: [path for path in parsed if Path(path).name == name and path != org_path]
        for name in (GUARDRAILS_FILE, DECISION_FILE, THREATS_FILE)
    }
    patterns = [(path, doc) for path, doc in parsed.items() if Path(path).parent.name == "patterns"]
    if not patterns:
        home = named[DECISION_FILE][0] if named[DECISION_FILE] else org_path
        folder = str(Path(home).parent / "patterns")
        raise AssumptionErrors.one(folder, "", "no pattern files (*.yaml) found")
    extra, decision, threats = (
        (paths[0], parsed[paths[0]]) if paths else None for paths in named.values()
    )
    return Documents((org_path, parsed[org_path]), tuple(patterns), extra, decision, threats)


def validate_documents(documents: Documents, files: tuple[FileText, ...]) -> Assumptions:
    """Validate parsed documents into typed assumptions, naming file and field for each problem."""
    problems: list[Problem] = []
    org_path, org_document = documents.org
    org = _collect(problems, lambda: validate_document(Org, org_document, org_path))
    patterns = {}
    ids = {Path(path).stem for path, _ in documents.patterns}
    for path, document in documents.patterns:
        pattern = _collect(problems, lambda p=path, d=document: _pattern(d, p, ids))
        if pattern is not None:
            patterns[pattern.id] = pattern
    threats = _collect(problems, lambda: _threats(documents.threats))
    if threats is not None:  # else threats.yaml's own problems are reported, not their echoes
        for path, _ in documents.patterns:
            pattern = patterns.get(Path(path).stem)
            if pattern is not None:
                problems += _risk_problems(pattern, threats, path, documents.threats)
    guardrails = _collect(problems, lambda: _guardrails(documents.guardrails, ids, threats))
    threats = threats or {}
    decision = _collect(problems, lambda: _decision(documents, org)) if org else None
    if decision is not None:
        problems += _unit_problems(decision, documents, patterns, guardrails or {}, threats)
        org, reference_problem = _with_reference(org, decision, documents, patterns)
        problems += reference_problem
    if problems:
        raise AssumptionErrors(problems)
    assert decision is not None  # read whenever the org was valid; else a problem was raised
    sources = tuple(SourceFile(f.path, _sha256(_read_text(f)), f.modified) for f in files)
    return Assumptions(org, patterns, sources, guardrails or {}, decision, threats)


def _decision(documents: Documents, org: Org) -> Decision:
    """The folder's ``decision.yaml``; for an older folder without one, the org's decision
    (which needs its ``services_per_host``)."""
    if documents.decision is not None:
        path, document = documents.decision
        moved = [name for name in ("services_per_host", "decision") if getattr(org, name)]
        if moved:
            reason = f"moved to {DECISION_FILE} (its units and question; a what-if sets units)"
            raise AssumptionErrors([Problem(documents.org[0], name, reason) for name in moved])
        return validate_document(Decision, document, path)
    if org.services_per_host is None:
        folder = Path(documents.org[0]).parent
        reason = "file not found: a decision folder needs one (question, requirement, units)"
        raise AssumptionErrors.one(str(folder / DECISION_FILE), "", reason)
    return legacy_decision(org)


def _unit_problems(
    decision: Decision, documents: Documents, patterns: dict, guardrails: dict, threats: dict
):
    """Every ``per`` (a limit's ``within``, a risk's ``blast_radius``, a threat's ``per``) must
    name a unit the decision declares."""
    paths = {_stem(path): path for path, _ in documents.patterns}
    tpath = documents.threats[0] if documents.threats else THREATS_FILE
    gpath = documents.guardrails[0] if documents.guardrails else GUARDRAILS_FILE
    named = [  # (file, field path, unit)
        *(
            (paths.get(pid, pid), field, unit)
            for pid, pattern in patterns.items()
            for field, unit in _unit_fields(pattern)
        ),
        *(
            (tpath, f"threats.{index}.per", threat.per)
            for index, threat in enumerate(threats.values())
        ),
        *(
            (gpath, f"guardrails.{index}.{field}", unit)
            for index, guardrail in enumerate(guardrails.values())
            for field, unit in _unit_fields(guardrail)
        ),
    ]
    where = documents.decision[0] if documents.decision else documents.org[0]
    reason = "unknown unit {!r}; the decision (" + where + ") has: " + ", ".join(decision.units)
    return [
        Problem(file, field, reason.format(unit))
        for file, field, unit in named
        if unit not in decision.units
    ]


def _unit_fields(model) -> list[tuple[str, str]]:
    """(field path, unit) of every line item's ``per`` and every limit's ``per`` and ``within``."""
    found = []
    for index, risk in enumerate(getattr(model, "risks", None) or []):
        found.append((f"risks.{index}.blast_radius", risk.blast_radius))
    for section in (*SECTIONS, "limits"):
        for index, item in enumerate(getattr(model, section, None) or []):
            found.append((f"{section}.{index}.per", item.per))
            if section == "limits":
                found.append((f"{section}.{index}.within", item.within))
    return found


def _stem(path: str) -> str:
    return Path(path).stem


def _with_reference(org: Org, decision: Decision, documents: Documents, patterns: dict):
    """The org with the decision's reference pattern (or its own), and any problem with it."""
    reference = decision.reference_pattern or org.reference_pattern
    where = documents.org[0]
    if decision.reference_pattern and documents.decision is not None:  # an older folder's has none
        where = documents.decision[0]
    if reference is None:
        reason = "required field is missing (the pattern savings are measured against)"
        return org, [Problem(where, "reference_pattern", reason)]
    if patterns and reference not in patterns:
        known = ", ".join(sorted(patterns))
        reason = f"unknown pattern {reference!r}; known: {known}"
        return org, [Problem(where, "reference_pattern", reason)]
    return org.model_copy(update={"reference_pattern": reference}), []


def assumptions_from_files(files: tuple[FileText, ...]) -> Assumptions:
    """Parse and validate a folder snapshot into typed assumptions."""
    return validate_documents(parse_files(files), files)


def load_assumptions(folder: Path | str) -> Assumptions:
    """Load ``org.yaml``, ``guardrails.yaml``, ``threats.yaml`` and every ``patterns/*.yaml``."""
    return assumptions_from_files(read_folder(folder))


def _pattern(document: object, path: str, ids: AbstractSet[str]) -> Pattern:
    return _check_id(validate_document(Pattern, document, path), path, ids)


def _threats(entry: tuple[str, object] | None) -> dict[str, Threat]:
    if entry is None:
        return {}
    path, document = entry
    return {t.id: t for t in validate_document(ThreatsFile, document, path).threats}


def check_risks(pattern: Pattern, path: str, threats: ThreatsFile) -> None:
    """A pattern's risks against a threats file: every threat stated once, no unknown one."""
    known = {t.id: t for t in threats.threats}
    problems = _risk_problems(pattern, known, path, (THREATS_FILE, None))
    if problems:
        raise AssumptionErrors(problems)


def _known(names) -> str:
    return ", ".join(sorted(names)) or "none defined"


def _risk_problems(pattern: Pattern, threats: dict, path: str, entry) -> list[Problem]:
    """A pattern's ``risks`` name threats of threats.yaml, and state every one of them."""
    if not threats:
        if pattern.risks and entry is None:
            reason = f"names threats, but no {THREATS_FILE} beside patterns/ defines them"
            return [Problem(path, "risks", reason)]
        return []  # threats.yaml itself failed: its problems are reported already
    problems = []
    for index, item in enumerate(pattern.risks):
        if item.threat not in threats:
            reason = f"unknown threat {item.threat!r}; known: {_known(threats)}"
            problems.append(Problem(path, f"risks.{index}.threat", reason))
    missing = [t for t in threats if t not in {item.threat for item in pattern.risks}]
    if missing and not pattern.risks:
        reason = (
            f"required: this decision defines its threats in {THREATS_FILE} ({_known(threats)}); "
            "state for each its vulnerability, blast radius and loss (the pattern's own "
            "compliance items are not shared with the other patterns)"
        )
        problems.append(Problem(path, "risks", reason))
    elif missing:
        reason = (
            f"threat {missing[0]!r} of {THREATS_FILE} is not stated: give its vulnerability, "
            "blast radius and loss (vulnerability 0 if this pattern cannot suffer it)"
        )
        problems.append(Problem(path, "risks", reason))
    return problems


def _guardrails(
    entry: tuple[str, object] | None, pattern_ids: set, threats: dict | None = None
) -> dict[str, Guardrail]:
    if entry is None:
        return {}
    path, document = entry
    parsed = validate_document(GuardrailsFile, document, path)
    problems = []
    for index, guardrail in enumerate(parsed.guardrails):
        for unknown in sorted(set(guardrail.applies_to) - pattern_ids):
            field = f"guardrails.{index}.applies_to"
            problems.append(Problem(path, field, f"unknown pattern {unknown!r}"))
        for number, mitigation in enumerate(guardrail.mitigates):
            if threats is not None and mitigation.threat not in (*threats, None):
                field = f"guardrails.{index}.mitigates.{number}.threat"
                reason = f"unknown threat {mitigation.threat!r}; known: {_known(threats or {})}"
                problems.append(Problem(path, field, reason))
    if problems:
        raise AssumptionErrors(problems)
    return {g.id: g for g in parsed.guardrails}


def load_pattern(path: Path) -> Pattern:
    return _check_id(load_file(Pattern, path), str(path))


def _check_id(pattern: Pattern, path: str, ids: AbstractSet[str] = frozenset()) -> Pattern:
    stem = Path(path).stem
    if pattern.id != stem:
        reason = f"must match the file name {stem!r}, got {pattern.id!r}"
        if pattern.id in ids:
            reason = (
                f"duplicate pattern id {pattern.id!r}, already the id of {pattern.id}.yaml "
                f"(an id must match its file name, {stem!r})"
            )
        raise AssumptionErrors.one(path, "id", reason)
    return pattern


def _collect(problems: list[Problem], load):
    try:
        return load()
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        return None


def _read_text(file: FileText) -> str:
    """The text of a file that was read (an unreadable one is a problem raised before)."""
    if file.text is None:
        raise ValueError(f"{file.path} was not read: {file.problem}")
    return file.text


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
