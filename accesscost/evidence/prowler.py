"""Prowler findings: pass and fail counts of the checks that bear on this decision.

Two of Prowler's outputs are read, with the field names its writers use
(``prowler/lib/outputs/ocsf/ocsf.py`` and ``csv/csv.py``):

- OCSF JSON (``--output-formats json-ocsf``): a list of Detection Findings (``class_uid`` 2004),
  the check id in ``metadata.event_code``, ``status_code`` PASS / FAIL / MANUAL, ``severity_id``
  1-6, ``resources[].uid`` and ``time_dt``;
- CSV (``--output-formats csv``): ``;``-separated, with ``CHECK_ID``, ``STATUS``, ``SEVERITY``,
  ``TIMESTAMP`` among its columns.

Only the checks in ``CHECKS`` are counted; every other finding is skipped unread. Resource ids,
account ids and messages are never kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from accesscost.evidence.common import (
    CsvLayout,
    Provenance,
    check_cell,
    csv_table,
    parse_timestamp,
    refuse,
)

KIND = "Prowler findings"
CHECKS = {
    "iam_rotate_access_key_90_days": "access keys rotated within 90 days",
    "iam_user_accesskey_unused": "access keys used within 45 days",
    "iam_user_two_active_access_key": "users without two active keys",
    "ec2_instance_imdsv2_enabled": "EC2 instances requiring IMDSv2",
    "ecs_task_definitions_no_environment_secrets": "task definitions without secrets in env",
}
STATUSES = ("PASS", "FAIL", "MANUAL")
DETECTION_FINDING = 2004  # OCSF class_uid of a Detection Finding
CSV_COLUMNS = ("CHECK_ID", "STATUS", "TIMESTAMP")
LAYOUT = CsvLayout(";", CSV_COLUMNS, True, "Prowler's CSV", "no findings under the header")
CSV_READ = ("CHECK_ID", "STATUS", "SEVERITY", "TIMESTAMP", "MUTED")


def looks_like_ocsf(document: object) -> bool:
    first = document[0] if isinstance(document, list) and document else document
    return isinstance(first, dict) and ("status_code" in first or "class_uid" in first)


def looks_like_csv(header: str) -> bool:
    return "CHECK_ID" in header and ";" in header


@dataclass(frozen=True)
class CheckCounts:
    """Passed and failed findings per check."""

    provenance: Provenance
    passed: dict[str, int]
    failed: dict[str, int]

    def fail_share(self, check: str) -> tuple[int, int]:
        """(failed, findings) of one check."""
        return self.failed[check], self.failed[check] + self.passed[check]

    def summary(self) -> str:
        seen = [c for c in CHECKS if self.passed[c] + self.failed[c]]
        parts = [f"{c} {self.failed[c]} of {self.passed[c] + self.failed[c]} failed" for c in seen]
        return "Prowler: " + ("; ".join(parts) if parts else "none of the five checks found")

    def rows(self) -> list[tuple[str, int]]:
        rows = []
        for check in CHECKS:
            rows.append((f"{check}: passed", self.passed[check]))
            rows.append((f"{check}: failed", self.failed[check]))
        return rows


def _tally(found: list[tuple[str, str]], dates: list, rows: int) -> CheckCounts:
    passed, failed = dict.fromkeys(CHECKS, 0), dict.fromkeys(CHECKS, 0)
    for check, status in found:
        if status == "PASS":
            passed[check] += 1
        elif status == "FAIL":
            failed[check] += 1
    as_of = max((d for d in dates if d is not None), default=None)
    return CheckCounts(Provenance(KIND, as_of, rows), passed, failed)


def _status(value: object, file: str, field: str) -> str:
    if not isinstance(value, str) or value.upper() not in STATUSES:
        raise refuse(file, field, f"must be one of {', '.join(STATUSES)}")
    return value.upper()


def _ocsf_finding(finding: object, file: str, where: str):
    if not isinstance(finding, dict):
        raise refuse(file, where, "not an OCSF finding (an object)")
    if finding.get("class_uid", DETECTION_FINDING) != DETECTION_FINDING:
        raise refuse(file, f"{where}.class_uid", "not a Detection Finding (class_uid 2004)")
    metadata = finding.get("metadata")
    check = metadata.get("event_code") if isinstance(metadata, dict) else None
    if not isinstance(check, str):
        raise refuse(file, f"{where}.metadata.event_code", "missing: the Prowler check id")
    status = _status(finding.get("status_code"), file, f"{where}.status_code")
    stamp = finding.get("time_dt")
    if stamp is not None and not isinstance(stamp, str):
        raise refuse(file, f"{where}.time_dt", "must be an ISO 8601 date-time")
    when = parse_timestamp(stamp, file, f"{where}.time_dt", True).date() if stamp else None
    return check, status, when


def read_prowler_ocsf(document: object, file: str) -> CheckCounts:
    findings = document if isinstance(document, list) else [document]
    if not findings:
        raise refuse(file, "", "empty list: no findings")
    found, dates = [], []
    for index, finding in enumerate(findings):
        where = str(index) if isinstance(document, list) else "(top level)"
        check, status, when = _ocsf_finding(finding, file, where)
        dates.append(when)
        if check in CHECKS:
            found.append((check, status))
    return _tally(found, dates, len(findings))


def read_prowler_csv(text: str, file: str) -> CheckCounts:
    header, rows = csv_table(text, file, LAYOUT)
    found, dates = [], []
    for number, row in rows:
        record = _csv_record(header, row, file, number)
        status = _status(record["STATUS"], file, f"row {number}.STATUS")
        stamp = record["TIMESTAMP"].strip()
        field = f"row {number}.TIMESTAMP"
        dates.append(parse_timestamp(stamp.replace(" ", "T", 1), file, field, True).date())
        if record["CHECK_ID"] in CHECKS:
            found.append((record["CHECK_ID"], status))
    return _tally(found, dates, len(rows))


def _csv_record(header: list[str], row: list[str], file: str, number: int) -> dict[str, str]:
    if len(row) != len(header):
        raise refuse(file, f"row {number}", f"has {len(row)} cells, the header has {len(header)}")
    record = dict(zip(header, row, strict=True))
    for column in CSV_READ:
        if column in record:
            check_cell(file, number, column, record[column])
    return record
