"""The page fills the CLI's ``Settings``: from a share link (each unusable value dropped and
said, the rest kept) and from the sidebar (the page's own limits on the draws)."""

from __future__ import annotations

import pytest

from accesscost.app.view import PageView, link_settings, page_settings
from accesscost.core.errors import AssumptionErrors
from accesscost.core.safe_text import markdown_literal
from accesscost.inputs.settings import PAGE_DRAWS, Settings
from tests.pattern_ids import B, D, F


def test_a_link_gives_every_setting_it_names(default_assumptions):
    query = {
        "services": "300",
        "horizon": "5",
        "rate": "90",
        "show": f"{B},{D}",
        "ref": F,
        "draws": "2000",
        "seed": "7",
    }
    settings, notes = link_settings(default_assumptions, query)

    assert notes == []
    assert settings == Settings(300, 5, 90.0, (B, D), F, 2000, 7)


def test_a_link_without_settings_gives_the_defaults_of_org_yaml(default_assumptions):
    org = default_assumptions.org
    settings, notes = link_settings(default_assumptions, {})

    assert notes == []
    assert settings == Settings(
        org.default_services,
        org.horizon_years,
        None,
        tuple(default_assumptions.patterns),
        org.reference_pattern,
        org.simulation.draws,
        org.simulation.seed,
    )


@pytest.mark.parametrize(
    ("query", "name", "reason"),
    [
        ({"services": "abc"}, "services=abc", "whole number from 1 to 10,000"),
        ({"services": "1e400"}, "services=1e400", "whole number"),
        ({"horizon": "11"}, "horizon=11", "from 1 to 10"),
        ({"rate": "nan"}, "rate=nan", "US dollars an hour"),
        ({"draws": "200000"}, "draws=200000", "from 1,000 to 100,000"),  # the page's limit
        ({"ref": "no-such"}, "ref=no-such", "unknown pattern id"),
        ({"show": "<b>x</b>"}, "show=<b>x</b>", "unknown pattern id '<b>x</b>'"),
    ],
)
def test_a_link_value_that_cannot_be_used_is_said_and_the_rest_kept(
    default_assumptions, query, name, reason
):
    settings, notes = link_settings(default_assumptions, {**query, "services": "40"} | query)
    defaults, _ = link_settings(default_assumptions, {})

    assert len(notes) == 1, notes
    assert markdown_literal(name) in notes[0] and markdown_literal(reason) in notes[0], notes
    assert "<b>" not in notes[0]  # the link's text is shown as text, never as markup
    kept = 40 if "services" not in query else defaults.services
    assert settings.services == kept


def test_the_sidebar_fills_the_same_settings_within_the_page_limits(default_assumptions):
    settings = page_settings(default_assumptions, services=12, horizon=2, draws=PAGE_DRAWS[0])
    noun = default_assumptions.decision.counted
    view = PageView(settings, files=(), scenario="", unguarded="", guardrails={}, noun=noun)

    assert (view.services, view.horizon, view.draws) == (12, 2, PAGE_DRAWS[0])
    assert view.reference == default_assumptions.org.reference_pattern
    with pytest.raises(AssumptionErrors) as refused:
        page_settings(default_assumptions, draws=PAGE_DRAWS[1] + 1)
    assert "Monte Carlo draws" in str(refused.value)
