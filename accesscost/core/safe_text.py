"""Text from files and uploads, made safe for where it is shown or written.

Every string that comes from an assumption file, a scenario or an upload (a pattern name, a note,
an item name, a file name) goes through one of these on its way out, so that it is shown as the
text it is and never runs as a formula, markup or a terminal command:

- ``safe_cell``: a CSV cell (OWASP, "CSV Injection"): text starting with ``= + - @``, a tab or a
  carriage return gets a leading ``'`` so a spreadsheet reads it as text, not as a formula.
  Workbooks are written with XlsxWriter's ``strings_to_formulas`` off (``XLSX_OPTIONS``) instead,
  so their text stays exactly as written.
- ``markdown_literal``: text for a Streamlit element that renders Markdown (labels, captions,
  metrics, messages): every ASCII punctuation character is backslash-escaped (CommonMark allows
  that for all of them), so no link, image, emphasis, HTML, LaTeX (``$``) or autolink survives.
- ``plotly_text``: text for a plotly label, name, hover text or annotation: ``&``, ``<`` and ``>``
  become entities, so plotly's rich text (``<a href>``, ``<b>``, ``<br>``) shows as text, on the
  page and in exported SVGs; ``plain_from_plotly`` turns it back for the deck.
- ``terminal_text``: text printed to a terminal: control characters (an ``ESC`` sequence that
  retitles the window or clears the screen) are shown as ``\\x1b`` escapes instead.
- ``short_text``: a key or value echoed in an error message, cut to a few dozen characters.

The library (every layer of ``accesscost``) and the page and CLI all import these from here.
"""

from __future__ import annotations

import html
import re
import string

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# XlsxWriter options for every workbook we write: strings stay strings, never formulas or links.
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# C0 controls but tab and newline, DEL, and the C1 controls (0x80-0x9f, 0x9b is a CSI on its own)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SHORT = 40
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r":(?=//)|@|(?i:www)(?=\.)")


def safe_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula: text starting with ``= + - @``, a tab or a
    carriage return gets a leading apostrophe (OWASP's advice); numbers and other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict) -> dict:
    """``safe_cell`` on every value (and key) of one CSV record."""
    return {safe_cell(key): safe_cell(value) for key, value in row.items()}


def markdown_literal(text: object) -> str:
    """Text that Streamlit's Markdown shows exactly as written (no link, image, HTML or LaTeX).

    GitHub-flavoured Markdown also links bare ``http://``, ``www.`` and e-mail addresses after
    the escapes are read, so an invisible word joiner (U+2060) goes after the ``:`` of ``://``,
    after ``www`` and before ``@``: the text reads the same and links nowhere."""
    flat = " ".join(str(text).split())  # a newline would start a list or a heading
    unlinked = _AUTOLINK.sub(
        lambda m: m.group() + WORD_JOINER if m.group() != "@" else WORD_JOINER + "@", flat
    )
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def plotly_text(text: object) -> str:
    """Text for a plotly label or name: its rich-text tags shown, not applied."""
    return html.escape(str(text), quote=False)


def plain_from_plotly(text: str | None) -> str:
    """Plotly rich text as plain text: tags dropped, ``<br>`` a space, entities decoded."""
    spaced = re.sub(r"<br\s*/?>", " ", text or "")
    return html.unescape(re.sub(r"<[^>]+>", "", spaced)).strip()


def terminal_text(text: str) -> str:
    """Text safe to print to a terminal: every control character but tab and newline escaped."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def short_text(text: object, limit: int = SHORT) -> str:
    """A key or value to echo in an error message: at most ``limit`` characters, control
    characters escaped, cut with an ellipsis."""
    flat = terminal_text(" ".join(str(text).split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def control_character(text: str) -> str | None:
    """The first control character of ``text`` (tab and newline allowed), as ``#x001b``."""
    found = CONTROL.search(text)
    return f"#x{ord(found.group()):04x}" if found else None
