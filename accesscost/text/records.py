"""The figures a decision record, a Markdown table or an assumptions diff reads: one object.

``record_figures`` prices every pattern at one service count
(``accesscost.text.report.estimate_summary``,
the JSON of ``cli.py estimate``), runs the Monte Carlo with the org's seed and draws (P10-P90,
P(cheapest), P(the recommended pattern is cheaper than each other one), P(a year's loss exceeds
the risk tolerance)), computes the decision matrix, and, when asked, the break-even service count
of the recommended pattern against each other one over a sweep. Everything that writes a record
reads these ``RecordFigures`` and nothing else, so a new figure of the engine is added here once:
``PatternFigures`` is filled from the estimate's JSON row (``_pattern``), so a key added to that
JSON (a cash / labour split, savings by kind, a standard error) is one more field here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from accesscost.core.words import services_text
from accesscost.inputs.decision import Decision
from accesscost.inputs.loading import Assumptions, SourceFile
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.inputs.scenario import BASELINE, Scenario, scenario_yaml
from accesscost.inputs.schema import Check
from accesscost.model.scoring import CRITERIA, Weights
from accesscost.text.key_figures import pattern_figure_labels

BREAK_EVEN_POINTS = 200  # service counts of the break-even sweep (the page uses the same)
BREAK_EVEN_DRAWS = 2_000
BREAK_EVEN_UPPER = 1_000  # the sweep covers 1 to this, or to twice the chosen count
MONEY_FIGURES = pattern_figure_labels()


@dataclass(frozen=True)
class Spread:
    """Mean and P10 / P50 / P90 of one figure over the simulated worlds, and the Monte Carlo
    standard error of the mean."""

    mean: float
    p10: float
    p50: float
    p90: float
    se: float = 0.0


@dataclass(frozen=True)
class MatrixCell:
    figure: str  # as the matrix shows it, e.g. "15 min"
    band: str
    note: str


@dataclass(frozen=True)
class BreakEvenCount:
    """Where the TCOs of the recommended pattern and another cross (None: not in the sweep)."""

    other: str
    p10: float | None
    p50: float | None
    p90: float | None
    crossing_fraction: float
    services_range: tuple[int, int]


@dataclass(frozen=True)
class PatternFigures:
    """One pattern's figures at the record's service count."""

    id: str
    option: str | None
    name: str
    label: str
    summary: str
    meets_requirement: bool
    requirement_gap: str | None
    security_rating: str
    security_note: str
    figures: dict[
        str, float
    ]  # the estimate's figures (accesscost.text.report.FIGURES) and the split
    savings: dict[str, float | None]  # against the reference: annual, TCO, migration, payback
    spreads: dict[str, Spread]  # simulated: accesscost.model.summaries.SIMULATED_FIGURES
    p_cheapest: float | None
    p_exceeds_tolerance: float | None
    score: float  # the weighted decision score, 0 to 1 (accesscost.model.scoring)
    score_rank: int  # 1 = first; a pattern that does not meet the requirement ranks last
    matrix: dict[str, MatrixCell]
    checks: tuple[Check, ...]


@dataclass(frozen=True)
class RecordFigures:
    """Every figure a decision record or a diff shows, with where the numbers came from."""

    services: int
    horizon_years: int
    currency: str
    hourly_rate_usd: float
    reference: str
    recommended: str | None
    patterns: dict[str, PatternFigures]
    p_cheaper: dict[str, float]  # P(recommended cheaper over the horizon than each other one)
    break_even: dict[str, BreakEvenCount]  # recommended against each other one (if computed)
    tolerance: RiskTolerance | None
    decision: Decision
    weights: Weights
    scenario: Scenario
    files: tuple[SourceFile, ...]
    seed: int
    draws: int
    estimate: dict = field(repr=False)  # the JSON of ``cli.py estimate`` these came from

    @property
    def chosen(self) -> PatternFigures | None:
        return self.patterns.get(self.recommended) if self.recommended else None

    @property
    def scenario_sha256(self) -> str:
        """The checksum of the scenario as written to the record's assets (``scenario.yaml``)."""
        return hashlib.sha256(scenario_yaml(self.scenario).encode("utf-8")).hexdigest()

    def weight_shares(self) -> list[tuple[str, float, float]]:
        """(criterion label, weight, share of the total weight) for each criterion."""
        total = self.weights.total
        return [
            (label, getattr(self.weights, key), getattr(self.weights, key) / total)
            for key, label in CRITERIA
        ]

    @property
    def count_text(self) -> str:
        """The count with the decision's noun: "50 services", "200 pods"."""
        return services_text(self.services, self.decision.counted)


def record_figures(
    assumptions: Assumptions,
    services: int,
    *,
    scenario: Scenario = BASELINE,
    reference_id: str | None = None,
    horizon_years: int | None = None,
    draws: int | None = None,
    seed: int | None = None,
    weights: Weights | None = None,
    with_break_even: bool = False,
) -> RecordFigures:
    """Price, simulate and compare every pattern at ``services`` (see the module docstring)."""
    import numpy as np

    from accesscost.model.engine import estimate
    from accesscost.model.simulation import simulate
    from accesscost.text.report import add_uncertainty, estimate_summary

    org = assumptions.org
    draws = draws or org.simulation.draws
    seed = org.simulation.seed if seed is None else seed
    result = estimate(assumptions, services, reference_id=reference_id, horizon_years=horizon_years)
    summary = estimate_summary(assumptions, services, reference_id, horizon_years, result)
    summary["scenario"] = scenario.name
    rng = np.random.default_rng(seed)
    sim = simulate(
        assumptions,
        services,
        draws,
        rng,
        reference_id=result.reference_id,
        horizon_years=result.horizon_years,
    )
    add_uncertainty(summary, sim)
    return _assemble(
        assumptions, result, sim, summary, scenario, weights or Weights(), seed, with_break_even
    )


def _assemble(assumptions, result, sim, summary, scenario, weights, seed, with_break_even):
    from accesscost.model.matrix import decision_matrix, recommended_id
    from accesscost.model.scoring import decision_scores

    org = assumptions.org
    best = recommended_id(result)
    matrix = decision_matrix(result, org.bands, org.labour.hours_per_day)
    rows = {r.pattern.id: r for r in matrix}
    extra = {
        score.pattern_id: {"score": round(score.score, 4), "score_rank": score.rank}
        for score in decision_scores(result, weights)
    }
    for pid, value in _exceedance(sim, org.risk_tolerance).items():
        extra[pid]["p_exceeds_tolerance"] = value
    patterns = {
        row["id"]: _pattern(row, result, rows[row["id"]], extra[row["id"]])
        for row in summary["patterns"]
    }
    return RecordFigures(
        services=int(result.services[0]),
        horizon_years=result.horizon_years,
        currency=org.currency,
        hourly_rate_usd=float(result.hourly_rate_usd),
        reference=result.reference_id,
        recommended=best,
        patterns=patterns,
        p_cheaper=_p_cheaper(sim, best),
        break_even=_break_even(assumptions, result, best, seed) if with_break_even else {},
        tolerance=org.risk_tolerance,
        decision=assumptions.decision,
        weights=weights,
        scenario=scenario,
        files=assumptions.files,
        seed=seed,
        draws=sim.draws,
        estimate=summary,
    )


SPLIT = ("labour_usd_per_year", "tooling_usd_per_year")
SAVINGS = (
    "annual_savings_vs_reference_usd",
    "tco_savings_vs_reference_usd",
    "migration_from_reference_usd",
    "migration_from_reference_hours",
    "payback_years",
)


def _pattern(row: dict, result, matrix_row, extra: dict) -> PatternFigures:
    from accesscost.text.report import FIGURES

    estimate = result.patterns[row["id"]]
    pattern = estimate.pattern
    figures = {name: row[name] for name in FIGURES}
    figures |= {name: round(float(getattr(estimate, name)[0]), 2) for name in SPLIT}
    return PatternFigures(
        id=pattern.id,
        option=pattern.option,
        name=pattern.name,
        label=pattern.label,
        summary=pattern.summary,
        meets_requirement=pattern.meets_requirement,
        requirement_gap=pattern.requirement_gap,
        security_rating=pattern.security_posture.rating,
        security_note=pattern.security_posture.note,
        figures=figures,
        savings={name: row[name] for name in SAVINGS},
        spreads={name: Spread(**values) for name, values in row["percentiles"].items()},
        p_cheapest=row["p_cheapest"],
        p_exceeds_tolerance=extra.get("p_exceeds_tolerance"),
        score=extra["score"],
        score_rank=extra["score_rank"],
        matrix={
            key: MatrixCell(cell.figure, cell.band, cell.note)
            for key, cell in matrix_row.cells.items()
        },
        checks=tuple(pattern.confirmation),
    )


def _exceedance(sim, tolerance: RiskTolerance | None) -> dict[str, float]:
    from accesscost.model.exceedance import exceedance_probability
    from accesscost.model.summaries import annual_loss

    if tolerance is None:
        return {}
    return {
        pid: round(float(exceedance_probability(annual_loss(sim, pid), tolerance.loss_usd)), 4)
        for pid in sim.patterns
    }


def _p_cheaper(sim, best: str | None) -> dict[str, float]:
    from accesscost.model.summaries import probability_cheaper

    if best is None:
        return {}
    return {
        pid: round(probability_cheaper(sim, best, pid), 4) for pid in sim.patterns if pid != best
    }


def _break_even(assumptions, result, best: str | None, seed: int) -> dict[str, BreakEvenCount]:
    import numpy as np

    from accesscost.model.exceedance import break_even
    from accesscost.model.simulation import simulate
    from accesscost.model.timeline import sweep_counts

    if best is None:
        return {}
    services = int(result.services[0])
    counts = sweep_counts(services, BREAK_EVEN_POINTS, BREAK_EVEN_UPPER)
    rng = np.random.default_rng(seed)
    sim = simulate(
        assumptions,
        counts,
        BREAK_EVEN_DRAWS,
        rng,
        horizon_years=result.horizon_years,
        reference_id=result.reference_id,
    )
    crossings = {}
    for pid in sim.patterns:
        if pid == best:
            continue
        found = break_even(sim, best, pid)
        crossings[pid] = BreakEvenCount(
            pid, found.p10, found.p50, found.p90, found.crossing_fraction, found.services_range
        )
    return crossings


def record_document(figures: RecordFigures) -> dict:
    """The figures as plain data (the record's ``figures.json``): the estimate's JSON, and what
    the record adds to it, with where the numbers came from."""
    from dataclasses import asdict

    return {
        "estimate": figures.estimate,
        "recommended": figures.recommended,
        "p_cheaper_than": figures.p_cheaper,
        "break_even": {pid: asdict(found) for pid, found in figures.break_even.items()},
        "risk_tolerance": figures.tolerance.model_dump() if figures.tolerance else None,
        "weights": asdict(figures.weights),
        "patterns": {
            pid: {
                "score": p.score,
                "score_rank": p.score_rank,
                "p_exceeds_tolerance": p.p_exceeds_tolerance,
                "matrix": {key: asdict(cell) for key, cell in p.matrix.items()},
            }
            for pid, p in figures.patterns.items()
        },
        "scenario": {"name": figures.scenario.name, "sha256": figures.scenario_sha256},
        "files": [{"path": f.path, "sha256": f.sha256} for f in figures.files],
        "simulation": {"draws": figures.draws, "seed": figures.seed},
    }
