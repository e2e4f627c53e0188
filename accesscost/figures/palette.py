"""Colours: one per pattern, the same on every chart and in the matrix, colour-blind safe.

Pattern colours are the Okabe-Ito palette (Okabe & Ito, "Color Universal Design"), assigned by the
pattern's position among all loaded patterns, so hiding a pattern never recolours the others. Band
colours run light to dark and every band is also written out, so no reading depends on hue alone.
"""

from __future__ import annotations

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

# Each band's fill and its text colour, at least 4.5:1 apart (WCAG 2.1 AA for normal text,
# ``tests/export/test_deck_legibility.py``): Very High's fill was C8553D, 4.35:1 under white.
BAND_COLOURS = {
    "Low": ("#DCEFE6", "#0B3D2E"),
    "Medium": ("#FFF1C2", "#4A3700"),
    "High": ("#F9C58D", "#4A2400"),
    "Very High": ("#C0503A", "#FFFFFF"),
    "Critical": ("#8E1B1B", "#FFFFFF"),
}
CATEGORY_COLOURS = {
    "implementation": "#999999",
    "labour": "#56B4E9",
    "tooling": "#E69F00",
    "compliance": "#D55E00",
}


def pattern_colours(all_pattern_ids: list[str]) -> dict[str, str]:
    """A fixed colour for each pattern id, in the order the patterns were loaded."""
    return {pid: OKABE_ITO[i % len(OKABE_ITO)] for i, pid in enumerate(all_pattern_ids)}


def pattern_dashes(all_pattern_ids: list[str]) -> dict[str, str]:
    """A line style per pattern, so lines differ by more than colour."""
    return {pid: DASHES[i % len(DASHES)] for i, pid in enumerate(all_pattern_ids)}


# Blueprint diagrams: a node's kind sets its outline colour (Okabe-Ito again) and its shape; the
# weak link is drawn in the compliance colour of the cost charts, so risk reads the same everywhere.
NODE_COLOURS = {
    "actor": "#56B4E9",
    "bucket": "#009E73",
    "compute": "#0072B2",
    "identity": "#E69F00",
    "credential-store": "#CC79A7",
    "network-control": "#000000",
}
RISK_COLOUR = CATEGORY_COLOURS["compliance"]
EDGE_COLOUR = "#52606D"


def tint(colour: str, amount: float = 0.82) -> str:
    """``#RRGGBB`` mixed with white (``amount`` of white): a light fill behind dark text."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)
