"""The tornado: each uncertain input swung from its P10 to its P90, the others at their means.

Synthetic pattern "x" at 10 services, $100 an hour, 3 years, built so its ranking is known. Every
range is a symmetric PERT, a Beta(3, 3) whose P10 is 0.246636 of the width (the root of
10x^3 - 15x^4 + 6x^5 = 0.1), so P10 -> P90 spans 1 - 2 x 0.246636 = 0.506727 of the width
(main swung min -> max, the whole width, and lognormals P5 -> P95: a bias between kinds):

| input                                  | width               | swing of the TCO (x 0.506727)  |
|----------------------------------------|---------------------|--------------------------------|
| compliance impact, PERT {0, 50K, 100K} | $100,000            | 0.1 x 100,000 x 3 = $30,000    |
| review hours a service, PERT {1, 2, 3} | 2 h, 4 a year       | 2 x 4 x 10 x $100 x 3 = $24K   |
| tool USD, PERT {0, 1000, 2000} a year  | $2,000              | 2,000 x 3 = $6,000             |
| build hours, PERT {0, 5, 10}, one-time | 10 h                | 10 x $100 = $1,000             |
| the probability 0.1 (a point)          | not swung by default | +-50%: 0.1 x 50K x 3 = $15,000 |
"""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.guardrails import apply_guardrails
from accesscost.inputs.loading import Assumptions
from accesscost.model.engine import estimate
from accesscost.model.sensitivity import (
    WORTH_RESEARCHING,
    Output,
    input_label,
    short_name,
    tornado,
    uncertain_inputs,
)

PERT = lambda low, mode, high: {"low": low, "mode": mode, "high": high}  # noqa: E731

X = {
    "implementation": [
        {"name": "build", "per": "deployment", "hours": PERT(0, 5, 10), "source": "t"},
    ],
    "operations": [
        {
            "name": "tool",
            "per": "deployment",
            "usd": PERT(0, 1000, 2000),
            "frequency": "yearly",
            "source": "t",
        },
        {
            "name": "review",
            "per": "service",
            "hours": PERT(1, 2, 3),
            "frequency": "quarterly",
            "source": "t",
        },
    ],
    "compliance": [
        {
            "name": "finding",
            "per": "deployment",
            "annual_probability": 0.1,
            "impact_usd": PERT(0, 50_000, 100_000),
            "source": "t",
        },
    ],
}
# "y" is "x" without the tool and with a fixed review: the saving of "x" against "y" swings by
# the same amounts for "x"'s inputs, in the other direction.
Y = X | {
    "operations": [
        {"name": "review", "per": "service", "hours": 2, "frequency": "quarterly", "source": "t"}
    ],
    "compliance": [],
}
P10_TO_P90 = 1 - 2 * 0.24663645  # of a symmetric PERT's width
SWINGS = {
    name: width * P10_TO_P90
    for name, width in {"finding": 30_000, "review": 24_000, "tool": 6_000, "build": 1_000}.items()
}


@pytest.fixture(scope="module")
def synthetic(assumptions_of) -> Assumptions:
    return assumptions_of({"x": X, "y": Y})


def _items(result) -> list[str]:
    return [bar.input.path.item for bar in result.bars]


def test_inputs_are_ranked_by_swing_as_constructed(synthetic):
    result = tornado(synthetic, Output("x"), 10)
    assert _items(result) == ["finding", "review", "tool", "build"]
    assert [bar.swing for bar in result.bars] == pytest.approx(list(SWINGS.values()), rel=1e-5)


def test_the_base_is_the_engine_tco_with_every_input_at_its_mean(synthetic):
    result = tornado(synthetic, Output("x"), 10)
    assert result.base_usd == pytest.approx(float(estimate(synthetic, 10).patterns["x"].tco_usd[0]))
    for bar in result.bars:
        assert bar.output_at_low <= result.base_usd <= bar.output_at_high


def test_the_top_three_are_worth_researching_next(synthetic):
    result = tornado(synthetic, Output("x"), 10)
    assert [bar.worth_researching for bar in result.bars] == [True, True, True, False]
    assert len(result.worth_researching) == 3
    assert WORTH_RESEARCHING == "worth researching next"


def test_the_saving_against_another_pattern_moves_the_other_way(synthetic):
    result = tornado(synthetic, Output("x", "y"), 10)
    engine = estimate(synthetic, 10).tco_savings("x", "y")[0]
    assert result.base_usd == pytest.approx(engine)
    assert _items(result) == ["finding", "review", "tool", "build", "build"]
    first = result.bars[0]  # a dearer finding for "x" is a smaller saving
    swing = first.output_at_high - first.output_at_low
    assert swing == pytest.approx(-30_000 * P10_TO_P90, rel=1e-5)
    assert result.output_label == "Saving of Pattern x against Pattern y"


def _swings(result) -> dict[tuple[str, str], float]:
    return {(bar.input.path.item, bar.input.path.field): bar.swing for bar in result.bars}


def test_point_values_are_swung_only_when_asked(synthetic):
    assert ("finding", "annual_probability") not in _swings(tornado(synthetic, Output("x"), 10))
    swings = _swings(tornado(synthetic, Output("x"), 10, relative_swing=0.5))
    assert swings["finding", "annual_probability"] == pytest.approx(15_000)
    # a range keeps its own P10 and P90
    assert swings["finding", "impact_usd"] == pytest.approx(30_000 * P10_TO_P90, rel=1e-4)
    # the $100 rate, +-50%: labour is review 2 h x 4 x 10 a year x 3 years + build 5 h
    assert swings["hourly rate", "hourly_rate_usd"] == pytest.approx((240 + 5) * 100)


def test_a_swung_probability_stays_at_most_1(assumptions_of):
    finding = {
        "name": "f",
        "per": "deployment",
        "annual_probability": 0.8,
        "impact_usd": 1000,
        "source": "t",
    }
    world = assumptions_of({"p": {"compliance": [finding]}})
    inputs = uncertain_inputs(world, ["p"], relative_swing=0.5)
    (probability,) = [i for i in inputs if i.path.field == "annual_probability"]
    assert (probability.low, probability.high) == pytest.approx((0.4, 1.0))


def test_the_hourly_rate_is_an_input_when_it_is_a_range_and_not_fixed(assumptions_of):
    labour = {"hourly_rate_usd": {"low": 50, "high": 150}, "hours_per_day": 8, "source": "t"}
    world = assumptions_of({"x": X}, labour=labour)
    bars = tornado(world, Output("x"), 10).bars
    label = "Loaded engineer hour, $ an hour"
    rate = [bar for bar in bars if bar.input.label == label]
    # lognormal 90% interval $50-150: median sqrt(50 x 150) = 86.60, sigma ln 3 / 3.28971 =
    # 0.33396; P10 / P90 = 86.60 x exp(-/+ 1.28155 x 0.33396) = 86.60 / 1.5342, x 1.5342
    assert rate and rate[0].input.low == pytest.approx(56.45, abs=0.01)
    assert rate[0].input.high == pytest.approx(132.86, abs=0.01)
    assert rate[0].input.path.field == "hourly_rate_usd"
    fixed = tornado(world, Output("x"), 10, hourly_rate_usd=70)
    assert all(bar.input.path.pattern_id == "x" for bar in fixed.bars)


def test_labels_are_plain_words_with_the_unit(default_assumptions):
    inputs = uncertain_inputs(default_assumptions, ["d-iam-user-keys"])
    labels = [i.label for i in inputs]
    assert "D: Access review by an auditor…, $ per loss event" in labels
    assert "D: Security tooling, credential…, $ a year per service" in labels
    assert "D: Access review by an auditor…, chance a threat event becomes a loss" in labels
    assert "D: A workload credential is copied…, chance a loss brings secondary loss" in labels
    # a threat's frequency is shared by every pattern: swung once, named by the threat
    assert "Threat: A container is compromised…, threat events a year per service" in labels
    assert "D: Log in to every host to replace…, hours each time, every 90 days per host" in labels
    assert "Loaded engineer hour, $ an hour" in labels  # the org's rate is a range now
    assert input_label(default_assumptions, inputs[-1].path).startswith("D: ")
    assert not any("_usd" in label or "annual_probability" in label for label in labels)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("SOC 2 audit finding", "SOC 2 audit finding"),
        ("SOC 2 audit finding on long-lived IAM user keys", "SOC 2 audit finding on…"),
        (
            "Credential-leak incident (keys committed to a public repository)",
            "Credential-leak incident (keys…",
        ),
    ],
)
def test_long_item_names_are_cut_at_a_word(name, short):
    assert short_name(name) == short


def test_every_range_of_the_patterns_involved_is_an_input(default_assumptions):
    result = tornado(default_assumptions, Output("b-task-role", "d-iam-user-keys"), 50)
    owners = {bar.input.path.pattern_id for bar in result.bars}
    assert owners == {"", "b-task-role", "d-iam-user-keys"}  # "": the org's hourly rate
    ranges = uncertain_inputs(default_assumptions, ["b-task-role", "d-iam-user-keys"])
    assert len(result.bars) == len(ranges)
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True)
    assert np.isfinite(result.base_usd)


@pytest.mark.parametrize(
    ("output", "services", "message"),
    [
        (Output("nope"), 10, "unknown pattern 'nope'"),
        (Output("x", "nope"), 10, "unknown pattern 'nope'"),
        (Output("x"), [1, 2], "a tornado needs one count"),
        (Output("x"), 0, "services: must be a whole number"),
    ],
)
def test_bad_requests_are_named(synthetic, output, services, message):
    with pytest.raises(AssumptionErrors, match=message):
        tornado(synthetic, output, services)


def test_a_guardrail_on_both_patterns_is_swung_in_each_on_its_own(default_assumptions):
    # the guardrail's items are the same objects in both patterns; each copy is its own input
    both = {"b-task-role": ["permission-boundaries"], "d-iam-user-keys": ["permission-boundaries"]}
    world = apply_guardrails(default_assumptions, both)
    result = tornado(world, Output("b-task-role", "d-iam-user-keys"), 50, relative_swing=0.2)
    boundary = [bar for bar in result.bars if bar.input.path.item.startswith("Permission bound")]
    by_owner = {}
    for bar in boundary:
        by_owner.setdefault(bar.input.path.item, {})[bar.input.path.pattern_id] = bar
    for owners in by_owner.values():
        b, d = owners["b-task-role"], owners["d-iam-user-keys"]
        assert b.swing == pytest.approx(d.swing) and b.swing > 0
        assert (b.output_at_high - b.output_at_low) == pytest.approx(
            -(d.output_at_high - d.output_at_low)
        )


def test_every_percentile_of_a_fixed_value_is_the_value():
    from accesscost.core.quantity import Point
    from accesscost.model.sensitivity import percentile_of

    assert [percentile_of(Point(3.5), rank) for rank in (10, 50, 90)] == [3.5, 3.5, 3.5]
