"""Typed schema of the assumption files (``org.yaml``, ``patterns/<id>.yaml``, ``guardrails.yaml``;
``decision.yaml`` is in ``accesscost.inputs.decision``).

The same models generate ``assumptions/schema.json`` (``python -m accesscost.inputs.schema``),
which each YAML
file names on its first line so an editor completes and checks it.

Units: a line item (or a limit) is counted per a unit its decision declares in ``decision.yaml``
(for the ECS decision: ``deployment``, ``service``, ``host``, ``access-key``); the loader checks the
name against the decision's units. Frequencies: ``daily``, ``weekly``, ``monthly``,
``quarterly``, ``yearly`` or ``every <d> days``.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from accesscost.core.quantity import Point, Quantity, parse_quantity

FREQUENCY_PER_YEAR = {
    "daily": 365.0,
    "weekly": 52.0,
    "monthly": 12.0,
    "quarterly": 4.0,
    "yearly": 1.0,
}
FREQUENCY_PATTERN = r"^(daily|weekly|monthly|quarterly|yearly|every [1-9][0-9]{0,3} days)$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
OPTION_PATTERN = r"^[A-Z]$"
CHECK_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"
PLAIN_TEXT_PATTERN = r"^[\w ,.:;()+-]+$"  # no Markdown, HTML or LaTeX: nothing to render
PATTERN_MEANING = {  # what a field's pattern asks for, in words, for error messages
    FREQUENCY_PATTERN: "must be daily, weekly, monthly, quarterly, yearly or every <d> days",
    ID_PATTERN: "must be lower-case letters, digits and '-', at most 63",
    OPTION_PATTERN: "must be one capital letter",
    CHECK_PATTERN: "must be letters, digits and '_.:-', at most 128, starting with one",
    PLAIN_TEXT_PATTERN: "must be plain text: letters, digits, spaces and , . : ; ( ) + -",
}


def _range_schema(upper: float | None, minimum_low: str) -> dict:
    bound = {"type": "number", "minimum": 0} | ({"maximum": upper} if upper is not None else {})
    interval = {
        "type": "object",
        "title": "90% interval (lognormal)",
        "description": f"5th and 95th percentiles; low {minimum_low}",
        "properties": {"low": bound, "high": bound},
        "required": ["low", "high"],
        "additionalProperties": False,
    }
    pert = {
        "type": "object",
        "title": "PERT range",
        "properties": {"low": bound, "mode": bound, "high": bound},
        "required": ["low", "mode", "high"],
        "additionalProperties": False,
    }
    return {"anyOf": [bound, interval, pert]}


def _quantity(
    upper: float | None, description: str
) -> tuple[PlainValidator, PlainSerializer, WithJsonSchema]:
    """Pydantic metadata of a quantity field: ``Annotated[Quantity, *_quantity(...)]``.

    The metadata is built by a function, the ``Annotated`` written out at each alias, so the type
    checker sees each alias as ``Quantity`` (a function returning the whole ``Annotated`` is a
    variable to it, not a type)."""
    return (
        PlainValidator(lambda raw: parse_quantity(raw, upper)),
        PlainSerializer(lambda q: q.to_yaml()),
        WithJsonSchema(_range_schema(upper, "above 0") | {"description": description}),
    )


MAX_HOURS = 100_000.0  # one item, once, per unit: fifty engineer-years is beyond any real task
MAX_USD = 100e9  # one item or one event: above the largest breach ever costed
MAX_HOURLY_RATE_USD = 1_000.0  # the most the page's sidebar accepts for a loaded engineer hour
MAX_FREQUENCY = 1_000.0  # threat events per unit a year: about three a day

Hours = Annotated[
    Quantity,
    *_quantity(MAX_HOURS, "engineer hours: a number, {low, high} or {low, mode, high}"),
]
Money = Annotated[
    Quantity, *_quantity(MAX_USD, "US dollars: a number, {low, high} or {low, mode, high}")
]
HourlyRate = Annotated[
    Quantity,
    *_quantity(MAX_HOURLY_RATE_USD, "US dollars an hour, at most 1,000: a number or a range"),
]
Probability = Annotated[
    Quantity, *_quantity(1.0, "annual probability per unit, 0 to 1: a number or a range")
]
Chance = Annotated[Quantity, *_quantity(1.0, "a probability, 0 to 1: a number or a range")]
Frequency = Annotated[
    Quantity,
    *_quantity(MAX_FREQUENCY, "threat events per unit a year, 0 to 1,000: a number or a range"),
]


def times_per_year(frequency: str) -> float:
    """How often a recurring item happens in a year."""
    if frequency in FREQUENCY_PER_YEAR:
        return FREQUENCY_PER_YEAR[frequency]
    every = re.fullmatch(r"every (\d+) days", frequency)
    if every is None:  # the schema's FREQUENCY_PATTERN refuses it first
        raise ValueError(f"not a frequency: {frequency!r}")
    return 365.0 / int(every.group(1))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


Text = Annotated[str, Field(min_length=1)]


UnitKey = Annotated[str, Field(pattern=ID_PATTERN)]


class LineItem(Strict):
    name: Text
    per: UnitKey = Field(
        description="the unit the item is counted per: one of its decision.yaml's units"
    )
    source: Text = Field(description="where the figure comes from, or the rationale for it")


class WorkItem(LineItem):
    """One-time work: implementation, or decommissioning when migrating away."""

    hours: Hours


class OperationsItem(LineItem):
    """Recurring work (hours) or spend (usd), each time it happens."""

    hours: Hours | None = None
    usd: Money | None = None
    frequency: Annotated[str, Field(pattern=FREQUENCY_PATTERN)]

    @model_validator(mode="after")
    def _hours_or_usd(self) -> OperationsItem:
        if (self.hours is None) == (self.usd is None):
            raise ValueError("give exactly one of hours (labour) or usd (spend)")
        return self

    @property
    def category(self) -> str:
        return "labour" if self.hours is not None else "tooling"


RiskKind = Literal[
    "audit-finding",
    "credential-leak",
    "over-privilege",
    "standing-privilege",
    "cross-account-write",
    "cost-misattribution",
    "data-breach",
    "outage",
]


class ComplianceItem(LineItem):
    """A risk event: its annual probability per unit and its cost when it happens."""

    annual_probability: Probability
    impact_usd: Money
    kind: RiskKind = Field(
        default="audit-finding", description="what the event is; guardrails mitigate by kind"
    )


class Threat(Strict):
    """A threat event every pattern of the decision faces (FAIR's threat event frequency)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text
    per: UnitKey = Field(description="the unit a threat event happens to: deployment, service, ...")
    tef: Frequency = Field(description="threat events per unit a year (a frequency, may be > 1)")
    cleanup_usd_per_service: Money = Field(
        default=Point(0.0),
        description="clean-up of each service one loss event reaches (re-key, redeploy, check)",
    )
    source: Text


class ThreatsFile(Strict):
    threats: list[Threat] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ThreatsFile:
        check_unique_ids([t.id for t in self.threats], "threat")
        return self


def check_unique_ids(ids: list[str], what: str) -> None:
    """Refuse ids given more than once, naming them."""
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{what} ids must be unique, repeated: {', '.join(repeated)}")


class RiskItem(Strict):
    """How one threat of ``threats.yaml`` becomes loss for this pattern (FAIR)."""

    threat: Annotated[str, Field(pattern=ID_PATTERN)] = Field(description="a threat id")
    vulnerability: Chance = Field(
        description="the chance a threat event becomes a loss event, 0 to 1"
    )
    blast_radius: UnitKey = Field(
        description="the unit one loss event reaches: service (the task), host, deployment "
        "(every service) or access-key (the services sharing one key)"
    )
    blast_radius_share: Annotated[float, Field(gt=0, le=1)] = Field(
        default=1.0, description="the share of the blast radius an event really reaches"
    )
    primary_usd: Money = Field(default=Point(0.0), description="primary loss per loss event")
    secondary_probability: Chance = Field(
        default=Point(0.0),
        description="FAIR's secondary loss event frequency: the share of loss events that also "
        "bring secondary loss (notifications, fines, customers lost)",
    )
    secondary_usd: Money = Field(default=Point(0.0), description="secondary loss when it happens")
    source: Text

    @property
    def name(self) -> str:
        return self.threat


Rating = Literal["strong", "adequate", "weak", "none"]
SECTIONS = ("implementation", "operations", "compliance", "decommission")


def _field(info: ValidationInfo) -> str:
    """The name of the field a field validator checks (pydantic types it optional: model
    validators share ``ValidationInfo``)."""
    assert info.field_name is not None, "called from a field validator"
    return info.field_name


def _check_unique_names(items: list[LineItem], section: str) -> None:
    names = [item.name for item in items]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"item names must be unique, repeated: {', '.join(repeated)}")


class SecurityPosture(Strict):
    rating: Rating
    note: Text


class Check(Strict):
    """A control check whose passing result shows the decision was carried out (an ADR's
    Confirmation): a Prowler check id or an AWS Config managed rule, and what it must show."""

    tool: Literal["prowler", "aws-config"]
    check: Annotated[str, Field(pattern=CHECK_PATTERN)] = Field(
        description="the check id (Prowler) or managed rule identifier (AWS Config)"
    )
    expect: Text = Field(description="the result that confirms the decision, in words")
    source: Text


class ControlStatus(Strict):
    """A compliance control the pattern passes or fails: its compliance status, shown apart
    from the dollars of its expected loss (which the matrix bands)."""

    control: Text = Field(description="a short name, e.g. 'SOC 2 CC6.1 least privilege'")
    passes: bool
    why: Text = Field(description="why the pattern passes or fails it, in a sentence")
    source: Text


class MatrixNotes(Strict):
    """Short notes the decision matrix shows beside each computed figure."""

    implementation_time: str = ""
    operational_overhead: str = ""
    cost_impact: str = ""
    compliance_risk: str = ""


NodeKind = Literal[
    "actor", "bucket", "compute", "identity", "credential-store", "network-control"
]  # fmt: skip
NODE_KINDS: tuple[NodeKind, ...] = (
    "actor", "bucket", "compute", "identity", "credential-store", "network-control"
)  # fmt: skip
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
            raise ValueError(f"a diagram needs at least one {_field(info).removesuffix('s')}")
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


class Limit(Strict):
    """A published limit the pattern must stay within: ``amount`` of ``quantity`` for each
    ``per`` unit, held in each ``within`` unit (``deployment``: one account), at most ``limit``
    (``maximum`` when an adjustable quota is raised as far as it goes)."""

    quantity: Text = Field(description="what is limited, in words")
    per: UnitKey = Field(description="the unit each of which needs `amount` of the quantity")
    amount: Annotated[float, Field(gt=0, le=1_000_000)] = 1
    within: UnitKey = Field(default="deployment", description="the unit that holds the limit")
    limit: Annotated[float, Field(gt=0, le=1e9)]
    adjustable: bool
    maximum: Annotated[float, Field(gt=0, le=1e9)] | None = Field(
        default=None, description="the most an adjustable quota can be raised to"
    )
    source: Text

    @model_validator(mode="after")
    def _maximum_fits(self) -> Limit:
        if self.maximum is not None and not self.adjustable:
            raise ValueError("maximum is for an adjustable limit: set adjustable: true or drop it")
        if self.maximum is not None and self.maximum < self.limit:
            raise ValueError(f"maximum ({self.maximum:g}) is below the limit ({self.limit:g})")
        return self

    @property
    def ceiling(self) -> float:
        """What rules the option out: an adjustable quota's maximum if known, else the limit."""
        return self.maximum if self.maximum is not None else self.limit


class Pattern(Strict):
    """One access pattern: one way the decision's workload can get its credentials."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    option: Annotated[str, Field(pattern=OPTION_PATTERN)] | None = None
    name: Text
    summary: Text
    meets_requirement: bool
    requirement_gap: str | None = Field(
        default=None,
        validate_default=True,
        description="why the pattern does not meet the requirement",
    )
    security_posture: SecurityPosture
    matrix_notes: MatrixNotes = MatrixNotes()
    implementation: list[WorkItem]
    operations: list[OperationsItem] = []
    compliance: list[ComplianceItem] = Field(
        default=[],
        description="the pattern's own risk items, drawn on their own (not shared with other "
        "patterns); a decision with threats.yaml states its risks per threat in risks",
    )
    risks: list[RiskItem] = Field(
        default=[],
        description="per threat of threats.yaml: vulnerability, blast radius, primary and "
        "secondary loss (FAIR)",
    )
    decommission: list[WorkItem] = Field(
        default=[], description="one-time work to remove this pattern when migrating away"
    )
    diagram: Diagram | None = Field(
        default=None, description="the credential flow: nodes and edges, the weak link marked"
    )
    confirmation: list[Check] = Field(
        default=[], description="checks that prove the pattern is in place (an ADR's Confirmation)"
    )
    controls: list[ControlStatus] = Field(
        default=[], description="compliance status: the controls the pattern passes or fails"
    )
    limits: list[Limit] = Field(
        default=[], description="published limits; one exceeded at a count rules the option out"
    )

    @field_validator("requirement_gap")
    @classmethod
    def _gap_explained(cls, gap: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("meets_requirement") is False and not gap:
            raise ValueError("required when meets_requirement is false: say why")
        return gap

    @field_validator(*SECTIONS)
    @classmethod
    def _unique_item_names(cls, items: list, info: ValidationInfo) -> list:
        _check_unique_names(items, _field(info))
        return items

    @field_validator("risks")
    @classmethod
    def _one_entry_per_threat(cls, items: list[RiskItem]) -> list[RiskItem]:
        threats = [item.threat for item in items]
        repeated = sorted({t for t in threats if threats.count(t) > 1})
        if repeated:
            raise ValueError(f"each threat is stated once, repeated: {', '.join(repeated)}")
        return items

    @property
    def label(self) -> str:
        return f"{self.option}) {self.name}" if self.option else self.name


class Labour(Strict):
    hourly_rate_usd: HourlyRate = Field(description="loaded cost of one engineer hour")
    hours_per_day: Annotated[float, Field(gt=0, le=24)] = 8
    source: Text


def _ascending(values: list[float], names: str) -> None:
    if any(a > b for a, b in itertools.pairwise(values)):
        raise ValueError(f"band edges must rise: {names}")


class FourBands(Strict):
    """Upper edges of Low, Medium and High; above ``high`` is Very High."""

    low: Annotated[float, Field(ge=0)]
    medium: Annotated[float, Field(ge=0)]
    high: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _rising(self) -> FourBands:
        _ascending([self.low, self.medium, self.high], "low <= medium <= high")
        return self


class RiskBands(Strict):
    """Upper edges of Low and High; above ``high`` is Critical."""

    low: Annotated[float, Field(ge=0)]
    high: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _rising(self) -> RiskBands:
        _ascending([self.low, self.high], "low <= high")
        return self


class Bands(Strict):
    implementation_hours: FourBands
    operations_ratio: FourBands = Field(
        description="operations hours a year over the lowest among patterns meeting the requirement"
    )
    cost_impact_usd_per_year: FourBands = Field(
        description="extra annual cost over the cheapest pattern that meets the requirement"
    )
    compliance_ratio: RiskBands = Field(
        default=RiskBands(low=1.5, high=3.0),
        description=(
            "expected loss a year as a multiple of the lowest among patterns that meet the "
            "requirement at the same service count: a band that does not drift with scale"
        ),
    )
    compliance_usd_per_year: RiskBands | None = Field(
        default=None,
        description="not used (dollar bands drifted with scale); accepted so older files load",
    )


class HeatMapEdges(Strict):
    """Upper edges of the classic 5x5 risk heat map's first four bands on each axis (above the
    fourth is the fifth band): loss events a year, and loss magnitude in USD per event."""

    frequency_per_year: Annotated[
        list[Annotated[float, Field(gt=0)]], Field(min_length=4, max_length=4)
    ]
    magnitude_usd: Annotated[list[Annotated[float, Field(gt=0)]], Field(min_length=4, max_length=4)]
    source: Text = "Judgement: one decade a band, from one event in a hundred years."

    @model_validator(mode="after")
    def _rising(self) -> HeatMapEdges:
        _ascending(self.frequency_per_year, "frequency_per_year")
        _ascending(self.magnitude_usd, "magnitude_usd")
        return self


DEFAULT_HEAT_MAP = HeatMapEdges(
    frequency_per_year=[0.01, 0.1, 1.0, 10.0], magnitude_usd=[1_000, 10_000, 100_000, 1_000_000]
)


class Simulation(Strict):
    """Monte Carlo settings: how many simulated years, and the seed that makes them repeatable."""

    draws: Annotated[int, Field(ge=100, le=200_000)] = 10_000
    seed: Annotated[int, Field(ge=0)] = 20_261_129


class RiskTolerance(Strict):
    """The organisation accepts at most ``probability`` that a year's loss exceeds ``loss_usd``
    at ``org.default_services``; at N services the loss scales to ``loss_usd`` x N / default
    (an appetite that grows with the estate, so the line does not drift with scale)."""

    loss_usd: Annotated[float, Field(gt=0)]
    probability: Annotated[float, Field(gt=0, le=1)]
    source: Text


class OrgDecision(Strict):
    """org.yaml's ``decision:`` block, in folders from before ``decision.yaml`` (read only)."""

    title: Text = Field(description="a short title, e.g. for a decision record's file name")
    question: Text
    requirement: Text
    source: Text


class Org(Strict):
    """Organisation-wide assumptions shared by every pattern."""

    currency: Literal["USD"] = "USD"
    labour: Labour
    default_services: Annotated[int, Field(ge=1, le=10_000)]
    services_per_host: Annotated[int, Field(ge=1, le=1_000)] | None = Field(
        default=None, description="older folders only: now decision.yaml's host unit"
    )
    services_per_host_source: Text | None = None
    access_keys: Annotated[int, Field(ge=1, le=100_000)] = Field(
        default=1,
        description="long-lived IAM access keys to look after (the unit access-key); 1 is the one"
        " shared key of the seed's option D; an imported credential report sets the account's",
    )
    migrating_services: Annotated[int, Field(ge=0, le=10_000)] = Field(
        default=0,
        description="services moved off the reference pattern when migrating; 0: all of them",
    )
    horizon_years: Annotated[int, Field(ge=1, le=10)]
    discount_rate: Annotated[float, Field(ge=0, le=0.5)] = Field(
        default=0.0,
        description=(
            "yearly rate at which later years count less in TCO, savings and payback: a cost in "
            "year y is worth (1 + rate)^-y today; 0 (the default) adds the years as they are"
        ),
    )
    reference_pattern: Text | None = Field(
        default=None,
        description="id of the pattern savings are measured against (decision.yaml may set it)",
    )
    bands: Bands
    simulation: Simulation = Simulation()
    risk_tolerance: RiskTolerance | None = None
    risk_heat_map: HeatMapEdges = Field(
        default=DEFAULT_HEAT_MAP, description="edges of the 5x5 risk heat map's bands"
    )
    decision: OrgDecision | None = Field(
        default=None, description="older folders only: now decision.yaml"
    )


class Mitigation(Strict):
    """What a guardrail changes: for a ``threat`` of threats.yaml, it multiplies the pattern's
    vulnerability by ``factor`` and its blast radius share by ``blast_radius_factor``; for a
    ``kind`` of the pattern's own compliance items, their annual probability by ``factor``."""

    threat: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    kind: RiskKind | None = None
    factor: Annotated[float, Field(ge=0, le=1)] = 1.0
    blast_radius_factor: Annotated[float, Field(gt=0, le=1)] = 1.0
    source: Text

    @property
    def effects(self) -> str:
        """What it does to a threat's risk, in words: "vulnerability x 0.1; blast radius x 0.5"."""
        parts = [f"vulnerability x {self.factor:g}"] * (self.factor != 1)
        parts += [f"blast radius x {self.blast_radius_factor:g}"] * (self.blast_radius_factor != 1)
        return "; ".join(parts) or "no change"

    @model_validator(mode="after")
    def _threat_or_kind(self) -> Mitigation:
        if (self.threat is None) == (self.kind is None):
            raise ValueError("give exactly one of threat (a threats.yaml id) or kind")
        return self


class Guardrail(Strict):
    """A control from the seed's "Real World" section that can be toggled on a pattern."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Text
    summary: Text
    applies_to: list[str] = Field(min_length=1, description="pattern ids it can be applied to")
    implementation: list[WorkItem] = []
    operations: list[OperationsItem] = []
    mitigates: list[Mitigation] = []


class GuardrailsFile(Strict):
    guardrails: list[Guardrail]

    @model_validator(mode="after")
    def _unique_ids(self) -> GuardrailsFile:
        check_unique_ids([g.id for g in self.guardrails], "guardrail")
        return self


def json_schema() -> dict:
    """The JSON Schema of an assumption file (org, decision, pattern, guardrails), as committed."""
    from accesscost.inputs.decision import Decision  # it builds on this module's types

    schema = TypeAdapter(Org | Decision | Pattern | GuardrailsFile | ThreatsFile).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": (
            "Access-pattern assumption file "
            "(org.yaml, decision.yaml, guardrails.yaml, threats.yaml or patterns/<id>.yaml)"
        ),
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(json_schema_text(), end="")
