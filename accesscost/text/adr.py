"""An architecture decision record in MADR 4.0 form, written from ``RecordFigures``.

MADR 4.0 (adr/madr, ``template/adr-template.md``, tag 4.0.0): YAML front matter with ``status``,
``date``, ``decision-makers``, ``consulted`` and ``informed``; a title; then the sections
``MADR_SECTIONS`` (Consequences and Confirmation under Decision Outcome). Every sentence with a
number is written from the figures; text from the assumption files and from the people typing into
the page is escaped (``accesscost.core.markdown``). The front matter, title and numbering are in
``accesscost.text.record_meta``, the sentences in ``accesscost.text.record_lines``, and the
Markdown tables (``cli.py estimate --format markdown``, the record's ``matrix.md``) in
``accesscost.text.markdown_tables``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from accesscost.core.markdown import bullets, code, escape, table
from accesscost.model.matrix import duration
from accesscost.model.timeline import months_text
from accesscost.text.record_lines import (
    TOOLS,
    break_even_text,
    comparison,
    escaped_label,
    good_bad_bullets,
    money,
    percent,
    posture_line,
    sentence,
    spread_text,
    tolerance_line,
)
from accesscost.text.record_meta import RecordMeta, front_matter, record_title
from accesscost.text.records import MONEY_FIGURES, PatternFigures, RecordFigures

MADR_SECTIONS = (
    ("##", "Context and Problem Statement"),
    ("##", "Decision Drivers"),
    ("##", "Considered Options"),
    ("##", "Decision Outcome"),
    ("###", "Consequences"),
    ("###", "Confirmation"),
    ("##", "Pros and Cons of the Options"),
    ("##", "More Information"),
)


def _context(figures: RecordFigures) -> str:
    decision = figures.decision
    question = escape(decision.question) if decision else "Which access pattern should we use?"
    parts = [question]
    if decision:
        parts.append(
            f"Requirement: {sentence(decision.requirement)} Source: {sentence(decision.source)}"
        )
    scenario = sentence(figures.scenario.name)
    if figures.scenario.description:
        scenario += f" {sentence(figures.scenario.description)}"
    parts.append(
        f"The review priced {len(figures.patterns)} options at {figures.count_text} "
        f"over {figures.horizon_years} years at {money(figures.hourly_rate_usd)} an engineer hour, "
        f"with savings measured against {escaped_label(figures.patterns[figures.reference])}. "
        f"Scenario: {scenario}"
    )
    return "\n\n".join(parts) + "\n"


def _drivers(figures: RecordFigures) -> str:
    items = ["Meets the requirement: an option that does not is listed, never chosen"]
    items += [
        f"{escape(label)}: weight {weight:g} ({share:.0%} of the weighted score)"
        for label, weight, share in figures.weight_shares()
    ]
    tolerance = figures.tolerance
    if tolerance is not None:
        limit = f"at most {percent(tolerance.probability)} a year of losing more than"
        items.append(
            f"Risk tolerance: {limit} {money(tolerance.loss_usd)}. {sentence(tolerance.source)}"
        )
    return bullets(items)


def _options(figures: RecordFigures) -> str:
    items = []
    for pattern in figures.patterns.values():
        text = escaped_label(pattern)
        if not pattern.meets_requirement:
            text += f" — does not meet the requirement: {escape(pattern.requirement_gap)}"
        items.append(text)
    return bullets(items)


def _outcome(figures: RecordFigures) -> str:
    chosen = figures.chosen
    if chosen is None:
        return "No option meets the requirement, so none is chosen.\n"
    valid = sum(p.meets_requirement for p in figures.patterns.values())
    why = (
        f'Chosen option: "{escaped_label(chosen)}", because it meets the requirement and has the '
        f"lowest cost over {figures.horizon_years} years of the {valid} options that do "
        f"({money(chosen.figures['tco_usd'])}, P10–P90 {spread_text(chosen, 'tco_usd')})"
    )
    if chosen.p_cheapest is not None:
        why += f"; it is the cheapest of them in {percent(chosen.p_cheapest)} of simulated years"
    why += (
        f", and ranks {chosen.score_rank} of {len(figures.patterns)} on the weighted "
        f"criteria (score {chosen.score:.2f})."
    )
    parts = [why, _figure_table(chosen), _against_table(figures, chosen), _risk(figures, chosen)]
    return "\n\n".join(part.strip() for part in parts) + "\n"


def _figure_table(chosen: PatternFigures) -> str:
    rows = [
        [escape(label), money(chosen.figures[figure]), spread_text(chosen, figure)]
        for figure, label in MONEY_FIGURES
    ]
    return table(["Figure", "Mean", "P10–P90"], rows, "lrr")


def _against_table(figures: RecordFigures, chosen: PatternFigures) -> str:
    rows = []
    for pid, p in figures.p_cheaper.items():
        other = figures.patterns[pid]
        gap = other.figures["annual_usd"] - chosen.figures["annual_usd"]
        rows.append(
            [escaped_label(other), percent(p), money(gap), escape(break_even_text(figures, pid))]
        )
    short = escape(chosen.option or chosen.name)
    header = ["Against", f"P({short} cheaper)", f"{short} saves a year", "Break-even count"]
    return table(header, rows, "lrrl")


def _risk(figures: RecordFigures, chosen: PatternFigures) -> str:
    loss = chosen.spreads["compliance_usd_per_year"]
    text = (
        f"Risk: the annual loss of {escaped_label(chosen)} is at most {money(loss.p90)} in "
        f"nine simulated years out of ten (P90; mean {money(loss.mean)})."
    )
    against = tolerance_line(figures, chosen)  # None without a tolerance or its chance
    if against is not None:
        text += f" Against the risk tolerance: {against[1]}."
    return text + "\n"


def _consequences(figures: RecordFigures) -> str:
    chosen = figures.chosen
    if chosen is None:
        return "* Bad, because the requirement stays unmet until an option that meets it is found\n"
    other = _baseline_for(figures, chosen)
    lines = comparison(figures, chosen, other) if other else []
    lines += _migration_lines(figures, chosen)
    tolerance = tolerance_line(figures, chosen)
    if tolerance:
        lines.append(tolerance)
    return good_bad_bullets(lines)


def _baseline_for(figures: RecordFigures, chosen: PatternFigures) -> PatternFigures | None:
    """What the chosen option is weighed against: the reference, or the runner-up if it is it."""
    if figures.reference != chosen.id:
        return figures.patterns[figures.reference]
    others = [p for p in figures.patterns.values() if p.meets_requirement and p.id != chosen.id]
    return min(others, key=lambda p: p.figures["tco_usd"]) if others else None


def _migration_lines(figures: RecordFigures, chosen: PatternFigures) -> list:
    if figures.reference == chosen.id:
        return []
    hours = chosen.savings["migration_from_reference_hours"] or 0.0
    cost = chosen.savings["migration_from_reference_usd"] or 0.0
    payback = chosen.savings["payback_years"]
    source = escaped_label(figures.patterns[figures.reference])
    months = months_text(None if payback is None else payback * 12, figures.hourly_rate_usd == 0)
    paid = "never pays back" if payback is None else f"pays back in {months}"
    return [
        (
            "Bad",
            f"moving from {source} takes {escape(duration(hours))} of engineering "
            f"({money(cost)} one-time), which {paid}",
        )
    ]


def _confirmation(figures: RecordFigures) -> str:
    chosen = figures.chosen
    checks = chosen.checks if chosen else ()
    items = [
        f"{TOOLS[c.tool]} {code(c.check)}: {sentence(c.expect)} Source: {sentence(c.source)}"
        for c in checks
    ]
    if not items:
        items.append(
            "No check is listed for this option (`confirmation:` in its pattern file): "
            "confirm it by review"
        )
    items.append(
        "`cli.py diff` runs on every pull request that changes the assumptions: "
        "the recommendation above holds while it reports no change"
    )
    return bullets(items)


def _pros_and_cons(figures: RecordFigures) -> str:
    chosen, parts = figures.chosen, []
    for pattern in figures.patterns.values():
        lines = []
        if not pattern.meets_requirement:
            lines.append(
                ("Bad", f"it does not meet the requirement: {escape(pattern.requirement_gap)}")
            )
        lines.append(posture_line(pattern))
        against = _baseline_for(figures, pattern) if pattern is chosen else chosen
        if against is not None and against is not pattern:
            lines += comparison(figures, pattern, against)
        tolerance = tolerance_line(figures, pattern)
        if tolerance:
            lines.append(tolerance)
        figures_line = (
            f"Annual cost {money(pattern.figures['annual_usd'])} "
            f"(P10–P90 {spread_text(pattern, 'annual_usd')}), "
            f"TCO {money(pattern.figures['tco_usd'])}."
        )
        parts.append(
            f"### {escaped_label(pattern)}\n\n{escape(pattern.summary)} {figures_line}\n\n"
            + good_bad_bullets(lines)
        )
    return "\n".join(parts)


def _more_information(figures: RecordFigures, assets: str | None, generated: str) -> str:
    scenario = figures.scenario
    items = [
        f"Scenario: {escape(scenario.name)}; its overrides are in `scenario.yaml` "
        f"(sha256 {code(figures.scenario_sha256)})",
        f"Settings: {figures.count_text}, {figures.horizon_years} years, "
        f"{money(figures.hourly_rate_usd)} an hour, savings against "
        f"{escaped_label(figures.patterns[figures.reference])}",
        f"Monte Carlo: {figures.draws:,} simulated years, seed {figures.seed}; the break-even "
        f"counts come from a sweep of {escape(figures.decision.counted.label)} counts with 2,000 "
        "simulated years",
        f"Generated {escape(generated)}",
    ]
    if assets:
        items.append(
            f"Assets: [{escape(assets)}/]({_link(assets)}/) holds the charts (SVG), the "
            "matrix (`matrix.md`, `matrix.csv`), the figures (`figures.json`) and the "
            "scenario (`scenario.yaml`)"
        )
    return bullets(items) + "\nAssumption files:\n\n" + files_table(figures)


def files_table(figures: RecordFigures) -> str:
    paths = [f.path for f in figures.files]
    root = os.path.dirname(os.path.commonpath(paths)) if paths else ""
    rows = [
        [escape(os.path.relpath(f.path, root) if root else f.path), code(f.sha256)]
        for f in figures.files
    ]
    return table(["File", "SHA-256"], rows)


def _link(path: str) -> str:
    """A relative link target made only of safe characters (our own asset names)."""
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", path):
        raise ValueError(f"unsafe link target {path!r}")
    return path


def _charts(assets: str | None, charts: Sequence[str]) -> str:
    if not assets or not charts:
        return ""
    return (
        "\n".join(f"![{escape(name)}]({_link(f'{assets}/{name}.svg')})" for name in charts) + "\n"
    )


def adr_markdown(
    figures: RecordFigures,
    meta: RecordMeta,
    *,
    assets: str | None = None,
    charts: Sequence[str] = (),
    generated: str | None = None,
) -> str:
    """The whole record. ``assets`` is the assets folder's name beside the record (None: no
    assets); ``charts`` the chart names written there as SVG, shown under Decision Outcome."""
    generated = generated or f"{meta.date.isoformat()} by cli.py adr"
    body = {
        "Context and Problem Statement": _context(figures),
        "Decision Drivers": _drivers(figures),
        "Considered Options": _options(figures),
        "Decision Outcome": _outcome(figures) + ("\n" + _charts(assets, charts) if charts else ""),
        "Consequences": _consequences(figures),
        "Confirmation": _confirmation(figures),
        "Pros and Cons of the Options": _pros_and_cons(figures),
        "More Information": _more_information(figures, assets, generated),
    }
    parts = [front_matter(meta), f"# {escape(record_title(figures))}\n"]
    parts += [f"{level} {name}\n\n{body[name]}" for level, name in MADR_SECTIONS]
    return "\n".join(parts)
