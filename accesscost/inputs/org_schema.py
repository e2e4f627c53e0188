"""org.yaml, shared by every decision of a folder: the loaded labour rate, the matrix's band
edges, the risk heat map's edges, the simulation's draws and seed, the risk tolerance, and the
legacy decision fields of an older folder."""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import (
    Field,
    model_validator,
)

from accesscost.inputs.fields import HourlyRate, Strict, Text


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
