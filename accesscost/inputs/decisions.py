"""The decisions an assumptions folder holds, and the folder of each.

The root folder (``org.yaml``, ``decision.yaml``, ``patterns/``, ``scenarios/``) is one decision;
every ``decisions/<id>/`` with a ``decision.yaml`` is another, sharing the root's ``org.yaml``
(labour rate, bands, risk tolerance, simulation). A folder dropped in is listed with no code
change. A root without ``decision.yaml`` (an older folder) is the decision its ``org.yaml`` holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.decision import LEGACY_ID, Decision
from accesscost.inputs.documents import load_file
from accesscost.inputs.loading import root_folder
from accesscost.inputs.safe_yaml import read_capped
from accesscost.inputs.snapshot import DECISION_FILE, DECISIONS_FOLDER


@dataclass(frozen=True)
class DecisionEntry:
    """One decision of a folder: its id, its title and the folder of its patterns."""

    id: str
    title: str
    folder: Path


def _entry(folder: Path) -> DecisionEntry:
    path = folder / DECISION_FILE
    read_capped(path, 256 * 1024, root_folder(folder))  # a symlink out of the root is refused
    decision = load_file(Decision, path)
    return DecisionEntry(decision.id, decision.title, folder)


def decision_folders(root: Path | str) -> list[Path]:
    """The root, then every ``decisions/<name>/`` holding a ``decision.yaml``, by name."""
    root = root_folder(root)
    others = root / DECISIONS_FOLDER
    found = (
        sorted(p for p in others.iterdir() if (p / DECISION_FILE).is_file())
        if others.is_dir()
        else []
    )
    return [root, *(p for p in found if not p.name.startswith("."))]


def list_decisions(root: Path | str) -> list[DecisionEntry]:
    """Every decision of the folder, the root's first; problems (a broken ``decision.yaml``, an
    id given twice) name the file."""
    problems, entries = [], []
    for folder in decision_folders(root):
        if folder == root_folder(root) and not (folder / DECISION_FILE).exists():
            entries.append(DecisionEntry(LEGACY_ID, "", folder))
            continue
        try:
            entries.append(_entry(folder))
        except AssumptionErrors as errors:
            problems += errors.problems
    seen: dict[str, Path] = {}
    for entry in entries:
        if entry.id in seen:
            reason = f"duplicate decision id {entry.id!r}, already that of {seen[entry.id]}"
            problems.append(Problem(str(entry.folder / DECISION_FILE), "id", reason))
        seen.setdefault(entry.id, entry.folder)
    if problems:
        raise AssumptionErrors(problems)
    return entries


def decision_folder(root: Path | str, decision_id: str | None) -> Path:
    """The folder of decision ``decision_id``; None: the folder as given."""
    if decision_id is None:
        return Path(root)
    entries = list_decisions(root)
    for entry in entries:
        if entry.id == decision_id:
            return entry.folder
    known = ", ".join(entry.id for entry in entries)
    raise AssumptionErrors.one(
        "--decision", "", f"unknown decision {decision_id!r}; known: {known}"
    )
