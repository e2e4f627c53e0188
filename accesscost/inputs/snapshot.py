"""A snapshot of an assumptions folder: the names of its files, the text of each as read
(``FileText``), and the documents the safe loader parses from them (``Documents``, ``parse_files``;
``accesscost.inputs.safe_yaml``: size caps, bounded aliases and nesting). Reading a folder into a
snapshot and validating it into ``Assumptions`` is ``accesscost.inputs.loading``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem, collect
from accesscost.inputs.safe_yaml import parse_yaml

GUARDRAILS_FILE = "guardrails.yaml"
DECISION_FILE = "decision.yaml"
DECISIONS_FOLDER = "decisions"
THREATS_FILE = "threats.yaml"


@dataclass(frozen=True)
class FileText:
    """The text of one assumption file as read from disk (``text`` is None if unreadable)."""

    path: str
    text: str | None
    modified: float
    problem: str = ""
    problem_at: str = ""  # where in the file the problem is (a line), if anywhere


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
            document = collect(problems, lambda f=file: parse_yaml(f.text, f.path))
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
