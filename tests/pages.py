"""The page under AppTest, opened with session state set before its first run."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def shown_text(markdown: str) -> str:
    """What a viewer reads of Markdown whose punctuation is backslash-escaped
    (``accesscost.core.safe_text.markdown_literal``): the escapes and the invisible word joiners
    dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def open_page_with(timeout: float = 60, **state) -> AppTest:
    """``dashboard.py`` run once with ``state`` set first: the open tab (``section=...``) or the
    what-if editor (``whatif_open=True``), which the page draws only while open."""
    at = AppTest.from_file(PAGE, default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def chart_numbers(values) -> np.ndarray:
    """A plotly chart's numeric array as the page sent it: a list, or binary (dtype and bdata)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), values["dtype"])
    return np.asarray(values, dtype=float)
