"""Every registered chart carries its "how to read it" sentence, read from the numbers it draws
(``FigureSpec.reading``), so the page and the deck can show it."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.figures.registry import FIGURES, reading_of
from accesscost.inputs.loading import load_assumptions
from accesscost.model.exceedance import exceedance_probability
from accesscost.text.readings import one_in_loss
from tests.conftest import ASSUMPTIONS


@pytest.fixture(scope="module")
def context():
    return make_context(load_assumptions(ASSUMPTIONS), 50)


def test_every_registered_chart_has_a_sentence(context):
    for spec in FIGURES:
        sentence = reading_of(spec, context.inputs)
        assert sentence and sentence.endswith(".") and "\n" not in sentence, spec.key


def test_the_score_sentence_names_the_top_bar(context):
    sentence = reading_of(FIGURES["decision-score"], context.inputs)
    best = min(context.inputs.scores, key=lambda score: score.rank)
    option = context.inputs.result.patterns[best.pattern_id].pattern.option
    assert sentence.startswith(f"{option} scores best, {best.score:.2f} of 1")


def test_the_loss_sentence_is_where_each_drawn_curve_crosses_one_in_twenty(context):
    """The chart draws P(a year's loss > x) with ``exceedance_probability``: at the sentence's
    loss it is 1 in 20 or more, at the next loss drawn it is under."""
    sim = context.inputs.simulation
    for pid in context.inputs.shown:
        sample = sim.patterns[pid].compliance_usd_per_year[:, 0]
        loss = one_in_loss(sample)
        assert loss is not None, pid
        assert exceedance_probability(sample, loss) >= 1 / 20
        above = sample[sample > loss]
        assert exceedance_probability(sample, above.min()) < 1 / 20


@pytest.mark.slow  # builds the whole deck (an export: the slow tier, see tests/conftest.py)
def test_the_deck_carries_each_sentence_in_its_chart_slide_notes(context):
    deck = Presentation(io.BytesIO(build_deck(context)))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    for spec in context.specs:
        assert f"How to read it: {reading_of(spec, context.inputs)}" in notes, spec.key
