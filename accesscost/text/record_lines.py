"""The sentences of a decision record, written from the numbers: money with its P10-P90,
the break-even count, and each "Good, because ..." / "Bad, because ..." line comparing an option
with another (cash, labour, expected loss, hours, posture, the risk tolerance)."""

from __future__ import annotations

from accesscost.core.markdown import bullets, escape
from accesscost.model.matrix import usd
from accesscost.text.records import PatternFigures, RecordFigures

TOOLS = {"prowler": "Prowler check", "aws-config": "AWS Config rule"}


POSTURE = {"strong": "Good", "adequate": "Neutral", "weak": "Bad", "none": "Bad"}


ZERO = 0.5  # USD: differences below this are no difference


def money(amount: float) -> str:
    return escape(usd(amount))


def spread_text(figures: PatternFigures, figure: str) -> str:
    spread = figures.spreads[figure]
    return f"{money(spread.p10)}–{money(spread.p90)}"


def sentence(text: str) -> str:
    """Escaped text ending with a full stop."""
    flat = escape(text)
    return flat if flat.endswith((".", "!", "?")) else f"{flat}."


ONE_IN_A_THOUSAND = 0.001  # shares nearer 0 or 1 than this read "under 0.1%", "over 99.9%"
TENTH = 0.1  # shares nearer 0 or 1 than this keep a decimal (2.5%, 97.5%)
EVEN_ODDS = 0.5  # P(cheaper) above: good; below: bad
ROUNDS_TO_ZERO_HOURS = 0.05  # a gap in hours a year that prints as 0.0


def percent(share: float) -> str:
    if 0 < share < ONE_IN_A_THOUSAND:
        return "under 0.1%"
    if 1 - ONE_IN_A_THOUSAND < share < 1:
        return "over 99.9%"
    near_an_end = share < TENTH or share > 1 - TENTH
    return f"{share:.1%}" if near_an_end else f"{share:.0%}"


def escaped_label(pattern: PatternFigures) -> str:
    return escape(pattern.label)


def break_even_text(figures: RecordFigures, other: str) -> str:
    crossing = figures.break_even.get(other)
    if crossing is None:
        return "not computed"
    low, high = crossing.services_range
    decision = figures.decision
    if crossing.p50 is None:
        return f"never, between {low:,} and {decision.count_words(high)}"
    return (
        f"{decision.count_words(crossing.p50)} "
        f"(P10–P90 {crossing.p10:,.0f}–{crossing.p90:,.0f}), "
        f"in the {percent(crossing.crossing_fraction)} of simulated years whose costs cross "
        f"below {high:,}"
    )


def comparison(figures: RecordFigures, subject: PatternFigures, other: PatternFigures) -> list:
    """Good / Neutral / Bad lines for ``subject`` against ``other``, from the numbers."""
    name, lines = escaped_label(other), []
    if not other.meets_requirement and subject.meets_requirement:
        lines.append(("Good", f"it meets the requirement, which {name} does not"))
    lines += _money_lines(subject, other, name)
    lines += _hours_lines(subject, other, name)
    p = _p_cheaper(figures, subject.id, other.id)
    if p is not None:
        kind = "Good" if p > EVEN_ODDS else "Bad" if p < EVEN_ODDS else "Neutral"
        only = "only " if p < EVEN_ODDS else ""
        lines.append(
            (
                kind,
                f"it is cheaper than {name} over {figures.horizon_years} years in "
                f"{only}{percent(p)} of simulated years",
            )
        )
    return lines


MONEY_LINES = (
    ("tooling_usd_per_year", "a year in tooling"),
    ("labour_usd_per_year", "a year in operations labour"),
    ("compliance_usd_per_year", "a year of annualised loss exposure"),
    ("implementation_usd", "one-time to implement"),
)


def _money_lines(subject: PatternFigures, other: PatternFigures, name: str) -> list:
    lines = []
    for figure, what in MONEY_LINES:
        gap = other.figures[figure] - subject.figures[figure]
        if abs(gap) < ZERO:
            continue
        more_or_less = "less" if gap > 0 else "more"
        lines.append(
            (
                "Good" if gap > 0 else "Bad",
                f"it costs {money(abs(gap))} {more_or_less} {what} than {name} "
                f"({money(subject.figures[figure])} against "
                f"{money(other.figures[figure])})",
            )
        )
    return lines


def _hours_lines(subject: PatternFigures, other: PatternFigures, name: str) -> list:
    gap = other.figures["operations_hours_per_year"] - subject.figures["operations_hours_per_year"]
    if abs(gap) < ROUNDS_TO_ZERO_HOURS:
        return []
    fewer = "fewer" if gap > 0 else "more"
    text = f"it takes {abs(gap):,.1f} {fewer} engineer hours a year to run than {name}"
    return [("Good" if gap > 0 else "Bad", text)]


def _p_cheaper(figures: RecordFigures, first: str, second: str) -> float | None:
    if first == figures.recommended:
        return figures.p_cheaper.get(second)
    if second == figures.recommended and first in figures.p_cheaper:
        return 1.0 - figures.p_cheaper[first]
    return None


def good_bad_bullets(pairs) -> str:
    return bullets([f"{kind}, because {text}" for kind, text in pairs])


def posture_line(pattern: PatternFigures) -> tuple[str, str]:
    return (
        POSTURE[pattern.security_rating],
        f"its security posture is {pattern.security_rating}: {escape(pattern.security_note)}",
    )


def tolerance_line(figures: RecordFigures, pattern: PatternFigures) -> tuple[str, str] | None:
    tolerance, p = figures.tolerance, pattern.p_exceeds_tolerance
    if tolerance is None or p is None:
        return None
    within = p <= tolerance.probability
    return (
        "Good" if within else "Bad",
        f"the chance of a year losing more than {money(tolerance.loss_usd)} is {percent(p)}, "
        f"{'within' if within else 'above'} the {percent(tolerance.probability)} the "
        f"organisation accepts",
    )
