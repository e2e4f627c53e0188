"""How to read each chart: one sentence that states its conclusion in plain words, computed from
the numbers the chart draws, and the Uncertainty section's plain line and method.

Pure functions of plain numbers (names are the patterns' option letters, or whatever short name
the caller gives): the figure registry (``accesscost.figures.registry``, each ``FigureSpec``'s
``reading``) feeds them from the model's results, so the page and the deck read the same sentence.
The sentences are plain text: whoever shows them escapes them for where they go.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from accesscost.model.matrix import usd

ONE_IN = 20  # the loss exceedance reading: the loss that 1 year in this many exceeds
MAX_RUNS = 4  # the cost-by-count reading names at most this many stretches of counts


def _names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- annual cost by count ------------------------------------------------------------------------


def _cheapest_runs(counts: Sequence[int], annual: Mapping[str, Sequence[float]]) -> list[list]:
    """[name, first count, last count] for each stretch of counts where one pattern costs least
    (a cost that is not finite, such as past a published limit, never counts as least)."""
    names = list(annual)
    costs = np.array([np.asarray(annual[name], dtype=float) for name in names])
    costs = np.where(np.isfinite(costs), costs, np.inf)
    runs: list[list] = []
    for column, count in enumerate(counts):
        if not np.isfinite(costs[:, column]).any():
            runs.append([None, count, count])
            continue
        name = names[int(np.argmin(costs[:, column]))]
        if runs and runs[-1][0] == name:
            runs[-1][2] = count
        else:
            runs.append([name, count, count])
    return [run for run in runs if run[0] is not None]


def _stretch(name: str, low: int, high: int) -> str:
    return f"{name} at {low:,}" if low == high else f"{name} from {low:,} to {high:,}"


def cheapest_by_count(
    counts: Sequence[int], annual: Mapping[str, Sequence[float]], plural: str = "services"
) -> str:
    """Which pattern is cheapest a year where, over the counts drawn. ``annual``: each candidate's
    annual cost at each count (the patterns that meet the requirement)."""
    runs = _cheapest_runs(counts, annual) if annual else []
    if not runs:
        return "No pattern that meets the requirement is drawn at these counts."
    if len(runs) == 1:
        name, low, high = runs[0]
        return (
            f"Of the patterns that meet the requirement, {name} costs least a year at every count "
            f"drawn, {low:,} to {high:,} {plural}."
        )
    parts = [_stretch(name, low, high) for name, low, high in runs[:MAX_RUNS]]
    more = len(runs) - MAX_RUNS
    tail = f", and the lead changes {more} more times" if more > 0 else ""
    return (
        f"Cheapest a year of the patterns that meet the requirement: {', then '.join(parts)} "
        f"{plural}{tail}."
    )


# --- annual cost by category, savings, cumulative cost -------------------------------------------


def cost_by_category(parts: Mapping[str, Mapping[str, float]], at: str) -> str:
    """The least and the most costly pattern a year at the count, and what most of the dearest
    one's cost is. ``parts``: name -> category label -> USD a year; ``at``: "50 services"."""
    if not parts:
        return "No pattern is drawn."
    totals = {name: sum(split.values()) for name, split in parts.items()}
    least, most = min(totals, key=lambda k: totals[k]), max(totals, key=lambda k: totals[k])
    biggest = max(parts[most], key=lambda k: parts[most][k])
    what = f"most of it {biggest.lower()}"
    if least == most:
        return f"At {at}, {most} costs {usd(totals[most])} a year, {what}."
    return (
        f"At {at}, {least} costs least a year ({usd(totals[least])}) and {most} most "
        f"({usd(totals[most])}, {what})."
    )


def largest_saving(savings: Mapping[str, float], reference: str, at: str) -> str:
    """The pattern that saves most a year against the reference. ``savings``: name -> USD a year,
    for the patterns that meet the requirement, the reference left out."""
    if not savings:
        return f"No pattern that meets the requirement is drawn besides {reference}."
    best = max(savings, key=lambda k: savings[k])
    if savings[best] <= 0:
        return f"At {at}, no pattern that meets the requirement costs less a year than {reference}."
    return f"Against {reference} at {at}, {best} saves the most: {usd(savings[best])} a year."


def soonest_payback(paybacks: Mapping[str, float | None], reference: str, years: int) -> str:
    """The pattern whose move from the reference pays back first. ``paybacks``: name -> month of
    payback, None when it does not pay back within the horizon, for the patterns that meet the
    requirement."""
    paying = {name: month for name, month in paybacks.items() if month is not None}
    if not paying:
        return (
            f"No pattern that meets the requirement pays back the move from {reference} within "
            f"{years} years."
        )
    first = min(paying, key=lambda k: paying[k])
    return f"Moving from {reference} pays back soonest with {first}, in {paying[first]:.1f} months."


# --- loss exceedance ------------------------------------------------------------------------------


def one_in_loss(sample: Sequence[float], one_in: int = ONE_IN) -> float | None:
    """The largest loss that at least 1 year in ``one_in`` exceeds, from a sample of annual losses;
    None when fewer years than that exceed even the smallest loss drawn."""
    ordered = np.sort(np.asarray(sample, dtype=float))
    years_above = ordered.size - np.searchsorted(ordered, ordered, side="right")
    above = ordered[years_above * one_in >= ordered.size]  # whole numbers: no rounding
    return float(above.max()) if above.size else None


def _one_in_words(loss: float | None, one_in: int) -> str:
    if loss is None:
        return f"fewer than 1 year in {one_in} loses anything"
    if loss <= 0:
        return f"1 year in {one_in} has a loss"
    return f"1 year in {one_in} loses more than {usd(loss)}"


def loss_exceedance(samples: Mapping[str, Sequence[float]], one_in: int = ONE_IN) -> str:
    """What a bad year (1 in ``one_in``) loses, for the patterns losing most and least.
    ``samples``: name -> the simulated years' losses."""
    if not samples:
        return "No pattern is drawn."
    losses = {name: one_in_loss(sample, one_in) for name, sample in samples.items()}
    ranked = sorted(losses, key=lambda name: losses[name] or 0.0)
    least, most = ranked[0], ranked[-1]
    if losses[least] == losses[most]:
        return f"{_names(ranked)}: {_one_in_words(losses[most], one_in)}."
    return (
        f"{most}: {_one_in_words(losses[most], one_in)} (the most); "
        f"{least}: {_one_in_words(losses[least], one_in)} (the least)."
    )


# --- tornado, score, risk matrix ------------------------------------------------------------------


def largest_swing(bars: Sequence[tuple[str, float, float]], base: float) -> str:
    """The input that moves the answer most. ``bars``: (input, answer with the input at its P10,
    at its P90), largest swing first; ``base``: the answer with every input at its mean."""
    moving = [bar for bar in bars if bar[1] != bar[2]]
    if not moving:
        return "No uncertain input moves this answer: every input is a fixed value."
    name, low, high = moving[0]
    return (
        f"{name} moves the answer most: from {usd(low)} to {usd(high)} as it goes from its P10 "
        f"to its P90 ({usd(base)} with every input at its mean)."
    )


def best_score(scores: Sequence[tuple[str, float, bool]]) -> str:
    """The option that scores best. ``scores``: (name, score 0 to 1, meets the requirement), best
    first (those that do not meet it ranked last)."""
    if not scores:
        return "No pattern is scored."
    name, score, meets = scores[0]
    if not meets:
        return (
            f"No pattern meets the requirement; of those shown, {name} scores best ({score:.2f})."
        )
    tied = [other for other, value, ok in scores[1:] if ok and round(value, 2) == round(score, 2)]
    if tied:
        return f"{_names([name, *tied])} score best together, {score:.2f} of 1."
    if len(scores) == 1:
        return f"{name} scores {score:.2f} of 1."
    second, value, _ = scores[1]
    return f"{name} scores best, {score:.2f} of 1, ahead of {second} at {value:.2f}."


def _how_often(events_a_year: float) -> str:
    if events_a_year <= 0:
        return "never"
    if events_a_year < 1:
        return f"about once in {1 / events_a_year:,.0f} years"
    return f"about {events_a_year:,.1f} times a year"


def largest_exposure(points: Sequence[tuple[str, str, float, float, float]]) -> str:
    """The risk with the largest expected loss a year. ``points``: (pattern, risk, loss events a
    year, loss per event in USD, expected loss a year in USD), as the risk matrix draws them."""
    if not points:
        return "No risk is drawn."
    pattern, risk, events, each, expected = max(points, key=lambda point: point[4])
    return (
        f"The largest expected loss is {risk} with {pattern}: {usd(expected)} a year, "
        f"{_how_often(events)} at {usd(each)} each."
    )


# --- the Uncertainty section ----------------------------------------------------------------------


def uncertainty_line(draws: int, years: int) -> str:
    """The section's one plain line."""
    return (
        f"The model was run {draws:,} times over {years} years, each time with every uncertain "
        "number drawn afresh from its range: where the runs agree, the answer is firm."
    )


def method_text(draws: int, years: int, seed: int) -> str:
    """The statistics behind the section, for its Method expander."""
    return (
        f"{draws:,} simulated worlds over {years} years each (seed {seed}): ranges drawn once "
        "per world as lognormal (90% intervals) or PERT; each year draws its own risk events, "
        "each unit at most once a year with the item's annual probability. Means are each "
        "world's expected loss averaged (conditional expectation); hover a matrix band for its "
        "Monte Carlo standard error."
    )
