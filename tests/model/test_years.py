"""Independent years: each world draws its beliefs once and every year its own events.

Synthetic org (conftest): $100 an engineer hour, 3-year horizon unless a test sets another.
Before this, one simulated year was repeated over the horizon (TCO = implementation + H x one
year), so a ten-year TCO had no loss at all in over half the worlds.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from accesscost.core.quantity import Point
from accesscost.model.engine import estimate
from accesscost.model.savings import annuity_factor, payback_years
from accesscost.model.simulation import simulate
from accesscost.model.summaries import figure_summary, probability_cheaper
from tests.model.test_simulation import risk


def rng(seed: int = 7) -> np.random.Generator:
    return np.random.default_rng(seed)


def test_each_year_of_the_horizon_draws_its_own_events(assumptions_of):
    # one $1,000 finding at p = 0.5 a year, 4 years: the horizon's loss is 1,000 x Binomial(4, 0.5)
    # (0, 1, 2, 3 or 4 findings with chances 1, 4, 6, 4, 1 in 16), not 0 or 4,000 half the time
    world = assumptions_of({"coin": {"compliance": [risk("finding", 0.5, 1000)]}}, horizon_years=4)
    draws = simulate(world, 1, 40_000, rng()).patterns["coin"]
    losses = draws.tco_usd[:, 0] - draws.implementation_usd[:, 0]  # no operations: all loss
    shares = np.bincount(np.round(losses / 1000).astype(int), minlength=5) / losses.size
    np.testing.assert_allclose(shares, np.array([1, 4, 6, 4, 1]) / 16, atol=0.01)


def test_a_ten_year_horizon_has_a_spread_not_one_year_ten_times(default_assumptions):
    # B at 50 services: its loss events are Poisson, LEF = TEF x units x V per threat (held at
    # their means, the figures of the hand calculation): access review 1 x 0.05, credential
    # exposure 0.00085 x 50 x 0.05333 = 0.002267, container compromise 0.0030833 x 50 x
    # 0.158333 = 0.024410, misdirected write 0.05, chargeback 0.2, elevation misuse 0.005: in
    # all 0.331677 a year, so no loss event in a year with exp(-0.331677) = 0.7177 and none in
    # ten independent years with exp(-3.31677) = 0.0363 (one repeated year: 0.72).
    org = default_assumptions.org.model_copy(update={"horizon_years": 10})
    b = default_assumptions.patterns["b-task-role"]
    fixed = [i.model_copy(update={"vulnerability": Point(i.vulnerability.mean())}) for i in b.risks]
    threats = {
        tid: t.model_copy(update={"tef": Point(t.tef.mean())})
        for tid, t in default_assumptions.threats.items()
    }
    patterns = default_assumptions.patterns | {b.id: b.model_copy(update={"risks": fixed})}
    ten = dataclasses.replace(default_assumptions, org=org, patterns=patterns, threats=threats)
    sim = simulate(ten, 50, 10_000, rng(20261129))
    b = sim.patterns["b-task-role"]
    no_loss = b.tco_usd[:, 0] - b.implementation_usd[:, 0] - 10 * b.operations_usd_per_year[:, 0]
    assert np.mean(no_loss < 0.01) == pytest.approx(0.0363, abs=0.006)  # SE 0.0019
    tco = figure_summary(sim, "b-task-role", "tco_usd")
    assert tco.p10 < tco.p50 < tco.p90  # main gave P10 = P50 = $12,425
    # B against E over ten years: no longer 0.32 (one year repeated); B and E now meet the same
    # threat events (common random numbers) and E's shared host role loses more on them, so B
    # is cheaper in about 0.77 of the worlds (independent draws per pattern gave about 0.52)
    assert 0.6 < probability_cheaper(sim, "b-task-role", "e-instance-profile") < 0.9


def test_the_discount_rate_counts_later_years_less(assumptions_of):
    # $1,000 a year of spend for 3 years at 10%: 1000 x (1/1.1 + 1/1.21 + 1/1.331)
    # = 1000 x (0.90909 + 0.82645 + 0.75131) = $2,486.85, plus 1 hour x $100 of implementation
    spend = {
        "name": "licence",
        "per": "deployment",
        "usd": 1000,
        "frequency": "yearly",
        "source": "test",
    }
    world = assumptions_of({"ref": {"operations": [spend]}}, discount_rate=0.1)
    assert annuity_factor(3, 0.1) == pytest.approx(2.48685, abs=1e-5)
    assert float(estimate(world, 1).patterns["ref"].tco_usd[0]) == pytest.approx(2586.85, abs=0.01)
    sim = simulate(world, 1, 1_000, rng())
    np.testing.assert_allclose(sim.patterns["ref"].tco_usd, 2586.85, atol=0.01)


def test_the_discounted_loss_of_later_years_weighs_less(assumptions_of):
    # a sure $1,000 loss each year (p = 1), 3 years at 10%: $2,486.85 of loss today
    world = assumptions_of({"ref": {"compliance": [risk("sure", 1.0, 1000)]}}, discount_rate=0.1)
    draws = simulate(world, 1, 500, rng()).patterns["ref"]
    np.testing.assert_allclose(draws.tco_usd - draws.implementation_usd, 2486.85, atol=0.01)


def test_payback_is_discounted_too():
    # $1,000 once against $500 a year: 2 years at 0%; at 10% the n with
    # 500 x (1 - 1.1^-n) / 0.1 = 1000, n = -ln(1 - 0.1 x 1000 / 500) / ln 1.1 = 0.22314 / 0.09531
    # = 2.3412 years; never when 10% of the cost is at least the saving
    assert float(payback_years(1000, 500)) == pytest.approx(2.0)
    assert float(payback_years(1000, 500, 0.1)) == pytest.approx(2.3412, abs=1e-4)
    assert math.isinf(float(payback_years(1000, 100, 0.1)))
    assert math.isinf(float(payback_years(1000, 0)))


def test_discount_rate_defaults_to_0_and_is_checked(assumptions_of, org_document):
    from accesscost.core.errors import AssumptionErrors
    from accesscost.inputs.documents import validate_document
    from accesscost.inputs.org_schema import Org

    assert assumptions_of({"ref": {}}).org.discount_rate == 0.0
    with pytest.raises(AssumptionErrors, match="discount_rate"):
        validate_document(Org, org_document() | {"discount_rate": 2}, "org.yaml")
