"""The typed fields every assumption file is made of: quantities (a number, a 90% interval
or a PERT) with their bounds, frequencies, ids, plain text, and the strict base model (unknown
keys refused). Each bound is also written into the JSON Schema an editor reads."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)

from accesscost.core.quantity import Quantity, parse_quantity

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


def info_field(info: ValidationInfo) -> str:
    """The name of the field a field validator checks (pydantic types it optional: model
    validators share ``ValidationInfo``)."""
    assert info.field_name is not None, "called from a field validator"
    return info.field_name
