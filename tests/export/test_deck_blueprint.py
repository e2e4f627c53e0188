"""The deck's blueprint slides, reopened with python-pptx: one per shown pattern, each node an
autoshape named by its id, each edge a connector glued to its two nodes (or a freeform line where
it crosses columns), the weak link dashed in the risk colour, and the pattern's key figures."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.shapes.connector import Connector

from accesscost.export.context import make_context
from accesscost.export.deck import build_deck
from accesscost.export.deck_blueprint import SHAPES
from accesscost.figures.palette import EDGE_COLOUR, RISK_COLOUR
from accesscost.figures.registry import FINOPS, in_section
from accesscost.text.report import pattern_key_figures
from tests.export_readers import slide_text, slide_titled
from tests.pattern_ids import A, B, C, D, E, F

pytest_plugins = ("tests.export_fixtures",)
FINOPS_ONLY = [spec.key for spec in in_section(FINOPS)]  # no Monte Carlo: fast contexts


def shapes_by_name(slide) -> dict[str, object]:
    return {shape.name: shape for shape in slide.shapes}


def glued_to(connector) -> tuple[int, int]:
    """The shape ids a connector's two ends are glued to."""
    props = connector._element.nvCxnSpPr.cNvCxnSpPr
    return (props.stCxn.id, props.endCxn.id)


def blueprint_slide(deck, context, pattern_id: str):
    return slide_titled(deck, f"Blueprint: {context.assumptions.patterns[pattern_id].label}")


def test_one_blueprint_slide_per_pattern(deck, export_context):
    titles = [s.shapes.title.text for s in deck.slides if s.shapes.title.text.startswith("Blue")]
    labels = [p.label for p in export_context.assumptions.patterns.values()]
    assert titles == [f"Blueprint: {label}" for label in labels]


@pytest.mark.parametrize("pattern_id", [A, B, C, D, E, F])
def test_every_node_is_a_named_autoshape_and_every_edge_a_glued_connector(
    deck, export_context, pattern_id
):
    diagram = export_context.assumptions.patterns[pattern_id].diagram
    shapes = shapes_by_name(blueprint_slide(deck, export_context, pattern_id))
    for node in diagram.nodes:
        shape = shapes[node.id]
        assert shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        assert shape.auto_shape_type == SHAPES[node.kind]
        assert shape.text_frame.text == node.label
    for edge in diagram.edges:
        connector = shapes[f"edge:{edge.source}>{edge.target}"]
        assert isinstance(connector, Connector)
        assert glued_to(connector) == (shapes[edge.source].shape_id, shapes[edge.target].shape_id)
        label = shapes[f"label:{edge.source}>{edge.target}"].text_frame.text
        assert label == (f"⚠ {edge.label}" if edge.risk else edge.label)


def test_the_weak_links_are_dashed_in_the_risk_colour_and_explained(deck, export_context):
    diagram = export_context.assumptions.patterns["d-iam-user-keys"].diagram
    slide = blueprint_slide(deck, export_context, "d-iam-user-keys")
    shapes = shapes_by_name(slide)
    for edge in diagram.edges:
        line = shapes[f"edge:{edge.source}>{edge.target}"].line
        if edge.risk:
            assert str(line.color.rgb) == RISK_COLOUR.lstrip("#")
            assert line.dash_style == MSO_LINE_DASH_STYLE.DASH
            assert edge.note in shapes["weak links"].text_frame.text
        else:
            assert str(line.color.rgb) == EDGE_COLOUR.lstrip("#")
            assert line.dash_style is None
        assert line._get_or_add_ln().find("{*}tailEnd").get("type") == "triangle"


def test_each_slide_has_the_patterns_key_figures_beside_the_diagram(deck, export_context):
    for pattern_id, pattern in export_context.assumptions.patterns.items():
        panel = shapes_by_name(blueprint_slide(deck, export_context, pattern_id))["key figures"]
        text = panel.text_frame.text
        assert text.startswith("Key figures at 50 services")
        for label, value in pattern_key_figures(export_context.result, pattern_id):
            assert f"{label}\n{value}" in text
        assert pattern.security_posture.note in text
    text = slide_text(blueprint_slide(deck, export_context, "b-task-role"))
    assert "No weak link is marked in this pattern's diagram." in text


LONG_EDGE_DIAGRAM = {
    "nodes": [
        {"id": "user", "label": "User", "kind": "actor"},
        {"id": "task", "label": "ECS task", "kind": "compute"},
        {"id": "role", "label": "Task role", "kind": "identity"},
        {"id": "bucket", "label": "Bucket", "kind": "bucket"},
    ],
    "edges": [
        {"from": "user", "to": "task", "label": "upload"},
        {"from": "task", "to": "role", "label": "assumes"},
        {"from": "role", "to": "bucket", "label": "allows"},
        {"from": "task", "to": "bucket", "label": "writes", "risk": True, "note": "Test note."},
    ],
}


@pytest.fixture(scope="module")
def synthetic_deck(assumptions_of):
    drawn = {"diagram": LONG_EDGE_DIAGRAM}
    assumptions = assumptions_of({"ref": drawn, "plain": {}, "hidden": drawn})
    context = make_context(assumptions, 10, shown=["ref", "plain"], figures=FINOPS_ONLY)
    return Presentation(io.BytesIO(build_deck(context)))


def test_only_shown_patterns_with_a_diagram_get_a_slide(synthetic_deck):
    titles = [s.shapes.title.text for s in synthetic_deck.slides]
    assert [t for t in titles if t.startswith("Blueprint")] == ["Blueprint: Pattern ref"]


def test_an_edge_across_columns_is_a_freeform_line_through_its_waypoints(synthetic_deck):
    slide = slide_titled(synthetic_deck, "Blueprint: Pattern ref")
    shapes = shapes_by_name(slide)
    long_edge = shapes["edge:task>bucket"]
    assert long_edge.shape_type == MSO_SHAPE_TYPE.FREEFORM
    assert long_edge.line.dash_style == MSO_LINE_DASH_STYLE.DASH
    segments = long_edge._element.xpath(".//a:path/a:lnTo")
    assert len(segments) == 2  # task's outline -> its waypoint beside the role -> bucket's outline
    assert isinstance(shapes["edge:task>role"], Connector)
