"""The page runs fewer draws where the threats' events of the draws asked for would not fit in
memory, and says so; it never fails for it."""

from __future__ import annotations

from accesscost.model import world
from tests.pages import open_page_with, shown_text


def test_the_page_runs_the_draws_that_fit_and_says_so(monkeypatch, default_assumptions):
    monkeypatch.setattr(world, "MAX_EVENTS", 5_000)  # a budget the default 10,000 draws exceed
    at = open_page_with(services=50)

    assert not at.exception
    fit = world.affordable_draws(default_assumptions, 50)
    assert fit < default_assumptions.org.simulation.draws
    notes = [shown_text(info.value) for info in at.info]
    assert any(f"the simulation runs {fit:,} draws, not the 10,000 asked for" in n for n in notes)
