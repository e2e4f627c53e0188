"""The risk figures, checked as data: every trace holds the model's numbers, in the pattern's
colour, and every figure has a title and axis titles a slide can carry (the tornado:
``test_tornado``)."""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.figures.cost_by_count import cost_vs_services
from accesscost.figures.layout import pattern_label
from accesscost.figures.palette import pattern_colours
from accesscost.figures.risk import (
    INHERENT,
    RESIDUAL,
    add_percentile_bands,
    loss_exceedance_chart,
    score_chart,
    translucent,
)
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.model.bands import sweep_bands
from accesscost.model.engine import estimate
from accesscost.model.exceedance import exceedance_probability, loss_exceedance, loss_grid
from accesscost.model.scoring import CRITERIA, Weights, decision_scores
from accesscost.model.simulation import simulate
from accesscost.model.summaries import annual_loss
from tests.figures.test_charts import as_read
from tests.pattern_ids import D

SHOWN = ["b-task-role", "d-iam-user-keys", "f-secrets-manager-keys"]


@pytest.fixture(scope="module")
def sim(default_assumptions):
    return simulate(default_assumptions, 50, 5_000, np.random.default_rng(1))


def _titled(fig) -> None:
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text


def test_loss_exceedance_has_one_curve_per_pattern_on_a_log_axis(sim, all_ids, default_assumptions):
    tolerance = default_assumptions.org.risk_tolerance
    fig = loss_exceedance_chart(sim, SHOWN, all_ids, tolerance)
    _titled(fig)
    assert fig.layout.xaxis.type == "log"
    samples = [sim.patterns[pid].compliance_usd_per_year[:, 0] for pid in SHOWN]
    grid = loss_grid(samples)
    colours = pattern_colours(all_ids)
    for trace, pid, sample in zip(fig.data, SHOWN, samples, strict=False):
        curve = loss_exceedance(sample, grid)
        np.testing.assert_array_equal(trace.x, curve.loss_usd)
        np.testing.assert_array_equal(trace.y, curve.probability)
        assert trace.line.color == colours[pid]
    assert fig.data[1].name == "D) IAM user keys on the hosts ✗"


def test_the_risk_tolerance_is_marked_at_its_loss_and_probability(
    sim, all_ids, default_assumptions
):
    tolerance = default_assumptions.org.risk_tolerance
    with_line = loss_exceedance_chart(sim, SHOWN, all_ids, tolerance)
    without = loss_exceedance_chart(sim, SHOWN, all_ids)
    assert len(with_line.data) == len(without.data) + 1 == len(SHOWN) + 1
    mark = with_line.data[-1]
    assert mark.name == "Risk tolerance"
    assert mark.x[1] == tolerance.loss_usd and mark.y[1] == tolerance.probability


@pytest.mark.parametrize("guardrail", ["principal-org-id", "cost-allocation-tags"])
def test_a_pattern_is_drawn_without_and_with_its_guardrails(
    sim, all_ids, default_assumptions, guardrail
):
    """Inherent and residual risk (issue 16): the same seed on the assumptions without and with a
    guardrail that only lowers a vulnerability gives two curves of D on the same simulated years,
    the residual never above the inherent at any loss, against the tolerance."""
    guarded = apply_guardrails(default_assumptions, {D: [guardrail]})
    residual_sim = simulate(guarded, 50, 5_000, np.random.default_rng(1))
    inherent, residual = annual_loss(sim, D), annual_loss(residual_sim, D)
    tolerance = default_assumptions.org.risk_tolerance
    fig = loss_exceedance_chart(residual_sim, SHOWN, all_ids, tolerance, inherent={D: inherent})
    names = [as_read(trace.name) for trace in fig.data]
    labels = {pid: pattern_label(residual_sim.patterns[pid].pattern) for pid in SHOWN}
    label = labels[D]
    without, within = f"{label} {INHERENT}", f"{label} {RESIDUAL}"
    assert without == f"{label} without guardrails (inherent)"
    assert within == f"{label} with guardrails (residual)"
    assert names == [labels[SHOWN[0]], without, within, labels[SHOWN[2]], "Risk tolerance"]
    before, after = fig.data[1], fig.data[2]
    assert before.line.dash == "dash" and after.line.dash == "solid"
    assert before.line.color == after.line.color == pattern_colours(all_ids)[D]
    np.testing.assert_array_equal(before.x, after.x)  # one loss grid for every curve
    np.testing.assert_array_equal(before.y, exceedance_probability(inherent, before.x))
    np.testing.assert_array_equal(after.y, exceedance_probability(residual, after.x))
    assert np.all(after.y <= before.y)  # at every loss level
    losses = np.geomspace(1, inherent.max(), 400)
    assert np.all(
        exceedance_probability(residual, losses) <= exceedance_probability(inherent, losses)
    )
    assert np.any(after.y < before.y)  # the guardrail moves the curve
    assert "inherent" in fig.layout.title.subtitle.text


def test_inherent_samples_of_a_pattern_not_drawn_are_left_out(sim, all_ids):
    shown = ["b-task-role"]
    plain = loss_exceedance_chart(sim, shown, all_ids)
    fig = loss_exceedance_chart(sim, shown, all_ids, inherent={D: annual_loss(sim, D)})
    assert [trace.name for trace in fig.data] == [trace.name for trace in plain.data]


def test_percentile_bands_sit_behind_the_cost_lines(default_assumptions, all_ids):
    counts = np.arange(1, 101)
    sweep = estimate(default_assumptions, counts)
    fig = cost_vs_services(sweep, SHOWN, 50, all_ids)
    lines = [trace.name for trace in fig.data]
    bands = sweep_bands(default_assumptions, counts, 1_000, np.random.default_rng(1))
    add_percentile_bands(fig, bands, SHOWN, all_ids)
    assert [trace.name for trace in fig.data[2 * len(SHOWN) :]] == lines  # lines stay on top
    colours = pattern_colours(all_ids)
    for k, pid in enumerate(SHOWN):
        upper, lower = fig.data[2 * k], fig.data[2 * k + 1]
        band = bands.band(pid, "annual_usd")
        np.testing.assert_array_equal(upper.y, band.p90)
        np.testing.assert_array_equal(lower.y, band.p10)
        np.testing.assert_array_equal(lower.x, counts)
        assert lower.fill == "tonexty"
        assert lower.fillcolor == translucent(colours[pid])
        assert (upper.name, lower.name) == (f"{lines[k]} P90", f"{lines[k]} P10")
        assert upper.showlegend is False and lower.showlegend is False
        line = next(t for t in fig.data if t.name == lines[k])  # the pattern's line ...
        assert line.legendgroup == upper.legendgroup == lower.legendgroup == pid  # ... hides both
    assert "shaded: P10–P90 of 1,000 simulated years" in fig.layout.title.subtitle.text
    assert fig.layout.legend.traceorder == "normal"  # grouped entries took a row each


def test_bands_over_a_wider_sweep_end_where_the_lines_end(default_assumptions, all_ids):
    # The page simulates bands once over 1..1,000 (10 apart) and draws lines to 200.
    counts = np.unique(np.linspace(1, 1000, 100).round().astype(np.int64))
    fig = cost_vs_services(estimate(default_assumptions, np.arange(1, 201)), SHOWN, 50, all_ids)
    bands = sweep_bands(default_assumptions, counts, 500, np.random.default_rng(2))
    add_percentile_bands(fig, bands, SHOWN, all_ids, upto=200)
    band = bands.band(SHOWN[0], "annual_usd")
    upper, lower = fig.data[0], fig.data[1]
    kept = counts < 200  # 1, 11, 21, ..., 193: then the band at exactly 200
    np.testing.assert_array_equal(lower.x, np.append(counts[kept], 200))
    np.testing.assert_array_equal(lower.y[:-1], band.p10[kept])
    # Hand check: the counts are round(1 + k x 999/99); k = 19 gives 192.73 -> 193, k = 20 gives
    # 202.82 -> 203, so 200 lies 7/10 of the way from 193 to 203.
    below, above = np.searchsorted(counts, 200) - 1, np.searchsorted(counts, 200)
    assert (counts[below], counts[above]) == (193, 203)
    share = 7 / 10
    expected = band.p90[below] + share * (band.p90[above] - band.p90[below])
    assert upper.y[-1] == pytest.approx(expected)
    assert max(max(trace.x) for trace in fig.data) == 200


def test_translucent_keeps_the_colour():
    assert translucent("#0072B2", 0.2) == "rgba(0,114,178,0.2)"


def test_score_bars_stack_to_each_patterns_score_in_rank_order(default_assumptions):
    scores = decision_scores(estimate(default_assumptions, 50), Weights(cost=2))
    fig = score_chart(scores, "weights: cost 2, others 1")
    _titled(fig)
    assert [as_read(trace.name) for trace in fig.data] == [name for _, name in CRITERIA]
    totals = np.sum([np.asarray(trace.x) for trace in fig.data], axis=0)
    assert totals == pytest.approx([s.score for s in scores])
    assert fig.data[0].y[0].startswith("1. ")
    labels = dict(zip(fig.data[0].y, scores, strict=True))
    flagged = [label for label, score in labels.items() if not score.meets_requirement]
    assert flagged and all(label.endswith("✗") for label in flagged)
    assert "weights: cost 2" in fig.layout.title.subtitle.text
