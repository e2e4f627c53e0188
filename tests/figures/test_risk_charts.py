"""The risk figures, checked as data: every trace holds the model's numbers, in the pattern's
colour, and every figure has a title and axis titles a slide can carry."""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.figures.finops import cost_vs_services, pattern_label
from accesscost.figures.palette import pattern_colours
from accesscost.figures.risk import (
    INHERENT,
    RESIDUAL,
    TORNADO_BARS,
    TORNADO_LABEL_CHARS,
    add_percentile_bands,
    loss_exceedance_chart,
    score_chart,
    tornado_chart,
    translucent,
)
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import load_assumptions
from accesscost.model.bands import sweep_bands
from accesscost.model.engine import estimate
from accesscost.model.exceedance import exceedance_probability, loss_exceedance, loss_grid
from accesscost.model.scoring import CRITERIA, Weights, decision_scores
from accesscost.model.sensitivity import Output, tornado
from accesscost.model.simulation import simulate
from accesscost.model.summaries import annual_loss
from tests.conftest import REPO_ROOT
from tests.figures.test_charts import as_read

SHOWN = ["b-task-role", "d-iam-user-keys", "f-secrets-manager-keys"]


@pytest.fixture(scope="module")
def all_ids(default_assumptions):
    return list(default_assumptions.patterns)


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


D = "d-iam-user-keys"


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


def test_tornado_bars_run_from_the_base_to_each_output(default_assumptions):
    result = tornado(default_assumptions, Output("b-task-role", "d-iam-user-keys"), 50)
    fig = tornado_chart(result)
    _titled(fig)
    low, high = fig.data
    assert low.base == high.base == result.base_usd
    drawn = result.bars[:TORNADO_BARS]  # the largest swings; the CLI lists every input
    assert len(result.bars) > TORNADO_BARS and len(low.y) == TORNADO_BARS
    at_low = [bar.output_at_low for bar in drawn]
    at_high = [bar.output_at_high for bar in drawn]
    assert np.asarray(low.x) + low.base == pytest.approx(at_low)
    assert np.asarray(high.x) + high.base == pytest.approx(at_high)
    shown = [label.replace("<br>", " ") for label in low.y]  # labels wrap to two lines
    marked = [label for label in shown if label.startswith("★ ")]
    assert marked == [f"★ {label}" for label in result.worth_researching]
    assert len(marked) == 3
    assert shown[3:] == [bar.input.label for bar in drawn[3:]]
    assert all(len(label) <= TORNADO_LABEL_CHARS for label in low.y)  # one line each
    # the P90 side is hatched, not told apart by colour alone
    assert (low.marker.pattern.shape, high.marker.pattern.shape) == ("", "/")
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "worth researching next" in subtitle
    assert f"the {TORNADO_BARS} largest of {len(result.bars)} inputs" in subtitle


# A tornado label's width at the template's 15 px, a character (measured in Chromium: 7.8 px), and
# the plot's width on the page at 1280 px (an 820 px chart, the template's side margins).
LABEL_CHAR_PX, PAGE_PLOT_PX = 7.8, 820 - 90 - 20


def test_tornado_labels_stand_above_their_bars_on_one_line():
    """Issue 19: at 1280 px labels beside the axis, wrapped at 64 characters, took 480 px of the
    820 px chart and left the bars 243; wrapped narrower, two-line labels ran into each other on
    the exported image. Each label now stands on one line above its bar, from the plot's left
    edge, so the bars keep the plot's width; every committed decision's tornado labels fit the
    page's plot on one line."""
    assert TORNADO_LABEL_CHARS * LABEL_CHAR_PX <= PAGE_PLOT_PX
    for folder in ("", "decisions/eks-pods", "decisions/cicd"):
        decision = load_assumptions(REPO_ROOT / "assumptions" / folder)
        ids = list(decision.patterns)
        for pid in ids:
            for output in [Output(pid), *(Output(pid, other) for other in ids if other != pid)]:
                fig = tornado_chart(tornado(decision, output, 50))
                assert fig.layout.yaxis.showticklabels is False
                notes = [note for note in fig.layout.annotations if note.xref == "paper"]
                assert [note.y for note in notes] == list(fig.data[0].y)  # one a bar, in order
                assert all(
                    (note.x, note.xanchor, note.yanchor) == (0, "left", "bottom") for note in notes
                )
                assert all("<br>" not in note.text for note in notes), [n.text for n in notes]
                # the bar fills the lower part of its row, clear of the label above it
                assert all(
                    trace.offset > 0 and trace.offset + trace.width < 0.5 for trace in fig.data
                )


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
