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

BAND_COLOURS = {
    "Low": ("#DCEFE6", "#0B3D2E"),
    "Medium": ("#FFF1C2", "#4A3700"),
    "High": ("#F9C58D", "#4A2400"),
    "Very High": ("#C8553D", "#FFFFFF"),
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
