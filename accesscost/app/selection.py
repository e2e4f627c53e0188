"""What the page's matrices have selected, kept in session state and in the share link.

The selectable grids are ``st.dataframe`` elements with Streamlit's own selection
(``on_select="rerun"``). The page keeps its own record of what is selected (``cell``: pattern and
decision-matrix column; ``grid``: pattern and service count; ``risk``: pattern and the n-th of its
risks) and writes each grid's selection state from it before drawing the grid, so a selection
survives reruns even when the rows move (the recommended pattern leads the matrix). A click, or a
test setting a grid's state, shows as a grid state that differs from what the page last wrote.
"""

from __future__ import annotations

import streamlit as st

from accesscost.inputs.share_link import SELECTION_PARAMETERS, selection_from_query, selection_query
from accesscost.model.count_matrix import FIGURES
from accesscost.model.engine import MAX_SERVICES
from accesscost.model.matrix import COLUMNS

DECISION_GRID, COUNT_GRID, RISK_TABLE, RISK_CHART = (
    "decision_grid",
    "count_grid",
    "risk_table",
    "risk_chart",
)
RISK_VIEWS = ("inherent", "residual")


def _normal(value) -> dict:
    """A grid's selection as plain lists: ``{"rows", "columns", "cells"}``."""
    try:
        selection = value["selection"] if value else {}
    except (KeyError, TypeError):
        selection = {}
    return {
        "rows": [int(row) for row in selection.get("rows", [])],
        "columns": [str(column) for column in selection.get("columns", [])],
        "cells": [[int(cell[0]), str(cell[1])] for cell in selection.get("cells", [])],
    }


def picked(key: str) -> dict | None:
    """What was selected in grid ``key`` since the page last wrote it (a click, or a test
    setting its state), or None when nothing changed."""
    state = st.session_state
    if key not in state:
        return None
    now = _normal(state[key])
    return None if now == state.get(f"{key}_written") else now


def write_grid(key: str, selection: dict) -> None:
    """Set grid ``key``'s selection before it is drawn; remember it to tell clicks apart."""
    full = {"rows": [], "columns": [], "cells": []} | selection
    st.session_state[key] = {"selection": full}
    st.session_state[f"{key}_written"] = _normal({"selection": full})


def count_of(label: str) -> int | None:
    """The service count a count-matrix column title names ("1,000", "77 ▶")."""
    digits = label.split(" ")[0].replace(",", "")
    return int(digits) if digits.isdigit() and 1 <= int(digits) <= MAX_SERVICES else None


def take_decision_click() -> None:
    """A cell picked in the decision matrix becomes ``cell`` (pattern, column key)."""
    new = picked(DECISION_GRID)
    if new is None:
        return
    state, keys = st.session_state, {entry.label: entry.key for entry in COLUMNS}
    order = state.get("decision_order", [])
    state.cell = None
    for row, label in new["cells"][:1]:
        if 0 <= row < len(order) and label in keys:
            state.cell = (order[row], keys[label])


def take_count_click(set_services) -> None:
    """In the pattern x count matrix, a picked column sets the service count (through
    ``set_services``, before the count's widgets are drawn); a picked cell becomes ``grid``."""
    new = picked(COUNT_GRID)
    if new is None:
        return
    state = st.session_state
    order = state.get("count_order", [])
    for label in new["columns"][:1]:
        count = count_of(label)
        if count is not None:
            set_services(count)
    state.grid = None
    for row, label in new["cells"][:1]:
        count = count_of(label)
        if 0 <= row < len(order) and count is not None:
            state.grid = (order[row], count)


def restore_selection(pattern_risks: dict[str, int]) -> None:
    """Once per session: the selection a shared link carries (``pattern_risks``: each pattern's
    number of risks)."""
    state = st.session_state
    if state.get("selection_read"):
        return
    state.selection_read = True
    chosen = selection_from_query(
        st.query_params,
        list(pattern_risks),
        COLUMNS.names(),
        range(1, MAX_SERVICES + 1),
        pattern_risks,
        list(FIGURES),
        RISK_VIEWS,
    )
    for name in ("cell", "grid", "risk"):
        state[name] = chosen.get(name)
    if "figure" in chosen:
        state.count_figure = chosen["figure"]
    if "riskview" in chosen:
        state.risk_view = chosen["riskview"]


def keep_in_link() -> None:
    """Write the selection into the query string (the sidebar writes the settings)."""
    state = st.session_state
    selection = {
        "cell": state.get("cell"),
        "grid": state.get("grid"),
        "risk": state.get("risk"),
        "figure": state.get("count_figure") if state.get("count_figure") != "annual_usd" else None,
        "riskview": state.get("risk_view") if state.get("risk_view") == "residual" else None,
    }
    query = selection_query(selection)
    for name in SELECTION_PARAMETERS:
        if name in query:
            st.query_params[name] = query[name]
        else:
            st.query_params.pop(name, None)
