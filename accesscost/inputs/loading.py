"""Read assumption files safely and validate them into typed objects.

YAML is parsed with the safe loader only (no Python object tags; libyaml's when installed), from
files of at most ``MAX_FILE_BYTES`` (refused by their size before they are read), and a document
whose aliases would expand to more than ``MAX_NODES`` nodes (a "billion laughs" file) or that nests
deeper than ``MAX_DEPTH`` is refused before anything is built from it. A key given twice in a
mapping is an error, not silently the last one. Every problem becomes an ``AssumptionErrors``
naming the file, the field path (or the line) and the reason; an unknown key gets the closest
known field ("did you mean").
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import typing
from collections.abc import Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.files import file_kind
from accesscost.core.safe_text import control_character, short_text
from accesscost.inputs.decision import Decision, legacy_decision
from accesscost.inputs.schema import (
    PATTERN_MEANING,
    SECTIONS,
    Guardrail,
    GuardrailsFile,
    Org,
    Pattern,
    Threat,
    ThreatsFile,
)

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 40
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


if TYPE_CHECKING:  # libyaml's loader has the pure-Python one's interface
    _BaseSafeLoader = yaml.SafeLoader
else:
    _BaseSafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseSafeLoader):
    """The safe loader (libyaml's when installed) that refuses a key given twice in a mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        _refuse_duplicate_keys(self, node)
        return super().construct_mapping(node, deep=deep)


def _refuse_duplicate_keys(
    loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode
) -> None:
    first: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            continue  # the constructor reports an unhashable key itself
        if key in first:
            reason = f"duplicate key {key!r} (first given on line {first[key] + 1})"
            raise yaml.constructor.ConstructorError(
                problem=reason, problem_mark=key_node.start_mark
            )
        first[key] = key_node.start_mark.line


def parse_yaml(text: str, file: str) -> object:
    """Parse YAML text with the safe loader and the size and expansion bounds."""
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise AssumptionErrors.one(file, "", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        _check_expansion(node, file)
        document = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        where, reason = _yaml_position(error, text), _yaml_reason(error, text)
        raise AssumptionErrors.one(file, where, reason) from None
    except RecursionError:
        raise AssumptionErrors.one(file, "", "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    _refuse_control_characters(document, (), file)
    return document


def _refuse_control_characters(value: object, path: tuple, file: str) -> None:
    """The reader refuses control characters in the text, but YAML's escapes (``"\\e"``,
    ``"\\x01"``) make them inside quoted strings: refuse those too, by their field path."""
    if isinstance(value, str):
        found = control_character(value)
        if found:
            field = ".".join(short_text(part, 24) for part in path)
            reason = f"control character {found} is not allowed (a YAML escape such as \\e)"
            raise AssumptionErrors.one(file, field, reason)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_control_characters(key, (*path, key), file)
            _refuse_control_characters(item, (*path, key), file)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_control_characters(item, (*path, index), file)


def _check_expansion(node: yaml.Node | None, file: str) -> None:
    sizes: dict[int, int] = {}

    def size(current: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise AssumptionErrors.one(
                file, "", f"YAML is nested more than {MAX_DEPTH} levels deep"
            )
        if id(current) not in sizes:
            children = _children(current)
            sizes[id(current)] = 1 + sum(size(child, depth + 1) for child in children)
        return sizes[id(current)]

    if node is not None and size(node, 0) > MAX_NODES:
        raise AssumptionErrors.one(
            file, "", f"YAML expands to more than {MAX_NODES} values (too many aliases)"
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mark(error: yaml.YAMLError, text: str) -> tuple[int, int] | None:
    """Line and column (both from 0) of a YAML problem, if it has a place."""
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return mark.line, mark.column
    position = getattr(error, "position", None)  # a reader error: an offset into the text
    if isinstance(position, int):
        before = text[:position]
        return before.count("\n"), position - (before.rfind("\n") + 1)
    return None


def _yaml_position(error: yaml.YAMLError, text: str) -> str:
    mark = _mark(error, text)
    return f"line {mark[0] + 1}, column {mark[1] + 1}" if mark else ""


def _yaml_reason(error: yaml.YAMLError, text: str) -> str:
    problem = getattr(error, "problem", None) or ""
    if isinstance(error, yaml.reader.ReaderError):
        return f"control character #x{error.character:04x} is not allowed (is it a binary file?)"
    if "could not determine a constructor" in problem:
        tag = problem.split("for the tag")[-1].strip().replace("tag:yaml.org,2002:", "!!")
        return f"{tag} tag is not allowed (safe YAML only)"
    if problem.startswith("duplicate key"):
        return problem
    if _tab_at(_mark(error, text), text):
        return "a tab character where YAML needs spaces: indent with spaces, not tabs"
    if "maximum nesting depth" in problem:
        return f"YAML is nested too deeply (at most {MAX_DEPTH} levels)"
    if "found another document" in problem:
        return "more than one YAML document ('---'): give exactly one"
    return f"malformed YAML: {problem or str(error).splitlines()[0]}"


def _tab_at(mark: tuple[int, int] | None, text: str) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    return mark[0] < len(lines) and "\t" in lines[mark[0]][: mark[1] + 1]


def read_text(path: Path) -> str:
    """The UTF-8 text of a file of at most ``MAX_FILE_BYTES`` (never more is read)."""
    return read_capped(path, MAX_FILE_BYTES)


def read_capped(path: Path, limit: int, within: Path | None = None) -> str:
    """The UTF-8 text of a regular file; a file larger than ``limit`` is refused before it is
    read, and so is a symlink out of the folder ``within`` (when given)."""
    file = str(path)
    try:
        _check_kind(path, within)
        _check_size(path.stat().st_size, limit, file)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        reason = f"cannot read file: {error.strerror or error}"
        raise AssumptionErrors.one(file, "", reason) from None
    return decode_text(data, file, limit)


def _check_kind(path: Path, within: Path | None) -> None:
    """Refuse what is not a regular file (in words: a FIFO, a device, a symlink loop), and a
    symlink that leads out of the folder ``within``."""
    kind = file_kind(path)
    if kind == "missing":
        raise AssumptionErrors.one(str(path), "", "file not found")
    if kind != "a regular file":
        raise AssumptionErrors.one(str(path), "", f"is {kind}, not a file; it was not read")
    if within is not None and not is_within(path, within):
        reason = "is a symlink to a file outside the assumptions folder; it was not read"
        raise AssumptionErrors.one(str(path), "", reason)


def is_within(path: Path, folder: Path) -> bool:
    """Whether ``path``, its symlinks followed, is inside ``folder`` (its symlinks followed)."""
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


def _check_size(size: int, limit: int, file: str) -> None:
    if size > limit:
        shown = f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"
        reason = f"file is larger than {limit // 1024} KiB ({shown}); it was not read"
        raise AssumptionErrors.one(file, "", reason)


def decode_text(data: bytes, file: str, limit: int = MAX_FILE_BYTES) -> str:
    """Bytes as UTF-8 text, or a problem naming the first byte that is not UTF-8."""
    _check_size(len(data), limit, file)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        reason = f"not UTF-8 text: byte 0x{byte:02x} cannot be read; save the file as UTF-8"
        raise AssumptionErrors.one(file, f"line {line}", reason) from None


def validate_document(model: type[M], document: object, file: str) -> M:
    """Validate a parsed document into ``model``; problems name the field path."""
    if not isinstance(document, dict):
        kind = "an empty file" if document is None else type(document).__name__
        raise AssumptionErrors.one(file, "", f"expected a mapping of fields, got {kind}")
    if document and not set(document) & set(model.model_fields):
        known = ", ".join(model.model_fields)
        kind = model.__name__.lower().removesuffix("file")
        reason = f"not a {kind} file: none of its keys is a known field (known: {known})"
        raise AssumptionErrors.one(file, "", reason)  # its keys are not echoed: any file's lines
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise AssumptionErrors([_problem(file, e, model) for e in error.errors()]) from None


def _problem(file: str, error: ErrorDetails, model: type[BaseModel]) -> Problem:
    path = ".".join(short_text(part, 32) for part in error["loc"])
    reason = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        reason = _unknown_field(model, error["loc"])
    elif error["type"] == "missing":
        reason = "required field is missing"
    elif error["type"] == "string_pattern_mismatch":
        meaning = PATTERN_MEANING.get(error["ctx"]["pattern"], reason)
        reason = f"{meaning}, got {_echo(error['input'])}"
    elif "input" in error and error["type"] not in ("value_error",):
        reason = f"{reason}, got {_echo(error['input'])}"
    return Problem(file, path, reason)


def _echo(value: object) -> str:
    """A received value as an error message shows it: its repr, cut short."""
    return short_text(repr(value), 60)


def _unknown_field(model: type[BaseModel], loc: tuple) -> str:
    """``unknown field``, with the closest known field name or the list of known ones."""
    known = _fields_at(model, loc[:-1])
    if not known:
        return "unknown field"
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return f"unknown field; known: {', '.join(known)}"


def _fields_at(model: type[BaseModel] | None, loc: tuple) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model`` (list indexes skipped)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Item]`` or ``Item | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def load_file(model: type[M], path: Path) -> M:
    return validate_document(model, parse_yaml(read_text(path), str(path)), str(path))


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
    named = {name: [path for path in parsed if Path(path).name == name and path != org_path]
             for name in (GUARDRAILS_FILE, DECISION_FILE, THREATS_FILE)}  # fmt: skip
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
        *((paths.get(pid, pid), field, unit) for pid, pattern in patterns.items()
          for field, unit in _unit_fields(pattern)),
        *((tpath, f"threats.{index}.per", threat.per)
          for index, threat in enumerate(threats.values())),
        *((gpath, f"guardrails.{index}.{field}", unit)
          for index, guardrail in enumerate(guardrails.values())
          for field, unit in _unit_fields(guardrail)),
    ]  # fmt: skip
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
