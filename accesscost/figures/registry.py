"""Every chart of the review, once: its name, slide title, page section, builder and deck form.

The page's tabs (``accesscost.app``), the deck (``accesscost.export.deck``), the image zip and the
export folder (``accesscost.export.images``, ``accesscost.export.bundle``) and the decision record
all iterate ``FIGURES``; a new chart is one builder plus one ``FigureSpec`` registered here.

A builder is pure: it reads ``FigureInputs`` (the model's results, computed before any figure is
built) and returns a ``go.Figure``, or None when there is nothing to draw (the page's score chart
while its weights are invalid). ``needs`` names the ``FigureInputs`` fields it reads beyond the
estimate, so an export computes only the model runs its charts use.

``deck`` says how the deck carries the chart: ``native`` (an editable PowerPoint chart; the chart
must be all lines/markers or all bars, else the deck refuses it with an error naming the chart)
or ``image`` (a PNG through Chromium). A chart is never turned into an image silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import plotly.graph_objects as go

from accesscost.core.registry import Registry
from accesscost.core.words import Noun
from accesscost.figures import finops, matrices, risk
from accesscost.figures.finops import pattern_label
from accesscost.inputs.schema import RiskTolerance
from accesscost.model.engine import Estimate
from accesscost.model.limits import LimitEnd
from accesscost.model.risk_matrix import RiskPoint
from accesscost.model.scoring import Score
from accesscost.model.sensitivity import Tornado
from accesscost.model.simulation import Simulation, SweepBands

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
    a tornado, ``scores`` the weighted decision score and ``score_note`` its weights in words."""

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
    slide_title: str
    section: str  # the page tab it is drawn in
    build: Callable[[FigureInputs], go.Figure | None]
    deck: DeckForm = DeckForm.NATIVE
    needs: tuple[str, ...] = ()  # FigureInputs fields it reads beyond result and shown


def _cost_vs_services(inputs: FigureInputs) -> go.Figure:
    sweep = inputs.need("sweep")
    fig = finops.cost_vs_services(
        sweep, inputs.ids, inputs.services, inputs.all_ids, inputs.baseline_sweep,
        dict(inputs.limit_ends or {}), inputs.noun,
    )  # fmt: skip
    if inputs.spread is not None:
        upto = int(sweep.services[-1])
        risk.add_percentile_bands(fig, inputs.spread, inputs.ids, inputs.all_ids, upto=upto)
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
    return risk.loss_exceedance_chart(sim, inputs.ids, inputs.all_ids, inputs.tolerance)


def _tornado(inputs: FigureInputs) -> go.Figure:
    return risk.tornado_chart(inputs.need("swings"))


def _risk_matrix(inputs: FigureInputs) -> go.Figure:
    """The risk matrix of the shown patterns (inherent: guardrails as the assumptions have them)."""
    points = [p for p in inputs.need("risk_points") if p.pattern_id in inputs.shown]
    labels = {pid: pattern_label(f.pattern) for pid, f in inputs.result.patterns.items()}
    return matrices.risk_matrix_chart(
        points, labels, inputs.all_ids, inputs.services, inputs.tolerance
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
            "How the annual cost grows with the number of services",
            FINOPS,
            _cost_vs_services,
            needs=("sweep", "spread"),
        ),
        FigureSpec(
            "annual-cost-by-category",
            "Where each pattern's annual cost comes from",
            FINOPS,
            _breakdown,
        ),
        FigureSpec(
            "cumulative-cost", "Cumulative cost of moving, month by month", FINOPS, _cumulative
        ),
        FigureSpec("savings", "What each pattern saves against the reference", FINOPS, _savings),
        FigureSpec(
            "loss-exceedance",
            "How likely a costly year is: loss exceedance",
            UNCERTAINTY,
            _loss_exceedance,
            needs=("simulation",),
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
        ),
        FigureSpec(
            "tornado",
            "Which assumptions move the answer most",
            UNCERTAINTY,
            _tornado,
            needs=("swings",),
        ),
        FigureSpec(
            "decision-score",
            "Weighted decision score (equal weights)",
            UNCERTAINTY,
            _score,
            needs=("scores",),
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
