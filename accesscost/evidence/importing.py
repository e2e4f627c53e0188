"""Importing from files: read each exported file (size-capped, in memory), propose the scenario
for a decision, check it applies to the baseline, and write it atomically. Used by ``cli.py
import``; the page calls ``read_uploads`` and ``proposal_for`` on the uploads' bytes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.files import write_atomic
from accesscost.evidence import MAX_EVIDENCE_BYTES, Evidence, read_evidence
from accesscost.evidence.common import check_size
from accesscost.evidence.ecs_s3 import DECISION, Proposal, propose
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import Assumptions, read_folder, validate_documents
from accesscost.inputs.scenario import scenario_yaml
from accesscost.inputs.snapshot import parse_files

PROPOSERS = {DECISION: propose}  # decision -> its evidence mapping (EKS and CI/CD add theirs)


def parse_as_of(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise AssumptionErrors.one(
            "--as-of", "", f"must be a date like 2026-11-30, got {raw[:20]!r}"
        ) from None


def read_uploads(uploads: Sequence[tuple[str, bytes]], as_of: date | None = None) -> list[Evidence]:
    """Each (file name, bytes) read as evidence; every file's problems are reported together."""
    found, problems = [], []
    for name, data in uploads:
        try:
            found.append(read_evidence(data, name, as_of))
        except AssumptionErrors as errors:
            problems.extend(errors.problems)
    if problems:
        raise AssumptionErrors(problems)
    return found


def _read_file(path: Path) -> bytes:
    file = str(path)
    try:
        if not path.is_file():
            raise AssumptionErrors.one(file, "", "file not found (or not a regular file)")
        check_size(path.stat().st_size, file)
        with path.open("rb") as handle:
            return handle.read(MAX_EVIDENCE_BYTES + 1)
    except OSError as error:
        raise AssumptionErrors.one(
            file, "", f"cannot read file: {error.strerror or error}"
        ) from None


def proposal_for(
    evidence: Sequence[Evidence],
    baseline: Assumptions,
    files,
    decision: str = DECISION,
    name: str = "Imported from the account",
) -> Proposal:
    """The decision's proposal, checked to apply to the baseline files (raises if it does not)."""
    if decision not in PROPOSERS:
        known = ", ".join(PROPOSERS)
        raise AssumptionErrors.one(
            "--decision", "", f"unknown decision {decision!r}; known: {known}"
        )
    proposal = PROPOSERS[decision](evidence, baseline, name)
    apply_scenario(files, proposal.scenario, "imported scenario")
    return proposal


def import_files(
    paths: Sequence[Path],
    out: Path,
    *,
    decision: str = DECISION,
    assumptions_folder: Path,
    as_of: str | None = None,
    name: str = "Imported from the account",
) -> list[str]:
    """Read the files, write the scenario to ``out`` atomically; the summary lines to print."""
    when = parse_as_of(as_of)
    evidence = read_uploads([(str(p), _read_file(p)) for p in paths], when)
    files = read_folder(assumptions_folder)
    baseline = validate_documents(parse_files(files), files)
    proposal = proposal_for(evidence, baseline, files, decision, name)
    try:
        write_atomic(out, scenario_yaml(proposal.scenario))
    except OSError as error:
        raise AssumptionErrors(
            [Problem("--out", "", f"cannot write {out}: {error.strerror or error}")]
        ) from None
    changed = len(proposal.scenario.evidence)
    return [*proposal.summary, *proposal.notes, f"wrote {out} ({changed} values from the evidence)"]
