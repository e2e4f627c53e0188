"""The key figures of a review, once: the recommended pattern's annual cost, its saving against
the reference, the payback of moving to it and its cost over the horizon, each with its wording.

The page's metrics (with their change against the baseline), the deck's key-figures slide and
anything else that states the headline read ``KEY_FIGURES``; a new key figure is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accesscost.core.registry import Registry
from accesscost.model.engine import Estimate
from accesscost.model.matrix import recommended_id, usd
from accesscost.model.timeline import payback_text, saving_parts_text, saving_text

RECOMMENDED = "Recommended"
NO_RECOMMENDATION = "none"
NO_RECOMMENDATION_WHY = "No shown pattern meets the requirement."


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of the recommended pattern ``pid`` in ``result``: its ``label`` and its
    ``text``; ``number`` (None: not a number) is what a what-if's change is measured on, and
    ``detail`` more words about it (the saving's three parts)."""

    key: str
    label: Callable[[Estimate], str]
    text: Callable[[Estimate, str], str]
    number: Callable[[Estimate, str], float] | None = None
    lower_is_better: bool = True
    detail: Callable[[Estimate, str], str] | None = None


def reference_short(result: Estimate) -> str:
    """The reference pattern as the key figures name it: its option letter, else its name."""
    reference = result.patterns[result.reference_id].pattern
    return reference.option or reference.name


def _annual(result: Estimate, pid: str) -> float:
    return float(result.patterns[pid].annual_usd[0])


def _saving(result: Estimate, pid: str) -> float:
    return float(result.annual_savings(pid)[0])


def _tco(result: Estimate, pid: str) -> float:
    return float(result.patterns[pid].tco_usd[0])


KEY_FIGURES: Registry[KeyFigure] = Registry(
    "key figures",
    (
        KeyFigure("annual", lambda _r: "Its annual cost", lambda r, p: usd(_annual(r, p)), _annual),
        KeyFigure(
            "saving",
            lambda r: f"Saving a year vs {reference_short(r)}",
            saving_text,
            _saving,
            lower_is_better=False,
            detail=saving_parts_text,
        ),
        KeyFigure(
            "payback", lambda r: f"Payback of moving from {reference_short(r)}", payback_text
        ),
        KeyFigure(
            "tco",
            lambda r: f"Its cost over {r.horizon_years} years (TCO)",
            lambda r, p: usd(_tco(r, p)),
            _tco,
        ),
    ),
)


# Each pattern's money figures, worded once: the blueprint's panel (page and deck), the decision
# record and the assumptions diff. ``{horizon}`` is "the horizon" or "3 years".
PATTERN_FIGURES = (
    ("implementation_usd", "Implementation (one-time)"),
    ("operations_usd_per_year", "Operations a year"),
    ("compliance_usd_per_year", "Annualised loss exposure a year"),
    ("annual_usd", "Annual cost"),
    ("tco_usd", "Cost over {horizon} (TCO)"),
)


def pattern_figure_labels(horizon: str = "the horizon") -> tuple[tuple[str, str], ...]:
    """(figure, label) of each pattern figure, the TCO's label over ``horizon``."""
    return tuple((figure, label.format(horizon=horizon)) for figure, label in PATTERN_FIGURES)


def recommended(result: Estimate, shown: list[str]) -> str | None:
    return recommended_id(result, shown=shown)


def key_figure_texts(result: Estimate, pid: str) -> list[tuple[KeyFigure, str, str]]:
    """Each key figure of ``pid`` as (entry, label, text)."""
    return [(entry, entry.label(result), entry.text(result, pid)) for entry in KEY_FIGURES]
