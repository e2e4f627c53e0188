"""The reviewer's settings: one object that the URL, the sidebar and the CLI all fill.

``Settings.resolve`` takes raw values as they arrive (text from a command line or a query string,
numbers from a widget, ``None`` for "not given"), checks each against the same limits, and
resolves every default once from the loaded assumptions (``org.yaml``): the service count, the
horizon, the pattern savings are measured against, the Monte Carlo draws and seed. A value out of
range is refused with its field's name (``--services``, ``services``, ...) and the reason.

The hourly rate is the one setting that changes the model's inputs: a rate is a what-if on
``org.labour.hourly_rate_usd`` (``accesscost.inputs.scenario.with_rate``), so the page, the CLI
and a share link price it the same way; ``None`` keeps the rate of the files (a range, drawn in
the Monte Carlo). ``checked_rate`` checks one before the files are loaded with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from accesscost.core.errors import AssumptionErrors
from accesscost.inputs.fields import MAX_HOURLY_RATE_USD
from accesscost.inputs.loading import Assumptions

MAX_SERVICES = 10_000
HORIZON_YEARS = (1, 10)  # the schema's org.horizon_years range
HOURLY_RATE_USD = (1.0, MAX_HOURLY_RATE_USD)
DRAWS = (100, 200_000)
RATE_EPSILON_USD = 1e-9  # an hourly rate this close to another is the same rate (float noise)
PAGE_DRAWS = (1_000, 100_000)  # the page's box: its worst run stays within benchmark item 9
SEED = (0, 2**63 - 1)

# How each setting is called where it comes from (a CLI option by default).
CLI_NAMES = {
    "services": "--services",
    "horizon": "--horizon",
    "rate": "--rate",
    "shown": "--shown",
    "reference": "--reference",
    "draws": "--draws",
    "seed": "--seed",
}


@dataclass(frozen=True)
class Settings:
    """What the reviewer chose; every field resolved (no ``None`` but the rate)."""

    services: int
    horizon_years: int
    hourly_rate_usd: float | None  # None: the files' own rate
    shown: tuple[str, ...]  # the patterns listed, charted and recommended among
    reference: str  # the pattern savings and migration are measured from
    draws: int
    seed: int

    @classmethod
    def resolve(
        cls,
        assumptions: Assumptions,
        *,
        services: object = None,
        horizon: object = None,
        rate: object = None,
        shown: object = None,
        reference: object = None,
        draws: object = None,
        seed: object = None,
        names: Mapping[str, str] = CLI_NAMES,
        draws_range: tuple[int, int] = DRAWS,
    ) -> Settings:
        org = assumptions.org
        simulation = org.simulation
        ids = tuple(assumptions.patterns)
        return cls(
            services=_whole(services, names["services"], (1, MAX_SERVICES), org.default_services),
            horizon_years=_whole(horizon, names["horizon"], HORIZON_YEARS, org.horizon_years),
            hourly_rate_usd=checked_rate(rate, names["rate"]),
            shown=_shown(shown, names["shown"], ids),
            reference=_reference(reference, names["reference"], ids, assumptions.reference_id),
            draws=_whole(
                draws, names["draws"], draws_range, _within(simulation.draws, draws_range)
            ),
            seed=_whole(seed, names["seed"], SEED, simulation.seed),
        )


def _number(raw: object) -> float:
    """The number a value stands for; NaN (refused by every range check) for anything else."""
    if isinstance(raw, bool):
        return math.nan
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _within(value: int, limits: tuple[int, int]) -> int:
    return min(max(value, limits[0]), limits[1])


def _whole(raw: object, name: str, limits: tuple[int, int], default: int) -> int:
    if raw is None:
        return default
    low, high = limits
    value = _number(raw)
    if not (low <= value <= high and value.is_integer()):
        reason = f"must be a whole number from {low:,} to {high:,}, got {str(raw)[:40]!r}"
        raise AssumptionErrors.one(name, "", reason)
    return int(value)


def checked_rate(raw: object, name: str = CLI_NAMES["rate"]) -> float | None:
    if raw is None:
        return None
    low, high = HOURLY_RATE_USD
    value = _number(raw)
    if not (math.isfinite(value) and low <= value <= high):
        reason = f"must be US dollars an hour from {low:g} to {high:,g}, got {str(raw)[:40]!r}"
        raise AssumptionErrors.one(name, "", reason)
    return value


def _shown(raw: object, name: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    if raw is None:
        return ids
    chosen = raw.split(",") if isinstance(raw, str) else list(raw)  # type: ignore[call-overload]
    chosen = [str(pid).strip() for pid in chosen if str(pid).strip()]
    unknown = [pid for pid in chosen if pid not in ids]
    if unknown or not chosen:
        what = f"unknown pattern id {unknown[0][:60]!r}" if unknown else "no pattern id given"
        reason = f"{what}; the patterns are {', '.join(ids)}"
        raise AssumptionErrors.one(name, "", reason)
    return tuple(pid for pid in ids if pid in chosen)  # in the folder's order, once each


def _reference(raw: object, name: str, ids: tuple[str, ...], default: str) -> str:
    if raw is None:
        return default
    if raw not in ids:
        reason = f"unknown pattern id {str(raw)[:60]!r}; the patterns are {', '.join(ids)}"
        raise AssumptionErrors.one(name, "", reason)
    return str(raw)
