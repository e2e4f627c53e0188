"""GitHub-flavoured Markdown from plain text: escaping, tables and lists.

Text that comes from files (names, notes, sources, scenario descriptions, people typed into the
page) is escaped before it is put into Markdown, so it shows as the text it is: it cannot close a
table cell (``|``), start a code span, a link or an image (`` ` ``, ``[``, ``]``), raw HTML
(``<``, ``>``), emphasis (``*``, ``_``, ``~``), GitHub's inline maths (``$``) or an entity
(``&``), and a line break cannot end the cell or start a heading. Our own markup (bold, code spans
of validated check ids, links to the record's assets) is added around escaped text, never inside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that
# can start markup in a line of running text or a table cell.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$!#])")
_SPACE = re.compile(r"\s+")


def escape(text: object) -> str:
    """``text`` as inline Markdown that renders as exactly that text, on one line."""
    flat = _SPACE.sub(" ", str(text)).strip()
    return _SPECIAL.sub(r"\\\1", flat.replace("&", "&amp;"))


def code(text: str) -> str:
    """A code span; ``text`` must hold no backtick (ids validated by the schema)."""
    if "`" in text or "\n" in text:
        raise ValueError(f"a code span cannot hold {text!r}")
    return f"`{text}`"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A GFM table of cells that are already Markdown (escape text first). ``align`` holds one
    letter per column, ``l`` or ``r`` (default: left)."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = [_row(header), _row(marks)]
    lines += [_row(row) for row in rows]
    return "\n".join(lines) + "\n"


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def bullets(items: Sequence[str]) -> str:
    """A bulleted list of items that are already Markdown."""
    return "".join(f"* {item}\n" for item in items)
