"""An architecture decision record in MADR 4.0 form, written from ``RecordFigures``.

MADR 4.0 (adr/madr, ``template/adr-template.md``, tag 4.0.0): YAML front matter with ``status``,
``date``, ``decision-makers``, ``consulted`` and ``informed``; a title; then the sections
``MADR_SECTIONS`` (Consequences and Confirmation under Decision Outcome). Every sentence with a
number is written from the figures; text from the assumption files and from the people typing into
the page is escaped (``accesscost.core.markdown``), and the front matter is written by a YAML
dumper.

Also here: the matrix and the key figures as GitHub-flavoured Markdown tables
(``cli.py estimate --format markdown``, the record's ``matrix.md``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from accesscost.core.errors import AssumptionErrors
from accesscost.core.markdown import bullets, code, escape, table
from accesscost.model.matrix import COLUMNS, duration, usd
from accesscost.model.timeline import months_text
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
STATUSES = ("proposed", "accepted", "rejected", "deprecated")
SUPERSEDED = re.compile(r"^superseded by ADR-\d{4}$")
MAX_PEOPLE, MAX_NAME = 50, 100
# Names go into the YAML front matter as they are, which a Markdown viewer without front-matter
# support shows as text: a name holding one of these could become a link, an image or HTML there.
MARKUP_CHARACTERS = "[]<>`|"
MARKUP = re.compile("[" + re.escape(MARKUP_CHARACTERS) + "]")
TOOLS = {"prowler": "Prowler check", "aws-config": "AWS Config rule"}
POSTURE = {"strong": "Good", "adequate": "Neutral", "weak": "Bad", "none": "Bad"}
ZERO = 0.5  # USD: differences below this are no difference


# --- front matter ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordMeta:
    """The record's front matter: its status, its date and the people (MADR 4.0)."""

    status: str = "proposed"
    date: date = field(default_factory=lambda: datetime.now(UTC).date())
    decision_makers: tuple[str, ...] = ()
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES and not SUPERSEDED.match(self.status):
            allowed = ", ".join(STATUSES) + " or 'superseded by ADR-NNNN'"
            raise AssumptionErrors.one("status", "", f"must be {allowed}, got {self.status!r}")
        for name in ("decision_makers", "consulted", "informed"):
            _check_people(name.replace("_", "-"), getattr(self, name))


def people(text: str) -> tuple[str, ...]:
    """Names typed as one line, separated by commas or semicolons."""
    return tuple(p.strip() for p in re.split(r"[,;\n]", text or "") if p.strip())


def _check_people(label: str, names: Sequence[str]) -> None:
    if len(names) > MAX_PEOPLE:
        raise AssumptionErrors.one(label, "", f"at most {MAX_PEOPLE} names, got {len(names)}")
    for index, name in enumerate(names):
        if len(name) > MAX_NAME or not name.isprintable() or MARKUP.search(name):
            reason = (f"a name of at most {MAX_NAME} printable characters, none of "
                      f"{' '.join(MARKUP_CHARACTERS)}, got {name[:40]!r}")  # fmt: skip
            raise AssumptionErrors.one(label, str(index), reason)


def front_matter(meta: RecordMeta) -> str:
    import yaml

    document = {
        "status": meta.status,
        "date": meta.date,
        "decision-makers": list(meta.decision_makers),
        "consulted": list(meta.consulted),
        "informed": list(meta.informed),
    }
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{body}---\n"


# --- titles and numbers -------------------------------------------------------------------------


def record_title(figures: RecordFigures) -> str:
    """The record's title, as plain text: the decision and the chosen option."""
    subject = figures.decision.title if figures.decision else "Access pattern"
    chosen = figures.chosen.name if figures.chosen else "no option meets the requirement"
    return f"{subject}: {chosen} at {figures.count_text}"


def slug(title: str, limit: int = 60) -> str:
    """Lower-case words joined by dashes (MADR's file names), at most ``limit`` characters."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return words[:limit].rstrip("-") or "decision"


RECORD_FILE = re.compile(r"^(\d{4})-.+\.md$")


def next_number(existing: Sequence[str]) -> int:
    """The number after the highest ``NNNN-*.md`` among ``existing`` file names (1 if none)."""
    numbers = [int(m.group(1)) for name in existing if (m := RECORD_FILE.match(name))]
    return max(numbers, default=0) + 1


def record_stem(number: int, figures: RecordFigures) -> str:
    return f"{number:04d}-{slug(record_title(figures))}"


# --- numbers as text -------------------------------------------------------------------------


def money(amount: float) -> str:
    return escape(usd(amount))


def spread_text(figures: PatternFigures, figure: str) -> str:
    spread = figures.spreads[figure]
    return f"{money(spread.p10)}–{money(spread.p90)}"


def sentence(text: str) -> str:
    """Escaped text ending with a full stop."""
    flat = escape(text)
    return flat if flat.endswith((".", "!", "?")) else f"{flat}."


def percent(share: float) -> str:
    if 0 < share < 0.001:
        return "under 0.1%"
    if 0.999 < share < 1:
        return "over 99.9%"
    return f"{share:.1%}" if share < 0.1 or share > 0.9 else f"{share:.0%}"


def _label(pattern: PatternFigures) -> str:
    return escape(pattern.label)


def break_even_text(figures: RecordFigures, other: str) -> str:
    crossing = figures.break_even.get(other)
    if crossing is None:
        return "not computed"
    low, high = crossing.services_range
    decision = figures.decision
    if crossing.p50 is None:
        return f"never, between {low:,} and {decision.count_words(high)}"
    return (
        f"{decision.count_words(crossing.p50)} "
        f"(P10–P90 {crossing.p10:,.0f}–{crossing.p90:,.0f}), "
        f"in the {percent(crossing.crossing_fraction)} of simulated years whose costs cross "
        f"below {high:,}"
    )


# --- comparisons: the Good / Bad lines ---------------------------------------------------------


def comparison(figures: RecordFigures, subject: PatternFigures, other: PatternFigures) -> list:
    """Good / Neutral / Bad lines for ``subject`` against ``other``, from the numbers."""
    name, lines = _label(other), []
    if not other.meets_requirement and subject.meets_requirement:
        lines.append(("Good", f"it meets the requirement, which {name} does not"))
    lines += _money_lines(subject, other, name)
    lines += _hours_lines(subject, other, name)
    p = _p_cheaper(figures, subject.id, other.id)
    if p is not None:
        kind = "Good" if p > 0.5 else "Bad" if p < 0.5 else "Neutral"
        only = "only " if p < 0.5 else ""
        lines.append((kind, f"it is cheaper than {name} over {figures.horizon_years} years in "
                            f"{only}{percent(p)} of simulated years"))  # fmt: skip
    return lines


MONEY_LINES = (
    ("tooling_usd_per_year", "a year in tooling"),
    ("labour_usd_per_year", "a year in operations labour"),
    ("compliance_usd_per_year", "a year of annualised loss exposure"),
    ("implementation_usd", "one-time to implement"),
)


def _money_lines(subject: PatternFigures, other: PatternFigures, name: str) -> list:
    lines = []
    for figure, what in MONEY_LINES:
        gap = other.figures[figure] - subject.figures[figure]
        if abs(gap) < ZERO:
            continue
        more_or_less = "less" if gap > 0 else "more"
        lines.append(("Good" if gap > 0 else "Bad",
                      f"it costs {money(abs(gap))} {more_or_less} {what} than {name} "
                      f"({money(subject.figures[figure])} against "
                      f"{money(other.figures[figure])})"))  # fmt: skip
    return lines


def _hours_lines(subject: PatternFigures, other: PatternFigures, name: str) -> list:
    gap = other.figures["operations_hours_per_year"] - subject.figures["operations_hours_per_year"]
    if abs(gap) < 0.05:
        return []
    fewer = "fewer" if gap > 0 else "more"
    text = f"it takes {abs(gap):,.1f} {fewer} engineer hours a year to run than {name}"
    return [("Good" if gap > 0 else "Bad", text)]


def _p_cheaper(figures: RecordFigures, first: str, second: str) -> float | None:
    if first == figures.recommended:
        return figures.p_cheaper.get(second)
    if second == figures.recommended and first in figures.p_cheaper:
        return 1.0 - figures.p_cheaper[first]
    return None


def _lines(pairs) -> str:
    return bullets([f"{kind}, because {text}" for kind, text in pairs])


def _posture_line(pattern: PatternFigures) -> tuple[str, str]:
    return (POSTURE[pattern.security_rating],
            f"its security posture is {pattern.security_rating}: "
            f"{escape(pattern.security_note)}")  # fmt: skip


def _tolerance_line(figures: RecordFigures, pattern: PatternFigures) -> tuple[str, str] | None:
    tolerance, p = figures.tolerance, pattern.p_exceeds_tolerance
    if tolerance is None or p is None:
        return None
    within = p <= tolerance.probability
    return ("Good" if within else "Bad",
            f"the chance of a year losing more than {money(tolerance.loss_usd)} is {percent(p)}, "
            f"{'within' if within else 'above'} the {percent(tolerance.probability)} the "
            f"organisation accepts")  # fmt: skip


# --- sections -------------------------------------------------------------------------------


def _context(figures: RecordFigures) -> str:
    decision = figures.decision
    question = escape(decision.question) if decision else "Which access pattern should we use?"
    parts = [question]
    if decision:
        parts.append(f"Requirement: {sentence(decision.requirement)} "
                     f"Source: {sentence(decision.source)}")  # fmt: skip
    scenario = sentence(figures.scenario.name)
    if figures.scenario.description:
        scenario += f" {sentence(figures.scenario.description)}"
    parts.append(
        f"The review priced {len(figures.patterns)} options at {figures.count_text} "
        f"over {figures.horizon_years} years at {money(figures.hourly_rate_usd)} an engineer hour, "
        f"with savings measured against {_label(figures.patterns[figures.reference])}. "
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
        text = _label(pattern)
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
        f'Chosen option: "{_label(chosen)}", because it meets the requirement and has the lowest '
        f"cost over {figures.horizon_years} years of the {valid} options that do "
        f"({money(chosen.figures['tco_usd'])}, P10–P90 {spread_text(chosen, 'tco_usd')})"
    )
    if chosen.p_cheapest is not None:
        why += f"; it is the cheapest of them in {percent(chosen.p_cheapest)} of simulated years"
    why += (f", and ranks {chosen.score_rank} of {len(figures.patterns)} on the weighted "
            f"criteria (score {chosen.score:.2f}).")  # fmt: skip
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
        rows.append([_label(other), percent(p), money(gap), escape(break_even_text(figures, pid))])
    short = escape(chosen.option or chosen.name)
    header = ["Against", f"P({short} cheaper)", f"{short} saves a year", "Break-even count"]
    return table(header, rows, "lrrl")


def _risk(figures: RecordFigures, chosen: PatternFigures) -> str:
    loss = chosen.spreads["compliance_usd_per_year"]
    text = (f"Risk: the annual loss of {_label(chosen)} is at most {money(loss.p90)} in "
            f"nine simulated years out of ten (P90; mean {money(loss.mean)}).")  # fmt: skip
    against = _tolerance_line(figures, chosen)  # None without a tolerance or its chance
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
    tolerance = _tolerance_line(figures, chosen)
    if tolerance:
        lines.append(tolerance)
    return _lines(lines)


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
    source = _label(figures.patterns[figures.reference])
    months = months_text(None if payback is None else payback * 12, figures.hourly_rate_usd == 0)
    paid = "never pays back" if payback is None else f"pays back in {months}"
    return [("Bad", f"moving from {source} takes {escape(duration(hours))} of engineering "
                    f"({money(cost)} one-time), which {paid}")]  # fmt: skip


def _confirmation(figures: RecordFigures) -> str:
    chosen = figures.chosen
    checks = chosen.checks if chosen else ()
    items = [
        f"{TOOLS[c.tool]} {code(c.check)}: {sentence(c.expect)} Source: {sentence(c.source)}"
        for c in checks
    ]
    if not items:
        items.append("No check is listed for this option (`confirmation:` in its pattern file): "
                     "confirm it by review")  # fmt: skip
    items.append("`cli.py diff` runs on every pull request that changes the assumptions: "
                 "the recommendation above holds while it reports no change")  # fmt: skip
    return bullets(items)


def _pros_and_cons(figures: RecordFigures) -> str:
    chosen, parts = figures.chosen, []
    for pattern in figures.patterns.values():
        lines = []
        if not pattern.meets_requirement:
            lines.append(("Bad", f"it does not meet the requirement: "
                                 f"{escape(pattern.requirement_gap)}"))  # fmt: skip
        lines.append(_posture_line(pattern))
        against = _baseline_for(figures, pattern) if pattern is chosen else chosen
        if against is not None and against is not pattern:
            lines += comparison(figures, pattern, against)
        tolerance = _tolerance_line(figures, pattern)
        if tolerance:
            lines.append(tolerance)
        figures_line = (f"Annual cost {money(pattern.figures['annual_usd'])} "
                        f"(P10–P90 {spread_text(pattern, 'annual_usd')}), "
                        f"TCO {money(pattern.figures['tco_usd'])}.")  # fmt: skip
        parts.append(f"### {_label(pattern)}\n\n{escape(pattern.summary)} {figures_line}\n\n"
                     + _lines(lines))  # fmt: skip
    return "\n".join(parts)


def _more_information(figures: RecordFigures, assets: str | None, generated: str) -> str:
    scenario = figures.scenario
    items = [
        f"Scenario: {escape(scenario.name)}; its overrides are in `scenario.yaml` "
        f"(sha256 {code(figures.scenario_sha256)})",
        f"Settings: {figures.count_text}, {figures.horizon_years} years, "
        f"{money(figures.hourly_rate_usd)} an hour, savings against "
        f"{_label(figures.patterns[figures.reference])}",
        f"Monte Carlo: {figures.draws:,} simulated years, seed {figures.seed}; the break-even "
        f"counts come from a sweep of {escape(figures.decision.counted.label)} counts with 2,000 "
        "simulated years",
        f"Generated {escape(generated)}",
    ]
    if assets:
        items.append(f"Assets: [{escape(assets)}/]({_link(assets)}/) holds the charts (SVG), the "
                     "matrix (`matrix.md`, `matrix.csv`), the figures (`figures.json`) and the "
                     "scenario (`scenario.yaml`)")  # fmt: skip
    return bullets(items) + "\nAssumption files:\n\n" + files_table(figures)


def files_table(figures: RecordFigures) -> str:
    paths = [f.path for f in figures.files]
    root = os.path.dirname(os.path.commonpath(paths)) if paths else ""
    rows = [[escape(os.path.relpath(f.path, root) if root else f.path), code(f.sha256)]
            for f in figures.files]  # fmt: skip
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


# --- tables ------------------------------------------------------------------------------------


def matrix_table(figures: RecordFigures) -> str:
    """The decision matrix: each cell its figure and band; the recommended option in bold."""
    header = ["Option", *(column.label for column in COLUMNS), "Meets the requirement"]
    rows = []
    for pattern in figures.patterns.values():
        name = _label(pattern)
        if pattern.id == figures.recommended:
            name = f"**{name}** (recommended)"
        cells = [f"{escape(c.figure)} ({escape(c.band)})" for c in
                 (pattern.matrix[key] for key in COLUMNS.names())]  # fmt: skip
        meets = "yes" if pattern.meets_requirement else f"no: {escape(pattern.requirement_gap)}"
        rows.append([name, *cells, meets])
    return table(header, rows)


def key_figures_table(figures: RecordFigures) -> str:
    """Annual cost and TCO with P10-P90, the saving against the reference and P(cheapest)."""
    reference = _label(figures.patterns[figures.reference])
    header = ["Option", "Annual cost", "P10–P90", f"TCO ({figures.horizon_years} years)",
              "P10–P90", f"Saves a year against {reference}", "P(cheapest)"]  # fmt: skip
    rows = []
    for p in figures.patterns.values():
        saving = p.savings["annual_savings_vs_reference_usd"]
        rows.append([
            _label(p),
            money(p.figures["annual_usd"]), spread_text(p, "annual_usd"),
            money(p.figures["tco_usd"]), spread_text(p, "tco_usd"),
            money(saving) if saving is not None else "–",
            percent(p.p_cheapest) if p.p_cheapest is not None else "–",
        ])  # fmt: skip
    return table(header, rows, "lrrrrrr")


def estimate_markdown(figures: RecordFigures) -> str:
    """``cli.py estimate --format markdown``: a heading, the key figures and the matrix."""
    chosen = figures.chosen
    verdict = (f"Recommended: **{_label(chosen)}** (the lowest TCO among the options that meet "
               f"the requirement)." if chosen else "No option meets the requirement.")  # fmt: skip
    return (
        f"### Access patterns at {figures.count_text} over {figures.horizon_years} "
        f"years (scenario: {escape(figures.scenario.name)})\n\n{verdict}\n\n"
        f"{key_figures_table(figures)}\n{matrix_table(figures)}\n"
        f"{figures.draws:,} simulated years, seed {figures.seed}; P10–P90 is the 80% band.\n"
    )
