"""Checks across an assumptions folder's files, each problem naming the file and the field:
every unit a line item, limit, risk, threat or guardrail names is one the decision declares; a
pattern states every threat of threats.yaml, and only those; a guardrail applies to known patterns
and mitigates known threats; the reference pattern is set and exists.
"""

from __future__ import annotations

from pathlib import Path

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.decision import Decision
from accesscost.inputs.documents import validate_document
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import SECTIONS, Guardrail, GuardrailsFile, Pattern, ThreatsFile
from accesscost.inputs.snapshot import GUARDRAILS_FILE, THREATS_FILE, Documents


def unit_problems(
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


def with_reference(org: Org, decision: Decision, documents: Documents, patterns: dict):
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


def check_risks(pattern: Pattern, path: str, threats: ThreatsFile) -> None:
    """A pattern's risks against a threats file: every threat stated once, no unknown one."""
    known = {t.id: t for t in threats.threats}
    problems = risk_problems(pattern, known, path, (THREATS_FILE, None))
    if problems:
        raise AssumptionErrors(problems)


def _known(names) -> str:
    return ", ".join(sorted(names)) or "none defined"


def risk_problems(pattern: Pattern, threats: dict, path: str, entry) -> list[Problem]:
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


def guardrails_of(
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
