"""The page's uncertainty and export sections, driven with AppTest."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from accesscost.app.uncertainty import BREAK_EVEN_DRAWS, ONE_PATTERN_HINT, break_even_text
from accesscost.export import images
from accesscost.figures.layout import pattern_label
from accesscost.inputs.applying import apply_scenario
from accesscost.inputs.loading import read_folder
from accesscost.inputs.scenario import Scenario
from accesscost.model.exceedance import break_even, exceedance_probability
from accesscost.model.scoring import CRITERIA
from accesscost.model.simulation import simulate
from accesscost.model.summaries import annual_loss
from tests.conftest import ASSUMPTIONS
from tests.pages import chart_numbers, open_page_with, shown_text
from tests.pattern_ids import B, E


def open_page() -> AppTest:
    """The page with its "Uncertainty and sensitivity" tab open (only the open tab is drawn)."""
    return open_page_with(90, section="Uncertainty and sensitivity")


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_the_export_section_offers_every_file():
    at = open_page()
    labels = [button.label for button in at.get("download_button")]
    for label in (
        "Deck (.pptx)",
        "Matrix (.csv)",
        "Figures (.csv)",
        "Workbook (.xlsx)",
        "Assumptions (.yaml)",
        "Chart images (.zip of PNG and SVG)",
    ):
        assert label in labels


def test_without_chromium_the_page_says_so_in_one_line_and_keeps_the_rest(monkeypatch):
    monkeypatch.setattr(images, "browser_available", lambda: None)
    at = open_page()
    assert not at.exception
    assert images.NO_BROWSER_MESSAGE in [caption.value for caption in at.caption]
    labels = [button.label for button in at.get("download_button")]
    assert "Deck (.pptx)" in labels
    assert "Chart images (.zip of PNG and SVG)" not in labels


def test_the_break_even_is_the_simulation_of_the_chosen_pair(default_assumptions):
    at = open_page()
    at.selectbox(key="break_even_first").set_value(E).run()
    at.selectbox(key="break_even_second").set_value(B).run()
    # The page's break-even sweep at any count up to 500: 200 counts spread over 1..1,000.
    counts = np.unique(np.linspace(1, 1000, 200).round().astype(np.int64))
    sim = simulate(
        default_assumptions,
        counts,
        BREAK_EVEN_DRAWS,
        np.random.default_rng(default_assumptions.org.simulation.seed),
        reference_id=E,
        pattern_ids=[E, B],
    )
    label = {pid: p.label for pid, p in default_assumptions.patterns.items()}.get
    expected = break_even_text(break_even(sim, E, B), label)
    assert expected in [shown_text(m.value) for m in at.markdown]


def test_the_tornado_explains_the_chosen_figure():
    at = open_page()
    assert any("Saving of B) IAM task role" in title for title in chart_titles(at))
    options = at.selectbox(key="tornado_output").options
    tco_of_d = next(option for option in options if option.startswith("TCO of D)"))
    at.selectbox(key="tornado_output").set_value(tco_of_d)
    at.run()
    assert any(title.startswith("TCO of D) IAM user keys") for title in chart_titles(at))


def test_weights_rank_the_patterns_and_all_zero_weights_are_refused_calmly():
    at = open_page()
    for key, _ in CRITERIA:
        at.slider(key=f"weight_{key}").set_value(0.0)
    at.run()
    assert not at.exception
    assert "at least one weight must be above 0" in " ".join(w.value for w in at.warning)
    at.slider(key="weight_security_posture").set_value(5.0).run()
    score = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "decision score" in json.loads(c.proto.spec)["layout"]["title"]["text"].lower()
    )
    first_place = score["data"][0]["y"][0]
    assert first_place.startswith("1. ") and "✗" not in first_place


@pytest.mark.parametrize("draws", [2000])
def test_the_draws_setting_reaches_the_simulation(draws):
    at = open_page()
    at.number_input(key="draws").set_value(draws).run()
    captions = [shown_text(caption.value) for caption in at.caption]
    assert any(f"The model was run {draws:,} times" in caption for caption in captions)


def loss_exceedance_of(at: AppTest) -> dict:
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    chart = next(c for c in charts if c["layout"]["title"]["text"].startswith("Chance of a year"))
    for trace in chart["data"]:  # legend names as read: their wrapped lines joined
        trace["name"] = trace.get("name", "").replace("<br>", " ")
    return chart


def page_losses(at: AppTest, assumptions) -> np.ndarray:
    """B's annual-loss sample as the page simulates it: its count, horizon, draws and seed."""
    state, org = at.session_state, assumptions.org
    rng = np.random.default_rng(org.simulation.seed)
    sim = simulate(
        assumptions,
        state["services"],
        state["draws"],
        rng,
        horizon_years=state["horizon"],
        reference_id=state["reference"],
    )
    return annual_loss(sim, B)


def test_a_guardrail_switched_on_draws_the_pattern_without_and_with_it(default_assumptions):
    """Inherent and residual risk (issue 16): with no guardrail the chosen pattern has one curve;
    with one switched on in the what-if, two: the engine's simulation of the what-if without its
    guardrails (dashed) and with them, on the same seed. With every pattern shown, a hint."""
    at = open_page_with(90, section="Uncertainty and sensitivity", whatif_open=True)
    at.selectbox(key="risk_pattern").set_value(B).run()
    label = pattern_label(default_assumptions.patterns[B])
    assert [t["name"] for t in loss_exceedance_of(at)["data"]] == [label, "Risk tolerance"]
    at.selectbox(key="risk_pattern").set_value("all")
    at.toggle(key=f"guard_{B}_principal-org-id_0").set_value(True).run()
    assert not at.exception
    assert ONE_PATTERN_HINT in [caption.value for caption in at.caption]  # every pattern: one each
    assert not any("(inherent)" in t["name"] for t in loss_exceedance_of(at)["data"])
    at.selectbox(key="risk_pattern").set_value(B).run()
    chart = loss_exceedance_of(at)
    names = [t["name"] for t in chart["data"]]
    assert names == [
        f"{label} without guardrails (inherent)",
        f"{label} with guardrails (residual)",
        "Risk tolerance",
    ]
    scenario = Scenario(name="Untitled what-if", guardrails={B: ["principal-org-id"]})
    guarded = apply_scenario(read_folder(ASSUMPTIONS), scenario, "what-if")
    samples = (page_losses(at, default_assumptions), page_losses(at, guarded))
    for trace, sample in zip(chart["data"], samples, strict=False):
        expected = exceedance_probability(sample, chart_numbers(trace["x"]))
        np.testing.assert_allclose(chart_numbers(trace["y"]), expected)
    assert chart["data"][0]["line"]["dash"] == "dash"


READ = "**How to read it:** "


def readings(at: AppTest) -> list[str]:
    shown = [shown_text(m.value) for m in at.markdown]
    return [text.removeprefix(READ) for text in shown if text.startswith(READ)]


@pytest.mark.parametrize("section", ["FinOps", "Uncertainty and sensitivity"])
def test_each_chart_of_a_tab_has_its_sentence_in_plain_words(section):
    """One "how to read it" sentence per chart drawn (the heat map's is the risk matrix's)."""
    at = open_page_with(90, section=section)
    assert not at.exception
    sentences = readings(at)
    assert len(sentences) == len(at.get("plotly_chart")), sentences
    if section == "FinOps":
        assert any(
            s.startswith("Of the patterns that meet the requirement, B costs least")
            for s in sentences
        ), sentences
    else:
        assert any(": 1 year in 20 loses more than $" in s for s in sentences), sentences
        assert any(" moves the answer most: from $" in s for s in sentences), sentences
        assert any(s.startswith("B scores best, ") for s in sentences), sentences


def test_the_uncertainty_section_says_it_plainly_and_keeps_its_method_in_an_expander():
    at = open_page()
    captions = " ".join(shown_text(c.value) for c in at.caption)
    assert "The model was run" in captions
    for word in ("lognormal", "conditional expectation", "standard error", "seed"):
        assert word not in captions, word
    method = next(e for e in at.expander if e.label == "Method")
    text = " ".join(shown_text(m.value) for m in method.markdown)
    assert "conditional expectation" in text and "lognormal (90% intervals) or PERT" in text
