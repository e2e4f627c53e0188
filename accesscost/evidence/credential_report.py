"""The IAM credential report: how many long-lived access keys are active, and how old they are.

The report is the CSV of ``aws iam get-credential-report`` (its ``Content``, base64-decoded), one
row per IAM user (the root account's row included), with the columns AWS documents:
``access_key_<n>_active`` (``true``/``false``), ``access_key_<n>_last_rotated`` (ISO 8601, or
``N/A`` without a key), ``access_key_<n>_last_used_date`` (``N/A`` if never used) and
``access_key_<n>_last_used_service`` (a service namespace such as ``s3``), for keys 1 and 2.

Rules, as CIS AWS Foundations and Prowler apply them: a key is overdue when more than 90 days have
passed since it was created or rotated (``iam_rotate_access_key_90_days``); unused when it has not
signed a request for 45 days or more (never used: 45 days since it was created;
``iam_user_accesskey_unused``). Ages are counted to ``as_of``: the date given, else the latest date
in the report (a report is at most four hours old when AWS serves it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from accesscost.evidence.common import (
    CsvLayout,
    Provenance,
    check_cell,
    csv_table,
    evidence_text,
    parse_timestamp,
    refuse,
)

KIND = "credential report"
ROTATION_DAYS = 90  # CIS AWS Foundations: keys rotated every 90 days or less
UNUSED_DAYS = 45  # CIS AWS Foundations: credentials unused for 45 days or more are disabled
KEY_FIELDS = ("active", "last_rotated", "last_used_date", "last_used_service")
KEY_COLUMNS = tuple(f"access_key_{slot}_{field}" for slot in (1, 2) for field in KEY_FIELDS)
REQUIRED = ("user", "arn", *KEY_COLUMNS)
LAYOUT = CsvLayout(",", REQUIRED, False, "a credential report", "empty report: no user rows")
KEYS_PER_USER = 2  # IAM allows at most two access keys a user
NO_DATE = {"n/a", "no_information", "not_supported", ""}


def looks_like(header: str) -> bool:
    columns = [name.strip().lower() for name in header.split(",")[:2]]
    return columns == ["user", "arn"] or "access_key_1_active" in header


@dataclass(frozen=True)
class Key:
    """One active access key: its age and when it last signed a request (no identifier)."""

    age_days: int
    idle_days: int
    used_with_s3: bool


@dataclass(frozen=True)
class KeyCounts:
    """What a credential report says about long-lived keys, as counts."""

    provenance: Provenance
    users: int
    keys: tuple[Key, ...]
    users_with_two_active_keys: int

    @property
    def active_keys(self) -> int:
        return len(self.keys)

    @property
    def overdue_keys(self) -> int:
        return sum(key.age_days > ROTATION_DAYS for key in self.keys)

    @property
    def unused_keys(self) -> int:
        return sum(key.idle_days >= UNUSED_DAYS for key in self.keys)

    @property
    def s3_keys(self) -> int:
        return sum(key.used_with_s3 for key in self.keys)

    def summary(self) -> str:
        return (
            f"{self.active_keys} active keys, {self.overdue_keys} older than {ROTATION_DAYS} "
            f"days, {self.unused_keys} unused {UNUSED_DAYS}+ days"
        )

    def rows(self) -> list[tuple[str, int]]:
        return [
            ("IAM users (report rows)", self.users),
            ("active long-lived access keys", self.active_keys),
            (f"keys older than {ROTATION_DAYS} days (CIS rotation)", self.overdue_keys),
            (f"keys unused for {UNUSED_DAYS}+ days", self.unused_keys),
            ("users with two active keys", self.users_with_two_active_keys),
            ("keys last used with S3", self.s3_keys),
        ]


def _records(header: list[str], rows: list, file: str) -> list[tuple[int, dict[str, str]]]:
    records = []
    for number, row in rows:
        if len(row) != len(header):
            reason = f"has {len(row)} cells, the header has {len(header)}"
            raise refuse(file, f"row {number}", reason)
        for column, cell in zip(header, row, strict=True):
            check_cell(file, number, column, cell)
        records.append((number, dict(zip(header, row, strict=True))))
    return records


def _flag(record: dict, column: str, file: str, number: int) -> bool:
    cell = record[column].strip().lower()
    if cell not in ("true", "false"):
        raise refuse(file, f"row {number}.{column}", "must be true or false")
    return cell == "true"


def _date(record: dict, column: str, file: str, number: int) -> datetime | None:
    cell = record.get(column, "").strip()
    if cell.lower() in NO_DATE:
        return None
    try:  # the common case first: an ISO 8601 date-time with its offset, as AWS writes it
        stamp = datetime.fromisoformat(cell)
    except ValueError:
        stamp = None
    if stamp is not None and stamp.tzinfo is not None:
        return stamp
    return parse_timestamp(cell, file, f"row {number}.{column}")  # its reason, or the Z form


def _dated(records: list[tuple[int, dict]], file: str) -> list[dict[str, datetime | None]]:
    columns = [c for c in ("user_creation_time", *_key_dates()) if c in records[0][1]]
    return [
        {column: _date(record, column, file, number) for column in columns}
        for number, record in records
    ]


def _key_dates() -> tuple[str, ...]:
    return tuple(f"access_key_{slot}_{field}" for slot in (1, 2) for field in KEY_FIELDS[1:3])


def _latest(dates: list[dict]) -> date | None:
    stamps = [stamp for row in dates for stamp in row.values() if stamp is not None]
    return max(stamps).date() if stamps else None  # no date at all: no key to age either


def _keys(record: dict, dates: dict, file: str, number: int, as_of: date | None) -> list[Key]:
    keys = []
    for slot in (1, 2):
        prefix = f"access_key_{slot}_"
        if not _flag(record, prefix + "active", file, number):
            continue
        rotated = dates[prefix + "last_rotated"]
        if rotated is None:
            reason = "an active key needs the date it was created or rotated"
            raise refuse(file, f"row {number}.{prefix}last_rotated", reason)
        if as_of is None:  # not reached: a dated key makes the report's latest date a date
            raise refuse(file, f"row {number}.{prefix}last_rotated", "no date to age keys from")
        used = dates[prefix + "last_used_date"] or rotated
        service = record[prefix + "last_used_service"].strip().lower()
        keys.append(Key(_days(rotated, as_of), _days(used, as_of), service == "s3"))
    return keys


def _days(stamp: datetime, as_of: date) -> int:
    return max(0, (as_of - stamp.date()).days)


def read_credential_report(data: bytes, file: str, as_of: date | None = None) -> KeyCounts:
    """Counts of a credential report's active keys (see the module docstring for the rules)."""
    header, rows = csv_table(evidence_text(data, file), file, LAYOUT)
    records = _records(header, rows, file)
    dates = _dated(records, file)
    as_of = as_of or _latest(dates)
    keys: list[Key] = []
    two = 0
    for (number, record), dated in zip(records, dates, strict=True):
        found = _keys(record, dated, file, number, as_of)
        keys.extend(found)
        two += len(found) == KEYS_PER_USER
    return KeyCounts(Provenance(KIND, as_of, len(records)), len(records), tuple(keys), two)
