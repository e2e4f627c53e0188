"""Read assumption files safely and validate them into typed objects.

YAML is parsed with the safe loader only (no Python object tags), from files of at most
``MAX_FILE_BYTES``, and a document whose aliases would expand to more than ``MAX_NODES`` nodes
(a "billion laughs" file) is refused before anything is built from it. Every problem becomes an
``AssumptionErrors`` naming the file, the field path and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from models.errors import AssumptionErrors, Problem
from models.schema import Org, Pattern

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 40


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

    def pattern(self, pattern_id: str) -> Pattern:
        return self.patterns[pattern_id]


def parse_yaml(text: str, file: str) -> object:
    """Parse YAML text with the safe loader and the size and expansion bounds."""
    if len(text.encode("utf-8", "replace")) > MAX_FILE_BYTES:
        raise AssumptionErrors.one(file, "", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        _check_expansion(node, file)
        return yaml.load(text, Loader=yaml.SafeLoader) if node is not None else None
    except yaml.YAMLError as error:
        raise AssumptionErrors.one(file, _yaml_position(error), _yaml_reason(error)) from None
    except RecursionError:
        raise AssumptionErrors.one(file, "", "YAML is nested too deeply") from None


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


def _yaml_position(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _yaml_reason(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None) or str(error)
    if "could not determine a constructor" in problem:
        return f"{problem.split('for the tag')[-1].strip()} tag is not allowed (safe YAML only)"
    return f"malformed YAML: {problem}"


def read_text(path: Path) -> str:
    file = str(path)
    if not path.is_file():
        raise AssumptionErrors.one(file, "", "file not found")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AssumptionErrors.one(file, "", f"file is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AssumptionErrors.one(file, "", f"cannot read file: {error}") from None


def validate_document(model: type[M], document: object, file: str) -> M:
    """Validate a parsed document into ``model``; problems name the field path."""
    if not isinstance(document, dict):
        kind = "an empty file" if document is None else type(document).__name__
        raise AssumptionErrors.one(file, "", f"expected a mapping of fields, got {kind}")
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise AssumptionErrors([_problem(file, e) for e in error.errors()]) from None


def _problem(file: str, error: dict) -> Problem:
    path = ".".join(str(part) for part in error["loc"])
    reason = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        reason = "unknown field"
    elif error["type"] == "missing":
        reason = "required field is missing"
    elif "input" in error and error["type"] not in ("value_error",):
        reason = f"{reason}, got {error['input']!r}"
    return Problem(file, path, reason)


def load_file(model: type[M], path: Path) -> M:
    return validate_document(model, parse_yaml(read_text(path), str(path)), str(path))


@dataclass(frozen=True)
class FileText:
    """The text of one assumption file as read from disk (``text`` is None if unreadable)."""

    path: str
    text: str | None
    modified: float
    problem: str = ""


def _read(path: Path) -> FileText:
    try:
        return FileText(str(path), read_text(path), path.stat().st_mtime)
    except AssumptionErrors as errors:
        return FileText(str(path), None, 0.0, errors.problems[0].reason)


def read_folder(folder: Path | str) -> tuple[FileText, ...]:
    """Read ``org.yaml`` and every ``patterns/*.yaml``: a snapshot to parse, hash or cache."""
    folder = Path(folder)
    pattern_files = sorted((folder / "patterns").glob("*.yaml"))
    return tuple(_read(path) for path in [folder / "org.yaml", *pattern_files])


def assumptions_from_files(files: tuple[FileText, ...]) -> Assumptions:
    """Validate a folder snapshot (org first, then patterns) into typed assumptions."""
    problems: list[Problem] = [Problem(f.path, "", f.problem) for f in files if f.text is None]
    org_file, pattern_files = files[0], files[1:]
    org = _collect(problems, lambda: _parse(Org, org_file))
    if not pattern_files:
        folder = str(Path(org_file.path).parent / "patterns")
        problems.append(Problem(folder, "", "no pattern files (*.yaml) found"))
    patterns = {}
    for file in pattern_files:
        pattern = _collect(problems, lambda f=file: _check_id(_parse(Pattern, f), f.path))
        if pattern is not None:
            patterns[pattern.id] = pattern
    if org is not None and patterns and org.reference_pattern not in patterns:
        problems.append(_unknown_reference(org_file.path, org, patterns))
    if problems:
        raise AssumptionErrors(problems)
    sources = tuple(SourceFile(f.path, _sha256(f.text), f.modified) for f in files)
    return Assumptions(org, patterns, sources)


def load_assumptions(folder: Path | str) -> Assumptions:
    """Load ``org.yaml`` and every ``patterns/*.yaml`` of an assumptions folder."""
    return assumptions_from_files(read_folder(folder))


def _parse(model: type[M], file: FileText) -> M | None:
    if file.text is None:
        return None
    return validate_document(model, parse_yaml(file.text, file.path), file.path)


def load_pattern(path: Path) -> Pattern:
    return _check_id(load_file(Pattern, path), str(path))


def _check_id(pattern: Pattern | None, path: str) -> Pattern | None:
    stem = Path(path).stem
    if pattern is not None and pattern.id != stem:
        reason = f"must match the file name {stem!r}, got {pattern.id!r}"
        raise AssumptionErrors.one(path, "id", reason)
    return pattern


def _unknown_reference(org_path: str, org: Org, patterns: dict) -> Problem:
    known = ", ".join(sorted(patterns))
    reason = f"unknown pattern {org.reference_pattern!r}; known: {known}"
    return Problem(org_path, "reference_pattern", reason)


def _collect(problems: list[Problem], load):
    try:
        return load()
    except AssumptionErrors as errors:
        problems.extend(errors.problems)
        return None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
