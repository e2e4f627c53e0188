"""The deck, reopened with python-pptx: slides and titles, the matrix table against the engine,
every native chart's series against the model, the appendix against the assumption files."""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Inches

from accesscost.export import appendix
from accesscost.export import native_chart as charts
from accesscost.export import slide_text as text_room
from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.export.native_chart import native_chart
from accesscost.figures.palette import BAND_COLOURS, pattern_colours
from accesscost.figures.registry import FIGURES, FINOPS, DeckForm, FigureSpec, in_section
from accesscost.model.bands import sweep_bands
from accesscost.model.matrix import (
    COLUMNS,
    decision_matrix,
    matrix_uncertainty,
    review_order,
    usd,
)
from accesscost.model.simulation import simulate
from accesscost.model.timeline import (
    BREAKDOWN,
    annual_breakdown,
    cumulative_cost,
    months,
    sweep_counts,
)
from tests.export_readers import (
    GENERATED,
    SERVICES,
    chart_on,
    slide_text,
    slide_titled,
    slide_titles,
    table_text,
    tables,
    x_values,
)

pytest_plugins = ("tests.export_fixtures",)
FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]  # no Monte Carlo: fast contexts

# the title slide asks the decision's question (decision.yaml, since issue 17)
TITLE = (
    "How should the image pipeline's ECS tasks get permission to write the processed images to S3?"
)
FINOPS = ("annual-cost-vs-services", "annual-cost-by-category", "cumulative-cost", "savings")
RISK = ("loss-exceedance", "tornado", "decision-score")  # native charts; risk-matrix is an image


def label(result, pid: str) -> str:
    pattern = result.patterns[pid].pattern
    return pattern.label if pattern.meets_requirement else f"{pattern.label} ✗"


def series_by_name(chart) -> dict:
    return {series.name: series for series in chart.plots[0].series}


def category_values(chart, series_name: str) -> dict[str, float]:
    plot = chart.plots[0]
    values = series_by_name(chart)[series_name].values
    return dict(zip(plot.categories, values, strict=True))


def appendix_rows(prs) -> list[list[str]]:
    rows = []
    for slide in prs.slides:
        if slide.shapes.title.text.startswith("Appendix"):
            (table,) = tables(slide)
            rows.extend(table_text(table)[1:])
    return rows


# --- slides -----------------------------------------------------------------------------------


def test_the_deck_is_16_by_9(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))


def test_slides_come_in_order_with_their_titles(deck, export_context):
    titles = slide_titles(deck)
    names = list(export_context.figures)
    assert names == [*FINOPS, "loss-exceedance", "risk-matrix", "tornado", "decision-score"]
    blueprints = [f"Blueprint: {p.label}" for p in export_context.assumptions.patterns.values()]
    before_appendix = 4 + len(names) + len(blueprints)
    assert titles[:before_appendix] == [
        TITLE,
        "Key figures at 50 services",
        "Decision matrix at 50 services",
        "Where does the recommendation change? Annual cost by service count",  # issue 20
        *(FIGURES[name].title() for name in names),
        *blueprints,
    ]
    risk = [t for t in titles[before_appendix:] if t.startswith("Appendix: risk per threat")]
    assert risk == [
        f"Appendix: risk per threat, FAIR ({k} of {len(risk)})" for k in range(1, len(risk) + 1)
    ]
    appendix = titles[before_appendix + len(risk) :]
    assert len(appendix) >= 2
    assert appendix == [
        f"Appendix: every assumption ({k} of {len(appendix)})" for k in range(1, len(appendix) + 1)
    ]
    assert len(deck.slides) == before_appendix + len(risk) + len(appendix)


def test_title_slide_names_scenario_settings_date_and_every_file(deck, export_assumptions):
    text = slide_text(deck.slides[0])
    assert "Scenario: Baseline" in text
    assert "50 services · 3-year horizon · $70 an engineer hour" in text
    assert "savings against D) IAM user keys on the hosts" in text
    assert f"Generated {GENERATED:%Y-%m-%d %H:%M} UTC" in text
    rows = table_text(tables(deck.slides[0])[0])
    assert rows[0] == ["Assumption file", "sha256", "changed"]
    files = {row[0]: row[1] for row in rows[1:]}
    for file in export_assumptions.files:
        name = file.path.split("/")[-1]
        shown = next(key for key in files if key.endswith(name))
        assert files[shown] == file.sha256[:16]


def test_key_figures_are_the_models(deck, export_context):
    result = export_context.result
    best = result.patterns["b-task-role"]
    text = slide_text(deck.slides[1])
    assert "B) IAM task role (taskRoleArn)" in text
    assert usd(float(best.annual_usd[0])) in text
    assert f"Saving a year vs D\n{usd(float(result.annual_savings('b-task-role')[0]))}" in text
    assert "Payback of moving from D" in text
    assert "Of which\ncash $" in text and "engineer time $" in text and "expected loss $" in text
    assert f"{usd(float(best.tco_usd[0]))}" in text
    for pid in ("a-modify-s3-role", "c-security-group", "d-iam-user-keys"):
        assert result.patterns[pid].pattern.requirement_gap in text


# --- the decision matrix ----------------------------------------------------------------------


def test_matrix_cells_are_the_engines_figures_and_bands(deck, export_context, export_assumptions):
    org = export_assumptions.org
    rows = decision_matrix(export_context.result, org.bands, org.labour.hours_per_day)
    (table,) = tables(slide_titled(deck, "Decision matrix at 50 services"))
    text = table_text(table)
    assert text[0] == ["Access pattern", "P(cheapest)", *(column.label for column in COLUMNS)]
    assert len(text) == 1 + len(rows)
    # as the page reads it (#19): the recommended first, then the valid, then the failing, each
    # in file order; a failing row is muted (grey), never a band's green
    ordered = review_order(rows)
    assert [row.pattern.id for row in ordered][:2] == ["b-task-role", "f-secrets-manager-keys"]
    for r, row in enumerate(ordered, start=1):
        assert row.pattern.label in text[r][0]
        for c, key in enumerate(COLUMNS.names(), start=2):
            cell = row.cells[key]
            paragraphs = text[r][c].split("\n")
            assert paragraphs[:2] == [cell.figure, cell.band.upper()]
            background = f"#{table.cell(r, c).fill.fore_color.rgb}"
            assert background == ("#F3F5F7" if row.flag else BAND_COLOURS[cell.band][0].upper())


def test_matrix_marks_the_recommended_and_the_flagged_patterns(deck, export_context):
    (table,) = tables(slide_titled(deck, "Decision matrix at 50 services"))
    cells = {row[0].split("\n")[0]: row[0] for row in table_text(table)[1:]}
    for figures in export_context.result.patterns.values():
        pattern = figures.pattern
        cell = cells[f"■ {pattern.label}"]
        assert ("✗ does not meet the requirement" in cell) == (not pattern.meets_requirement)
        assert ("★ RECOMMENDED" in cell) == (pattern.id == "b-task-role")


def test_matrix_gives_each_pattern_its_chance_of_being_cheapest_as_the_page_does(
    deck, export_context, export_assumptions
):
    # the page's source: matrix_uncertainty of the Monte Carlo at the count (org's draws, seed)
    org = export_assumptions.org
    rng = np.random.default_rng(org.simulation.seed)
    sim = simulate(export_assumptions, SERVICES, org.simulation.draws, rng)
    odds = matrix_uncertainty(sim, export_context.all_ids)
    (table,) = tables(slide_titled(deck, "Decision matrix at 50 services"))
    cells = {row[0].split("\n")[0]: row[1] for row in table_text(table)[1:]}
    for pid, figures in export_context.result.patterns.items():
        chance = odds[pid]["p_cheapest"]
        shown = cells[f"■ {figures.pattern.label}"]
        assert shown == ("—" if chance is None else f"{chance:.0%}")
    assert sum(odds[pid]["p_cheapest"] or 0 for pid in odds) == pytest.approx(1)
    note = slide_text(slide_titled(deck, "Decision matrix at 50 services"))
    assert "P(cheapest): the share of simulated worlds" in note


# --- native charts ----------------------------------------------------------------------------


def chart_slide(deck, name: str):
    return chart_on(slide_titled(deck, FIGURES[name].title()))


def test_annual_cost_against_services_holds_the_sweep(deck, export_context):
    chart = chart_slide(deck, "annual-cost-vs-services")
    assert chart.chart_type.name.startswith("XY_SCATTER")
    sweep = export_context.sweep
    series = series_by_name(chart)
    colours = pattern_colours(export_context.all_ids)
    for pid, figures in sweep.patterns.items():
        plotted = series[label(sweep, pid)]
        assert plotted.values == pytest.approx(figures.annual_usd)
        assert x_values(plotted) == pytest.approx(sweep.services)
        assert f"#{plotted.format.line.color.rgb}" == colours[pid]
    assert x_values(series["50 services"]) == [50, 50]
    marker = series["50 services"].format.line  # drawn as on the page: grey and dotted
    assert marker.dash_style == MSO_LINE_DASH_STYLE.ROUND_DOT
    assert f"#{marker.color.rgb}" == "#52606D"


def test_annual_cost_against_services_carries_the_pages_p10_p90_bands(deck, export_context):
    # the page's bands: 100 counts up to 1,000, at most 10,000 of the org's draws, its seed
    org = export_context.assumptions.org
    counts = sweep_counts(SERVICES, 100, 1_000)
    rng = np.random.default_rng(org.simulation.seed)
    draws = min(org.simulation.draws, 10_000)
    bands = sweep_bands(export_context.assumptions, counts, draws, rng, with_tco=False)
    chart = chart_slide(deck, "annual-cost-vs-services")
    series = series_by_name(chart)
    upto = export_context.sweep.services[-1]
    kept = counts < upto
    colours = pattern_colours(export_context.all_ids)
    line_width = series[label(export_context.sweep, "b-task-role")].format.line.width
    for pid in export_context.shown:
        band = bands.band(pid, "annual_usd")
        name = label(export_context.sweep, pid)
        for edge, values in (("P10", band.p10), ("P90", band.p90)):
            plotted = series[f"{name} {edge}"]
            assert x_values(plotted) == pytest.approx([*counts[kept], upto])
            assert plotted.values[:-1] == pytest.approx(values[kept])
            assert f"#{plotted.format.line.color.rgb}" == colours[pid]
            assert plotted.format.line.width < line_width  # thin: the band's edges
    names = [s.name for s in chart.plots[0].series]
    edges = [n for n in names if n.endswith((" P10", " P90"))]
    assert names[-len(edges) :] == edges  # last: LibreOffice drew no series before the lines
    legend = chart.legend._element
    hidden = legend.xpath("./c:legendEntry[c:delete/@val='1']/c:idx/@val")
    assert len(hidden) == 2 * len(
        export_context.shown
    )  # one legend entry a pattern, as on the page
    footer = slide_text(slide_titled(deck, FIGURES["annual-cost-vs-services"].title()))
    assert f"P10–P90 of {draws:,} simulated years" in footer
    assert "thin lines" in footer


def test_annual_breakdown_bars_hold_each_category(deck, export_context):
    chart = chart_slide(deck, "annual-cost-by-category")
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    result = export_context.result
    for key, name in BREAKDOWN:
        values = category_values(chart, name)
        for pid in result.patterns:
            assert values[label(result, pid)] == pytest.approx(annual_breakdown(result, pid)[key])


def test_cumulative_cost_lines_hold_each_month(deck, export_context):
    chart = chart_slide(deck, "cumulative-cost")
    assert chart.chart_type.name.startswith("XY_SCATTER")
    result = export_context.result
    series = series_by_name(chart)
    for pid in result.patterns:
        plotted = series[label(result, pid)]
        assert plotted.values == pytest.approx(cumulative_cost(result, pid))
        assert x_values(plotted) == pytest.approx(months(result.horizon_years))


def test_savings_bars_stack_the_three_parts_of_each_valid_patterns_saving(deck, export_context):
    # Behaviour changed (issue 13): cash, engineer time and expected loss, stacked; patterns
    # that do not meet the requirement are left out.
    chart = chart_slide(deck, "savings")
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    result = export_context.result
    cash = category_values(chart, "Cash a year (tools, licences, AWS charges)")
    risk = category_values(chart, "Expected loss avoided a year")
    meets = {pid for pid, f in result.patterns.items() if f.pattern.meets_requirement}
    valid = [pid for pid in result.patterns if pid != result.reference_id and pid in meets]
    assert set(cash) == {label(result, pid) for pid in valid}
    for pid in valid:
        split = result.savings_split(pid)
        assert cash[label(result, pid)] == pytest.approx(split["cash_usd_per_year"][0])
        assert risk[label(result, pid)] == pytest.approx(split["risk_usd_per_year"][0])


@pytest.mark.parametrize("name", RISK)
def test_risk_charts_hold_their_figures_numbers(deck, export_context, name):
    fig = export_context.figures[name]
    chart = chart_slide(deck, name)
    series = series_by_name(chart)
    for trace in fig.data:
        plotted = series[trace.name.replace("<br>", " ")]  # a wrapped legend name, one line
        values = trace.x if trace.orientation == "h" else trace.y
        expected = np.asarray(values, dtype=float)
        if trace.orientation == "h":  # listed top-down in plotly, bottom-up in PowerPoint
            expected = expected[::-1]
        assert plotted.values == pytest.approx(expected)


@pytest.mark.parametrize("name", [*FINOPS, *RISK])
def test_every_chart_has_a_title_and_axis_titles(deck, name):
    chart = chart_slide(deck, name)
    assert chart.has_title and chart.chart_title.text_frame.text
    assert chart.category_axis.axis_title.text_frame.text
    assert chart.value_axis.axis_title.text_frame.text
    assert chart.has_legend


def test_the_loss_axis_is_logarithmic(deck):
    chart = chart_slide(deck, "loss-exceedance")
    assert chart.category_axis._element.xpath("./c:scaling/c:logBase/@val") == ["10"]


# --- appendix ---------------------------------------------------------------------------------


def test_appendix_lists_every_line_item_with_its_source(deck, export_assumptions):
    rows = appendix_rows(deck)
    listed = {(row[0], row[1], row[2]): row for row in rows}
    for pattern in export_assumptions.patterns.values():
        for section in ("implementation", "operations", "compliance", "decommission"):
            for item in getattr(pattern, section):
                row = listed[(pattern.label, section, item.name)]
                assert row[3] == item.per
                assert row[5] == item.source
                assert row[4]  # the value as written


def test_appendix_lists_every_guardrail_with_its_work_and_mitigations(deck, export_assumptions):
    rows = {(row[0], row[2]): row for row in appendix_rows(deck)}
    assert export_assumptions.guardrails, "the committed assumptions have guardrails"
    for guardrail in export_assumptions.guardrails.values():
        label = f"Guardrail: {guardrail.name}"
        for item in guardrail.implementation + guardrail.operations:
            assert rows[(label, item.name)][5] == item.source
        for mitigation in guardrail.mitigates:  # each acts on a threat of threats.yaml
            row = rows[(label, f"Mitigates the threat {mitigation.threat}")]
            effects = [f"vulnerability x {mitigation.factor:g}"] * (mitigation.factor != 1)
            effects += [f"blast radius x {mitigation.blast_radius_factor:g}"] * (
                mitigation.blast_radius_factor != 1
            )
            assert row[4:] == ["; ".join(effects), mitigation.source]


def test_the_risk_appendix_gives_each_pattern_its_threats_in_fair_terms(deck, export_context):
    from accesscost.export.risk_table import risk_table_rows
    from accesscost.text.report import risk_rows

    rows = risk_table_rows(export_context)
    patterns = export_context.result.patterns
    assert len(rows) == sum(len(p.risks) for p in patterns.values())
    b = patterns["b-task-role"].pattern.label
    (container,) = [r for r in rows if r[0] == b and r[1].startswith("A container")]
    (fair,) = [
        r
        for r in risk_rows(export_context.result, "b-task-role")
        if r["threat"] == "container-compromise"
    ]
    assert container[7] == f"{fair['ale']:,.0f}" and container[5] == f"{fair['primary']:,.0f}"


def test_appendix_lists_the_org_values_with_their_sources(deck, export_assumptions):
    org = export_assumptions.org
    rows = {row[2]: row for row in appendix_rows(deck) if row[0] == "Organisation"}
    # the rate is a range since issue 13 (judgement inputs carry their uncertainty)
    written = "[low $50 / mode $66 / high $106] (mean $70)"
    assert rows["Loaded engineer hourly rate (USD)"][4:] == [written, org.labour.source]
    # the units of decision.yaml (issue 17): how each count follows from the count set
    host = export_assumptions.decision.units["host"]
    assert rows["EC2 hosts"][4:] == ["one per 4", host.source]
    assert rows["Horizon (years)"][4] == "3"
    assert rows["Reference pattern (savings against)"][4] == "d-iam-user-keys"
    assert rows["Band edges: implementation time"][4] == "Low ≤ 8 h, Medium ≤ 40 h, High ≤ 160 h"
    assert rows["Risk tolerance"][5] == org.risk_tolerance.source
    assert rows["Simulation draws and seed"][4] == "10,000 draws, seed 20261129"


def test_every_appendix_page_fits_its_slide(export_context):
    widths = [width for _, width in appendix.APPENDIX_COLUMNS]
    header = [[(text_room.Run(name, 10, True),)] for name, _ in appendix.APPENDIX_COLUMNS]
    body = [appendix.appendix_cells(row) for row in appendix.appendix_rows(export_context)]
    budget = text_room.CONTENT_BOTTOM - text_room.CONTENT_TOP
    pages = text_room.paginate(body, widths, budget, header)
    assert sum(len(page) for page in pages) == len(body)
    for page in pages:
        assert sum(text_room.row_height(row, widths) for row in [header, *page]) <= budget


# --- what-if, odd selections and charts PowerPoint cannot draw --------------------------------


def test_what_if_settings_and_overrides_are_shown(export_assumptions):
    overrides = {"units": {"host": 8}, "patterns": {"b-task-role": {"x": 1}}}  # units: issue 17
    context = make_context(
        export_assumptions,
        20,
        horizon_years=5,
        hourly_rate_usd=85,
        reference_id="f-secrets-manager-keys",
        scenario_name="Denser hosts",
        overrides=overrides,
        figures=FINOPS_ONLY,
    )
    prs = Presentation(io.BytesIO(build_deck(context)))
    title = slide_text(prs.slides[0])
    assert "Scenario: Denser hosts" in title and "20 services · 5-year horizon · $85" in title
    assert "2 what-if edits" in title
    rows = {row[2]: row for row in appendix_rows(prs)}
    written = "[low $50 / mode $66 / high $106] (mean $70)"
    assert rows["Loaded engineer hourly rate (USD)"][4] == f"{written}; used $85 (what-if)"
    assert rows["Horizon (years)"][4] == "3; used 5 (what-if)"
    reference = rows["Reference pattern (savings against)"][4]
    assert reference == "d-iam-user-keys; used f-secrets-manager-keys (what-if)"
    assert rows["units.host"][4] == "8"
    assert rows["patterns.b-task-role.x"][0] == "What-if"


def test_showing_only_the_reference_still_makes_a_deck(export_assumptions):
    context = make_context(export_assumptions, 10, shown=["d-iam-user-keys"], figures=FINOPS_ONLY)
    prs = Presentation(io.BytesIO(build_deck(context)))
    assert "none: no shown pattern meets the requirement" in slide_text(prs.slides[1])
    (table,) = tables(prs.slides[2])
    assert len(table.rows) == 2
    savings = slide_titled(prs, FIGURES["savings"].title())
    assert not any(shape.has_chart for shape in savings.shapes)


def test_unknown_shown_pattern_is_refused(export_assumptions):
    with pytest.raises(ValueError, match="unknown pattern 'zz'; known: a-modify-s3-role"):
        make_context(export_assumptions, 10, shown=["zz"], figures=FINOPS_ONLY)
    with pytest.raises(ValueError, match="choose at least one pattern"):
        make_context(export_assumptions, 10, shown=[])


def heatmap() -> go.Figure:
    return go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]), layout=dict(title="A heatmap"))


# A chart with no native PowerPoint form, registered as an image (issue 15: the entry says so).
HEAT = FigureSpec("heat", "A heatmap", "Tests", lambda inputs: heatmap(), deck=DeckForm.IMAGE)


def test_a_chart_with_no_native_form_goes_in_as_an_image(export_assumptions, chromium):
    with FIGURES.added(HEAT):
        context = make_context(export_assumptions, 10, figures=["heat"])
    prs = Presentation(io.BytesIO(build_deck(context)))
    slide = slide_titled(prs, "A heatmap")
    (picture,) = [shape for shape in slide.shapes if shape.shape_type == 13]
    # the exported PNG's layout (960 px wide, drawn at 1920): its 15-px type was laid out 1600 px
    # wide before, 7 pt on the slide; now 11.5 pt on a picture 10.2 inches wide
    assert picture.image.size == (1920, 1080)
    assert picture.width >= Inches(10.2)
    assert picture.width <= Inches(13.333) and picture.top + picture.height <= Inches(7.5)


def test_without_a_browser_it_goes_in_as_a_note_saying_why(export_assumptions, no_browser):
    with FIGURES.added(HEAT):
        context = make_context(export_assumptions, 10, figures=["heat"])
    prs = Presentation(io.BytesIO(build_deck(context)))
    text = slide_text(slide_titled(prs, "A heatmap"))
    assert "no native PowerPoint form" in text and "Image export needs Chromium" in text


def test_a_chart_registered_native_that_powerpoint_cannot_draw_is_refused(export_assumptions):
    # Before issue 15 a heatmap in the deck's chart list silently became an image.
    native = FigureSpec("heat", "A heatmap", "Tests", lambda inputs: heatmap())
    with FIGURES.added(native):
        context = make_context(export_assumptions, 10, figures=["heat"])
    with pytest.raises(ValueError, match=r"'heat': registered as a native chart.*DeckForm\.IMAGE"):
        build_deck(context)


# --- reading plotly figures as native charts ------------------------------------------------


@pytest.mark.parametrize(
    ("fig", "kind"),
    [
        (go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), XL_CHART_TYPE.COLUMN_CLUSTERED),
        (
            go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2])], {"barmode": "stack"}),
            XL_CHART_TYPE.COLUMN_STACKED,
        ),
        (go.Figure(go.Bar(y=["a"], x=[1], orientation="h")), XL_CHART_TYPE.BAR_CLUSTERED),
        (go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS),
        (go.Figure(go.Scatter(x=["a", "b"], y=[3, 4])), None),
        (go.Figure(go.Heatmap(z=[[1]])), None),
        (go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=[1], y=[1])]), None),
        (go.Figure(), None),
    ],
)
def test_which_figures_become_native_charts(fig, kind):
    spec = native_chart(fig)
    assert (spec.kind if spec else None) == kind


@pytest.mark.parametrize(
    ("axis", "values", "expected"),
    [
        ({"tickprefix": "$"}, [500.0], charts.MONEY_FORMAT),
        ({"tickprefix": "$"}, [0.0, 50_000.0], charts.THOUSANDS_FORMAT),
        ({"tickprefix": "$"}, [10.0, 5e6], charts.MILLIONS_FORMAT),
        ({"tickprefix": "$"}, [-10.0, 5e6], charts.THOUSANDS_FORMAT),
        ({"tickformat": ".0%"}, [0.5], "0%"),
        ({"tickformat": ".1f"}, [0.5], "0.0"),
        ({}, [1234.0], "#,##0"),
        ({}, [0.25], "General"),
    ],
)
def test_axis_number_formats_follow_plotly(axis, values, expected):
    assert charts.number_format(go.layout.XAxis(axis), values) == expected


@pytest.mark.parametrize(
    ("axis", "values", "expected"),
    [
        ({"type": "log"}, [87.0, 9.8e6], (10.0, 1e7)),
        ({"type": "log"}, [0.0], None),
        ({"range": [0, 36]}, [5.0], (0.0, 36.0)),
        ({"tickformat": ".0%"}, [0.0, 0.42], (0.0, 0.5)),
        ({"tickformat": ".0%"}, [0.0, 1.0], (0.0, 1.0)),
        ({}, [0.0, 0.42], None),
    ],
)
def test_axis_ranges(axis, values, expected):
    spec = charts.chart_axis(go.layout.YAxis(axis), values)
    assert spec.range == (pytest.approx(expected) if expected else None)


def test_floating_bars_become_offsets_from_their_base():
    fig = go.Figure(
        [go.Bar(y=["x", "y"], x=[-5, 3], base=100, orientation="h", name="low")],
        {"barmode": "overlay", "xaxis": {"title": {"text": "Cost"}, "tickprefix": "$"}},
    )
    spec = native_chart(fig)
    assert spec.overlap and spec.series[0].values == (-5.0, 3.0)
    assert spec.value_axis.title == "Cost: change from the base $100"


@pytest.mark.parametrize(
    ("text", "width", "size", "lines"),
    [("", 2.0, 10, 1), ("short", 2.0, 10, 1), ("word " * 60, 2.0, 10, 12), ("a\nb", 2.0, 10, 2)],
)
def test_text_lines_estimate(text, width, size, lines):
    assert text_room.text_lines(text, width, size) == lines
