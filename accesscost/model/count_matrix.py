"""The pattern x service-count matrix: where does the recommendation change?

Rows are the patterns, columns the service counts ``COUNTS`` plus the chosen one. Each cell is
one figure (``FIGURES``) at that count, banded the way the decision matrix bands it at that count:
- annual cost and TCO: the cost-impact band of the annual cost above the cheapest pattern that
  meets the requirement there (TCO: the horizon's figure above the cheapest, per horizon year);
- expected loss: the compliance band (a multiple of the lowest valid expected loss there);
- operations hours: the overhead band (a multiple of the lightest valid pattern there).
In each column the recommendation (lowest TCO among the patterns that meet the requirement and
that no published limit rules out there) is marked; a pattern a limit rules out is flagged from
the count where it stops. One ``estimate`` over every count: each figure is a numpy array.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from accesscost.inputs.loading import Assumptions
from accesscost.inputs.org_schema import Bands
from accesscost.model.engine import Estimate, PatternEstimate, estimate
from accesscost.model.limits import first_count_over
from accesscost.model.savings import annuity_factor

COUNTS = (1, 5, 10, 25, 50, 100, 250, 500, 1_000, 10_000)
# figure -> (label, unit, the decision-matrix column whose band it takes)
FIGURES = {
    "annual_usd": ("Annual cost", "USD a year", "cost_impact"),
    "tco_usd": ("TCO over the horizon", "USD", "cost_impact"),
    "compliance_usd_per_year": ("Expected loss", "USD a year", "compliance_risk"),
    "operations_hours_per_year": ("Operations hours", "hours a year", "operational_overhead"),
}
FOUR = np.array(["Low", "Medium", "High", "Very High"])
THREE = np.array(["Low", "High", "Critical"])


def matrix_counts(chosen: int) -> np.ndarray:
    """The columns: ``COUNTS`` and the chosen count, in order, each once."""
    return np.unique(np.array([*COUNTS, chosen], dtype=np.int64))


@dataclass(frozen=True)
class CountMatrix:
    """One figure of every pattern at every column's count (arrays: patterns x counts)."""

    figure: str
    counts: np.ndarray
    chosen: int
    pattern_ids: tuple[str, ...]
    values: np.ndarray  # the figure
    bands: np.ndarray  # band names, as the decision matrix would show them at that count
    ruled_out: np.ndarray  # True where a published limit stops the pattern
    meets_requirement: np.ndarray  # per pattern
    recommended: tuple[str | None, ...]  # per count
    stops_at: dict[str, int | None]  # per pattern: the first count a limit rules it out at
    result: Estimate  # the estimate behind it, over ``counts``

    @property
    def label(self) -> str:
        return FIGURES[self.figure][0]

    @property
    def unit(self) -> str:
        return FIGURES[self.figure][1]

    def column(self, count: int) -> int:
        return int(np.flatnonzero(self.counts == count)[0])

    def changes(self) -> list[tuple[int, str | None]]:
        """Each count where the recommendation differs from the column before, and the new one."""
        pairs = list(zip(self.counts.tolist(), self.recommended, strict=True))
        return [(n, pid) for (_, before), (n, pid) in itertools.pairwise(pairs) if pid != before]


def _lowest(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Per count, the lowest value among the valid cells (0 where none is valid)."""
    masked = np.where(valid, values, np.inf).min(axis=0)
    return np.where(np.isfinite(masked), masked, 0.0)


def _ratio(values: np.ndarray, best: np.ndarray) -> np.ndarray:
    """``accesscost.model.matrix._ratio`` over arrays: value / best; 1 or inf when best is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = values / np.where(best > 0, best, 1.0)
    return np.where(best > 0, ratio, np.where(values <= 0, 1.0, np.inf))


def _four(values: np.ndarray, edges) -> np.ndarray:
    """``four_band`` over an array: a value at or below an edge takes that band."""
    return FOUR[np.searchsorted([edges.low, edges.medium, edges.high], values, side="left")]


def _banded(figure: str, stack: dict, valid: np.ndarray, bands: Bands, annuity: float):
    column = FIGURES[figure][2]
    if column == "operational_overhead":
        ops = stack["operations_hours_per_year"]
        return _four(_ratio(ops, _lowest(ops, valid)), bands.operations_ratio)
    if column == "compliance_risk":
        loss = stack["compliance_usd_per_year"]
        ratio = _ratio(loss, _lowest(loss, valid))
        edges = [bands.compliance_ratio.low, bands.compliance_ratio.high]
        return THREE[np.searchsorted(edges, ratio, side="left")]
    values = stack[figure]
    extra = (values - _lowest(values, valid)) / (annuity if figure == "tco_usd" else 1.0)
    return _four(np.maximum(extra, 0.0), bands.cost_impact_usd_per_year)


def count_matrix(
    assumptions: Assumptions,
    chosen: int,
    figure: str = "annual_usd",
    *,
    horizon_years: int | None = None,
    reference_id: str | None = None,
    shown: list[str] | None = None,
) -> CountMatrix:
    """The matrix of ``figure`` for the shown patterns (all by default) over ``matrix_counts``."""
    counts = matrix_counts(chosen)
    result = estimate(assumptions, counts, horizon_years=horizon_years, reference_id=reference_id)
    ids = tuple(pid for pid in result.patterns if shown is None or pid in shown)
    stack = {name: np.stack([getattr(result.patterns[p], name) for p in ids]) for name in FIGURES}
    ruled_out = np.stack([_over_limit(result.patterns[p]) for p in ids])
    meets = np.array([result.patterns[p].pattern.meets_requirement for p in ids])
    valid = meets[:, None] & ~ruled_out
    annuity = annuity_factor(result.horizon_years, assumptions.org.discount_rate)
    bands = _banded(figure, stack, valid, assumptions.org.bands, annuity)
    tco = np.where(valid, stack["tco_usd"], np.inf)
    best = np.argmin(tco, axis=0)
    recommended = tuple(ids[b] if valid[b, c] else None for c, b in enumerate(best))
    stops = {p: first_count_over(assumptions.patterns[p], assumptions) for p in ids}
    return CountMatrix(
        figure,
        counts,
        int(chosen),
        ids,
        stack[figure],
        bands,
        ruled_out,
        meets,
        recommended,
        stops,
        result,
    )


def _over_limit(figures: PatternEstimate) -> np.ndarray:
    """Where a published limit rules the pattern out (``estimate`` always sets it)."""
    assert figures.over_limit is not None, "priced by estimate()"
    return figures.over_limit
