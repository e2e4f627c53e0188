"""The decision matrix as an HTML table: each cell coloured by its band, with figure and note.

A pure function (rows in, HTML out) so the page, the tests and the exports share it. Every text
that came from a YAML file is escaped. The table sets its own ground and text colours, so it reads
the same under Streamlit's light or dark theme (the page's text colour on the pattern column's
light grey was 1.05:1 under a dark theme).
"""

from __future__ import annotations

from html import escape

from accesscost.figures.palette import BAND_COLOURS, pattern_colours
from accesscost.model.matrix import COLUMNS, MatrixRow

STYLE = """
<style>
.matrix {border-collapse: separate; border-spacing: 4px; width: 100%; font-size: 0.92rem;
         background: #FFFFFF; color: #1F2933;}
.matrix th {text-align: left; padding: 6px 8px; color: #3E4C59; font-weight: 600;}
.matrix td {padding: 8px 10px; border-radius: 6px; vertical-align: top;}
.matrix td.pattern {background: #F3F5F7; color: #1F2933; border-left: 6px solid var(--pattern);
                   min-width: 12rem;}
.matrix .figure {font-weight: 700; font-size: 1.02rem;}
.matrix .band {font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.04em;}
.matrix .note {font-size: 0.8rem; opacity: 0.85; margin-top: 2px;}
.matrix .range {font-size: 0.78rem; font-variant-numeric: tabular-nums;}
.matrix .odds {font-size: 0.85rem; margin-top: 2px;}
.matrix .flag {color: #8E1B1B; font-size: 0.82rem; margin-top: 4px;}
.matrix tr.fails td {background: #EEF0F2 !important; color: #3E4C59 !important;}
.matrix tr.fails td.pattern {border-left-style: dashed;}
.matrix .best {background: #0072B2; color: #fff; border-radius: 4px; padding: 1px 6px;
               font-size: 0.75rem; margin-left: 6px;}
</style>
"""


def _pattern_cell(row: MatrixRow, colour: str, uncertainty: dict | None) -> str:
    pattern = row.pattern
    best = '<span class="best">recommended</span>' if row.recommended else ""
    flag = f'<div class="flag">✗ {escape(row.flag)}</div>' if row.flag else ""
    odds = ""
    if uncertainty and uncertainty.get("p_cheapest") is not None:
        odds = f'<div class="odds">P(cheapest) {uncertainty["p_cheapest"]:.0%}</div>'
    return (
        f'<td class="pattern" style="--pattern: {colour}"><div class="figure">'
        f"{escape(pattern.label)}{best}</div>{odds}{flag}</td>"
    )


# A column whose figure is a strength ("Strong") says its band is a risk band: "Strong / LOW" read
# as a contradiction.
RISK_WORDED = {"security_posture"}


def band_words(key: str, band: str) -> str:
    return f"{band} risk" if key in RISK_WORDED else band


def _band_cell(row: MatrixRow, key: str, uncertainty: dict | None) -> str:
    cell = row.cells[key]
    background, text = BAND_COLOURS[cell.band]
    note = f'<div class="note">{escape(cell.note)}</div>' if cell.note else ""
    spread = (uncertainty or {}).get("ranges", {}).get(key)
    spread_html = ""
    if str(spread or ""):
        tooltip = escape(spread.precision, quote=True)
        spread_html = f'<div class="range" title="{tooltip}">{escape(str(spread))}</div>'

    return (
        f'<td style="background: {background}; color: {text}" data-band="{cell.band}">'
        f'<div class="figure">{escape(cell.figure)}</div>{spread_html}'
        f'<div class="band">{band_words(key, cell.band)}</div>{note}</td>'
    )


def _muted(row: MatrixRow) -> str:
    """A pattern that does not meet the requirement is shown grey, whatever its bands: a green
    cell would read as a recommendation."""
    return ' class="fails"' if row.flag else ""


def matrix_html(
    rows: list[MatrixRow], all_pattern_ids: list[str], uncertainty: dict | None = None
) -> str:
    """The whole matrix as one self-contained HTML fragment.

    ``uncertainty`` (``accesscost.model.matrix.matrix_uncertainty``) adds P(cheapest) to each
    pattern and
    the P10-P90 band of the money behind each cell.
    """
    colours = pattern_colours(all_pattern_ids)
    head = "".join(f"<th>{escape(column.label)}</th>" for column in COLUMNS)
    body = "".join(
        f'<tr data-pattern="{escape(row.pattern.id)}"{_muted(row)}>'
        + _pattern_cell(row, colours[row.pattern.id], (uncertainty or {}).get(row.pattern.id))
        + "".join(
            _band_cell(row, key, (uncertainty or {}).get(row.pattern.id)) for key in COLUMNS.names()
        )
        + "</tr>"
        for row in rows
    )
    return f'{STYLE}<table class="matrix"><tr><th>Access pattern</th>{head}</tr>{body}</table>'
