"""The tornado, checked as data: each bar runs from the base to the figure with its input at its
P10 or P90, the largest swings drawn, the top ones marked, each label on one line above its bar."""

from __future__ import annotations

import numpy as np
import pytest

from accesscost.figures.tornado import TORNADO_BARS, TORNADO_LABEL_CHARS, tornado_chart
from accesscost.inputs.loading import load_assumptions
from accesscost.model.sensitivity import Output, tornado
from tests.conftest import REPO_ROOT


def test_tornado_bars_run_from_the_base_to_each_output(default_assumptions):
    result = tornado(default_assumptions, Output("b-task-role", "d-iam-user-keys"), 50)
    fig = tornado_chart(result)
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    low, high = fig.data
    assert low.base == high.base == result.base_usd
    drawn = result.bars[:TORNADO_BARS]  # the largest swings; the CLI lists every input
    assert len(result.bars) > TORNADO_BARS and len(low.y) == TORNADO_BARS
    at_low = [bar.output_at_low for bar in drawn]
    at_high = [bar.output_at_high for bar in drawn]
    assert np.asarray(low.x) + low.base == pytest.approx(at_low)
    assert np.asarray(high.x) + high.base == pytest.approx(at_high)
    shown = [label.replace("<br>", " ") for label in low.y]  # labels wrap to two lines
    marked = [label for label in shown if label.startswith("★ ")]
    assert marked == [f"★ {label}" for label in result.worth_researching]
    assert len(marked) == 3
    assert shown[3:] == [bar.input.label for bar in drawn[3:]]
    assert all(len(label) <= TORNADO_LABEL_CHARS for label in low.y)  # one line each
    # the P90 side is hatched, not told apart by colour alone
    assert (low.marker.pattern.shape, high.marker.pattern.shape) == ("", "/")
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "worth researching next" in subtitle
    assert f"the {TORNADO_BARS} largest of {len(result.bars)} inputs" in subtitle


# A tornado label's width at the template's 15 px, a character (measured in Chromium: 7.8 px), and
# the plot's width on the page at 1280 px (an 820 px chart, the template's side margins).
LABEL_CHAR_PX, PAGE_PLOT_PX = 7.8, 820 - 90 - 20


def test_tornado_labels_stand_above_their_bars_on_one_line():
    """Issue 19: at 1280 px labels beside the axis, wrapped at 64 characters, took 480 px of the
    820 px chart and left the bars 243; wrapped narrower, two-line labels ran into each other on
    the exported image. Each label now stands on one line above its bar, from the plot's left
    edge, so the bars keep the plot's width; every committed decision's tornado labels fit the
    page's plot on one line."""
    assert TORNADO_LABEL_CHARS * LABEL_CHAR_PX <= PAGE_PLOT_PX
    for folder in ("", "decisions/eks-pods", "decisions/cicd"):
        decision = load_assumptions(REPO_ROOT / "assumptions" / folder)
        ids = list(decision.patterns)
        for pid in ids:
            for output in [Output(pid), *(Output(pid, other) for other in ids if other != pid)]:
                fig = tornado_chart(tornado(decision, output, 50))
                assert fig.layout.yaxis.showticklabels is False
                notes = [note for note in fig.layout.annotations if note.xref == "paper"]
                assert [note.y for note in notes] == list(fig.data[0].y)  # one a bar, in order
                assert all(
                    (note.x, note.xanchor, note.yanchor) == (0, "left", "bottom") for note in notes
                )
                assert all("<br>" not in note.text for note in notes), [n.text for n in notes]
                # the bar fills the lower part of its row, clear of the label above it
                assert all(
                    trace.offset > 0 and trace.offset + trace.width < 0.5 for trace in fig.data
                )
