"""What a change of assumptions does to the answer: inputs before and after, each pattern's figures
before and after (with their P10-P90), and whether the recommended pattern changed.

``assumptions_diff`` compares two loaded sets (folders, scenario files or git revisions, see
``accesscost.inputs.sides``) priced by ``accesscost.text.records.record_figures`` at the same
count with the same seed and draws, so a difference is the change, not simulation noise. The
renderers give a terminal table, a JSON document and a Markdown comment for a pull request (text
from the files escaped; the count named with HEAD's decision's noun).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from accesscost.core.markdown import escape, table
from accesscost.inputs.loading import Assumptions
from accesscost.model.matrix import HALF_A_DOLLAR, usd
from accesscost.text.records import MONEY_FIGURES, RecordFigures

SECTIONS = ("implementation", "operations", "compliance", "risks", "decommission", "confirmation")
QUANTITY_KEYS = {"low", "mode", "high"}
ABSENT = "(none)"
FIGURE_LABELS = dict(MONEY_FIGURES)


@dataclass(frozen=True)
class InputChange:
    """One input that differs: where (file-level item), which field, and its two values."""

    item: str
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class FigureChange:
    """One figure of one pattern, before and after; P10-P90 where simulated."""

    pattern: str
    label: str
    figure: str
    before: float | None
    after: float | None
    before_p10_p90: tuple[float, float] | None
    after_p10_p90: tuple[float, float] | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def changed(self) -> bool:
        delta = self.delta
        return delta is None or abs(delta) >= HALF_A_DOLLAR


@dataclass(frozen=True)
class AssumptionsDiff:
    base: str  # what each side is, e.g. "assumptions/" or "main:assumptions/"
    head: str
    services: int
    inputs: list[InputChange]
    figures: list[FigureChange]
    recommended_before: str | None
    recommended_after: str | None
    labels: dict[str, str]
    count_text: str  # the count with HEAD's decision's noun: "50 services", "200 pods"

    @property
    def recommendation_changed(self) -> bool:
        return self.recommended_before != self.recommended_after

    def changed_figures(self) -> list[FigureChange]:
        return [change for change in self.figures if change.changed]


# --- inputs ---------------------------------------------------------------------------------


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _shown(value) -> str:
    if value is None:
        return ABSENT
    if isinstance(value, dict) and set(value) <= QUANTITY_KEYS:
        return "{" + ", ".join(f"{k}: {_number(v)}" for k, v in value.items()) + "}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def _flatten(value, prefix: str = "") -> dict[str, object]:
    """Dotted paths to leaves; a quantity ({low, high}) and a list stay whole."""
    if isinstance(value, dict) and value and not set(value) <= QUANTITY_KEYS:
        leaves: dict[str, object] = {}
        for key, inner in value.items():
            leaves |= _flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return leaves
    return {prefix: value}


def _compare(item: str, before: dict, after: dict) -> list[InputChange]:
    flat_before, flat_after = _flatten(before), _flatten(after)
    changes = []
    for path in dict.fromkeys([*flat_before, *flat_after]):
        old, new = flat_before.get(path), flat_after.get(path)
        if old != new:
            changes.append(InputChange(item, path, _shown(old), _shown(new)))
    return changes


def _by_name(items: list[dict]) -> dict[str, dict]:
    keys = ("name", "threat", "check")  # an item, a risk (its threat), a confirmation check
    return {
        next((entry[k] for k in keys if k in entry), str(i)): entry for i, entry in enumerate(items)
    }


ITEM_FIELDS = ("per", "hours", "usd", "frequency", "annual_probability", "impact_usd", "tool")


def _item_summary(entry: dict) -> str:
    """A line item in a few words: what it counts per and its numbers."""
    parts = [f"{key} {_shown(entry[key])}" for key in ITEM_FIELDS if entry.get(key) is not None]
    return ", ".join(parts) or "present"


def _pattern_changes(pid: str, before: dict | None, after: dict | None) -> list[InputChange]:
    if before is None or after is None:
        old, new = ("present", ABSENT) if after is None else (ABSENT, "present")
        return [InputChange(pid, "(pattern file)", old, new)]
    head = {k: v for k, v in before.items() if k not in SECTIONS}
    changes = _compare(pid, head, {k: v for k, v in after.items() if k not in SECTIONS})
    for section in SECTIONS:
        earlier, later = _by_name(before.get(section, [])), _by_name(after.get(section, []))
        for name in dict.fromkeys([*earlier, *later]):
            item = f"{pid} / {section} / {name}"
            if name not in earlier or name not in later:
                shown = _item_summary(earlier.get(name) or later[name])
                was, now = (shown, ABSENT) if name not in later else (ABSENT, shown)
                changes.append(InputChange(item, "(item)", was, now))
            else:
                changes += _compare(item, earlier[name], later[name])
    return changes


def input_changes(base: Assumptions, head: Assumptions) -> list[InputChange]:
    """Every input that differs: org fields, then pattern fields and line items by name."""
    changes = _compare("org", base.org.model_dump(mode="json"), head.org.model_dump(mode="json"))
    for pid in dict.fromkeys([*base.patterns, *head.patterns]):
        old, new = base.patterns.get(pid), head.patterns.get(pid)
        changes += _pattern_changes(
            pid,
            old.model_dump(mode="json") if old else None,
            new.model_dump(mode="json") if new else None,
        )
    return changes


# --- figures --------------------------------------------------------------------------------


def _figure(figures: RecordFigures, pid: str, figure: str):
    pattern = figures.patterns.get(pid)
    if pattern is None:
        return None, None
    spread = pattern.spreads.get(figure)
    return pattern.figures[figure], (spread.p10, spread.p90) if spread else None


def assumptions_diff(
    base: RecordFigures,
    head: RecordFigures,
    base_assumptions: Assumptions,
    head_assumptions: Assumptions,
    names: tuple[str, str] = ("base", "head"),
) -> AssumptionsDiff:
    """Compare two priced sets of assumptions at the same service count."""
    figures, labels = [], {}
    for pid in dict.fromkeys([*base.patterns, *head.patterns]):
        label = (head.patterns.get(pid) or base.patterns[pid]).label
        labels[pid] = label
        for figure, _ in MONEY_FIGURES:
            (old, old_band), (new, new_band) = (
                _figure(base, pid, figure),
                _figure(head, pid, figure),
            )
            figures.append(FigureChange(pid, label, figure, old, new, old_band, new_band))
    return AssumptionsDiff(
        base=names[0],
        head=names[1],
        services=head.services,
        inputs=input_changes(base_assumptions, head_assumptions),
        figures=figures,
        recommended_before=base.recommended,
        recommended_after=head.recommended,
        labels=labels,
        count_text=head.count_text,
    )


# --- output ---------------------------------------------------------------------------------


def _money(value: float | None) -> str:
    return "–" if value is None else usd(value)


def _band(band: tuple[float, float] | None) -> str:
    return "" if band is None else f"{usd(band[0])}–{usd(band[1])}"


def _delta(change: FigureChange) -> str:
    delta = change.delta
    if delta is None:
        return "new" if change.before is None else "removed"
    sign = "+" if delta > 0 else ""
    percent = f" ({delta / change.before:+.0%})" if change.before else ""
    return f"{sign}{usd(delta)}{percent}"


def _recommendation(diff: AssumptionsDiff) -> str:
    def name(pid):
        return diff.labels.get(pid, pid) if pid else "none"

    before, after = name(diff.recommended_before), name(diff.recommended_after)
    if diff.recommendation_changed:
        return f"The recommendation changes: {before} -> {after}."
    return f"The recommendation does not change: {after}."


def diff_document(diff: AssumptionsDiff) -> dict:
    """The diff as plain data (``--format json``)."""
    return {
        "base": diff.base,
        "head": diff.head,
        "services": diff.services,
        "inputs": [asdict(change) for change in diff.inputs],
        "figures": [
            {**asdict(change), "delta": change.delta, "changed": change.changed}
            for change in diff.figures
        ],
        "recommended": {"before": diff.recommended_before, "after": diff.recommended_after},
        "recommendation_changed": diff.recommendation_changed,
    }


TEXT_COLUMNS = 2  # the table's pattern and figure, left-aligned; the numbers right-aligned
SHORT = 120  # characters of an input value shown in a table (JSON holds them whole)


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def _input_rows(diff: AssumptionsDiff) -> list[list[str]]:
    return [[c.item, c.field, _short(c.before), _short(c.after)] for c in diff.inputs]


def _figure_rows(diff: AssumptionsDiff) -> list[list[str]]:
    return [
        [
            c.label,
            FIGURE_LABELS[c.figure],
            _money(c.before),
            _money(c.after),
            _delta(c),
            _band(c.before_p10_p90),
            _band(c.after_p10_p90),
        ]
        for c in diff.changed_figures()
    ]


FIGURE_HEADER = [
    "pattern",
    "figure",
    "before",
    "after",
    "change",
    "P10–P90 before",
    "P10–P90 after",
]


def diff_text(diff: AssumptionsDiff) -> str:
    """A plain-text report for a terminal (``--format table``)."""
    lines = [f"{diff.base} -> {diff.head} at {diff.count_text}", ""]
    lines.append(f"Inputs changed: {len(diff.inputs)}")
    lines += [
        f"  {item}: {field}: {before} -> {after}"
        for item, field, before, after in _input_rows(diff)
    ]
    rows = _figure_rows(diff)
    lines += ["", f"Figures changed: {len(rows)}"]
    if rows:
        lines += _aligned([FIGURE_HEADER, *rows])
    lines += ["", _recommendation(diff)]
    return "\n".join(lines) + "\n"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  "
        + "  ".join(
            c.ljust(w) if i < TEXT_COLUMNS else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def diff_markdown(diff: AssumptionsDiff) -> str:
    """A pull-request comment: the verdict first, then the figures and the inputs."""
    verdict = _recommendation(diff).replace("->", "→")
    mark = "⚠️ " if diff.recommendation_changed else ""
    parts = [
        f"### Assumptions diff at {escape(diff.count_text)}\n",
        f"{mark}**{escape(verdict)}**\n",
        f"`{_code(diff.base)}` → `{_code(diff.head)}`\n",
    ]
    rows = [[escape(cell) for cell in row] for row in _figure_rows(diff)]
    parts.append(f"#### Figures ({len(rows)} changed)\n")
    if rows:
        parts.append(table([escape(h) for h in FIGURE_HEADER], rows, "llrrrrr"))
    inputs = [[escape(cell) for cell in row] for row in _input_rows(diff)]
    parts.append(f"#### Inputs ({len(inputs)} changed)\n")
    if inputs:
        parts.append(table(["item", "field", "before", "after"], inputs))
    return "\n".join(parts)


def _code(text: str) -> str:
    return text.replace("`", "'").replace("\n", " ")
