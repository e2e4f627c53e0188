"""The page as a review room reads it: the recommended pattern leads the matrix, the patterns
that meet the requirement follow, and the failing ones are muted (grey, never a green cell)."""

from __future__ import annotations

import pytest

from charts.matrix_table import matrix_html
from models.engine import estimate
from models.loading import load_assumptions
from models.matrix import decision_matrix, recommended_id, review_order
from tests.browser import parse_matrix
from tests.conftest import ASSUMPTIONS
from tests.pages import open_page_with


@pytest.fixture(scope="module")
def rows_at_50():
    assumptions = load_assumptions(ASSUMPTIONS)
    result = estimate(assumptions, 50)
    return result, decision_matrix(result, assumptions.org.bands)


def test_review_order_leads_with_the_recommendation_then_the_valid_patterns(rows_at_50):
    result, rows = rows_at_50
    ordered = [row.pattern.id for row in review_order(rows)]
    valid = [pid for pid, p in result.patterns.items() if p.pattern.meets_requirement]
    failing = [pid for pid, p in result.patterns.items() if not p.pattern.meets_requirement]
    best = recommended_id(result)
    # B is recommended; F is the other valid pattern; A, C, D, E fail, in file order
    assert ordered == [best, *(pid for pid in valid if pid != best), *failing]
    assert ordered[:2] == ["b-task-role", "f-secrets-manager-keys"]


def test_failing_rows_are_muted_never_green(rows_at_50):
    _, rows = rows_at_50
    html = matrix_html(review_order(rows), [row.pattern.id for row in rows])
    for row in rows:
        start = html.index(f'<tr data-pattern="{row.pattern.id}"')
        tag = html[start : html.index(">", start)]
        assert ('class="fails"' in tag) == bool(row.flag), row.pattern.id
    assert "tr.fails td {background: #EEF0F2 !important" in html


def test_the_page_matrix_starts_with_the_recommended_row(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = open_page_with()
    table = next(el.value for el in at.get("html") if '<table class="matrix"' in el.value)
    shown = parse_matrix(table)
    assert shown[0].recommended and shown[0].pattern_id == "b-task-role"
    assert [row.flag == "" for row in shown] == sorted((r.flag == "" for r in shown), reverse=True)


# -- the service count: one count behind the slider and the box --------------------------------


def _services(at) -> tuple[int, int, int]:
    return (
        at.session_state["services"],
        at.slider(key="services_slider").value,
        at.number_input(key="services_input").value,
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [(0, "0"), (20_000, "20,000"), (-3, "-3"), (None, "an empty box")],
)
def test_a_count_out_of_range_keeps_the_count_and_says_1_to_10000(monkeypatch, typed, shown):
    """Streamlit's own bounds kept the old count silently ('Press Enter to apply' over the
    digits) and an emptied box went to 1."""
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = open_page_with()
    at.number_input(key="services_input").set_value(typed).run()
    assert not at.exception
    assert _services(at) == (50, 50, 50)
    message = " ".join(e.value for e in at.sidebar.error)
    assert f"Services: {shown} is not a count from 1 to 10,000; kept 50." == message
    at.number_input(key="services_input").set_value(14).run()
    assert _services(at) == (14, 14, 14) and not at.sidebar.error


def test_slider_steps_and_box_entries_always_agree(monkeypatch):
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = open_page_with()
    for count in (51, 52, 53):  # one step at a time, as arrow presses send them
        at.slider(key="services_slider").set_value(count).run()
        assert _services(at) == (count, count, count)
    at.number_input(key="services_input").set_value(10_000).run()
    assert _services(at) == (10_000, 500, 10_000)
    beyond = [c.value for c in at.sidebar.caption]
    assert "10,000 services: beyond the slider's 500, set in the box." in beyond
    at.slider(key="services_slider").set_value(79).run()
    assert _services(at) == (79, 79, 79)
