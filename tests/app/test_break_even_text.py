"""The break-even sentence leads with the conclusion a room can repeat.

On main: "In 4% of simulated years the TCOs of E and B cross between 1 and 1,000 services: at 46
services (P50)", which reads as "the break-even is 46 services" when B is cheaper at every count
in 96% of the worlds.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from accesscost.app.uncertainty import break_even_text
from accesscost.model.exceedance import BreakEven, break_even
from accesscost.model.simulation import simulate

LABELS = {"e": "E) Instance profile", "b": "B) Task role"}.get


def test_the_conclusion_comes_first_and_the_crossing_second():
    result = BreakEven("e", "b", 20.0, 46.0, 300.0, 0.04, 0.0, (1, 1000), first_always_cheaper=0.0)
    text = break_even_text(result, LABELS)
    assert text.startswith(
        "B) Task role is cheaper than E) Instance profile at every count from "
        "1 to 1,000 services in 96% of simulated worlds."
    )
    assert "In the other 4% their TCOs cross, most often near 46 services" in text


def test_without_any_crossing_the_sentence_is_the_conclusion_alone():
    result = BreakEven("e", "b", None, None, None, 0.0, None, (1, 1000), first_always_cheaper=1.0)
    text = break_even_text(result, LABELS)
    assert text == (
        "E) Instance profile is cheaper than B) Task role at every count from 1 to "
        "1,000 services in 100% of simulated worlds."
    )


def test_the_shares_add_up_over_the_worlds(default_assumptions):
    counts = np.array([1, 10, 100, 1000])
    sim = simulate(
        default_assumptions,
        counts,
        2_000,
        np.random.default_rng(4),
        pattern_ids=["b-task-role", "e-instance-profile"],
    )
    result = break_even(sim, "e-instance-profile", "b-task-role")
    total = result.first_always_cheaper + result.second_always_cheaper + result.crossing_fraction
    assert total == 1.0 or abs(total - 1.0) < 1e-12


def test_the_counts_are_named_with_the_decisions_noun():
    noun = SimpleNamespace(label="pod", plural="pods")
    result = BreakEven("e", "b", 20.0, 46.0, 300.0, 0.04, 0.0, (1, 1000), first_always_cheaper=0.0)
    text = break_even_text(result, LABELS, noun)
    assert "from 1 to 1,000 pods in 96%" in text and "most often near 46 pods" in text
    assert "services" not in text
