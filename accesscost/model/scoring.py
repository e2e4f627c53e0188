"""A weighted decision score: the reviewers' weights over five criteria, patterns ranked.

Criteria, each measured so that lower is better, at one service count:
- ``cost``: what the pattern costs in money without its expected loss, which is ``risk``:
  implementation USD + the horizon's cash and labour (the TCO less its expected loss; with
  ``cost_figure="annual_usd"``, cash + labour a year), so no dollar is counted twice;
- ``risk``: compliance expected loss USD a year;
- ``overhead``: operations hours a year;
- ``implementation_time``: one-time implementation hours;
- ``security_posture``: the pattern's rating, strong (best), adequate, weak, none (worst).

Each criterion is normalised across the patterns shown: 1 for the best (lowest) value, 0 for the
worst, linear in between (all equal: 1 for every pattern, the criterion does not separate them).
The score is the weighted mean of the normalised criteria, 0 to 1, higher is better. Weights are
any non-negative numbers (only their ratios matter), not all zero.

Patterns are ranked by score, but a pattern that does not meet the requirement is always ranked
after every pattern that does, however well it scores: it is shown, never recommended.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from accesscost.core.errors import AssumptionErrors
from accesscost.model.engine import Estimate
from accesscost.model.savings import annuity_factor

CRITERIA = (
    ("cost", "Cost (implementation, cash and labour)"),
    ("risk", "Risk (annualised loss exposure)"),
    ("overhead", "Operational overhead"),
    ("implementation_time", "Implementation time"),
    ("security_posture", "Security posture"),
)
COST_FIGURES = ("tco_usd", "annual_usd")
POSTURE_RANK = {"strong": 0, "adequate": 1, "weak": 2, "none": 3}  # lower is better


@dataclass(frozen=True)
class Weights:
    """How much each criterion counts; any non-negative numbers, not all zero."""

    cost: float = 1.0
    risk: float = 1.0
    overhead: float = 1.0
    implementation_time: float = 1.0
    security_posture: float = 1.0

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise AssumptionErrors.one("weights", name, f"must be a number, got {value!r}")
            if not math.isfinite(value) or value < 0:
                reason = f"must be a non-negative number, got {value!r}"
                raise AssumptionErrors.one("weights", name, reason)
        if self.total == 0:
            reason = "at least one weight must be above 0 (all five are 0)"
            raise AssumptionErrors.one("weights", "", reason)

    @property
    def total(self) -> float:
        return float(sum(asdict(self).values()))

    @classmethod
    def from_mapping(cls, weights: dict[str, float]) -> Weights:
        """Weights from a mapping; a criterion left out weighs 0, an unknown one is an error."""
        known = [key for key, _ in CRITERIA]
        for name in weights:
            if name not in known:
                reason = f"unknown criterion {name!r}; known: {', '.join(known)}"
                raise AssumptionErrors.one("weights", name, reason)
        return cls(**{key: weights.get(key, 0.0) for key in known})


def criterion_values(
    result: Estimate, pattern_id: str, index: int = 0, cost_figure: str = "tco_usd"
) -> dict[str, float]:
    """The raw value of each criterion for one pattern (lower is better for all)."""
    figures = result.patterns[pattern_id]
    loss = figures.compliance_usd_per_year[index]
    if cost_figure == "tco_usd":
        cost = (
            figures.tco_usd[index]
            - annuity_factor(result.horizon_years, figures.discount_rate) * loss
        )
    else:
        cost = figures.annual_usd[index] - loss
    return {
        "cost": float(cost),
        "risk": float(figures.compliance_usd_per_year[index]),
        "overhead": float(figures.operations_hours_per_year[index]),
        "implementation_time": float(figures.implementation_hours[index]),
        "security_posture": float(POSTURE_RANK[figures.pattern.security_posture.rating]),
    }


def normalise(values: dict[str, float]) -> dict[str, float]:
    """1 for the lowest value, 0 for the highest, linear between; all equal: 1 for all."""
    best, worst = min(values.values()), max(values.values())
    if worst == best:
        return dict.fromkeys(values, 1.0)
    return {key: (worst - value) / (worst - best) for key, value in values.items()}


@dataclass(frozen=True)
class Score:
    """One pattern's place: its score, rank (1 = first) and what each criterion contributed."""

    pattern_id: str
    label: str
    meets_requirement: bool
    score: float  # 0 to 1, higher is better
    rank: int
    normalised: dict[str, float]  # criterion -> 0 (worst shown) .. 1 (best shown)
    contributions: dict[str, float]  # criterion -> weight share x normalised; sums to ``score``
    raw: dict[str, float]


def _check_cost_figure(cost_figure: str) -> None:
    if cost_figure not in COST_FIGURES:
        reason = f"must be one of {', '.join(COST_FIGURES)}, got {cost_figure!r}"
        raise AssumptionErrors.one("cost_figure", "", reason)


def _shown_ids(result: Estimate, shown: list[str] | None) -> list[str]:
    ids = [pid for pid in result.patterns if shown is None or pid in shown]
    if not ids:
        raise AssumptionErrors.one("patterns", "", "no pattern to score: show at least one")
    return ids


def _contributions(normalised: dict, weights: Weights, pattern_id: str) -> dict[str, float]:
    share = {key: value / weights.total for key, value in asdict(weights).items()}
    return {key: share[key] * normalised[key][pattern_id] for key, _ in CRITERIA}


def decision_scores(
    result: Estimate,
    weights: Weights,
    index: int = 0,
    shown: list[str] | None = None,
    cost_figure: str = "tco_usd",
) -> list[Score]:
    """Score and rank the shown patterns at ``result.services[index]``; first = recommended."""
    _check_cost_figure(cost_figure)
    ids = _shown_ids(result, shown)
    raw = {pid: criterion_values(result, pid, index, cost_figure) for pid in ids}
    normalised = {key: normalise({pid: raw[pid][key] for pid in ids}) for key, _ in CRITERIA}
    unranked = []
    for pid in ids:
        contributions = _contributions(normalised, weights, pid)
        unranked.append((pid, sum(contributions.values()), contributions))
    pattern = {pid: result.patterns[pid].pattern for pid in ids}
    order = sorted(unranked, key=lambda row: (not pattern[row[0]].meets_requirement, -row[1]))
    return [
        Score(
            pid,
            pattern[pid].label,
            pattern[pid].meets_requirement,
            score,
            rank,
            {key: normalised[key][pid] for key, _ in CRITERIA},
            contributions,
            raw[pid],
        )
        for rank, (pid, score, contributions) in enumerate(order, start=1)
    ]
