"""The Monte Carlo simulation, checked against analytic answers with fixed seeds.

Synthetic org (conftest): $100 an engineer hour, 4 services per host, 3-year horizon.
- each unit has a risk event at most once a year (Bernoulli p): events a year are Binomial(units,
  p), mean p x units, variance p (1 - p) x units; a probability range is drawn once per world,
  which adds p's variance x units^2; mean loss = p x units x mean impact;
- each year of the horizon draws its own events; the TCO adds the years (discounted if asked);
- the Monte Carlo mean of every figure converges to the deterministic engine's headline figure;
- the hourly rate is drawn once per year and shared, so two patterns that differ only in compliance
  differ by exactly their compliance, draw by draw;
- P(A cheaper than B) is 1 when A is cheaper in every input, about 0.5 for identical patterns;
- the same seed gives the same arrays, another seed others.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.org_schema import RiskTolerance
from accesscost.model import summaries
from accesscost.model.bands import sweep_bands
from accesscost.model.engine import estimate
from accesscost.model.exceedance import (
    break_even,
    exceedance_probability,
    exceeds_tolerance,
    loss_exceedance,
)
from accesscost.model.simulation import simulate
from accesscost.model.summaries import (
    SIMULATED_FIGURES,
    annual_loss,
    cheaper_matrix,
    figure_summary,
    p_cheapest,
    pattern_summary,
    probability_cheaper,
    uncertainty_records,
)


def work(name, hours, per="deployment"):
    return {"name": name, "per": per, "hours": hours, "source": "test"}


def spend(name, usd, per="service", frequency="yearly"):
    return {"name": name, "per": per, "usd": usd, "frequency": frequency, "source": "test"}


def chore(name, hours, per="deployment", frequency="quarterly"):
    return {"name": name, "per": per, "hours": hours, "frequency": frequency, "source": "test"}


def risk(name, probability, impact, per="deployment"):
    return {
        "name": name,
        "per": per,
        "annual_probability": probability,
        "impact_usd": impact,
        "source": "test",
    }


def rng(seed: int = 2026) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- risk events ---------------------------------------------------------------------------------


def test_events_are_bernoulli_per_unit_so_binomial_per_year(assumptions_of):
    # one $1,000 event at p = 0.02 per service: 50 services -> Binomial(50, 0.02) events a year,
    # mean 1, variance 50 x 0.02 x 0.98 = 0.98, P(2 or more) = 1 - 0.98^50 - 50 x 0.02 x 0.98^49
    # = 1 - 0.36417 - 0.37160 = 0.26423 (Poisson(1) would give 0.26424: close, but a unit can
    # never have two events in a year, so p = 1 means exactly one event a unit)
    world = assumptions_of({"risky": {"compliance": [risk("leak", 0.02, 1000, per="service")]}})
    events = annual_loss(simulate(world, 50, 100_000, rng()), "risky") / 1000
    assert events.mean() == pytest.approx(1.0, rel=0.02)
    assert events.var() == pytest.approx(0.98, rel=0.03)
    assert np.mean(events >= 2) == pytest.approx(0.26423, abs=0.01)
    assert events.max() <= 50


def test_a_probability_of_1_is_one_event_per_unit_every_year(assumptions_of):
    world = assumptions_of({"risky": {"compliance": [risk("sure", 1.0, 1000, per="service")]}})
    loss = annual_loss(simulate(world, 37, 1_000, rng()), "risky")
    np.testing.assert_array_equal(loss, 37 * 1000)  # 37 units, one $1,000 event each


def standard_error(rate: float, mean_square_impact: float, draws: int) -> float:
    """Of the mean yearly loss: a Poisson(rate) sum of impacts has variance rate x E[impact^2]."""
    return math.sqrt(rate * mean_square_impact / draws)


@pytest.mark.parametrize(("per", "units"), [("deployment", 1), ("service", 50), ("host", 13)])
def test_mean_loss_is_p_times_units_times_mean_impact(assumptions_of, per, units):
    # PERT {0, 1000, 5000}: mean (0 + 4000 + 5000) / 6 = 1500, variance 1500 x 3500 / 7 = 750,000
    impact = {"low": 0, "mode": 1000, "high": 5000}
    world = assumptions_of({"risky": {"compliance": [risk("finding", 0.02, impact, per=per)]}})
    loss = annual_loss(simulate(world, 50, 100_000, rng()), "risky")
    error = 4 * standard_error(0.02 * units, 1500**2 + 750_000, 100_000)
    assert loss.mean() == pytest.approx(0.02 * units * 1500, abs=error)


def test_each_event_has_its_own_impact(assumptions_of):
    impact = {"low": 1000, "high": 4000}
    world = assumptions_of({"risky": {"compliance": [risk("finding", 0.5, impact)]}})
    loss = annual_loss(simulate(world, 1, 20_000, rng()), "risky")
    events = np.count_nonzero(loss)
    distinct = np.unique(loss[loss > 0]).size
    assert distinct == events  # no two years share an impact: each event is its own draw


def test_a_probability_range_is_drawn_once_per_world_for_every_unit(assumptions_of):
    # PERT {0, 0.02, 0.04}: mean 0.02, variance 0.0004 / 7 = 5.714e-5. Over 50 services the
    # yearly count is Binomial(50, p): mean 1, variance E[50 p (1 - p)] + 50^2 var(p)
    # = 50 (0.02 - (0.0004 + 5.714e-5)) + 2500 x 5.714e-5 = 0.97714 + 0.14286 = 1.12
    probability = {"low": 0, "mode": 0.02, "high": 0.04}
    world = assumptions_of({"risky": {"compliance": [risk("x", probability, 1, per="service")]}})
    events = annual_loss(simulate(world, 50, 100_000, rng()), "risky")
    assert events.mean() == pytest.approx(1.0, rel=0.02)
    assert events.var() == pytest.approx(1.12, rel=0.03)


def test_a_sweep_nests_the_events_so_loss_never_falls_as_services_grow(assumptions_of):
    world = assumptions_of({"risky": {"compliance": [risk("x", 0.01, 1000, per="service")]}})
    counts = np.array([1, 10, 100, 400])
    loss = simulate(world, counts, 20_000, rng()).patterns["risky"].compliance_usd_per_year
    assert np.all(np.diff(loss, axis=1) >= 0)
    errors = [4 * standard_error(0.01 * n, 1000**2, 20_000) for n in counts]
    for mean, n, error in zip(loss.mean(axis=0), counts, errors, strict=True):
        assert mean == pytest.approx(0.01 * n * 1000, abs=error)


# --- against the deterministic engine ---------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_simulation(default_assumptions):
    return simulate(default_assumptions, [1, 50], 200_000, rng(20261129))


@pytest.mark.parametrize("figure", SIMULATED_FIGURES)
@pytest.mark.parametrize("index", [0, 1], ids=["1 service", "50 services"])
def test_monte_carlo_means_converge_to_the_engine(
    default_assumptions, shipped_simulation, figure, index
):
    # Within 2%, or 4 standard errors where rare, large losses (a $4M breach at p = 0.0005 a year)
    # make the sample mean of compliance noisier than 2% at 200,000 draws.
    engine = estimate(default_assumptions, [1, 50])
    for pid, draws in shipped_simulation.patterns.items():
        sample = getattr(draws, figure)[:, index]
        expected = float(getattr(engine.patterns[pid], figure)[index])
        error = 4 * sample.std() / math.sqrt(sample.size)
        assert sample.mean() == pytest.approx(expected, rel=0.02, abs=error), pid


def test_implementation_and_operations_are_within_1_percent(
    default_assumptions, shipped_simulation
):
    engine = estimate(default_assumptions, [1, 50])
    for pid, draws in shipped_simulation.patterns.items():
        for figure in ("implementation_usd", "operations_usd_per_year"):
            means = getattr(draws, figure).mean(axis=0)
            expected = getattr(engine.patterns[pid], figure)
            assert means == pytest.approx(expected, rel=0.01), (pid, figure)


def test_summaries_hold_mean_and_ordered_percentiles(shipped_simulation):
    for pid in shipped_simulation.patterns:
        for figure, summary in pattern_summary(shipped_simulation, pid, 1).items():
            assert summary.p10 <= summary.p50 <= summary.p90, (pid, figure)
            draws = shipped_simulation.patterns[pid]
            sample = getattr(draws, figure)[:, 1]
            basis = summaries.mean_basis(draws, figure)[:, 1]  # the loss's expectation per world
            assert summary.mean == pytest.approx(basis.mean())
            assert summary.se == pytest.approx(basis.std(ddof=1) / math.sqrt(basis.size))
            assert summary.p90 == pytest.approx(np.percentile(sample, 90))
            if figure in ("implementation_usd", "cash_usd_per_year", "labour_usd_per_year"):
                assert summary.mean == pytest.approx(sample.mean())  # no loss in these


def test_summaries_leave_the_simulated_years_untouched(default_assumptions):
    sim = simulate(default_assumptions, 50, 2_000, rng())
    before = sim.patterns["b-task-role"].compliance_usd_per_year.copy()
    pattern_summary(sim, "b-task-role")
    np.testing.assert_array_equal(sim.patterns["b-task-role"].compliance_usd_per_year, before)


def test_uncertainty_records_carry_p_cheapest_and_every_figure(default_assumptions):
    sim = simulate(default_assumptions, 50, 2_000, rng())
    ids = ["b-task-role", "f-secrets-manager-keys"]
    records = uncertainty_records(sim, ids)
    assert [r["id"] for r in records] == ids
    assert sum(r["p_cheapest"] for r in records) == pytest.approx(1.0)
    assert set(records[0]["percentiles"]) == set(SIMULATED_FIGURES)
    assert set(records[0]["percentiles"]["tco_usd"]) == {"mean", "p10", "p50", "p90", "se"}


# --- shared hourly rate --------------------------------------------------------------------------


def test_the_hourly_rate_is_shared_so_a_difference_has_no_labour_noise(assumptions_of):
    same_work = {
        "implementation": [work("build", 10, per="service")],
        "operations": [chore("review", 2, per="deployment")],
    }
    world = assumptions_of(
        {
            "plain": same_work,
            "risky": same_work | {"compliance": [risk("finding", 0.2, {"low": 1e3, "high": 1e4})]},
        },
        labour={"hourly_rate_usd": {"low": 50, "high": 150}, "hours_per_day": 8, "source": "t"},
    )
    sim = simulate(world, 20, 10_000, rng())
    plain, risky = sim.patterns["plain"], sim.patterns["risky"]
    assert plain.implementation_usd.std() > 0  # the rate is uncertain ...
    np.testing.assert_array_equal(plain.implementation_usd, risky.implementation_usd)
    np.testing.assert_array_equal(plain.operations_usd_per_year, risky.operations_usd_per_year)
    # ... yet the saving is exactly the compliance loss of the three years, draw by draw
    saving = sim.tco_savings("plain", "risky")
    losses = risky.tco_usd - risky.implementation_usd - 3 * risky.operations_usd_per_year
    np.testing.assert_allclose(saving, losses, atol=1e-6)
    assert np.all(saving >= risky.compliance_usd_per_year - 1e-6)  # year 1 is one of the three


def test_a_fixed_hourly_rate_replaces_the_drawn_one(assumptions_of):
    world = assumptions_of(
        {"plain": {"implementation": [work("build", 10)]}},
        labour={"hourly_rate_usd": {"low": 50, "high": 150}, "hours_per_day": 8, "source": "t"},
    )
    sim = simulate(world, 1, 1_000, rng(), hourly_rate_usd=80)
    assert np.all(sim.patterns["plain"].implementation_usd == 800)


# --- which pattern is cheaper --------------------------------------------------------------------


def test_a_pattern_cheaper_in_every_input_is_cheaper_in_every_draw(assumptions_of):
    cheap = {
        "implementation": [work("build", {"low": 1, "mode": 2, "high": 3}, per="service")],
        "operations": [spend("seat", {"low": 100, "mode": 150, "high": 200})],
        "compliance": [risk("finding", 0, 1000)],
    }
    dear = {
        "implementation": [work("build", {"low": 4, "mode": 5, "high": 6}, per="service")],
        "operations": [spend("seat", {"low": 250, "mode": 300, "high": 400})],
        "compliance": [risk("finding", {"low": 0.1, "high": 0.5}, {"low": 1e3, "high": 1e4})],
    }
    world = assumptions_of(
        {"cheap": cheap, "dear": dear},
        labour={"hourly_rate_usd": {"low": 50, "high": 150}, "hours_per_day": 8, "source": "t"},
    )
    sim = simulate(world, [1, 50], 10_000, rng())
    for index in (0, 1):
        assert probability_cheaper(sim, "cheap", "dear", index) == 1.0
        assert probability_cheaper(sim, "dear", "cheap", index) == 0.0
        assert p_cheapest(sim, ["dear", "cheap"], index) == {"dear": 0.0, "cheap": 1.0}


IDENTICAL = {
    "implementation": [work("build", {"low": 1, "high": 4}, per="service")],
    "operations": [spend("seat", {"low": 100, "mode": 150, "high": 300})],
    "compliance": [
        risk("finding", {"low": 0.05, "mode": 0.1, "high": 0.2}, {"low": 1e3, "high": 1e4})
    ],
}


def test_two_identical_patterns_are_each_cheaper_half_the_time(assumptions_of):
    world = assumptions_of({"twin-a": IDENTICAL, "twin-b": IDENTICAL})
    sim = simulate(world, 10, 20_000, rng())
    chance = probability_cheaper(sim, "twin-a", "twin-b")
    assert chance == pytest.approx(0.5, abs=0.02)
    assert probability_cheaper(sim, "twin-b", "twin-a") == pytest.approx(1 - chance)


def test_p_cheapest_sums_to_1_and_splits_evenly_between_triplets(assumptions_of):
    world = assumptions_of({"one": IDENTICAL, "two": IDENTICAL, "three": IDENTICAL})
    chances = p_cheapest(simulate(world, 10, 20_000, rng()), ["one", "two", "three"])
    assert sum(chances.values()) == pytest.approx(1.0)
    assert list(chances.values()) == pytest.approx([1 / 3] * 3, abs=0.02)


def test_ties_count_half_so_the_two_chances_add_up_to_1(assumptions_of):
    fixed = {"implementation": [work("build", 2)]}
    sim = simulate(assumptions_of({"a": fixed, "b": fixed}), 5, 100, rng())
    assert probability_cheaper(sim, "a", "b") == 0.5
    assert p_cheapest(sim, ["a", "b"]) == {"a": 0.5, "b": 0.5}
    assert cheaper_matrix(sim, ["a", "b"]) == {"a": {"b": 0.5}, "b": {"a": 0.5}}


# --- break-even over a sweep ---------------------------------------------------------------------

# TCO of "build" = 100 h x $100 + $100 set-up + 3 x c x N with c ~ PERT{50, 100, 150} a service;
# TCO of "rent" = $100 set-up + 3 x $200 x N. They cross where 10,000 = (600 - 3c) N, so the first
# count at which "build" is cheaper is floor(10,000 / (600 - 3c)) + 1: 34 at the median c = 100.
BUILD = {
    "implementation": [work("set up", 1), work("build", 100)],
    "operations": [spend("run", {"low": 50, "mode": 100, "high": 150})],
}
RENT = {"operations": [spend("rent", 200)]}


def test_break_even_is_where_the_tcos_cross_in_each_draw(assumptions_of):
    world = assumptions_of({"build": BUILD, "rent": RENT})
    sim = simulate(world, np.arange(1, 201), 5_000, rng())
    result = break_even(sim, "build", "rent")
    run_cost = sim.patterns["build"].operations_usd_per_year[:, 0]  # c at one service
    expected = np.floor(10_000 / (600 - 3 * run_cost)) + 1
    p10, p50, p90 = np.percentile(expected, [10, 50, 90], method="inverted_cdf")
    assert (result.p10, result.p50, result.p90) == (p10, p50, p90)
    assert result.p50 == pytest.approx(34, abs=1)
    assert result.p10 < result.p50 < result.p90
    assert result.crossing_fraction == 1.0 and result.never_fraction == 0.0
    assert result.first_cheaper_above == 1.0  # "build" is the cheaper one past the break-even
    assert result.services_range == (1, 200)


def test_a_sweep_too_short_to_cross_says_so(assumptions_of):
    world = assumptions_of({"build": BUILD, "rent": RENT})
    result = break_even(simulate(world, np.arange(1, 11), 1_000, rng()), "build", "rent")
    assert (result.p10, result.p50, result.p90) == (None, None, None)
    assert result.never_fraction == 1.0
    assert result.first_cheaper_above is None


# --- loss exceedance --------------------------------------------------------------------------


def test_loss_exceedance_is_the_share_of_years_above_each_loss():
    sample = np.array([0, 0, 0, 0, 0, 100, 100, 1000, 5000, 20000], dtype=float)
    curve = loss_exceedance(sample, np.array([50, 100, 999, 20000]))
    assert curve.probability == pytest.approx([0.5, 0.3, 0.3, 0.0])
    default = loss_exceedance(sample)
    assert default.loss_usd[0] == 100 and default.loss_usd[-1] == pytest.approx(20000)
    assert np.all(np.diff(default.loss_usd) > 0)
    assert np.all(np.diff(default.probability) <= 0)


def test_a_tolerance_is_exceeded_when_large_losses_are_too_likely():
    sample = np.array([0] * 90 + [200_000] * 10, dtype=float)  # 10% of years lose $200K
    assert exceedance_probability(sample, 100_000) == pytest.approx(0.10)
    assert exceeds_tolerance(sample, RiskTolerance(loss_usd=100_000, probability=0.05, source="t"))
    assert not exceeds_tolerance(sample, RiskTolerance(loss_usd=1e5, probability=0.2, source="t"))


# --- repeatability --------------------------------------------------------------------------------


def _arrays(sim) -> list[np.ndarray]:
    return [getattr(d, f) for d in sim.patterns.values() for f in SIMULATED_FIGURES]


def test_the_same_seed_gives_identical_arrays_and_another_seed_others(default_assumptions):
    first = simulate(default_assumptions, [1, 50], 2_000, rng(7))
    again = simulate(default_assumptions, [1, 50], 2_000, rng(7))
    other = simulate(default_assumptions, [1, 50], 2_000, rng(8))
    for a, b in zip(_arrays(first), _arrays(again), strict=True):
        np.testing.assert_array_equal(a, b)
    for pid, draws in first.patterns.items():
        assert not np.array_equal(draws.tco_usd, other.patterns[pid].tco_usd), pid


def test_a_patterns_draws_do_not_depend_on_which_others_are_simulated(default_assumptions):
    every = simulate(default_assumptions, 50, 2_000, rng())
    alone = simulate(default_assumptions, 50, 2_000, rng(), pattern_ids=["b-task-role"])
    assert list(alone.patterns) == ["b-task-role"]
    np.testing.assert_array_equal(
        alone.patterns["b-task-role"].tco_usd, every.patterns["b-task-role"].tco_usd
    )


def test_service_counts_in_any_order_give_the_same_columns(default_assumptions):
    ordered = simulate(default_assumptions, [1, 10, 50], 2_000, rng())
    shuffled = simulate(default_assumptions, [50, 1, 10], 2_000, rng())
    for pid, draws in ordered.patterns.items():
        np.testing.assert_array_equal(shuffled.patterns[pid].tco_usd[:, [1, 2, 0]], draws.tco_usd)


def test_figures_are_draws_by_service_counts(default_assumptions):
    sim = simulate(default_assumptions, [1, 5, 50], 300, rng())
    for draws in sim.patterns.values():
        for figure in SIMULATED_FIGURES:
            assert getattr(draws, figure).shape == (300, 3)
    assert sim.horizon_years == default_assumptions.org.horizon_years


# --- sweeps kept as bands -----------------------------------------------------------------------


def test_sweep_bands_match_the_full_simulation_of_the_same_seed(default_assumptions):
    counts = np.arange(1, 101, 9)
    full = simulate(default_assumptions, counts, 2_000, rng(3))
    bands = sweep_bands(default_assumptions, counts, 2_000, rng(3))
    np.testing.assert_array_equal(bands.services, counts)
    for pid, draws in full.patterns.items():
        for figure in ("annual_usd", "tco_usd"):
            band, sample = bands.band(pid, figure), getattr(draws, figure)
            assert band.mean == pytest.approx(sample.mean(axis=0))
            assert band.p10 == pytest.approx(np.percentile(sample, 10, axis=0))
            assert band.p90 == pytest.approx(np.percentile(sample, 90, axis=0))
            assert np.all(band.p10 <= band.p50) and np.all(band.p50 <= band.p90)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draws", "services", "message"),
    [
        (0, 50, "draws: must be a whole number from 1 to 1,000,000, got 0"),
        (2.5, 50, "got 2.5"),
        (10_000, np.arange(1, 1001), "more than 5,000,000 simulated values"),
    ],
)
def test_bad_draws_are_named(default_assumptions, draws, services, message):
    with pytest.raises(AssumptionErrors, match=message):
        simulate(default_assumptions, services, draws, rng())


def test_an_unknown_pattern_is_named_with_the_known_ones(default_assumptions):
    with pytest.raises(AssumptionErrors, match="patterns: unknown pattern 'z-nope'; known: a-"):
        simulate(default_assumptions, 5, 100, rng(), pattern_ids=["z-nope"])
    with pytest.raises(AssumptionErrors, match="reference: unknown pattern 'z-nope'"):
        simulate(default_assumptions, 5, 100, rng(), reference_id="z-nope")


def test_figure_summary_is_at_the_chosen_count(default_assumptions):
    sim = simulate(default_assumptions, [1, 50], 1_000, rng())
    one, fifty = (figure_summary(sim, "b-task-role", "tco_usd", i) for i in (0, 1))
    assert one.mean < fifty.mean
    assert set(one.as_dict()) == {"mean", "p10", "p50", "p90", "se"}


@pytest.mark.parametrize("draws", [1, 2, 3, 10, 101, 10_000])
def test_percentiles_are_numpys_linear_percentiles_of_each_count(draws):
    """``percentiles`` partitions each count's draws around the ranks it reads instead of sorting
    them; the values must be numpy's default ("linear") percentiles exactly, on samples with the
    ties a loss sample has (most worlds lose nothing)."""
    rng = np.random.default_rng(7)
    sample = rng.lognormal(10, 1, size=(draws, 5)) * (rng.random((draws, 5)) < 0.3)
    sample[:, 4] = 42.0  # a count where every draw ties
    shown = summaries.percentiles(sample)
    want = np.percentile(sample, [10, 50, 90], axis=0)
    np.testing.assert_array_equal(np.stack([shown.p10, shown.p50, shown.p90]), want)


@pytest.mark.parametrize("with_tco", [False, True])
def test_bands_priced_in_threads_are_the_bands_priced_one_by_one(
    default_assumptions, monkeypatch, with_tco
):
    """``sweep_bands`` prices patterns two at a time; each pattern's draws come from its own
    streams and the shared threat events are drawn once, so the bands match draw for draw."""
    from accesscost.model import bands

    counts = [1, 7, 50, 300]

    def run() -> dict:
        rng = np.random.default_rng(11)
        swept = bands.sweep_bands(default_assumptions, counts, 2_000, rng, with_tco=with_tco)
        return {pid: swept.band(pid) for pid in swept.patterns}

    together = run()
    monkeypatch.setattr(bands, "BAND_WORKERS", 1)
    one_by_one = run()
    for pid, band in one_by_one.items():
        for key in ("mean", "p10", "p50", "p90"):
            np.testing.assert_array_equal(getattr(together[pid], key), getattr(band, key))
