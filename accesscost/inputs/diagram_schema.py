"""A pattern's blueprint diagram as written in its YAML: nodes (a kind, a label, a place
on the grid) and edges (which nodes they join, how credentials flow, the weak link)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from accesscost.inputs.fields import Strict, Text, info_field

NodeKind = Literal["actor", "bucket", "compute", "identity", "credential-store", "network-control"]


NODE_KINDS: tuple[NodeKind, ...] = (
    "actor",
    "bucket",
    "compute",
    "identity",
    "credential-store",
    "network-control",
)


NodeId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]


class DiagramNode(Strict):
    """A box of the credential-flow diagram: who or what takes part."""

    id: NodeId
    label: Text
    kind: NodeKind = Field(description="what the node is; it sets the node's shape and colour")


class DiagramEdge(Strict):
    """An arrow of the diagram; ``risk: true`` marks the weak link, ``note`` says why."""

    model_config = ConfigDict(serialize_by_alias=True)

    source: NodeId = Field(alias="from", description="id of the node the arrow starts at")
    target: NodeId = Field(alias="to", description="id of the node the arrow points to")
    label: Text
    risk: bool = False
    note: str = Field(default="", description="why this edge is the weak link (when risk is true)")

    @model_validator(mode="after")
    def _risk_explained(self) -> DiagramEdge:
        if self.risk and not self.note.strip():
            raise ValueError("a risky edge needs a note saying why it is the weak link")
        return self


def _diagram_error(loc: tuple, reason: str, received: object) -> InitErrorDetails:
    error = PydanticCustomError("value_error", "{reason}", {"reason": reason})
    return InitErrorDetails(type=error, loc=loc, input=received)


class Diagram(Strict):
    """How the pattern's credentials flow, drawn left to right from the edges (seed: "The
    Architect Blueprint")."""

    nodes: list[DiagramNode]
    edges: list[DiagramEdge]

    @field_validator("nodes", "edges")
    @classmethod
    def _not_empty(cls, items: list, info: ValidationInfo) -> list:
        if not items:
            raise ValueError(f"a diagram needs at least one {info_field(info).removesuffix('s')}")
        return items

    @model_validator(mode="after")
    def _edges_join_known_nodes(self) -> Diagram:
        errors = _duplicate_nodes(self.nodes) + _unknown_ends(self.nodes, self.edges)
        if errors:
            raise ValidationError.from_exception_data("Diagram", errors)
        return self

    def node(self, node_id: str) -> DiagramNode:
        return next(node for node in self.nodes if node.id == node_id)


def _duplicate_nodes(nodes: list[DiagramNode]) -> list[InitErrorDetails]:
    first: dict[str, int] = {}
    errors = []
    for index, node in enumerate(nodes):
        if node.id in first:
            reason = f"duplicate node id {node.id!r} (also nodes.{first[node.id]}.id)"
            errors.append(_diagram_error(("nodes", index, "id"), reason, node.id))
        first.setdefault(node.id, index)
    return errors


def _unknown_ends(nodes: list[DiagramNode], edges: list[DiagramEdge]) -> list[InitErrorDetails]:
    ids = list(dict.fromkeys(node.id for node in nodes))
    errors = []
    for index, edge in enumerate(edges):
        for end, node_id in (("from", edge.source), ("to", edge.target)):
            if node_id not in ids:
                reason = f"unknown node {node_id!r}; nodes are: {', '.join(ids)}"
                errors.append(_diagram_error(("edges", index, end), reason, node_id))
        if edge.source == edge.target and edge.source in ids:
            reason = f"an edge must join two different nodes, got {edge.source!r} twice"
            errors.append(_diagram_error(("edges", index, "to"), reason, edge.target))
    return errors
