"""Blueprints: each pattern's credential-flow diagram, as data, laid out and drawn.

The diagram lives in the pattern's YAML (nodes with a kind, edges with a label, the weak link
marked ``risk: true`` with a note); bad diagrams are ``file: field.path: reason`` problems; the
layout is deterministic and never puts two boxes, or a box and a passing edge, in one place.
Where the edge labels go on the figure: ``test_blueprint_geometry``.
"""

from __future__ import annotations

import itertools

import pytest

from accesscost.core.errors import AssumptionErrors
from accesscost.figures.blueprint import EDGE_WIDTH, RISK_WIDTH, blueprint_figure
from accesscost.figures.blueprint_geometry import GEOMETRY
from accesscost.figures.palette import EDGE_COLOUR, NODE_COLOURS, RISK_COLOUR, pattern_colours
from accesscost.inputs.diagram_schema import Diagram
from accesscost.inputs.documents import validate_document
from accesscost.inputs.schema import Pattern
from accesscost.model.blueprint import layout
from accesscost.model.blueprint_labels import ACROSS, DOWN
from tests.pattern_ids import A, B, C, D, E, F

ALL = [A, B, C, D, E, F]
# Where the issue (and the seed) says each pattern's risk sits: (from, to) of the risky edges.
RISKY_EDGES = {
    A: {("s3-role", "ecs-task")},
    B: set(),
    C: {("security-group", "s3-output")},
    D: {("access-key", "ec2-host"), ("ec2-host", "ecs-task")},
    E: {("imds", "other-tasks")},
    F: {("secret", "ecs-task")},
}
NODES = [
    {"id": "user", "label": "User", "kind": "actor"},
    {"id": "task", "label": "ECS task", "kind": "compute"},
    {"id": "role", "label": "Task role", "kind": "identity"},
    {"id": "bucket", "label": "Bucket", "kind": "bucket"},
]


def edge(source: str, target: str, **fields) -> dict:
    return {"from": source, "to": target, "label": f"{source} to {target}"} | fields


def diagram_problems(pattern_document, diagram: dict) -> list[str]:
    document = pattern_document("p", diagram=diagram)
    with pytest.raises(AssumptionErrors) as raised:
        validate_document(Pattern, document, "p.yaml")
    return [str(problem) for problem in raised.value.problems]


def diagram_of(nodes: list[dict], edges: list[dict]) -> Diagram:
    return Diagram.model_validate({"nodes": nodes, "edges": edges})


# --- the committed diagrams ---------------------------------------------------------------------


@pytest.mark.parametrize("pattern_id", sorted(RISKY_EDGES))
def test_every_committed_pattern_has_a_diagram_with_its_weak_link_marked(
    default_assumptions, pattern_id
):
    diagram = default_assumptions.patterns[pattern_id].diagram
    assert diagram is not None, f"{pattern_id} has no diagram"
    risky = {(e.source, e.target) for e in diagram.edges if e.risk}
    assert risky == RISKY_EDGES[pattern_id]
    assert all(len(e.note) > 40 for e in diagram.edges if e.risk), "each weak link is explained"


def test_option_b_draws_the_seeds_architect_blueprint(default_assumptions):
    diagram = default_assumptions.patterns[B].diagram
    kinds = {node.id: node.kind for node in diagram.nodes}
    assert kinds == {
        "user": "actor",
        "s3-input": "bucket",
        "ecs-task": "compute",
        "task-role": "identity",
        "metadata": "credential-store",
        "s3-output": "bucket",
    }
    labels = {(e.source, e.target): e.label for e in diagram.edges}
    assert labels[("ecs-task", "task-role")] == "assumes via taskRoleArn"
    assert labels[("ecs-task", "s3-output")] == "SDK PutObject"


def test_option_c_has_a_network_control_and_no_credential(default_assumptions):
    kinds = {node.kind for node in default_assumptions.patterns[C].diagram.nodes}
    assert "network-control" in kinds
    assert "credential-store" not in kinds


def test_a_diagram_round_trips_with_from_and_to(default_assumptions):
    diagram = default_assumptions.patterns[D].diagram
    dumped = diagram.model_dump(mode="json")
    assert set(dumped["edges"][0]) == {"from", "to", "label", "risk", "note"}
    assert Diagram.model_validate(dumped) == diagram


# --- bad diagrams -------------------------------------------------------------------------------


def test_an_edge_naming_a_missing_node_is_refused(pattern_document):
    problems = diagram_problems(
        pattern_document, {"nodes": NODES, "edges": [edge("user", "task"), edge("task", "s3")]}
    )
    assert problems == [
        "p.yaml: diagram.edges.1.to: unknown node 's3'; nodes are: user, task, role, bucket"
    ]


def test_a_missing_start_is_named_too(pattern_document):
    problems = diagram_problems(pattern_document, {"nodes": NODES, "edges": [edge("host", "task")]})
    assert problems == [
        "p.yaml: diagram.edges.0.from: unknown node 'host'; nodes are: user, task, role, bucket"
    ]


def test_a_duplicate_node_id_is_refused(pattern_document):
    nodes = [*NODES, {"id": "role", "label": "Another role", "kind": "identity"}]
    problems = diagram_problems(pattern_document, {"nodes": nodes, "edges": [edge("user", "task")]})
    assert problems == ["p.yaml: diagram.nodes.4.id: duplicate node id 'role' (also nodes.2.id)"]


@pytest.mark.parametrize(
    ("diagram", "expected"),
    [
        (
            {"nodes": [], "edges": []},
            [
                "p.yaml: diagram.nodes: a diagram needs at least one node",
                "p.yaml: diagram.edges: a diagram needs at least one edge",
            ],
        ),
        (
            {"nodes": NODES, "edges": []},
            [
                "p.yaml: diagram.edges: a diagram needs at least one edge",
            ],
        ),
        (
            {},
            [
                "p.yaml: diagram.nodes: required field is missing",
                "p.yaml: diagram.edges: required field is missing",
            ],
        ),
    ],
    ids=["no nodes or edges", "no edges", "empty mapping"],
)
def test_an_empty_diagram_is_refused(pattern_document, diagram, expected):
    assert diagram_problems(pattern_document, diagram) == expected


def test_an_edge_from_a_node_to_itself_is_refused(pattern_document):
    problems = diagram_problems(pattern_document, {"nodes": NODES, "edges": [edge("task", "task")]})
    assert problems == [
        "p.yaml: diagram.edges.0.to: an edge must join two different nodes, got 'task' twice"
    ]


def test_a_risky_edge_must_say_why(pattern_document):
    diagram = {"nodes": NODES, "edges": [edge("user", "task", risk=True)]}
    assert diagram_problems(pattern_document, diagram) == [
        "p.yaml: diagram.edges.0: a risky edge needs a note saying why it is the weak link"
    ]


def test_a_pattern_without_a_diagram_is_still_valid(pattern_document):
    pattern = validate_document(Pattern, pattern_document("p"), "p.yaml")
    assert pattern.diagram is None


# --- layout -------------------------------------------------------------------------------------


def occupied(blueprint) -> list[tuple[float, float]]:
    """Every box's place and every place an edge passes between columns."""
    boxes = [(p.column, p.row) for p in blueprint.nodes.values()]
    waypoints = [point for route in blueprint.routes for point in route.points[1:-1]]
    return boxes + waypoints


def test_each_committed_layout_is_deterministic_and_has_no_overlap(default_assumptions):
    for pattern in default_assumptions.patterns.values():
        first, again = layout(pattern.diagram), layout(pattern.diagram)
        assert first == again
        places = occupied(first)
        assert len(places) == len(set(places)), f"{pattern.id}: two things in one place"


def test_edges_run_left_to_right_one_column_at_a_time(default_assumptions):
    for pattern in default_assumptions.patterns.values():
        for route in layout(pattern.diagram).routes:
            steps = [b[0] - a[0] for a, b in itertools.pairwise(route.points)]
            assert steps and all(step == 1 for step in steps), (pattern.id, route.edge.label)


def test_option_b_reads_left_to_right_like_the_seed(default_assumptions):
    blueprint = layout(default_assumptions.patterns[B].diagram)
    columns = {node_id: placed.column for node_id, placed in blueprint.nodes.items()}
    assert columns == {
        "user": 0,
        "s3-input": 1,
        "ecs-task": 2,
        "task-role": 3,
        "s3-output": 3,
        "metadata": 4,
    }
    assert (blueprint.columns, blueprint.rows) == (5, 2)


def test_a_source_is_drawn_next_to_what_it_feeds():
    diagram = diagram_of(
        NODES,
        [edge("task", "role"), edge("role", "bucket"), edge("user", "bucket")],
    )
    columns = {n: p.column for n, p in layout(diagram).nodes.items()}
    assert columns == {"task": 0, "role": 1, "user": 1, "bucket": 2}


def test_a_long_edge_passes_its_own_waypoint():
    chain = [edge("user", "task"), edge("task", "role"), edge("role", "bucket")]
    diagram = diagram_of(NODES, [*chain, edge("task", "bucket")])
    blueprint = layout(diagram)
    long_route = blueprint.routes[3]
    assert [x for x, _ in long_route.points] == [1.0, 2.0, 3.0]
    places = occupied(blueprint)
    assert len(places) == len(set(places))


def test_a_cycle_is_laid_out_with_the_closing_edge_turned_round():
    diagram = diagram_of(
        NODES[:3], [edge("user", "task"), edge("task", "role"), edge("role", "task")]
    )
    blueprint = layout(diagram)
    closing = blueprint.routes[2]
    assert closing.points[0] == (2.0, blueprint.nodes["role"].row)
    assert closing.points[-1] == (1.0, blueprint.nodes["task"].row)


# --- the page's figure --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figure_of(default_assumptions):
    colours = pattern_colours(list(default_assumptions.patterns))

    def draw(pattern_id: str, orientation: str = ACROSS):
        pattern = default_assumptions.patterns[pattern_id]
        return blueprint_figure(pattern, colours[pattern_id], orientation)

    return draw


def annotations_named(fig, prefix: str) -> dict[str, object]:
    return {
        a.name.removeprefix(prefix): a for a in fig.layout.annotations if a.name.startswith(prefix)
    }


@pytest.mark.parametrize("orientation", [ACROSS, DOWN])
def test_the_figure_draws_every_node_with_its_label_and_kind(
    figure_of, default_assumptions, orientation
):
    fig = figure_of(E, orientation)
    diagram = default_assumptions.patterns[E].diagram
    labels = annotations_named(fig, "node:")
    assert set(labels) == {node.id for node in diagram.nodes}
    for node in diagram.nodes:
        assert labels[node.id].text.replace("<br>", " ") == node.label
    outlines = {s.name.removeprefix("node:"): s.line.color for s in fig.layout.shapes}
    assert outlines == {node.id: NODE_COLOURS[node.kind] for node in diagram.nodes}
    (nodes,) = [trace for trace in fig.data if trace.name == "nodes"]
    assert list(nodes.customdata) == [node.id for node in diagram.nodes]


def test_risky_edges_stand_out_and_plain_ones_do_not(figure_of, default_assumptions):
    fig = figure_of(D)
    lines = {t.name: t.line for t in fig.data if t.mode == "lines" and t.x[0] is not None}
    for edge in default_assumptions.patterns[D].diagram.edges:
        line = lines[f"{edge.source} → {edge.target}"]
        if edge.risk:
            assert (line.color, line.width, line.dash) == (RISK_COLOUR, RISK_WIDTH, "dash")
        else:
            assert (line.color, line.width, line.dash) == (EDGE_COLOUR, EDGE_WIDTH, "solid")
    labels = annotations_named(fig, "edge:")
    assert labels["access-key>ec2-host"].text.startswith("<b>⚠ ")
    assert labels["iam-user>access-key"].text.replace("<br>", " ") == "create access key"


def test_hovering_an_edge_label_gives_its_note(figure_of, default_assumptions):
    fig = figure_of(E)
    (notes,) = [trace for trace in fig.data if trace.name == "edge notes"]
    edges = default_assumptions.patterns[E].diagram.edges
    assert len(notes.text) == len(edges)
    risky = next(i for i, edge in enumerate(edges) if edge.risk)
    assert notes.text[risky].startswith(
        "Instance metadata service: temporary credentials → Every other task on the host:"
    )
    assert "CloudTrail names the instance" in notes.text[risky].replace("<br>", " ")


def test_the_title_is_in_the_patterns_chart_colour_and_the_key_names_each_kind(figure_of):
    fig = figure_of(C)
    assert fig.layout.title.font.color == pattern_colours(ALL)[C]
    assert fig.layout.title.text == "Blueprint: C) Security group rule to S3 ✗"
    legend = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert legend == ["actor", "bucket", "compute", "network control", "⚠ weak link"]


def test_edges_start_and_end_at_the_box_outlines(figure_of):
    fig = figure_of(B)
    line = next(t for t in fig.data if t.name == "user → s3-input")
    half_width = GEOMETRY[ACROSS]["half"][0]
    assert (line.x[0], line.x[-1]) == pytest.approx((half_width, 1 - half_width))


def test_an_unknown_orientation_is_refused(figure_of):
    with pytest.raises(ValueError, match="orientation: expected one of across, down, got 'up'"):
        figure_of(B, "up")
