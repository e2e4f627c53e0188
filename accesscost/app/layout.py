"""Page-wide layout for a review room: a 1280x720 projector shows the question, the
recommendation and its figures above the fold, with room text at 14 px or more."""

from __future__ import annotations

import streamlit as st

from accesscost.core.safe_text import markdown_literal

# Streamlit's wide layout starts the page 6rem down with a 2.75rem title that wraps to two lines
# at 1280 px; these keep the key figures above a 720 px fold. Its 5rem side margins become 3rem:
# with the sidebar open at 1280 px the decision matrix gets 884 px instead of 820, what its five
# criteria need side by side (``accesscost.app.matrices.wrapped_px``). Metric labels are 14 px
# by default: kept; captions (12.8 px) go to 14 px, the smallest size meant for the room. While
# a rerun is on its way, Streamlit marks what it has not redrawn yet with data-stale="true" but
# fades it only after about a second, so a 0.3 s rerun showed the new count in the sidebar
# beside the old figures: here the stale elements dim at once and come back as each is redrawn.
PAGE_STYLE = """
<style>
.stMainBlockContainer, [data-testid="stMainBlockContainer"] {padding-top: 3.6rem;
  padding-left: 3rem; padding-right: 3rem;}
h1 {font-size: 2rem !important; padding-top: 0 !important; line-height: 1.2 !important;}
[data-testid="stCaptionContainer"] {font-size: 14px;}
[data-testid="stMetricValue"] > div {white-space: normal; overflow-wrap: anywhere;}
[data-testid="stElementContainer"][data-stale="true"] {opacity: 0.45 !important;
  transition: opacity 0.15s ease-in !important;}
</style>
"""


def page_style() -> None:
    st.html(PAGE_STYLE)


def show_reading(sentence: str | None) -> None:
    """A chart's "how to read it" sentence, right above the chart, as text (its pattern and risk
    names come from the assumption files: escaped, never markup)."""
    if sentence:
        st.markdown(f"**How to read it:** {markdown_literal(sentence)}")
