"""The review page, driven with Streamlit's AppTest.

What the page shows (key figures, decision matrix, charts, the shared link) must be the engine's
figures for the settings in the sidebar; a broken assumption file must be reported, file, field
and reason, without touching the file. Expected values come from ``accesscost``, formatted the way
the page formats them.
"""

from __future__ import annotations

import base64
import json
import shutil
import tomllib
from html import escape
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from accesscost.inputs.loading import Assumptions, load_assumptions, read_folder
from accesscost.model.engine import Estimate, estimate
from accesscost.model.matrix import COLUMNS, decision_matrix, recommended_id, usd
from accesscost.model.timeline import payback_month
from accesscost.text.key_figures import KEY_FIGURES
from accesscost.text.report import line_item_rows
from tests.browser import parse_matrix
from tests.conftest import TESTS
from tests.pages import open_page_with, shown_text
from tests.pattern_ids import A, B, C, D, E, F

PAGE = TESTS.parent / "dashboard.py"
ASSUMPTIONS = TESTS.parent / "assumptions"
DEFAULT_SERVICES = 50


@pytest.fixture(autouse=True)
def committed_assumptions(monkeypatch):
    """Every page here reads the committed folder unless a test points it elsewhere."""
    monkeypatch.delenv("ASSUMPTIONS_DIR", raising=False)


@pytest.fixture(scope="module")
def assumptions() -> Assumptions:
    return load_assumptions(ASSUMPTIONS)


def open_page(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params.update(query or {})
    return at.run()


@pytest.fixture(scope="module")
def default_page() -> AppTest:
    """The page as it first opens, run once and only read."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("ASSUMPTIONS_DIR", raising=False)
        return open_page()


# -- what the page shows, read back as data ------------------------------------------------------


def metrics(at: AppTest) -> dict[str, str]:
    return {shown_text(metric.label): shown_text(metric.value) for metric in at.metric}


def matrix_html_of(at: AppTest) -> str:
    tables = [el.value for el in at.get("html") if '<table class="matrix"' in el.value]
    assert len(tables) == 1, f"expected one matrix table, found {len(tables)}"
    return tables[0]


def matrix_figures(html: str) -> dict[str, list[tuple[str, str]]]:
    """{pattern id: [(figure, band) per column]} as the matrix shows them."""
    return {row.pattern_id: [(c.figure, c.band) for c in row.cells] for row in parse_matrix(html)}


def _decoded(array):
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"]).tolist()
    return array


def figures_of(at: AppTest) -> list[dict]:
    """Each plotly chart's figure as plain data, binary arrays decoded, names and bar labels as
    read (their wrapped lines joined)."""
    figures = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec["data"]:
            if isinstance(trace.get("name"), str):
                trace["name"] = trace["name"].replace("<br>", " ")
            for axis in ("x", "y"):
                if axis in trace:
                    trace[axis] = _decoded(trace[axis])
                    if isinstance(trace[axis], list):
                        trace[axis] = [
                            v.replace("<br>", " ") if isinstance(v, str) else v for v in trace[axis]
                        ]
        figures.append(spec)
    return figures


def pattern_names_drawn(at: AppTest) -> set[str]:
    """Every trace name and every category label (bar charts) drawn in any chart."""
    names = set()
    for figure in figures_of(at):
        for trace in figure["data"]:
            names.add(trace.get("name", ""))
            if trace.get("type") == "bar":
                names.update(trace["y"])
    return names


FINOPS_TITLES = {
    "cost": "Annual cost by number of services",
    "breakdown": "Annual cost by category at ",
    "cumulative": "Cumulative cost over ",
    "savings": "Savings against ",
}


def finops_figures(at: AppTest) -> dict[str, dict]:
    """The four FinOps charts, found by their titles, whatever else the page draws."""
    found = {}
    for figure in figures_of(at):
        title = figure["layout"].get("title", {}).get("text", "")
        for name, start in FINOPS_TITLES.items():
            if title.startswith(start):
                assert name not in found, f"two {name} charts"
                found[name] = figure
    assert set(found) == set(FINOPS_TITLES), (
        f"FinOps charts missing: {set(FINOPS_TITLES) - set(found)}"
    )
    return found


def net_saving_per_pattern(at: AppTest, reference_label: str, labels) -> dict[str, float]:
    """What moving from the reference saves by the end of the horizon, migration paid, read off
    the cumulative-cost chart (the savings chart shows a year's saving split, issue 13)."""
    data = finops_figures(at)["cumulative"]["data"]
    curves = {t["name"]: t["y"][-1] for t in data if t.get("mode") != "markers"}
    reference = curves.pop(reference_label)
    return {name: reference - final for name, final in curves.items() if name in labels}


# -- what the engine says the page should show ---------------------------------------------------


def chart_label(assumptions: Assumptions, pattern_id: str) -> str:
    pattern = assumptions.patterns[pattern_id]
    return pattern.label if pattern.meets_requirement else f"{pattern.label} ✗"


def payback_text(result: Estimate, pattern_id: str) -> str:
    if pattern_id == result.reference_id:
        return "— (it is the reference)"
    months = payback_month(result, pattern_id)
    return "never" if months is None else f"{months:.1f} months"


def expected_metrics(result: Estimate, shown: list[str] | None = None) -> dict[str, str]:
    best = recommended_id(result, shown=shown)
    if best is None:
        return {"Recommended": "none"}
    reference = result.patterns[result.reference_id].pattern
    short = reference.option or reference.name
    return {
        "Recommended": result.patterns[best].pattern.label,
        "Its annual cost": usd(float(result.patterns[best].annual_usd[0])),
        f"Saving a year vs {short}": usd(float(result.annual_savings(best)[0])),
        f"Payback of moving from {short}": payback_text(result, best),
        # issue 15: one list of key figures (KEY_FIGURES) for the page and the deck, so the
        # deck's TCO card is on the page too
        f"Its cost over {result.horizon_years} years (TCO)": usd(
            float(result.patterns[best].tco_usd[0])
        ),
    }


def expected_matrix(assumptions: Assumptions, result: Estimate, shown=None) -> dict:
    org = assumptions.org
    rows = decision_matrix(result, org.bands, org.labour.hours_per_day, shown=shown)
    return {
        row.pattern.id: [(row.cells[key].figure, row.cells[key].band) for key in COLUMNS.names()]
        for row in rows
    }


def expected_net_savings(assumptions: Assumptions, result: Estimate) -> dict[str, float]:
    """Moving from the reference: the horizon's annual savings less the one-time migration."""
    return {
        chart_label(assumptions, pid): float(
            result.horizon_years * result.annual_savings(pid)[0]
            - (
                result.migration(result.reference_id, pid).usd[0]
                if pid != result.reference_id
                else 0.0
            )
        )
        for pid in result.patterns
        if pid != result.reference_id
    }


def assert_page_shows(at: AppTest, assumptions: Assumptions, result: Estimate, shown=None):
    """Key figures and matrix are the engine's, and every matrix figure is in the HTML escaped."""
    assert not at.exception
    assert metrics(at) == expected_metrics(result, shown)
    html = matrix_html_of(at)
    expected = expected_matrix(assumptions, result, shown)
    assert matrix_figures(html) == expected
    for cells in expected.values():
        for figure, _ in cells:
            assert escape(figure) in html


# -- the page as it opens ------------------------------------------------------------------------


def test_page_opens_with_key_figures_charts_and_the_matrix(default_page, assumptions):
    at = default_page
    assert not at.exception
    assert len(at.error) == 0
    assert len(at.metric) == 1 + len(KEY_FIGURES)  # the recommended pattern and its figures
    sections = ["FinOps", "Uncertainty and sensitivity", "Blueprints"]
    assert [tab.label for tab in at.tabs][-3:] == sections
    assert len(at.get("plotly_chart")) == 4  # the FinOps tab, open; the others are not drawn
    assert len(finops_figures(at)) == 4
    assert len([el for el in at.get("html") if '<table class="matrix"' in el.value]) == 1
    assert_page_shows(at, assumptions, estimate(assumptions, DEFAULT_SERVICES))


def test_the_caption_names_every_assumption_file_read(default_page):
    """org.yaml, decision.yaml, guardrails.yaml, threats.yaml and one file per pattern: what
    ``read_folder`` reads."""
    files = [Path(f.path).relative_to(ASSUMPTIONS).as_posix() for f in read_folder(ASSUMPTIONS)]
    assert files[:4] == ["org.yaml", "decision.yaml", "guardrails.yaml", "threats.yaml"]
    assert len(files) == 10, "org.yaml, decision.yaml, guardrails.yaml, threats.yaml, 6 patterns"
    captions = [shown_text(c.value) for c in default_page.caption]
    captions = [c for c in captions if "assumption files in" in c]
    assert len(captions) == 1
    assert captions[0].startswith(f"Numbers from {len(files)} assumption files in ")
    listing = next(e for e in default_page.expander if e.label == "Assumption files loaded")
    assert list(listing.dataframe[0].value["file"]) == files


def test_a_calculation_table_is_built_when_its_expander_opens(assumptions):
    at = open_page()
    label = f"{assumptions.patterns[B].label}: line items and sources"
    closed = next(e for e in at.expander if shown_text(e.label) == label)
    assert len(closed.dataframe) == 0  # nothing built while closed
    at.session_state[f"calculation_{B}"] = True  # what a click on the expander does
    at.run()
    opened = next(e for e in at.expander if shown_text(e.label) == label)
    table = opened.dataframe[0].value
    expected = line_item_rows(estimate(assumptions, DEFAULT_SERVICES), B)
    assert list(table["item"]) == [row["item"] for row in expected]


# -- the service count ---------------------------------------------------------------------------


def test_typing_a_service_count_changes_the_figures_and_the_matrix(assumptions):
    at = open_page()
    at.number_input(key="services_input").set_value(14).run()

    assert_page_shows(at, assumptions, estimate(assumptions, 14))
    at_50 = expected_matrix(assumptions, estimate(assumptions, DEFAULT_SERVICES))
    assert matrix_figures(matrix_html_of(at)) != at_50
    assert at.slider(key="services_slider").value == 14, "the slider follows"


def test_moving_the_slider_changes_the_figures_and_the_number_input_follows(assumptions):
    at = open_page()
    at.slider(key="services_slider").set_value(120).run()

    assert_page_shows(at, assumptions, estimate(assumptions, 120))
    assert at.number_input(key="services_input").value == 120


def test_a_count_beyond_the_slider_sets_the_slider_to_its_end(assumptions):
    at = open_page()
    at.number_input(key="services_input").set_value(2000).run()

    assert_page_shows(at, assumptions, estimate(assumptions, 2000))
    assert at.slider(key="services_slider").value == 500
    assert at.caption[0].value.startswith("2,000 services, ")


def test_the_charts_follow_the_service_count(assumptions):
    at = open_page()
    at.number_input(key="services_input").set_value(14).run()
    result = estimate(assumptions, 14)

    cost, breakdown, cumulative, savings = finops_figures(at).values()
    assert cost["layout"]["shapes"][0]["x0"] == 14
    assert "at 14 services" in breakdown["layout"]["title"]["text"]
    assert "at 14 services" in savings["layout"]["title"]["text"]
    cash_bars = savings["data"][0]  # issue 13: the valid patterns only, the saving split
    others = [pid for pid in assumptions.patterns if pid != result.reference_id]
    valid = [pid for pid in others if assumptions.patterns[pid].meets_requirement]
    assert cash_bars["y"] == [chart_label(assumptions, pid) for pid in valid]
    want = [float(result.savings_split(pid)["cash_usd_per_year"][0]) for pid in valid]
    assert cash_bars["x"] == pytest.approx(want)
    b_curve = next(t for t in cumulative["data"] if t["name"] == chart_label(assumptions, B))
    assert b_curve["y"][-1] == pytest.approx(
        float(result.migration(D, B).usd[0] + 3 * result.patterns[B].annual_usd[0])
    )


# -- rate, horizon, reference --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("widget", "value", "engine_arguments"),
    [
        ("rate", 95.0, {"hourly_rate_usd": 95.0}),
        ("horizon", 5, {"horizon_years": 5}),
        ("reference", F, {"reference_id": F}),
    ],
)
def test_each_setting_changes_the_figures_to_the_engine_s(
    assumptions, default_page, widget, value, engine_arguments
):
    at = open_page()
    kinds = {"rate": at.number_input, "horizon": at.slider, "reference": at.selectbox}
    kinds[widget](key=widget).set_value(value).run()

    result = estimate(assumptions, DEFAULT_SERVICES, **engine_arguments)
    assert_page_shows(at, assumptions, result)
    # the horizon leaves the annual figures alone; the net savings over the horizon all move
    reference = chart_label(assumptions, result.reference_id)
    expected = expected_net_savings(assumptions, result)
    net_savings_bars = net_saving_per_pattern(at, reference, expected)
    assert net_savings_bars == pytest.approx(expected)
    assert net_savings_bars != pytest.approx(
        net_saving_per_pattern(default_page, reference, expected)
    )


def test_settings_combine(assumptions):
    at = open_page()
    at.number_input(key="services_input").set_value(14)
    at.number_input(key="rate").set_value(120.0)
    at.slider(key="horizon").set_value(2)
    at.selectbox(key="reference").set_value(F)
    at.run()

    result = estimate(assumptions, 14, horizon_years=2, hourly_rate_usd=120.0, reference_id=F)
    assert_page_shows(at, assumptions, result)


# -- the shared link (query string) --------------------------------------------------------------


def test_a_link_with_a_service_count_opens_the_page_at_that_count(assumptions):
    at = open_page({"services": "7"})

    assert_page_shows(at, assumptions, estimate(assumptions, 7))
    assert at.number_input(key="services_input").value == 7
    assert at.slider(key="services_slider").value == 7


def test_a_full_link_sets_every_setting(assumptions):
    shown = [B, D, E]
    at = open_page(
        {"services": "300", "horizon": "5", "rate": "90", "show": ",".join(shown), "ref": F}
    )

    result = estimate(assumptions, 300, horizon_years=5, hourly_rate_usd=90.0, reference_id=F)
    assert_page_shows(at, assumptions, result, shown)
    assert at.multiselect(key="shown").value == shown


@pytest.mark.parametrize(
    "query",
    [
        {"services": "abc"},
        {"services": "0"},
        {"services": "10001"},
        {"horizon": "11"},
        {"ref": "no-such-pattern"},
        {"show": "no-such-pattern"},
        # issue 14: each of these raised OverflowError and the page never drew its sidebar
        {"services": "inf"},
        {"services": "-inf"},
        {"services": "1e400"},
        {"services": "9" * 5_000},
        {"horizon": "inf"},
        {"draws": "-1e999"},
        {"rate": "nan"},
    ],
    ids=lambda query: str(query)[:40],
)
def test_a_link_with_a_bad_value_falls_back_to_the_defaults(assumptions, query):
    at = open_page(query)

    assert not at.exception
    assert_page_shows(at, assumptions, estimate(assumptions, DEFAULT_SERVICES))
    assert at.number_input(key="draws").value == assumptions.org.simulation.draws
    name, notes = next(iter(query)), [w.value for w in at.warning]
    said = [note for note in notes if note.startswith("Not taken from the link")]
    assert said and name in said[0], f"the page says the link's {name} was not used: {notes}"


def test_no_traceback_and_no_large_upload_reach_the_server_s_viewers():
    """``client.showErrorDetails`` hides tracebacks and server paths; uploads are refused above
    1 MB by the server (Streamlit's default is 200 MB, held in memory per upload)."""
    config = tomllib.loads((TESTS.parent / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] == 1


def test_the_settings_are_mirrored_into_a_link_that_reopens_the_same_page():
    at = open_page()
    at.number_input(key="services_input").set_value(14)
    at.slider(key="horizon").set_value(4)
    at.number_input(key="rate").set_value(85.0)
    at.multiselect(key="shown").set_value([B, E, F])
    at.selectbox(key="reference").set_value(F)
    at.number_input(key="draws").set_value(2000)
    at.run()

    assert not at.exception
    assert dict(at.query_params) == {
        "services": "14",
        "horizon": "4",
        "rate": "85",
        "show": f"{B},{E},{F}",
        "ref": F,
        "draws": "2000",
        "decision": "ecs-s3",  # issue 17: the link names the decision
    }
    reopened = open_page(dict(at.query_params))
    assert metrics(reopened) == metrics(at)
    assert matrix_html_of(reopened) == matrix_html_of(at)
    assert figures_of(reopened) == figures_of(at)


def test_a_link_keeps_a_fractional_hourly_rate():
    at = open_page()
    at.number_input(key="rate").set_value(72.5).run()
    assert at.query_params["rate"] == "72.5"

    reopened = open_page(dict(at.query_params))
    assert reopened.number_input(key="rate").value == 72.5
    assert metrics(reopened) == metrics(at)


# -- patterns shown ------------------------------------------------------------------------------


def test_hidden_patterns_leave_the_matrix_and_the_charts(assumptions):
    shown = [B, D, E]
    at = open_page()
    at.multiselect(key="shown").set_value(shown).run()

    assert_page_shows(at, assumptions, estimate(assumptions, DEFAULT_SERVICES), shown)
    assert [row.pattern_id for row in parse_matrix(matrix_html_of(at))] == shown
    drawn = pattern_names_drawn(at)
    for pid in assumptions.patterns:
        assert (chart_label(assumptions, pid) in drawn) == (pid in shown), pid


@pytest.mark.parametrize("shown", [[A, C, D], [C, D, E], [A, F], [E]], ids="-".join)
def test_the_recommendation_is_never_a_pattern_that_fails_the_requirement(assumptions, shown):
    at = open_page({"show": ",".join(shown)})  # one run: the link sets the shown patterns

    assert not at.exception
    result = estimate(assumptions, DEFAULT_SERVICES)
    assert metrics(at) == expected_metrics(result, shown)
    recommended = metrics(at)["Recommended"]
    valid = {
        p.label for pid, p in assumptions.patterns.items() if pid in shown and p.meets_requirement
    }
    if valid:
        assert recommended in valid
    else:
        assert recommended == "none"
    badges = [row.pattern_id for row in parse_matrix(matrix_html_of(at)) if row.recommended]
    assert all(assumptions.patterns[pid].meets_requirement for pid in badges)
    assert len(badges) == (1 if valid else 0)


def test_showing_only_invalid_patterns_recommends_none(assumptions):
    at = open_page()
    at.multiselect(key="shown").set_value([A, C]).run()

    assert not at.exception
    assert [(m.label, m.value) for m in at.metric] == [("Recommended", "none")]
    assert "No shown pattern meets the requirement" in at.metric[0].proto.help
    at.session_state["section"] = "Blueprints"
    at.run()
    assert len(at.get("plotly_chart")) == 1  # one blueprint: the reference D is not shown


@pytest.mark.parametrize(
    ("section", "charts"),
    [
        ("FinOps", 4),
        ("Uncertainty and sensitivity", 4),  # loss exceedance, risk matrix, tornado, score
        ("Blueprints", 2),  # the recommended B beside the reference D
    ],
)
def test_only_the_open_tab_is_drawn(section, charts):
    at = open_page_with(section=section)
    assert not at.exception
    assert len(at.get("plotly_chart")) == charts
    assert len(at.metric) == 1 + len(
        KEY_FIGURES
    )  # the key figures and the matrix stay above the tabs
    assert len([el for el in at.get("html") if '<table class="matrix"' in el.value]) == 1


# -- a broken assumption folder ------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


BREAKAGES = {
    "negative cost": (
        "patterns/b-task-role.yaml",
        "    usd: 0\n",
        "    usd: -40\n",
        ("operations.0.usd", "must not be negative, got -40"),
    ),
    "unknown key": (
        "org.yaml",
        "currency: USD\n",
        "currency: USD\ncolour: red\n",
        ("colour", "unknown field"),
    ),
    "malformed YAML": (
        "patterns/c-security-group.yaml",
        "meets_requirement:",
        "meets_requirement: [unclosed\nnext:",
        ("line 9, column 5", "malformed YAML"),
    ),
}


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_broken_assumption_file_is_reported_and_left_as_it_is(tmp_path, monkeypatch, breakage):
    file, old, new, (where, reason) = BREAKAGES[breakage]
    folder = tmp_path / "assumptions"
    shutil.copytree(ASSUMPTIONS, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(folder)
    monkeypatch.setenv("ASSUMPTIONS_DIR", str(folder))

    at = open_page()

    assert not at.exception
    assert len(at.error) == 1
    message = shown_text(at.error[0].value)
    assert f"{folder / file}: {where}: " in message
    assert reason in message
    assert len(at.metric) == 0 and len(at.get("plotly_chart")) == 0
    assert snapshot(folder) == before
