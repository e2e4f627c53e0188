"""The decision a folder of assumptions answers: ``decision.yaml``.

A decision names its question, a short title, the requirement every option must meet, the unit
the user counts (services, pods, pipelines: ``count``) and every unit its line items and limits
are counted per. Each unit's count follows from the count N the user sets, in one of four ways:

- ``per_service: x``: ceil(N x x) (the counted unit itself has ``per_service: 1``);
- ``services_per: k``: ceil(N / k), e.g. ``host: {services_per: 4}`` is ceil(N / 4) EC2 hosts;
- ``fixed: v``: v whatever N, e.g. one ``deployment``, or 1.5 hours of the longest job;
- ``org_count: access_keys``: org.yaml's ``access_keys`` (an imported credential report sets it).

Further decisions live in ``decisions/<id>/`` beside the root's ``org.yaml``, which they share
(``accesscost.inputs.decisions``). A root folder from before ``decision.yaml`` is read as the
decision its ``org.yaml`` describes (``legacy_decision``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from accesscost.core.words import services_text
from accesscost.inputs.fields import ID_PATTERN, Strict, Text, UnitKey
from accesscost.inputs.org_schema import Org

MAX_UNITS = 12
COUNT_WAYS = ("per_service", "services_per", "fixed", "org_count")
LEGACY_ID = "ecs-s3"  # the decision of a root folder from before decision.yaml


class UnitSpec(Strict):
    """One unit of a decision: its label, its plural and how its count follows from N."""

    label: Text
    plural: Text
    per_service: Annotated[float, Field(gt=0, le=1_000)] | None = Field(
        default=None, description="units for each counted unit: ceil(N x per_service)"
    )
    services_per: Annotated[float, Field(gt=0, le=100_000)] | None = Field(
        default=None, description="counted units sharing one unit: ceil(N / services_per)"
    )
    fixed: Annotated[float, Field(gt=0, le=100_000)] | None = Field(
        default=None, description="a count that does not follow N (one deployment, job hours)"
    )
    org_count: Literal["access_keys"] | None = Field(
        default=None, description="the count is this field of org.yaml"
    )
    source: Text

    @model_validator(mode="after")
    def _one_way_to_count(self) -> UnitSpec:
        given = [way for way in COUNT_WAYS if getattr(self, way) is not None]
        if len(given) != 1:
            shown = ", ".join(given) if given else "none"
            raise ValueError(f"give exactly one of {', '.join(COUNT_WAYS)}; got {shown}")
        return self

    @property
    def way(self) -> str:
        """The field that says how the unit is counted."""
        return next(way for way in COUNT_WAYS if getattr(self, way) is not None)

    @property
    def how(self) -> str:
        """How the count follows from N, in words."""
        if self.per_service is not None:
            return "the count you set" if self.per_service == 1 else f"{self.per_service:g} each"
        if self.services_per is not None:
            return f"one per {self.services_per:g}"
        if self.fixed is not None:
            return f"{self.fixed:g}, whatever the count"
        return f"org.yaml {self.org_count}"


class Decision(Strict):
    """The question the review answers, the requirement every option must meet, its units."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: Text = Field(description="a short title, e.g. for the page's list or a record's name")
    question: Text
    requirement: Text
    source: Text
    count: UnitKey = Field(description="the unit whose number the user sets (per_service: 1)")
    reference_pattern: Text | None = Field(
        default=None, description="id of the pattern savings are measured against (else org's)"
    )
    units: dict[UnitKey, UnitSpec] = Field(min_length=1, max_length=MAX_UNITS)

    @model_validator(mode="after")
    def _count_is_a_unit(self) -> Decision:
        spec = self.units.get(self.count)
        if spec is None:
            _field_error(
                "count", self.count, f"must name one of the units ({', '.join(self.units)})"
            )
        elif spec.per_service != 1:
            _field_error(
                "count", self.count, f"names unit {self.count!r}, whose per_service must be 1"
            )
        return self

    @property
    def counted(self) -> UnitSpec:
        return self.units[self.count]

    def count_words(self, n: float) -> str:
        """``200 pods``, ``1 pipeline (repository)``: ``n`` rounded to a whole count."""
        return services_text(round(n), self.counted)


def _field_error(field: str, received: object, reason: str) -> None:
    """Raise a validation error at ``field`` (a model check found it), so the message names it."""
    error = PydanticCustomError("value_error", "{reason}", {"reason": reason})
    details = InitErrorDetails(type=error, loc=(field,), input=received)
    raise ValidationError.from_exception_data("Decision", [details])


def legacy_decision(org: Org) -> Decision:
    """The decision of an older root folder, from its org.yaml (``decision:`` block and
    ``services_per_host``): services packed onto hosts."""
    block = org.decision
    per_host = org.services_per_host or 1
    host_source = org.services_per_host_source or "org.yaml services_per_host"
    return Decision(
        id=LEGACY_ID,
        title=block.title if block else "Access pattern",
        question=block.question if block else "How should the workload get its AWS credentials?",
        requirement=block.requirement if block else "Least privilege, no long-lived keys.",
        source=block.source if block else "org.yaml",
        count="service",
        units={
            "deployment": UnitSpec(
                label="deployment", plural="deployments", fixed=1, source="The decision as a whole."
            ),
            "service": UnitSpec(
                label="service", plural="services", per_service=1, source="The count you set."
            ),
            "host": UnitSpec(
                label="host", plural="hosts", services_per=per_host, source=host_source
            ),
            "access-key": UnitSpec(
                label="long-lived access key",
                plural="long-lived access keys",
                org_count="access_keys",
                source="org.yaml access_keys",
            ),
        },
    )
