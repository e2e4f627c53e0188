"""Typed schema of the pattern, threat and guardrail files (``patterns/<id>.yaml``,
``threats.yaml``, ``guardrails.yaml``); ``org.yaml`` is in ``accesscost.inputs.org_schema``, a
pattern's diagram in ``accesscost.inputs.diagram_schema``, the fields they are made of in
``accesscost.inputs.fields`` and ``decision.yaml`` in ``accesscost.inputs.decision``.

The models generate ``assumptions/schema.json`` (``python -m accesscost.inputs.schema``), which
each YAML file names on its first line so an editor completes and checks it.

Units: a line item (or a limit) is counted per a unit its decision declares in ``decision.yaml``
(for the ECS decision: ``deployment``, ``service``, ``host``, ``access-key``); the loader checks the
name against the decision's units. Frequencies: ``daily``, ``weekly``, ``monthly``,
``quarterly``, ``yearly`` or ``every <d> days``.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import (
    Field,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from accesscost.core.quantity import Point
from accesscost.inputs.diagram_schema import Diagram
from accesscost.inputs.fields import (
    CHECK_PATTERN,
    FREQUENCY_PATTERN,
    ID_PATTERN,
    OPTION_PATTERN,
    Chance,
    Frequency,
    Hours,
    Money,
    Probability,
    Strict,
    Text,
    UnitKey,
)
from accesscost.inputs.org_schema import Org


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


def _check_unique_names(items: list[LineItem]) -> None:
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
    def _unique_item_names(cls, items: list) -> list:
        _check_unique_names(items)
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
