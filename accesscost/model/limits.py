"""Published limits (a pattern's ``limits:``) checked at each count.

A limit needs ``amount`` of its quantity for each ``per`` unit, held in each ``within`` unit: the
usage is amount x count(per) / count(within), rounded up when both counts are whole numbers (the
fullest ``within`` unit holds that many). Above the limit's ceiling (an adjustable quota's
``maximum`` when known, else ``limit``) the option no longer meets the requirement at that count:
it is shown, flagged with the limit and its source as the reason, and never recommended.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accesscost.inputs.loading import Assumptions
from accesscost.inputs.schema import Limit, Pattern
from accesscost.inputs.settings import MAX_SERVICES
from accesscost.model.units import EPSILON, unit_counts


@dataclass(frozen=True)
class LimitCheck:
    """One limit of one pattern at each count: the usage, and where it is above the ceiling."""

    limit: Limit
    usage: np.ndarray

    @property
    def exceeded(self) -> np.ndarray:
        return self.usage > self.limit.ceiling + EPSILON

    def quota_words(self) -> str:
        limit = self.limit
        if limit.adjustable and limit.maximum is not None:
            return f"quota {limit.limit:,g} by default, at most {limit.maximum:,g}"
        if limit.adjustable:
            return f"quota {limit.limit:,g} (adjustable; no published maximum)"
        return f"limit {limit.limit:,g}, not adjustable"

    def reason(self, index: int, count_words: str) -> str:
        """Why the option is ruled out at the count ``index``: the limit and its source."""
        used = f"{float(np.ravel(self.usage)[index]):,g}"
        return (
            f"exceeds a published limit at {count_words}: {self.limit.quantity} needs {used}, "
            f"{self.quota_words()} ({self.limit.source})"
        )

    def record(self, index: int) -> dict:
        """The check at the count ``index``, as the JSON contract shows it."""
        limit = self.limit
        return {
            "quantity": limit.quantity,
            "per": limit.per,
            "within": limit.within,
            "usage": float(np.ravel(self.usage)[index]),
            "limit": limit.limit,
            "maximum": limit.maximum,
            "adjustable": limit.adjustable,
            "exceeded": bool(np.ravel(self.exceeded)[index]),
            "source": limit.source,
        }


def limit_usage(limit: Limit, units: dict[str, np.ndarray]) -> np.ndarray:
    """How much of the limited quantity the fullest ``within`` unit needs, at each count."""
    per, within = units[limit.per], units[limit.within]
    needed = limit.amount * per / within
    whole = all(np.issubdtype(a.dtype, np.integer) for a in (per, within))
    if whole and float(limit.amount).is_integer():
        return np.ceil(needed - EPSILON)
    return needed


def check_limits(pattern: Pattern, units: dict[str, np.ndarray]) -> tuple[LimitCheck, ...]:
    return tuple(LimitCheck(limit, limit_usage(limit, units)) for limit in pattern.limits)


def pattern_checks(assumptions: Assumptions, pattern_id: str, services) -> tuple[LimitCheck, ...]:
    """The checks of one pattern's limits at each of ``services``."""
    counts = np.atleast_1d(np.asarray(services))
    units = unit_counts(counts, assumptions.decision, assumptions.org)
    return check_limits(assumptions.patterns[pattern_id], units)


def over_limit(pattern: Pattern, assumptions: Assumptions, services: np.ndarray) -> np.ndarray:
    """True at each count where one of the pattern's published limits (``Pattern.limits``,
    checked by ``check_limits``) is exceeded: it is ruled out there."""
    units = unit_counts(services, assumptions.decision, assumptions.org)
    over = np.zeros(np.shape(services), dtype=bool)
    for check in check_limits(pattern, units):
        over |= np.broadcast_to(check.exceeded, over.shape)
    return over


def first_count_over(pattern: Pattern, assumptions: Assumptions) -> int | None:
    """The smallest count (1 to ``MAX_SERVICES``) a limit rules the pattern out at; None: none.
    Every count is checked at once (one array): a limit's usage need not be linear in the count."""
    if not pattern.limits:
        return None
    counts = np.arange(1, MAX_SERVICES + 1)
    over = over_limit(pattern, assumptions, counts)
    return int(counts[over][0]) if over.any() else None


@dataclass(frozen=True)
class LimitEnd:
    """Where a pattern stops being valid over a sweep: the first count above a limit."""

    count: int
    quantity: str  # the limit exceeded there
    noun: str  # the decision's counted unit, plural

    def text(self, name: str) -> str:
        return f"{name} exceeds a published limit from {self.count:,} {self.noun}: {self.quantity}"


def limit_end(assumptions: Assumptions, pattern_id: str, counts) -> LimitEnd | None:
    """The lowest of ``counts`` at which one of the pattern's limits is exceeded (None: none)."""
    counts = np.atleast_1d(np.asarray(counts))
    best: LimitEnd | None = None
    for check in pattern_checks(assumptions, pattern_id, counts):
        exceeded = np.broadcast_to(check.exceeded, counts.shape)
        if exceeded.any():
            first = int(np.min(counts[exceeded]))
            if best is None or first < best.count:
                noun = assumptions.decision.counted.plural
                best = LimitEnd(first, check.limit.quantity, noun)
    return best


def limit_ends(assumptions: Assumptions, pattern_ids, counts) -> dict[str, LimitEnd]:
    """``limit_end`` of each pattern that has one over ``counts``."""
    ends = {pid: limit_end(assumptions, pid, counts) for pid in pattern_ids}
    return {pid: end for pid, end in ends.items() if end is not None}


def within_limits(assumptions: Assumptions, services: int) -> Assumptions:
    """The assumptions at one count: a pattern that exceeds a limit there is marked as not
    meeting the requirement, the limit and its source added to its requirement gap. Applying it
    twice at the same count changes nothing more."""
    words = assumptions.decision.count_words(services)
    patterns = {}
    for pid, pattern in assumptions.patterns.items():
        checks = pattern_checks(assumptions, pid, [services])
        reasons = [check.reason(0, words) for check in checks if check.exceeded[0]]
        patterns[pid] = _ruled_out(pattern, reasons)
    return assumptions.with_patterns(patterns)


def _ruled_out(pattern: Pattern, reasons: list[str]) -> Pattern:
    gap = pattern.requirement_gap or ""
    new = [reason for reason in reasons if reason not in gap]
    if not new:
        return pattern
    text = "; ".join([gap, *new] if gap else new)
    return pattern.model_copy(update={"meets_requirement": False, "requirement_gap": text})
