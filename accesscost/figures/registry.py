"""Every chart of the review, once: its name, slide title, page section, builder and deck form.

The page's tabs (``accesscost.app``), the deck (``accesscost.export.deck``), the image zip and the
export folder (``accesscost.export.images``, ``accesscost.export.bundle``) and the decision record
all iterate ``FIGURES``; a new chart is one builder plus one ``FigureSpec`` registered here.

A builder is pure: it reads ``FigureInputs`` (the model's results, computed before any figure is
built) and returns a ``go.Figure``, or None when there is nothing to draw (the page's score chart
while its weights are invalid). ``needs`` names the ``FigureInputs`` fields it reads beyond the
estimate, so an export computes only the model runs its charts use.

``reading`` gives the chart's "how to read it" sentence (``accesscost.text.readings``): its
conclusion in plain words, from the numbers it draws, for the page (above the chart) and the deck.

``deck`` says how the deck carries the chart: ``native`` (an editable PowerPoint chart; the chart
must be all lines/markers or all bars, else the deck refuses it with an error naming the chart)
or ``image`` (a PNG through Chromium). A chart is never turned into an image silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import plotly.graph_objects as go

from accesscost.core.registry import Registry
from accesscost.core.words import Noun, plural, services_text
from accesscost.figures import cost_by_count, finops, matrices, risk, tornado
from accesscost.figures.layout import pattern_label
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.model.bands import SweepBands
from accesscost.model.engine import Estimate
from accesscost.model.limits import LimitEnd
from accesscost.model.risk_matrix import RiskPoint
from accesscost.model.scoring import Score
from accesscost.model.sensitivity import Tornado
from accesscost.model.simulation import Simulation
from accesscost.model.timeline import BREAKDOWN, annual_breakdown, payback_month
from accesscost.text import readings

FINOPS = "FinOps"
UNCERTAINTY = "Uncertainty and sensitivity"


class DeckForm(StrEnum):
    NATIVE = "native"
    IMAGE = "image"


@dataclass(frozen=True)
class FigureInputs:
    """What the builders read. ``result`` is the model at the chosen count, ``shown`` the patterns
    drawn; the rest is filled by whoever computes it (the page per tab, the export once):
    ``sweep`` the model over service counts, ``baseline`` / ``baseline_sweep`` the same before a
    what-if (the page draws them dashed), ``spread`` P10-P90 bands over a sweep, ``simulation``
    the Monte Carlo at the count, ``tolerance`` the org's risk tolerance at the count, ``swings``
    a tornado, ``scores`` the weighted decision score and ``score_note`` its weights in words;
    ``inherent`` the annual losses of patterns with guardrails switched on, simulated without
    them (the loss exceedance draws such a pattern inherent and residual)."""

    result: Estimate
    shown: tuple[str, ...]
    sweep: Estimate | None = None
    baseline: Estimate | None = None
    baseline_sweep: Estimate | None = None
    spread: SweepBands | None = None
    simulation: Simulation | None = None
    tolerance: RiskTolerance | None = None
    swings: Tornado | None = None
    scores: list[Score] | None = None
    score_note: str = ""
    limit_ends: Mapping[str, LimitEnd] | None = None  # where a pattern passes a published limit
    noun: Noun | None = None  # the decision's counted unit (services by default)
    risk_points: tuple[RiskPoint, ...] | None = None  # every (pattern, risk): the risk matrix
    # a guarded pattern's annual losses without its guardrails: the loss exceedance's inherent
    inherent: Mapping[str, np.ndarray] | None = None

    @property
    def services(self) -> int:
        return int(self.result.services[0])

    @property
    def ids(self) -> list[str]:
        return list(self.shown)

    @property
    def all_ids(self) -> list[str]:
        return list(self.result.patterns)

    def need(self, name: str):
        """The field ``name``, which the figure being built declared in ``needs``."""
        value = getattr(self, name)
        if value is None:
            raise ValueError(f"figure inputs: {name} was not computed for a chart that needs it")
        return value


@dataclass(frozen=True)
class FigureSpec:
    key: str  # the file stem of its images and the workbook sheet ("Chart <key>")
    slide_title: str  # "{plural}" stands for the decision's counted unit: use ``title``
    section: str  # the page tab it is drawn in
    build: Callable[[FigureInputs], go.Figure | None]
    deck: DeckForm = DeckForm.NATIVE
    needs: tuple[str, ...] = ()  # FigureInputs fields it reads beyond result and shown
    reading: Callable[[FigureInputs], str] | None = None  # "how to read it", in plain words

    def title(self, noun: Noun | None = None) -> str:
        """The slide title, with the decision's counted unit (services by default)."""
        return self.slide_title.format(plural=plural(noun))


def reading_of(spec: FigureSpec, inputs: FigureInputs) -> str | None:
    """The chart's "how to read it" sentence, from the inputs it is drawn from."""
    return spec.reading(inputs) if spec.reading is not None else None


def _name(result: Estimate, pattern_id: str) -> str:
    """A pattern in a sentence: its option letter, as the legend and the matrix lead with it,
    marked ✗ as they mark it when it does not meet the requirement."""
    pattern = result.patterns[pattern_id].pattern
    letter = pattern.option or pattern.id
    return letter if pattern.meets_requirement else f"{letter} ✗"


def _alternatives(result: Estimate, ids: list[str]) -> list[str]:
    """The patterns that meet the requirement, the only ones a move or a saving is about."""
    return [pid for pid in ids if result.patterns[pid].pattern.meets_requirement]


def _at(inputs: FigureInputs) -> str:
    return services_text(inputs.services, inputs.noun)


def _read_cost_vs_services(inputs: FigureInputs) -> str:
    """Cheapest where, among the patterns that meet the requirement, each up to its limit."""
    sweep, ends = inputs.need("sweep"), inputs.limit_ends or {}
    counts = np.asarray(sweep.services)
    annual = {}
    for pid in _alternatives(sweep, inputs.ids):
        cost = np.asarray(sweep.patterns[pid].annual_usd, dtype=float)
        end = ends[pid].count if pid in ends else np.inf
        annual[_name(sweep, pid)] = np.where(counts >= end, np.inf, cost).tolist()
    return readings.cheapest_by_count(counts.tolist(), annual, plural(inputs.noun))


def _read_breakdown(inputs: FigureInputs) -> str:
    parts = {}
    for pid in inputs.ids:
        split = annual_breakdown(inputs.result, pid)
        parts[_name(inputs.result, pid)] = {label: split[key] for key, label in BREAKDOWN}
    return readings.cost_by_category(parts, _at(inputs))


def _read_cumulative(inputs: FigureInputs) -> str:
    result = inputs.result
    last = 12 * result.horizon_years
    paybacks = {}
    for pid in _alternatives(result, inputs.ids):
        if pid != result.reference_id:
            month = payback_month(result, pid)
            paybacks[_name(result, pid)] = month if month is not None and month <= last else None
    reference = _name(result, result.reference_id)
    return readings.soonest_payback(paybacks, reference, result.horizon_years)


def _read_savings(inputs: FigureInputs) -> str:
    result, savings = inputs.result, {}
    for pid in inputs.ids:
        split = result.savings_split(pid) if pid != result.reference_id else None
        if split is not None:
            savings[_name(result, pid)] = float(split["total_usd_per_year"][0])
    return readings.largest_saving(savings, _name(result, result.reference_id), _at(inputs))


def _read_loss_exceedance(inputs: FigureInputs) -> str:
    sim = inputs.need("simulation")
    samples = {
        _name(inputs.result, pid): sim.patterns[pid].compliance_usd_per_year[:, 0]
        for pid in inputs.ids
    }
    return readings.loss_exceedance(samples)


def _read_risk_matrix(inputs: FigureInputs) -> str:
    points = [
        (_name(inputs.result, p.pattern_id), p.name, p.lef, p.magnitude_usd, p.ale_usd)
        for p in inputs.need("risk_points")
        if p.pattern_id in inputs.shown
    ]
    return readings.largest_exposure(points)


def _read_tornado(inputs: FigureInputs) -> str:
    swings = inputs.need("swings")
    bars = [(bar.input.label, bar.output_at_low, bar.output_at_high) for bar in swings.bars]
    return readings.largest_swing(bars, swings.base_usd)


def _read_score(inputs: FigureInputs) -> str:
    ranked = sorted(inputs.scores or [], key=lambda score: score.rank)
    names = {pid: _name(inputs.result, pid) for pid in inputs.all_ids}
    return readings.best_score(
        [(names[s.pattern_id], s.score, s.meets_requirement) for s in ranked]
    )


def _cost_vs_services(inputs: FigureInputs) -> go.Figure:
    sweep = inputs.need("sweep")
    fig = cost_by_count.cost_vs_services(
        sweep,
        inputs.ids,
        inputs.services,
        inputs.all_ids,
        inputs.baseline_sweep,
        dict(inputs.limit_ends or {}),
        inputs.noun,
    )
    if inputs.spread is not None:
        upto = int(sweep.services[-1])
        risk.add_percentile_bands(
            fig, inputs.spread, inputs.ids, inputs.all_ids, upto=upto, noun=inputs.noun
        )
    return fig


def _breakdown(inputs: FigureInputs) -> go.Figure:
    return finops.annual_breakdown_chart(
        inputs.result, inputs.ids, baseline=inputs.baseline, noun=inputs.noun
    )


def _cumulative(inputs: FigureInputs) -> go.Figure:
    return finops.cumulative_cost_chart(
        inputs.result, inputs.ids, inputs.all_ids, baseline=inputs.baseline
    )


def _savings(inputs: FigureInputs) -> go.Figure:
    return finops.savings_chart(
        inputs.result, inputs.ids, inputs.all_ids, baseline=inputs.baseline, noun=inputs.noun
    )


def _loss_exceedance(inputs: FigureInputs) -> go.Figure:
    sim = inputs.need("simulation")
    return risk.loss_exceedance_chart(
        sim,
        inputs.ids,
        inputs.all_ids,
        inputs.tolerance,
        inherent=inputs.inherent,
        noun=inputs.noun,
    )


def _tornado(inputs: FigureInputs) -> go.Figure:
    return tornado.tornado_chart(inputs.need("swings"), inputs.noun)


def _risk_matrix(inputs: FigureInputs) -> go.Figure:
    """The risk matrix of the shown patterns (inherent: guardrails as the assumptions have them)."""
    points = [p for p in inputs.need("risk_points") if p.pattern_id in inputs.shown]
    labels = {pid: pattern_label(f.pattern) for pid, f in inputs.result.patterns.items()}
    return matrices.risk_matrix_chart(
        points, labels, inputs.all_ids, inputs.services, inputs.tolerance, noun=inputs.noun
    )


def _score(inputs: FigureInputs) -> go.Figure | None:
    if inputs.scores is None:
        return None
    return risk.score_chart(inputs.scores, inputs.score_note)


FIGURES: Registry[FigureSpec] = Registry(
    "figures",
    (
        FigureSpec(
            "annual-cost-vs-services",
            "How the annual cost grows with the number of {plural}",
            FINOPS,
            _cost_vs_services,
            needs=("sweep", "spread"),
            reading=_read_cost_vs_services,
        ),
        FigureSpec(
            "annual-cost-by-category",
            "Where each pattern's annual cost comes from",
            FINOPS,
            _breakdown,
            reading=_read_breakdown,
        ),
        FigureSpec(
            "cumulative-cost",
            "Cumulative cost of moving, month by month",
            FINOPS,
            _cumulative,
            reading=_read_cumulative,
        ),
        FigureSpec(
            "savings",
            "What each pattern saves against the reference",
            FINOPS,
            _savings,
            reading=_read_savings,
        ),
        FigureSpec(
            "loss-exceedance",
            "How likely a costly year is: loss exceedance",
            UNCERTAINTY,
            _loss_exceedance,
            needs=("simulation",),
            reading=_read_loss_exceedance,
        ),
        FigureSpec(
            "risk-matrix",
            "How often, how much: the risk matrix",
            UNCERTAINTY,
            _risk_matrix,
            # an image: marker areas carry the expected loss, which a native XY chart cannot,
            # and LibreOffice drew the native log-log markers as nothing at all; the numbers are
            # in the workbook's "Risk matrix" sheet
            deck=DeckForm.IMAGE,
            needs=("risk_points",),
            reading=_read_risk_matrix,
        ),
        FigureSpec(
            "tornado",
            "Which assumptions move the answer most",
            UNCERTAINTY,
            _tornado,
            needs=("swings",),
            reading=_read_tornado,
        ),
        FigureSpec(
            "decision-score",
            "Weighted decision score (equal weights)",
            UNCERTAINTY,
            _score,
            needs=("scores",),
            reading=_read_score,
        ),
    ),
)


def in_section(section: str) -> list[FigureSpec]:
    """The registered figures the page draws in ``section``, in order."""
    return [spec for spec in FIGURES if spec.section == section]


def sections() -> list[str]:
    """The page sections that hold registered figures, in the order first registered."""
    return list(dict.fromkeys(spec.section for spec in FIGURES))


def build_figures(specs, inputs: FigureInputs) -> dict[str, go.Figure]:
    """Each spec's figure by key; a builder that has nothing to draw is left out."""
    figures = {}
    for spec in specs:
        fig = spec.build(inputs)
        if fig is not None:
            figures[spec.key] = fig
    return figures
