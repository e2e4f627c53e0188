"""The uncertainty section of the page: P10-P90 bands, loss exceedance (inherent and residual
with the what-if's guardrails), tornado, weighted score."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from accesscost.app.cache import simulation
from accesscost.app.view import PageView
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.words import Noun, services_markdown
from accesscost.figures.registry import FigureInputs
from accesscost.inputs.loading import Assumptions
from accesscost.model.exceedance import BreakEven, break_even
from accesscost.model.scoring import CRITERIA, Weights, decision_scores
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.summaries import inherent_losses


def tornado_outputs(shown: list[str], reference: str) -> list[Output]:
    outputs = [Output(pid) for pid in shown]
    outputs += [Output(pid, reference) for pid in shown if pid != reference]
    return outputs


def tornado_swings(assumptions: Assumptions, shown, view: PageView, recommended: str | None):
    """The tornado of the output chosen in its selector; by default the recommended pattern's
    saving."""
    outputs = tornado_outputs(shown, view.reference)
    preferred = [Output(recommended, view.reference), Output(recommended)] if recommended else []
    default = next((o for o in preferred if o in outputs), outputs[0])
    chosen = st.selectbox(
        "Tornado: which figure to explain",
        outputs,
        index=outputs.index(default),
        format_func=lambda output: output.label(assumptions),
        key="tornado_output",
    )
    return tornado(assumptions, chosen, view.services, horizon_years=view.horizon)


def weights() -> Weights:
    st.markdown("**Weighted decision score**: how much each criterion counts (0 ignores it).")
    columns = st.columns(len(CRITERIA))
    values = {
        key: column.slider(label, 0.0, 5.0, 1.0, 0.5, key=f"weight_{key}")
        for column, (key, label) in zip(columns, CRITERIA, strict=True)
    }
    return Weights(**values)


def scored(inputs: FigureInputs) -> FigureInputs:
    """The inputs with the score of the weights set in the sliders (none while they are invalid:
    the page says why and draws no score)."""
    try:
        chosen = weights()
    except AssumptionErrors as errors:
        st.warning(md(errors.problems[0].reason))
        return replace(inputs, scores=None)
    scores = decision_scores(inputs.result, chosen, shown=inputs.ids)
    note = ", ".join(f"{label} ×{getattr(chosen, key):g}" for key, label in CRITERIA)
    return replace(inputs, scores=scores, score_note=note)


ONE_PATTERN_HINT = (
    "Guardrails are switched on in the what-if: choose one pattern in “Patterns in the risk "
    "charts” to see its loss exceedance without and with them (inherent and residual)."
)


def inherent_of(view: PageView, pattern_ids: list[str]) -> dict | None:
    """The chosen pattern's annual losses without the what-if's guardrails (the what-if without
    them, simulated with the same seed), when one pattern is chosen and it has a guardrail
    switched on; else None (nothing more is simulated; with every pattern shown, a hint)."""
    if not any(view.guardrails.get(pid) for pid in pattern_ids):
        return None
    if len(pattern_ids) > 1:  # every pattern and dashed twins read as noise: one at a time
        st.caption(ONE_PATTERN_HINT)
        return None
    unguarded = simulation(
        view.files,
        view.unguarded,
        view.services,
        view.horizon,
        view.reference,
        view.draws,
        view.seed,
    )
    return inherent_losses(unguarded, view.guardrails, pattern_ids)


Controls = Callable[[FigureInputs], FigureInputs]


def figure_controls(
    assumptions: Assumptions, view: PageView, shown: list[str], best: str | None, simulate_pair
) -> dict[str, Controls]:
    """Per registered figure of the section, the widgets drawn right above it, which fill its
    inputs: the tornado's selector; the break-even (a text, not a chart) and the score's weights.
    A figure with no entry here is drawn from the section's inputs as they are."""

    def tornado_inputs(inputs: FigureInputs) -> FigureInputs:
        return replace(inputs, swings=tornado_swings(assumptions, shown, view, best))

    def score_inputs(inputs: FigureInputs) -> FigureInputs:
        break_even_section(assumptions, view, shown, best or shown[0], simulate_pair)
        return scored(inputs)

    return {"tornado": tornado_inputs, "decision-score": score_inputs}


BREAK_EVEN_DRAWS = 2_000


def break_even_text(result: BreakEven, label, noun: Noun | None = None) -> str:
    """The conclusion first, in words a room can repeat; the crossing second, as the exception.
    ``noun``: the decision's counted unit (services by default)."""
    first, second = label(result.first), label(result.second)
    low, high = result.services_range
    if result.first_always_cheaper >= result.second_always_cheaper:
        winner, loser, share = first, second, result.first_always_cheaper
    else:
        winner, loser, share = second, first, result.second_always_cheaper
    lead = (
        f"{winner} is cheaper than {loser} at every count from {low:,} to "
        f"{services_markdown(high, noun)} in {share:.0%} of simulated worlds."
    )
    if result.p50 is None:
        return lead
    return (
        f"{lead} In the other {result.crossing_fraction:.0%} their TCOs cross, most often near "
        f"{services_markdown(round(result.p50), noun)} "
        f"(P10–P90 {result.p10:,.0f}–{result.p90:,.0f})."
    )


def break_even_section(
    assumptions: Assumptions, view: PageView, shown: list[str], default: str, simulate_pair
) -> None:
    """Two patterns chosen by the reviewer, and the service count where their TCOs cross.

    ``simulate_pair(pair, draws)`` simulates the two over the page's sweep of service counts."""
    label = {pid: assumptions.patterns[pid].label for pid in shown}
    columns = st.columns(2)
    name = label.__getitem__
    first = columns[0].selectbox(
        "Break-even of", shown, index=shown.index(default), format_func=name, key="break_even_first"
    )
    others = [pid for pid in shown if pid != first] or [first]
    second_default = view.reference if view.reference in others else others[0]
    second = columns[1].selectbox(
        "against",
        others,
        index=others.index(second_default),
        format_func=name,
        key="break_even_second",
    )
    if first == second:
        return
    sim = simulate_pair((first, second), min(view.draws, BREAK_EVEN_DRAWS))
    result = break_even(sim, first, second)
    noun = assumptions.decision.counted
    st.markdown(break_even_text(result, lambda pid: md(label[pid]), noun))
