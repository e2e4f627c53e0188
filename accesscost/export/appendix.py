"""The deck's appendix: every assumption with its value as written and its source (what-if
edits first, then org.yaml, each pattern's line items and the guardrails), over as many slides
as it needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from accesscost.core.quantity import Quantity
from accesscost.core.words import capitalised
from accesscost.export.context import ExportContext
from accesscost.export.slide_text import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    HEADER,
    Paragraph,
    Run,
    add_table,
    new_slide,
    paginate,
)
from accesscost.inputs.settings import RATE_EPSILON_USD
from accesscost.model.matrix import usd

BOLD_COLUMN = 2  # the third column, the item, in bold
APPENDIX_COLUMNS = (
    ("Pattern", 1.55),
    ("Section", 1.1),
    ("Item", 2.7),
    ("Per", 0.9),
    ("Value as written", 2.3),
    ("Source", 3.98),
)

APPENDIX_FONT = 8.5


def _written(quantity: Quantity, prefix: str = "") -> str:
    raw = quantity.to_yaml()
    if isinstance(raw, dict):
        inner = " / ".join(f"{k} {prefix}{v:,g}" for k, v in raw.items())
        return f"[{inner}] (mean {prefix}{quantity.mean():,.4g})"
    return f"{prefix}{raw:,g}"


def _org_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """org.yaml's values (and the decision's units), each as written and, where a what-if
    setting changed it, the value used."""
    org = context.assumptions.org
    rows = [
        *_labour_rows(context),
        *_unit_rows(context.assumptions.decision),
        *_setting_rows(context),
        *_band_rows(org.bands),
        (
            "Simulation draws and seed",
            f"{org.simulation.draws:,} draws, seed {org.simulation.seed}",
            "org.yaml",
        ),
        *_tolerance_rows(context),
    ]
    return [("Organisation", "org.yaml", name, "", value, source) for name, value, source in rows]


def _labour_rows(context: ExportContext) -> list[tuple[str, str, str]]:
    """The hourly rate (as written, and as used), the hours a day, and the default count."""
    org, rate = context.assumptions.org, float(context.result.hourly_rate_usd)
    return [
        (
            "Loaded engineer hourly rate (USD)",
            _used(
                _written(org.labour.hourly_rate_usd, "$"),
                f"${rate:,g}",
                abs(rate - org.labour.hourly_rate_usd.mean()) > RATE_EPSILON_USD,
            ),
            org.labour.source,
        ),
        ("Engineer hours per day", f"{org.labour.hours_per_day:g}", "org.yaml"),
        (
            "Default count",
            context.assumptions.decision.count_words(org.default_services),
            "org.yaml",
        ),
    ]


def _setting_rows(context: ExportContext) -> list[tuple[str, str, str]]:
    """The horizon and the reference pattern, as written and, if a what-if changed them, used."""
    org, result = context.assumptions.org, context.result
    return [
        (
            "Horizon (years)",
            _used(
                f"{org.horizon_years}",
                f"{result.horizon_years}",
                result.horizon_years != org.horizon_years,
            ),
            "org.yaml",
        ),
        (
            "Reference pattern (savings against)",
            _used(
                context.assumptions.reference_id,
                result.reference_id,
                result.reference_id != org.reference_pattern,
            ),
            "org.yaml",
        ),
    ]


def _tolerance_rows(context: ExportContext) -> list[tuple[str, str, str]]:
    """The risk tolerance, if org.yaml sets one."""
    org, decision = context.assumptions.org, context.assumptions.decision
    tolerance = org.risk_tolerance
    if tolerance is None:
        return []
    text = (
        f"P(annual loss > {usd(tolerance.loss_usd)}) ≤ {tolerance.probability:g} at "
        f"{decision.count_words(org.default_services)}, in proportion at other "
        "counts"
    )
    return [("Risk tolerance", text, tolerance.source)]


def _unit_rows(decision) -> list[tuple[str, str, str]]:
    """One row per unit of the decision: how its count follows from the count set."""
    return [(capitalised(spec.plural), spec.how, spec.source) for spec in decision.units.values()]


def _used(written: str, used: str, changed: bool) -> str:
    """The value as written, and the one used when a what-if setting changed it."""
    return f"{written}; used {used} (what-if)" if changed else written


def _band_rows(bands) -> list[tuple[str, ...]]:
    def four(edges, unit: str) -> str:
        return ", ".join(
            f"{band} ≤ {edge:g}{unit}"
            for band, edge in (("Low", edges.low), ("Medium", edges.medium), ("High", edges.high))
        )

    source = "org.yaml bands (judgement, set to reproduce the seed's matrix at 50 services)"
    return [
        ("Band edges: implementation time", four(bands.implementation_hours, " h"), source),
        ("Band edges: operational overhead", four(bands.operations_ratio, "x"), source),
        ("Band edges: cost impact", four(bands.cost_impact_usd_per_year, " $/yr"), source),
        (
            "Band edges: compliance risk",
            f"Low ≤ {bands.compliance_ratio.low:g}x, High ≤ {bands.compliance_ratio.high:g}x the "
            "best valid pattern's expected loss",
            source,
        ),
    ]


def _pattern_rows(context: ExportContext) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for figures in context.result.patterns.values():
        label = figures.pattern.label
        for item in figures.line_items:
            rows.append((label, item.section, item.name, item.per, item.quantity, item.source))
    return rows


def _operation_written(item) -> str:
    if item.hours is not None:
        return f"{_written(item.hours)}h {item.frequency}"
    return f"{_written(item.usd, '$')} {item.frequency}"


def _guardrail_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """The guardrails that can be switched on: their work and what they mitigate."""
    rows: list[tuple[str, ...]] = []
    for guardrail in context.assumptions.guardrails.values():
        label = f"Guardrail: {guardrail.name}"
        for item in guardrail.implementation:
            written = f"{_written(item.hours)}h"
            rows.append((label, "implementation", item.name, item.per, written, item.source))
        for operation in guardrail.operations:
            written = _operation_written(operation)
            rows.append(
                (label, "operations", operation.name, operation.per, written, operation.source)
            )
        for mitigation in guardrail.mitigates:
            rows.append((label, "mitigates", *_mitigation_text(mitigation), mitigation.source))
    return rows


def _mitigation_text(mitigation) -> tuple[str, str, str]:
    """(item, per, value as written) of one mitigation: on a threat or on a kind of item."""
    if mitigation.kind is not None:
        written = f"annual probability x {mitigation.factor:g}"
        return f"Mitigates {mitigation.kind} risks", "", written
    return f"Mitigates the threat {mitigation.threat}", "", mitigation.effects


def _threat_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """The decision's threats, shared by every pattern: frequency and clean-up per counted unit
    reached (a service, a pod)."""
    rows: list[tuple[str, ...]] = []
    counted = context.assumptions.decision.counted.label
    for threat in context.assumptions.threats.values():
        cleanup = _written(threat.cleanup_usd_per_service, "$")
        written = f"TEF {_written(threat.tef)} a year; clean-up {cleanup} a {counted} reached"
        rows.append(("Threats", "threats.yaml", threat.name, threat.per, written, threat.source))
    return rows


def flatten(value, prefix: str = "") -> list[tuple[str, str]]:
    """A nested mapping as (dotted.path, value) pairs."""
    if isinstance(value, Mapping):
        pairs = []
        for key, inner in value.items():
            pairs += flatten(inner, f"{prefix}.{key}" if prefix else str(key))
        return pairs
    return [(prefix, json.dumps(value, default=str))]


def _override_rows(context: ExportContext) -> list[tuple[str, ...]]:
    return [
        ("What-if", "override", path, "", value, "edited for this scenario")
        for path, value in flatten(context.overrides or {})
    ]


def appendix_rows(context: ExportContext) -> list[tuple[str, ...]]:
    """Every assumption: (pattern, section, item, per, value as written, source)."""
    return (
        _override_rows(context)
        + _org_rows(context)
        + _threat_rows(context)
        + _pattern_rows(context)
        + _guardrail_rows(context)
    )


def appendix_cells(row: tuple[str, ...]) -> list[list[Paragraph]]:
    return [[(Run(text, APPENDIX_FONT, index == BOLD_COLUMN),)] for index, text in enumerate(row)]


def appendix_slides(prs, context: ExportContext) -> None:
    widths = [width for _, width in APPENDIX_COLUMNS]
    header = [[(Run(name, 10, True, "FFFFFF"),)] for name, _ in APPENDIX_COLUMNS]
    body = [appendix_cells(row) for row in appendix_rows(context)]
    pages = paginate(body, widths, CONTENT_BOTTOM - CONTENT_TOP, header)
    for number, page in enumerate(pages, start=1):
        slide = new_slide(prs, f"Appendix: every assumption ({number} of {len(pages)})")
        fills = [[HEADER] * len(widths)] + [[None] * len(widths)] * len(page)
        add_table(slide, [header, *page], widths, CONTENT_TOP, fills)
