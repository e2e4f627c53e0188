"""The deck follows the decision (issue 17): its title slide asks the decision's question, its
blueprint slides are the decision's patterns, and a published limit exceeded at the count is the
flagged reason in the matrix and a marked point on the cost-by-count chart."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.inputs.loading import load_assumptions
from tests.count_noun import services_said
from tests.export_readers import GENERATED, chart_on, slide_text, slide_titled, slide_titles
from tests.inputs.test_decisions import QUESTION, with_second_decision


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    root = with_second_decision(tmp_path_factory.mktemp("decks"))
    assumptions = load_assumptions(root / "decisions" / "lambda-dynamo")
    context = make_context(assumptions, 121, generated=GENERATED)
    return Presentation(io.BytesIO(build_deck(context)))


def test_the_title_and_blueprint_slides_follow_the_decision(deck):
    titles = slide_titles(deck)
    assert titles[0] == QUESTION
    assert deck.core_properties.title == "Lambda functions' reads from DynamoDB: Baseline"
    assert [t for t in titles if t.startswith("Blueprint")] == [
        "Blueprint: X) An execution role per function",
        "Blueprint: Y) One IAM user's keys in every function's environment",
    ]


def test_the_limit_is_the_flagged_reason_and_a_marked_point(deck):
    verdict = slide_text(slide_titled(deck, "Key figures at 121 Lambda functions"))
    assert "✗ X) An execution role per function: exceeds a published limit at 121" in verdict
    assert "Test limit, 120 roles." in verdict
    title = "How the annual cost grows with the number of Lambda functions"
    chart = chart_on(slide_titled(deck, title))
    assert chart.chart_title.text_frame.text.startswith("Annual cost by number of Lambda functions")
    names = [series.name for plot in chart.plots for series in plot.series]
    assert "Limit exceeded" in names


# org.yaml's band edges are shared by every decision; their source tells how they were set
BANDS_SOURCE = "org.yaml bands (judgement, set to reproduce the seed's matrix at 50 services)"


def test_every_slide_names_the_count_with_the_decisions_noun(deck):
    text = "\n".join(slide_text(slide) for slide in deck.slides)
    lines = text.replace(BANDS_SOURCE, "").splitlines()
    assert "121 Lambda functions" in text
    assert "at 50 Lambda functions, in proportion at other counts" in text  # the tolerance
    assert [line for line in lines if services_said(line)] == []
