"""The page as a review room reads it: the recommended pattern leads the matrix, the patterns
that meet the requirement follow, and the failing ones are muted (grey, never a green cell)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from accesscost.figures.matrix_table import matrix_html
from accesscost.inputs.loading import load_assumptions
from accesscost.model.engine import estimate
from accesscost.model.matrix import decision_matrix, recommended_id, review_order
from tests.browser import parse_matrix
from tests.conftest import ASSUMPTIONS
from tests.pages import PAGE, open_page_with


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


def test_the_editor_pins_the_item_and_shows_the_editable_columns_first(monkeypatch):
    """At 1280 px the editable columns were off-screen to the right of section, item, field,
    per and frequency, and scrolling to them hid the item names."""
    import json

    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = open_page_with(whatif_open=True)
    table = at.data_editor(key="edit_d-iam-user-keys_0").proto
    order = list(table.column_order)
    assert order[:6] == ["item", "field", "value", "low", "mode", "high"]
    assert order.index("source") == len(order) - 1
    assert json.loads(table.columns)["item"]["pinned"] is True


def test_the_matrix_sets_its_own_ground_and_text_colours(rows_at_50):
    """Under a dark theme the pattern column took the page's white text on its light grey
    (1.05:1); the table now carries both colours, so no theme changes its contrast."""
    _, rows = rows_at_50
    html = matrix_html(review_order(rows), [row.pattern.id for row in rows])
    assert "background: #FFFFFF; color: #1F2933;" in html  # the table
    assert ".matrix td.pattern {background: #F3F5F7; color: #1F2933;" in html


def test_saved_scenarios_are_listed_by_their_names(tmp_path, monkeypatch):
    """The list showed file stems ('keys-rotated-monthly'), not the names people gave them."""
    import shutil

    from accesscost.inputs.scenario_files import load_scenario
    from tests.conftest import ASSUMPTIONS as committed

    folder = tmp_path / "assumptions"
    shutil.copytree(committed, folder)
    (folder / "scenarios" / "broken.yaml").write_text("name: [unclosed\n")
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))
    at = open_page_with(whatif_open=True)
    options = at.selectbox(key="saved_choice").options
    rotated = load_scenario(folder / "scenarios" / "keys-rotated-monthly.yaml").name
    assert f"{rotated} (keys-rotated-monthly.yaml)" in options
    assert "broken.yaml (cannot be read; Load says why)" in options
    assert not at.exception


def test_one_service_is_one_service_not_1_services(monkeypatch):
    from accesscost.core.words import services_text

    assert [services_text(n) for n in (1, 2, 1000)] == ["1 service", "2 services", "1,000 services"]
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["services"] = "1"
    at.session_state["section"] = "FinOps"
    at.run()
    texts = [c.value for c in at.caption] + [m.label for m in at.metric]
    texts += [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any(t.startswith("1 service,") for t in texts), texts[:3]
    assert not [t for t in texts if "1 services" in t]


def test_each_uncertainty_control_sits_right_above_its_chart(monkeypatch):
    """The tornado's selector was 830 px above the tornado and the score's weights 1,130 px
    above the score: on a 720 px projector a control and its chart were never seen together."""
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)
    at = open_page_with(section="Uncertainty and sensitivity")
    order = []
    for element in at.main:  # the page's elements, top to bottom
        if element.type == "selectbox" and element.key == "tornado_output":
            order.append("tornado control")
        elif element.type == "slider" and str(element.key).startswith("weight_"):
            order.append("weight")
        elif element.type == "plotly_chart":
            order.append(json.loads(element.proto.spec)["layout"]["title"]["text"])
    after_selector = order[order.index("tornado control") + 1]
    assert "what moves it most" in after_selector, order
    after_weights = order[len(order) - order[::-1].index("weight")]
    assert after_weights.lower().startswith("weighted"), order


@pytest.mark.parametrize("services", [1, 14, 50])
def test_the_cost_chart_axis_starts_at_zero_and_its_marker_label_stays_on_it(services):
    """At 1 and 14 services the x axis started near -40 (autorange padding)."""
    from accesscost.figures.cost_by_count import cost_vs_services
    from accesscost.model.timeline import sweep_counts

    assumptions = load_assumptions(ASSUMPTIONS)
    ids = list(assumptions.patterns)
    sweep = estimate(assumptions, sweep_counts(services, 2_000))
    figure = cost_vs_services(sweep, ids, services, ids)
    upper = float(sweep.services[-1])
    assert tuple(figure.layout.xaxis.range) == (0, upper)
    label = figure.layout.annotations[-1]  # the line's label, after the crossovers'
    # within the left fifth of the axis the label reads rightwards from the line
    assert label.xanchor == ("left" if services < 0.2 * upper else "right")


def test_the_legend_sits_at_the_foot_in_a_margin_sized_for_its_rows(rows_at_50):
    """Under the plot in the plot's units, a long legend (13 entries under a what-if) shrank the
    plot until the legend ran into the axis title; now the bottom margin holds its rows."""
    from accesscost.figures.cost_by_count import cost_vs_services
    from accesscost.figures.layout import AXIS_BLOCK_PX, LEGEND_ROW_PX, legend_entries
    from accesscost.model.timeline import sweep_counts

    assumptions = load_assumptions(ASSUMPTIONS)
    ids = list(assumptions.patterns)
    figure = cost_vs_services(estimate(assumptions, sweep_counts(50, 2_000)), ids, 50, ids)
    entries = legend_entries(list(figure.data))
    assert entries == 7  # six patterns and the crossover marker
    assert (figure.layout.legend.yref, figure.layout.legend.y) == ("container", 0)
    # 7 entries, 2 a row (the long names wrap to two lines): 4 rows, one of them two lines tall
    assert figure.layout.margin.b >= AXIS_BLOCK_PX + LEGEND_ROW_PX * 4
