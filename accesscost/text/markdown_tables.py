"""``cli.py estimate --format markdown``: the decision matrix and the key figures as
GitHub-flavoured Markdown tables, for pull-request comments and wikis."""

from __future__ import annotations

from accesscost.core.markdown import escape, table
from accesscost.model.matrix import COLUMNS
from accesscost.text.record_lines import escaped_label, money, percent, spread_text
from accesscost.text.records import RecordFigures


def matrix_table(figures: RecordFigures) -> str:
    """The decision matrix: each cell its figure and band; the recommended option in bold."""
    header = ["Option", *(column.label for column in COLUMNS), "Meets the requirement"]
    rows = []
    for pattern in figures.patterns.values():
        name = escaped_label(pattern)
        if pattern.id == figures.recommended:
            name = f"**{name}** (recommended)"
        cells = [
            f"{escape(c.figure)} ({escape(c.band)})"
            for c in (pattern.matrix[key] for key in COLUMNS.names())
        ]
        meets = "yes" if pattern.meets_requirement else f"no: {escape(pattern.requirement_gap)}"
        rows.append([name, *cells, meets])
    return table(header, rows)


def key_figures_table(figures: RecordFigures) -> str:
    """Annual cost and TCO with P10-P90, the saving against the reference and P(cheapest)."""
    reference = escaped_label(figures.patterns[figures.reference])
    header = [
        "Option",
        "Annual cost",
        "P10–P90",
        f"TCO ({figures.horizon_years} years)",
        "P10–P90",
        f"Saves a year against {reference}",
        "P(cheapest)",
    ]
    rows = []
    for p in figures.patterns.values():
        saving = p.savings["annual_savings_vs_reference_usd"]
        rows.append(
            [
                escaped_label(p),
                money(p.figures["annual_usd"]),
                spread_text(p, "annual_usd"),
                money(p.figures["tco_usd"]),
                spread_text(p, "tco_usd"),
                money(saving) if saving is not None else "–",
                percent(p.p_cheapest) if p.p_cheapest is not None else "–",
            ]
        )
    return table(header, rows, "lrrrrrr")


def estimate_markdown(figures: RecordFigures) -> str:
    """``cli.py estimate --format markdown``: a heading, the key figures and the matrix."""
    chosen = figures.chosen
    verdict = (
        f"Recommended: **{escaped_label(chosen)}** (the lowest TCO among the options that meet "
        "the requirement)."
        if chosen
        else "No option meets the requirement."
    )
    return (
        f"### Access patterns at {figures.count_text} over {figures.horizon_years} "
        f"years (scenario: {escape(figures.scenario.name)})\n\n{verdict}\n\n"
        f"{key_figures_table(figures)}\n{matrix_table(figures)}\n"
        f"{figures.draws:,} simulated years, seed {figures.seed}; P10–P90 is the 80% band.\n"
    )
