"""The page's decision matrix and pattern x service-count matrix, each selectable, with the
selected cell's story opened in place under it (the risk matrix is ``accesscost.app.risk_matrix``).

Every number comes from ``accesscost.model`` (``stories``, ``count_matrix``) and every figure or
styled table from ``accesscost.figures.matrices``; this module lays them out.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from accesscost.app.selection import COUNT_GRID, DECISION_GRID, write_grid
from accesscost.app.view import PageView
from accesscost.core.safe_text import markdown_literal as md
from accesscost.core.words import Noun, services_markdown, services_text
from accesscost.export import images
from accesscost.figures.matrices import (
    band_help,
    count_columns,
    count_table,
    decision_table,
    story_histogram,
)
from accesscost.model.count_matrix import FIGURES, CountMatrix
from accesscost.model.engine import Estimate
from accesscost.model.matrix import COLUMNS, MatrixRow, usd
from accesscost.model.stories import (
    CellStory,
    Distribution,
    band_edges,
    cell_story,
    item_record,
)

PICK_HINT = "Click a cell, or move to it with the arrow keys, to open its story here."
# P(cheapest)'s width, fixed so the grids read the same at any width; the pattern column fits
# the decision's longest name (with its ★ or ✗): about 6.3 px a character of the grid's 14 px
# font, plus the cell's padding, up to the widest a 1280 px screen can spare beside the figures
ODDS_COLUMN_PX = 100
CHARACTER_PX, CELL_PADDING_PX, PATTERN_COLUMN_MAX_PX = 6.3, 28, 420


# The decision matrix at 1280x720 with the sidebar open: the grid is 820 px wide, and its cells
# on one line needed about 1,450 px (five criteria, each figure with its band). Streamlit wraps
# a grid's text once its rows are taller than 4rem, so the decision grid's rows hold three
# lines, and each column is as wide as its title or its longest cell set on three lines (the
# criteria titled short, each full name first in its tooltip): the five criteria side by side.
DECISION_ROW_PX, WRAPPED_LINES, WRAP_SLACK = 80, 3, 3


def text_px(characters: int) -> int:
    """A grid column's width for ``characters`` on one line, with the cell's padding."""
    return round(CELL_PADDING_PX + CHARACTER_PX * characters)


def wrapped_px(texts, lines: int = WRAPPED_LINES) -> int:
    """A column's width for its longest text on ``lines`` lines (a few characters of slack for
    where the words break), never narrower than its longest word."""
    texts = list(texts)
    longest = max((len(text) for text in texts), default=0)
    word = max((len(w) for text in texts for w in text.split()), default=0)
    return text_px(max(word, -(-longest // lines) + WRAP_SLACK))


def pattern_column_px(names) -> int:
    """The pattern column's width: the longest of ``names`` in full (at most the maximum)."""
    longest = max((len(name) for name in names), default=0) + len("★ ")
    return min(PATTERN_COLUMN_MAX_PX, text_px(longest))


# --- a cell's story ----------------------------------------------------------------------------


def _items_table(items) -> pd.DataFrame:
    return pd.DataFrame([item_record(i) for i in items])


def _band_line(story: CellStory) -> str:
    value = story.bands.value
    shown = f"{value:,.2f}" if isinstance(value, float) else str(value)
    return (
        f"Judged on {story.bands.measure}: {shown}, band {story.band}. Edges: "
        f"{band_help(story.bands.edges)}."
    )


def show_story(
    story: CellStory, key: str, services_note: str = "", noun: Noun | None = None
) -> None:
    """The story of one cell: figure and band, band edges, line items with sources, the
    simulated spread and, for compliance, its threats and controls. All YAML text as text;
    ``noun``: the decision's counted unit (services by default)."""
    with st.container(border=True, key=f"story_{key}"):
        st.markdown(_story_title(story, services_note, noun))
        if story.flag:
            st.warning(md(story.flag))
        st.caption(md(_band_line(story)))
        if story.note:
            st.caption(f"Note: {md(story.note)}")
        if story.distribution is not None:
            st.caption(_spread_line(story.distribution))
        _show_items(story)
        if story.controls:
            st.markdown("**Controls:**")
            st.dataframe(_controls_table(story.controls), hide_index=True, width="stretch")
        if story.distribution is not None:
            figure = story_histogram(story.distribution, "Spread of the money behind this cell")
            config = images.toolbar_config(f"story-{key}-{story.services}-services")
            st.plotly_chart(figure, config=config, theme=None, key=f"story_chart_{key}")


def _story_title(story: CellStory, services_note: str, noun: Noun | None) -> str:
    """The story's first line: pattern and column at the count, the figure and its band."""
    return (
        f"**{md(story.pattern_label)} · {md(story.column_label)}** at "
        f"{services_markdown(story.services, noun)}{md(services_note)}: "
        f"**{md(story.figure)}**, "
        f"band **{md(story.band)}**"
    )


def _spread_line(spread: Distribution) -> str:
    return (
        f"Simulated: P10 {usd(spread.p10)}, P50 {usd(spread.p50)}, P90 {usd(spread.p90)} "
        f"(mean {usd(spread.mean)} ± {usd(spread.se)} standard error)."
    )


def _show_items(story: CellStory) -> None:
    """The line items behind the figure, or for the compliance cell its risk events."""
    total = f"{story.total_hours:,.1f} h, {usd(story.total_usd)}"
    if story.threats:  # the compliance cell: its line items are its risk events
        loss = f"{usd(story.total_usd)} a year"
        st.markdown(f"**Threats (risk events) behind it** (expected loss {md(loss)}):")
        st.dataframe(_items_table(story.threats), hide_index=True, width="stretch")
    elif story.items:
        st.markdown(f"**Line items behind it** (total {md(total)}):")
        st.dataframe(_items_table(story.items), hide_index=True, width="stretch")


def _controls_table(controls) -> pd.DataFrame:
    rows = [
        {
            "control": c.control,
            "passes": "passes" if c.passes else "fails",
            "why": c.why,
            "source": c.source,
        }
        for c in controls
    ]
    return pd.DataFrame(rows)


# --- the decision matrix -----------------------------------------------------------------------


def _column_help(result: Estimate, bands, pattern_id: str, table: pd.DataFrame) -> dict:
    """Each column's width (``wrapped_px``), and each band column's short title and tooltip:
    its full name, what it measures and its edges (hovering a band's column)."""
    config = {
        "_index": st.column_config.TextColumn(width=wrapped_px(table.index)),
        "P(cheapest)": st.column_config.TextColumn(
            help="Share of simulated worlds in which the pattern has the lowest TCO",
            width=ODDS_COLUMN_PX,
        ),
    }
    for entry in COLUMNS:
        key, label, title = entry.key, entry.label, entry.short or entry.label
        edges = band_edges(result, bands, pattern_id, key, "")
        text = f"{label}. Band of {edges.measure}: {band_help(edges.edges)}"
        width = max(text_px(len(title)), wrapped_px(table[label]))
        config[label] = st.column_config.TextColumn(title, help=text, width=width)
    return config


def decision_grid(result: Estimate, rows: list[MatrixRow], uncertainty, sim, org, noun) -> None:
    """The decision matrix as a selectable, sortable grid, the selected cell's story under it
    (``noun``: the decision's counted unit)."""
    state = st.session_state
    order = [row.pattern.id for row in rows]
    state.decision_order = order
    cell = state.get("cell")
    if cell and cell[0] not in order:
        cell = None
    labels = {entry.key: entry.label for entry in COLUMNS}
    write_grid(DECISION_GRID, {"cells": [[order.index(cell[0]), labels[cell[1]]]]} if cell else {})
    table = decision_table(rows, uncertainty)
    st.dataframe(
        table,
        key=DECISION_GRID,
        on_select="rerun",
        selection_mode="single-cell",
        column_config=_column_help(result, org.bands, order[0], table),
        width="stretch",
        height="content",  # "auto" counts rows of the default height: the last ones were hidden
        row_height=DECISION_ROW_PX,
        alt="Decision matrix: one row per access pattern, one column per criterion",
    )
    if cell is None:
        st.caption(PICK_HINT)
        return
    story = cell_story(
        result,
        org.bands,
        cell[0],
        cell[1],
        sim=sim,
        hours_per_day=org.labour.hours_per_day,
    )
    show_story(story, "decision", noun=noun)


# --- the pattern x service-count matrix --------------------------------------------------------


def count_grid(view: PageView, matrix_of, shown: list[str], labels: dict, story_of) -> None:
    """The pattern x service-count matrix: clicking a column sets the count, a cell opens its
    story. ``matrix_of(figure)`` gives the ``CountMatrix``; ``story_of(pid, count, figure)`` the
    cell's ``CellStory``; ``view.noun`` is the decision's counted unit."""
    state = st.session_state
    st.subheader("Where does the recommendation change?")
    figure = st.selectbox(
        "Figure in each cell",
        list(FIGURES),
        key="count_figure",
        format_func=lambda name: FIGURES[name][0],
    )
    matrix: CountMatrix = matrix_of(figure)
    rows = [pid for pid in matrix.pattern_ids if pid in shown]
    state.count_order = rows
    shown_matrix = _rows_of(matrix, rows)
    noun = view.noun
    st.caption(_count_caption(shown_matrix, labels, noun))
    grid = state.get("grid")
    if grid and (grid[0] not in rows or grid[1] not in matrix.counts.tolist()):
        grid = state.grid = None
    columns = count_columns(shown_matrix)
    chosen = {"cells": [[rows.index(grid[0]), columns[matrix.column(grid[1])]]]} if grid else {}
    write_grid(COUNT_GRID, chosen)
    st.dataframe(
        count_table(shown_matrix, labels),
        key=COUNT_GRID,
        on_select="rerun",
        selection_mode=["single-cell", "single-column"],
        column_config={
            "_index": st.column_config.TextColumn(width=pattern_column_px(labels.values()))
        },
        width="stretch",
        alt=f"{matrix.label} of each pattern at each {noun.label} count",
    )
    if grid is None:
        st.caption("Click a column's title to review at that count; click a cell for its story.")
        return
    value = shown_matrix.values[rows.index(grid[0]), matrix.column(grid[1])]
    note = f", where its {matrix.label.lower()} is {_figure_text(value, figure)}"
    show_story(story_of(grid[0], grid[1], figure), "count", note, noun)


def _rows_of(matrix: CountMatrix, rows: list[str]) -> CountMatrix:
    """The matrix with only ``rows`` (the shown patterns), in that order."""
    from dataclasses import replace

    index = [matrix.pattern_ids.index(pid) for pid in rows]
    return replace(
        matrix,
        pattern_ids=tuple(rows),
        values=matrix.values[index],
        bands=matrix.bands[index],
        ruled_out=matrix.ruled_out[index],
        meets_requirement=matrix.meets_requirement[index],
    )


def _figure_text(value: float, figure: str) -> str:
    return f"{value:,.0f} h a year" if figure == "operations_hours_per_year" else usd(value)


def _count_caption(matrix: CountMatrix, labels: dict, noun: Noun) -> str:
    changes = matrix.changes()
    start = matrix.recommended[0]
    said = [f"from {services_text(1, noun)}: {labels.get(start, 'none')}"] + [
        f"from {n:,}: {labels.get(pid, 'none')}" for n, pid in changes
    ]
    stops = [
        f"{labels[p]} is ruled out by a limit from {n:,}"
        for p, n in matrix.stops_at.items()
        if n is not None and p in matrix.pattern_ids
    ]
    return md(
        "★ the recommendation at each count (lowest TCO among the patterns that meet the "
        "requirement); ⊘ ruled out by a published limit; – (no band mark): fails the "
        "requirement or a limit; ▶ the chosen count. Recommended "
        + "; ".join(said)
        + (". " + "; ".join(stops) if stops else "")
        + "."
    )
