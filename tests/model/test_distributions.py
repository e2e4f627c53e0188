"""Draws of each kind of quantity match its formulas, with fixed seeds.

- a PERT {low, mode, high} has mean (low + 4 mode + high) / 6 and stays within [low, high];
- a 90% interval {low, high} is a lognormal with mean exp(mu + sigma^2 / 2) whose 5th and 95th
  percentiles are low and high;
- a point is the same value every time; probabilities never leave [0, 1];
- the same seed gives the same draws; every quantity of the shipped patterns has its own stream.
"""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.core.quantity import Interval90, Pert, Point
from accesscost.model.distributions import (
    BETA_QUANTILE_STEPS,
    beta_quantiles,
    draw,
    draw_pert,
    draw_probability,
    is_uncertain,
    org_quantities,
    pattern_quantities,
    pert_shapes,
    quantiles_at,
    stream,
)

DRAWS = 100_000

PERTS = [
    Pert(1, 2, 6),  # right-skewed hours
    Pert(0, 50_000, 200_000),  # an impact starting at 0
    Pert(10, 10, 30),  # mode at the minimum
    Pert(0.01, 0.02, 0.09),  # a probability
    Pert(100, 150, 200),  # symmetric
]
INTERVALS = [
    Interval90(10, 40),
    Interval90(15_000, 50_000),  # the seed's audit remediation range
    Interval90(1_000_000, 10_220_000),  # the IBM data-breach interval
    Interval90(0.25, 1.5),
]


@pytest.mark.parametrize("quantity", PERTS, ids=str)
def test_pert_sample_mean_is_within_1_percent_of_the_formula(quantity):
    sample = draw(quantity, np.random.default_rng(11), DRAWS)
    formula = (quantity.low + 4 * quantity.mode + quantity.high) / 6
    assert sample.mean() == pytest.approx(formula, rel=0.01)
    assert formula == pytest.approx(quantity.mean())


@pytest.mark.parametrize("quantity", PERTS, ids=str)
def test_pert_draws_stay_between_low_and_high(quantity):
    sample = draw(quantity, np.random.default_rng(12), DRAWS)
    assert sample.min() >= quantity.low
    assert sample.max() <= quantity.high


def test_pert_shapes_are_the_classic_beta_pert_parameters():
    # a = 1 + 4 (mode - low) / (high - low), b = 1 + 4 (high - mode) / (high - low)
    assert pert_shapes(Pert(1, 2, 6)) == pytest.approx((1.8, 4.2))
    assert pert_shapes(Pert(0, 5, 10)) == pytest.approx((3.0, 3.0))


@pytest.mark.parametrize("quantity", INTERVALS, ids=str)
def test_lognormal_sample_mean_is_within_1_percent_of_the_formula(quantity):
    sample = draw(quantity, np.random.default_rng(21), DRAWS)
    formula = np.exp(quantity.mu + quantity.sigma**2 / 2)
    assert sample.mean() == pytest.approx(formula, rel=0.01)
    assert formula == pytest.approx(quantity.mean())


@pytest.mark.parametrize("quantity", INTERVALS, ids=str)
def test_lognormal_5th_and_95th_percentiles_are_low_and_high(quantity):
    sample = draw(quantity, np.random.default_rng(22), DRAWS)
    p5, p95 = np.percentile(sample, [5, 95])
    assert p5 == pytest.approx(quantity.low, rel=0.02)
    assert p95 == pytest.approx(quantity.high, rel=0.02)


@pytest.mark.parametrize(
    ("quantity", "value"), [(Point(0.25), 0.25), (Pert(3, 3, 3), 3.0), (Interval90(5, 5), 5.0)]
)
def test_a_point_or_a_zero_width_range_is_the_same_value_every_time(quantity, value):
    sample = draw(quantity, np.random.default_rng(1), 1_000)
    assert sample.shape == (1_000,)
    assert np.all(sample == pytest.approx(value))
    assert not is_uncertain(quantity)


def test_a_zero_width_pert_draws_nothing_from_the_generator():
    rng = np.random.default_rng(5)
    draw_pert(Pert(2, 2, 2), rng, 10)
    assert rng.random() == np.random.default_rng(5).random()


def test_probabilities_are_clipped_to_0_to_1():
    # a 90% interval up to 1 puts 5% of its draws above 1 before clipping
    sample = draw_probability(Interval90(0.5, 1.0), np.random.default_rng(3), DRAWS)
    assert sample.max() == 1.0
    assert sample.min() > 0
    assert np.mean(sample == 1.0) == pytest.approx(0.05, abs=0.01)


@pytest.mark.parametrize("quantity", [Pert(1, 2, 6), Interval90(10, 40)], ids=str)
def test_the_same_seed_gives_the_same_draws_and_another_seed_others(quantity):
    first = draw(quantity, np.random.default_rng(7), 100)
    again = draw(quantity, np.random.default_rng(7), 100)
    other = draw(quantity, np.random.default_rng(8), 100)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_every_quantity_of_the_shipped_patterns_has_its_own_key(default_assumptions):
    paths = org_quantities(default_assumptions.org)
    for pattern in default_assumptions.patterns.values():
        paths += pattern_quantities(pattern)
    keys = [path.key for path in paths]
    assert len(keys) == len(set(keys))
    assert "org/labour/hourly rate/hourly_rate_usd" in keys
    sections = {path.section for path in paths}
    assert sections == {"labour", "implementation", "operations", "risks"}


def test_a_stream_is_fixed_by_root_and_key():
    same = stream(1, "b/compliance/x/impact_usd").random(5)
    np.testing.assert_array_equal(same, stream(1, "b/compliance/x/impact_usd").random(5))
    assert not np.array_equal(same, stream(1, "d/compliance/x/impact_usd").random(5))
    assert not np.array_equal(same, stream(2, "b/compliance/x/impact_usd").random(5))


# -- the tabulated Beta behind every PERT draw ---------------------------------------------------


@pytest.mark.parametrize(
    ("alpha", "beta", "exact_quantile"),
    [
        (1.0, 1.0, lambda p: p),  # uniform: CDF x
        (2.0, 1.0, np.sqrt),  # density 2x, CDF x^2
        (1.0, 2.0, lambda p: 1 - np.sqrt(1 - p)),  # density 2(1 - x), CDF 1 - (1 - x)^2
        (1.0, 5.0, lambda p: 1 - (1 - p) ** (1 / 5)),  # CDF 1 - (1 - x)^5 (PERT, mode at low)
    ],
)
def test_beta_quantiles_match_the_closed_form_quantile(alpha, beta, exact_quantile):
    quantiles = beta_quantiles(alpha, beta)
    probabilities = np.linspace(0, 1, BETA_QUANTILE_STEPS + 1)
    assert quantiles.size == BETA_QUANTILE_STEPS + 1
    np.testing.assert_allclose(quantiles, exact_quantile(probabilities), atol=2e-4)
    assert np.all(np.diff(quantiles) >= 0)


def test_tabulated_draws_interpolate_between_the_quantiles():
    rng = np.random.default_rng(5)
    quantiles = np.array([0.0, 10.0, 30.0])  # P(x <= 10) = 1/2, then twice as wide a step
    draws = quantiles_at((quantiles, np.diff(quantiles)), rng.random(200_000))
    assert draws.min() >= 0 and draws.max() < 30
    assert np.mean(draws <= 10) == pytest.approx(0.5, abs=0.005)
    # Uniform on [0, 10] with probability 1/2, on [10, 30] with 1/2: mean 2.5 + 10 = 12.5.
    assert draws.mean() == pytest.approx(12.5, rel=0.01)


@pytest.mark.parametrize("quantity", PERTS, ids=str)
def test_pert_draws_follow_numpy_beta(quantity):
    """The tabulated sampler against numpy's Beta: same distribution, a Kolmogorov distance within
    the sampling noise of 200,000 draws each (about 0.004 at the 1% level)."""
    rng = np.random.default_rng(11)
    ours = np.sort(draw_pert(quantity, rng, 200_000))
    alpha, beta = pert_shapes(quantity)
    numpy = np.sort(quantity.low + (quantity.high - quantity.low) * rng.beta(alpha, beta, 200_000))
    grid = np.linspace(quantity.low, quantity.high, 1_001)
    distance = np.abs(np.searchsorted(ours, grid) - np.searchsorted(numpy, grid)).max() / 200_000
    assert distance < 0.006
