"""Read an assumptions folder (the root's org.yaml, a decision's decision.yaml, threats,
guardrails and patterns) and validate the files together into ``Assumptions``.

Each file is read and parsed safely (``accesscost.inputs.safe_yaml``: size caps, the safe loader,
bounded aliases and nesting; the snapshot read and its parse are ``accesscost.inputs.snapshot``)
and validated into its typed model (``accesscost.inputs.documents``: every problem names the file,
the field path and the reason). Across files (``accesscost.inputs.folder_checks``): unit names,
threat references, pattern ids and the reference pattern are checked, every problem collected
into one ``AssumptionErrors``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem, collect
from accesscost.inputs.decision import Decision, legacy_decision
from accesscost.inputs.documents import load_file, validate_document
from accesscost.inputs.folder_checks import (
    guardrails_of,
    risk_problems,
    unit_problems,
    with_reference,
)
from accesscost.inputs.org_schema import Org
from accesscost.inputs.safe_yaml import MAX_FILE_BYTES, read_capped
from accesscost.inputs.schema import Guardrail, Pattern, Threat, ThreatsFile
from accesscost.inputs.snapshot import (
    DECISION_FILE,
    DECISIONS_FOLDER,
    GUARDRAILS_FILE,
    THREATS_FILE,
    Documents,
    FileText,
    parse_files,
    visible_yaml,
)


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


def validate_documents(documents: Documents, files: tuple[FileText, ...]) -> Assumptions:
    """Validate parsed documents into typed assumptions, naming file and field for each problem."""
    problems: list[Problem] = []
    org_path, org_document = documents.org
    org = collect(problems, lambda: validate_document(Org, org_document, org_path))
    patterns = {}
    ids = {Path(path).stem for path, _ in documents.patterns}
    for path, document in documents.patterns:
        pattern = collect(problems, lambda p=path, d=document: _pattern(d, p, ids))
        if pattern is not None:
            patterns[pattern.id] = pattern
    threats = collect(problems, lambda: _threats(documents.threats))
    if threats is not None:  # else threats.yaml's own problems are reported, not their echoes
        for path, _ in documents.patterns:
            pattern = patterns.get(Path(path).stem)
            if pattern is not None:
                problems += risk_problems(pattern, threats, path, documents.threats)
    guardrails = collect(problems, lambda: guardrails_of(documents.guardrails, ids, threats))
    threats = threats or {}
    decision = collect(problems, lambda: _decision(documents, org)) if org else None
    if decision is not None:
        problems += unit_problems(decision, documents, patterns, guardrails or {}, threats)
        org, reference_problem = with_reference(org, decision, documents, patterns)
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


def _read_text(file: FileText) -> str:
    """The text of a file that was read (an unreadable one is a problem raised before)."""
    if file.text is None:
        raise ValueError(f"{file.path} was not read: {file.problem}")
    return file.text


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
