"""Quantities in assumption files: a point value or a range.

A quantity is written in YAML as
- a number: a fixed value (``hours: 0.25``);
- ``{low, high}``: a 90% interval of a lognormal distribution (5% of outcomes below ``low``,
  5% above ``high``); ``low`` must be above 0 because a lognormal is positive;
- ``{low, mode, high}``: a beta-PERT distribution with that minimum, most likely value and maximum.

Each kind knows its mean, the headline figure everywhere a single number is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

Z_95 = 1.6448536269514722  # standard normal quantile at 0.95: a 90% interval is mean +/- Z_95 sd


@dataclass(frozen=True)
class Point:
    """A fixed value."""

    value: float

    def mean(self) -> float:
        return self.value

    def variance(self) -> float:
        return 0.0

    def to_yaml(self) -> float:
        return self.value

    def scaled(self, factor: float) -> Point:
        return Point(self.value * factor)


@dataclass(frozen=True)
class Interval90:
    """A lognormal whose 5th and 95th percentiles are ``low`` and ``high``."""

    low: float
    high: float

    @property
    def mu(self) -> float:
        return (math.log(self.low) + math.log(self.high)) / 2

    @property
    def sigma(self) -> float:
        return (math.log(self.high) - math.log(self.low)) / (2 * Z_95)

    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)

    def variance(self) -> float:
        return math.expm1(self.sigma**2) * math.exp(2 * self.mu + self.sigma**2)

    def percentile(self, rank: float) -> float:
        """The value below which ``rank`` percent of draws fall."""
        return math.exp(self.mu + self.sigma * NormalDist().inv_cdf(rank / 100))

    def to_yaml(self) -> dict:
        return {"low": self.low, "high": self.high}

    def scaled(self, factor: float) -> Quantity:
        return Interval90(self.low * factor, self.high * factor) if factor > 0 else Point(0.0)


@dataclass(frozen=True)
class Pert:
    """A beta-PERT distribution on [low, high] with its mode at ``mode``."""

    low: float
    mode: float
    high: float

    def mean(self) -> float:
        return (self.low + 4 * self.mode + self.high) / 6

    def variance(self) -> float:
        """A beta-PERT's variance: width^2 x a x b / ((a + b)^2 (a + b + 1)), a + b = 6."""
        width = self.high - self.low
        if width <= 0:
            return 0.0
        alpha = 1 + 4 * (self.mode - self.low) / width
        return width**2 * alpha * (6 - alpha) / 252

    def to_yaml(self) -> dict:
        return {"low": self.low, "mode": self.mode, "high": self.high}

    def scaled(self, factor: float) -> Pert:
        return Pert(self.low * factor, self.mode * factor, self.high * factor)


Quantity = Point | Interval90 | Pert


def parse_quantity(raw: object, upper: float | None = None) -> Quantity:
    """Turn a YAML value into a quantity, or raise ``ValueError`` with the reason."""
    if isinstance(raw, bool):
        raise ValueError(f"must be a number or a range, got {raw!r}")
    if isinstance(raw, int | float):
        _check_bounds({"value": raw}, upper)
        return Point(float(raw))
    if isinstance(raw, Point | Interval90 | Pert):
        return raw
    if not isinstance(raw, dict):
        raise ValueError(
            f"must be a number, {{low, high}} or {{low, mode, high}}, got {type(raw).__name__}"
        )
    return _parse_range(raw, upper)


def _parse_range(raw: dict, upper: float | None) -> Quantity:
    keys = set(raw)
    if keys not in ({"low", "high"}, {"low", "mode", "high"}):
        raise ValueError(
            "a range has keys low, high (90% interval) or low, mode, high (PERT), "
            f"got {sorted(map(str, keys))}"
        )
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{key} must be a number, got {value!r}")
    _check_bounds(raw, upper)
    if "mode" in raw:
        return _pert(raw)
    return _interval(raw)


def _check_bounds(values: dict, upper: float | None) -> None:
    for key, value in values.items():
        try:
            value = float(value)
        except OverflowError:
            raise ValueError(f"{key} must be a finite number, got a number too large") from None
        if not math.isfinite(value):
            raise ValueError(f"{key} must be a finite number, got {value}")
        if value < 0:
            raise ValueError(f"{key} must not be negative, got {value}")
        if upper is not None and value > upper:
            raise ValueError(f"{key} must be at most {upper:g}, got {value}")


def _pert(raw: dict) -> Pert:
    low, mode, high = (float(raw[k]) for k in ("low", "mode", "high"))
    if not low <= mode <= high:
        raise ValueError(f"need low <= mode <= high, got {low:g}, {mode:g}, {high:g}")
    return Pert(low, mode, high)


def _interval(raw: dict) -> Interval90:
    low, high = float(raw["low"]), float(raw["high"])
    if low > high:
        raise ValueError(f"low must not be above high, got low {low:g} > high {high:g}")
    if low <= 0:
        raise ValueError(
            "a {low, high} range is a lognormal 90% interval, so low must be above 0; "
            "write {low, mode, high} for a range that starts at 0"
        )
    return Interval90(low, high)
