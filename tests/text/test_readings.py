"""How to read each chart: each sentence against golden values worked out by hand from a few
numbers (``accesscost.text.readings``)."""

from __future__ import annotations

import math

import pytest

from accesscost.text import readings as r


def test_cheapest_by_count_names_each_stretch_of_counts():
    # at 1 and 2 A is cheaper (1 < 2, 2 < 2.5); at 3 and 4 B is (2.9 < 3, 3 < 4)
    annual = {"A": [1, 2, 3, 4], "B": [2, 2.5, 2.9, 3]}
    assert r.cheapest_by_count([1, 2, 3, 4], annual) == (
        "Cheapest a year of the patterns that meet the requirement: A from 1 to 2, then B from 3 "
        "to 4 services."
    )


def test_cheapest_by_count_with_one_winner_and_past_a_limit():
    assert r.cheapest_by_count([1, 5], {"A": [1, 1], "B": [2, 2]}, "hosts") == (
        "Of the patterns that meet the requirement, A costs least a year at every count drawn, 1 "
        "to 5 hosts."
    )
    # A is past a limit at 2 (no cost): B is cheapest there, although dearer than A was
    assert r.cheapest_by_count([1, 2], {"A": [1, math.inf], "B": [2, 3]}) == (
        "Cheapest a year of the patterns that meet the requirement: A at 1, then B at 2 services."
    )
    assert r.cheapest_by_count([1], {}) == (
        "No pattern that meets the requirement is drawn at these counts."
    )


def test_cost_by_category_names_the_least_and_the_most_and_its_largest_part():
    parts = {
        "A": {"Tooling": 100, "Operations labour": 300},
        "B": {"Tooling": 50, "Operations labour": 20},
    }
    assert r.cost_by_category(parts, "50 services") == (
        "At 50 services, B costs least a year ($70) and A most ($400, most of it operations "
        "labour)."
    )
    assert r.cost_by_category({"A": {"Tooling": 1_500}}, "1 service") == (
        "At 1 service, A costs $1.5K a year, most of it tooling."
    )


def test_largest_saving():
    assert r.largest_saving({"B": 1_500, "C": 12_000}, "D", "50 services") == (
        "Against D at 50 services, C saves the most: $12K a year."
    )
    assert r.largest_saving({"B": -5}, "D", "50 services") == (
        "At 50 services, no pattern that meets the requirement costs less a year than D."
    )


def test_soonest_payback():
    assert r.soonest_payback({"B": 4.24, "C": None, "E": 7.0}, "D", 3) == (
        "Moving from D pays back soonest with B, in 4.2 months."
    )
    assert r.soonest_payback({"C": None}, "D", 3) == (
        "No pattern that meets the requirement pays back the move from D within 3 years."
    )


@pytest.mark.parametrize(
    ("sample", "loss"),
    [
        (list(range(1, 21)), 19),  # 20 years: only the 20 exceeds 19, 1 year in 20
        (list(range(1, 41)), 38),  # 40 years: 39 and 40 exceed 38, 2 in 40
        ([0] * 19 + [100], 0),  # one year in 20 loses anything at all
        ([0] * 20, None),  # no year loses anything
        ([0] * 39 + [100], None),  # 1 year in 40: fewer than 1 in 20
    ],
)
def test_the_loss_one_year_in_twenty_exceeds(sample, loss):
    assert r.one_in_loss(sample) == loss


def test_loss_exceedance_names_the_most_and_the_least():
    samples = {"B": [1_000 * k for k in range(1, 21)], "D": [10_000 * k for k in range(1, 21)]}
    assert r.loss_exceedance(samples) == (
        "D: 1 year in 20 loses more than $190K (the most); "
        "B: 1 year in 20 loses more than $19K (the least)."
    )
    assert r.loss_exceedance({"B": [0] * 20, "C": [0] * 20}) == (
        "B and C: fewer than 1 year in 20 loses anything."
    )


def test_largest_swing():
    bars = [("Hourly rate", 1_000, 3_000), ("Hours", 1_500, 1_600)]
    assert r.largest_swing(bars, 2_000) == (
        "Hourly rate moves the answer most: from $1.0K to $3.0K as it goes from its P10 to its "
        "P90 ($2.0K with every input at its mean)."
    )
    assert r.largest_swing([("Hours", 5, 5)], 5) == (
        "No uncertain input moves this answer: every input is a fixed value."
    )


def test_best_score():
    assert r.best_score([("B", 0.823, True), ("E", 0.74, True)]) == (
        "B scores best, 0.82 of 1, ahead of E at 0.74."
    )
    assert r.best_score([("B", 0.801, True), ("E", 0.799, True), ("D", 0.8, False)]) == (
        "B and E score best together, 0.80 of 1."
    )
    assert r.best_score([("D", 0.5, False)]) == (
        "No pattern meets the requirement; of those shown, D scores best (0.50)."
    )


def test_largest_exposure():
    points = [("B", "Key leak", 0.1, 50_000, 5_000), ("D", "Key leak", 0.5, 50_000, 25_000)]
    assert r.largest_exposure(points) == (
        "The largest expected loss is Key leak with D: $25K a year, about once in 2 years at "
        "$50K each."
    )
    assert r.largest_exposure([("D", "Drift", 4.0, 100, 400)]) == (
        "The largest expected loss is Drift with D: $400 a year, about 4.0 times a year at $100 "
        "each."
    )
