"""Guardrails from the seed's "Real World" section, toggled on a pattern.

A guardrail (``assumptions/guardrails.yaml``) adds its own implementation and operations items to
the pattern it is switched on for, and acts on the pattern's risk in FAIR's terms: for each threat
it mitigates it multiplies the pattern's vulnerability by its ``factor`` (rotation, a bucket policy
that refuses the write) and the blast radius share by its ``blast_radius_factor`` (a permission
boundary narrows what one loss event reaches); for a pattern's own compliance items of a ``kind``,
their annual probability by its factor. Two guardrails acting on the same risk multiply.
"""

from __future__ import annotations

from dataclasses import replace

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import ComplianceItem, Guardrail, Pattern, RiskItem


def _mitigated(item: ComplianceItem, guardrails: list[Guardrail]) -> ComplianceItem:
    factor, names = 1.0, []
    for guardrail in guardrails:
        for mitigation in guardrail.mitigates:
            if mitigation.kind is not None and mitigation.kind == item.kind:
                factor *= mitigation.factor
                names.append(f"{guardrail.name} x{mitigation.factor:g}")
    update = {"annual_probability": item.annual_probability.scaled(factor)}
    return _with_mitigations(item, update, names)


def _with_mitigations(item, update: dict, names: list[str]):
    """The item with ``update`` and its source naming the guardrails that changed it."""
    if not names:
        return item
    source = f"{item.source} Mitigated by: {'; '.join(names)}."
    return item.model_copy(update=update | {"source": source})


def _mitigated_risk(item: RiskItem, guardrails: list[Guardrail]) -> RiskItem:
    factor, share, names = 1.0, 1.0, []
    for guardrail in guardrails:
        for mitigation in guardrail.mitigates:
            if mitigation.threat == item.threat:
                factor *= mitigation.factor
                share *= mitigation.blast_radius_factor
                names.append(f"{guardrail.name} ({mitigation.effects})")
    update = {
        "vulnerability": item.vulnerability.scaled(factor),
        "blast_radius_share": item.blast_radius_share * share,
    }
    return _with_mitigations(item, update, names)


def _renamed(items, guardrail: Guardrail) -> list:
    return [item.model_copy(update={"name": f"{guardrail.name}: {item.name}"}) for item in items]


def guarded_pattern(pattern: Pattern, guardrails: list[Guardrail]) -> Pattern:
    """The pattern with the guardrails' items added and its mitigated risks scaled down."""
    implementation, operations = list(pattern.implementation), list(pattern.operations)
    for guardrail in guardrails:
        implementation += _renamed(guardrail.implementation, guardrail)
        operations += _renamed(guardrail.operations, guardrail)
    compliance = [_mitigated(item, guardrails) for item in pattern.compliance]
    risks = [_mitigated_risk(item, guardrails) for item in pattern.risks]
    return pattern.model_copy(
        update={
            "implementation": implementation,
            "operations": operations,
            "compliance": compliance,
            "risks": risks,
        }
    )


def check_toggles(assumptions: Assumptions, toggles: dict[str, list[str]], file: str) -> None:
    """Every toggled guardrail exists, applies to its pattern and is listed once (twice would
    apply it twice), or a message says which not."""
    problems = []
    for pattern_id, ids in toggles.items():
        if pattern_id not in assumptions.patterns:
            problems.append(Problem(file, f"guardrails.{pattern_id}", "unknown pattern"))
            continue
        for guardrail_id in sorted({g for g in ids if ids.count(g) > 1}):
            reason = f"guardrail {guardrail_id!r} is listed more than once; list it once"
            problems.append(Problem(file, f"guardrails.{pattern_id}", reason))
        for guardrail_id in dict.fromkeys(ids):
            reason = _toggle_problem(assumptions, pattern_id, guardrail_id)
            if reason:
                problems.append(Problem(file, f"guardrails.{pattern_id}", reason))
    if problems:
        raise AssumptionErrors(problems)


def _toggle_problem(assumptions: Assumptions, pattern_id: str, guardrail_id: str) -> str:
    guardrail = assumptions.guardrails.get(guardrail_id)
    if guardrail is None:
        known = ", ".join(sorted(assumptions.guardrails)) or "none defined"
        return f"unknown guardrail {guardrail_id!r}; known: {known}"
    if pattern_id not in guardrail.applies_to:
        return f"guardrail {guardrail_id!r} does not apply to this pattern"
    return ""


def apply_guardrails(
    assumptions: Assumptions, toggles: dict[str, list[str]], file: str = "guardrails"
) -> Assumptions:
    """Assumptions with the toggled guardrails applied to their patterns."""
    check_toggles(assumptions, toggles, file)
    patterns = dict(assumptions.patterns)
    for pattern_id, ids in toggles.items():
        chosen = [assumptions.guardrails[g] for g in ids]
        patterns[pattern_id] = guarded_pattern(patterns[pattern_id], chosen)
    return replace(assumptions, patterns=patterns)
