"""A year's loss from one risk item, drawn in aggregate (accesscost/model/compound.py).

Each unit has the event at most once a year (Bernoulli p), so a year's events on u units are
Binomial(u, p); the first EXACT_EVENTS events of a world are placed and priced one by one, the
rest summed by a gamma of the same mean and variance. The work is bounded by worlds x (exact
events + counts), never by the number of events (security issue 14, item 7: four per-unit risks
at probability 1, 10,000 services and 20,000 draws took 39 s of CPU when events were drawn one by
one).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from accesscost.core.quantity import Interval90, Pert, Point
from accesscost.model import compound
from accesscost.model.compound import EXACT_EVENTS, add_year_losses, compound_sums, gamma_sums
from accesscost.model.distributions import draw
from accesscost.model.simulation import simulate

BREACH = Interval90(1_000_000, 10_220_000)  # the committed impact with the heaviest tail


def losses(units, probability, impact, worlds=100_000, seed=3):
    loss = np.zeros((worlds, len(units)))
    rng = np.random.default_rng(seed)
    return add_year_losses(loss, np.asarray(units), np.full(worlds, probability), impact, rng)


@pytest.mark.parametrize(
    ("units", "probability"), [(1, 0.3), (50, 0.001), (1000, 0.0005), (40, 0.9), (10_000, 0.01)]
)
def test_a_years_events_are_binomial_on_the_units(units, probability):
    # a $1 point impact counts the events: mean u p, variance u p (1 - p)
    events = losses([units], probability, Point(1.0))[:, 0]
    mean, variance = units * probability, units * probability * (1 - probability)
    assert events.mean() == pytest.approx(mean, rel=0.02)
    assert events.var() == pytest.approx(variance, rel=0.05)
    assert events.max() <= units


def test_the_counts_of_a_sweep_are_nested_and_binomial_at_each():
    counts = [1, 10, 100, 400]
    columns = losses(counts, 0.01, Point(1.0))  # events on the units each count adds
    at_count = np.cumsum(columns, axis=1)
    for column, n in enumerate(counts):
        assert at_count[:, column].mean() == pytest.approx(0.01 * n, rel=0.03)
        assert at_count[:, column].var() == pytest.approx(0.01 * 0.99 * n, rel=0.05)
    assert np.all(columns >= 0)


@pytest.mark.parametrize("impact", [BREACH, Pert(60_000, 110_000, 220_000), Point(5.0)])
def test_past_the_exact_events_the_sum_keeps_its_mean_and_variance(impact):
    # 40 units at p = 0.9: 36 events a world on average, so the gamma carries most of them;
    # the sum of N impacts has mean E[N] m and variance E[N] v + var(N) m^2
    # = 36 v + 3.6 m^2 (Binomial(40, 0.9): variance 40 x 0.9 x 0.1 = 3.6)
    total = losses([40], 0.9, impact, worlds=200_000)[:, 0]
    m, v = impact.mean(), impact.variance()
    assert total.mean() == pytest.approx(36 * m, rel=0.005)
    assert total.var() == pytest.approx(36 * v + 3.6 * m**2, rel=0.03)


def test_the_gamma_approximation_error_is_as_documented():
    # at n = EXACT_EVENTS + 1 = 17 breaches, the exact sum of 17 lognormal draws against the gamma
    # of the same mean and variance: Kolmogorov distance about 0.02, P10 / P90 within 1.5%
    rng = np.random.default_rng(11)
    n, size = EXACT_EVENTS + 1, 200_000
    exact = np.sort(draw(BREACH, rng, size * n).reshape(size, n).sum(axis=1))
    approx = np.sort(gamma_sums(np.full(size, n), BREACH, rng))
    grid = np.quantile(exact, np.linspace(0.001, 0.999, 999))
    gap = np.abs(np.searchsorted(exact, grid) - np.searchsorted(approx, grid)).max() / size
    assert gap < 0.025
    for rank in (10, 50, 90):
        assert np.percentile(approx, rank) == pytest.approx(np.percentile(exact, rank), rel=0.015)


def test_a_few_events_are_summed_exactly():
    events = np.array([[0, 1, 3], [EXACT_EVENTS, 2, 0]])
    impact = Interval90(1000, 4000)
    total = compound_sums(events, impact, np.random.default_rng(5))
    again = draw(impact, np.random.default_rng(5), int(events.sum()))  # the same draws, in order
    bounds = np.cumsum([0, 1, 3, EXACT_EVENTS, 2])
    expected = [again[a:b].sum() for a, b in itertools.pairwise(bounds)]
    np.testing.assert_allclose(total[events > 0], expected)
    assert total[events == 0].tolist() == [0.0, 0.0]


def test_the_work_does_not_grow_with_the_number_of_events(assumptions_of, monkeypatch):
    # four per-service risks at probability 1, 10,000 services, 20,000 draws, 3 years: 2.4 billion
    # events. Impacts drawn one by one are at most EXACT_EVENTS per world, year and item.
    drawn = []

    def counting_draw(quantity, rng, size):
        drawn.append(size)
        return draw(quantity, rng, size)

    monkeypatch.setattr(compound, "draw", counting_draw)
    impact = {"low": 1000, "high": 4000}
    sure = [
        {
            "name": f"risk {k}",
            "per": "service",
            "annual_probability": 1.0,
            "impact_usd": impact,
            "source": "test",
        }
        for k in range(4)
    ]
    world = assumptions_of({"ref": {"compliance": sure}})
    draws = simulate(world, 10_000, 20_000, np.random.default_rng(1)).patterns["ref"]
    assert sum(drawn) <= 20_000 * 3 * 4 * EXACT_EVENTS
    # every unit has every event every year: mean 4 x 10,000 x E[impact] a year, exact in mean
    mean = 4 * 10_000 * Interval90(1000, 4000).mean()
    assert draws.compliance_usd_per_year.mean() == pytest.approx(mean, rel=0.001)
    assert (draws.tco_usd - draws.implementation_usd).mean() == pytest.approx(3 * mean, rel=0.001)
