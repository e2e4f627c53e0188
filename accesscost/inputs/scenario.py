"""What-if scenarios: named overrides on top of the baseline assumption files, and their text.

A scenario file holds only what differs from the baseline, so it reads well in a code review:

    name: Keys rotated monthly
    description: Why someone asked for it.
    overrides:
      org: {default_services: 80}
      units: {host: 8}        # decision.yaml's host unit: 8 services per EC2 host
      patterns:
        d-iam-user-keys:
          operations:
            "Rotate the access key (create, distribute, deactivate the old one)":
              frequency: monthly
    guardrails:
      b-task-role: [permission-boundaries]

This module holds the scenario's model (``Scenario``, ``Overrides``, the ``BASELINE``), where an
overridden value's evidence still stands, and the scenario as YAML text: parsed safely and
size-capped (``scenario_from_text``), and written back (``scenario_yaml``). How the overrides
merge onto the baseline is ``accesscost.inputs.applying``; the scenarios folder (reading,
saving, deleting files) is ``accesscost.inputs.scenario_files``.
"""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from pydantic import Field, field_validator

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.documents import validate_document
from accesscost.inputs.fields import PLAIN_TEXT_PATTERN, Strict, Text, UnitKey
from accesscost.inputs.safe_yaml import decode_text, parse_yaml

MAX_SCENARIO_BYTES = 64 * 1024
MAX_DESCRIPTION = 20_000  # characters (and at most half a scenario file's bytes); the page's box
MAX_DESCRIPTION_BYTES = MAX_SCENARIO_BYTES // 2
MAX_GUARDRAILS = 32  # guardrails switched on for one pattern


class Overrides(Strict):
    org: dict[str, Any] = Field(default_factory=dict)
    patterns: dict[str, dict[str, Any]] = Field(default_factory=dict)
    units: dict[UnitKey, Annotated[float, Field(gt=0, le=100_000)]] = Field(
        default_factory=dict,
        description="the number that counts a decision.yaml unit (per_service, services_per or "
        "fixed), by unit",
    )


class Scenario(Strict):
    name: Annotated[Text, Field(max_length=80)]
    description: Annotated[str, Field(max_length=MAX_DESCRIPTION)] = ""
    overrides: Overrides = Overrides()
    guardrails: dict[str, Annotated[list[str], Field(max_length=MAX_GUARDRAILS)]] = Field(
        default={}, description="guardrail ids switched on, by pattern id"
    )
    evidence: dict[
        Annotated[str, Field(max_length=300)],
        Annotated[str, Field(pattern=PLAIN_TEXT_PATTERN, max_length=300)],
    ] = Field(
        default={},
        max_length=50,
        description="where an overridden value came from, by its path "
        "(e.g. org.access_keys: credential report, 2026-11-30, 37 rows)",
    )

    @field_validator("description")
    @classmethod
    def _fits_the_file(cls, description: str) -> str:
        if len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
            limit = MAX_DESCRIPTION_BYTES // 1024
            raise ValueError(f"description is longer than {limit} KiB of UTF-8 text")
        return description

    @property
    def is_empty(self) -> bool:
        overrides = self.overrides
        return not (overrides.org or overrides.patterns or overrides.units or self.guardrails)

    def overrides_document(self) -> dict | None:
        """What the scenario changes, as plain data for exports (None for the baseline)."""
        if self.is_empty:
            return None
        document = {**self.overrides.model_dump(mode="json"), "guardrails": self.guardrails}
        return document | ({"evidence": self.evidence} if self.evidence else {})


def overridden_value(overrides: Overrides, path: str) -> Any:
    """The value an override sets at an evidence path (``org.a.b`` or
    ``patterns.<id>.<section>.<item name>.<field>``; item names may hold dots), or None."""
    if path.startswith("org."):
        value: Any = overrides.org
        for part in path.removeprefix("org.").split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value
    head, _, rest = path.partition(".")
    pattern_id, _, rest = rest.partition(".")
    section, _, rest = rest.partition(".")
    item, _, field = rest.rpartition(".")
    if head != "patterns" or not item:
        return None
    items = overrides.patterns.get(pattern_id, {}).get(section, {})
    return items.get(item, {}).get(field) if isinstance(items, dict) else None


def standing_evidence(start: Scenario, overrides: Overrides) -> dict[str, str]:
    """The sources of ``start`` whose values ``overrides`` still sets as they were: a value
    edited since it was imported no longer comes from the file."""
    return {
        path: source
        for path, source in start.evidence.items()
        if overridden_value(overrides, path) == overridden_value(start.overrides, path)
        and overridden_value(overrides, path) is not None
    }


BASELINE = Scenario(name="Baseline", description="The committed assumption files, unchanged.")


def with_rate(scenario: Scenario, rate: float | None) -> Scenario:
    """The scenario with the hourly rate set (a point value), or unchanged for ``None``."""
    if rate is None:
        return scenario
    org = dict(scenario.overrides.org)
    org["labour"] = {**org.get("labour", {}), "hourly_rate_usd": rate}
    overrides = Overrides(org=org, patterns=scenario.overrides.patterns)
    return scenario.model_copy(update={"overrides": overrides})


def scenario_from_text(text: str, file: str) -> Scenario:
    """Parse and validate a scenario file's text (safe YAML, size-capped)."""
    if len(text.encode("utf-8", "replace")) > MAX_SCENARIO_BYTES:
        limit = MAX_SCENARIO_BYTES // 1024
        raise AssumptionErrors.one(file, "", f"scenario file is larger than {limit} KiB")
    return validate_document(Scenario, parse_yaml(text, file), file)


def scenario_from_bytes(data: bytes, file: str) -> Scenario:
    return scenario_from_text(decode_text(data, file, MAX_SCENARIO_BYTES), file)


def scenario_yaml(scenario: Scenario) -> str:
    """The scenario as YAML: name, description, then only the overrides that are set."""
    dumped = scenario.model_dump(mode="json", exclude_defaults=True)
    document = {"name": scenario.name, "description": scenario.description}
    fields = ("overrides", "guardrails", "evidence")
    document |= {key: dumped[key] for key in fields if dumped.get(key)}
    header = "# What-if scenario: overrides on top of the baseline assumption files.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
