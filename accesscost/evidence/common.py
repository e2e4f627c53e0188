"""What every importer shares: reading a file's bytes safely, and the record of where counts came
from.

An imported file is read in memory only, refused by its size before it is parsed, and never
stored. Nothing read from it (a user name, an ARN, an account id, a key id) is kept: the
importers return counts and a ``Provenance`` (what kind of file, as of which date, how many rows).
Problems name the file, the row or field, and the reason, never the offending value, so an
identifier cannot leak through an error message either.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.inputs.safe_yaml import decode_text

MAX_EVIDENCE_BYTES = 20 * 2**20  # a credential report of 40,000 users is about 20 MiB
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: what a sheet evaluates
MAX_JSON_DEPTH = 40


@dataclass(frozen=True)
class Provenance:
    """Where a set of counts came from: the kind of file, the date it describes, its rows."""

    kind: str
    as_of: date | None
    rows: int

    def __str__(self) -> str:
        when = self.as_of.isoformat() if self.as_of else "undated"
        return f"{self.kind}, {when}, {self.rows:,} {'row' if self.rows == 1 else 'rows'}"


def refuse(file: str, field: str, reason: str) -> AssumptionErrors:
    return AssumptionErrors([Problem(file, field, reason)])


def check_size(size: int, file: str) -> None:
    """Refuse a file over ``MAX_EVIDENCE_BYTES`` by its size, before it is read or parsed."""
    if size > MAX_EVIDENCE_BYTES:
        limit = MAX_EVIDENCE_BYTES // 2**20
        raise refuse(file, "", f"file is {size / 2**20:.1f} MiB, more than {limit} MiB; not read")


def evidence_text(data: bytes, file: str) -> str:
    """The file's bytes as text: at most ``MAX_EVIDENCE_BYTES``, UTF-8 (a BOM is dropped), not
    binary and not empty."""
    check_size(len(data), file)
    text = decode_text(data, file, MAX_EVIDENCE_BYTES).removeprefix("\ufeff")
    if "\x00" in text:
        raise refuse(file, "", "binary data (a NUL byte), not a text export")
    if not text.strip():
        raise refuse(file, "", "the file is empty")
    return text


@dataclass(frozen=True)
class CsvLayout:
    """What a CSV export must look like: its separator, its columns, what it is called."""

    delimiter: str
    required: tuple[str, ...]
    upper: bool  # column names compared in upper case (Prowler) or lower case (AWS)
    kind: str
    empty: str  # the reason given when no row is under the header


def csv_table(text: str, file: str, layout: CsvLayout) -> tuple[list[str], list[tuple[int, list]]]:
    """The header and the non-blank rows, each with its row number as a spreadsheet shows it
    (the header is row 1); refused if a column is missing or no row is left."""
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=layout.delimiter))
    except csv.Error as error:
        raise refuse(file, "", f"not a readable CSV: {error}") from None
    header = [(n.strip().upper() if layout.upper else n.strip().lower()) for n in table[0]]
    missing = [name for name in layout.required if name not in header]
    if missing:
        raise refuse(file, "row 1", f"missing column {missing[0]} ({layout.kind} has it)")
    rows = [
        (number, row)
        for number, row in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    if not rows:
        raise refuse(file, "", layout.empty)
    return header, rows


def check_cell(file: str, row: int, column: str, cell: str) -> None:
    """Refuse a cell a spreadsheet would run as a formula (the value is not echoed)."""
    if cell.startswith(FORMULA_STARTS):
        reason = f"formula-like cell (starts with {cell[0]!r}); the file is refused"
        raise refuse(file, f"row {row}.{column}", reason)


EPOCH_DIGITS = 12  # seconds since 1970 in at most 12 digits (to the year 33658): more is no time


def parse_timestamp(cell: str, file: str, field: str, naive_is_utc: bool = False) -> datetime:
    """An ISO 8601 date-time as AWS writes it (``2026-11-30T08:15:00+00:00``), or seconds since
    1970; without a time zone it is refused unless ``naive_is_utc``."""
    text = cell.strip()
    try:
        if text.isdigit() and len(text) <= EPOCH_DIGITS:
            return datetime.fromtimestamp(int(text), UTC)
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        reason = "not an ISO 8601 date-time (like 2026-11-30T08:15:00+00:00)"
        raise refuse(file, field, reason) from None
    if stamp.tzinfo is None:
        if not naive_is_utc:
            raise refuse(file, field, "date-time without a time zone (like +00:00)")
        stamp = stamp.replace(tzinfo=UTC)
    return stamp


def load_json(text: str, file: str) -> object:
    """JSON with a bound on nesting (the standard parser recurses, and would overflow)."""
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    opens = (raw == ord("[")) | (raw == ord("{"))
    closes = (raw == ord("]")) | (raw == ord("}"))
    depth = np.cumsum(opens.astype(np.int64) - closes)  # brackets in strings count: a bound
    if depth.size and depth.max() > MAX_JSON_DEPTH:
        raise refuse(file, "", f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(file, f"line {error.lineno}", f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise refuse(file, "", "JSON nested too deeply") from None
