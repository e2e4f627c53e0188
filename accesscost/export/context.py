"""What every export shows, computed once: the model at one count, a sweep, the Monte Carlo at
the count (the matrix's P(cheapest), as on the page), the other model runs the registered charts
need (the P10-P90 bands of the cost-by-count chart as the page draws them), and the charts.

``make_context`` runs the model before any file is built; the deck, the workbook, the image zip
(``image_figures``: the charts and the blueprints) and the decision record only read the
``ExportContext`` it returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import plotly.graph_objects as go

from accesscost.core.words import services_text
from accesscost.figures.blueprint import SLIDE_TEXT, blueprint_figure
from accesscost.figures.palette import pattern_colours
from accesscost.figures.registry import FIGURES, FigureInputs, FigureSpec, build_figures
from accesscost.inputs.loading import Assumptions
from accesscost.model.bands import band_plan, sweep_bands
from accesscost.model.blueprint import Blueprint, layout
from accesscost.model.engine import Estimate, estimate
from accesscost.model.exceedance import tolerance_at
from accesscost.model.limits import limit_ends, within_limits
from accesscost.model.matrix import (
    COLUMNS,
    MatrixColumn,
    MatrixRow,
    decision_matrix,
    matrix_uncertainty,
    recommended_id,
    review_order,
)
from accesscost.model.risk_matrix import risk_points
from accesscost.model.scoring import Weights, decision_scores
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.simulation import simulate
from accesscost.model.timeline import sweep_counts

SWEEP_POINTS = 400
EQUAL_WEIGHTS = "equal weights"


@dataclass(frozen=True, eq=False)
class ExportContext:
    """Everything an export shows: the model at one count, a sweep, and where the numbers came from.

    ``assumptions`` are the ones used (what-if edits applied); ``overrides`` records those edits
    (any JSON-like mapping, or None); ``figures`` are the registered charts by key, built.
    """

    assumptions: Assumptions
    inputs: FigureInputs
    scenario_name: str
    overrides: Mapping | None
    generated: datetime
    figures: Mapping[str, go.Figure] = field(default_factory=dict)
    specs: tuple[FigureSpec, ...] = ()  # the registry entries of ``figures``, in order
    rows: tuple[MatrixRow, ...] = ()  # the decision matrix of the shown patterns
    columns: tuple[MatrixColumn, ...] = ()  # the matrix columns registered when it was made
    blueprints: Mapping[str, Blueprint] = field(default_factory=dict)  # shown, with a diagram
    # per shown pattern, as the page's matrix has it: P(cheapest) and each cell's P10-P90
    uncertainty: Mapping[str, dict] = field(default_factory=dict)

    @property
    def result(self) -> Estimate:
        return self.inputs.result

    @property
    def sweep(self) -> Estimate:
        return self.inputs.need("sweep")

    @property
    def shown(self) -> tuple[str, ...]:
        return self.inputs.shown

    @property
    def review_rows(self) -> list[MatrixRow]:
        """The matrix rows as the page's matrix reads them: the recommended pattern first,
        then the valid ones, then those that fail (``rows`` stay in file order for the data)."""
        return review_order(list(self.rows))

    @property
    def services(self) -> int:
        return self.inputs.services

    @property
    def all_ids(self) -> list[str]:
        return list(self.assumptions.patterns)

    @property
    def count_text(self) -> str:
        """The count with the decision's noun: "50 services", "200 pods"."""
        return services_text(self.services, self.assumptions.decision.counted)


@dataclass(frozen=True)
class RunSettings:
    """The settings the export's model runs with (None: the assumptions' own default); the
    reviewer's whole settings object is another part of issue 15."""

    horizon_years: int | None = None
    hourly_rate_usd: float | None = None
    reference_id: str | None = None


def make_context(
    assumptions: Assumptions,
    services: int,
    *,
    horizon_years: int | None = None,
    hourly_rate_usd: float | None = None,
    reference_id: str | None = None,
    shown: Sequence[str] | None = None,
    scenario_name: str = "Baseline",
    overrides: Mapping | None = None,
    figures: Sequence[str] | None = None,
    drawn: Mapping[str, go.Figure] | None = None,
    generated: datetime | None = None,
) -> ExportContext:
    """Price every pattern at ``services`` and over a sweep, run what the charts need, build them.

    ``figures`` are the keys of the registered charts to export (None: all of them); ``drawn``
    are charts the page drew already, by key, used as drawn (the page's tornado and weights).
    """
    settings, drawn = RunSettings(horizon_years, hourly_rate_usd, reference_id), dict(drawn or {})
    specs = _chosen(figures, drawn)
    result, assumptions = _priced(assumptions, services, settings)
    ids = shown_ids(assumptions, shown)
    inputs, charts = _charts(specs, drawn, assumptions, result, ids, settings)
    org = assumptions.org
    rows = decision_matrix(result, org.bands, org.labour.hours_per_day, shown=list(ids))
    return ExportContext(
        assumptions=assumptions,
        inputs=inputs,
        scenario_name=scenario_name,
        overrides=overrides or None,
        generated=generated or datetime.now(UTC),
        figures=charts,
        specs=tuple(spec for spec in specs if spec.key in charts),
        rows=tuple(rows),
        columns=tuple(COLUMNS),
        blueprints=blueprints(assumptions, ids),
        uncertainty=matrix_uncertainty(inputs.need("simulation"), list(ids)),
    )


def _priced(
    assumptions: Assumptions, services: int, settings: RunSettings
) -> tuple[Estimate, Assumptions]:
    """The model at the count (which checks the count and applies the limits there), and the
    assumptions with the same limits, which the sweep, the matrix and the blueprints read."""
    result = _estimate(assumptions, services, settings)
    return result, within_limits(assumptions, int(result.services[0]))


def _charts(
    specs: list[FigureSpec],
    drawn: dict[str, go.Figure],
    assumptions: Assumptions,
    result: Estimate,
    ids: tuple[str, ...],
    settings: RunSettings,
) -> tuple[FigureInputs, dict[str, go.Figure]]:
    """The model runs the charts to build need (and the Monte Carlo, for the matrix's
    P(cheapest)), and each chosen chart: built, or as the page drew it."""
    to_build = [spec for spec in specs if spec.key not in drawn]
    needs = {n for s in to_build for n in s.needs} | {"simulation"}  # the matrix's P(cheapest)
    inputs = model_inputs(assumptions, result, ids, settings, needs)
    built = build_figures(to_build, inputs) | drawn
    return inputs, {spec.key: built[spec.key] for spec in specs if spec.key in built}


def _chosen(keys: Sequence[str] | None, drawn: Mapping[str, go.Figure]) -> list[FigureSpec]:
    unknown = [key for key in [*(keys or ()), *drawn] if key not in FIGURES]
    if unknown:
        known = ", ".join(FIGURES.names())
        raise ValueError(f"figures: unknown chart {unknown[0]!r}; known: {known}")
    return [spec for spec in FIGURES if keys is None or spec.key in keys]


def _estimate(assumptions: Assumptions, services, settings: RunSettings) -> Estimate:
    return estimate(
        assumptions,
        services,
        horizon_years=settings.horizon_years,
        hourly_rate_usd=settings.hourly_rate_usd,
        reference_id=settings.reference_id,
    )


def _monte_carlo(assumptions: Assumptions, result: Estimate, ids: list[str], settings: RunSettings):
    """The Monte Carlo at the chosen count: the org's draws and seed."""
    simulation = assumptions.org.simulation
    return simulate(
        assumptions,
        int(result.services[0]),
        simulation.draws,
        np.random.default_rng(simulation.seed),
        pattern_ids=ids,
        reference_id=result.reference_id,
        horizon_years=result.horizon_years,
        hourly_rate_usd=settings.hourly_rate_usd,
    )


def _bands(assumptions: Assumptions, result: Estimate, ids: list[str], settings: RunSettings):
    """The P10-P90 bands over the sweep, as the page draws them (``band_plan``)."""
    simulation = assumptions.org.simulation
    counts, draws = band_plan(int(result.services[0]), simulation.draws)
    return sweep_bands(
        assumptions,
        counts,
        draws,
        np.random.default_rng(simulation.seed),
        pattern_ids=ids,
        with_tco=False,
        horizon_years=result.horizon_years,
        hourly_rate_usd=settings.hourly_rate_usd,
    )


def _swings(assumptions: Assumptions, result: Estimate, ids: list[str], settings: RunSettings):
    """The tornado of the recommended pattern's saving against the reference (or its figure)."""
    target = recommended_id(result, shown=ids) or ids[0]
    against = result.reference_id if result.reference_id != target else None
    return tornado(
        assumptions,
        Output(target, against),
        int(result.services[0]),
        horizon_years=result.horizon_years,
        hourly_rate_usd=settings.hourly_rate_usd,
    )


def _scores(_assumptions: Assumptions, result: Estimate, ids: list[str], _settings: RunSettings):
    return decision_scores(result, Weights(), shown=ids)


def _points(assumptions: Assumptions, result: Estimate, _ids: list[str], _settings: RunSettings):
    return tuple(risk_points(assumptions, int(result.services[0])))


# The model runs a chart may need beyond the sweep, by the FigureInputs field they fill.
RUNS = {
    "simulation": _monte_carlo,
    "spread": _bands,
    "swings": _swings,
    "scores": _scores,
    "risk_points": _points,
}


def model_inputs(
    assumptions: Assumptions,
    result: Estimate,
    shown: tuple[str, ...],
    settings: RunSettings,
    needs: set[str],
) -> FigureInputs:
    """The model runs the charts need, at the chosen count: always the sweep and the tolerance;
    the Monte Carlo (org's draws and seed), the P10-P90 bands over the sweep (as the page draws
    them), the tornado of the recommended pattern's saving, the equal-weights score and the risk
    points only when a chart to build reads them (``RUNS``)."""
    ids, services = list(shown), int(result.services[0])
    sweep = _estimate(assumptions, sweep_counts(services, SWEEP_POINTS), settings)
    runs = {
        need: run(assumptions, result, ids, settings) for need, run in RUNS.items() if need in needs
    }
    return FigureInputs(
        result=result,
        shown=shown,
        sweep=sweep,
        limit_ends=limit_ends(assumptions, ids, sweep.services),
        noun=assumptions.decision.counted,
        tolerance=tolerance_at(assumptions.org, services),
        score_note=EQUAL_WEIGHTS,
        **runs,
    )


def blueprints(assumptions: Assumptions, shown: tuple[str, ...]) -> dict[str, Blueprint]:
    """The laid-out diagram of each shown pattern that has one, in the order they were loaded."""
    patterns = assumptions.patterns
    return {pid: layout(diagram) for pid in shown if (diagram := patterns[pid].diagram)}


def image_figures(context: ExportContext) -> dict[str, go.Figure]:
    """What the image zip and the export folder hold, by file stem: every registered chart, then
    each blueprint (``blueprint-<pattern id>``) with its type at slide size."""
    colours = pattern_colours(context.all_ids)
    patterns = context.assumptions.patterns
    diagrams = {
        f"blueprint-{pid}": blueprint_figure(patterns[pid], colours[pid], text=SLIDE_TEXT)
        for pid in context.blueprints
    }
    return {**context.figures, **diagrams}


def shown_ids(assumptions: Assumptions, shown: Sequence[str] | None) -> tuple[str, ...]:
    ids = list(assumptions.patterns)
    unknown = [pid for pid in shown or () if pid not in ids]
    if unknown:
        raise ValueError(f"shown: unknown pattern {unknown[0]!r}; known: {', '.join(ids)}")
    if shown is not None and not shown:
        raise ValueError(f"shown: choose at least one pattern of {', '.join(ids)}")
    return tuple(pid for pid in ids if shown is None or pid in shown)
