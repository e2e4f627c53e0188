"""Where each box and arrow of a pattern's credential-flow diagram goes (a layered layout).

The diagram is drawn left to right, the way credentials flow. Columns come from the edges: a node
sits one column right of its furthest predecessor (longest-path layering), then every node that
has successors moves right until it sits just before the nearest one, so a source such as the
user upload is drawn next to what it feeds. An edge that closes a cycle is laid out as if it were
reversed. An edge spanning more than one column passes through a place of its own in each column
it crosses, so it never runs through a box. Within a column, boxes are ordered by the mean place
of their neighbours (a few sweeps each way), ties by the order in the YAML file, and each column
is centred on the tallest one. The same diagram always gives the same layout.

Positions are in grid units: ``column`` from 0 at the left, ``row`` from 0 at the top; the page's
plotly figure and the deck's slide scale them to their own sizes.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from accesscost.inputs.diagram_schema import Diagram, DiagramEdge, DiagramNode

SWEEPS = 4
Point = tuple[float, float]  # (column, row)


@dataclass(frozen=True)
class PlacedNode:
    node: DiagramNode
    column: int
    row: float


@dataclass(frozen=True)
class Route:
    """An edge and the points it passes through, from its source's centre to its target's."""

    edge: DiagramEdge
    points: tuple[Point, ...]

    @property
    def middle(self) -> Point:
        """Halfway along the route's middle segment: where its label goes."""
        index = (len(self.points) - 1) // 2
        (x0, y0), (x1, y1) = self.points[index], self.points[index + 1]
        return ((x0 + x1) / 2, (y0 + y1) / 2)


@dataclass(frozen=True)
class Blueprint:
    """A laid-out diagram: every node's place, every edge's route, and the grid's size."""

    nodes: dict[str, PlacedNode]
    routes: tuple[Route, ...]
    columns: int
    rows: int

    @property
    def risky(self) -> tuple[Route, ...]:
        return tuple(route for route in self.routes if route.edge.risk)


def _forward_pairs(diagram: Diagram) -> list[tuple[str, str]]:
    """Each edge as (earlier, later) node: an edge closing a cycle (found depth first, in file
    order) is turned round."""
    successors = defaultdict(list)
    for edge in diagram.edges:
        successors[edge.source].append(edge.target)
    state: dict[str, str] = {}
    backward: set[tuple[str, str]] = set()

    def visit(node_id: str) -> None:
        state[node_id] = "open"
        for target in successors[node_id]:
            if state.get(target) == "open":
                backward.add((node_id, target))
            elif target not in state:
                visit(target)
        state[node_id] = "done"

    for node in diagram.nodes:
        if node.id not in state:
            visit(node.id)
    pairs = [(edge.source, edge.target) for edge in diagram.edges]
    return [(b, a) if (a, b) in backward else (a, b) for a, b in pairs]


def _topological(ids: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """Node ids, each after all its predecessors; ties in file order."""
    incoming = {node_id: sum(1 for _, b in pairs if b == node_id) for node_id in ids}
    order: list[str] = []
    while len(order) < len(ids):
        ready = next(n for n in ids if incoming[n] == 0 and n not in order)
        order.append(ready)
        for a, b in pairs:
            if a == ready:
                incoming[b] -= 1
    return order


def columns_of(diagram: Diagram) -> dict[str, int]:
    """Each node's column: longest-path layering, then pulled right next to its successors."""
    ids = [node.id for node in diagram.nodes]
    pairs = _forward_pairs(diagram)
    order = _topological(ids, pairs)
    column = {node_id: 0 for node_id in ids}
    for node_id in order:
        for a, b in pairs:
            if a == node_id:
                column[b] = max(column[b], column[a] + 1)
    for node_id in reversed(order):
        later = [column[b] for a, b in pairs if a == node_id]
        if later:
            column[node_id] = min(later) - 1
    return column


def _chains(pairs: list[tuple[str, str]], column: dict[str, int]) -> list[list[str]]:
    """Per edge, the places it passes: its two nodes with a waypoint in each column between."""
    chains = []
    for index, (a, b) in enumerate(pairs):
        between = [f"{index}:{c}" for c in range(column[a] + 1, column[b])]
        for waypoint, c in zip(between, range(column[a] + 1, column[b]), strict=True):
            column[waypoint] = c
        chains.append([a, *between, b])
    return chains


def _neighbours(chains: list[list[str]]) -> tuple[dict, dict]:
    left, right = defaultdict(list), defaultdict(list)
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            right[a].append(b)
            left[b].append(a)
    return left, right


def _order_columns(places: list[str], column: dict[str, int], chains) -> list[list[str]]:
    """The places of each column, top to bottom, by barycentre sweeps (ties: first seen)."""
    width = max(column.values()) + 1
    stacks = [[p for p in places if column[p] == c] for c in range(width)]
    left, right = _neighbours(chains)
    sweeps = [(range(1, width), left), (range(width - 2, -1, -1), right)] * SWEEPS
    for indices, neighbours in sweeps:
        for c in indices:
            stacks[c] = _by_barycentre(stacks[c], neighbours, stacks)
    return stacks


def _by_barycentre(stack: list[str], neighbours: dict, stacks: list[list[str]]) -> list[str]:
    position = {place: index for column in stacks for index, place in enumerate(column)}

    def key(place: str) -> tuple[float, int]:
        near = [position[n] for n in neighbours[place]]
        here = stack.index(place)
        return (sum(near) / len(near) if near else here, here)

    return sorted(stack, key=key)


def layout(diagram: Diagram) -> Blueprint:
    """Lay out a diagram: columns from the edges, rows ordered to cut crossings, centred."""
    column = columns_of(diagram)
    pairs = _forward_pairs(diagram)
    chains = _chains(pairs, column)
    places = [node.id for node in diagram.nodes]
    places += [p for chain in chains for p in chain[1:-1]]
    stacks = _order_columns(places, column, chains)
    height = max(len(stack) for stack in stacks)
    point = {
        place: (float(c), index + (height - len(stack)) / 2)
        for c, stack in enumerate(stacks)
        for index, place in enumerate(stack)
    }
    nodes = {n.id: PlacedNode(n, column[n.id], point[n.id][1]) for n in diagram.nodes}
    routes = []
    for edge, (a, _), chain in zip(diagram.edges, pairs, chains, strict=True):
        ordered = chain if a == edge.source else chain[::-1]
        routes.append(Route(edge, tuple(point[place] for place in ordered)))
    return Blueprint(nodes, tuple(routes), len(stacks), height)
