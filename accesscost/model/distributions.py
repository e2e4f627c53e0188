"""Random draws of the quantities in assumption files, one small function per kind.

Every draw takes ``rng``, a ``numpy.random.Generator`` chosen by the caller (the same seed gives
the same numbers), and ``size``, how many values to draw: one per simulated year. Each kind is
drawn so that the mean of its draws is the quantity's ``mean()``, the figure the deterministic
engine uses, so a Monte Carlo mean converges to the engine's headline figure:

- ``Point(value)``: the value every time (no uncertainty);
- ``Interval90(low, high)``: a lognormal with 5th percentile ``low`` and 95th percentile ``high``
  (``rng.lognormal(mu, sigma)``, mean exp(mu + sigma^2 / 2));
- ``Pert(low, mode, high)``: a beta-PERT, low + (high - low) x Beta(a, b) with
  a = 1 + 4 (mode - low) / (high - low) and b = 1 + 4 (high - mode) / (high - low),
  mean (low + 4 mode + high) / 6; a range of zero width (low == high) is that value every time.
  Beta(a, b) is drawn by inverting its CDF: one uniform draw, read off the Beta's quantiles at
  4,096 equal steps of probability (linear between them), tabulated once per shape from the CDF
  integrated on 16,384 steps. numpy's ``beta`` draws two gammas per value and was 60% of a
  simulation; the table is about four times faster, and differs from the exact Beta by under
  1/4,096 in probability (a Kolmogorov distance far below the noise of any sample we draw).

Probabilities are drawn the same way and then clipped to [0, 1]: only a 90% interval can stray
above 1 (its upper 5% tail), and only when ``high`` is close to 1; clipping lowers its mean there.

The module also says where the quantities of an assumption set live (``pattern_quantities``), so
that each gets its own random stream (``stream``) and can be swung on its own
(``accesscost.model.sensitivity``).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

import numpy as np

from accesscost.core.quantity import Interval90, Pert, Point, Quantity
from accesscost.inputs.org_schema import Org
from accesscost.inputs.schema import Pattern, Threat

# The sections of a pattern that make up its TCO (decommission is priced only when migrating).
TCO_SECTIONS = ("implementation", "operations", "compliance", "risks")
PROBABILITY_FIELDS = ("annual_probability", "vulnerability", "secondary_probability")


def draw_point(quantity: Point, size: int) -> np.ndarray:
    """``size`` copies of a fixed value."""
    return np.full(size, quantity.value, dtype=float)


def draw_interval90(quantity: Interval90, rng: np.random.Generator, size: int) -> np.ndarray:
    """Lognormal draws whose 5th and 95th percentiles are ``quantity.low`` and ``quantity.high``."""
    return rng.lognormal(quantity.mu, quantity.sigma, size)


def pert_shapes(quantity: Pert) -> tuple[float, float]:
    """The two Beta shape parameters of a beta-PERT on [low, high] with its mode at ``mode``."""
    width = quantity.high - quantity.low
    alpha = 1 + 4 * (quantity.mode - quantity.low) / width
    beta = 1 + 4 * (quantity.high - quantity.mode) / width
    return alpha, beta


BETA_QUANTILE_STEPS = 4_096  # equal steps of probability between tabulated quantiles
BETA_CDF_STEPS = 16_384  # steps of x on which the CDF is integrated


@functools.lru_cache(maxsize=512)
def beta_table(alpha: float, beta: float) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of Beta(alpha, beta) (both at least 1, as in every PERT) at probabilities
    0, 1/4096, ..., 1: its density integrated by the trapezoid rule, then inverted; and the
    rise from each quantile to the next (what a draw between them interpolates)."""
    x = np.linspace(0.0, 1.0, BETA_CDF_STEPS + 1)
    density = np.power(x, alpha - 1) * np.power(1 - x, beta - 1)  # 0 ** 0 is 1
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2)))
    quantiles = np.interp(np.linspace(0.0, 1.0, BETA_QUANTILE_STEPS + 1), cdf / cdf[-1], x)
    rises = quantiles[1:] - quantiles[:-1]
    for table in (quantiles, rises):
        table.flags.writeable = False  # shared by every caller
    return quantiles, rises


def beta_quantiles(alpha: float, beta: float) -> np.ndarray:
    """The tabulated quantiles of Beta(alpha, beta) (``beta_table``)."""
    return beta_table(alpha, beta)[0]


def quantiles_at(
    table: tuple[np.ndarray, np.ndarray], uniform: np.ndarray, overwrite: bool = False
) -> np.ndarray:
    """The tabulated quantiles of ``table`` (``beta_table``: equal probability steps) at the
    probabilities ``uniform`` (each in [0, 1)), linearly interpolated; ``overwrite``:
    ``uniform`` may be used as scratch."""
    quantiles, rises = table
    position = uniform if overwrite else uniform.copy()
    position *= rises.size  # in [0, steps): a step and its share
    step = position.astype(np.intp)
    position -= step  # the share (in place: no new arrays, the draws of a sweep are many)
    drawn = rises.take(step)
    drawn *= position
    drawn += quantiles.take(step)
    return drawn


def pert_at(quantity: Pert, uniform: np.ndarray) -> np.ndarray:
    """The beta-PERT's values at the probabilities ``uniform`` (used as scratch)."""
    width = quantity.high - quantity.low
    if width <= 0:
        return np.full(uniform.size, float(quantity.low))
    drawn = quantiles_at(beta_table(*pert_shapes(quantity)), uniform, overwrite=True)
    drawn *= width
    drawn += quantity.low
    return drawn


def draw_pert(quantity: Pert, rng: np.random.Generator, size: int) -> np.ndarray:
    """Beta-PERT draws between ``low`` and ``high``, most often near ``mode``."""
    if quantity.high - quantity.low <= 0:
        return np.full(size, quantity.low, dtype=float)
    return pert_at(quantity, rng.random(size))


def draw(quantity: Quantity, rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` draws of any quantity: one per simulated year (or per event, for impacts)."""
    if isinstance(quantity, Interval90):
        return draw_interval90(quantity, rng, size)
    if isinstance(quantity, Pert):
        return draw_pert(quantity, rng, size)
    return draw_point(quantity, size)


def draw_probability(quantity: Quantity, rng: np.random.Generator, size: int) -> np.ndarray:
    """Draws of a probability, clipped to [0, 1] (see the module docstring); a PERT inside
    [0, 1) needs no clipping."""
    drawn = draw(quantity, rng, size)
    if isinstance(quantity, Pert) and quantity.low >= 0 and quantity.high < 1:
        return drawn
    return np.clip(drawn, 0.0, 1.0)


def is_uncertain(quantity: Quantity) -> bool:
    """True for a range that has some width (a point or a zero-width range is fixed)."""
    return not isinstance(quantity, Point) and quantity.high > quantity.low


# --- where the quantities live, and a random stream for each ------------------------------------


@dataclass(frozen=True)
class QuantityPath:
    """Where one quantity sits: ``pattern_id`` ("" for org), section, item name and field."""

    pattern_id: str
    section: str
    item: str
    field: str
    quantity: Quantity

    @property
    def key(self) -> str:
        return "/".join((self.pattern_id or "org", self.section, self.item, self.field))

    @property
    def is_probability(self) -> bool:
        return self.field in PROBABILITY_FIELDS


def item_quantities(pattern_id: str, section: str, item) -> list[QuantityPath]:
    """The quantities of one line item, in field order (hours, usd, probability, impact)."""
    return [
        QuantityPath(pattern_id, section, item.name, field, value)
        for field, value in item
        if isinstance(value, Point | Interval90 | Pert)
    ]


def pattern_quantities(pattern: Pattern, sections=TCO_SECTIONS) -> list[QuantityPath]:
    """Every quantity of a pattern's line items in ``sections``, in file order."""
    return [
        path
        for section in sections
        for item in getattr(pattern, section)
        for path in item_quantities(pattern.id, section, item)
    ]


def org_quantities(org: Org) -> list[QuantityPath]:
    """The organisation-wide quantities shared by every pattern: the loaded hourly rate."""
    rate = org.labour.hourly_rate_usd
    return [QuantityPath("", "labour", "hourly rate", "hourly_rate_usd", rate)]


def threat_quantities(threats: dict[str, Threat]) -> list[QuantityPath]:
    """The quantities of the decision's threats, shared by every pattern: each threat's
    frequency and clean-up cost (section "threats", no pattern)."""
    return [
        QuantityPath("", "threats", threat.id, field, getattr(threat, field))
        for threat in threats.values()
        for field in ("tef", "cleanup_usd_per_service")
    ]


def stream(root: int, key: str) -> np.random.Generator:
    """An independent generator for one quantity, fixed by the simulation's root seed and its key.

    Each quantity drawing from its own stream means its draws do not change when another pattern
    or item is added, removed or edited (common random numbers for what-ifs), and two independent
    risks never share draws.
    """
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return np.random.default_rng([root, int.from_bytes(digest, "little")])
