"""Editable tables of assumptions for the what-if editor, and the overrides an edit amounts to.

A pattern table has one row per quantity of a line item (an operations item's hours or usd, a
compliance item's annual probability and impact), with the value or the range in the columns
``value`` / ``low`` / ``mode`` / ``high`` and, for operations, the frequency. The org table has one
row per organisation-wide number. Comparing an edited table with the baseline table gives the
scenario overrides (``accesscost.inputs.scenario``) that the edit amounts to; a row that cannot be
read gives a
problem naming the pattern, the item and the field.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.quantity import Quantity
from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import SECTIONS, Pattern

RANGE_COLUMNS = ("value", "low", "mode", "high")
QUANTITY_FIELDS_BY_SECTION = {
    "implementation": ("hours",),
    "operations": ("hours", "usd"),
    "compliance": ("annual_probability", "impact_usd"),
    "decommission": ("hours",),
}
ORG_FIELDS = (
    ("labour.hours_per_day", "engineer hours in a day"),
    ("risk_tolerance.loss_usd", "risk tolerance: annual loss (USD)"),
    ("risk_tolerance.probability", "risk tolerance: accepted probability"),
    ("bands.compliance_ratio.low", "compliance band: Low up to (x the best valid)"),
    ("bands.compliance_ratio.high", "compliance band: High up to (x the best valid)"),
    ("default_services", "services the page opens at (and the CLI's default)"),
    ("access_keys", "long-lived IAM access keys (unit access-key)"),
    ("migrating_services", "services moved off the reference (0: all)"),
)
EDIT_SOURCE = "what-if editor"


def _range_cells(quantity: Quantity) -> dict:
    raw = quantity.to_yaml()
    cells = dict.fromkeys(RANGE_COLUMNS)
    if isinstance(raw, dict):
        cells.update(raw)
    else:
        cells["value"] = raw
    return cells


def pattern_rows(pattern: Pattern) -> list[dict]:
    """One row per quantity of each line item, in file order."""
    rows = []
    for section in SECTIONS:
        for item in getattr(pattern, section):
            for field in QUANTITY_FIELDS_BY_SECTION[section]:
                quantity = getattr(item, field, None)
                if quantity is None:
                    continue
                rows.append(
                    {
                        "section": section,
                        "item": item.name,
                        "field": field,
                        "per": item.per,
                        "frequency": getattr(item, "frequency", None),
                        **_range_cells(quantity),
                        "source": item.source,
                    }
                )
    return rows


def _org_value(assumptions: Assumptions, path: str) -> object:
    value: object = assumptions.org
    for part in path.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value


def org_rows(assumptions: Assumptions) -> list[dict]:
    """The org's editable numbers, then the decision's unit counts (``units.<key>``)."""
    rows = []
    for path, label in ORG_FIELDS:
        value = _org_value(assumptions, path)
        if value is not None:
            rows.append({"field": path, "meaning": label, "value": value})
    return rows + unit_rows(assumptions)


UNIT_MEANING = {
    "per_service": "{plural} for each counted unit",
    "services_per": "counted units per {label}",
    "fixed": "{plural}, whatever the count",
}


def unit_rows(assumptions: Assumptions) -> list[dict]:
    """The decision's units a what-if may count differently (not the counted unit itself, nor
    one read from org.yaml): ``units.host`` = 4 services per EC2 host."""
    decision, rows = assumptions.decision, []
    for key, spec in decision.units.items():
        if key == decision.count or spec.way not in UNIT_MEANING:
            continue
        meaning = UNIT_MEANING[spec.way].format(label=spec.label, plural=spec.plural)
        rows.append({"field": f"units.{key}", "meaning": meaning, "value": getattr(spec, spec.way)})
    return rows


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    return None if math.isnan(number) else number


def range_from_cells(row: dict):
    """The YAML value of a row: a number, {low, high} or {low, mode, high}."""
    value, low, mode, high = (_number(row.get(c)) for c in RANGE_COLUMNS)
    if value is not None and (low, mode, high) == (None, None, None):
        return value
    if value is None and low is not None and high is not None:
        if mode is None:
            return {"low": low, "high": high}
        return {"low": low, "mode": mode, "high": high}
    raise ValueError("give a value, or low and high, or low, mode and high")


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(math.isclose(a[k], b[k]) for k in a)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b)
    return a == b


@dataclass(frozen=True)
class Change:
    """One edited cell group: which item and field, from what, to what."""

    where: str
    before: object
    after: object

    def __str__(self) -> str:
        return f"{self.where}: {_shown(self.before)} → {_shown(self.after)}"


def _shown(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} {v:g}" for k, v in value.items()) + "}"
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def pattern_overrides(
    pattern_id: str, baseline: list[dict], edited: list[dict]
) -> tuple[dict, list[Change]]:
    """The override of one pattern that turns ``baseline`` rows into ``edited`` rows."""
    overrides: dict = {}
    changes: list[Change] = []
    problems: list[Problem] = []
    for before, after in zip(baseline, edited, strict=True):
        where = f"{pattern_id}.{before['section']}.{before['item']}"
        try:
            _row_override(before, after, where, overrides, changes)
        except ValueError as error:
            problems.append(Problem(EDIT_SOURCE, f"{where}.{before['field']}", str(error)))
    if problems:
        raise AssumptionErrors(problems)
    return overrides, changes


def _row_override(before: dict, after: dict, where: str, overrides: dict, changes: list) -> None:
    item = overrides.setdefault(before["section"], {}).setdefault(before["item"], {})
    old, new = range_from_cells(before), range_from_cells(after)
    if not _same(old, new):
        item[before["field"]] = new
        changes.append(Change(f"{where}.{before['field']}", old, new))
    if before["frequency"] and (after.get("frequency") or "") != before["frequency"]:
        item["frequency"] = after.get("frequency") or ""
        changes.append(Change(f"{where}.frequency", before["frequency"], item["frequency"]))
    if not item:
        del overrides[before["section"]][before["item"]]
        if not overrides[before["section"]]:
            del overrides[before["section"]]


def org_overrides(baseline: list[dict], edited: list[dict]) -> tuple[dict, list[Change]]:
    """The org override that turns the baseline org rows into the edited ones."""
    overrides: dict = {}
    changes: list[Change] = []
    for before, after in zip(baseline, edited, strict=True):
        try:
            new = _number(after.get("value"))
        except ValueError as error:
            raise AssumptionErrors.one(EDIT_SOURCE, f"org.{before['field']}", str(error)) from None
        if new is None:
            raise AssumptionErrors.one(EDIT_SOURCE, f"org.{before['field']}", "needs a value")
        if not _same(before["value"], new):
            _set_path(overrides, before["field"], int(new) if new.is_integer() else new)
            where = (
                before["field"]
                if before["field"].startswith("units.")
                else f"org.{before['field']}"
            )
            changes.append(Change(where, before["value"], new))
    return overrides, changes


def _set_path(target: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = value


def scenario_changes(baseline: Assumptions, edited: Assumptions) -> list[Change]:
    """Every table cell a what-if changes, as the editor lists them: ``edited`` is the baseline
    with the scenario's overrides applied (before its guardrails, which are counted apart)."""
    changes = org_overrides(org_rows(baseline), org_rows(edited))[1]
    for pid, pattern in baseline.patterns.items():
        rows = pattern_rows(edited.patterns[pid])
        changes += pattern_overrides(pid, pattern_rows(pattern), rows)[1]
    return changes
